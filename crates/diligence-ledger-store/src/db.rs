//! The little the store asks of a database: run a statement with
//! parameters, run a query and get its rows as [`Value`]s, open a write
//! transaction. SQLite (rusqlite) and PostgreSQL (the synchronous
//! `postgres` crate) implement it, so that every query of the store is
//! written once.
//!
//! Statements use `$1`, `$2`… placeholders: PostgreSQL reads them as
//! positions; for SQLite, which reads them as names, they are bound by
//! name.

use crate::StoreError;
use std::collections::HashMap;

/// A value passed to or read from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A 64-bit integer.
    Int(i64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
    /// NULL (read only: never passed as a parameter).
    Null,
}

impl Value {
    /// The integer, or an error naming what was read.
    pub fn int(&self) -> Result<i64, StoreError> {
        match self {
            Value::Int(i) => Ok(*i),
            other => Err(StoreError::Corrupt(format!(
                "expected an integer, read {other:?}"
            ))),
        }
    }

    /// The integer as an unsigned one.
    pub fn uint(&self) -> Result<u64, StoreError> {
        u64::try_from(self.int()?)
            .map_err(|_| StoreError::Corrupt("a negative index or size".into()))
    }

    /// The text.
    pub fn text(&self) -> Result<&str, StoreError> {
        match self {
            Value::Text(s) => Ok(s),
            other => Err(StoreError::Corrupt(format!(
                "expected text, read {other:?}"
            ))),
        }
    }

    /// The bytes.
    pub fn blob(&self) -> Result<&[u8], StoreError> {
        match self {
            Value::Blob(b) => Ok(b),
            other => Err(StoreError::Corrupt(format!(
                "expected bytes, read {other:?}"
            ))),
        }
    }

    /// A 32-byte hash.
    pub fn hash32(&self) -> Result<[u8; 32], StoreError> {
        self.blob()?
            .try_into()
            .map_err(|_| StoreError::Corrupt("a stored hash is not 32 bytes long".into()))
    }
}

/// An unsigned integer as a parameter.
pub fn int(n: u64) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Which SQL the database speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// One connection to the database.
pub trait Conn: Send {
    /// The database's dialect.
    fn dialect(&self) -> Dialect;
    /// Runs a statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    /// Runs a query; returns its rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError>;
    /// Runs statements without parameters (DDL, `COMMIT`, `ROLLBACK`).
    fn batch(&mut self, sql: &str) -> Result<(), StoreError>;
    /// Opens a transaction that holds the log's write lock until it ends:
    /// SQLite's `BEGIN IMMEDIATE`; in PostgreSQL, `BEGIN` then the head
    /// row locked `FOR UPDATE`, which serialises the appenders of every
    /// server instance.
    fn begin_write(&mut self) -> Result<(), StoreError>;
    /// Opens a transaction for migrations, exclusive among instances.
    fn begin_migration(&mut self) -> Result<(), StoreError>;
    /// Opens a read transaction that sees one snapshot.
    fn begin_snapshot(&mut self) -> Result<(), StoreError>;
}

/// Opens connections to one database.
pub trait Connector: Send + Sync + 'static {
    /// The connection type.
    type C: Conn + 'static;
    /// A new connection.
    fn connect(&self) -> Result<Self::C, StoreError>;
}

// ---------------------------------------------------------------- SQLite

/// How SQLite is opened: a database file.
#[derive(Debug, Clone)]
pub struct SqliteConnector {
    /// The database file.
    pub path: std::path::PathBuf,
}

/// A SQLite connection.
pub struct SqliteConn(rusqlite::Connection);

fn sqlite_err(e: rusqlite::Error) -> StoreError {
    StoreError::Database(format!("SQLite: {e}"))
}

impl Connector for SqliteConnector {
    type C = SqliteConn;
    fn connect(&self) -> Result<SqliteConn, StoreError> {
        let c = rusqlite::Connection::open(&self.path).map_err(sqlite_err)?;
        c.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(sqlite_err)?;
        // WAL lets readers go on while the writer commits. FULL syncs the
        // WAL at every commit: an append acknowledged to a State survives
        // a power loss, not only a crash of the process (NORMAL would lose
        // the last commits on power loss). Group commit makes the one
        // fsync per batch cheap.
        c.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite_err)?;
        c.pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite_err)?;
        c.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite_err)?;
        // The WAL is copied back into the database (a checkpoint, with
        // its own syncs) every 16,384 pages (64 MiB) rather than SQLite's
        // default of 1,000: fewer checkpoint stalls under appends, the
        // same durability (`bench/ledger-append.sh` measured about twice
        // the signed appends per second).
        c.pragma_update(None, "wal_autocheckpoint", 16384)
            .map_err(sqlite_err)?;
        c.set_prepared_statement_cache_capacity(64);
        Ok(SqliteConn(c))
    }
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
        Value::Null => rusqlite::types::Value::Null,
    }
}

/// Binds `$1`, `$2`… by name: SQLite numbers named parameters in order of
/// first appearance, which need not be theirs.
fn bind(st: &mut rusqlite::CachedStatement<'_>, params: &[Value]) -> Result<(), StoreError> {
    if st.parameter_count() != params.len() {
        return Err(StoreError::Database(format!(
            "the statement has {} parameters, {} given",
            st.parameter_count(),
            params.len()
        )));
    }
    for (i, v) in params.iter().enumerate() {
        let index = st
            .parameter_index(&format!("${}", i + 1))
            .map_err(sqlite_err)?
            .ok_or_else(|| StoreError::Database(format!("the statement has no ${}", i + 1)))?;
        st.raw_bind_parameter(index, to_sqlite(v))
            .map_err(sqlite_err)?;
    }
    Ok(())
}

impl Conn for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut st = self.0.prepare_cached(sql).map_err(sqlite_err)?;
        bind(&mut st, params)?;
        let n = st.raw_execute().map_err(sqlite_err)?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        let mut st = self.0.prepare_cached(sql).map_err(sqlite_err)?;
        let n = st.column_count();
        bind(&mut st, params)?;
        let mut rows = st.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(sqlite_err)? {
            let mut r = Vec::with_capacity(n);
            for i in 0..n {
                use rusqlite::types::ValueRef;
                r.push(match row.get_ref(i).map_err(sqlite_err)? {
                    ValueRef::Integer(i) => Value::Int(i),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                    ValueRef::Null => Value::Null,
                    ValueRef::Real(f) => Value::Text(f.to_string()),
                });
            }
            out.push(r);
        }
        Ok(out)
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.0.execute_batch(sql).map_err(sqlite_err)
    }

    fn begin_write(&mut self) -> Result<(), StoreError> {
        self.batch("BEGIN IMMEDIATE")
    }

    fn begin_migration(&mut self) -> Result<(), StoreError> {
        self.batch("BEGIN IMMEDIATE")
    }

    fn begin_snapshot(&mut self) -> Result<(), StoreError> {
        // A deferred transaction sees one snapshot from its first read on.
        self.batch("BEGIN")
    }
}

// ------------------------------------------------------------ PostgreSQL

/// How PostgreSQL is reached: a connection URL.
#[derive(Debug, Clone)]
pub struct PostgresConnector {
    /// The `postgres://` URL.
    pub url: String,
}

/// A PostgreSQL connection, with its prepared statements.
pub struct PostgresConn {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

fn pg_err(e: postgres::Error) -> StoreError {
    StoreError::Database(format!("PostgreSQL: {e}"))
}

impl Connector for PostgresConnector {
    type C = PostgresConn;
    fn connect(&self) -> Result<PostgresConn, StoreError> {
        let client = postgres::Client::connect(&self.url, postgres::NoTls).map_err(pg_err)?;
        Ok(PostgresConn {
            client,
            statements: HashMap::new(),
        })
    }
}

impl PostgresConn {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).map_err(pg_err)?;
        if self.statements.len() > 256 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

enum PgParam {
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
    Null(Option<i64>),
}

fn pg_params(params: &[Value]) -> Vec<PgParam> {
    params
        .iter()
        .map(|v| match v {
            Value::Int(i) => PgParam::Int(*i),
            Value::Text(s) => PgParam::Text(s.clone()),
            Value::Blob(b) => PgParam::Blob(b.clone()),
            Value::Null => PgParam::Null(None),
        })
        .collect()
}

fn pg_refs(params: &[PgParam]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| -> &(dyn postgres::types::ToSql + Sync) {
            match p {
                PgParam::Int(i) => i,
                PgParam::Text(s) => s,
                PgParam::Blob(b) => b,
                PgParam::Null(n) => n,
            }
        })
        .collect()
}

impl Conn for PostgresConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let st = self.statement(sql)?;
        let p = pg_params(params);
        self.client.execute(&st, &pg_refs(&p)).map_err(pg_err)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        use postgres::types::Type;
        let st = self.statement(sql)?;
        let p = pg_params(params);
        let rows = self.client.query(&st, &pg_refs(&p)).map_err(pg_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut r = Vec::with_capacity(row.len());
            for (i, column) in row.columns().iter().enumerate() {
                let t = column.type_();
                let v = if *t == Type::INT8 {
                    row.try_get::<_, Option<i64>>(i)
                        .map_err(pg_err)?
                        .map(Value::Int)
                } else if *t == Type::INT4 {
                    row.try_get::<_, Option<i32>>(i)
                        .map_err(pg_err)?
                        .map(|v| Value::Int(v.into()))
                } else if *t == Type::BYTEA {
                    row.try_get::<_, Option<Vec<u8>>>(i)
                        .map_err(pg_err)?
                        .map(Value::Blob)
                } else {
                    row.try_get::<_, Option<String>>(i)
                        .map_err(pg_err)?
                        .map(Value::Text)
                };
                r.push(v.unwrap_or(Value::Null));
            }
            out.push(r);
        }
        Ok(out)
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.client.batch_execute(sql).map_err(pg_err)
    }

    fn begin_write(&mut self) -> Result<(), StoreError> {
        self.batch("BEGIN")?;
        self.query("SELECT size FROM log_head WHERE id = 1 FOR UPDATE", &[])?;
        Ok(())
    }

    fn begin_migration(&mut self) -> Result<(), StoreError> {
        self.batch("BEGIN")?;
        // One instance migrates at a time; the others wait, then find the
        // migrations recorded.
        self.query("SELECT pg_advisory_xact_lock(7140313)::text", &[])?;
        Ok(())
    }

    fn begin_snapshot(&mut self) -> Result<(), StoreError> {
        self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }
}

/// A few idle connections kept for reads.
pub struct Pool<K: Connector> {
    connector: K,
    idle: std::sync::Mutex<Vec<K::C>>,
}

impl<K: Connector> Pool<K> {
    /// A pool of connections made by `connector`.
    pub fn new(connector: K) -> Pool<K> {
        Pool {
            connector,
            idle: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The connector.
    pub fn connector(&self) -> &K {
        &self.connector
    }

    /// Runs `f` with a connection; the connection goes back to the pool
    /// unless `f` failed.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut K::C) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let taken = self.idle.lock().map_err(|_| poisoned())?.pop();
        let mut conn = match taken {
            Some(c) => c,
            None => self.connector.connect()?,
        };
        let out = f(&mut conn);
        if out.is_ok() {
            let mut idle = self.idle.lock().map_err(|_| poisoned())?;
            if idle.len() < 8 {
                idle.push(conn);
            }
        }
        out
    }
}

fn poisoned() -> StoreError {
    StoreError::Database("a lock of the store was poisoned".into())
}
