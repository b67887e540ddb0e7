//! Puts load on a ledger store: `load` appends a synthetic workload from
//! several threads and prints `ok <index> <entry hash>` for each append the
//! store acknowledged (the crash test kills it mid-way); `bench` prints
//! the figures of `bench/ledger-append.sh`.
//!
//! ```text
//! ledger-store-load load --database DB --key KEYFILE [--callers N] [--cases N]
//! ledger-store-load bench --dir DIR [--postgres URL] [--entries N] [--callers N] [--proof-leaves N]
//! ```

use diligence_ledger_store::bench;
use diligence_ledger_store::db::{Connector, PostgresConnector, SqliteConnector};
use diligence_ledger_store::workload::workload;
use diligence_ledger_store::{read_key_file, write_key_file};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first().cloned() else {
        eprintln!("usage: ledger-store-load load|bench [options]");
        return ExitCode::from(2);
    };
    let mut options = HashMap::new();
    for pair in args[1..].chunks(2) {
        match pair {
            [k, v] if k.starts_with("--") => {
                options.insert(k[2..].to_owned(), v.clone());
            }
            _ => {
                eprintln!("options come as --name value");
                return ExitCode::from(2);
            }
        }
    }
    let result = match command.as_str() {
        "load" => load(&options),
        "bench" => run_bench(&options),
        other => Err(format!("no command {other}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ledger-store-load: {e}");
            ExitCode::FAILURE
        }
    }
}

fn number(options: &HashMap<String, String>, name: &str, default: usize) -> Result<usize, String> {
    options.get(name).map_or(Ok(default), |v| {
        v.parse().map_err(|_| format!("--{name}: not a number"))
    })
}

fn load(options: &HashMap<String, String>) -> Result<(), String> {
    let database = options.get("database").ok_or("--database is needed")?;
    let key = read_key_file(Path::new(options.get("key").ok_or("--key is needed")?))
        .map_err(|e| e.to_string())?;
    let callers = number(options, "callers", 16)?;
    let cases = number(options, "cases", 4000)?;
    let w = workload(11, "k", 16, cases, 4);
    let store = diligence_ledger_store::open(database, key).map_err(|e| e.to_string())?;
    w.register(&*store).map_err(|e| e.to_string())?;
    let out = std::sync::Mutex::new(std::io::stdout());
    std::thread::scope(|s| {
        for entries in w.schedule(callers) {
            let store = &*store;
            let out = &out;
            s.spawn(move || {
                for e in entries {
                    if let Ok(a) = store.append(e) {
                        if let Ok(mut o) = out.lock() {
                            let _ = writeln!(o, "ok {} {}", a.index, a.hash.to_hex());
                            let _ = o.flush();
                        }
                    }
                }
            });
        }
    });
    Ok(())
}

fn run_bench(options: &HashMap<String, String>) -> Result<(), String> {
    let dir = Path::new(options.get("dir").ok_or("--dir is needed")?);
    let entries = number(options, "entries", 20_000)?;
    let callers = number(options, "callers", 64)?;
    let proof_leaves = number(options, "proof-leaves", 1_000_000)? as u64;
    let proofs = number(options, "proofs", 2_000)?;
    let per_case = 4;
    let w = workload(21, "b", 40, entries / per_case, per_case);
    println!(
        "{} signed entries pre-signed by {} points of contact over {} cases, {callers} concurrent callers",
        w.len(),
        w.contacts.len(),
        w.cases.len()
    );
    println!(
        "{:<11} {:>16} {:>16} {:>7} {:>22}",
        "database", "signed appends/s", "raw inserts/s", "ratio", "inclusion proof (µs)"
    );
    let mut targets: Vec<(&str, String, String)> = vec![(
        "SQLite",
        dir.join("signed.sqlite3").display().to_string(),
        dir.join("proofs.sqlite3").display().to_string(),
    )];
    if let Some(url) = options.get("postgres") {
        targets.push((
            "PostgreSQL",
            bench::fresh_database(url, "bench_signed").map_err(|e| e.to_string())?,
            bench::fresh_database(url, "bench_proofs").map_err(|e| e.to_string())?,
        ));
    }
    for (name, signed_db, proofs_db) in targets {
        let key_file = dir.join(format!("{name}.key"));
        let _ = std::fs::remove_file(&key_file);
        write_key_file(&key_file, "bench.example/log").map_err(|e| e.to_string())?;
        let key = || read_key_file(&key_file).map_err(|e| e.to_string());
        // Signed appends through the store.
        let store = diligence_ledger_store::open(&signed_db, key()?).map_err(|e| e.to_string())?;
        w.register(&*store).map_err(|e| e.to_string())?;
        let took = bench::signed_appends(&*store, &w, callers)?;
        let signed = w.len() as f64 / took.as_secs_f64();
        store
            .verify_store(&store.verifier_key())
            .map_err(|e| format!("the benchmark's log does not verify: {e}"))?;
        drop(store);
        // The same rows, raw, into the same database.
        let mut conn: Box<dyn diligence_ledger_store::db::Conn> = if name == "SQLite" {
            Box::new(
                SqliteConnector {
                    path: signed_db.clone().into(),
                }
                .connect()
                .map_err(|e| e.to_string())?,
            )
        } else {
            Box::new(
                PostgresConnector {
                    url: signed_db.clone(),
                }
                .connect()
                .map_err(|e| e.to_string())?,
            )
        };
        let raw_took = bench::raw_inserts(&mut *conn, &w, diligence_ledger_store::MAX_BATCH)
            .map_err(|e| e.to_string())?;
        let raw = w.len() as f64 / raw_took.as_secs_f64();
        // Inclusion proofs in a tree of `proof_leaves` leaves.
        let store = diligence_ledger_store::open(&proofs_db, key()?).map_err(|e| e.to_string())?;
        let built = Instant::now();
        let mut conn: Box<dyn diligence_ledger_store::db::Conn> = if name == "SQLite" {
            Box::new(
                SqliteConnector {
                    path: proofs_db.clone().into(),
                }
                .connect()
                .map_err(|e| e.to_string())?,
            )
        } else {
            Box::new(
                PostgresConnector {
                    url: proofs_db.clone(),
                }
                .connect()
                .map_err(|e| e.to_string())?,
            )
        };
        let head = bench::build_tree(&mut *conn, proof_leaves).map_err(|e| e.to_string())?;
        let build_secs = built.elapsed().as_secs_f64();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut times = Vec::with_capacity(proofs);
        for _ in 0..proofs {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let index = x % head.size;
            let t = Instant::now();
            let proof = store
                .inclusion_proof(index, head.size)
                .map_err(|e| e.to_string())?;
            times.push(t.elapsed().as_secs_f64() * 1e6);
            let leaf = diligence_ledger::log::leaf_hash(&index.to_be_bytes());
            diligence_ledger::log::verify_inclusion(&proof, head.size, head.root, index, leaf)
                .map_err(|e| format!("a proof does not verify: {e}"))?;
        }
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
        let p99 = times.get(times.len() * 99 / 100).copied().unwrap_or(0.0);
        println!(
            "{name:<11} {signed:>16.0} {raw:>16.0} {:>7.2} {:>22}",
            signed / raw,
            format!("{mean:.0} mean, {p99:.0} p99")
        );
        eprintln!(
            "  ({name}: {} appends in {:.2} s, raw in {:.2} s; tree of {} leaves built in {:.1} s, {proofs} proofs verified)",
            w.len(),
            took.as_secs_f64(),
            raw_took.as_secs_f64(),
            head.size,
            build_secs
        );
    }
    Ok(())
}
