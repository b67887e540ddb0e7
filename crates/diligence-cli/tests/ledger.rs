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
