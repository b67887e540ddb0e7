//! `diligence ledger`: the notification and response ledger from the
//! command line. `init`, `state add` and `verify --data-dir` work on a data
//! directory; `notify`, `ack`, `step` and `show` talk to a server's API
//! (`--server URL`, `Authorization: Bearer TOKEN`) and sign every entry
//! here with the point of contact's key file, which never leaves this
//! machine; `verify --server` re-checks a server's public log without
//! trusting it.
//!
//! A point of contact's key file (`ledger keygen`) is one line: the
//! 32-byte Ed25519 private key (RFC 8032) in standard base64, created with mode
//! 0600.

use crate::cli::{LedgerArgs, LedgerCommand, StateCommand};
use crate::failure::Failure;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use diligence_ledger::chain::{Case, Directory};
use diligence_ledger::checkpoint::TreeHead;
use diligence_ledger::log::{Hash, MemoryLog};
use diligence_ledger::model::{PublicKey, Record, StateCode};
use diligence_ledger::sign::{public_key, sign, SignedEntry};
use diligence_ledger::tiles::TileSet;
use diligence_ledger_store::Store as _;
use ed25519_dalek::SigningKey;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Runs a `diligence ledger` command.
pub fn run(args: &LedgerArgs) -> Result<String, Failure> {
    match &args.command {
        LedgerCommand::Init { data_dir, origin } => {
            let store = diligence_ledger_store::init_data_dir(data_dir, origin)
                .map_err(|e| Failure::Input(format!("cannot create the ledger: {e}")))?;
            Ok(format!("{}\n", store.verifier_key()))
        }
        LedgerCommand::Keygen { out } => keygen(out),
        LedgerCommand::State(StateCommand::Add {
            state,
            contact,
            public_key,
            data_dir,
        }) => {
            let state = StateCode::parse(state).map_err(|e| Failure::Input(e.to_string()))?;
            let key =
                PublicKey::from_base64(public_key).map_err(|e| Failure::Input(e.to_string()))?;
            let store = open_dir(data_dir)?;
            let token = store
                .add_contact(&state, contact, key)
                .map_err(|e| Failure::Input(format!("cannot add the point of contact: {e}")))?;
            Ok(pretty(
                &json!({"state": state.as_str(), "contact": contact, "token": token}),
            ))
        }
        LedgerCommand::Notify {
            to,
            facts,
            summary,
            action,
            urgency,
            case,
            reading,
            remote,
        } => {
            let bytes = std::fs::read(facts).map_err(|e| {
                Failure::Input(format!("cannot read the facts `{}`: {e}", facts.display()))
            })?;
            let scenario = diligence_kb::parse_scenario(&facts.display().to_string(), &bytes)?;
            let to = StateCode::parse(to).map_err(|e| Failure::Input(e.to_string()))?;
            let me = remote.whoami()?;
            let case = match case {
                Some(c) => c.clone(),
                None => new_case_id(&me.0, &to)?,
            };
            let mut body = json!({"to": to.as_str(), "facts": scenario.facts, "summary": summary,
                    "action_requested": action, "urgency": urgency});
            if let Some(reading) = reading {
                body["reading"] = json!(reading);
            }
            let record = json!({"case": case, "kind": "notification", "from_state": me.0,
                "from_contact": me.1, "claimed_time": now(), "body": body});
            let out = remote.append(record)?;
            Ok(pretty(&json!({"case": out["case"], "index": out["index"]})))
        }
        LedgerCommand::Ack {
            case,
            note,
            reading,
            remote,
        } => {
            let mut body = json!({"note": note});
            if let Some(reading) = reading {
                body["reading"] = json!(reading);
            }
            remote.follow_up(case, "acknowledgement", body)
        }
        LedgerCommand::Step {
            case,
            kind,
            account,
            date,
            remote,
        } => {
            let date = date.clone().unwrap_or_else(|| {
                let d = OffsetDateTime::now_utc().date();
                format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
            });
            let body = json!({"step": kind, "date": date, "account": account});
            remote.follow_up(case, "step", body)
        }
        LedgerCommand::Reply { case, text, remote } => {
            remote.follow_up(case, "reply", json!({"text": text}))
        }
        LedgerCommand::Close {
            case,
            reason,
            remote,
        } => remote.follow_up(case, "closure", json!({"reason": reason})),
        LedgerCommand::Show {
            case,
            token,
            server,
            format,
        } => {
            let view = get_json(server, &format!("cases/{case}"), Some(token))?;
            if format == "json" {
                Ok(pretty(&view))
            } else {
                Ok(show_text(&view))
            }
        }
        LedgerCommand::Export { data_dir, out } => export(data_dir, out),
        LedgerCommand::Verify {
            data_dir,
            server,
            since,
            verifier_key,
            key_file,
        } => {
            let trusted = match (verifier_key, key_file) {
                (Some(k), _) => Some(k.trim().to_owned()),
                (None, Some(f)) => Some(
                    std::fs::read_to_string(f)
                        .map_err(|e| Failure::Input(format!("cannot read `{}`: {e}", f.display())))?
                        .trim()
                        .to_owned(),
                ),
                (None, None) => None,
            };
            match (data_dir, server) {
                (Some(dir), None) => verify_dir(dir, trusted, since.as_deref()),
                (None, Some(url)) => verify_server(url, trusted, since.as_deref()),
                _ => Err(Failure::Input(
                    "give exactly one of --data-dir DIR and --server URL".into(),
                )),
            }
        }
    }
}

fn pretty(v: &Value) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
    )
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .format(&Rfc3339)
        .unwrap_or_default()
}

fn random<const N: usize>() -> Result<[u8; N], Failure> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| Failure::Internal(format!("no randomness from the system: {e}")))?;
    Ok(bytes)
}

/// A new case id: the two States, the date and six random hex digits.
fn new_case_id(from: &str, to: &StateCode) -> Result<String, Failure> {
    let d = OffsetDateTime::now_utc().date();
    let r: [u8; 3] = random()?;
    Ok(format!(
        "{from}-{to}-{:04}{:02}{:02}-{:02x}{:02x}{:02x}",
        d.year(),
        u8::from(d.month()),
        d.day(),
        r[0],
        r[1],
        r[2]
    ))
}

fn keygen(out: &Path) -> Result<String, Failure> {
    let seed: [u8; 32] = random()?;
    let key = SigningKey::from_bytes(&seed);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let cannot = |e: std::io::Error| {
        Failure::Input(format!(
            "cannot write the key file `{}`: {e}",
            out.display()
        ))
    };
    let mut file = options.open(out).map_err(cannot)?;
    file.write_all(format!("{}\n", BASE64.encode(seed)).as_bytes())
        .map_err(cannot)?;
    Ok(format!("{}\n", public_key(&key).to_base64()))
}

/// Reads a point of contact's key file.
fn read_key(path: &Path) -> Result<SigningKey, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Input(format!(
            "cannot read the key file `{}`: {e}",
            path.display()
        ))
    })?;
    let bytes = BASE64.decode(text.trim()).map_err(|_| {
        Failure::Input(format!(
            "`{}` is not a key file (one line: the 32-byte Ed25519 private key in base64, as `diligence ledger keygen` writes)",
            path.display()
        ))
    })?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| {
        Failure::Input(format!(
            "`{}` does not hold a 32-byte Ed25519 private key",
            path.display()
        ))
    })?;
    Ok(SigningKey::from_bytes(&seed))
}

fn open_dir(dir: &Path) -> Result<diligence_ledger_store::SqliteStore, Failure> {
    if !dir.join(diligence_ledger_store::keyfile::KEY_FILE).exists() {
        return Err(Failure::Input(format!(
            "no ledger in `{}`: run `diligence ledger init --data-dir {} --origin NAME`",
            dir.display(),
            dir.display()
        )));
    }
    diligence_ledger_store::open_data_dir(dir)
        .map_err(|e| Failure::Input(format!("cannot open the ledger: {e}")))
}

fn client() -> Result<reqwest::blocking::Client, Failure> {
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .map_err(|e| Failure::Internal(format!("cannot make an HTTP client: {e}")))
}

fn url(server: &str, path: &str) -> String {
    format!("{}/api/v1/ledger/{path}", server.trim_end_matches('/'))
}

/// A failed request: the server's problem detail and field, or the error.
fn refused(res: reqwest::blocking::Response) -> Failure {
    let status = res.status();
    let body = res.text().unwrap_or_default();
    let detail = serde_json::from_str::<Value>(&body)
        .ok()
        .map(|p| {
            let mut d = p["detail"].as_str().unwrap_or(&body).to_owned();
            if let Some(f) = p["field"].as_str() {
                d.push_str(&format!(" (field `{f}`)"));
            }
            d
        })
        .unwrap_or(body);
    Failure::Input(format!("the server refused ({status}): {detail}"))
}

fn unreachable(server: &str, e: reqwest::Error) -> Failure {
    Failure::Input(format!("cannot reach the server at {server}: {e}"))
}

fn get_bytes(server: &str, path: &str, token: Option<&str>) -> Result<Vec<u8>, Failure> {
    let mut req = client()?.get(url(server, path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().map_err(|e| unreachable(server, e))?;
    if !res.status().is_success() {
        return Err(refused(res));
    }
    res.bytes()
        .map(|b| b.to_vec())
        .map_err(|e| unreachable(server, e))
}

fn get_json(server: &str, path: &str, token: Option<&str>) -> Result<Value, Failure> {
    let bytes = get_bytes(server, path, token)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Failure::Input(format!("the server's answer is not JSON: {e}")))
}

impl crate::cli::Remote {
    /// The token's State and point of contact.
    fn whoami(&self) -> Result<(String, String), Failure> {
        let me = get_json(&self.server, "me", Some(&self.token))?;
        match (me["state"].as_str(), me["name"].as_str()) {
            (Some(s), Some(n)) => Ok((s.to_owned(), n.to_owned())),
            _ => Err(Failure::Input(
                "the token is an operator's: entries are sent with a point of contact's token"
                    .into(),
            )),
        }
    }

    /// Signs the record with the key file and appends it.
    fn append(&self, record: Value) -> Result<Value, Failure> {
        let key = read_key(&self.key)?;
        let record: Record = serde_json::from_value(record)
            .map_err(|e| Failure::Input(format!("the entry is not valid: {e}")))?;
        let entry = sign(&record, &key);
        let res = client()?
            .post(url(&self.server, "entries"))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(entry.to_json().to_string())
            .send()
            .map_err(|e| unreachable(&self.server, e))?;
        if !res.status().is_success() {
            return Err(refused(res));
        }
        res.json()
            .map_err(|e| Failure::Input(format!("the server's answer is not JSON: {e}")))
    }

    /// Appends an entry of `kind` after the case's last one.
    fn follow_up(&self, case: &str, kind: &str, body: Value) -> Result<String, Failure> {
        let me = self.whoami()?;
        let view = get_json(&self.server, &format!("cases/{case}"), Some(&self.token))?;
        let previous = view["entries"]
            .as_array()
            .and_then(|e| e.last())
            .and_then(|e| e["hash"].as_str())
            .ok_or_else(|| Failure::Input(format!("case {case} has no entry")))?
            .to_owned();
        let record = json!({"case": case, "kind": kind, "from_state": me.0,
            "from_contact": me.1, "claimed_time": now(), "previous": previous, "body": body});
        Ok(pretty(&self.append(record)?))
    }
}

fn show_text(view: &Value) -> String {
    let mut out = format!(
        "case {}: {} notified {}{}\n",
        view["case"].as_str().unwrap_or(""),
        view["notifier"].as_str().unwrap_or(""),
        view["receiver"].as_str().unwrap_or(""),
        if view["closed"] == true {
            " (closed)"
        } else {
            ""
        }
    );
    out.push_str(&format!(
        "acknowledgement: {} (due {})\n",
        view["deadline"]["status"].as_str().unwrap_or(""),
        view["deadline"]["due"].as_str().unwrap_or("")
    ));
    for e in view["entries"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "  #{} leaf {} {} from {} at {}\n",
            e["position"],
            e["index"],
            e["kind"].as_str().unwrap_or(""),
            e["entry"]["record"]["from_state"].as_str().unwrap_or(""),
            e["received"].as_str().unwrap_or("")
        ));
    }
    for party in ["notifier", "receiver"] {
        let r = &view["assessment"][party];
        let statuses: Vec<&str> = r["statuses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        out.push_str(&format!(
            "{party} {}: {}\n",
            r["state"].as_str().unwrap_or(""),
            match (r["profile_name"].as_str(), r["source"].as_str()) {
                (Some(name), Some("declared")) => {
                    format!("under {name} (declared): {}", statuses.join(" or "))
                }
                (Some(name), _) => format!("under {name}: {}", statuses.join(" or ")),
                (None, _) => "no reading declared and no position in the knowledge base".into(),
            }
        ));
    }
    out
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

/// Checks that the tree of `old` extends to the leaves given (all the
/// leaves of the current tree): the first `old.size` leaves have the old
/// root.
fn check_extends(old: TreeHead, leaves: &[Hash]) -> Result<(), Failure> {
    let bad = |why: String| {
        Failure::Input(format!(
            "the log does not extend the saved checkpoint (size {}): {why}",
            old.size
        ))
    };
    let n = usize::try_from(old.size).map_err(|_| bad("too large".into()))?;
    if n > leaves.len() {
        return Err(bad(format!("the log has only {} entries", leaves.len())));
    }
    let mut log = MemoryLog::new();
    for leaf in &leaves[..n] {
        log.append_leaf_hash(*leaf);
    }
    let root = log.root(old.size).map_err(|e| bad(e.to_string()))?;
    if root != old.root {
        return Err(bad("its first entries have another root".into()));
    }
    Ok(())
}

fn verify_dir(
    dir: &Path,
    trusted: Option<String>,
    since: Option<&Path>,
) -> Result<String, Failure> {
    let store = open_dir(dir)?;
    let (key, whose) = match trusted {
        Some(k) => (k, "the verifier key given"),
        None => (store.verifier_key(), "the data directory's own key"),
    };
    let report = store
        .verify_store(&key)
        .map_err(|e| Failure::Input(format!("the ledger does not verify: {e}")))?;
    let mut out = format!(
        "verified: {} entries in {} cases, every signature, chain and stored hash (checked with {whose})\n",
        report.entries, report.cases
    );
    if let Some(head) = report.checkpoint {
        out.push_str(&format!("checkpoint: tree size {}\n", head.size));
    }
    if let Some(path) = since {
        let old = saved_checkpoint(path, &key)?;
        let leaves = store
            .entries(0, report.entries)
            .map_err(|e| Failure::Input(format!("cannot read the entries: {e}")))?
            .iter()
            .map(|b| diligence_ledger::log::leaf_hash(b))
            .collect::<Vec<_>>();
        check_extends(old, &leaves)?;
        out.push_str(&format!(
            "consistent with the saved checkpoint of size {}\n",
            old.size
        ));
    }
    Ok(out)
}

fn verify_server(
    server: &str,
    trusted: Option<String>,
    since: Option<&Path>,
) -> Result<String, Failure> {
    let (key, whose) = match trusted {
        Some(k) => (k, "the verifier key given"),
        None => {
            let k = String::from_utf8_lossy(&get_bytes(server, "key", None)?)
                .trim()
                .to_owned();
            (
                k,
                "the key the server gave: pass --verifier-key or --key-file to trust your own copy",
            )
        }
    };
    let note = get_bytes(server, "checkpoint", None)?;
    let head = diligence_ledger::checkpoint::verify(&note, &key)
        .map_err(|e| Failure::Input(format!("the server's checkpoint does not verify: {e}")))?;
    let mut tiles = TileSet::new();
    let refs = TileSet::tiles_of(head.size);
    for t in &refs {
        let path = t.path();
        let bytes = get_bytes(server, &path, None)?;
        tiles.insert(*t, bytes);
    }
    let mut leaves: Vec<Hash> = Vec::new();
    let mut directory = Directory::new();
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    let epoch = OffsetDateTime::UNIX_EPOCH;
    let mut index: u64 = 0;
    for t in refs.iter().filter_map(|t| t.bundle()) {
        let bytes = get_bytes(server, &t.path(), None)?;
        let entries = tiles
            .check_bundle(head.size, head.root, t, &bytes)
            .map_err(|e| Failure::Input(format!("the log does not verify: {e}")))?;
        for raw in entries {
            let bad = |why: String| {
                Failure::Input(format!("the log does not verify: entry {index}: {why}"))
            };
            leaves.push(diligence_ledger::log::leaf_hash(raw));
            let entry = SignedEntry::from_slice(raw).map_err(|e| bad(e.to_string()))?;
            entry.verify().map_err(|e| bad(e.to_string()))?;
            let r = entry.record();
            // A contact's key is the one its first entry in the log used.
            if directory.key(&r.from_state, &r.from_contact).is_none() {
                directory.add(
                    r.from_state.clone(),
                    r.from_contact.clone(),
                    entry.public_key(),
                );
            }
            let id = r.case.to_string();
            match cases.get_mut(&id) {
                Some(case) => case
                    .append(entry, epoch, &directory)
                    .map_err(|e| bad(format!("case {id}: {e}")))?,
                None => {
                    let case = Case::open(entry, epoch, &directory)
                        .map_err(|e| bad(format!("case {id}: {e}")))?;
                    cases.insert(id, case);
                }
            }
            index += 1;
        }
    }
    if index != head.size {
        return Err(Failure::Input(format!(
            "the log does not verify: the entry bundles hold {index} entries, the checkpoint {}",
            head.size
        )));
    }
    let mut out = format!(
        "verified: {} entries in {} cases, every signature, chain and tile hash against the checkpoint (tree size {}; checked with {whose})\n",
        head.size,
        cases.len(),
        head.size
    );
    if let Some(path) = since {
        let old = saved_checkpoint(path, &key)?;
        check_extends(old, &leaves)?;
        out.push_str(&format!(
            "consistent with the saved checkpoint of size {}\n",
            old.size
        ));
    }
    Ok(out)
}

/// Writes the public log of a data directory under `out`: `checkpoint`,
/// `key` and every tile and entry bundle at its C2SP path. The tiles are
/// those of the checkpoint's tree, so the files agree with each other.
fn export(dir: &Path, out: &Path) -> Result<String, Failure> {
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
