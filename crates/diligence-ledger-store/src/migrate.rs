//! The versioned migrations, applied at open in one transaction exclusive
//! among instances, each recorded in `schema_migrations`.
//!
//! The SQL is written once, for SQLite; for PostgreSQL `INTEGER` becomes
//! `BIGINT` and `BLOB` becomes `BYTEA`.

use crate::db::{int, Conn, Dialect, Value};
use crate::StoreError;

/// The migrations: version, name, SQL.
pub const MIGRATIONS: &[(u64, &str, &str)] =
    &[(1, "ledger", include_str!("../migrations/0001_ledger.sql"))];

fn translate(sql: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Sqlite => sql.to_owned(),
        Dialect::Postgres => sql.replace("INTEGER", "BIGINT").replace("BLOB", "BYTEA"),
    }
}

/// Applies the migrations not yet recorded; returns the versions applied.
pub fn migrate(conn: &mut dyn Conn) -> Result<Vec<u64>, StoreError> {
    conn.begin_migration()?;
    let out = apply(conn);
    match out {
        Ok(v) => {
            conn.batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            let _ = conn.batch("ROLLBACK");
            Err(e)
        }
    }
}

fn apply(conn: &mut dyn Conn) -> Result<Vec<u64>, StoreError> {
    let dialect = conn.dialect();
    conn.batch(&translate(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)",
        dialect,
    ))?;
    let done: Vec<u64> = conn
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )?
        .iter()
        .map(|r| r[0].uint())
        .collect::<Result<_, _>>()?;
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS {
        if done.contains(version) {
            continue;
        }
        conn.batch(&translate(sql, dialect))?;
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied) VALUES ($1, $2, $3)",
            &[
                int(*version),
                Value::Text((*name).into()),
                Value::Text(crate::engine::now_text()),
            ],
        )?;
        applied.push(*version);
    }
    if let Some(newest) = done.iter().max() {
        if *newest > MIGRATIONS.len() as u64 {
            return Err(StoreError::Invalid(format!(
                "the database is at schema version {newest}, newer than this program's {}",
                MIGRATIONS.len()
            )));
        }
    }
    Ok(applied)
}
