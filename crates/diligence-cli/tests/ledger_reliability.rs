//! The ledger under concurrent appends over HTTP, through the real
//! `diligence` binary:
//!
//! - the server is killed with SIGKILL while several clients append
//!   signed entries, at a different point each round, and restarted on the
//!   same data directory: every entry acknowledged with a 201 is in the log
//!   at the index it was given, once; `diligence ledger verify --data-dir`
//!   passes; appending goes on from where the log stopped;
//! - two server instances on one PostgreSQL database (`serve --database
//!   --log-key`), with the entries of each case sent alternately to one
//!   and the other: one log, with no gap and no duplicate index, every
//!   acknowledged entry in it once at its index, and `verify` passing.

mod common;

use common::{fresh_ledger, ok, run, Server};
use diligence_ledger::sign::{public_key, SignedEntry};
use diligence_ledger_store::workload::{workload, Contact, Workload};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// An entry the server acknowledged: its index, its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Acked {
    index: u64,
    hash: String,
    case: String,
}

/// What the appenders saw.
#[derive(Default)]
struct Outcome {
    acked: Mutex<Vec<Acked>>,
    /// Requests that got no answer (the server died under them).
    lost: AtomicUsize,
    count: AtomicUsize,
}

/// Posts one entry; `None` when the server gave no answer.
fn post(
    client: &reqwest::blocking::Client,
    url: &str,
    token: &str,
    entry: &SignedEntry,
) -> Option<(u16, Value)> {
    let response = client
        .post(format!("{url}/api/v1/ledger/entries"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(entry.to_json().to_string())
        .send()
        .ok()?;
    let status = response.status().as_u16();
    let body = response.json::<Value>().ok()?;
    Some((status, body))
}

/// Appends `schedule` (one list per client thread, each keeping its cases
/// in order), entry `i` of a thread to `urls[(thread + i) % urls.len()]`.
/// A thread stops at the first request that gets no answer; any answer
/// other than 201 fails the test.
fn append_all(
    urls: &[String],
    tokens: &HashMap<String, String>,
    schedule: Vec<Vec<SignedEntry>>,
    outcome: &Outcome,
) {
    std::thread::scope(|s| {
        for (t, entries) in schedule.into_iter().enumerate() {
            s.spawn(move || {
                let client = reqwest::blocking::Client::builder()
                    .timeout(std::time::Duration::from_secs(60))
                    .build()
                    .expect("a client");
                for (i, entry) in entries.iter().enumerate() {
                    let url = &urls[(t + i) % urls.len()];
                    let token = &tokens[entry.record().from_state.as_str()];
                    let Some((status, body)) = post(&client, url, token, entry) else {
                        outcome.lost.fetch_add(1, Ordering::SeqCst);
                        return;
                    };
                    assert_eq!(status, 201, "entry {i} of client {t}: {body}");
                    let index = body["index"].as_u64().expect("an index");
                    let hash = body["hash"].as_str().expect("a hash").to_string();
                    assert_eq!(
                        hash,
                        entry.hash().to_hex(),
                        "the hash answered is the entry's"
                    );
                    outcome.acked.lock().expect("not poisoned").push(Acked {
                        index,
                        hash,
                        case: entry.record().case.to_string(),
                    });
                    outcome.count.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
    });
}

/// Registers `contacts` in the data directory; returns each State's token.
fn register(data: &str, contacts: &[Contact]) -> HashMap<String, String> {
    contacts
        .iter()
        .map(|c| {
            let out = ok(&[
                "ledger",
                "state",
                "add",
                c.state.as_str(),
                "--contact",
                &c.name,
                "--public-key",
                &public_key(&c.key).to_base64(),
                "--data-dir",
                data,
            ]);
            let v: Value = serde_json::from_str(&out).expect("JSON");
            (
                c.state.as_str().to_string(),
                v["token"].as_str().expect("a token").to_string(),
            )
        })
        .collect()
}

/// The log as the SQLite database holds it: index to entry hash (hex).
fn stored(data: &Path) -> BTreeMap<u64, String> {
    let db = rusqlite::Connection::open(data.join("ledger.sqlite3")).expect("the database opens");
    let mut st = db
        .prepare("SELECT idx, hash FROM entries ORDER BY idx")
        .expect("a query");
    let rows = st
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
        .expect("rows");
    rows.map(|r| {
        let (i, h) = r.expect("a row");
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        (u64::try_from(i).expect("an index"), hex)
    })
    .collect()
}

/// Every acknowledged entry is in `log` at its index, and no index was
/// given twice.
fn check_acked(log: &BTreeMap<u64, String>, acked: &[Acked]) {
    let mut seen = HashMap::new();
    for a in acked {
        assert_eq!(
            log.get(&a.index),
            Some(&a.hash),
            "entry {} of case {} was acknowledged at index {} but the log has {:?} there",
            a.hash,
            a.case,
            a.index,
            log.get(&a.index)
        );
        if let Some(other) = seen.insert(a.index, a.hash.clone()) {
            panic!("index {} was given to {other} and to {}", a.index, a.hash);
        }
    }
    // The log's indexes are 0..n with no gap.
    let expected: Vec<u64> = (0..log.len() as u64).collect();
    assert_eq!(log.keys().copied().collect::<Vec<_>>(), expected);
}

const CLIENTS: usize = 8;
const SEED: u8 = 41;

fn round(prefix: &str, cases: usize) -> Workload {
    workload(SEED, prefix, 6, cases, 3)
}

#[test]
fn a_server_killed_during_concurrent_appends_loses_nothing_it_acknowledged() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (data, _) = fresh_ledger(dir.path(), "ledger.test/crash");
    let d = data.to_str().expect("a path");
    let tokens = register(d, &round("x", 1).contacts);

    let mut acked: Vec<Acked> = Vec::new();
    // Kill after this many acknowledged appends, a different point each
    // round (the first round's kill comes almost at once).
    for (r, kill_after) in [3usize, 70, 190].into_iter().enumerate() {
        let w = round(&format!("kill{r}"), 100);
        let total = w.len();
        let server = Server::start_with(&["--data-dir", d]);
        let urls = vec![server.base.clone()];
        let outcome = Outcome::default();
        std::thread::scope(|s| {
            s.spawn(|| append_all(&urls, &tokens, w.schedule(CLIENTS), &outcome));
            while outcome.count.load(Ordering::SeqCst) < kill_after {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            server.kill();
        });
        let round_acked = outcome.acked.into_inner().expect("not poisoned");
        assert!(
            round_acked.len() >= kill_after && round_acked.len() < total,
            "round {r}: the kill came after {} of {total} appends",
            round_acked.len()
        );
        assert!(
            outcome.lost.load(Ordering::SeqCst) > 0,
            "round {r}: no request was cut"
        );
        acked.extend(round_acked);
        let log = stored(&data);
        check_acked(&log, &acked);
        let (code, out, err) = run(&["ledger", "verify", "--data-dir", d]);
        assert_eq!(
            code, 0,
            "round {r}: verify fails after the kill: {out}{err}"
        );
    }

    // Restarted, the log takes appends again, after what it holds.
    let before = stored(&data).len() as u64;
    let w = round("after", 20);
    let server = Server::start_with(&["--data-dir", d]);
    let outcome = Outcome::default();
    append_all(
        std::slice::from_ref(&server.base),
        &tokens,
        w.schedule(CLIENTS),
        &outcome,
    );
    let last = outcome.acked.into_inner().expect("not poisoned");
    assert_eq!(last.len(), w.len(), "every append is acknowledged");
    assert!(last.iter().all(|a| a.index >= before));
    let (code, out, err) = run(&["ledger", "verify", "--server", &server.base]);
    assert_eq!(code, 0, "verify --server fails: {out}{err}");
    drop(server);
    acked.extend(last);
    check_acked(&stored(&data), &acked);
    let (code, out, err) = run(&["ledger", "verify", "--data-dir", d]);
    assert_eq!(code, 0, "verify fails at the end: {out}{err}");
}

/// A new, empty database in the cluster `scripts/with-postgres` starts.
fn fresh_postgres(name: &str) -> String {
    let url = std::env::var("DILIGENCE_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
        .expect(
            "DILIGENCE_TEST_POSTGRES is not set: run with `scripts/with-postgres cargo test -- --include-ignored`",
        );
    let name = format!("{name}_{}", std::process::id());
    diligence_ledger_store::bench::fresh_database(&url, &name).expect("a new database")
}

#[test]
#[ignore = "needs PostgreSQL: run via scripts/with-postgres with --include-ignored"]
fn two_server_instances_on_one_postgres_database_keep_one_log() {
    let database = fresh_postgres("ledger_two_instances");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let key_file = dir.path().join("log.key");
    let k = key_file.to_str().expect("a path");
    // Made and registered from the command line, as an operator would.
    let verifier = ok(&[
        "ledger",
        "init",
        "--database",
        &database,
        "--log-key",
        k,
        "--origin",
        "ledger.test/two",
    ]);
    assert!(verifier.starts_with("ledger.test/two+"), "{verifier}");
    let w = round("two", 120);
    let tokens: HashMap<String, String> = w
        .contacts
        .iter()
        .map(|c| {
            let pk = public_key(&c.key).to_base64();
            let added: Value = serde_json::from_str(&ok(&[
                "ledger",
                "state",
                "add",
                c.state.as_str(),
                "--contact",
                &c.name,
                "--public-key",
                &pk,
                "--database",
                &database,
                "--log-key",
                k,
            ]))
            .expect("JSON");
            (
                c.state.as_str().to_string(),
                added["token"].as_str().expect("a token").to_owned(),
            )
        })
        .collect();
    let operator: Value = serde_json::from_str(&ok(&[
        "ledger",
        "operator",
        "add",
        "ops",
        "--database",
        &database,
        "--log-key",
        k,
    ]))
    .expect("JSON");
    assert!(operator["token"].as_str().is_some_and(|t| !t.is_empty()));
    let servers: Vec<Server> = ["a", "b"]
        .iter()
        .map(|n| {
            let data = dir.path().join(n);
            Server::start_with(&[
                "--data-dir",
                data.to_str().expect("a path"),
                "--database",
                &database,
                "--log-key",
                k,
            ])
        })
        .collect();
    let urls: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let outcome = Outcome::default();
    append_all(&urls, &tokens, w.schedule(CLIENTS), &outcome);
    assert_eq!(outcome.lost.load(Ordering::SeqCst), 0);
    let acked = outcome.acked.into_inner().expect("not poisoned");
    assert_eq!(acked.len(), w.len(), "every append is acknowledged");

    // The log as the database holds it, read through the store.
    let key = diligence_ledger_store::read_key_file(&key_file).expect("the key reads");
    let store = diligence_ledger_store::open(&database, key).expect("the store opens");
    let size = store.tree_head().expect("the head").size;
    assert_eq!(size, w.len() as u64, "one entry per acknowledged append");
    let log: BTreeMap<u64, String> = store
        .entries(0, size)
        .expect("the entries")
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let e = SignedEntry::from_slice(bytes).expect("an entry");
            (i as u64, e.hash().to_hex())
        })
        .collect();
    check_acked(&log, &acked);
    let verifier = store.verifier_key();
    store.verify_store(&verifier).expect("the store verifies");
    for url in &urls {
        let (code, out, err) = run(&["ledger", "verify", "--server", url]);
        assert_eq!(code, 0, "verify --server {url} fails: {out}{err}");
    }
}

/// Entries that are malformed or too large, sent over HTTP: each gets a
/// 4xx naming the field at fault, and nothing is written.
#[test]
fn malformed_and_oversized_entries_get_a_4xx_naming_the_field() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (data, _) = fresh_ledger(dir.path(), "ledger.test/bad");
    let d = data.to_str().expect("a path");
    let w = round("bad", 1);
    let tokens = register(d, &w.contacts);
    let server = Server::start_with(&["--data-dir", d]);
    let good = &w.cases[0][0];
    let token = &tokens[good.record().from_state.as_str()];
    let client = reqwest::blocking::Client::new();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = good.to_json();
        f(&mut v);
        v.to_string().into_bytes()
    };
    // Beyond the server's 64 KiB body limit, small enough to be sent whole
    // before the answer comes.
    let huge = "x".repeat(70_000);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("not JSON", b"{\"record\":".to_vec(), 400, "entry"),
        (
            "too large",
            format!("{{\"record\":\"{huge}\"}}").into_bytes(),
            413,
            "entry",
        ),
        (
            "a summary too long",
            edit(&|v| v["record"]["body"]["summary"] = Value::from("s".repeat(5000))),
            422,
            "record.body.summary",
        ),
        (
            "no signature",
            edit(&|v| {
                v.as_object_mut().expect("an object").remove("signature");
            }),
            422,
            "signature",
        ),
        (
            "a signature too short",
            edit(&|v| v["signature"] = Value::from("AAAA")),
            422,
            "signature",
        ),
        (
            "a key that is not base64",
            edit(&|v| v["public_key"] = Value::from("not a key!")),
            422,
            "public_key",
        ),
        (
            "an unknown field",
            edit(&|v| v["extra"] = Value::from(1)),
            422,
            "extra",
        ),
        (
            "a claimed time that is not a time",
            edit(&|v| v["record"]["claimed_time"] = Value::from("tomorrow")),
            422,
            "record.claimed_time",
        ),
        (
            "a State code that is not one",
            edit(&|v| v["record"]["body"]["to"] = Value::from("xx")),
            422,
            "record.body.to",
        ),
        (
            "a case id with a space",
            edit(&|v| v["record"]["case"] = Value::from("a case")),
            422,
            "record.case",
        ),
        (
            "a previous hash that is not hex",
            edit(&|v| v["record"]["previous"] = Value::from("zz")),
            422,
            "record.previous",
        ),
        (
            "no case",
            edit(&|v| {
                v["record"]
                    .as_object_mut()
                    .expect("an object")
                    .remove("case");
            }),
            422,
            "record.case",
        ),
        (
            "a kind that does not exist",
            edit(&|v| v["record"]["kind"] = Value::from("rumour")),
            422,
            "record.kind",
        ),
        (
            "a body of another kind",
            edit(&|v| v["record"]["kind"] = Value::from("step")),
            422,
            "record.body.action_requested",
        ),
    ];
    let mut wrong = Vec::new();
    for (what, body, status, field) in &cases {
        let res = client
            .post(format!("{}/api/v1/ledger/entries", server.base))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .expect("an answer");
        let got = res.status().as_u16();
        let problem: Value = res.json().unwrap_or(Value::Null);
        let named = problem["field"].as_str().unwrap_or("");
        if got != *status || named != *field {
            wrong.push(format!(
                "{what}: {got} naming {named:?}, expected {status} naming {field:?} ({problem})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Nothing was written; the true entry still goes in, first.
    let (status, body) = post(&client, &server.base, token, good).expect("an answer");
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["index"], 0);
}
