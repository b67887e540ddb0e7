//! The store's one implementation over any [`Connector`]: the writer thread
//! and its group commit, the reads, the tenants and the verification (see
//! the crate's documentation for the design).

use crate::db::{int, Conn, Connector, Pool, PostgresConnector, SqliteConnector, Value};
use crate::migrate::migrate;
use crate::{
    AppendError, Appended, CaseSummary, ContactInfo, Principal, Role, Store, StoreError,
    StoredCase, StoredEntry, VerifyError, VerifyReport, MAX_BATCH,
};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use diligence_ledger::chain::{Case, Directory, Rule};
use diligence_ledger::checkpoint::{self, LogKey, TreeHead};
use diligence_ledger::log::{leaf_hash, Hash, MemoryLog};
use diligence_ledger::model::{CaseId, EntryHash, PublicKey, StateCode};
use diligence_ledger::sign::{SignatureError, SignedEntry, MAX_ENTRY_BYTES};
use diligence_ledger::tiles::{self, TileRef, FULL_WIDTH};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tlog_tiles::HashReader;

/// The time now, as stored.
pub(crate) fn now_text() -> String {
    time_text(OffsetDateTime::now_utc())
}

fn time_text(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn parse_time(text: &str) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|_| StoreError::Corrupt(format!("{text:?} is not a time")))
}

struct Job {
    entry: SignedEntry,
    received: OffsetDateTime,
    reply: mpsc::SyncSender<Result<Appended, AppendError>>,
}

/// The ledger in a database reached by `K` (see [`crate::SqliteStore`] and
/// [`crate::PostgresStore`]).
pub struct LedgerStore<K: Connector> {
    pool: Arc<Pool<K>>,
    queue: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    key: Arc<LogKey>,
    backend: &'static str,
    checkpoint: Mutex<Option<(u64, Vec<u8>)>>,
    verifiers: Semaphore,
    keys: KeyCache,
    /// The largest tree size read from the head: the log only grows, so a
    /// tree of at most this size is in it without asking the database.
    known_size: std::sync::atomic::AtomicU64,
    /// Stored hashes of the tree's upper levels read by proofs and tiles:
    /// a stored hash covers a complete subtree and never changes, and the
    /// upper levels are in every proof.
    upper: Mutex<HashMap<u64, Hash>>,
}

/// The lowest level whose stored hashes the read paths keep (subtrees of
/// 2^6 = 64 leaves and more: at 10^6 leaves, about 31,000 hashes).
const UPPER_LEVEL: u8 = 6;

/// At most this many upper hashes are kept (then the cache starts again).
const UPPER_MAX: usize = 1 << 17;

/// The senders' keys, decompressed once and kept (a point decompression
/// is a good part of a signature's verification); only keys that have
/// verified a signature are kept, at most [`KeyCache::MAX`].
#[derive(Default)]
struct KeyCache(std::sync::RwLock<HashMap<[u8; 32], ed25519_dalek::VerifyingKey>>);

impl KeyCache {
    const MAX: usize = 4096;

    /// Verifies `entry`'s signature strictly with its key, kept or new.
    fn verify(&self, entry: &SignedEntry) -> Result<(), SignatureError> {
        let bytes = entry.public_key().0;
        let kept = self.0.read().ok().and_then(|k| k.get(&bytes).copied());
        if let Some(key) = kept {
            return entry.verify_with(&key);
        }
        let key = entry.verifying_key()?;
        entry.verify_with(&key)?;
        if let Ok(mut keys) = self.0.write() {
            if keys.len() >= Self::MAX {
                keys.clear();
            }
            keys.insert(bytes, key);
        }
        Ok(())
    }
}

/// A counting semaphore.
struct Semaphore {
    free: Mutex<usize>,
    freed: std::sync::Condvar,
}

struct Permit<'a>(&'a Semaphore);

impl Semaphore {
    fn new(n: usize) -> Semaphore {
        Semaphore {
            free: Mutex::new(n.max(1)),
            freed: std::sync::Condvar::new(),
        }
    }

    fn acquire(&self) -> Option<Permit<'_>> {
        let mut free = self.free.lock().ok()?;
        while *free == 0 {
            free = self.freed.wait(free).ok()?;
        }
        *free -= 1;
        Some(Permit(self))
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if let Ok(mut free) = self.0.free.lock() {
            *free += 1;
        }
        self.0.freed.notify_one();
    }
}

impl LedgerStore<SqliteConnector> {
    /// Opens (creating and migrating if needed) the SQLite database at
    /// `path`, signing with `key`.
    pub fn open_sqlite(path: &Path, key: LogKey) -> Result<Self, StoreError> {
        LedgerStore::open_with(
            SqliteConnector {
                path: path.to_owned(),
            },
            key,
            "sqlite",
        )
    }
}

impl LedgerStore<PostgresConnector> {
    /// Opens (migrating if needed) the PostgreSQL database at `url`,
    /// signing with `key`.
    pub fn open_postgres(url: &str, key: LogKey) -> Result<Self, StoreError> {
        LedgerStore::open_with(PostgresConnector { url: url.into() }, key, "postgres")
    }
}

impl<K: Connector> Drop for LedgerStore<K> {
    fn drop(&mut self) {
        if let Ok(mut q) = self.queue.lock() {
            q.take();
        }
        if let Some(w) = self.writer.lock().ok().and_then(|mut w| w.take()) {
            let _ = w.join();
        }
    }
}

impl<K: Connector> LedgerStore<K> {
    /// Opens the store: migrates, checks that the database is this log's,
    /// starts the writer.
    pub fn open_with(connector: K, key: LogKey, backend: &'static str) -> Result<Self, StoreError> {
        let pool = Arc::new(Pool::new(connector));
        let verifier = key.verifier_key();
        pool.with(|c| {
            migrate(c)?;
            c.execute(
                "INSERT INTO log_head (id, size, root) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING",
                &[Value::Blob(tlog_tiles::EMPTY_HASH.0.to_vec())],
            )?;
            for (name, value) in [("origin", key.origin()), ("verifier_key", &verifier)] {
                c.execute(
                    "INSERT INTO ledger_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                    &[Value::Text(name.into()), Value::Text(value.into())],
                )?;
                let stored = c.query(
                    "SELECT value FROM ledger_meta WHERE name = $1",
                    &[Value::Text(name.into())],
                )?;
                let stored = stored
                    .first()
                    .map(|r| r[0].text().map(str::to_owned))
                    .transpose()?
                    .unwrap_or_default();
                if stored != value {
                    return Err(StoreError::Invalid(format!(
                        "this database is the log {stored:?}, not {value:?}: open it with its own key"
                    )));
                }
            }
            Ok(())
        })?;
        let key = Arc::new(key);
        let conn = pool.connector().connect()?;
        let (tx, rx) = mpsc::channel();
        let mut writer = Writer {
            conn,
            key: key.clone(),
            directory: Arc::new(Directory::new()),
            cases: HashMap::new(),
            known: HashMap::new(),
        };
        let handle = std::thread::Builder::new()
            .name("ledger-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(|e| StoreError::Database(format!("cannot start the writer: {e}")))?;
        Ok(LedgerStore {
            pool,
            queue: Mutex::new(Some(tx)),
            writer: Mutex::new(Some(handle)),
            key,
            backend,
            checkpoint: Mutex::new(None),
            verifiers: Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get())),
            keys: KeyCache::default(),
            known_size: std::sync::atomic::AtomicU64::new(0),
            upper: Mutex::new(HashMap::new()),
        })
    }

    fn read<T>(&self, f: impl FnOnce(&mut K::C) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.pool.with(f)
    }
}

// ------------------------------------------------------------ the writer

struct Writer<C: Conn> {
    conn: C,
    key: Arc<LogKey>,
    /// The registered keys, shared by the checks of a batch and read again
    /// only when an entry names a contact it does not know.
    directory: Arc<Directory>,
    cases: HashMap<CaseId, Case>,
    /// How many entries the database holds for each case of the current
    /// batch (absent: a new case), read in one query at the batch's start
    /// and kept up to date by its appends.
    known: HashMap<CaseId, u64>,
}

/// Reads stored tree hashes through a cache, asking the database for the
/// rest.
struct DbHashes<'a> {
    conn: RefCell<&'a mut dyn Conn>,
    cache: RefCell<&'a mut HashMap<u64, Hash>>,
    error: RefCell<Option<StoreError>>,
    /// The store's kept upper hashes (read paths only: the writer's
    /// batch reads and writes its own cache).
    upper: Option<&'a Mutex<HashMap<u64, Hash>>>,
}

impl<'a> DbHashes<'a> {
    fn new(conn: &'a mut dyn Conn, cache: &'a mut HashMap<u64, Hash>) -> Self {
        DbHashes {
            conn: RefCell::new(conn),
            cache: RefCell::new(cache),
            error: RefCell::new(None),
            upper: None,
        }
    }

    /// A reader that also uses and fills the store's upper hashes.
    fn with_upper(
        conn: &'a mut dyn Conn,
        cache: &'a mut HashMap<u64, Hash>,
        upper: &'a Mutex<HashMap<u64, Hash>>,
    ) -> Self {
        DbHashes {
            upper: Some(upper),
            ..DbHashes::new(conn, cache)
        }
    }

    fn failure(&self, e: tlog_tiles::Error) -> StoreError {
        self.error
            .borrow_mut()
            .take()
            .unwrap_or_else(|| StoreError::Invalid(e.to_string()))
    }
}

fn read_tree_hashes(
    conn: &mut dyn Conn,
    indexes: &[u64],
    into: &mut HashMap<u64, Hash>,
) -> Result<(), StoreError> {
    for chunk in indexes.chunks(256) {
        // A few shapes of statement only (the list padded with its last
        // index), so that each is prepared once per connection.
        let shape = [8, 32, 64, 256]
            .into_iter()
            .find(|&n| n >= chunk.len())
            .unwrap_or(chunk.len());
        let placeholders: Vec<String> = (1..=shape).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT idx, hash FROM tree_hashes WHERE idx IN ({})",
            placeholders.join(", ")
        );
        let last = chunk.last().copied().unwrap_or(0);
        let params: Vec<Value> = (0..shape)
            .map(|k| int(chunk.get(k).copied().unwrap_or(last)))
            .collect();
        for row in conn.query(&sql, &params)? {
            into.insert(row[0].uint()?, Hash(row[1].hash32()?));
        }
    }
    Ok(())
}

impl HashReader for DbHashes<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        let mut cache = self.cache.borrow_mut();
        let is_upper = |i: u64| tlog_tiles::split_stored_hash_index(i).0 >= UPPER_LEVEL;
        if let Some(upper) = self.upper.and_then(|u| u.lock().ok()) {
            for &i in indexes {
                if let Some(h) = upper.get(&i) {
                    cache.insert(i, *h);
                }
            }
        }
        let missing: Vec<u64> = indexes
            .iter()
            .copied()
            .filter(|i| !cache.contains_key(i))
            .collect();
        if !missing.is_empty() {
            let mut conn = self.conn.borrow_mut();
            if let Err(e) = read_tree_hashes(&mut **conn, &missing, &mut cache) {
                *self.error.borrow_mut() = Some(e);
                return Err(tlog_tiles::Error::IndexesNotInTree);
            }
            if let Some(mut upper) = self.upper.and_then(|u| u.lock().ok()) {
                if upper.len() >= UPPER_MAX {
                    upper.clear();
                }
                for i in missing.into_iter().filter(|&i| is_upper(i)) {
                    if let Some(h) = cache.get(&i) {
                        upper.insert(i, *h);
                    }
                }
            }
        }
        indexes
            .iter()
            .map(|i| {
                cache
                    .get(i)
                    .copied()
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

fn read_head(conn: &mut dyn Conn) -> Result<TreeHead, StoreError> {
    let rows = conn.query("SELECT size, root FROM log_head WHERE id = 1", &[])?;
    let row = rows
        .first()
        .ok_or_else(|| StoreError::Corrupt("the log's head is missing".into()))?;
    Ok(TreeHead {
        size: row[0].uint()?,
        root: Hash(row[1].hash32()?),
    })
}

fn load_directory(conn: &mut dyn Conn) -> Result<Directory, StoreError> {
    let mut d = Directory::new();
    for row in conn.query(
        "SELECT state, name, public_key FROM principals WHERE role = 'contact'",
        &[],
    )? {
        let state =
            StateCode::parse(row[0].text()?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        d.add(state, row[1].text()?, PublicKey(row[2].hash32()?));
    }
    Ok(d)
}

fn case_rows(conn: &mut dyn Conn, id: &CaseId) -> Result<Vec<StoredEntry>, StoreError> {
    conn.query(
        "SELECT idx, hash, received, body FROM entries WHERE case_id = $1 ORDER BY idx",
        &[Value::Text(id.as_str().into())],
    )?
    .iter()
    .map(|row| {
        let entry = SignedEntry::from_slice(row[3].blob()?).map_err(|e| {
            StoreError::Corrupt(format!("entry {}: {e}", row[0].int().unwrap_or(-1)))
        })?;
        Ok(StoredEntry {
            index: row[0].uint()?,
            entry,
            hash: EntryHash(row[1].hash32()?),
            received: parse_time(row[2].text()?)?,
        })
    })
    .collect()
}

type Answer = Result<Appended, AppendError>;

impl<C: Conn> Writer<C> {
    fn run(&mut self, rx: mpsc::Receiver<Job>) {
        if let Ok(d) = load_directory(&mut self.conn) {
            self.directory = Arc::new(d);
        }
        while let Ok(first) = rx.recv() {
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(j) => jobs.push(j),
                    Err(_) => break,
                }
            }
            self.handle(jobs);
        }
    }

    fn handle(&mut self, jobs: Vec<Job>) {
        match self.batch(&jobs) {
            Ok(answers) => {
                for (job, answer) in jobs.into_iter().zip(answers) {
                    let _ = job.reply.send(answer);
                }
            }
            Err(e) => {
                self.abort();
                if jobs.len() == 1 {
                    for job in jobs {
                        let _ = job.reply.send(Err(AppendError::Store(e.clone())));
                    }
                    return;
                }
                // Alone, only the entry at fault fails.
                for job in jobs {
                    let answer = match self.batch(std::slice::from_ref(&job)) {
                        Ok(mut a) => a
                            .pop()
                            .unwrap_or_else(|| Err(AppendError::Store(e.clone()))),
                        Err(e) => {
                            self.abort();
                            Err(AppendError::Store(e))
                        }
                    };
                    let _ = job.reply.send(answer);
                }
            }
        }
    }

    fn abort(&mut self) {
        let _ = self.conn.batch("ROLLBACK");
        self.cases.clear();
    }

    fn batch(&mut self, jobs: &[Job]) -> Result<Vec<Answer>, StoreError> {
        self.conn.begin_write()?;
        let head = read_head(&mut self.conn)?;
        self.read_known(jobs)?;
        let start = head.size;
        let mut size = start;
        let mut cache: HashMap<u64, Hash> = HashMap::new();
        let mut fresh: Vec<Hash> = Vec::new();
        let mut answers = Vec::with_capacity(jobs.len());
        for job in jobs {
            answers.push(self.one(job, &mut size, &mut cache, &mut fresh)?);
        }
        if size > start {
            let first = tlog_tiles::stored_hash_count(start);
            for (k, chunk) in fresh.chunks(200).enumerate() {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                    .collect();
                let sql = format!(
                    "INSERT INTO tree_hashes (idx, hash) VALUES {}",
                    values.join(", ")
                );
                let mut params = Vec::with_capacity(chunk.len() * 2);
                for (i, h) in chunk.iter().enumerate() {
                    params.push(int(first + (k * 200 + i) as u64));
                    params.push(Value::Blob(h.0.to_vec()));
                }
                self.conn.execute(&sql, &params)?;
            }
            let root = {
                let reader = DbHashes::new(&mut self.conn, &mut cache);
                tlog_tiles::tree_hash(size, &reader).map_err(|e| reader.failure(e))?
            };
            let note = self
                .key
                .sign(TreeHead { size, root })
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            self.conn.execute(
                "UPDATE log_head SET size = $1, root = $2 WHERE id = 1",
                &[int(size), Value::Blob(root.0.to_vec())],
            )?;
            self.conn.execute(
                "INSERT INTO checkpoints (size, note) VALUES ($1, $2)",
                &[int(size), Value::Blob(note)],
            )?;
        }
        self.conn.batch("COMMIT")?;
        Ok(answers)
    }

    /// Reads how many entries the database holds for each case the batch
    /// names, in one query per 256 cases (under the write lock: no other
    /// writer changes them until the batch commits).
    fn read_known(&mut self, jobs: &[Job]) -> Result<(), StoreError> {
        self.known.clear();
        let mut ids: Vec<&str> = jobs
            .iter()
            .map(|j| j.entry.record().case.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(256) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT case_id, entries FROM cases WHERE case_id IN ({})",
                placeholders.join(", ")
            );
            let params: Vec<Value> = chunk.iter().map(|&i| Value::Text(i.into())).collect();
            for row in self.conn.query(&sql, &params)? {
                let id = CaseId::parse(row[0].text()?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                self.known.insert(id, row[1].uint()?);
            }
        }
        Ok(())
    }

    /// The case an entry goes to, as the database has it (`None` for a new
    /// case), from the cache when the cache is current.
    fn current_case(&mut self, id: &CaseId) -> Result<Option<&mut Case>, StoreError> {
        let Some(&n) = self.known.get(id) else {
            self.cases.remove(id);
            return Ok(None);
        };
        let current = self
            .cases
            .get(id)
            .is_some_and(|c| c.entries().len() as u64 == n);
        if !current {
            if self.cases.len() >= 20_000 {
                self.cases.clear();
            }
            let rows = case_rows(&mut self.conn, id)?;
            let entries: Vec<_> = rows.iter().map(|r| (r.entry.clone(), r.received)).collect();
            let case = match Case::from_entries(entries.clone(), &self.directory) {
                Ok(c) => c,
                Err(_) => {
                    self.directory = Arc::new(load_directory(&mut self.conn)?);
                    Case::from_entries(entries, &self.directory).map_err(|e| {
                        StoreError::Corrupt(format!("case {id} does not verify: {e}"))
                    })?
                }
            };
            self.cases.insert(id.clone(), case);
        }
        Ok(self.cases.get_mut(id))
    }

    fn check(&mut self, job: &Job) -> Result<Result<usize, AppendError>, StoreError> {
        let record = job.entry.record();
        let id = record.case.clone();
        for attempt in 0..2 {
            let directory = Arc::clone(&self.directory);
            let result = match self.current_case(&id)? {
                None => Case::open_verified(job.entry.clone(), job.received, &directory).map(|c| {
                    self.cases.insert(id.clone(), c);
                    0
                }),
                Some(case) => case
                    .append_verified(job.entry.clone(), job.received, &directory)
                    .map(|()| case.entries().len() - 1),
            };
            match result {
                Err(e) if e.rule == Rule::RegisteredKey && attempt == 0 => {
                    // A contact registered since the directory was read.
                    self.directory = Arc::new(load_directory(&mut self.conn)?);
                }
                Err(e) => return Ok(Err(AppendError::Chain(e))),
                Ok(p) => return Ok(Ok(p)),
            }
        }
        unreachable!("the second attempt returns")
    }

    fn one(
        &mut self,
        job: &Job,
        size: &mut u64,
        cache: &mut HashMap<u64, Hash>,
        fresh: &mut Vec<Hash>,
    ) -> Result<Answer, StoreError> {
        let bytes = job.entry.canonical_bytes();
        if bytes.len() > MAX_ENTRY_BYTES {
            return Ok(Err(AppendError::Entry(SignatureError::TooLarge(
                bytes.len(),
            ))));
        }
        if let Err(e) = job.entry.record().validate() {
            return Ok(Err(AppendError::Entry(SignatureError::Malformed(e))));
        }
        let position = match self.check(job)? {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let record = job.entry.record();
        let index = *size;
        let hash = EntryHash(Sha256::digest(&bytes).into());
        let case_text = Value::Text(record.case.as_str().into());
        self.conn.execute(
            "INSERT INTO entries (idx, case_id, position, kind, from_state, hash, received, body) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                int(index),
                case_text.clone(),
                int(position as u64),
                Value::Text(record.kind().as_str().into()),
                Value::Text(record.from_state.as_str().into()),
                Value::Blob(hash.0.to_vec()),
                Value::Text(time_text(job.received)),
                Value::Blob(bytes.clone()),
            ],
        )?;
        if position == 0 {
            let receiver = match &record.body {
                diligence_ledger::model::Body::Notification(n) => n.to.as_str().to_owned(),
                _ => String::new(),
            };
            self.conn.execute(
                "INSERT INTO cases (case_id, notifier, receiver, entries, first_index, last_index) \
                 VALUES ($1, $2, $3, 1, $4, $5)",
                &[
                    case_text,
                    Value::Text(record.from_state.as_str().into()),
                    Value::Text(receiver),
                    int(index),
                    int(index),
                ],
            )?;
        } else {
            self.conn.execute(
                "UPDATE cases SET entries = $2, last_index = $3 WHERE case_id = $1",
                &[case_text, int(position as u64 + 1), int(index)],
            )?;
        }
        let new = {
            let reader = DbHashes::new(&mut self.conn, cache);
            tlog_tiles::stored_hashes_for_record_hash(index, leaf_hash(&bytes), &reader)
                .map_err(|e| reader.failure(e))?
        };
        let first = tlog_tiles::stored_hash_count(index);
        for (i, h) in new.iter().enumerate() {
            cache.insert(first + i as u64, *h);
        }
        fresh.extend(new);
        self.known.insert(record.case.clone(), position as u64 + 1);
        *size += 1;
        Ok(Ok(Appended {
            index,
            case: record.case.clone(),
            position,
            hash,
            received: job.received,
        }))
    }
}

// ------------------------------------------------------------- tenants

fn new_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Io(format!("no randomness: {e}")))?;
    Ok(format!("dlg_{}", URL_SAFE_NO_PAD.encode(bytes)))
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn insert_state(c: &mut dyn Conn, state: &StateCode) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO states (state, created) VALUES ($1, $2) ON CONFLICT (state) DO NOTHING",
        &[Value::Text(state.as_str().into()), Value::Text(now_text())],
    )?;
    Ok(())
}

fn insert_principal(
    c: &mut dyn Conn,
    role: &str,
    state: &str,
    name: &str,
    key: &[u8],
) -> Result<String, StoreError> {
    let exists = c.query(
        "SELECT name FROM principals WHERE role = $1 AND state = $2 AND name = $3",
        &[
            Value::Text(role.into()),
            Value::Text(state.into()),
            Value::Text(name.into()),
        ],
    )?;
    if !exists.is_empty() {
        return Err(StoreError::Invalid(format!(
            "{name} is already registered{}",
            if state.is_empty() {
                String::new()
            } else {
                format!(" for {state}")
            }
        )));
    }
    let token = new_token()?;
    c.execute(
        "INSERT INTO principals (role, state, name, public_key, token_hash, created) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            Value::Text(role.into()),
            Value::Text(state.into()),
            Value::Text(name.into()),
            Value::Blob(key.to_vec()),
            Value::Blob(token_hash(&token)),
            Value::Text(now_text()),
        ],
    )?;
    Ok(token)
}

fn check_name(name: &str) -> Result<(), StoreError> {
    diligence_ledger::model::check_text(
        "name",
        name,
        diligence_ledger::model::MAX_CONTACT_NAME,
        false,
    )
    .map_err(|e| StoreError::Invalid(e.to_string()))
}

// ---------------------------------------------------------------- reads

impl<K: Connector> LedgerStore<K> {
    fn head(&self) -> Result<TreeHead, StoreError> {
        let head = self.read(|c| read_head(c))?;
        self.saw_size(head.size);
        Ok(head)
    }

    fn saw_size(&self, size: u64) {
        self.known_size
            .fetch_max(size, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the log has at least `size` leaves, asking the database
    /// only when no larger head has been seen; `Err` names the head.
    fn has_size(&self, c: &mut dyn Conn, size: u64) -> Result<Result<(), u64>, StoreError> {
        if size <= self.known_size.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(Ok(()));
        }
        let head = read_head(c)?.size;
        self.saw_size(head);
        Ok(if size <= head { Ok(()) } else { Err(head) })
    }

    fn verify_inner(
        &self,
        c: &mut dyn Conn,
        verifier_key: &str,
    ) -> Result<VerifyReport, VerifyError> {
        let db = |e: StoreError| VerifyError {
            leaf: None,
            case: None,
            kind: None,
            reason: e.to_string(),
        };
        let head = read_head(c).map_err(db)?;
        let directory = load_directory(c).map_err(db)?;
        let mut log = MemoryLog::new();
        let mut cases: HashMap<CaseId, Case> = HashMap::new();
        let mut expected = 0u64;
        loop {
            let rows = c
                .query(
                    "SELECT idx, case_id, position, kind, from_state, hash, received, body \
                     FROM entries WHERE idx >= $1 ORDER BY idx LIMIT 5000",
                    &[int(expected)],
                )
                .map_err(db)?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let case_col = row[1].text().ok().map(str::to_owned);
                let fail = |leaf: u64, kind, reason: String| VerifyError {
                    leaf: Some(leaf),
                    case: case_col.clone(),
                    kind,
                    reason,
                };
                let idx = row[0].uint().map_err(db)?;
                if idx != expected {
                    return Err(VerifyError {
                        leaf: Some(expected),
                        case: None,
                        kind: None,
                        reason: "the entry is missing from the database".into(),
                    });
                }
                let bytes = row[7].blob().map_err(db)?;
                let entry = SignedEntry::from_slice(bytes)
                    .map_err(|e| fail(idx, None, format!("the stored entry does not read: {e}")))?;
                let record = entry.record().clone();
                let kind = Some(record.kind());
                let received = row[6]
                    .text()
                    .and_then(parse_time)
                    .map_err(|e| fail(idx, kind, e.to_string()))?;
                let chained = match cases.get_mut(&record.case) {
                    None => Case::open(entry.clone(), received, &directory).map(|case| {
                        cases.insert(record.case.clone(), case);
                    }),
                    Some(case) => case.append(entry.clone(), received, &directory),
                };
                chained.map_err(|e| fail(idx, kind, e.to_string()))?;
                let position = cases.get(&record.case).map_or(0, |c| c.entries().len() - 1);
                if row[5].hash32().ok() != Some(entry.hash().0) {
                    return Err(fail(
                        idx,
                        kind,
                        "the stored entry hash is not the hash of the entry's bytes".into(),
                    ));
                }
                if bytes != entry.canonical_bytes().as_slice() {
                    return Err(fail(idx, kind, "the stored bytes are not canonical".into()));
                }
                let columns_agree = case_col.as_deref() == Some(record.case.as_str())
                    && row[2].uint().ok() == Some(position as u64)
                    && row[3].text().ok() == Some(record.kind().as_str())
                    && row[4].text().ok() == Some(record.from_state.as_str());
                if !columns_agree {
                    return Err(fail(
                        idx,
                        kind,
                        "the row's case, position, kind or sender does not match the entry".into(),
                    ));
                }
                log.append(bytes);
                expected += 1;
            }
        }
        if expected != head.size {
            return Err(VerifyError {
                leaf: Some(expected.min(head.size)),
                case: None,
                kind: None,
                reason: format!(
                    "the log's head counts {} entries, the database holds {expected}",
                    head.size
                ),
            });
        }
        // Every stored tree hash against the tree recomputed from the
        // entries.
        let count = tlog_tiles::stored_hash_count(expected);
        let mut next = 0u64;
        loop {
            let rows = c
                .query(
                    "SELECT idx, hash FROM tree_hashes WHERE idx >= $1 ORDER BY idx LIMIT 20000",
                    &[int(next)],
                )
                .map_err(db)?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let idx = row[0].uint().map_err(db)?;
                let leaf_of = |s: u64| {
                    let (level, n) = tlog_tiles::split_stored_hash_index(s);
                    n << level
                };
                let stored = row[1].hash32().ok();
                let want = log.read_hashes(&[idx]).ok().map(|h| h[0].0);
                if idx != next || stored.is_none() || stored != want {
                    let at = if idx != next { next } else { idx };
                    return Err(VerifyError {
                        leaf: Some(leaf_of(at).min(expected.saturating_sub(1))),
                        case: None,
                        kind: None,
                        reason: format!(
                            "the stored tree hash {at} does not match the tree recomputed from the entries"
                        ),
                    });
                }
                next += 1;
            }
        }
        if next != count {
            return Err(VerifyError {
                leaf: None,
                case: None,
                kind: None,
                reason: format!("the database holds {next} tree hashes, the tree has {count}"),
            });
        }
        let root = log
            .root(expected)
            .map_err(|e| db(StoreError::Corrupt(e.to_string())))?;
        if root != head.root {
            return Err(VerifyError {
                leaf: None,
                case: None,
                kind: None,
                reason: "the log's head root is not the root of the entries".into(),
            });
        }
        let notes = c
            .query(
                "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1",
                &[],
            )
            .map_err(db)?;
        let checkpoint = match notes.first() {
            None if expected == 0 => None,
            None => {
                return Err(VerifyError {
                    leaf: None,
                    case: None,
                    kind: None,
                    reason: "no checkpoint signed by the log's key".into(),
                })
            }
            Some(row) => {
                let note = row[1].blob().map_err(db)?;
                let signed = checkpoint::verify(note, verifier_key).map_err(|e| VerifyError {
                    leaf: None,
                    case: None,
                    kind: None,
                    reason: format!("the latest checkpoint: {e}"),
                })?;
                let recomputed = log.root(signed.size).ok();
                if signed.size != head.size || recomputed != Some(signed.root) {
                    return Err(VerifyError {
                        leaf: None,
                        case: None,
                        kind: None,
                        reason: format!(
                            "the latest checkpoint signs a tree of {} leaves that is not the log of {} entries",
                            signed.size, expected
                        ),
                    });
                }
                Some(signed)
            }
        };
        Ok(VerifyReport {
            entries: expected,
            cases: cases.len() as u64,
            checkpoint,
        })
    }
}

impl<K: Connector> Store for LedgerStore<K> {
    fn backend(&self) -> &'static str {
        self.backend
    }

    fn add_state(&self, state: &StateCode) -> Result<(), StoreError> {
        self.read(|c| insert_state(c, state))
    }

    fn add_contact(
        &self,
        state: &StateCode,
        name: &str,
        key: PublicKey,
    ) -> Result<String, StoreError> {
        check_name(name)?;
        self.read(|c| {
            c.begin_migration()?;
            let out = insert_state(c, state)
                .and_then(|()| insert_principal(c, "contact", state.as_str(), name, &key.0));
            match out {
                Ok(t) => c.batch("COMMIT").map(|()| t),
                Err(e) => {
                    c.batch("ROLLBACK")?;
                    Err(e)
                }
            }
        })
    }

    fn add_operator(&self, name: &str) -> Result<String, StoreError> {
        check_name(name)?;
        self.read(|c| insert_principal(c, "operator", "", name, &[]))
    }

    fn authenticate(&self, token: &str) -> Result<Option<Principal>, StoreError> {
        if token.len() > 200 {
            return Ok(None);
        }
        let rows = self.read(|c| {
            c.query(
                "SELECT role, state, name FROM principals WHERE token_hash = $1",
                &[Value::Blob(token_hash(token))],
            )
        })?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let role = match row[0].text()? {
            "contact" => Role::Contact,
            _ => Role::Operator,
        };
        let state = match role {
            Role::Contact => Some(
                StateCode::parse(row[1].text()?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            ),
            Role::Operator => None,
        };
        Ok(Some(Principal {
            role,
            state,
            name: row[2].text()?.to_owned(),
        }))
    }

    fn states(&self) -> Result<Vec<StateCode>, StoreError> {
        self.read(|c| c.query("SELECT state FROM states ORDER BY state", &[]))?
            .iter()
            .map(|r| StateCode::parse(r[0].text()?).map_err(|e| StoreError::Corrupt(e.to_string())))
            .collect()
    }

    fn contacts(&self) -> Result<Vec<ContactInfo>, StoreError> {
        self.read(|c| {
            c.query(
                "SELECT state, name, public_key FROM principals WHERE role = 'contact' ORDER BY state, name",
                &[],
            )
        })?
        .iter()
        .map(|r| {
            Ok(ContactInfo {
                state: StateCode::parse(r[0].text()?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                name: r[1].text()?.to_owned(),
                public_key: PublicKey(r[2].hash32()?),
            })
        })
        .collect()
    }

    fn append_at(
        &self,
        entry: SignedEntry,
        received: OffsetDateTime,
    ) -> Result<Appended, AppendError> {
        // The signature depends on the entry alone: it is verified here,
        // in the caller's thread (in parallel), and the writer applies the
        // other rules.
        {
            // At most as many verifications at once as there are cores:
            // the writer mostly waits on its commit's sync, and more
            // threads would only queue for the cores.
            let _permit = self.verifiers.acquire();
            self.keys.verify(&entry).map_err(AppendError::Entry)?;
        }
        let (reply, answer) = mpsc::sync_channel(1);
        {
            let queue = self
                .queue
                .lock()
                .map_err(|_| StoreError::Database("the writer's queue is poisoned".into()))?;
            let sender = queue
                .as_ref()
                .ok_or_else(|| StoreError::Database("the store is closed".into()))?;
            sender
                .send(Job {
                    entry,
                    received,
                    reply,
                })
                .map_err(|_| StoreError::Database("the writer has stopped".into()))?;
        }
        answer.recv().map_err(|_| {
            AppendError::Store(StoreError::Database("the writer has stopped".into()))
        })?
    }

    fn case(&self, id: &CaseId) -> Result<Option<StoredCase>, StoreError> {
        self.read(|c| {
            c.begin_snapshot()?;
            let rows = c.query(
                "SELECT notifier, receiver FROM cases WHERE case_id = $1",
                &[Value::Text(id.as_str().into())],
            )?;
            let out = match rows.first() {
                None => None,
                Some(row) => {
                    let parse = |v: &Value| {
                        StateCode::parse(v.text()?).map_err(|e| StoreError::Corrupt(e.to_string()))
                    };
                    Some(StoredCase {
                        id: id.clone(),
                        notifier: parse(&row[0])?,
                        receiver: parse(&row[1])?,
                        entries: case_rows(c, id)?,
                    })
                }
            };
            c.batch("COMMIT")?;
            Ok(out)
        })
    }

    fn cases_of(&self, state: &StateCode) -> Result<Vec<CaseSummary>, StoreError> {
        let rows = self.read(|c| {
            c.query(
                "SELECT case_id, notifier, receiver, entries, first_index, last_index FROM cases \
                 WHERE notifier = $1 OR receiver = $1 ORDER BY first_index",
                &[Value::Text(state.as_str().into())],
            )
        })?;
        let corrupt = |e: diligence_ledger::model::ModelError| StoreError::Corrupt(e.to_string());
        rows.iter()
            .map(|r| {
                Ok(CaseSummary {
                    id: CaseId::parse(r[0].text()?).map_err(corrupt)?,
                    notifier: StateCode::parse(r[1].text()?).map_err(corrupt)?,
                    receiver: StateCode::parse(r[2].text()?).map_err(corrupt)?,
                    entries: r[3].uint()?,
                    first_index: r[4].uint()?,
                    last_index: r[5].uint()?,
                })
            })
            .collect()
    }

    fn entries(&self, from: u64, to: u64) -> Result<Vec<Vec<u8>>, StoreError> {
        let size = self.head()?.size;
        if from > to || to > size {
            return Err(StoreError::Invalid(format!(
                "no entries {from} to {to} in a log of {size}"
            )));
        }
        let rows = self.read(|c| {
            c.query(
                "SELECT idx, body FROM entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
                &[int(from), int(to)],
            )
        })?;
        let mut out = Vec::with_capacity(rows.len());
        for (expected, row) in (from..).zip(&rows) {
            if row[0].uint()? != expected {
                return Err(StoreError::Corrupt(format!("entry {expected} is missing")));
            }
            out.push(row[1].blob()?.to_vec());
        }
        if out.len() as u64 != to - from {
            return Err(StoreError::Corrupt(format!(
                "entry {} is missing",
                from + out.len() as u64
            )));
        }
        Ok(out)
    }

    fn entry_bundle(&self, tile: TileRef) -> Result<Vec<u8>, StoreError> {
        if tile.level.is_some() {
            return Err(StoreError::Invalid(format!(
                "{} is not an entry bundle",
                tile.path()
            )));
        }
        let from = tile
            .index
            .checked_mul(u64::from(FULL_WIDTH))
            .ok_or_else(|| StoreError::Invalid("the bundle is beyond the log".into()))?;
        let entries = self.entries(from, from + u64::from(tile.width))?;
        tiles::encode_bundle(entries.iter().map(Vec::as_slice))
            .map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    fn tile(&self, tile: TileRef) -> Result<Vec<u8>, StoreError> {
        self.read(|c| {
            let size = read_head(c)?.size;
            let mut cache = HashMap::new();
            let reader = DbHashes::new(c, &mut cache);
            tiles::tile_data_of(&reader, size, tile).map_err(|e| {
                reader
                    .error
                    .borrow_mut()
                    .take()
                    .unwrap_or(StoreError::Invalid(e.to_string()))
            })
        })
    }

    fn tree_head(&self) -> Result<TreeHead, StoreError> {
        self.head()
    }

    fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError> {
        self.read(|c| {
            let within = self.has_size(c, size)?;
            if index >= size || within.is_err() {
                let head = match within {
                    Err(head) => head,
                    Ok(()) => self.known_size.load(std::sync::atomic::Ordering::Relaxed),
                };
                return Err(StoreError::Invalid(format!(
                    "no leaf {index} in a tree of size {size} (the log has {head})"
                )));
            }
            let mut cache = HashMap::new();
            let reader = DbHashes::with_upper(c, &mut cache, &self.upper);
            tlog_tiles::prove_record(size, index, &reader).map_err(|e| reader.failure(e))
        })
    }

    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, StoreError> {
        self.read(|c| {
            let within = self.has_size(c, new)?;
            if old == 0 || old > new || within.is_err() {
                let head = match within {
                    Err(head) => head,
                    Ok(()) => self.known_size.load(std::sync::atomic::Ordering::Relaxed),
                };
                return Err(StoreError::Invalid(format!(
                    "no consistency proof from size {old} to size {new} (the log has {head})"
                )));
            }
            let mut cache = HashMap::new();
            let reader = DbHashes::with_upper(c, &mut cache, &self.upper);
            tlog_tiles::prove_tree(new, old, &reader).map_err(|e| reader.failure(e))
        })
    }

    fn checkpoint(&self) -> Result<Vec<u8>, StoreError> {
        let head = self.head()?;
        let mut cached = self
            .checkpoint
            .lock()
            .map_err(|_| StoreError::Database("the checkpoint cache is poisoned".into()))?;
        if let Some((size, note)) = cached.as_ref() {
            if *size == head.size {
                return Ok(note.clone());
            }
        }
        let rows = self.read(|c| {
            c.query(
                "SELECT note FROM checkpoints WHERE size = $1",
                &[int(head.size)],
            )
        })?;
        let note = match rows.first() {
            Some(row) => row[0].blob()?.to_vec(),
            // The empty log has no stored checkpoint: sign it now.
            None if head.size == 0 => self
                .key
                .sign(head)
                .map_err(|e| StoreError::Invalid(e.to_string()))?,
            None => {
                return Err(StoreError::Corrupt(format!(
                    "no checkpoint for the tree of size {}",
                    head.size
                )))
            }
        };
        *cached = Some((head.size, note.clone()));
        Ok(note)
    }

    fn verifier_key(&self) -> String {
        self.key.verifier_key()
    }

    fn verify_store(&self, verifier_key: &str) -> Result<VerifyReport, VerifyError> {
        let db = |e: StoreError| VerifyError {
            leaf: None,
            case: None,
            kind: None,
            reason: e.to_string(),
        };
        let mut conn = self.pool.connector().connect().map_err(db)?;
        conn.begin_snapshot().map_err(db)?;
        let out = self.verify_inner(&mut conn, verifier_key);
        let _ = conn.batch("ROLLBACK");
        out
    }
}
