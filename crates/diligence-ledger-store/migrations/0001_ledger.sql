-- The ledger's tables, version 1. Written for SQLite; for PostgreSQL the
-- store writes INTEGER as BIGINT and BLOB as BYTEA (see src/migrate.rs).

-- What the database belongs to: the log's origin and verifier key.
CREATE TABLE ledger_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The log's current tree head (one row, id 1): appenders lock it.
CREATE TABLE log_head (
    id INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    root BLOB NOT NULL
);

-- The States that are tenants.
CREATE TABLE states (
    state TEXT PRIMARY KEY,
    created TEXT NOT NULL
);

-- Who holds a token: a State's point of contact (with its Ed25519 key) or
-- an operator (state ''), and the SHA-256 of the token.
CREATE TABLE principals (
    role TEXT NOT NULL CHECK (role IN ('contact', 'operator')),
    state TEXT NOT NULL,
    name TEXT NOT NULL,
    public_key BLOB NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created TEXT NOT NULL,
    PRIMARY KEY (role, state, name)
);

-- One row per case: its parties and how many entries it has.
CREATE TABLE cases (
    case_id TEXT PRIMARY KEY,
    notifier TEXT NOT NULL,
    receiver TEXT NOT NULL,
    entries INTEGER NOT NULL,
    first_index INTEGER NOT NULL,
    last_index INTEGER NOT NULL
);
CREATE INDEX cases_notifier ON cases (notifier, first_index);
CREATE INDEX cases_receiver ON cases (receiver, first_index);

-- The log's entries, by leaf index: the canonical signed entry, its hash
-- (SHA-256 of the bytes), its case and position there, and when the log
-- received it.
CREATE TABLE entries (
    idx INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    from_state TEXT NOT NULL,
    hash BLOB NOT NULL UNIQUE,
    received TEXT NOT NULL,
    body BLOB NOT NULL,
    UNIQUE (case_id, position)
);

-- The Merkle tree's stored hashes, in the order of Go's tlog
-- (tlog_tiles::stored_hash_index).
CREATE TABLE tree_hashes (
    idx INTEGER PRIMARY KEY,
    hash BLOB NOT NULL
);

-- Signed checkpoints (C2SP tlog-checkpoint as a signed note), by size.
CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    note BLOB NOT NULL
);
