//! The log's private key on disk, and the embedded data directory.
//!
//! The key file holds one line in the signed-note private key format,
//! `PRIVATE+KEY+<origin>+<key id, 8 hex digits>+<base64 of 0x01 ‖ seed>`,
//! and is created with mode 0600 (owner only). The seed comes from the
//! operating system's CSPRNG.

use crate::{SqliteStore, StoreError};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use diligence_ledger::checkpoint::LogKey;
use ed25519_dalek::SigningKey;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The key file's name in a data directory.
pub const KEY_FILE: &str = "log.key";
/// The SQLite database's name in a data directory.
pub const DATABASE_FILE: &str = "ledger.sqlite3";

fn io(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Io(format!("{}: {e}", path.display()))
}

/// The text of a key file.
pub fn key_file_text(origin: &str, key: &SigningKey) -> Result<String, StoreError> {
    let log = LogKey::new(origin, key.clone()).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let public = [&[0x01], key.verifying_key().as_bytes().as_slice()].concat();
    let id = signed_note::key_id(origin, &public);
    let secret = [&[0x01], key.to_bytes().as_slice()].concat();
    drop(log);
    Ok(format!(
        "PRIVATE+KEY+{origin}+{id:08x}+{}\n",
        BASE64.encode(secret)
    ))
}

/// Reads the text of a key file.
pub fn parse_key_file(text: &str) -> Result<LogKey, StoreError> {
    let bad = |why: &str| StoreError::Invalid(format!("the log's key file is malformed: {why}"));
    let line = text.trim();
    let parts: Vec<&str> = line.splitn(5, '+').collect();
    if parts.len() != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
        return Err(bad("expected PRIVATE+KEY+<origin>+<id>+<key>"));
    }
    let bytes = BASE64
        .decode(parts[4])
        .map_err(|_| bad("the key is not base64"))?;
    if bytes.len() != 33 || bytes[0] != 0x01 {
        return Err(bad("the key is not an Ed25519 key"));
    }
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&bytes[1..]);
    let key = SigningKey::from_bytes(&seed);
    let public = [&[0x01], key.verifying_key().as_bytes().as_slice()].concat();
    if format!("{:08x}", signed_note::key_id(parts[2], &public)) != parts[3] {
        return Err(bad("the key id does not match the key"));
    }
    LogKey::new(parts[2], key).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Creates a new key for the log `origin` in a new file `path` (mode
/// 0600); refuses to overwrite a file.
pub fn write_key_file(path: &Path, origin: &str) -> Result<LogKey, StoreError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| StoreError::Io(format!("no randomness: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    let text = key_file_text(origin, &key)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| io(path, e))?;
    file.write_all(text.as_bytes()).map_err(|e| io(path, e))?;
    file.sync_all().map_err(|e| io(path, e))?;
    parse_key_file(&text)
}

/// Reads the key file at `path`.
pub fn read_key_file(path: &Path) -> Result<LogKey, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
    parse_key_file(&text)
}

/// Creates a data directory: the log's key (`log.key`, 0600) and the
/// SQLite database (`ledger.sqlite3`), migrated. Refuses a directory that
/// already has a key.
pub fn init_data_dir(dir: &Path, origin: &str) -> Result<SqliteStore, StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let key = write_key_file(&dir.join(KEY_FILE), origin)?;
    SqliteStore::open_sqlite(&database_path(dir), key)
}

/// Opens the data directory made by [`init_data_dir`].
pub fn open_data_dir(dir: &Path) -> Result<SqliteStore, StoreError> {
    let key = read_key_file(&dir.join(KEY_FILE))?;
    SqliteStore::open_sqlite(&database_path(dir), key)
}

/// The database file of a data directory.
pub fn database_path(dir: &Path) -> PathBuf {
    dir.join(DATABASE_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store as _;

    #[test]
    fn a_data_directory_holds_a_private_key_and_its_database() {
        let dir = tempfile::tempdir().expect("a directory");
        let data = dir.path().join("ledger");
        let store = init_data_dir(&data, "ledger.example/log").expect("created");
        let verifier = store.verifier_key();
        assert!(verifier.starts_with("ledger.example/log+"), "{verifier}");
        drop(store);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(data.join(KEY_FILE))
                .expect("the key file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A second init does not overwrite the key; the directory reopens
        // with the same key.
        assert!(init_data_dir(&data, "ledger.example/log").is_err());
        let again = open_data_dir(&data).expect("reopens");
        assert_eq!(again.verifier_key(), verifier);
    }

    #[test]
    fn key_files_round_trip_and_refuse_edits() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let text = key_file_text("log.example", &key).expect("text");
        let back = parse_key_file(&text).expect("reads");
        assert_eq!(
            back.verifier_key(),
            LogKey::new("log.example", key).expect("key").verifier_key()
        );
        // Another origin or key id with the same key bytes is refused.
        assert!(parse_key_file(&text.replacen("log.example", "other.example", 1)).is_err());
        let parts: Vec<&str> = text.trim().splitn(5, '+').collect();
        let wrong_id = format!("PRIVATE+KEY+{}+00000000+{}", parts[2], parts[4]);
        assert!(parse_key_file(&wrong_id).is_err());
        for junk in ["", "PRIVATE+KEY", "PRIVATE+KEY+a+b+c", "x+y+z+w+v"] {
            assert!(parse_key_file(junk).is_err(), "{junk}");
        }
    }
}
