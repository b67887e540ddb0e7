//! `diligence ledger`: the notification and response ledger from the
//! command line. `init`, `state add`, `operator add` and `verify
//! --data-dir` work on a data directory (or, but for `verify`, on a
//! PostgreSQL database with the log's key file); `notify`, `ack`, `step` and `show` talk to a server's API
//! (`--server URL`, `Authorization: Bearer TOKEN`) and sign every entry
//! here with the point of contact's key file, which never leaves this
//! machine. `verify` and `export` are in `ledger_verify`.
//!
//! A point of contact's key file (`ledger keygen`) is one line: the
//! 32-byte Ed25519 private key (RFC 8032) in standard base64, created with mode
//! 0600.

use crate::cli::{LedgerArgs, LedgerAt, LedgerCommand, OperatorCommand, StateCommand};
use crate::failure::Failure;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use diligence_ledger::model::{check_text, PublicKey, Record, StateCode, MAX_CONTACT_NAME};
use diligence_ledger::sign::{public_key, sign};
use diligence_ledger_store::Store;
use ed25519_dalek::SigningKey;
use serde_json::{json, Value};
use std::io::Write as _;
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Runs a `diligence ledger` command.
pub fn run(args: &LedgerArgs) -> Result<String, Failure> {
    match &args.command {
        LedgerCommand::Init { at, origin } => {
            let store = init_at(at, origin)?;
            Ok(format!("{}\n", store.verifier_key()))
        }
        LedgerCommand::Keygen { out } => keygen(out),
        LedgerCommand::State(StateCommand::Add {
            state,
            contact,
            public_key,
            at,
        }) => {
            let state = StateCode::parse(state).map_err(|e| Failure::Input(e.to_string()))?;
            let key =
                PublicKey::from_base64(public_key).map_err(|e| Failure::Input(e.to_string()))?;
            let store = open_at(at)?;
            let token = store
                .add_contact(&state, contact, key)
                .map_err(|e| Failure::Input(format!("cannot add the point of contact: {e}")))?;
            Ok(pretty(
                &json!({"state": state.as_str(), "contact": contact, "token": token}),
            ))
        }
        LedgerCommand::Operator(OperatorCommand::Add { name, at }) => {
            check_text("name", name, MAX_CONTACT_NAME, false)
                .map_err(|e| Failure::Input(format!("the operator's {e}")))?;
            let token = open_at(at)?
                .add_operator(name)
                .map_err(|e| Failure::Input(format!("cannot add the operator: {e}")))?;
            Ok(pretty(&json!({"operator": name, "token": token})))
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
        LedgerCommand::Export { data_dir, out } => crate::ledger_verify::export(data_dir, out),
        LedgerCommand::Verify {
            data_dir,
            server,
            tiles,
            since,
            verifier_key,
            key_file,
            consistency_only,
        } => {
            use crate::ledger_verify::{verify, Request, Target};
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
            let target = match (data_dir, server, tiles) {
                (Some(dir), None, None) => Target::DataDir(dir),
                (None, Some(url), None) => Target::Server(url),
                (None, None, Some(dir)) => Target::Tiles(dir),
                _ => {
                    return Err(Failure::Input(
                        "give exactly one of --data-dir DIR, --server URL and --tiles DIR".into(),
                    ))
                }
            };
            verify(Request {
                target,
                trusted,
                since: since.as_deref(),
                consistency_only: *consistency_only,
            })
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

/// Opens a data directory's ledger, or says how to make one.
/// Creates the ledger where `at` says: a data directory, or a PostgreSQL
/// database with a new log key file.
fn init_at(at: &LedgerAt, origin: &str) -> Result<Box<dyn Store>, Failure> {
    let cannot = |e: diligence_ledger_store::StoreError| {
        Failure::Input(format!("cannot create the ledger: {e}"))
    };
    match (&at.data_dir, &at.database, &at.log_key) {
        (Some(dir), _, _) => Ok(Box::new(
            diligence_ledger_store::init_data_dir(dir, origin).map_err(cannot)?,
        )),
        (None, Some(url), Some(key)) => {
            let key =
                diligence_ledger_store::keyfile::write_key_file(key, origin).map_err(cannot)?;
            diligence_ledger_store::open(url, key).map_err(cannot)
        }
        _ => Err(Failure::Input(
            "give --data-dir DIR, or --database URL with --log-key FILE".into(),
        )),
    }
}

/// Opens the ledger where `at` says.
fn open_at(at: &LedgerAt) -> Result<Box<dyn Store>, Failure> {
    match (&at.data_dir, &at.database, &at.log_key) {
        (Some(dir), _, _) => Ok(Box::new(open_dir(dir)?)),
        (None, Some(url), Some(key)) => {
            let key = diligence_ledger_store::read_key_file(key)
                .map_err(|e| Failure::Input(format!("cannot read the log's key: {e}")))?;
            diligence_ledger_store::open(url, key)
                .map_err(|e| Failure::Input(format!("cannot open the ledger's database: {e}")))
        }
        _ => Err(Failure::Input(
            "give --data-dir DIR, or --database URL with --log-key FILE".into(),
        )),
    }
}

pub(crate) fn open_dir(dir: &Path) -> Result<diligence_ledger_store::SqliteStore, Failure> {
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
