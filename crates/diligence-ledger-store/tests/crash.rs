//! kill -9 during concurrent appends: a child process appends from many
//! threads and prints each append the store acknowledged; it is killed
//! mid-way, and the reopened store must hold every acknowledged entry at
//! its index and verify.

mod common;

use common::Fixture;
use diligence_ledger::model::EntryHash;
use diligence_ledger::sign::SignedEntry;
use std::io::BufRead as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn killed_mid_way_loses_nothing_acknowledged(f: Fixture) {
    // Migrate first, so that the child starts appending at once.
    drop(f.open());
    let mut child = Command::new(env!("CARGO_BIN_EXE_ledger-store-load"))
        .args(["load", "--database", &f.database, "--key"])
        .arg(&f.key_file)
        .args(["--callers", "16", "--cases", "1000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the load starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut acked: Vec<(u64, EntryHash)> = Vec::new();
    let start = Instant::now();
    while acked.len() < 600 && start.elapsed() < Duration::from_secs(60) {
        let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) else {
            break;
        };
        acked.push(parse(&line));
    }
    assert!(
        acked.len() >= 600,
        "the load acknowledged only {}",
        acked.len()
    );
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reaped");
    assert!(!status.success(), "the child was killed, not finished");
    reader.join().expect("the reader ends");
    // Lines already written before the kill are acknowledgements too.
    acked.extend(rx.try_iter().map(|l| parse(&l)));

    let store = f.open();
    let head = store.tree_head().expect("head");
    let last = acked.iter().map(|a| a.0).max().expect("some");
    assert!(
        head.size > last,
        "size {} but entry {last} was acknowledged",
        head.size
    );
    let entries = store.entries(0, head.size).expect("entries");
    for (index, hash) in &acked {
        let stored = SignedEntry::from_slice(&entries[*index as usize]).expect("reads");
        assert_eq!(stored.hash(), *hash, "acknowledged entry {index}");
    }
    let report = store
        .verify_store(&store.verifier_key())
        .expect("the log verifies after the crash");
    assert_eq!(report.entries, head.size);
    // And it goes on: the next batch appends after the crash.
    // The child's contacts (seed 11), a new case.
    let w = diligence_ledger_store::workload::workload(11, "after", 16, 1, 2);
    w.register(&*store).expect("registered");
    for e in &w.cases[0] {
        let a = store.append(e.clone()).expect("appends after the crash");
        assert!(a.index >= head.size);
    }
}

fn parse(line: &str) -> (u64, EntryHash) {
    let parts: Vec<&str> = line.split(' ').collect();
    assert_eq!(parts.len(), 3, "{line}");
    (
        parts[1].parse().expect("an index"),
        EntryHash::from_hex(parts[2]).expect("a hash"),
    )
}

#[test]
fn sqlite_killed_mid_way_loses_nothing_acknowledged() {
    killed_mid_way_loses_nothing_acknowledged(common::sqlite());
}

#[test]
#[ignore = "needs PostgreSQL: run via scripts/with-postgres with --include-ignored"]
fn postgres_killed_mid_way_loses_nothing_acknowledged() {
    killed_mid_way_loses_nothing_acknowledged(common::postgres());
}
