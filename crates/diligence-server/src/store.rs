//! Saved scenarios in an embedded SQLite database (one file in the data
//! directory, write-ahead log, every acknowledged write synced to disk).
//!
//! A saved scenario is known by a random public id (128 bits from the
//! operating system, in lowercase hex); the database's row id never leaves
//! it. A scenario belongs to the browser that saved it: the browser keeps a
//! random owner token in a cookie and the database keeps only the token's
//! SHA-256 hash. Anyone with the id may read a scenario; only its owner
//! lists or deletes it. Scenarios saved before owners existed have none.

use diligence_core::UncertainFacts;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "diligence.sqlite3";

/// A scenario a user saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// Its public id: 32 lowercase hex digits, random.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its notes: the narrative of the situation, in the user's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub notes: Option<String>,
    /// The user's name for the territorial State (where the activity is,
    /// or from whose territory it comes).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub territorial_state: Option<String>,
    /// The user's name for the affected (victim) State.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub affected_state: Option<String>,
    /// Its facts (the facts object of the spec; uncertain facts as lists
    /// of values or `"unknown"`).
    #[schema(value_type = crate::openapi::FactsSchema)]
    pub facts: UncertainFacts,
    /// When it was saved (UTC, RFC 3339).
    pub created: String,
    /// The SHA-256 hash (hex) of its owner's token; none for a scenario
    /// saved before owners existed. Never sent.
    #[serde(skip)]
    #[schema(ignore)]
    pub owner: Option<String>,
}

impl Saved {
    /// Whether the browser holding `token` owns it.
    pub fn owned_by(&self, token: Option<&str>) -> bool {
        match (&self.owner, token) {
            (Some(owner), Some(token)) => *owner == hash_token(token),
            _ => false,
        }
    }
}

/// What became of a delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// It was deleted.
    Deleted,
    /// There was no scenario with that id.
    NotFound,
    /// It exists but belongs to someone else (or to no one).
    NotOwner,
}

/// `n` random bytes from the operating system, as lowercase hex.
fn random_hex(n: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf)
        .map_err(|e| StoreError(format!("the operating system's random numbers failed: {e}")))?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A new public id for a scenario: 128 random bits, 32 hex digits.
pub fn new_id() -> Result<String, StoreError> {
    random_hex(16)
}

/// A new owner token for a browser: 128 random bits, 32 hex digits.
pub fn new_token() -> Result<String, StoreError> {
    random_hex(16)
}

/// The SHA-256 hash of an owner token, in hex: what the database keeps.
pub fn hash_token(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// Whether `id` has the shape of a public id (32 lowercase hex digits).
pub fn is_public_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
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
    /// Shared, so that cloning the store (once per request, with the
    /// application's state) allocates nothing.
    path: Arc<Path>,
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
                created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                public_id TEXT,
                owner   TEXT,
                territorial_state TEXT,
                affected_state TEXT
            );",
        )
        .map_err(err(&path))?;
        migrate(&conn).map_err(|e| StoreError(format!("{}: {e}", path.display())))?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            path: path.into(),
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

    /// Saves a scenario owned by the browser holding `owner_token`; returns
    /// it as stored. Returns once the write is on disk.
    pub fn create(
        &self,
        title: &str,
        notes: Option<&str>,
        facts: &UncertainFacts,
        owner_token: &str,
    ) -> Result<Saved, StoreError> {
        self.create_named(
            title,
            notes,
            &crate::facts::StateNames::default(),
            facts,
            owner_token,
        )
    }

    /// Saves a scenario with the user's names for its States, as
    /// [`Store::create`] does.
    pub fn create_named(
        &self,
        title: &str,
        notes: Option<&str>,
        names: &crate::facts::StateNames,
        facts: &UncertainFacts,
        owner_token: &str,
    ) -> Result<Saved, StoreError> {
        let facts_json = serde_json::to_string(facts).map_err(|e| StoreError(e.to_string()))?;
        let id = new_id()?;
        let owner = hash_token(owner_token);
        self.with(|c| {
            c.execute(
                "INSERT INTO scenarios (title, notes, facts, public_id, owner, territorial_state, affected_state) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![title, notes, facts_json, id, owner, names.territorial, names.affected],
            )
        })?;
        self.get(&id)?
            .ok_or_else(|| StoreError(format!("scenario {id} vanished after it was saved")))
    }

    /// One saved scenario, by its public id.
    pub fn get(&self, id: &str) -> Result<Option<Saved>, StoreError> {
        if !is_public_id(id) {
            return Ok(None);
        }
        self.with(|c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM scenarios WHERE public_id = ?1"),
                [id],
                row,
            )
            .optional()
        })
    }

    /// The scenarios saved by the browser holding `owner_token`, newest
    /// first; none without a token.
    pub fn list_owned(&self, owner_token: Option<&str>) -> Result<Vec<Saved>, StoreError> {
        let Some(token) = owner_token else {
            return Ok(Vec::new());
        };
        let owner = hash_token(token);
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM scenarios WHERE owner = ?1 ORDER BY id DESC"
            ))?;
            let rows = stmt.query_map([owner], row)?;
            rows.collect()
        })
    }

    /// Checks that the database answers, without reading the scenarios.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| c.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())))
    }

    /// Deletes a saved scenario if the browser holding `owner_token` owns
    /// it.
    pub fn delete(&self, id: &str, owner_token: Option<&str>) -> Result<Deleted, StoreError> {
        if !is_public_id(id) {
            return Ok(Deleted::NotFound);
        }
        let owner = owner_token.map(hash_token);
        self.with(|c| {
            if c.execute(
                "DELETE FROM scenarios WHERE public_id = ?1 AND owner = ?2",
                params![id, owner],
            )? > 0
            {
                return Ok(Deleted::Deleted);
            }
            let exists = c
                .query_row("SELECT 1 FROM scenarios WHERE public_id = ?1", [id], |_| {
                    Ok(())
                })
                .optional()?
                .is_some();
            Ok(if exists {
                Deleted::NotOwner
            } else {
                Deleted::NotFound
            })
        })
    }
}

const COLUMNS: &str =
    "public_id, title, notes, facts, created, owner, territorial_state, affected_state";

/// Brings a database of an older schema up to date: adds the public id,
/// owner and State names columns if missing, gives every row without a public id a random
/// one (such rows have no owner: read-only by link, listed for no one), and
/// makes public ids unique.
fn migrate(conn: &Connection) -> Result<(), Box<dyn std::error::Error>> {
    let columns: Vec<String> = {
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('scenarios')")?;
        let names = stmt.query_map([], |r| r.get(0))?;
        names.collect::<rusqlite::Result<_>>()?
    };
    for (column, ty) in [
        ("public_id", "TEXT"),
        ("owner", "TEXT"),
        ("territorial_state", "TEXT"),
        ("affected_state", "TEXT"),
    ] {
        if !columns.iter().any(|c| c == column) {
            conn.execute_batch(&format!("ALTER TABLE scenarios ADD COLUMN {column} {ty}"))?;
        }
    }
    let missing: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM scenarios WHERE public_id IS NULL")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    for rowid in missing {
        conn.execute(
            "UPDATE scenarios SET public_id = ?1 WHERE id = ?2",
            params![new_id()?, rowid],
        )?;
    }
    conn.execute_batch(
        "CREATE UNIQUE INDEX IF NOT EXISTS scenarios_public_id ON scenarios (public_id);
         CREATE INDEX IF NOT EXISTS scenarios_owner ON scenarios (owner);",
    )?;
    Ok(())
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
        owner: r.get(5)?,
        territorial_state: r.get(6)?,
        affected_state: r.get(7)?,
    })
}

/// The name of the cookie that holds a browser's owner token.
pub const OWNER_COOKIE: &str = "diligence_owner";

/// The owner token the browser sent in its cookie, if it has a well-formed
/// one.
pub fn owner_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == OWNER_COOKIE && is_public_id(value))
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value that gives a browser its owner token for about a
/// year: HTTP only, same site only, and `Secure` when the request came
/// over https (as a proxy in front says in `X-Forwarded-Proto`).
pub fn owner_cookie(token: &str, headers: &axum::http::HeaderMap) -> String {
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    format!(
        "{OWNER_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000{}",
        if https { "; Secure" } else { "" }
    )
}

/// The browser's owner token, or a new one with the cookie to set.
pub fn owner_or_new(
    headers: &axum::http::HeaderMap,
) -> Result<(String, Option<String>), StoreError> {
    match owner_token(headers) {
        Some(token) => Ok((token, None)),
        None => {
            let token = new_token()?;
            let cookie = owner_cookie(&token, headers);
            Ok((token, Some(cookie)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> UncertainFacts {
        UncertainFacts::definite(&crate::facts::default_facts()).with(
            diligence_core::Fact::Knowledge,
            diligence_core::Values::of([2, 3]),
        )
    }

    #[test]
    fn saved_scenarios_survive_reopening() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let facts = facts();
        let id = {
            let store = Store::open(dir.path())?;
            let saved = store.create("<b>title</b>", Some("notes"), &facts, "token-a")?;
            assert_eq!(saved.title, "<b>title</b>");
            saved.id
        };
        let store = Store::open(dir.path())?;
        let got = store.get(&id)?.ok_or("missing after reopening")?;
        assert_eq!(got.facts, facts);
        assert!(got.owned_by(Some("token-a")));
        assert_eq!(store.list_owned(Some("token-a"))?.len(), 1);
        assert_eq!(store.delete(&id, Some("token-a"))?, Deleted::Deleted);
        assert_eq!(store.delete(&id, Some("token-a"))?, Deleted::NotFound);
        assert!(store.get(&id)?.is_none());
        Ok(())
    }

    #[test]
    fn ids_are_long_random_and_unique() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(dir.path())?;
        let mut ids = std::collections::HashSet::new();
        for _ in 0..50 {
            let saved = store.create("t", None, &facts(), "token")?;
            assert!(is_public_id(&saved.id), "{}", saved.id);
            assert_eq!(saved.id.len(), 32);
            assert!(ids.insert(saved.id));
        }
        // Neither a row id nor a malformed id finds anything.
        assert!(store.get("1")?.is_none());
        assert_eq!(store.delete("1", Some("token"))?, Deleted::NotFound);
        Ok(())
    }

    #[test]
    fn only_the_owner_lists_and_deletes() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(dir.path())?;
        let a = store.create("a", None, &facts(), "token-a")?;
        let b = store.create("b", None, &facts(), "token-b")?;
        let titles = |t: Option<&str>| -> Result<Vec<String>, StoreError> {
            Ok(store.list_owned(t)?.into_iter().map(|s| s.title).collect())
        };
        assert_eq!(titles(Some("token-a"))?, ["a"]);
        assert_eq!(titles(Some("token-b"))?, ["b"]);
        assert!(titles(Some("token-c"))?.is_empty());
        assert!(titles(None)?.is_empty());
        // The token itself is never stored.
        assert_eq!(a.owner.as_deref(), Some(hash_token("token-a").as_str()));
        assert_ne!(a.owner.as_deref(), Some("token-a"));
        assert!(!a.owned_by(Some("token-b")) && !a.owned_by(None));
        assert_eq!(store.delete(&a.id, Some("token-b"))?, Deleted::NotOwner);
        assert_eq!(store.delete(&a.id, None)?, Deleted::NotOwner);
        assert!(store.get(&a.id)?.is_some(), "anyone may still read it");
        assert_eq!(store.delete(&b.id, Some("token-b"))?, Deleted::Deleted);
        Ok(())
    }

    #[test]
    fn the_names_of_the_states_are_kept() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let names = crate::facts::StateNames {
            territorial: Some("Ruritania".into()),
            affected: Some("<Freedonia>".into()),
        };
        let id = {
            let store = Store::open(dir.path())?;
            store
                .create_named("t", Some("what happened"), &names, &facts(), "o")?
                .id
        };
        let got = Store::open(dir.path())?.get(&id)?.ok_or("missing")?;
        assert_eq!(got.territorial_state, names.territorial);
        assert_eq!(got.affected_state, names.affected);
        assert_eq!(got.notes.as_deref(), Some("what happened"));
        let json = serde_json::to_value(&got)?;
        assert_eq!(json["territorial_state"], "Ruritania");
        assert_eq!(json["affected_state"], "<Freedonia>");
        let unnamed = Store::open(dir.path())?.create("u", None, &facts(), "o")?;
        let json = serde_json::to_value(&unnamed)?;
        assert!(json.get("territorial_state").is_none() && json.get("affected_state").is_none());
        Ok(())
    }

    #[test]
    fn hash_is_sha256() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn an_old_database_is_migrated() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        {
            let conn = Connection::open(dir.path().join(FILE_NAME))?;
            conn.execute_batch(
                "CREATE TABLE scenarios (
                    id      INTEGER PRIMARY KEY AUTOINCREMENT,
                    title   TEXT NOT NULL,
                    notes   TEXT,
                    facts   TEXT NOT NULL,
                    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                );",
            )?;
            let json = serde_json::to_string(&facts())?;
            for title in ["old one", "old two"] {
                conn.execute(
                    "INSERT INTO scenarios (title, notes, facts) VALUES (?1, 'n', ?2)",
                    params![title, json],
                )?;
            }
        }
        let store = Store::open(dir.path())?;
        let ids: Vec<String> = store.with(|c| {
            let mut stmt = c.prepare("SELECT public_id FROM scenarios ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect()
        })?;
        assert_eq!(ids.len(), 2, "the old rows are kept");
        assert_ne!(ids[0], ids[1]);
        for (id, title) in ids.iter().zip(["old one", "old two"]) {
            let got = store
                .get(id)?
                .ok_or("an old row is readable by its new id")?;
            assert_eq!(got.title, title);
            assert_eq!(got.facts, facts());
            assert!(got.owner.is_none());
            assert!(got.territorial_state.is_none() && got.affected_state.is_none());
            assert_eq!(store.delete(id, Some("anyone"))?, Deleted::NotOwner);
        }
        assert!(store.list_owned(Some("anyone"))?.is_empty());
        // Opening again changes nothing.
        drop(store);
        let store = Store::open(dir.path())?;
        assert!(store.get(&ids[0])?.is_some());
        // New rows follow the old ones.
        store.create("new", None, &facts(), "t")?;
        assert_eq!(store.list_owned(Some("t"))?.len(), 1);
        Ok(())
    }
}
