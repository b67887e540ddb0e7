//! Measurements for `bench/ledger-append.sh` (through the
//! `ledger-store-load` program): signed appends per second through the
//! store, the same rows inserted raw into the same database as a baseline,
//! and inclusion-proof times in a large tree built by a fast path.

use crate::db::{int, Conn, Connector, PostgresConnector, Value};
use crate::workload::Workload;
use crate::{Store, StoreError};
use diligence_ledger::checkpoint::TreeHead;
use diligence_ledger::log::MemoryLog;
use std::time::{Duration, Instant};
use tlog_tiles::HashReader;

/// Appends every entry of `w` through `store` from `callers` threads, each
/// waiting for its answer; returns the time taken.
pub fn signed_appends(store: &dyn Store, w: &Workload, callers: usize) -> Result<Duration, String> {
    let schedule = w.schedule(callers);
    let start = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = schedule
            .into_iter()
            .map(|entries| {
                s.spawn(move || {
                    for e in entries {
                        store.append(e).map_err(|e| e.to_string())?;
                    }
                    Ok::<(), String>(())
                })
            })
            .collect();
        for h in handles {
            h.join().map_err(|_| "a caller panicked".to_owned())??;
        }
        Ok::<(), String>(())
    })?;
    Ok(start.elapsed())
}

/// Inserts the rows the store would write for `w`'s entries (same columns,
/// bytes and hashes) into a table of their own, `batch` rows per
/// transaction, with no signature, chain or tree work; returns the time
/// taken.
pub fn raw_inserts(
    conn: &mut dyn Conn,
    w: &Workload,
    batch: usize,
) -> Result<Duration, StoreError> {
    let blob = match conn.dialect() {
        crate::db::Dialect::Sqlite => "BLOB",
        crate::db::Dialect::Postgres => "BYTEA",
    };
    let integer = match conn.dialect() {
        crate::db::Dialect::Sqlite => "INTEGER",
        crate::db::Dialect::Postgres => "BIGINT",
    };
    conn.batch(&format!(
        "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (idx {integer} PRIMARY KEY, \
         case_id TEXT NOT NULL, position {integer} NOT NULL, kind TEXT NOT NULL, \
         from_state TEXT NOT NULL, hash {blob} NOT NULL UNIQUE, received TEXT NOT NULL, \
         body {blob} NOT NULL, UNIQUE (case_id, position))"
    ))?;
    let mut rows = Vec::with_capacity(w.len());
    for case in &w.cases {
        for (position, e) in case.iter().enumerate() {
            let r = e.record();
            rows.push(vec![
                Value::Text(r.case.as_str().into()),
                int(position as u64),
                Value::Text(r.kind().as_str().into()),
                Value::Text(r.from_state.as_str().into()),
                Value::Blob(e.hash().0.to_vec()),
                Value::Text("2026-12-03T10:00:00Z".into()),
                Value::Blob(e.canonical_bytes()),
            ]);
        }
    }
    let start = Instant::now();
    for (k, chunk) in rows.chunks(batch.max(1)).enumerate() {
        conn.batch("BEGIN")?;
        for (i, row) in chunk.iter().enumerate() {
            let mut params = vec![int((k * batch + i) as u64)];
            params.extend(row.iter().cloned());
            conn.execute(
                "INSERT INTO bench_raw (idx, case_id, position, kind, from_state, hash, received, body) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &params,
            )?;
        }
        conn.batch("COMMIT")?;
    }
    Ok(start.elapsed())
}

/// The fast path to a large log for proof timings: the tree of `leaves`
/// synthetic leaves is computed in memory and its stored hashes written in
/// bulk, with the head, into a freshly migrated database (no entries, no
/// signatures: enough for proofs, not for a verification).
pub fn build_tree(conn: &mut dyn Conn, leaves: u64) -> Result<TreeHead, StoreError> {
    let mut log = MemoryLog::new();
    for i in 0..leaves {
        log.append(&i.to_be_bytes());
    }
    let count = tlog_tiles::stored_hash_count(leaves);
    let root = log
        .root(leaves)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    conn.begin_write()?;
    let per = 500u64;
    let mut first = 0u64;
    while first < count {
        let n = per.min(count - first);
        let indexes: Vec<u64> = (first..first + n).collect();
        let hashes = log
            .read_hashes(&indexes)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let values: Vec<String> = (0..n)
            .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
            .collect();
        let mut params = Vec::with_capacity(2 * n as usize);
        for (i, h) in indexes.iter().zip(hashes) {
            params.push(int(*i));
            params.push(Value::Blob(h.0.to_vec()));
        }
        conn.execute(
            &format!(
                "INSERT INTO tree_hashes (idx, hash) VALUES {}",
                values.join(", ")
            ),
            &params,
        )?;
        first += n;
    }
    conn.execute(
        "UPDATE log_head SET size = $1, root = $2 WHERE id = 1",
        &[int(leaves), Value::Blob(root.0.to_vec())],
    )?;
    conn.batch("COMMIT")?;
    Ok(TreeHead { size: leaves, root })
}

/// The URL of database `name` on the server of `url`.
pub fn database_url(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
    if query.is_empty() {
        format!("{server}/{name}")
    } else {
        format!("{server}/{name}?{query}")
    }
}

/// Creates (dropping it first) database `name` on the server of `url`;
/// returns its URL.
pub fn fresh_database(url: &str, name: &str) -> Result<String, StoreError> {
    let mut admin = PostgresConnector { url: url.into() }.connect()?;
    admin.batch(&format!("DROP DATABASE IF EXISTS {name}"))?;
    admin.batch(&format!("CREATE DATABASE {name}"))?;
    Ok(database_url(url, name))
}
