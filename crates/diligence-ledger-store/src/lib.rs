//! The storage of the notification and response ledger: the tenants (States,
//! their points of contact and the operators, with their bearer tokens), the
//! signed entries, and the transparency log's Merkle tree, in SQLite or in
//! PostgreSQL.
//!
//! One interface, [`Store`], has two implementations, [`SqliteStore`] and
//! [`PostgresStore`], which run the same migrations (`migrations/*.sql`,
//! applied at open and recorded in `schema_migrations`) and the same code:
//! every query is written once against the small [`db::Conn`] interface.
//! [`open`] picks PostgreSQL for a `postgres://` URL and SQLite otherwise.
//!
//! # Appends: one writer, group commit
//!
//! [`Store::append`] first verifies the entry's signature (strictly) in the
//! caller's thread: it depends on the entry alone, so callers verify in
//! parallel, at most one per core (the writer mostly waits on its commit's
//! sync), with the senders' keys decompressed once and kept. It then hands the
//! entry to the store's writer thread and waits for its answer. The
//! writer takes every append queued at that
//! moment (up to [`MAX_BATCH`]) and handles the batch in **one**
//! transaction, which holds the log's write lock (SQLite's `BEGIN
//! IMMEDIATE`; in PostgreSQL the head row `FOR UPDATE`, so that several
//! server instances on one database take turns). For each entry, in queue
//! order, it checks the record, the registered key and the case's chain
//! with [`diligence_ledger::chain::Case`] (the case is read from the
//! database, or from the writer's cache when the database says the cache
//! is current), gives it the next leaf index (the log's order is the order
//! of appends, never the time a sender claims), and writes the entry, its
//! case row and the tree's new stored hashes (RFC 6962 hashing, stored in
//! the order of Go's `tlog`, computed by `tlog_tiles`). A refused entry
//! writes nothing and gets its own error; the others go on. At the end of
//! the batch the writer signs a checkpoint for the new size with the log's
//! key, stores it and commits: one fsync for the whole batch, then every
//! caller gets its answer. If the database fails during a batch, the batch
//! is rolled back and its entries are retried one per transaction, so that
//! only the entry at fault gets the error.
//!
//! # Durability
//!
//! SQLite runs in WAL mode with `synchronous = FULL`: the WAL is synced at
//! every commit, so an append acknowledged to a State survives a power
//! loss, not only a crash of the server (`NORMAL` would keep the database
//! consistent but could lose the last acknowledged appends on power loss).
//! PostgreSQL runs with its defaults (`synchronous_commit = on`).
//!
//! # The log's key
//!
//! The log's Ed25519 private key is a file, in the signed-note private key
//! format (`PRIVATE+KEY+<origin>+<key id>+<base64>`), readable by its owner
//! only (mode 0600): `<data dir>/log.key` for the embedded SQLite database
//! ([`init_data_dir`], [`open_data_dir`]), or any path given with a
//! PostgreSQL URL ([`read_key_file`], [`write_key_file`]). The database
//! records the log's origin and verifier key at its first open and refuses
//! to open with another key.
//!
//! # Verification
//!
//! [`Store::verify_store`] re-reads everything from the database and checks
//! every entry's signature and case chain, every stored entry hash and leaf
//! hash against the entry's bytes, every stored tree hash against the tree
//! recomputed from the entries, the head, and the latest checkpoint against
//! the log's verifier key; it names the first entry that fails.

pub mod bench;
pub mod db;
mod engine;
pub mod keyfile;
mod migrate;
pub mod workload;

use diligence_ledger::chain::ChainError;
use diligence_ledger::checkpoint::{LogKey, TreeHead};
use diligence_ledger::log::Hash;
use diligence_ledger::model::{CaseId, EntryHash, Kind, PublicKey, StateCode};
use diligence_ledger::sign::{SignatureError, SignedEntry};
use diligence_ledger::tiles::TileRef;
use std::fmt;
use std::path::Path;
use time::OffsetDateTime;

pub use engine::LedgerStore;
pub use keyfile::{init_data_dir, open_data_dir, read_key_file, write_key_file};

/// The most appends the writer commits in one transaction.
pub const MAX_BATCH: usize = 512;

/// The ledger stored in a SQLite database file.
pub type SqliteStore = LedgerStore<db::SqliteConnector>;

/// The ledger stored in a PostgreSQL database.
pub type PostgresStore = LedgerStore<db::PostgresConnector>;

/// A failure of the database or of what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The database failed (connection, SQL, I/O).
    Database(String),
    /// The database holds something the store never writes.
    Corrupt(String),
    /// The request cannot be met (a duplicate contact, an unknown leaf).
    Invalid(String),
    /// A file (the log's key) could not be read or written.
    Io(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Database(e) => write!(f, "database: {e}"),
            StoreError::Corrupt(e) => write!(f, "the database is not as the ledger wrote it: {e}"),
            StoreError::Invalid(e) => f.write_str(e),
            StoreError::Io(e) => write!(f, "file: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Why an append was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppendError {
    /// The entry is malformed, too large or badly signed (the field is
    /// named).
    Entry(SignatureError),
    /// The case's chain refuses it (replay, fork, wrong sender…).
    Chain(ChainError),
    /// The store failed.
    Store(StoreError),
}

impl fmt::Display for AppendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppendError::Entry(e) => e.fmt(f),
            AppendError::Chain(e) => e.fmt(f),
            AppendError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for AppendError {}

impl From<StoreError> for AppendError {
    fn from(e: StoreError) -> Self {
        AppendError::Store(e)
    }
}

/// An accepted entry's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// Its leaf index in the log.
    pub index: u64,
    /// Its case.
    pub case: CaseId,
    /// Its position in the case (0 for the notification).
    pub position: usize,
    /// Its entry hash.
    pub hash: EntryHash,
    /// When the log received it.
    pub received: OffsetDateTime,
}

/// What a token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A State's point of contact: writes that State's entries.
    Contact,
    /// An operator: manages tenants, writes no entry.
    Operator,
}

/// The holder of a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Its role.
    pub role: Role,
    /// The State of a point of contact (`None` for an operator).
    pub state: Option<StateCode>,
    /// The contact's or operator's name.
    pub name: String,
}

/// A registered point of contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactInfo {
    /// The State.
    pub state: StateCode,
    /// The contact's name.
    pub name: String,
    /// Its Ed25519 key.
    pub public_key: PublicKey,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    /// Its leaf index.
    pub index: u64,
    /// The signed entry.
    pub entry: SignedEntry,
    /// Its hash.
    pub hash: EntryHash,
    /// When the log received it.
    pub received: OffsetDateTime,
}

/// A case with its entries in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCase {
    /// The case id.
    pub id: CaseId,
    /// The notifying State.
    pub notifier: StateCode,
    /// The notified State.
    pub receiver: StateCode,
    /// Its entries.
    pub entries: Vec<StoredEntry>,
}

/// A case in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    /// The case id.
    pub id: CaseId,
    /// The notifying State.
    pub notifier: StateCode,
    /// The notified State.
    pub receiver: StateCode,
    /// How many entries it has.
    pub entries: u64,
    /// The leaf index of its notification.
    pub first_index: u64,
    /// The leaf index of its last entry.
    pub last_index: u64,
}

/// What a verification went through.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyReport {
    /// The entries checked.
    pub entries: u64,
    /// The cases checked.
    pub cases: u64,
    /// The tree head checked against the latest checkpoint.
    pub checkpoint: Option<TreeHead>,
}

/// The first thing that failed a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    /// The leaf index of the first bad entry, if the failure is an entry's.
    pub leaf: Option<u64>,
    /// Its case, when it could be read.
    pub case: Option<String>,
    /// Its kind, when it could be read.
    pub kind: Option<Kind>,
    /// Why.
    pub reason: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(leaf) = self.leaf {
            write!(f, "entry {leaf}")?;
            match (&self.case, self.kind) {
                (Some(c), Some(k)) => write!(f, " (case {c}, {k})")?,
                (Some(c), None) => write!(f, " (case {c})")?,
                _ => {}
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.reason)
    }
}

impl std::error::Error for VerifyError {}

/// The ledger's storage. Every method is synchronous and may block on the
/// database: an async server calls it off its workers.
pub trait Store: Send + Sync {
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;

    /// Registers a State as a tenant (nothing happens if it is one).
    fn add_state(&self, state: &StateCode) -> Result<(), StoreError>;

    /// Registers a point of contact of a State (registering the State if
    /// needed) with its Ed25519 key; returns its bearer token, which is
    /// shown this once: the store keeps only its SHA-256.
    fn add_contact(
        &self,
        state: &StateCode,
        name: &str,
        key: PublicKey,
    ) -> Result<String, StoreError>;

    /// Registers an operator (manages tenants, writes no entry); returns
    /// its bearer token, shown this once.
    fn add_operator(&self, name: &str) -> Result<String, StoreError>;

    /// Who holds `token`, if anyone.
    fn authenticate(&self, token: &str) -> Result<Option<Principal>, StoreError>;

    /// The registered States.
    fn states(&self) -> Result<Vec<StateCode>, StoreError>;

    /// The registered points of contact.
    fn contacts(&self) -> Result<Vec<ContactInfo>, StoreError>;

    /// Appends a signed entry received now; see the crate's documentation.
    fn append(&self, entry: SignedEntry) -> Result<Appended, AppendError> {
        self.append_at(entry, OffsetDateTime::now_utc())
    }

    /// Appends a signed entry received at `received`.
    fn append_at(
        &self,
        entry: SignedEntry,
        received: OffsetDateTime,
    ) -> Result<Appended, AppendError>;

    /// Appends a signed entry given as JSON text (as it comes over the
    /// wire): a malformed or oversized entry is refused with the field
    /// named.
    fn append_json(&self, json: &[u8]) -> Result<Appended, AppendError> {
        let entry = SignedEntry::from_slice(json).map_err(AppendError::Entry)?;
        self.append(entry)
    }

    /// A case and its entries.
    fn case(&self, id: &CaseId) -> Result<Option<StoredCase>, StoreError>;

    /// The cases a State is party to (as notifier or receiver), oldest
    /// first.
    fn cases_of(&self, state: &StateCode) -> Result<Vec<CaseSummary>, StoreError>;

    /// The canonical bytes of the entries with leaf indices `from..to`.
    fn entries(&self, from: u64, to: u64) -> Result<Vec<Vec<u8>>, StoreError>;

    /// A C2SP entry bundle (`tile/entries/…`).
    fn entry_bundle(&self, tile: TileRef) -> Result<Vec<u8>, StoreError>;

    /// A C2SP hash tile (`tile/<L>/…`) of the current tree.
    fn tile(&self, tile: TileRef) -> Result<Vec<u8>, StoreError>;

    /// The current tree head (size and root).
    fn tree_head(&self) -> Result<TreeHead, StoreError>;

    /// The proof that leaf `index` is in the tree of `size` leaves.
    fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError>;

    /// The proof that the tree of `old` leaves is a prefix of the tree of
    /// `new` leaves.
    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, StoreError>;

    /// The latest signed checkpoint (signed anew only when the log grew).
    fn checkpoint(&self) -> Result<Vec<u8>, StoreError>;

    /// The log's verifier key, in the signed-note format.
    fn verifier_key(&self) -> String;

    /// Re-reads and checks everything against `verifier_key`; names the
    /// first entry that fails.
    fn verify_store(&self, verifier_key: &str) -> Result<VerifyReport, VerifyError>;
}

/// Opens the ledger at `database`: a PostgreSQL URL (`postgres://` or
/// `postgresql://`) or the path of a SQLite file, signing with `key`.
pub fn open(database: &str, key: LogKey) -> Result<Box<dyn Store>, StoreError> {
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        Ok(Box::new(PostgresStore::open_postgres(database, key)?))
    } else {
        Ok(Box::new(SqliteStore::open_sqlite(
            Path::new(database),
            key,
        )?))
    }
}
