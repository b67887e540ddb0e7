//! The same tests against both databases: each test is a function taking a
//! fresh [`Fixture`]; the macro at the end runs it on SQLite and, ignored
//! unless asked for, on PostgreSQL (`scripts/with-postgres cargo test -p
//! diligence-ledger-store -- --include-ignored`).

#[macro_use]
mod common;

use common::Fixture;
use diligence_ledger::chain::Rule;
use diligence_ledger::checkpoint;
use diligence_ledger::log::{leaf_hash, verify_consistency, verify_inclusion};
use diligence_ledger::model::CaseId;
use diligence_ledger::sign::{sign, SignedEntry};
use diligence_ledger::tiles::{TileRef, TileSet};
use diligence_ledger_store::db::Value;
use diligence_ledger_store::workload::{self, workload, Workload};
use diligence_ledger_store::{AppendError, Role, Store};
use std::collections::BTreeSet;

fn append_all(store: &dyn Store, w: &Workload) -> Vec<u64> {
    let mut out = Vec::new();
    for entries in w.schedule(1) {
        for e in entries {
            out.push(store.append(e).expect("accepted").index);
        }
    }
    out
}

fn check_a_whole_case_is_stored_and_proven(f: Fixture) {
    let store = f.open();
    let w = workload(1, "c", 3, 5, 6);
    w.register(&*store).expect("registered");
    let indices = append_all(&*store, &w);
    assert_eq!(
        indices,
        (0..30).collect::<Vec<u64>>(),
        "the log's order is the append order"
    );

    let head = store.tree_head().expect("head");
    assert_eq!(head.size, 30);
    let note = store.checkpoint().expect("checkpoint");
    let signed = checkpoint::verify(&note, &store.verifier_key()).expect("signed by the log");
    assert_eq!((signed.size, signed.root), (head.size, head.root));

    // The case reads back as appended.
    let case = store
        .case(&CaseId::parse("c-2").expect("id"))
        .expect("reads")
        .expect("present");
    let want: Vec<_> = w.cases[2].iter().map(SignedEntry::hash).collect();
    let got: Vec<_> = case.entries.iter().map(|e| e.hash).collect();
    assert_eq!(got, want);
    assert_eq!(case.entries[0].entry, w.cases[2][0]);
    assert!(store
        .case(&CaseId::parse("nope").expect("id"))
        .expect("reads")
        .is_none());

    // A State's cases: those it notified or was notified in.
    for c in &w.contacts {
        let mine: BTreeSet<String> = store
            .cases_of(&c.state)
            .expect("reads")
            .iter()
            .map(|s| s.id.as_str().to_owned())
            .collect();
        let want: BTreeSet<String> = w
            .cases
            .iter()
            .filter(|entries| {
                let r = entries[1].record();
                entries[0].record().from_state == c.state || r.from_state == c.state
            })
            .map(|entries| entries[0].record().case.as_str().to_owned())
            .collect();
        assert_eq!(mine, want, "{}", c.state);
    }
    // Each case's row counts its entries and knows its last one.
    let summaries = store.cases_of(&w.contacts[0].state).expect("reads");
    assert!(!summaries.is_empty());
    for s in summaries {
        let case = store.case(&s.id).expect("reads").expect("present");
        assert_eq!(s.entries, case.entries.len() as u64, "{}", s.id);
        assert_eq!(s.first_index, case.entries[0].index, "{}", s.id);
        assert_eq!(
            s.last_index,
            case.entries[case.entries.len() - 1].index,
            "{}",
            s.id
        );
    }

    // Inclusion and consistency proofs verify against the tree heads.
    let entries = store.entries(0, 30).expect("entries");
    for size in [1u64, 7, 30] {
        for index in 0..size {
            let proof = store.inclusion_proof(index, size).expect("proof");
            let root = if size == 30 {
                head.root
            } else {
                let mut log = diligence_ledger::log::MemoryLog::new();
                for e in &entries[..size as usize] {
                    log.append(e);
                }
                log.root(size).expect("root")
            };
            verify_inclusion(
                &proof,
                size,
                root,
                index,
                leaf_hash(&entries[index as usize]),
            )
            .expect("proven");
            if index > 0 {
                let old_root = {
                    let mut log = diligence_ledger::log::MemoryLog::new();
                    for e in &entries[..index as usize] {
                        log.append(e);
                    }
                    log.root(index).expect("root")
                };
                let proof = store.consistency_proof(index, size).expect("proof");
                verify_consistency(&proof, index, old_root, size, root).expect("consistent");
            }
        }
    }
    assert!(store.inclusion_proof(30, 30).is_err());
    assert!(store.inclusion_proof(0, 31).is_err());
    assert!(store.consistency_proof(0, 3).is_err());

    // The tiles and the entry bundles authenticate against the head.
    let mut tiles = TileSet::new();
    for t in TileSet::tiles_of(30) {
        tiles.insert(t, store.tile(t).expect("tile"));
    }
    let bundle = TileRef {
        level: None,
        index: 0,
        width: 30,
    };
    let bytes = store.entry_bundle(bundle).expect("bundle");
    let read = tiles
        .check_bundle(30, head.root, bundle, &bytes)
        .expect("the bundle matches the checkpoint");
    assert_eq!(read.len(), 30);
    assert!(store
        .tile(TileRef {
            level: Some(0),
            index: 0,
            width: 31
        })
        .is_err());

    let report = store.verify_store(&store.verifier_key()).expect("verifies");
    assert_eq!((report.entries, report.cases), (30, 5));
    // Against another log's key, the checkpoint fails.
    let other = common::sqlite().key().verifier_key();
    assert!(store.verify_store(&other).is_err());
}

fn check_refusals_name_the_rule_or_the_field(f: Fixture) {
    let store = f.open();
    let w = workload(2, "r", 3, 2, 3);
    w.register(&*store).expect("registered");
    let case = &w.cases[0];
    store.append(case[0].clone()).expect("notification");
    let size = |s: &dyn Store| s.tree_head().expect("head").size;

    // A replay.
    match store.append(case[0].clone()) {
        Err(AppendError::Chain(e)) => assert_eq!(e.rule, Rule::NoReplay),
        other => panic!("a replay was not refused: {other:?}"),
    }
    // Two entries naming the same previous one: the second is a fork.
    store.append(case[1].clone()).expect("ack");
    let receiver = w
        .contacts
        .iter()
        .find(|c| c.state == case[1].record().from_state)
        .expect("receiver");
    let fork = workload::next(&case[0], receiver, workload::step(3));
    match store.append(fork) {
        Err(AppendError::Chain(e)) => assert_eq!(e.rule, Rule::NamesPrevious),
        other => panic!("a fork was not refused: {other:?}"),
    }
    // The notifier cannot report the receiver's steps.
    let notifier = w
        .contacts
        .iter()
        .find(|c| c.state == case[0].record().from_state)
        .expect("notifier");
    let wrong = workload::next(&case[1], notifier, workload::step(2));
    match store.append(wrong) {
        Err(AppendError::Chain(e)) => assert_eq!(e.rule, Rule::ReceiverOnly),
        other => panic!("a wrong sender was not refused: {other:?}"),
    }
    // A record re-signed by a key that is not the contact's.
    let stranger = workload::contact(99, 0);
    let resigned = sign(case[2].record(), &stranger.key);
    match store.append(resigned) {
        Err(AppendError::Chain(e)) => assert_eq!(e.rule, Rule::RegisteredKey),
        other => panic!("a foreign key was not refused: {other:?}"),
    }
    // Malformed JSON names the field; oversized JSON is refused whole.
    let mut json = case[2].to_json();
    json["signature"] = serde_json::json!("AAAA");
    let e = store
        .append_json(json.to_string().as_bytes())
        .expect_err("refused");
    assert!(e.to_string().contains("signature"), "{e}");
    let mut json = case[2].to_json();
    json["record"]["body"]["account"] = serde_json::json!("");
    let e = store
        .append_json(json.to_string().as_bytes())
        .expect_err("refused");
    assert!(e.to_string().contains("account"), "{e}");
    let huge = format!("{{\"record\": \"{}\"}}", "x".repeat(400_000));
    assert!(matches!(
        store.append_json(huge.as_bytes()),
        Err(AppendError::Entry(_))
    ));
    for junk in [
        &b""[..],
        b"null",
        b"[]",
        b"{",
        b"{\"record\":1}",
        &[0xff, 0xfe],
    ] {
        assert!(store.append_json(junk).is_err(), "{junk:?}");
    }
    assert_eq!(size(&*store), 2, "nothing refused was written");
    store.append(case[2].clone()).expect("the true step");
    store.verify_store(&store.verifier_key()).expect("verifies");
}

fn check_a_bad_entry_does_not_fail_its_batch(f: Fixture) {
    let store = f.open();
    let w = workload(3, "b", 4, 64, 2);
    w.register(&*store).expect("registered");
    let stranger = workload::contact(98, 0);
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for (k, case) in w.cases.iter().enumerate() {
            let store = &*store;
            let stranger = &stranger;
            handles.push(s.spawn(move || {
                if k % 4 == 0 {
                    // Signed by an unregistered key: refused alone.
                    let bad = sign(case[0].record(), &stranger.key);
                    assert!(store.append(bad).is_err());
                    0
                } else {
                    for e in case {
                        store.append(e.clone()).expect("accepted");
                    }
                    case.len()
                }
            }));
        }
        let total: usize = handles.into_iter().map(|h| h.join().expect("joins")).sum();
        assert_eq!(store.tree_head().expect("head").size, total as u64);
    });
    let report = store.verify_store(&store.verifier_key()).expect("verifies");
    assert_eq!(report.cases, 48);
}

fn check_tokens_are_stored_hashed_and_authenticate(f: Fixture) {
    let store = f.open();
    let c = workload::contact(4, 0);
    let token = store
        .add_contact(
            &c.state,
            &c.name,
            diligence_ledger::sign::public_key(&c.key),
        )
        .expect("added");
    let operator = store.add_operator("ops").expect("added");
    assert_ne!(token, operator);
    assert!(token.len() >= 40, "{token}");
    let who = store.authenticate(&token).expect("reads").expect("known");
    assert_eq!(who.role, Role::Contact);
    assert_eq!(who.state.as_ref(), Some(&c.state));
    assert_eq!(who.name, c.name);
    let op = store
        .authenticate(&operator)
        .expect("reads")
        .expect("known");
    assert_eq!((op.role, op.state), (Role::Operator, None));
    let mut wrong = token.clone();
    wrong.push('x');
    assert_eq!(store.authenticate(&wrong).expect("reads"), None);
    assert_eq!(store.authenticate("").expect("reads"), None);
    // The database holds no token, only hashes.
    let mut raw = f.raw();
    let rows = raw
        .query("SELECT token_hash FROM principals", &[])
        .expect("reads");
    assert_eq!(rows.len(), 2);
    for row in rows {
        let stored = row[0].blob().expect("bytes").to_vec();
        assert_eq!(stored.len(), 32);
        assert!(!stored
            .windows(8)
            .any(|w| token.as_bytes().windows(8).any(|t| t == w)));
    }
    // A contact is registered once.
    assert!(store
        .add_contact(
            &c.state,
            &c.name,
            diligence_ledger::sign::public_key(&c.key)
        )
        .is_err());
    assert_eq!(store.states().expect("states"), vec![c.state.clone()]);
}

fn check_the_store_reopens_with_its_key_only(f: Fixture) {
    let w = workload(5, "o", 2, 2, 3);
    {
        let store = f.open();
        w.register(&*store).expect("registered");
        for e in &w.cases[0] {
            store.append(e.clone()).expect("accepted");
        }
    }
    let store = f.open();
    for e in &w.cases[1] {
        store.append(e.clone()).expect("accepted after reopening");
    }
    assert_eq!(store.tree_head().expect("head").size, 6);
    store.verify_store(&store.verifier_key()).expect("verifies");
    drop(store);
    let other = common::sqlite().key();
    assert!(diligence_ledger_store::open(&f.database, other).is_err());
}

/// Each edit of a stored row, and the leaf the verification must name.
fn tampering(which: &str) -> impl Fn(Fixture) {
    let which = which.to_owned();
    move |f: Fixture| {
        let w = workload(6, "t", 3, 4, 4);
        let store = f.open();
        w.register(&*store).expect("registered");
        append_all(&*store, &w);
        store
            .verify_store(&store.verifier_key())
            .expect("verifies before");
        let mut raw = f.raw();
        let body = |raw: &mut Box<dyn diligence_ledger_store::db::Conn>, i: i64| {
            raw.query(
                "SELECT body, hash FROM entries WHERE idx = $1",
                &[Value::Int(i)],
            )
            .expect("reads")[0]
                .clone()
        };
        let set = |raw: &mut Box<dyn diligence_ledger_store::db::Conn>,
                   i: i64,
                   b: Vec<u8>,
                   h: Vec<u8>| {
            raw.execute(
                "UPDATE entries SET body = $1, hash = $2 WHERE idx = $3",
                &[Value::Blob(b), Value::Blob(h), Value::Int(i)],
            )
            .expect("edits");
        };
        let target = 5i64;
        match which.as_str() {
            "body" => {
                let row = body(&mut raw, target);
                let text = String::from_utf8(row[0].blob().expect("b").to_vec()).expect("utf-8");
                let edited = text.replacen("09:00:00", "09:00:01", 1);
                assert_ne!(edited, text);
                set(
                    &mut raw,
                    target,
                    edited.into_bytes(),
                    row[1].blob().expect("h").to_vec(),
                );
            }
            "hash" => {
                let row = body(&mut raw, target);
                let mut h = row[1].blob().expect("h").to_vec();
                h[0] ^= 1;
                set(&mut raw, target, row[0].blob().expect("b").to_vec(), h);
            }
            "deleted" => {
                raw.execute("DELETE FROM entries WHERE idx = $1", &[Value::Int(target)])
                    .expect("deletes");
            }
            "swapped" => {
                let a = body(&mut raw, target);
                let b = body(&mut raw, target + 3);
                // Through a placeholder hash: the column is unique.
                set(
                    &mut raw,
                    target,
                    b[0].blob().expect("b").to_vec(),
                    vec![0; 32],
                );
                set(
                    &mut raw,
                    target + 3,
                    a[0].blob().expect("b").to_vec(),
                    a[1].blob().expect("h").to_vec(),
                );
                set(
                    &mut raw,
                    target,
                    b[0].blob().expect("b").to_vec(),
                    b[1].blob().expect("h").to_vec(),
                );
            }
            "signature" => {
                let row = body(&mut raw, target);
                let entry = SignedEntry::from_slice(row[0].blob().expect("b")).expect("reads");
                let mut json = entry.to_json();
                let sig = json["signature"].as_str().expect("text").to_owned();
                use base64::Engine as _;
                let b64 = base64::engine::general_purpose::STANDARD;
                let mut bytes = b64.decode(sig).expect("base64");
                bytes[10] ^= 0x04;
                json["signature"] = serde_json::json!(b64.encode(bytes));
                let forged = SignedEntry::from_json(json).expect("still an entry");
                set(
                    &mut raw,
                    target,
                    forged.canonical_bytes(),
                    forged.hash().0.to_vec(),
                );
            }
            "tree" => {
                let idx = tlog_tiles::stored_hash_index(0, target as u64) as i64;
                let row = raw
                    .query(
                        "SELECT hash FROM tree_hashes WHERE idx = $1",
                        &[Value::Int(idx)],
                    )
                    .expect("reads");
                let mut h = row[0][0].blob().expect("h").to_vec();
                h[31] ^= 0x80;
                raw.execute(
                    "UPDATE tree_hashes SET hash = $1 WHERE idx = $2",
                    &[Value::Blob(h), Value::Int(idx)],
                )
                .expect("edits");
            }
            other => panic!("no edit {other}"),
        }
        let e = store
            .verify_store(&store.verifier_key())
            .expect_err("the edit is caught");
        assert_eq!(e.leaf, Some(target as u64), "{which}: {e}");
        if which != "deleted" && which != "tree" {
            assert_eq!(e.case.as_deref(), Some("t-1"), "{which}: {e}");
            assert!(e.kind.is_some(), "{which}: {e}");
        }
    }
}

fn concurrent_appends_make_one_log(f: Fixture, instances: usize) {
    let stores: Vec<Box<dyn Store>> = (0..instances).map(|_| f.open()).collect();
    let w = workload(7, "p", 5, 80, 3);
    w.register(&*stores[0]).expect("registered");
    let threads = 8;
    let acked: Vec<(u64, diligence_ledger::model::EntryHash)> = std::thread::scope(|s| {
        let handles: Vec<_> = w
            .schedule(threads)
            .into_iter()
            .enumerate()
            .map(|(t, entries)| {
                let store = &*stores[t % instances];
                s.spawn(move || {
                    entries
                        .into_iter()
                        .map(|e| {
                            let a = store.append(e).expect("accepted");
                            (a.index, a.hash)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("joins"))
            .collect()
    });
    let n = w.len() as u64;
    let mut indices: Vec<u64> = acked.iter().map(|a| a.0).collect();
    indices.sort_unstable();
    assert_eq!(indices, (0..n).collect::<Vec<_>>(), "no gap, no duplicate");
    let entries = stores[0].entries(0, n).expect("entries");
    for (index, hash) in &acked {
        let stored = SignedEntry::from_slice(&entries[*index as usize]).expect("reads");
        assert_eq!(stored.hash(), *hash, "entry {index}");
    }
    for s in &stores {
        s.verify_store(&s.verifier_key()).expect("verifies");
    }
}

/// Every single-bit flip of every byte of a valid entry's JSON text is
/// refused with an error (none panics, none is accepted), and the log is
/// unchanged.
fn check_every_flipped_bit_is_refused(f: Fixture) {
    let store = f.open();
    let w = workload(8, "z", 2, 1, 2);
    w.register(&*store).expect("registered");
    store.append(w.cases[0][0].clone()).expect("notification");
    let text = serde_json::to_vec(&w.cases[0][1].to_json()).expect("json");
    let mut refused = 0;
    for i in 0..text.len() {
        for bit in [0, 3, 6] {
            let mut bad = text.clone();
            bad[i] ^= 1 << bit;
            match store.append_json(&bad) {
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    refused += 1;
                }
                Ok(a) => panic!("byte {i} bit {bit} was accepted at {}", a.index),
            }
        }
    }
    assert_eq!(refused, text.len() * 3);
    assert_eq!(store.tree_head().expect("head").size, 1);
    store.append_json(&text).expect("the true entry");
    store.verify_store(&store.verifier_key()).expect("verifies");
}

on_both! {
    a_whole_case_is_stored_and_proven => check_a_whole_case_is_stored_and_proven;
    refusals_name_the_rule_or_the_field => check_refusals_name_the_rule_or_the_field;
    a_bad_entry_does_not_fail_its_batch => check_a_bad_entry_does_not_fail_its_batch;
    tokens_are_stored_hashed_and_authenticate => check_tokens_are_stored_hashed_and_authenticate;
    the_store_reopens_with_its_key_only => check_the_store_reopens_with_its_key_only;
    tampered_body_is_caught => tampering("body");
    tampered_hash_is_caught => tampering("hash");
    deleted_row_is_caught => tampering("deleted");
    swapped_rows_are_caught => tampering("swapped");
    flipped_signature_bit_is_caught => tampering("signature");
    tampered_tree_hash_is_caught => tampering("tree");
    one_instance_concurrent_appends => |f| concurrent_appends_make_one_log(f, 1);
    two_instances_concurrent_appends => |f| concurrent_appends_make_one_log(f, 2);
    every_flipped_bit_is_refused => check_every_flipped_bit_is_refused;
}
