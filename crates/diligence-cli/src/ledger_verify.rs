//! `diligence ledger verify` and `diligence ledger export`: the ledger's
//! log checked without trusting whoever keeps or serves it, and written out
//! as the static files a CDN serves.
//!
//! A server (`--server URL`) and a directory of tiles (`--tiles DIR`, as
//! `export` writes it) are the same C2SP tlog-tiles files read two ways; both
//! are checked by `diligence_ledger::audit` through a [`Fetch`] that reads a
//! path over HTTP or from the directory, so that the two checks cannot
//! differ. A data directory (`--data-dir DIR`) is checked by the store,
//! stored hash by stored hash, and its consistency with a saved checkpoint
//! by the same audit reading the store's tiles.

use crate::failure::Failure;
use crate::ledger::open_dir;
use diligence_ledger::audit::{self, AuditError, Fetch, Report};
use diligence_ledger::checkpoint::TreeHead;
use diligence_ledger::tiles::{TileRef, TileSet};
use diligence_ledger_store::Store as _;
use std::path::{Path, PathBuf};

/// Where the log to verify is.
pub enum Target<'a> {
    /// A data directory.
    DataDir(&'a Path),
    /// A server's public log.
    Server(&'a str),
    /// A directory of tiles.
    Tiles(&'a Path),
}

/// What `verify` was asked.
pub struct Request<'a> {
    /// The log.
    pub target: Target<'a>,
    /// The verifier key given (`--verifier-key` or `--key-file`).
    pub trusted: Option<String>,
    /// A checkpoint saved earlier.
    pub since: Option<&'a Path>,
    /// Only the consistency with `since`, reading no entry.
    pub consistency_only: bool,
}

/// Runs `diligence ledger verify`.
pub fn verify(req: Request<'_>) -> Result<String, Failure> {
    if req.consistency_only && req.since.is_none() {
        return Err(Failure::Input(
            "--consistency-only needs --since CHECKPOINT_FILE".into(),
        ));
    }
    match req.target {
        Target::DataDir(dir) => verify_dir(dir, req.trusted, req.since, req.consistency_only),
        Target::Server(url) => {
            let source = Http::new(url)?;
            verify_published(
                &source,
                req.trusted,
                "the key the server gave",
                req.since,
                req.consistency_only,
            )
        }
        Target::Tiles(dir) => {
            if !dir.is_dir() {
                return Err(Failure::Input(format!(
                    "`{}` is not a directory of tiles (as `diligence ledger export` writes)",
                    dir.display()
                )));
            }
            let source = Files(dir.to_path_buf());
            verify_published(
                &source,
                req.trusted,
                "the key in the directory's `key` file",
                req.since,
                req.consistency_only,
            )
        }
    }
}

/// A server's public log, under `/api/v1/ledger/`.
struct Http {
    server: String,
    client: reqwest::blocking::Client,
}

impl Http {
    fn new(server: &str) -> Result<Http, Failure> {
        let client = reqwest::blocking::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| Failure::Internal(format!("cannot make an HTTP client: {e}")))?;
        Ok(Http {
            server: server.trim_end_matches('/').to_owned(),
            client,
        })
    }
}

impl Fetch for Http {
    fn fetch(&self, path: &str) -> Result<Vec<u8>, String> {
        let url = format!("{}/api/v1/ledger/{path}", self.server);
        let res = self
            .client
            .get(&url)
            .send()
            .map_err(|e| format!("cannot reach the server at {}: {e}", self.server))?;
        if !res.status().is_success() {
            return Err(format!("the server answered {} for {url}", res.status()));
        }
        res.bytes()
            .map(|b| b.to_vec())
            .map_err(|e| format!("the answer from {url} was cut: {e}"))
    }
}

/// A directory of tiles.
struct Files(PathBuf);

impl Fetch for Files {
    fn fetch(&self, path: &str) -> Result<Vec<u8>, String> {
        // The audit asks only for `checkpoint`, `key` and tile paths, none
        // of which leaves the directory.
        let file = self.0.join(path);
        std::fs::read(&file).map_err(|e| format!("`{}`: {e}", file.display()))
    }
}

/// A data directory's log, read from its store as a server would serve it.
struct Stored<'a>(&'a diligence_ledger_store::SqliteStore);

impl Fetch for Stored<'_> {
    fn fetch(&self, path: &str) -> Result<Vec<u8>, String> {
        let read = |r: Result<Vec<u8>, diligence_ledger_store::StoreError>| {
            r.map_err(|e| format!("cannot read {path} from the database: {e}"))
        };
        match path {
            "checkpoint" => read(self.0.checkpoint()),
            "key" => Ok(format!("{}\n", self.0.verifier_key()).into_bytes()),
            _ => {
                let tile = TileRef::from_path(path).map_err(|e| e.to_string())?;
                if tile.level.is_some() {
                    read(self.0.tile(tile))
                } else {
                    read(self.0.entry_bundle(tile))
                }
            }
        }
    }
}

fn unverified(e: AuditError) -> Failure {
    Failure::Input(format!("the log does not verify: {e}"))
}

/// Reads a saved checkpoint and checks it against the log's key.
fn saved_checkpoint(path: &Path, key: &str) -> Result<TreeHead, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Input(format!("cannot read `{}`: {e}", path.display())))?;
    diligence_ledger::checkpoint::verify(&bytes, key).map_err(|e| {
        Failure::Input(format!(
            "the saved checkpoint `{}` does not verify: {e}",
            path.display()
        ))
    })
}

/// The lines saying how today's log extends the saved checkpoint.
fn consistency_lines(report: &Report) -> String {
    match report.consistency {
        Some(c) => format!(
            "consistent with the saved checkpoint of size {}: a consistency proof of {} hash{} from tree size {} to {}\n",
            c.old,
            c.proof_hashes,
            if c.proof_hashes == 1 { "" } else { "es" },
            c.old,
            c.new
        ),
        None => String::new(),
    }
}

/// Verifies a published log (a server's or a directory of tiles).
fn verify_published(
    source: &dyn Fetch,
    trusted: Option<String>,
    published: &str,
    since: Option<&Path>,
    consistency_only: bool,
) -> Result<String, Failure> {
    let (key, whose) = match trusted {
        Some(k) => (k, "the verifier key given".to_owned()),
        None => (
            audit::published_key(source).map_err(unverified)?,
            format!("{published}: pass --verifier-key or --key-file to trust your own copy"),
        ),
    };
    let old = since.map(|p| saved_checkpoint(p, &key)).transpose()?;
    let report = audit::audit(source, &key, old, consistency_only).map_err(unverified)?;
    let size = report.head.size;
    let mut out = match report.cases {
        Some(cases) => format!(
            "verified: {size} entries in {cases} cases, every signature, chain and tile hash against the checkpoint (tree size {size}; checked with {whose})\n"
        ),
        None => format!("checkpoint: tree size {size} (checked with {whose})\n"),
    };
    out.push_str(&consistency_lines(&report));
    if report.cases.is_none() {
        out.push_str(&format!(
            "entries not checked (--consistency-only): read {} hash tile{} and no entry bundle\n",
            report.tiles_read,
            if report.tiles_read == 1 { "" } else { "s" }
        ));
    }
    Ok(out)
}

fn verify_dir(
    dir: &Path,
    trusted: Option<String>,
    since: Option<&Path>,
    consistency_only: bool,
) -> Result<String, Failure> {
    let store = open_dir(dir)?;
    let (key, whose) = match trusted {
        Some(k) => (k, "the verifier key given"),
        None => (store.verifier_key(), "the data directory's own key"),
    };
    let mut out = String::new();
    if !consistency_only {
        let report = store
            .verify_store(&key)
            .map_err(|e| Failure::Input(format!("the ledger does not verify: {e}")))?;
        out.push_str(&format!(
            "verified: {} entries in {} cases, every signature, chain and stored hash (checked with {whose})\n",
            report.entries, report.cases
        ));
        if let Some(head) = report.checkpoint {
            out.push_str(&format!("checkpoint: tree size {}\n", head.size));
        }
    }
    if let Some(path) = since {
        let old = saved_checkpoint(path, &key)?;
        let report = audit::audit(&Stored(&store), &key, Some(old), true).map_err(unverified)?;
        if consistency_only {
            out.push_str(&format!(
                "checkpoint: tree size {} (checked with {whose})\n",
                report.head.size
            ));
        }
        out.push_str(&consistency_lines(&report));
    }
    Ok(out)
}

/// Writes the public log of a data directory under `out`: `checkpoint`,
/// `key` and every tile and entry bundle at its C2SP path. The tiles are
/// those of the checkpoint's tree, so the files agree with each other.
pub fn export(dir: &Path, out: &Path) -> Result<String, Failure> {
    let store = open_dir(dir)?;
    let cannot = |path: &Path, e: std::io::Error| {
        Failure::Input(format!("cannot write `{}`: {e}", path.display()))
    };
    let note = store
        .checkpoint()
        .map_err(|e| Failure::Input(format!("cannot read the checkpoint: {e}")))?;
    let head = diligence_ledger::checkpoint::verify(&note, &store.verifier_key())
        .map_err(|e| Failure::Input(format!("the checkpoint does not verify: {e}")))?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("checkpoint".into(), note),
        (
            "key".into(),
            format!("{}\n", store.verifier_key()).into_bytes(),
        ),
    ];
    for t in TileSet::tiles_of(head.size) {
        let read = |e: diligence_ledger_store::StoreError| {
            Failure::Input(format!("cannot read {}: {e}", t.path()))
        };
        files.push((t.path(), store.tile(t).map_err(read)?));
        if let Some(b) = t.bundle() {
            files.push((b.path(), store.entry_bundle(b).map_err(read)?));
        }
    }
    for (name, bytes) in &files {
        let path = out.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| cannot(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| cannot(&path, e))?;
    }
    Ok(format!(
        "exported {} files (tree size {}) to {}\n",
        files.len(),
        head.size,
        out.display()
    ))
}
