//! Fuzz target: the ledger's verifiers never panic, whatever the bytes.
//! The same input is read as a signed entry (parsed, its signature checked,
//! its canonical form read back to the same hash), as a signed checkpoint
//! checked against a fixed log key, as a tile path and an entry bundle, and
//! as an inclusion and a consistency proof (sizes, index, then hashes).
#![no_main]

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

fuzz_target!(|data: &[u8]| {
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
