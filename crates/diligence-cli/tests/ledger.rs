//! `diligence ledger` through the real binary: a whole case between two
//! States against a real `diligence serve` on a loopback port (init,
//! keygen, state add, notify, ack, step, show, verify of the server and of
//! the data directory, consistency with a saved checkpoint), and a row
//! edited in the SQLite database, which `verify --data-dir` must catch,
//! naming the entry.

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn diligence() -> Command {
    let mut c = Command::new(cargo_bin("diligence"));
    c.env(
        "DILIGENCE_SHARED",
        std::env::var("DILIGENCE_SHARED").unwrap_or_default(),
    );
    c
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = diligence().args(args).output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the binary and expects success.
fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "diligence {args:?} failed: {err}");
    out
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A server on a loopback port, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(data: &Path) -> Server {
    let mut child = diligence()
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let stderr = child.stderr.take().expect("its stderr");
    let mut lines = BufReader::new(stderr).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the server announces its address")
            .expect("a line");
        if let Some(rest) = line.split("serving on ").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .expect("a URL")
                .trim_end_matches('/')
                .to_string();
        }
    };
    // Keep draining its log so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

const FACTS: &str = r#"title = "Ransomware run from servers abroad"
[facts]
domain = "cyber"
conduct_by = "non_state_actor"
territorial_link = "originates"
contrary_to_rights = true
harm = "serious"
knowledge = "unknown"
timing = "ongoing"
capacity = "feasible"
measures = "none"
"#;

struct Case {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    verifier_key: String,
    case: String,
}

/// Runs a whole case and returns its data directory.
fn whole_case(dir: tempfile::TempDir) -> Case {
    let data = dir.path().join("ledger");
    let d = data.to_str().expect("a path");
    let verifier_key = ok(&[
        "ledger",
        "init",
        "--data-dir",
        d,
        "--origin",
        "ledger.test/log",
    ])
    .trim()
    .to_string();
    assert!(
        verifier_key.starts_with("ledger.test/log+"),
        "{verifier_key}"
    );
    let fra_key = dir.path().join("fra.key");
    let deu_key = dir.path().join("deu.key");
    let fra_pub = ok(&[
        "ledger",
        "keygen",
        "--out",
        fra_key.to_str().expect("a path"),
    ]);
    let deu_pub = ok(&[
        "ledger",
        "keygen",
        "--out",
        deu_key.to_str().expect("a path"),
    ]);
    assert_ne!(fra_pub, deu_pub);
    // A key file is never overwritten.
    let (code, _, err) = run(&[
        "ledger",
        "keygen",
        "--out",
        fra_key.to_str().expect("a path"),
    ]);
    assert_eq!(code, 2, "{err}");
    let fra = json(&ok(&[
        "ledger",
        "state",
        "add",
        "FRA",
        "--contact",
        "CERT-FR",
        "--public-key",
        fra_pub.trim(),
        "--data-dir",
        d,
    ]));
    let deu = json(&ok(&[
        "ledger",
        "state",
        "add",
        "DEU",
        "--contact",
        "BSI",
        "--public-key",
        deu_pub.trim(),
        "--data-dir",
        d,
    ]));
    assert_eq!(fra["state"], "FRA");
    assert_eq!(deu["contact"], "BSI");
    let fra_token = fra["token"].as_str().expect("a token").to_string();
    let deu_token = deu["token"].as_str().expect("a token").to_string();

    let facts = dir.path().join("s.toml");
    std::fs::write(&facts, FACTS).expect("written");
    let server = serve(&data);
    let url = server.url.as_str();
    let fk = fra_key.to_str().expect("a path");
    let dk = deu_key.to_str().expect("a path");
    let notified = json(&ok(&[
        "ledger",
        "notify",
        "--to",
        "DEU",
        "--facts",
        facts.to_str().expect("a path"),
        "--summary",
        "Ransomware run from servers on your territory.",
        "--key",
        fk,
        "--token",
        &fra_token,
        "--server",
        url,
    ]));
    assert_eq!(notified["index"], 0);
    let case = notified["case"].as_str().expect("a case").to_string();

    // France's key with Germany's token is refused: the server signs for
    // nobody and checks who sent what.
    let (code, _, err) = run(&[
        "ledger", "ack", &case, "--key", fk, "--token", &deu_token, "--server", url,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("public_key"), "{err}");

    // Germany declares the reading it reads the case under.
    let acked = json(&ok(&[
        "ledger",
        "ack",
        &case,
        "--key",
        dk,
        "--token",
        &deu_token,
        "--server",
        url,
        "--reading",
        "gge-2021",
    ]));
    assert_eq!(acked["index"], 1);
    // The checkpoint after the acknowledgement, saved as a monitor would.
    let saved = dir.path().join("checkpoint");
    let note = reqwest::blocking::get(format!("{url}/api/v1/ledger/checkpoint"))
        .expect("the checkpoint")
        .bytes()
        .expect("its bytes");
    std::fs::write(&saved, &note).expect("saved");
    let stepped = json(&ok(&[
        "ledger",
        "step",
        &case,
        "--kind",
        "stop",
        "--account",
        "Servers seized.",
        "--key",
        dk,
        "--token",
        &deu_token,
        "--server",
        url,
    ]));
    assert_eq!(stepped["index"], 2);

    let shown = json(&ok(&[
        "ledger", "show", &case, "--token", &fra_token, "--server", url, "--format", "json",
    ]));
    let kinds: Vec<&str> = shown["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["kind"].as_str().expect("a kind"))
        .collect();
    assert_eq!(kinds, ["notification", "acknowledgement", "step"]);
    assert_eq!(shown["deadline"]["status"], "acknowledged");
    assert_eq!(shown["assessment"]["notifier"]["state"], "FRA");
    assert_eq!(shown["assessment"]["receiver"]["state"], "DEU");
    assert_eq!(shown["assessment"]["receiver"]["profile"], "gge-2021");
    assert_eq!(shown["assessment"]["receiver"]["source"], "declared");
    assert_eq!(shown["assessment"]["notifier"]["source"], "position");
    // Knowledge asserted as unknown is, once notified, at least notified.
    assert_eq!(
        shown["assessment"]["facts"]["knowledge"],
        serde_json::json!(["notified", "actual"])
    );
    let text = ok(&[
        "ledger", "show", &case, "--token", &deu_token, "--server", url,
    ]);
    assert!(text.contains("step from DEU"), "{text}");
    assert!(text.contains("(declared)"), "{text}");

    let verified = ok(&[
        "ledger",
        "verify",
        "--server",
        url,
        "--verifier-key",
        &verifier_key,
        "--since",
        saved.to_str().expect("a path"),
    ]);
    assert!(
        verified.contains("verified: 3 entries in 1 cases"),
        "{verified}"
    );
    assert!(
        verified.contains("consistent with the saved checkpoint of size 2"),
        "{verified}"
    );
    // Another log's key does not verify this log.
    let other = dir.path().join("other");
    let other_key = ok(&[
        "ledger",
        "init",
        "--data-dir",
        other.to_str().expect("a path"),
        "--origin",
        "ledger.test/log",
    ]);
    let (code, _, err) = run(&[
        "ledger",
        "verify",
        "--server",
        url,
        "--verifier-key",
        other_key.trim(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("checkpoint does not verify"), "{err}");
    drop(server);

    let verified = ok(&[
        "ledger",
        "verify",
        "--data-dir",
        d,
        "--since",
        saved.to_str().expect("a path"),
    ]);
    assert!(
        verified.contains("verified: 3 entries in 1 cases"),
        "{verified}"
    );
    Case {
        _dir: dir,
        data,
        verifier_key,
        case,
    }
}

#[test]
fn a_whole_case_between_two_states() {
    whole_case(tempfile::tempdir().expect("a directory"));
}

#[test]
fn a_row_edited_in_the_database_fails_verification_naming_the_entry() {
    let c = whole_case(tempfile::tempdir().expect("a directory"));
    let db = c.data.join("ledger.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).expect("the database opens");
        let body: Vec<u8> = conn
            .query_row("SELECT body FROM entries WHERE idx = 2", [], |r| r.get(0))
            .expect("the step's row");
        let text = String::from_utf8(body).expect("UTF-8");
        assert!(text.contains("Servers seized."), "{text}");
        let edited = text.replace("Servers seized.", "Servers spared.");
        conn.execute(
            "UPDATE entries SET body = ?1 WHERE idx = 2",
            [edited.into_bytes()],
        )
        .expect("edited");
    }
    let (code, out, err) = run(&[
        "ledger",
        "verify",
        "--data-dir",
        c.data.to_str().expect("a path"),
        "--verifier-key",
        &c.verifier_key,
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("entry 2"), "{err}");
    assert!(err.contains(&c.case), "{err}");
}
