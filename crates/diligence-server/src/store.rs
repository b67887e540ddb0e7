//! Saved scenarios in an embedded SQLite database (one file in the data
//! directory, write-ahead log, every acknowledged write synced to disk).

use diligence_core::UncertainFacts;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "diligence.sqlite3";

/// A scenario a user saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Saved {
    /// Its id, given by the database.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Its facts (the facts object of the spec; uncertain facts as lists
    /// of values or `"unknown"`).
    #[schema(value_type = crate::openapi::FactsSchema)]
    pub facts: UncertainFacts,
    /// When it was saved (UTC, RFC 3339).
    pub created: String,
}

/// A failure of the database, with the path it concerns.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// The database, shared by every request; each call runs on a blocking
/// thread and holds the connection only for its statement.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError(format!("{}: {e}", path.display()))
}

impl Store {
    /// Opens (creating if need be) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError(format!(
                "{}: cannot create the data directory: {e}",
                dir.display()
            ))
        })?;
        let path = dir.join(FILE_NAME);
        let conn = Connection::open(&path).map_err(err(&path))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err(&path))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err(&path))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err(&path))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS scenarios (
                id      INTEGER PRIMARY KEY AUTOINCREMENT,
                title   TEXT NOT NULL,
                notes   TEXT,
                facts   TEXT NOT NULL,
                created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
            );",
        )
        .map_err(err(&path))?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            path,
        })
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, StoreError> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| StoreError("the database connection was poisoned".into()))?;
        f(&conn).map_err(err(&self.path))
    }

    /// Saves a scenario; returns it as stored. Returns once the write is on
    /// disk.
    pub fn create(
        &self,
        title: &str,
        notes: Option<&str>,
        facts: &UncertainFacts,
    ) -> Result<Saved, StoreError> {
        let facts_json = serde_json::to_string(facts).map_err(|e| StoreError(e.to_string()))?;
        let id = self.with(|c| {
            c.execute(
                "INSERT INTO scenarios (title, notes, facts) VALUES (?1, ?2, ?3)",
                params![title, notes, facts_json],
            )?;
            Ok(c.last_insert_rowid())
        })?;
        self.get(id)?
            .ok_or_else(|| StoreError(format!("scenario {id} vanished after it was saved")))
    }

    /// One saved scenario.
    pub fn get(&self, id: i64) -> Result<Option<Saved>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT id, title, notes, facts, created FROM scenarios WHERE id = ?1",
                [id],
                row,
            )
            .optional()
        })
    }

    /// Every saved scenario, newest first.
    pub fn list(&self) -> Result<Vec<Saved>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT id, title, notes, facts, created FROM scenarios ORDER BY id DESC",
            )?;
            let rows = stmt.query_map([], row)?;
            rows.collect()
        })
    }

    /// Checks that the database answers, without reading the scenarios.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| c.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())))
    }

    /// Deletes a saved scenario; false when there was none with that id.
    pub fn delete(&self, id: i64) -> Result<bool, StoreError> {
        self.with(|c| Ok(c.execute("DELETE FROM scenarios WHERE id = ?1", [id])? > 0))
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Saved> {
    let facts: String = r.get(3)?;
    let facts = serde_json::from_str(&facts).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Saved {
        id: r.get(0)?,
        title: r.get(1)?,
        notes: r.get(2)?,
        facts,
        created: r.get(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_scenarios_survive_reopening() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let facts = UncertainFacts::definite(&crate::facts::default_facts()).with(
            diligence_core::Fact::Knowledge,
            diligence_core::Values::of([2, 3]),
        );
        let id = {
            let store = Store::open(dir.path())?;
            let saved = store.create("<b>title</b>", Some("notes"), &facts)?;
            assert_eq!(saved.title, "<b>title</b>");
            saved.id
        };
        let store = Store::open(dir.path())?;
        let got = store.get(id)?.ok_or("missing after reopening")?;
        assert_eq!(got.facts, facts);
        assert_eq!(store.list()?.len(), 1);
        assert!(store.delete(id)?);
        assert!(!store.delete(id)?);
        assert!(store.get(id)?.is_none());
        Ok(())
    }
}
