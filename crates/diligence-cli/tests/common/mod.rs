//! What the integration tests share: the `diligence` binary run as a
//! command (its exit code, standard output and error), and a real
//! `diligence serve` on a free loopback port, stopped when dropped; a
//! whole ledger case between two States, run through both.

#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The `diligence` binary, with the shared reference folder passed on.
pub fn diligence() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_diligence"));
    if let Ok(shared) = std::env::var("DILIGENCE_SHARED") {
        c.env("DILIGENCE_SHARED", shared);
    }
    c
}

/// Runs a command; returns (exit code, stdout, stderr).
pub fn output(command: &mut Command) -> (i32, String, String) {
    let out = command.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the binary; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    output(diligence().args(args))
}

/// Runs the binary and expects success; returns its standard output.
pub fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "diligence {args:?} failed: {err}");
    out
}

/// Parses JSON, or fails the test showing the text.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A `diligence serve` process, killed when dropped.
pub struct Server {
    child: Child,
    /// Its address, `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts `diligence serve --data-dir DIR` on port 0 and reads the
    /// address it chose.
    pub fn start(data_dir: &Path) -> Server {
        let dir = data_dir.to_str().expect("a UTF-8 path");
        Server::start_with(&["--data-dir", dir])
    }

    /// Starts `diligence serve` on port 0 with these further arguments
    /// (`--data-dir`, `--database`, ...) and reads the address it chose.
    pub fn start_with(args: &[&str]) -> Server {
        let mut child = diligence()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let mut lines = BufReader::new(stderr).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server says where it serves before exiting")
                .expect("stderr is text");
            if let Some(rest) = line.split("serving on ").nth(1) {
                let url = rest.split_whitespace().next().expect("a URL");
                break url.trim_end_matches('/').to_string();
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Kills the process at once (SIGKILL on Unix).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The facts the notification asserts: an example scenario, whose
/// knowledge is unknown.
pub fn facts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/scenarios/ransomware-hospitals-knowledge-unknown.toml")
}

/// Registers a State's point of contact in the ledger of `data`; returns
/// its token.
pub fn state_add(data: &str, state: &str, contact: &str, public_key: &str) -> String {
    let added = json(&ok(&[
        "ledger",
        "state",
        "add",
        state,
        "--contact",
        contact,
        "--public-key",
        public_key.trim(),
        "--data-dir",
        data,
    ]));
    assert_eq!(added["state"], state);
    assert_eq!(added["contact"], contact);
    added["token"].as_str().expect("a token").to_string()
}

/// A ledger after a whole case: its data directory, the log's verifier
/// key, the case, the checkpoint saved after the acknowledgement (tree
/// size 2; the log has 3 entries), and the parties' key files and tokens.
pub struct Case {
    pub dir: tempfile::TempDir,
    pub data: PathBuf,
    pub verifier_key: String,
    pub case: String,
    pub saved: PathBuf,
    pub keys: [PathBuf; 2],
    pub tokens: [String; 2],
    pub facts: PathBuf,
}

/// Makes a new ledger in `dir/ledger` with this origin (`ledger init`);
/// returns its data directory and the verifier key printed.
pub fn fresh_ledger(dir: &Path, origin: &str) -> (PathBuf, String) {
    let data = dir.join("ledger");
    let d = data.to_str().expect("a path");
    let verifier_key = ok(&["ledger", "init", "--data-dir", d, "--origin", origin]);
    (data, verifier_key.trim().to_string())
}

/// Makes a point of contact's key file; returns its public key.
pub fn keygen(path: &Path) -> String {
    ok(&["ledger", "keygen", "--out", path.to_str().expect("a path")])
        .trim()
        .to_string()
}

/// Runs a whole case between France and Germany through the binary and a
/// real server, checking each answer, and returns its ledger.
pub fn whole_case(dir: tempfile::TempDir) -> Case {
    let (data, verifier_key) = fresh_ledger(dir.path(), "ledger.test/log");
    let d = data.to_str().expect("a path");
    assert!(
        verifier_key.starts_with("ledger.test/log+"),
        "{verifier_key}"
    );
    let fra_key = dir.path().join("fra.key");
    let deu_key = dir.path().join("deu.key");
    let fra_pub = keygen(&fra_key);
    let deu_pub = keygen(&deu_key);
    assert_ne!(fra_pub, deu_pub);
    // A key file is never overwritten.
    let (code, _, err) = run(&["ledger", "keygen", "--out", &fra_key.to_string_lossy()]);
    assert_eq!(code, 2, "{err}");
    let fra_token = state_add(d, "FRA", "CERT-FR", &fra_pub);
    let deu_token = state_add(d, "DEU", "BSI", &deu_pub);

    let facts = facts();
    let server = Server::start(&data);
    let url = server.base.as_str();
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
    // The public log exported as static files verifies offline, with the
    // key given or the directory's own (which the output says it trusted),
    // and extends the saved checkpoint.
    let tiles = dir.path().join("public");
    let t = tiles.to_str().expect("a path");
    let exported = ok(&["ledger", "export", "--data-dir", d, "--out", t]);
    assert!(exported.contains("tree size 3"), "{exported}");
    let saved_path = saved.to_str().expect("a path");
    let verify_tiles = |more: &[&str]| ok(&[&["ledger", "verify", "--tiles", t], more].concat());
    let verified = verify_tiles(&["--verifier-key", &verifier_key, "--since", saved_path]);
    assert!(
        verified.contains("verified: 3 entries in 1 cases")
            && verified.contains("checked with the verifier key given"),
        "{verified}"
    );
    assert!(
        verified.contains("consistent with the saved checkpoint of size 2: a consistency proof of"),
        "{verified}"
    );
    let verified = verify_tiles(&[]);
    assert!(
        verified.contains("checked with the key in the directory's `key` file"),
        "{verified}"
    );
    let only = verify_tiles(&["--since", saved_path, "--consistency-only"]);
    assert!(only.contains("checkpoint: tree size 3"), "{only}");
    assert!(only.contains("no entry bundle"), "{only}");
    assert!(!only.contains("verified:"), "{only}");
    Case {
        dir,
        data,
        verifier_key,
        case,
        saved,
        keys: [fra_key, deu_key],
        tokens: [fra_token, deu_token],
        facts,
    }
}

/// Every file below `dir` whose extension is `ext`, in no set order.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out
}
