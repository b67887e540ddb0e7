//! Fuzz target: the ledger's verifiers never panic, whatever the bytes.
//! The same input is read as a signed entry (parsed, its signature checked,
//! its canonical form read back to the same hash), as a signed checkpoint
//! checked against a fixed log key, as a tile path and an entry bundle, and
//! as an inclusion and a consistency proof (sizes, index, then hashes),
//! and as the files of a published log audited as `verify --tiles` and
//! `verify --server` do: either pieces of the input served for each file
//! the audit asks for under a checkpoint of a size and root read from the
//! input, or the honest files of a log whose entries are the input's
//! bundle.
#![no_main]

use diligence_ledger::audit::{audit, publish};
use diligence_ledger::checkpoint::{LogKey, TreeHead};
use diligence_ledger::log::{verify_consistency, verify_inclusion, Hash};
use diligence_ledger::sign::SignedEntry;
use diligence_ledger::{checkpoint, tiles};
use libfuzzer_sys::fuzz_target;

/// The verifier key of the log the seed checkpoint was signed by.
const LOG_KEY: &str = "fuzz.example/log+44c33050+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";

fn u64_at(data: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    for (i, x) in data.iter().skip(at).take(8).enumerate() {
        b[i] = *x;
    }
    u64::from_be_bytes(b)
}

fn hash_at(data: &[u8], at: usize) -> Hash {
    let mut h = [0u8; 32];
    for (i, x) in data.iter().skip(at).take(32).enumerate() {
        h[i] = *x;
    }
    Hash(h)
}

/// Audits a log made from the input; never panics, whatever it holds.
fn audit_published(data: &[u8]) {
    let key = LogKey::new(
        "fuzz.example/audit",
        ed25519_dalek::SigningKey::from_bytes(&[7; 32]),
    )
    .expect("a valid origin");
    let vkey = key.verifier_key();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        // Pieces of the input, one per file asked for, in turn.
        // Small trees mostly, and any size at all now and then.
        let bound = |n: u64| if mode & 8 == 0 { n % 700 } else { n };
        let size = bound(u64_at(rest, 0));
        let head = TreeHead {
            size,
            root: hash_at(rest, 8),
        };
        let old = TreeHead {
            size: bound(u64_at(rest, 40)),
            root: hash_at(rest, 48),
        };
        let checkpoint = key.sign(head).expect("signs");
        let pieces: Vec<&[u8]> = rest.get(80..).unwrap_or_default().split(|b| *b == 0xff).collect();
        let next = std::cell::Cell::new(0usize);
        let fetch = |path: &str| -> Result<Vec<u8>, String> {
            if path == "checkpoint" {
                return Ok(checkpoint.clone());
            }
            let k = next.get();
            next.set(k + 1);
            pieces.get(k).map(|p| p.to_vec()).ok_or_else(|| "none".into())
        };
        let since = (mode & 2 != 0).then_some(old);
        let _ = audit(&fetch, &vkey, since, mode & 4 != 0);
    } else if let Ok(entries) = tiles::decode_bundle(rest) {
        // The honest files of a log of the input's entries: every hash
        // matches, so the entries themselves are read and checked.
        let entries: Vec<Vec<u8>> = entries.iter().map(|e| e.to_vec()).collect();
        let files = publish(&entries, &key).expect("a log of any entries");
        let fetch = |path: &str| files.get(path).cloned().ok_or_else(|| "none".to_string());
        let _ = audit(&fetch, &vkey, None, false);
    }
}

fuzz_target!(|data: &[u8]| {
    audit_published(data);

    if let Ok(entry) = SignedEntry::from_slice(data) {
        let verified = entry.verify().is_ok();
        let again = SignedEntry::from_slice(&entry.canonical_bytes())
            .expect("a canonical entry reads back");
        assert_eq!(again.hash(), entry.hash());
        assert_eq!(again.verify().is_ok(), verified);
    }

    if let Ok(head) = checkpoint::verify(data, LOG_KEY) {
        let _ = head.size;
    }

    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(tile) = tiles::TileRef::from_path(text) {
            assert_eq!(tile.path(), text);
        }
    }
    if let Ok(entries) = tiles::decode_bundle(data) {
        let written = tiles::encode_bundle(entries).expect("decoded entries encode");
        assert_eq!(written, data);
    }

    if data.len() >= 24 {
        let (a, b, index) = (u64_at(data, 0), u64_at(data, 8), u64_at(data, 16));
        let hashes: Vec<Hash> = data[24..]
            .chunks_exact(32)
            .map(|c| Hash(c.try_into().expect("32 bytes")))
            .collect();
        if let Some((first, rest)) = hashes.split_first() {
            let root = rest.first().copied().unwrap_or(*first);
            let _ = verify_inclusion(rest, a, root, index, *first);
            let _ = verify_consistency(rest, a, *first, b, root);
        }
    }
});
