//! `diligence ledger` through the real binary: a whole case between two
//! States against a real `diligence serve` on a loopback port (init,
//! keygen, state add, notify, ack, step, show, verify of the server and of
//! the data directory, consistency with a saved checkpoint), and a row
//! edited in the SQLite database, which `verify --data-dir` must catch,
//! naming the entry.

mod common;
use common::{run, whole_case};

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

/// An operator made from the command line registers a State's point of
/// contact through the API, whose token then works; the operator's own
/// token cannot write entries. Where the ledger is must be said.
#[test]
fn an_operator_registers_a_state_through_the_api() {
    let dir = tempfile::tempdir().expect("a directory");
    let data = dir.path().join("ledger");
    let d = data.to_str().expect("a path");
    common::ok(&[
        "ledger",
        "init",
        "--data-dir",
        d,
        "--origin",
        "ledger.test/ops",
    ]);
    let added = common::json(&common::ok(&[
        "ledger",
        "operator",
        "add",
        "Ledger operations",
        "--data-dir",
        d,
    ]));
    assert_eq!(added["operator"], "Ledger operations");
    let operator = added["token"].as_str().expect("a token").to_owned();
    let public = common::keygen(&dir.path().join("ita.key"));
    let server = common::Server::start(&data);
    let http = reqwest::blocking::Client::new();
    let res = http
        .post(server.url("/api/v1/ledger/states"))
        .bearer_auth(&operator)
        .json(&serde_json::json!({"state": "ITA", "contact": "CSIRT Italia", "public_key": public}))
        .send()
        .expect("the server answers");
    assert!(res.status().is_success(), "{}", res.status());
    let contact: serde_json::Value = res.json().expect("JSON");
    let token = contact["token"].as_str().expect("a token");
    let me: serde_json::Value = http
        .get(server.url("/api/v1/ledger/me"))
        .bearer_auth(token)
        .send()
        .expect("the server answers")
        .json()
        .expect("JSON");
    assert_eq!(me["state"], "ITA");
    let res = http
        .post(server.url("/api/v1/ledger/entries"))
        .bearer_auth(&operator)
        .body("{}")
        .send()
        .expect("the server answers");
    assert_eq!(res.status().as_u16(), 403);
    // Nowhere said, or a database without its log key: refused at once.
    let (code, out, err) = run(&["ledger", "operator", "add", "x"]);
    assert_eq!(code, 2, "{out}{err}");
    let (code, _, err) = run(&[
        "ledger",
        "operator",
        "add",
        "x",
        "--database",
        "postgres://localhost/x",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--log-key"), "{err}");
}
