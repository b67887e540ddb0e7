//! The log's checkpoint: a C2SP tlog-checkpoint (origin, tree size, root
//! hash in base64) signed by the log's Ed25519 key as a C2SP signed-note,
//! with the note's key name the log's origin.
//!
//! The verifier key is written in the signed-note verifier-key format
//! (`<origin>+<key id>+<base64 of 0x01 ‖ public key>`), which existing
//! clients, monitors and witnesses read. Writing, parsing and checking the
//! notes are the `signed_note` and `tlog_tiles` crates'.

use crate::log::Hash;
use ed25519_dalek::{Signer as _, SigningKey};
use signed_note::{Note, StandardVerifier, VerifierList};
use std::fmt;
use tlog_tiles::Checkpoint;

/// A checkpoint that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointError(pub String);

impl fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CheckpointError {}

/// The tree head a checkpoint commits to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreeHead {
    /// The number of leaves.
    pub size: u64,
    /// The root hash.
    pub root: Hash,
}

/// The log's signing key and its origin (the log's name, such as
/// `ledger.example.org/2026`).
pub struct LogKey {
    origin: String,
    key: SigningKey,
    id: u32,
}

impl fmt::Debug for LogKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogKey({})", self.verifier_key())
    }
}

impl LogKey {
    /// The key of the log named `origin`; the origin must be a valid
    /// signed-note key name (not empty, no space, no `+`).
    pub fn new(origin: &str, key: SigningKey) -> Result<LogKey, CheckpointError> {
        if !signed_note::is_key_name_valid(origin) {
            return Err(CheckpointError(format!(
                "{origin:?} cannot name a log (no spaces or '+')"
            )));
        }
        let public = [&[0x01], key.verifying_key().as_bytes().as_slice()].concat();
        Ok(LogKey {
            origin: origin.to_owned(),
            id: signed_note::key_id(origin, &public),
            key,
        })
    }

    /// The log's origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The verifier key, in the signed-note format.
    pub fn verifier_key(&self) -> String {
        signed_note::new_ed25519_verifier_key(&self.origin, &self.key.verifying_key())
    }

    /// The signed checkpoint of a tree head.
    pub fn sign(&self, head: TreeHead) -> Result<Vec<u8>, CheckpointError> {
        let text = Checkpoint::new(&self.origin, head.size, head.root, "")
            .map_err(|e| CheckpointError(e.to_string()))?
            .to_bytes();
        let mut note = Note::new(&text, &[]).map_err(|e| CheckpointError(e.to_string()))?;
        note.add_sigs(&[self])
            .map_err(|e| CheckpointError(e.to_string()))?;
        Ok(note.to_bytes())
    }
}

impl signed_note::Signer for LogKey {
    fn name(&self) -> &str {
        &self.origin
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::SignatureError> {
        Ok(self.key.sign(msg).to_bytes().to_vec())
    }
}

/// Checks a signed checkpoint against the log's verifier key: a valid
/// signature by that key, a well-formed checkpoint, and the origin the
/// key's name. Other signatures (a witness's cosignature) are allowed and
/// ignored.
pub fn verify(note: &[u8], verifier_key: &str) -> Result<TreeHead, CheckpointError> {
    let verifier = StandardVerifier::new(verifier_key)
        .map_err(|e| CheckpointError(format!("the verifier key is malformed: {e}")))?;
    let origin = signed_note::Verifier::name(&verifier).to_owned();
    let known = VerifierList::new(vec![Box::new(verifier)]);
    let note =
        Note::from_bytes(note).map_err(|e| CheckpointError(format!("not a signed note: {e}")))?;
    note.verify(&known).map_err(|e| {
        CheckpointError(format!(
            "the checkpoint is not signed by the log's key: {e}"
        ))
    })?;
    let checkpoint = Checkpoint::from_bytes(note.text())
        .map_err(|e| CheckpointError(format!("the signed text is not a checkpoint: {e}")))?;
    if checkpoint.origin() != origin {
        return Err(CheckpointError(format!(
            "the checkpoint is of {:?}, not of {origin:?}",
            checkpoint.origin()
        )));
    }
    Ok(TreeHead {
        size: checkpoint.size(),
        root: *checkpoint.hash(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::MemoryLog;

    fn head(n: u64) -> TreeHead {
        let mut log = MemoryLog::new();
        for i in 0..n {
            log.append(&i.to_be_bytes());
        }
        TreeHead {
            size: n,
            root: log.root(n).expect("root"),
        }
    }

    fn key(origin: &str, n: u8) -> LogKey {
        LogKey::new(origin, SigningKey::from_bytes(&[n; 32])).expect("a valid origin")
    }

    #[test]
    fn a_signed_checkpoint_verifies_and_says_what_it_signs() {
        let k = key("ledger.example/log", 5);
        let note = k.sign(head(10)).expect("signs");
        let text = String::from_utf8(note.clone()).expect("text");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ledger.example/log");
        assert_eq!(lines[1], "10");
        assert_eq!(lines[3], "");
        assert!(
            lines[4].starts_with("— ledger.example/log "),
            "{}",
            lines[4]
        );
        assert_eq!(verify(&note, &k.verifier_key()), Ok(head(10)));
        let vkey = k.verifier_key();
        assert!(vkey.starts_with("ledger.example/log+"), "{vkey}");
    }

    #[test]
    fn checkpoint_mutations_fail() {
        let k = key("ledger.example/log", 5);
        let vkey = k.verifier_key();
        let note = k.sign(head(10)).expect("signs");

        // Signed by another key under the same name.
        let other = key("ledger.example/log", 6);
        let forged = other.sign(head(10)).expect("signs");
        assert!(verify(&forged, &vkey).is_err());

        // Another size or root with the original signature.
        let text = String::from_utf8(note.clone()).expect("text");
        let resized = text.replacen("\n10\n", "\n11\n", 1);
        assert_ne!(resized, text);
        assert!(verify(resized.as_bytes(), &vkey).is_err());
        let h11 = head(11);
        let other_root = text.replacen(&base64_of(&head(10).root), &base64_of(&h11.root), 1);
        assert_ne!(other_root, text);
        assert!(verify(other_root.as_bytes(), &vkey).is_err());

        // A flipped bit anywhere in the note.
        for i in 0..note.len() {
            let mut bad = note.clone();
            bad[i] ^= 0x01;
            assert!(verify(&bad, &vkey).is_err(), "byte {i}");
        }

        // A key of another log, even with the right signature bytes.
        let elsewhere = key("elsewhere.example/log", 5);
        assert!(verify(&note, &elsewhere.verifier_key()).is_err());
        assert!(verify(&note, "not a key").is_err());
    }

    #[test]
    fn a_cosigned_checkpoint_still_verifies() {
        let k = key("ledger.example/log", 5);
        let witness = key("witness.example", 7);
        let note = k.sign(head(3)).expect("signs");
        let mut n = Note::from_bytes(&note).expect("note");
        n.add_sigs(&[&witness]).expect("cosigns");
        assert_eq!(verify(&n.to_bytes(), &k.verifier_key()), Ok(head(3)));
        // Only the witness's signature is not enough.
        let alone = witness.sign(head(3)).expect("signs");
        assert!(verify(&alone, &k.verifier_key()).is_err());
    }

    #[test]
    fn origins_must_be_key_names() {
        assert!(LogKey::new("has space", SigningKey::from_bytes(&[1; 32])).is_err());
        assert!(LogKey::new("a+b", SigningKey::from_bytes(&[1; 32])).is_err());
        assert!(LogKey::new("", SigningKey::from_bytes(&[1; 32])).is_err());
    }

    fn base64_of(h: &Hash) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(h.0)
    }
}
