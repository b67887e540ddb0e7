//! The ledger's HTTP API checked in process with `oneshot`: the
//! authorisation matrix (every role against every endpoint and every case,
//! each cell's expectation written in a table), the refusals of entries
//! with the field named, the public log's headers, the inclusion proofs
//! of a case against its checkpoint, and a server without a ledger.

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use diligence_kb::KnowledgeBase;
use diligence_ledger::log::{leaf_hash, verify_inclusion, Hash};
use diligence_ledger::model::{CaseId, Record, StateCode};
use diligence_ledger::sign::{public_key, sign, SignedEntry};
use diligence_server::ledger::Ledger;
use diligence_server::{router, AppState, Store};
use ed25519_dalek::SigningKey;
use serde_json::{json, Value};
use std::sync::Arc;
use tower::ServiceExt;

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().expect("the embedded knowledge base is valid")
}

/// A point of contact: its State, name, key and token.
struct Contact {
    state: &'static str,
    name: &'static str,
    key: SigningKey,
    token: String,
}

/// A router serving a fresh ledger with an operator, France (notifier of
/// case A), Germany (its receiver), Italy and Spain (case B: Italy
/// notifies Spain) and the United Kingdom (party to neither).
struct World {
    _dir: tempfile::TempDir,
    app: Router,
    ledger: Ledger,
    operator: String,
    fra: Contact,
    deu: Contact,
    gbr: Contact,
}

fn record(value: Value) -> Record {
    serde_json::from_value(value).expect("a valid record")
}

fn facts() -> Value {
    json!({"domain": "cyber", "conduct_by": "non_state_actor",
        "territorial_link": "originates", "contrary_to_rights": true,
        "harm": "serious", "knowledge": "none", "timing": "ongoing",
        "capacity": "feasible", "measures": "none"})
}

fn notification(case: &str, from: &Contact, to: &str) -> SignedEntry {
    sign(
        &record(
            json!({"case": case, "kind": "notification", "from_state": from.state,
            "from_contact": from.name, "claimed_time": "2026-12-03T08:00:00Z",
            "body": {"to": to, "facts": facts(), "summary": "Ransomware run from servers on your territory.",
                "action_requested": "Take the servers down.", "urgency": "urgent"}}),
        ),
        &from.key,
    )
}

/// A reply from `from` as the next entry of `case`.
fn reply(ledger: &Ledger, case: &str, from: &Contact, text: &str) -> SignedEntry {
    let id = CaseId::parse(case).expect("an id");
    let stored = ledger
        .case(&id)
        .expect("the store reads")
        .expect("the case");
    let previous = stored.entries.last().expect("an entry").hash.to_hex();
    sign(
        &record(
            json!({"case": case, "kind": "reply", "from_state": from.state,
            "from_contact": from.name, "claimed_time": "2026-12-03T09:00:00Z",
            "previous": previous, "body": {"text": text}}),
        ),
        &from.key,
    )
}

fn contact(ledger: &Ledger, state: &'static str, name: &'static str, seed: u8) -> Contact {
    let key = SigningKey::from_bytes(&[seed; 32]);
    let token = ledger
        .add_contact(
            &StateCode::parse(state).expect("a code"),
            name,
            public_key(&key),
        )
        .expect("registered");
    Contact {
        state,
        name,
        key,
        token,
    }
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("a directory");
    let ledger: Ledger = Arc::new(
        diligence_ledger_store::init_data_dir(&dir.path().join("ledger"), "ledger.test/log")
            .expect("a ledger"),
    );
    let operator = ledger.add_operator("ops").expect("an operator");
    let fra = contact(&ledger, "FRA", "CERT-FR", 1);
    let deu = contact(&ledger, "DEU", "BSI", 2);
    let ita = contact(&ledger, "ITA", "CSIRT", 3);
    let _esp = contact(&ledger, "ESP", "CCN", 4);
    let gbr = contact(&ledger, "GBR", "NCSC", 5);
    ledger
        .append(notification("case-a", &fra, "DEU"))
        .expect("case A opens");
    ledger
        .append(notification("case-b", &ita, "ESP"))
        .expect("case B opens");
    let store = Store::open(dir.path()).expect("the scenarios' database");
    let app = router(AppState::new(kb(), store).with_ledger(ledger.clone()));
    World {
        _dir: dir,
        app,
        ledger,
        operator,
        fra,
        deu,
        gbr,
    }
}

async fn send(
    app: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> Response<Body> {
    send_with(app, method, path, token.map(Credential::Bearer), &[], body).await
}

/// How a request carries its token.
#[derive(Debug, Clone, Copy)]
enum Credential<'a> {
    /// `Authorization: Bearer TOKEN`.
    Bearer(&'a str),
    /// The sign-in page's cookie.
    Cookie(&'a str),
}

/// The host the in-process requests name, and this site's own origin.
const HOST: &str = "ledger.test";
const SITE: &str = "http://ledger.test";

async fn send_with(
    app: &Router,
    method: Method,
    path: &str,
    credential: Option<Credential<'_>>,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Response<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST);
    match credential {
        Some(Credential::Bearer(t)) => {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        Some(Credential::Cookie(t)) => {
            req = req.header(header::COOKIE, format!("theme=dark; ledger_token={t}"));
        }
        None => {}
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    if !body.is_empty() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    app.clone()
        .oneshot(req.body(Body::from(body)).expect("a request"))
        .await
        .expect("the router answers")
}

async fn json_of(res: Response<Body>) -> Value {
    let bytes = to_bytes(res.into_body(), 1 << 24).await.expect("a body");
    serde_json::from_slice(&bytes).expect("JSON")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    NoToken,
    BadToken,
    Operator,
    Notifier,
    Receiver,
    Third,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Checkpoint,
    Key,
    HashTile,
    EntryBundle,
    PostEntry,
    ListCases,
    GetCase,
    PostState,
    Me,
}

/// What a cell expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Allowed (2xx), and for the list of cases the case is in it.
    Allow,
    /// Allowed, but the case is not in the list.
    Hidden,
    /// Refused with this status.
    Deny(u16),
}

use Endpoint::*;
use Expect::*;
use Role::*;

/// The matrix: for each role and endpoint, the expectation for case A
/// (France notified Germany) and for case B (Italy notified Spain).
const MATRIX: &[(Role, Endpoint, [Expect; 2])] = &[
    (NoToken, Checkpoint, [Allow, Allow]),
    (NoToken, Key, [Allow, Allow]),
    (NoToken, HashTile, [Allow, Allow]),
    (NoToken, EntryBundle, [Allow, Allow]),
    (NoToken, PostEntry, [Deny(401), Deny(401)]),
    (NoToken, ListCases, [Deny(401), Deny(401)]),
    (NoToken, GetCase, [Deny(401), Deny(401)]),
    (NoToken, PostState, [Deny(401), Deny(401)]),
    (NoToken, Me, [Deny(401), Deny(401)]),
    (BadToken, Checkpoint, [Allow, Allow]),
    (BadToken, Key, [Allow, Allow]),
    (BadToken, HashTile, [Allow, Allow]),
    (BadToken, EntryBundle, [Allow, Allow]),
    (BadToken, PostEntry, [Deny(401), Deny(401)]),
    (BadToken, ListCases, [Deny(401), Deny(401)]),
    (BadToken, GetCase, [Deny(401), Deny(401)]),
    (BadToken, PostState, [Deny(401), Deny(401)]),
    (BadToken, Me, [Deny(401), Deny(401)]),
    (Operator, Checkpoint, [Allow, Allow]),
    (Operator, Key, [Allow, Allow]),
    (Operator, HashTile, [Allow, Allow]),
    (Operator, EntryBundle, [Allow, Allow]),
    (Operator, PostEntry, [Deny(403), Deny(403)]),
    (Operator, ListCases, [Deny(403), Deny(403)]),
    (Operator, GetCase, [Deny(403), Deny(403)]),
    (Operator, PostState, [Allow, Allow]),
    (Operator, Me, [Allow, Allow]),
    (Notifier, Checkpoint, [Allow, Allow]),
    (Notifier, Key, [Allow, Allow]),
    (Notifier, HashTile, [Allow, Allow]),
    (Notifier, EntryBundle, [Allow, Allow]),
    (Notifier, PostEntry, [Allow, Deny(409)]),
    (Notifier, ListCases, [Allow, Hidden]),
    (Notifier, GetCase, [Allow, Deny(404)]),
    (Notifier, PostState, [Deny(403), Deny(403)]),
    (Notifier, Me, [Allow, Allow]),
    (Receiver, Checkpoint, [Allow, Allow]),
    (Receiver, Key, [Allow, Allow]),
    (Receiver, HashTile, [Allow, Allow]),
    (Receiver, EntryBundle, [Allow, Allow]),
    (Receiver, PostEntry, [Allow, Deny(409)]),
    (Receiver, ListCases, [Allow, Hidden]),
    (Receiver, GetCase, [Allow, Deny(404)]),
    (Receiver, PostState, [Deny(403), Deny(403)]),
    (Receiver, Me, [Allow, Allow]),
    (Third, Checkpoint, [Allow, Allow]),
    (Third, Key, [Allow, Allow]),
    (Third, HashTile, [Allow, Allow]),
    (Third, EntryBundle, [Allow, Allow]),
    (Third, PostEntry, [Deny(409), Deny(409)]),
    (Third, ListCases, [Hidden, Hidden]),
    (Third, GetCase, [Deny(404), Deny(404)]),
    (Third, PostState, [Deny(403), Deny(403)]),
    (Third, Me, [Allow, Allow]),
];

/// Runs one cell and returns what happened.
async fn cell(
    w: &World,
    role: Role,
    endpoint: Endpoint,
    case: &str,
    n: usize,
    cookie: bool,
) -> Expect {
    let token: Option<String> = match role {
        NoToken => None,
        BadToken => Some("not-a-token".into()),
        Operator => Some(w.operator.clone()),
        Notifier => Some(w.fra.token.clone()),
        Receiver => Some(w.deu.token.clone()),
        Third => Some(w.gbr.token.clone()),
    };
    // The contact whose key signs the entry the role posts: its own, or
    // (for the roles that hold no key) the notifier's.
    let signer = match role {
        Receiver => &w.deu,
        Third => &w.gbr,
        _ => &w.fra,
    };
    let size = w.ledger.tree_head().expect("a head").size;
    let (method, path, body) = match endpoint {
        Checkpoint => (Method::GET, "/api/v1/ledger/checkpoint".to_string(), vec![]),
        Key => (Method::GET, "/api/v1/ledger/key".to_string(), vec![]),
        HashTile => (
            Method::GET,
            format!("/api/v1/ledger/tile/0/000.p/{size}"),
            vec![],
        ),
        EntryBundle => (
            Method::GET,
            format!("/api/v1/ledger/tile/entries/000.p/{size}"),
            vec![],
        ),
        PostEntry => (
            Method::POST,
            "/api/v1/ledger/entries".to_string(),
            serde_json::to_vec(&reply(&w.ledger, case, signer, &format!("cell {n}")))
                .expect("JSON"),
        ),
        ListCases => (Method::GET, "/api/v1/ledger/cases".to_string(), vec![]),
        Me => (Method::GET, "/api/v1/ledger/me".to_string(), vec![]),
        GetCase => (Method::GET, format!("/api/v1/ledger/cases/{case}"), vec![]),
        PostState => {
            let key = SigningKey::from_bytes(&[100 + n as u8; 32]);
            (
                Method::POST,
                "/api/v1/ledger/states".to_string(),
                serde_json::to_vec(&json!({"state": "NLD", "contact": format!("contact {n}"),
                    "public_key": public_key(&key).to_base64()}))
                .expect("JSON"),
            )
        }
    };
    // With the cookie, the request comes from the site's own pages (its
    // `Origin`), as the browser sends it.
    let (credential, headers) = match &token {
        Some(t) if cookie => (Some(Credential::Cookie(t)), &[("origin", SITE)][..]),
        Some(t) => (Some(Credential::Bearer(t)), &[][..]),
        None => (None, &[][..]),
    };
    let res = send_with(&w.app, method, &path, credential, headers, body).await;
    let status = res.status();
    if status.as_u16() == 401 {
        assert_eq!(
            res.headers()
                .get(header::WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.starts_with("Bearer")),
            Some(true),
            "a 401 challenges for a bearer token"
        );
    }
    if !status.is_success() {
        return Deny(status.as_u16());
    }
    if endpoint == ListCases {
        let list = json_of(res).await;
        let listed = list
            .as_array()
            .expect("a list")
            .iter()
            .any(|c| c["case"] == case);
        return if listed { Allow } else { Hidden };
    }
    Allow
}

#[tokio::test]
async fn every_role_against_every_endpoint_and_case() {
    matrix(false).await;
}

#[tokio::test]
async fn the_sign_in_cookie_is_a_credential_like_the_bearer_token() {
    matrix(true).await;
}

/// Runs the whole matrix with the token as a bearer token or as the
/// sign-in cookie sent from the site's own pages.
async fn matrix(cookie: bool) {
    let w = world();
    let roles = [NoToken, BadToken, Operator, Notifier, Receiver, Third];
    let endpoints = [
        Checkpoint,
        Key,
        HashTile,
        EntryBundle,
        PostEntry,
        ListCases,
        GetCase,
        PostState,
        Me,
    ];
    // The table covers every cell once.
    for r in roles {
        for e in endpoints {
            let rows = MATRIX.iter().filter(|(a, b, _)| *a == r && *b == e).count();
            assert_eq!(rows, 1, "{r:?} x {e:?} is in the table once");
        }
    }
    let mut failures = Vec::new();
    let mut n = 0;
    for (role, endpoint, expected) in MATRIX {
        for (case, want) in ["case-a", "case-b"].iter().zip(expected) {
            n += 1;
            let got = cell(&w, *role, *endpoint, case, n, cookie).await;
            if got != *want {
                failures.push(format!(
                    "{role:?} x {endpoint:?} x {case} (cookie: {cookie}): expected {want:?}, got {got:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The allowed writes are in the log: the notifier's and the
    // receiver's replies to case A, nothing else.
    let a = w
        .ledger
        .case(&CaseId::parse("case-a").expect("id"))
        .expect("reads")
        .expect("case A");
    assert_eq!(a.entries.len(), 3);
    let b = w
        .ledger
        .case(&CaseId::parse("case-b").expect("id"))
        .expect("reads")
        .expect("case B");
    assert_eq!(b.entries.len(), 1);
}

#[tokio::test]
async fn a_contact_cannot_send_in_another_contacts_name() {
    let w = world();
    // Germany's token with an entry France signed.
    let entry = reply(&w.ledger, "case-a", &w.fra, "not mine");
    let res = send(
        &w.app,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(&w.deu.token),
        serde_json::to_vec(&entry).expect("JSON"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(res).await["field"], "record.from_state");
    // Germany's token with an entry naming Germany's contact but signed by
    // another key: refused by the registered key rule.
    let id = CaseId::parse("case-a").expect("id");
    let last = w.ledger.case(&id).expect("reads").expect("case").entries[0]
        .hash
        .to_hex();
    let forged = sign(
        &record(
            json!({"case": "case-a", "kind": "acknowledgement", "from_state": "DEU",
            "from_contact": "BSI", "claimed_time": "2026-12-03T09:00:00Z",
            "previous": last, "body": {}}),
        ),
        &SigningKey::from_bytes(&[9; 32]),
    );
    let res = send(
        &w.app,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(&w.deu.token),
        serde_json::to_vec(&forged).expect("JSON"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(res).await["field"], "public_key");
}

#[tokio::test]
async fn bad_entries_are_refused_with_the_field_named() {
    let w = world();
    let good = serde_json::to_value(reply(&w.ledger, "case-a", &w.deu, "ok")).expect("JSON");
    let mut wrong_signature = good.clone();
    let mut sig = wrong_signature["signature"]
        .as_str()
        .expect("a string")
        .to_string();
    sig.replace_range(0..1, if sig.starts_with('A') { "B" } else { "A" });
    wrong_signature["signature"] = json!(sig);
    let mut bad_date = good.clone();
    bad_date["record"]["claimed_time"] = json!("yesterday");
    let mut long_text = good.clone();
    long_text["record"]["body"]["text"] = json!("x".repeat(5000));
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (b"{not json".to_vec(), 400, "entry"),
        (
            serde_json::to_vec(&wrong_signature).expect("JSON"),
            422,
            "signature",
        ),
        (
            serde_json::to_vec(&bad_date).expect("JSON"),
            422,
            "record.claimed_time",
        ),
        (
            serde_json::to_vec(&long_text).expect("JSON"),
            422,
            "record.body.text",
        ),
    ];
    for (body, status, field) in cases {
        let res = send(
            &w.app,
            Method::POST,
            "/api/v1/ledger/entries",
            Some(&w.deu.token),
            body,
        )
        .await;
        assert_eq!(res.status().as_u16(), status, "{field}");
        let problem = json_of(res).await;
        assert_eq!(problem["field"], field, "{problem}");
    }
    // A replay of an accepted entry is a conflict.
    let entry = serde_json::to_vec(&good).expect("JSON");
    for want in [201, 409] {
        let res = send(
            &w.app,
            Method::POST,
            "/api/v1/ledger/entries",
            Some(&w.deu.token),
            entry.clone(),
        )
        .await;
        assert_eq!(res.status().as_u16(), want);
    }
}

#[tokio::test]
async fn a_case_proves_its_entries_and_assesses_both_readings() {
    let w = world();
    let res = send(
        &w.app,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(&w.deu.token),
        serde_json::to_vec(&reply(&w.ledger, "case-a", &w.deu, "Looking into it.")).expect("JSON"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let appended = json_of(res).await;
    assert_eq!(appended["case"], "case-a");
    let res = send(
        &w.app,
        Method::GET,
        "/api/v1/ledger/cases/case-a",
        Some(&w.fra.token),
        vec![],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let view = json_of(res).await;
    let head = diligence_ledger::checkpoint::verify(
        view["checkpoint"].as_str().expect("a note").as_bytes(),
        &w.ledger.verifier_key(),
    )
    .expect("the checkpoint verifies");
    assert_eq!(view["tree_size"], head.size);
    let entries = view["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["index"], appended["index"]);
    assert_eq!(entries[1]["hash"], appended["hash"]);
    use base64::Engine as _;
    for e in entries {
        let signed = SignedEntry::from_json(e["entry"].clone()).expect("a signed entry");
        assert_eq!(signed.hash().to_hex(), e["hash"]);
        let proof: Vec<Hash> = e["inclusion_proof"]
            .as_array()
            .expect("a proof")
            .iter()
            .map(|h| {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(h.as_str().expect("base64"))
                    .expect("base64");
                Hash(bytes.try_into().expect("32 bytes"))
            })
            .collect();
        let index = e["index"].as_u64().expect("an index");
        verify_inclusion(
            &proof,
            head.size,
            head.root,
            index,
            leaf_hash(&signed.canonical_bytes()),
        )
        .expect("the proof verifies");
        // A proof for another leaf does not.
        let other = (index + 1) % head.size;
        assert!(verify_inclusion(
            &proof,
            head.size,
            head.root,
            other,
            leaf_hash(&signed.canonical_bytes())
        )
        .is_err());
    }
    // Both readings: each party's profile where the knowledge base has
    // one, with a status at every point of the timeline.
    let assessment = &view["assessment"];
    for (party, state) in [("notifier", "FRA"), ("receiver", "DEU")] {
        let reading = &assessment[party];
        assert_eq!(reading["state"], state);
        let expected =
            diligence_server::ledger::reading_of(kb(), &StateCode::parse(state).expect("a code"))
                .map(|p| p.id.clone());
        assert_eq!(reading["profile"].as_str().map(str::to_owned), expected);
        if expected.is_some() {
            assert!(!reading["statuses"].as_array().expect("a list").is_empty());
        }
        // The current result under the reading is the assess API's answer
        // for the case's facts now: same status, trace and inferences.
        match &expected {
            Some(id) => {
                let facts = serde_json::to_vec(&assessment["facts"]).expect("JSON");
                let res = send(
                    &w.app,
                    Method::POST,
                    &format!("/api/v1/assess?profile={id}"),
                    None,
                    facts,
                )
                .await;
                assert_eq!(res.status(), StatusCode::OK);
                let assessed = json_of(res).await;
                assert_eq!(reading["result"], assessed["results"][0], "{party}");
                assert!(!reading["result"]["trace"]
                    .as_array()
                    .expect("a trace")
                    .is_empty());
                assert!(reading["result"]["rests_on_inference"].is_array());
            }
            None => assert!(reading["result"].is_null(), "{party}"),
        }
    }
    let timeline = assessment["timeline"].as_array().expect("a timeline");
    assert_eq!(
        timeline.len(),
        3,
        "the facts as notified, then after each entry"
    );
    assert_eq!(timeline[0]["facts"]["knowledge"], "none");
    assert_eq!(timeline[1]["facts"]["knowledge"], "notified");
}

#[tokio::test]
async fn the_log_is_public_and_full_tiles_are_immutable() {
    let w = world();
    // Fill a full tile: 256 leaves (case A gets replies until then).
    while w.ledger.tree_head().expect("a head").size < 257 {
        w.ledger
            .append(reply(&w.ledger, "case-a", &w.fra, "more"))
            .expect("appended");
    }
    let res = send(
        &w.app,
        Method::GET,
        "/api/v1/ledger/tile/0/000",
        None,
        vec![],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get(header::CACHE_CONTROL).expect("cached"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        res.headers().get(header::CONTENT_TYPE).expect("a type"),
        "application/octet-stream"
    );
    let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("a body");
    assert_eq!(bytes.len(), 256 * 32);
    let res = send(
        &w.app,
        Method::GET,
        "/api/v1/ledger/tile/entries/001.p/1",
        None,
        vec![],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cache = res.headers().get(header::CACHE_CONTROL).expect("cached");
    assert!(!cache.to_str().expect("text").contains("immutable"));
    // A tile beyond the log, and a path that is not a tile's.
    for path in ["tile/0/005", "tile/0/0", "tile/entries/000.p/0"] {
        let res = send(
            &w.app,
            Method::GET,
            &format!("/api/v1/ledger/{path}"),
            None,
            vec![],
        )
        .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = send(&w.app, Method::GET, "/api/v1/ledger/key", None, vec![]).await;
    let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("a body");
    assert_eq!(
        String::from_utf8_lossy(&bytes).trim(),
        w.ledger.verifier_key()
    );
}

#[tokio::test]
async fn the_list_puts_overdue_cases_first() {
    let w = world();
    // A second case to Germany, notified long ago, never acknowledged.
    let old = sign(
        &record(
            json!({"case": "case-old", "kind": "notification", "from_state": "FRA",
            "from_contact": "CERT-FR", "claimed_time": "2020-01-01T00:00:00Z",
            "body": {"to": "DEU", "facts": facts(), "summary": "Old.",
                "action_requested": "", "urgency": "immediate"}}),
        ),
        &w.fra.key,
    );
    let received = time::OffsetDateTime::now_utc() - time::Duration::days(30);
    w.ledger.append_at(old, received).expect("appended");
    let res = send(
        &w.app,
        Method::GET,
        "/api/v1/ledger/cases",
        Some(&w.deu.token),
        vec![],
    )
    .await;
    let list = json_of(res).await;
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["case"], "case-old");
    assert_eq!(list[0]["deadline"]["status"], "overdue");
    assert_eq!(list[1]["deadline"]["status"], "pending");
    assert_eq!(list[0]["role"], "receiver");
}

#[tokio::test]
async fn without_a_ledger_the_server_says_how_to_make_one() {
    let dir = tempfile::tempdir().expect("a directory");
    let app = router(AppState::new(kb(), Store::open(dir.path()).expect("opens")));
    let res = send(
        &app,
        Method::GET,
        "/api/v1/ledger/cases",
        Some("anything"),
        vec![],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let problem = json_of(res).await;
    assert!(problem["detail"]
        .as_str()
        .expect("a detail")
        .contains("diligence ledger init"));
    let res = send(&app, Method::GET, "/api/v1/ledger/cases", None, vec![]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = send(&app, Method::GET, "/api/v1/ledger/checkpoint", None, vec![]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let problem = json_of(res).await;
    assert!(problem["detail"]
        .as_str()
        .expect("a detail")
        .contains("diligence ledger init"));
}

#[test]
fn the_openapi_document_lists_every_ledger_operation() {
    let doc: Value = serde_json::from_str(&diligence_server::openapi::document()).expect("JSON");
    let routes = [
        ("/api/v1/ledger/checkpoint", "get", false),
        ("/api/v1/ledger/key", "get", false),
        ("/api/v1/ledger/tile/{path}", "get", false),
        ("/api/v1/ledger/entries", "post", true),
        ("/api/v1/ledger/cases", "get", true),
        ("/api/v1/ledger/cases/{case}", "get", true),
        ("/api/v1/ledger/states", "post", true),
        ("/api/v1/ledger/me", "get", true),
    ];
    for (path, method, secured) in routes {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path}");
        assert_eq!(op["security"].is_array(), secured, "{method} {path}");
        if secured {
            assert!(op["responses"]["401"].is_object(), "{method} {path}");
        }
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

/// Extra request headers.
type Headers<'a> = &'a [(&'a str, &'a str)];

/// The sign-in cookie writes only from the site's own pages: a POST with
/// it from another site (or with no sign of where it came from) is
/// refused and writes nothing; the bearer token, which no browser sends
/// by itself, is taken from anywhere.
#[tokio::test]
async fn a_cross_site_post_with_the_cookie_is_refused() {
    let w = world();
    let cases: &[(&str, Headers, u16)] = &[
        (
            "another site's Origin",
            &[("origin", "https://elsewhere.example")],
            403,
        ),
        (
            "another site's Origin on the same host name but another port",
            &[("origin", "http://ledger.test:8443")],
            403,
        ),
        (
            "a cross-site fetch",
            &[("sec-fetch-site", "cross-site")],
            403,
        ),
        ("a same-site fetch", &[("sec-fetch-site", "same-site")], 403),
        ("neither Origin nor Sec-Fetch-Site", &[], 403),
        (
            "another site's Origin, though Sec-Fetch-Site claims same-origin",
            &[
                ("origin", "https://elsewhere.example"),
                ("sec-fetch-site", "same-origin"),
            ],
            403,
        ),
        ("the site's own Origin", &[("origin", SITE)], 201),
        (
            "a same-origin fetch",
            &[("sec-fetch-site", "same-origin")],
            201,
        ),
    ];
    let id = CaseId::parse("case-a").expect("id");
    let entries = || {
        w.ledger
            .case(&id)
            .expect("reads")
            .expect("case")
            .entries
            .len()
    };
    for (what, headers, want) in cases {
        let before = entries();
        let entry = reply(&w.ledger, "case-a", &w.deu, what);
        let res = send_with(
            &w.app,
            Method::POST,
            "/api/v1/ledger/entries",
            Some(Credential::Cookie(&w.deu.token)),
            headers,
            serde_json::to_vec(&entry).expect("JSON"),
        )
        .await;
        assert_eq!(res.status().as_u16(), *want, "{what}");
        let after = entries();
        assert_eq!(after - before, usize::from(*want == 201), "{what}");
    }
    // The bearer token is not ambient: from another site it is taken.
    let entry = reply(&w.ledger, "case-a", &w.deu, "by token");
    let res = send_with(
        &w.app,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(Credential::Bearer(&w.deu.token)),
        &[("origin", "https://elsewhere.example")],
        serde_json::to_vec(&entry).expect("JSON"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // An operator's cookie registering a contact from another site: refused.
    let key = SigningKey::from_bytes(&[77; 32]);
    let res = send_with(
        &w.app,
        Method::POST,
        "/api/v1/ledger/states",
        Some(Credential::Cookie(&w.operator)),
        &[("origin", "https://elsewhere.example")],
        serde_json::to_vec(&json!({"state": "NLD", "contact": "NCSC-NL",
            "public_key": public_key(&key).to_base64()}))
        .expect("JSON"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The sign-in page keeps a valid token in an HttpOnly, SameSite=Strict
/// cookie for the whole site (Secure over https), refuses a wrong token
/// and a form from another site, and signs out by expiring the cookie.
#[tokio::test]
async fn the_sign_in_page_sets_and_clears_the_cookie() {
    let w = world();
    let form = |token: &str| format!("token={token}").into_bytes();
    let post = |path: &'static str, headers: Vec<(&'static str, &'static str)>, body: Vec<u8>| {
        let app = w.app.clone();
        async move {
            let mut req = Request::builder()
                .method(Method::POST)
                .uri(path)
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            for (n, v) in headers {
                req = req.header(n, v);
            }
            app.oneshot(req.body(Body::from(body)).expect("a request"))
                .await
                .expect("an answer")
        }
    };
    let cookie_of = |res: &Response<Body>| {
        res.headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().expect("text").to_owned())
    };
    // Over http, from the site itself.
    let res = post(
        "/ledger/sign-in",
        vec![("origin", SITE)],
        form(&w.fra.token),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = cookie_of(&res).expect("a cookie");
    let attributes: Vec<&str> = cookie.split("; ").collect();
    assert_eq!(attributes[0], format!("ledger_token={}", w.fra.token));
    for a in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(attributes.contains(&a), "{a} in {cookie}");
    }
    assert!(!attributes.contains(&"Secure"), "{cookie}");
    // Behind a proxy that says the request came over https.
    let res = post(
        "/ledger/sign-in",
        vec![
            ("x-forwarded-proto", "https"),
            ("sec-fetch-site", "same-origin"),
        ],
        form(&w.fra.token),
    )
    .await;
    assert!(cookie_of(&res)
        .expect("a cookie")
        .split("; ")
        .any(|a| a == "Secure"));
    // The cookie opens the inbox page.
    let res = send_with(
        &w.app,
        Method::GET,
        "/ledger/cases",
        Some(Credential::Cookie(&w.fra.token)),
        &[],
        vec![],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = String::from_utf8(
        to_bytes(res.into_body(), 1 << 24)
            .await
            .expect("a body")
            .to_vec(),
    )
    .expect("UTF-8");
    assert!(
        html.contains("/ledger/cases/case-a"),
        "the inbox lists case A"
    );
    assert!(!html.contains("/ledger/cases/case-b"), "and not case B");
    // A wrong token: no cookie, the error next to the field.
    let res = post(
        "/ledger/sign-in",
        vec![("origin", SITE)],
        form("not-a-token"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(cookie_of(&res).is_none());
    // A form from another site: refused, no cookie.
    let res = post(
        "/ledger/sign-in",
        vec![("origin", "https://elsewhere.example")],
        form(&w.fra.token),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cookie_of(&res).is_none());
    // Signing out expires the cookie.
    let res = post("/ledger/sign-out", vec![("origin", SITE)], vec![]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cleared = cookie_of(&res).expect("a cookie");
    assert!(cleared.starts_with("ledger_token=;"), "{cleared}");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // Without a cookie the inbox sends to the sign-in page.
    let res = send_with(&w.app, Method::GET, "/ledger/cases", None, &[], vec![]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get(header::LOCATION).expect("a location"),
        "/ledger"
    );
}

/// A party's declared reading: the notifier declares one in its
/// notification, the receiver (a State the knowledge base has no position
/// of) in its acknowledgement; each is assessed under the profile it
/// declared, and a profile the knowledge base lacks is refused.
#[tokio::test]
async fn each_party_is_assessed_under_the_reading_it_declares() {
    let w = world();
    let mex = contact(&w.ledger, "MEX", "CERT-MX", 6);
    let notify = |case: &str, reading: &str| {
        sign(
            &record(
                json!({"case": case, "kind": "notification", "from_state": "FRA",
                "from_contact": "CERT-FR", "claimed_time": "2026-12-03T08:00:00Z",
                "body": {"to": "MEX", "facts": facts(), "summary": "Botnet control servers on your territory.",
                    "action_requested": "", "urgency": "routine", "reading": reading}}),
            ),
            &w.fra.key,
        )
    };
    let post = |entry: SignedEntry, token: String| {
        let app = w.app.clone();
        async move {
            send(
                &app,
                Method::POST,
                "/api/v1/ledger/entries",
                Some(&token),
                serde_json::to_vec(&entry).expect("JSON"),
            )
            .await
        }
    };
    // A reading the knowledge base lacks: refused, the field named.
    let res = post(notify("case-x", "no-such-reading"), w.fra.token.clone()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(res).await;
    assert_eq!(problem["field"], "record.body.reading");
    assert!(problem["detail"]
        .as_str()
        .expect("a detail")
        .contains("tallinn-manual-2"));
    // Declared by the notifier; the receiver has none yet.
    let res = post(notify("case-d", "tallinn-manual-2"), w.fra.token.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let view = |token: String| {
        let app = w.app.clone();
        async move {
            json_of(
                send(
                    &app,
                    Method::GET,
                    "/api/v1/ledger/cases/case-d",
                    Some(&token),
                    vec![],
                )
                .await,
            )
            .await
        }
    };
    let expected = |id: &str, facts: &Value| -> Vec<String> {
        let profile = kb()
            .profiles
            .iter()
            .find(|p| p.id == id)
            .expect("a profile");
        let facts = serde_json::from_value(facts.clone()).expect("facts");
        diligence_ledger::live::statuses(profile, &facts)
            .into_iter()
            .map(|s| s.as_str().to_owned())
            .collect()
    };
    let before = view(w.fra.token.clone()).await;
    let a = &before["assessment"];
    assert_eq!(a["notifier"]["source"], "declared");
    assert_eq!(a["notifier"]["profile"], "tallinn-manual-2");
    assert_eq!(
        a["notifier"]["statuses"],
        json!(expected("tallinn-manual-2", &a["facts"]))
    );
    assert_eq!(a["receiver"]["source"], "none");
    assert_eq!(a["receiver"]["profile"], Value::Null);
    assert_eq!(a["receiver"]["statuses"], json!([]));
    // The receiver declares its own in the acknowledgement.
    let previous = before["entries"][0]["hash"].as_str().expect("a hash");
    let ack = sign(
        &record(
            json!({"case": "case-d", "kind": "acknowledgement", "from_state": "MEX",
            "from_contact": "CERT-MX", "claimed_time": "2026-12-03T10:00:00Z",
            "previous": previous, "body": {"note": "", "reading": "gge-2021"}}),
        ),
        &mex.key,
    );
    assert_eq!(
        post(ack, mex.token.clone()).await.status(),
        StatusCode::CREATED
    );
    let after = view(mex.token.clone()).await;
    let a = &after["assessment"];
    assert_eq!(a["receiver"]["source"], "declared");
    assert_eq!(a["receiver"]["profile"], "gge-2021");
    assert_eq!(
        a["receiver"]["statuses"],
        json!(expected("gge-2021", &a["facts"]))
    );
    assert!(!a["receiver"]["statuses"]
        .as_array()
        .expect("a list")
        .is_empty());
    // Each point of the timeline is assessed under the declared readings.
    for point in a["timeline"].as_array().expect("a timeline") {
        assert_eq!(
            point["receiver_statuses"],
            json!(expected("gge-2021", &point["facts"]))
        );
    }
    // A party that declares nothing keeps its own position.
    let fra_case = view(w.fra.token.clone()).await;
    assert_eq!(
        fra_case["assessment"]["notifier"]["profile"],
        "tallinn-manual-2"
    );
    let case_a = json_of(
        send(
            &w.app,
            Method::GET,
            "/api/v1/ledger/cases/case-a",
            Some(&w.fra.token),
            vec![],
        )
        .await,
    )
    .await;
    assert_eq!(case_a["assessment"]["notifier"]["source"], "position");
}
