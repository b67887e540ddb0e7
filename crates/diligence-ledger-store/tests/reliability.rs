//! The reliability rules of appends, on both databases (SQLite always,
//! PostgreSQL when `scripts/with-postgres` runs the ignored tests):
//!
//! - a replayed entry and a re-signed one (the same record with another
//!   valid signature by the registered key, which Ed25519 allows with
//!   another nonce; or by another key; or the same signature made
//!   non-canonical) are refused, and nothing is written;
//! - the time a sender claims (far in the past, far in the future, earlier
//!   than the previous entry's, in any offset) never reorders the log: the
//!   log's order, each case's order and the leaf indices are the order of
//!   appends.

#[macro_use]
mod common;

use common::Fixture;
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use diligence_ledger::chain::Rule;
use diligence_ledger::log::{leaf_hash, verify_inclusion};
use diligence_ledger::model::{Body, CaseId, Record};
use diligence_ledger::sign::{sign, signed_message, Signature, SignatureError, SignedEntry};
use diligence_ledger_store::workload::{self, workload, Contact};
use diligence_ledger_store::AppendError;
use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha512};

/// 64 bytes of SHA-512 over `parts`, reduced modulo the group order.
fn scalar_of(parts: &[&[u8]]) -> Scalar {
    let mut h = Sha512::new();
    for p in parts {
        h.update(p);
    }
    let mut wide = [0u8; 64];
    wide.copy_from_slice(&h.finalize());
    Scalar::from_bytes_mod_order_wide(&wide)
}

/// `entry`'s record signed again by `key` with the nonce drawn from
/// `nonce` rather than the deterministic one (RFC 8032 section 5.1.6 with
/// another r): a signature that verifies strictly, with other bytes.
fn resigned_with_nonce(entry: &SignedEntry, key: &SigningKey, nonce: &[u8]) -> SignedEntry {
    let expanded = Sha512::digest(key.to_bytes());
    let mut a = [0u8; 32];
    a.copy_from_slice(&expanded[..32]);
    a[0] &= 248;
    a[31] &= 127;
    a[31] |= 64;
    let a = Scalar::from_bytes_mod_order(a);
    let r = scalar_of(&[b"another nonce", nonce]);
    let big_r = EdwardsPoint::mul_base(&r).compress();
    let message = signed_message(&entry.canonical_record());
    let k = scalar_of(&[big_r.as_bytes(), key.verifying_key().as_bytes(), &message]);
    let s = r + k * a;
    let mut bytes = [0u8; 64];
    bytes[..32].copy_from_slice(big_r.as_bytes());
    bytes[32..].copy_from_slice(s.as_bytes());
    with_signature(entry, bytes)
}

fn with_signature(entry: &SignedEntry, bytes: [u8; 64]) -> SignedEntry {
    let mut json = entry.to_json();
    json["signature"] = serde_json::json!(String::from(Signature(bytes)));
    SignedEntry::from_json(json).expect("the entry reads")
}

/// The group order L, little-endian.
const ORDER: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// The same signature with S + L for S: the same equation holds, but the
/// encoding is not canonical (the malleability strict verification
/// refuses).
fn malleated(entry: &SignedEntry) -> SignedEntry {
    let mut bytes = entry.signature().0;
    let mut carry = 0u16;
    for (b, l) in bytes[32..].iter_mut().zip(ORDER) {
        let sum = u16::from(*b) + u16::from(l) + carry;
        *b = (sum & 0xff) as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0, "S + L fits in 256 bits");
    with_signature(entry, bytes)
}

fn contact_of<'a>(contacts: &'a [Contact], entry: &SignedEntry) -> &'a Contact {
    contacts
        .iter()
        .find(|c| c.state == entry.record().from_state)
        .expect("the sender's contact")
}

fn check_replays_and_resignatures_are_refused(f: Fixture) {
    let store = f.open();
    let w = workload(5, "replay", 3, 1, 3);
    w.register(&*store).expect("registered");
    let case = &w.cases[0];
    store.append(case[0].clone()).expect("the notification");
    store.append(case[1].clone()).expect("the acknowledgement");
    let stranger = workload::contact(97, 0);

    enum Want {
        Rule(Rule),
        Signature,
    }
    let mut attempts: Vec<(&str, SignedEntry, Want)> = Vec::new();
    for (n, entry) in case[..2].iter().enumerate() {
        let key = &contact_of(&w.contacts, entry).key;
        let again = resigned_with_nonce(entry, key, &[n as u8]);
        // Honest: the other signature is valid and makes another entry.
        again
            .verify()
            .expect("the other signature verifies strictly");
        assert_ne!(again.hash(), entry.hash());
        assert_ne!(again.signature(), entry.signature());
        attempts.push(("replayed", entry.clone(), Want::Rule(Rule::NoReplay)));
        attempts.push((
            "re-signed with another nonce",
            again,
            Want::Rule(Rule::NoReplay),
        ));
        // The record is the case's already: refused as a replay before
        // its key is even looked at.
        attempts.push((
            "re-signed by an unregistered key",
            sign(entry.record(), &stranger.key),
            Want::Rule(Rule::NoReplay),
        ));
        let bad = malleated(entry);
        assert_ne!(bad.signature(), entry.signature());
        attempts.push(("with S + L", bad, Want::Signature));
    }
    let size = store.tree_head().expect("the head").size;
    for (what, entry, want) in attempts {
        let kind = entry.record().kind();
        let got = store.append(entry);
        match (&got, want) {
            (Err(AppendError::Chain(e)), Want::Rule(rule)) => {
                assert_eq!(e.rule, rule, "the {kind} {what}: {e}")
            }
            (Err(AppendError::Entry(SignatureError::BadSignature)), Want::Signature) => {}
            _ => panic!("the {kind} {what} was not refused as it should be: {got:?}"),
        }
        assert_eq!(
            store.tree_head().expect("the head").size,
            size,
            "the {kind} {what} wrote something"
        );
    }
    // The case goes on with its true next entry.
    store.append(case[2].clone()).expect("the step");
    store.verify_store(&store.verifier_key()).expect("verifies");
}

/// The claimed times of the entries of a case, in the order they are
/// appended: none of them may move an entry.
const SKEWS: [&[&str]; 4] = [
    &[
        "2999-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z",
        "2026-12-03T08:00:00Z",
    ],
    &[
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "1900-01-01T00:00:00Z",
    ],
    &[
        "2026-12-03T08:00:00+14:00",
        "2026-12-03T08:00:00-12:00",
        "2026-12-02T20:00:00+00:00",
    ],
    &[
        "2100-01-01T00:00:00Z",
        "2099-01-01T00:00:00Z",
        "2098-01-01T00:00:00Z",
    ],
];

fn check_claimed_times_never_reorder_the_log(f: Fixture) {
    let store = f.open();
    let w = workload(6, "skew", 4, SKEWS.len(), 1);
    w.register(&*store).expect("registered");
    let mut cases: Vec<Vec<SignedEntry>> = Vec::new();
    for (k, times) in SKEWS.iter().enumerate() {
        let first = &w.cases[k][0];
        let notifier = contact_of(&w.contacts, first);
        let Body::Notification(n) = &first.record().body else {
            panic!("a notification");
        };
        let receiver = w
            .contacts
            .iter()
            .find(|c| c.state == n.to)
            .expect("the receiver");
        let id = CaseId::parse(&format!("skew-{k}")).expect("an id");
        let mut record = workload::notification(&id, notifier, &receiver.state);
        record.claimed_time = times[0].into();
        let mut entries = vec![sign(&record, &notifier.key)];
        for (n, time) in times.iter().enumerate().skip(1) {
            let body = if n == 1 {
                workload::acknowledgement()
            } else {
                workload::step(n)
            };
            let record = Record {
                case: id.clone(),
                from_state: receiver.state.clone(),
                from_contact: receiver.name.clone(),
                claimed_time: (*time).into(),
                previous: Some(entries[n - 1].hash()),
                body,
            };
            entries.push(sign(&record, &receiver.key));
        }
        cases.push(entries);
    }
    // Round by round across the cases, so that the cases interleave.
    let mut appended: Vec<SignedEntry> = Vec::new();
    for round in 0..3 {
        for case in &cases {
            let e = case[round].clone();
            let a = store
                .append(e.clone())
                .expect("accepted whatever it claims");
            assert_eq!(a.index, appended.len() as u64, "the next index");
            assert_eq!(a.position, round);
            appended.push(e);
        }
    }
    let head = store.tree_head().expect("the head");
    assert_eq!(head.size, appended.len() as u64);
    let stored = store.entries(0, head.size).expect("the entries");
    for (i, (bytes, e)) in stored.iter().zip(&appended).enumerate() {
        assert_eq!(
            bytes,
            &e.canonical_bytes(),
            "entry {i} is the {i}th appended"
        );
        let proof = store.inclusion_proof(i as u64, head.size).expect("a proof");
        verify_inclusion(&proof, head.size, head.root, i as u64, leaf_hash(bytes))
            .expect("the proof verifies");
    }
    for (k, times) in SKEWS.iter().enumerate() {
        let id = CaseId::parse(&format!("skew-{k}")).expect("an id");
        let case = store.case(&id).expect("read").expect("the case");
        let claimed: Vec<&str> = case
            .entries
            .iter()
            .map(|e| e.entry.record().claimed_time.as_str())
            .collect();
        assert_eq!(&claimed, times, "case {k} keeps its order and claims");
        let indexes: Vec<u64> = case.entries.iter().map(|e| e.index).collect();
        let expected: Vec<u64> = (0..3).map(|r| (r * SKEWS.len() + k) as u64).collect();
        assert_eq!(
            indexes, expected,
            "case {k}'s entries are where they were appended"
        );
        let received: Vec<_> = case.entries.iter().map(|e| e.received).collect();
        assert!(
            received.windows(2).all(|p| p[0] <= p[1]),
            "received times follow the appends: {received:?}"
        );
    }
    store.verify_store(&store.verifier_key()).expect("verifies");
}

on_both! {
    replays_and_resignatures_are_refused => check_replays_and_resignatures_are_refused;
    claimed_times_never_reorder_the_log => check_claimed_times_never_reorder_the_log;
}
