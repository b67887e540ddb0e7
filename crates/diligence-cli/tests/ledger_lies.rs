//! A log that lies is caught by `diligence ledger verify`, run as a
//! binary. The honest log of a whole case is exported; each lie of a table
//! (a forked history under the same log key, an entry rewritten or re-signed,
//! a checkpoint that does not extend the saved one or is signed by another
//! key, a tile flipped, missing or cut, an entry bundle with an entry more
//! or less) is made to its files, which are then served over HTTP by a
//! small server that serves whatever it is given and written to a
//! directory. `verify --server` and `verify --tiles` must both exit 2 with
//! the same message naming what failed.

mod common;

use common::{ok, run, whole_case, Server};
use diligence_ledger::audit::publish;
use diligence_ledger::checkpoint::{LogKey, TreeHead};
use diligence_ledger::log::MemoryLog;
use diligence_ledger::sign::{jcs, sign, SignedEntry};
use diligence_ledger::tiles::{decode_bundle, encode_bundle};
use ed25519_dalek::SigningKey;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

type Files = BTreeMap<String, Vec<u8>>;

/// An HTTP server on a loopback port answering `/api/v1/ledger/<path>`
/// with whatever files it is given.
struct Liar {
    base: String,
    files: Arc<Mutex<Files>>,
}

impl Liar {
    fn start() -> Liar {
        let files = Arc::new(Mutex::new(Files::new()));
        let served = Arc::clone(&files);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.set_nonblocking(true).expect("non-blocking");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("a runtime");
            rt.block_on(async move {
                use axum::extract::Path as UrlPath;
                use axum::http::StatusCode;
                let app = axum::Router::new().route(
                    "/api/v1/ledger/{*path}",
                    axum::routing::get(move |UrlPath(path): UrlPath<String>| {
                        let file = served.lock().expect("the files").get(&path).cloned();
                        async move { file.ok_or(StatusCode::NOT_FOUND) }
                    }),
                );
                let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
                axum::serve(listener, app).await.expect("serves");
            });
        });
        Liar { base, files }
    }

    fn serve(&self, files: &Files) {
        *self.files.lock().expect("the files") = files.clone();
    }
}

/// Every file under `dir`, by its path relative to `dir`.
fn read_tree(dir: &Path) -> Files {
    let mut out = Files::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("a directory") {
            let path = e.expect("an entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under dir");
                let name = rel.to_str().expect("a path").replace('\\', "/");
                out.insert(name, std::fs::read(&path).expect("readable"));
            }
        }
    }
    out
}

fn write_tree(dir: &Path, files: &Files) {
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("made");
        std::fs::write(path, bytes).expect("written");
    }
}

fn export(data: &Path, out: &Path) -> Files {
    ok(&[
        "ledger",
        "export",
        "--data-dir",
        data.to_str().expect("a path"),
        "--out",
        out.to_str().expect("a path"),
    ]);
    read_tree(out)
}

const BUNDLE: &str = "tile/entries/000.p/3";
const TILE: &str = "tile/0/000.p/3";

fn entries_of(files: &Files) -> Vec<Vec<u8>> {
    decode_bundle(&files[BUNDLE])
        .expect("a bundle")
        .iter()
        .map(|e| e.to_vec())
        .collect()
}

/// Another history under the same log key and origin: a second ledger
/// made from a copy of the first one's key file, with cases of its own.
fn forked(c: &common::Case) -> Files {
    let fork = c.dir.path().join("fork");
    let f = fork.to_str().expect("a path");
    std::fs::create_dir(&fork).expect("made");
    std::fs::copy(c.data.join("log.key"), fork.join("log.key")).expect("the key copied");
    let key = c.dir.path().join("fork-fra.key");
    let public = common::keygen(&key);
    let token = common::state_add(f, "FRA", "CERT-FR", &public);
    let server = Server::start(&fork);
    for _ in 0..3 {
        ok(&[
            "ledger",
            "notify",
            "--to",
            "DEU",
            "--facts",
            c.facts.to_str().expect("a path"),
            "--summary",
            "Another history.",
            "--key",
            key.to_str().expect("a path"),
            "--token",
            &token,
            "--server",
            &server.base,
        ]);
    }
    drop(server);
    export(&fork, &c.dir.path().join("fork-public"))
}

#[test]
fn a_lying_log_is_caught_by_the_client_naming_what_failed() {
    let c = whole_case(tempfile::tempdir().expect("a directory"));
    let honest = export(&c.data, &c.dir.path().join("public"));
    let log_key: LogKey = diligence_ledger_store::keyfile::read_key_file(&c.data.join("log.key"))
        .expect("the log's key");
    let entries = entries_of(&honest);
    assert_eq!(entries.len(), 3);
    let rebuilt = |entries: Vec<Vec<u8>>| publish(&entries, &log_key).expect("published");
    let with = |path: &str, bytes: Vec<u8>| {
        let mut f = honest.clone();
        f.insert(path.to_string(), bytes);
        f
    };
    let head = |entries: &[Vec<u8>]| {
        let mut log = MemoryLog::new();
        for e in entries {
            log.append(e);
        }
        TreeHead {
            size: log.size(),
            root: log.root(log.size()).expect("a root"),
        }
    };

    // The step, its account edited and the entry written again in its
    // canonical form; and the same record signed by another key.
    let mut edited: serde_json::Value = serde_json::from_slice(&entries[2]).expect("JSON");
    edited["record"]["body"]["account"] = "Servers spared.".into();
    let mut rewritten = entries.clone();
    rewritten[2] = jcs(&edited);
    let step = SignedEntry::from_slice(&entries[2]).expect("an entry");
    let mut resigned = entries.clone();
    resigned[2] = sign(step.record(), &SigningKey::from_bytes(&[9; 32])).canonical_bytes();
    let bundle_with =
        |entries: &[Vec<u8>]| encode_bundle(entries.iter().map(Vec::as_slice)).expect("a bundle");
    let flipped = |path: &str, at: usize| {
        let mut bytes = honest[path].clone();
        bytes[at] ^= 0x01;
        with(path, bytes)
    };
    let other_key =
        LogKey::new("ledger.test/log", SigningKey::from_bytes(&[7; 32])).expect("a key");
    let case = c.case.as_str();
    let leaf2 = format!("leaf 2 (case {case})");

    // (name, the files served, whether --since the saved checkpoint, the
    // words the message must hold)
    let lies: Vec<(&str, Files, bool, Vec<String>)> = vec![
        (
            "a forked log",
            forked(&c),
            true,
            vec!["the logs are inconsistent".into(), "(size 2)".into()],
        ),
        (
            "an entry edited in its bundle",
            with(BUNDLE, bundle_with(&rewritten)),
            false,
            vec![
                leaf2.clone(),
                format!("does not have the leaf hash in {TILE}"),
            ],
        ),
        (
            "an entry edited, the log rebuilt and signed again",
            rebuilt(rewritten.clone()),
            false,
            vec![leaf2.clone(), "signature: does not verify".into()],
        ),
        (
            "an entry re-signed by another key, the log rebuilt and signed again",
            rebuilt(resigned),
            false,
            vec![leaf2.clone(), "the key must be the one registered".into()],
        ),
        (
            "a checkpoint of a smaller tree",
            with(
                "checkpoint",
                log_key.sign(head(&entries[..1])).expect("signed"),
            ),
            true,
            vec!["the tree has shrunk from 2 entries to 1".into()],
        ),
        (
            "a checkpoint of the same size with another root",
            with(
                "checkpoint",
                log_key
                    .sign(head(&[entries[0].clone(), entries[2].clone()]))
                    .expect("signed"),
            ),
            true,
            vec!["the same size with another root hash".into()],
        ),
        (
            "a checkpoint signed by another key",
            with(
                "checkpoint",
                other_key.sign(head(&entries)).expect("signed"),
            ),
            false,
            vec!["the checkpoint does not verify".into()],
        ),
        (
            "a tile with a flipped bit",
            flipped(TILE, 40),
            false,
            vec![format!("leaf 1 (case {case})"), TILE.into()],
        ),
        (
            "a missing tile",
            {
                let mut f = honest.clone();
                f.remove(TILE);
                f
            },
            false,
            vec![format!("{TILE} cannot be read")],
        ),
        (
            "a truncated tile",
            with(TILE, honest[TILE][..64].to_vec()),
            false,
            vec![format!("{TILE}: 64 bytes, not the 96 of 3 hashes")],
        ),
        (
            "an entry added to a bundle",
            with(BUNDLE, {
                let mut e = entries.clone();
                e.push(entries[0].clone());
                bundle_with(&e)
            }),
            false,
            vec![format!("{BUNDLE}: it holds 4 entries, not the 3")],
        ),
        (
            "an entry removed from a bundle",
            with(BUNDLE, bundle_with(&entries[..2])),
            false,
            vec![format!("{BUNDLE}: it holds 2 entries, not the 3")],
        ),
    ];

    let liar = Liar::start();
    let saved = c.saved.to_str().expect("a path");
    let verify = |source: &[&str], since: bool| {
        let mut args = vec!["ledger", "verify"];
        args.extend(source.iter().copied());
        args.extend(["--verifier-key", c.verifier_key.as_str()]);
        if since {
            args.extend(["--since", saved]);
        }
        run(&args)
    };
    // The honest files verify both ways: each lie below is all that fails.
    liar.serve(&honest);
    let honest_dir = c.dir.path().join("honest");
    write_tree(&honest_dir, &honest);
    let honest_path = honest_dir.to_str().expect("a path");
    for source in [["--server", liar.base.as_str()], ["--tiles", honest_path]] {
        let (code, out, err) = verify(&source, true);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("verified: 3 entries in 1 cases"), "{out}");
    }

    for (k, (name, files, since, words)) in lies.iter().enumerate() {
        liar.serve(files);
        let dir = c.dir.path().join(format!("lie-{k}"));
        write_tree(&dir, files);
        let path = dir.to_str().expect("a path");
        let mut messages = Vec::new();
        for source in [["--server", liar.base.as_str()], ["--tiles", path]] {
            let (code, out, err) = verify(&source, *since);
            assert_eq!(code, 2, "{name} {source:?}: {out}{err}");
            assert!(out.is_empty(), "{name}: {out}");
            assert!(
                err.starts_with("error: the log does not verify: "),
                "{name} {source:?}: {err}"
            );
            for w in words {
                assert!(
                    err.contains(w.as_str()),
                    "{name} {source:?}: {w:?} in {err}"
                );
            }
            messages.push(err);
        }
        // One check for both sources: the same message, but for how a
        // missing file was missed.
        if !name.contains("missing") {
            assert_eq!(messages[0], messages[1], "{name}");
        }
    }
}
