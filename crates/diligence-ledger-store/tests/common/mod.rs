//! Opens a fresh ledger on SQLite (in a temporary directory) or on
//! PostgreSQL (a new database in the cluster named by
//! `DILIGENCE_TEST_POSTGRES`, which `scripts/with-postgres` starts), with a
//! raw connection beside it for tests that edit rows behind the store.

#![allow(dead_code)]

use diligence_ledger::checkpoint::LogKey;
use diligence_ledger_store::db::{Conn, Connector, PostgresConnector, SqliteConnector};
use diligence_ledger_store::{read_key_file, write_key_file, PostgresStore, SqliteStore, Store};
use std::path::PathBuf;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    /// The database: a file path or a URL.
    pub database: String,
    pub key_file: PathBuf,
}

pub const ORIGIN: &str = "ledger.test/log";

impl Fixture {
    pub fn key(&self) -> LogKey {
        read_key_file(&self.key_file).expect("the key file reads")
    }

    pub fn open(&self) -> Box<dyn Store> {
        diligence_ledger_store::open(&self.database, self.key()).expect("the store opens")
    }

    pub fn raw(&self) -> Box<dyn Conn> {
        if self.database.starts_with("postgres") {
            Box::new(
                PostgresConnector {
                    url: self.database.clone(),
                }
                .connect()
                .expect("connects"),
            )
        } else {
            Box::new(
                SqliteConnector {
                    path: self.database.clone().into(),
                }
                .connect()
                .expect("connects"),
            )
        }
    }

    pub fn open_sqlite(&self) -> SqliteStore {
        SqliteStore::open_sqlite(self.database.as_ref(), self.key()).expect("opens")
    }

    pub fn open_postgres(&self) -> PostgresStore {
        PostgresStore::open_postgres(&self.database, self.key()).expect("opens")
    }
}

pub fn sqlite() -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let key_file = dir.path().join("log.key");
    write_key_file(&key_file, ORIGIN).expect("a key");
    Fixture {
        database: dir.path().join("ledger.sqlite3").display().to_string(),
        key_file,
        dir,
    }
}

/// The URL of the test cluster, or a failure saying how to run these
/// tests.
pub fn postgres_url() -> String {
    match std::env::var("DILIGENCE_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "DILIGENCE_TEST_POSTGRES is not set: run the PostgreSQL tests with \
             `scripts/with-postgres cargo test -p diligence-ledger-store -- --include-ignored`"
        ),
    }
}

/// A new, empty database in the test cluster.
pub fn postgres() -> Fixture {
    let url = postgres_url();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let key_file = dir.path().join("log.key");
    write_key_file(&key_file, ORIGIN).expect("a key");
    let name = format!(
        "ledger_{}_{}",
        std::process::id(),
        dir.path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("x")
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    let mut admin = PostgresConnector { url: url.clone() }
        .connect()
        .expect("the test cluster answers");
    admin
        .batch(&format!("CREATE DATABASE {name}"))
        .expect("a new database");
    let (base, query) = url.split_once('?').unwrap_or((&url, ""));
    let (server, _db) = base.rsplit_once('/').expect("a URL with a database");
    let database = if query.is_empty() {
        format!("{server}/{name}")
    } else {
        format!("{server}/{name}?{query}")
    };
    Fixture {
        dir,
        database,
        key_file,
    }
}

/// Declares each test twice, as `sqlite::NAME` on a fresh SQLite ledger and
/// as `postgres::NAME` on a fresh PostgreSQL database (ignored unless run
/// through `scripts/with-postgres` with `--include-ignored`): the body is a
/// function of the [`Fixture`].
#[allow(unused_macros)]
macro_rules! on_both {
    ($($name:ident => $body:expr;)*) => {
        mod sqlite {
            use super::*;
            $(#[test] fn $name() { ($body)(common::sqlite()) })*
        }
        mod postgres {
            use super::*;
            $(#[test]
              #[ignore = "needs PostgreSQL: run via scripts/with-postgres with --include-ignored"]
              fn $name() { ($body)(common::postgres()) })*
        }
    };
}
