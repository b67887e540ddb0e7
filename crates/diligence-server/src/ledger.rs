//! The notification and response ledger's HTTP API, nested under
//! `/api/v1/ledger`.
//!
//! - Public, no token: the log as a C2SP tlog-tiles log (`checkpoint`,
//!   `tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`) and its verifier
//!   key (`key`). Full tiles never change and are cached for a year; the
//!   checkpoint and partial tiles are not cached.
//! - With `Authorization: Bearer TOKEN`: a point of contact appends entries
//!   its own State's contact signed (`POST entries`; the server checks the
//!   sender and the signature and never signs for anyone), lists its
//!   State's cases, overdue first (`GET cases`), and reads a case it is a
//!   party to with the inclusion proof of every entry and the live
//!   assessment under both parties' readings (`GET cases/{case}`). An
//!   operator registers points of contact (`POST states`) and writes no
//!   entry.
//!
//! The store is synchronous: every call runs off the async workers
//! ([`AppError::off_thread`](crate::problem::AppError::off_thread)). When
//! the data directory has no ledger, the answers say how to create one:
//! the public resources of a log that does not exist are 404s, and no
//! token is valid (401), since no tenant exists. (Not 503: nothing is
//! unavailable that would come back by retrying, and the API's fuzzing
//! counts every 5xx as a server error.)

use crate::app::AppState;
use crate::problem::{ApiError, Problem};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use diligence_core::{Profile, Status, UncertainFacts};
use diligence_kb::KnowledgeBase;
use diligence_ledger::chain::{Case, ChainError, Directory, Rule};
use diligence_ledger::checkpoint::TreeHead;
use diligence_ledger::deadline::{ack_status, AckPeriods, AckStatus};
use diligence_ledger::live;
use diligence_ledger::model::{check_text, Body, CaseId, PublicKey, StateCode, MAX_CONTACT_NAME};
use diligence_ledger::sign::{SignatureError, SignedEntry};
use diligence_ledger::tiles::{TileRef, FULL_WIDTH};
use diligence_ledger_store::{AppendError, Principal, Role, StoreError, StoredCase};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The ledger a server serves.
pub type Ledger = Arc<dyn diligence_ledger_store::Store>;

/// What a server without a ledger answers.
pub const NO_LEDGER: &str =
    "no ledger in this data directory: run `diligence ledger init --data-dir DIR --origin NAME`";

/// The routes, to be nested under `/api/v1/ledger`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/checkpoint", get(checkpoint))
        .route("/key", get(verifier_key))
        .route("/tile/{*path}", get(tile))
        .route("/entries", post(post_entry))
        .route("/cases", get(list_cases))
        .route("/cases/{case}", get(get_case))
        .route("/states", post(post_state))
        .route("/me", get(me))
}

/// A refusal of the ledger's API: a problem, with the `WWW-Authenticate`
/// challenge when the request needs a token.
#[derive(Debug)]
pub struct LedgerError {
    error: ApiError,
    challenge: bool,
}

impl<T: Into<ApiError>> From<T> for LedgerError {
    fn from(e: T) -> LedgerError {
        LedgerError {
            error: e.into(),
            challenge: false,
        }
    }
}

impl IntoResponse for LedgerError {
    fn into_response(self) -> Response {
        let mut res = self.error.into_response();
        if self.challenge {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"diligence ledger\""),
            );
        }
        res
    }
}

fn unauthorized(detail: &str) -> LedgerError {
    LedgerError {
        error: Problem::new(StatusCode::UNAUTHORIZED, detail).into(),
        challenge: true,
    }
}

fn forbidden(detail: impl Into<String>) -> Problem {
    Problem::new(StatusCode::FORBIDDEN, detail)
}

fn store_problem(e: StoreError) -> Problem {
    match e {
        StoreError::Invalid(m) => Problem::new(StatusCode::CONFLICT, m),
        other => {
            tracing::error!("ledger store: {other}");
            Problem::unavailable(format!("the ledger's database failed: {other}"))
        }
    }
}

/// The ledger, or 404 for a public resource of a log that does not exist.
fn public_ledger(s: &AppState) -> Result<Ledger, Problem> {
    s.ledger
        .clone()
        .ok_or_else(|| Problem::not_found(NO_LEDGER))
}

/// The bearer token of a request, if it has one.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// The cookie the ledger's sign-in page sets: a point of contact's token,
/// HttpOnly and SameSite=Strict.
pub const TOKEN_COOKIE: &str = "ledger_token";

/// The token in the sign-in cookie of a request, if it has one.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == TOKEN_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// Whether a request shows it came from the site's own pages: the
/// browser says `Sec-Fetch-Site: same-origin`, or the `Origin` it sends
/// names the host the request was sent to. A request that shows neither
/// (another site's form, a client that sends no `Origin`) is not.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = get("origin") {
        let authority = origin
            .split_once("://")
            .map_or("", |(_, rest)| rest.trim_end_matches('/'));
        return get("host").is_some_and(|host| !host.is_empty() && host == authority);
    }
    get("sec-fetch-site") == Some("same-origin")
}

/// Whether a request came over https (directly, or through a proxy that
/// says so), so that the cookie it gets is `Secure`.
pub fn over_https(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    get("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"))
        || get("origin").is_some_and(|o| o.starts_with("https://"))
}

/// The `Set-Cookie` value that signs a token in (or, with `None`, out).
pub fn token_cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!("{TOKEN_COOKIE}={t}; HttpOnly; SameSite=Strict; Path=/{secure}"),
        None => format!("{TOKEN_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}"),
    }
}

/// Who holds a token, or `None` when it is not valid (or there is no
/// ledger).
pub async fn principal(
    s: &AppState,
    token: String,
) -> Result<Option<(Ledger, Principal)>, Problem> {
    let Some(ledger) = s.ledger.clone() else {
        return Ok(None);
    };
    let store = ledger.clone();
    let who =
        tokio::task::spawn_blocking(move || store.authenticate(&token).map_err(store_problem))
            .await
            .map_err(|e| Problem::unavailable(format!("the ledger's lookup failed: {e}")))??;
    Ok(who.map(|p| (ledger, p)))
}

/// The ledger and who holds the request's token: 401 without a valid
/// token (or without a ledger, where no token exists). The token comes
/// from `Authorization: Bearer`, or else from the sign-in cookie; a
/// request that changes something (`write`) is taken with the cookie
/// only when it came from the site itself (403 otherwise), so that
/// another site cannot make a signed-in browser send it.
async fn authenticate(
    s: &AppState,
    headers: &HeaderMap,
    write: bool,
) -> Result<(Ledger, Principal), LedgerError> {
    let token = match (bearer(headers), cookie_token(headers)) {
        (Some(t), _) => t,
        (None, Some(t)) => {
            if write && !same_origin(headers) {
                return Err(forbidden(
                    "the sign-in cookie is taken for a change only from this site's own pages (its `Origin`, or `Sec-Fetch-Site: same-origin`); other clients send `Authorization: Bearer TOKEN`",
                )
                .into());
            }
            t
        }
        (None, None) => {
            return Err(unauthorized("this operation needs `Authorization: Bearer TOKEN` (a point of contact's or an operator's token)"));
        }
    };
    if s.ledger.is_none() {
        return Err(unauthorized(&format!(
            "no token is valid here: {NO_LEDGER}"
        )));
    }
    match principal(s, token).await? {
        Some(found) => Ok(found),
        None => Err(unauthorized("the token is not valid")),
    }
}

/// The State of a point of contact; 403 for an operator.
fn contact_state(p: &Principal, what: &str) -> Result<StateCode, Problem> {
    match (&p.role, &p.state) {
        (Role::Contact, Some(state)) => Ok(state.clone()),
        _ => Err(forbidden(format!(
            "an operator manages tenants and cannot {what}: use a point of contact's token"
        ))),
    }
}

fn text(body: impl Into<axum::body::Body>, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        body.into(),
    )
        .into_response()
}

/// The log's latest checkpoint: a C2SP tlog-checkpoint signed by the log's
/// key as a C2SP signed note.
#[utoipa::path(get, path = "/api/v1/ledger/checkpoint", tag = "ledger",
    responses((status = 200, description = "The signed checkpoint (C2SP tlog-checkpoint in a signed note)", content_type = "text/plain", body = String),
              (status = 404, description = "This server has no ledger", body = Problem),
              (status = 503, description = "The ledger's database failed", body = Problem)))]
pub async fn checkpoint(State(s): State<AppState>) -> Result<Response, ApiError> {
    let ledger = public_ledger(&s)?;
    let note = ApiError::off_thread(move || ledger.checkpoint().map_err(store_problem)).await?;
    Ok(text(note, "no-cache"))
}

/// The log's verifier key, in the signed-note verifier-key format.
#[utoipa::path(get, path = "/api/v1/ledger/key", tag = "ledger",
    responses((status = 200, description = "The verifier key (`<origin>+<key id>+<base64>`)", content_type = "text/plain", body = String),
              (status = 404, description = "This server has no ledger", body = Problem)))]
pub async fn verifier_key(State(s): State<AppState>) -> Result<Response, ApiError> {
    let ledger = public_ledger(&s)?;
    Ok(text(format!("{}\n", ledger.verifier_key()), "no-cache"))
}

/// A hash tile (`tile/<L>/<N>[.p/<W>]`) or an entry bundle
/// (`tile/entries/<N>[.p/<W>]`), as C2SP tlog-tiles publishes them.
#[utoipa::path(get, path = "/api/v1/ledger/tile/{path}", tag = "ledger",
    params(("path" = String, Path, description = "The rest of a C2SP tlog-tiles path: `0/x001/234`, `1/000.p/7`, `entries/000.p/3`")),
    responses((status = 200, description = "The tile's bytes; full tiles are immutable", content_type = "application/octet-stream", body = Vec<u8>),
              (status = 404, description = "No such tile in this log", body = Problem),
              (status = 503, description = "The ledger's database failed", body = Problem)))]
pub async fn tile(
    State(s): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let ledger = public_ledger(&s)?;
    let full_path = format!("tile/{path}");
    let tile = TileRef::from_path(&full_path)
        .map_err(|e| Problem::not_found(e.to_string()).field("path"))?;
    let bytes = ApiError::off_thread(move || {
        let read = if tile.level.is_some() {
            ledger.tile(tile)
        } else {
            ledger.entry_bundle(tile)
        };
        read.map_err(|e| match e {
            StoreError::Invalid(m) => Problem::not_found(format!("{}: {m}", tile.path())),
            other => store_problem(other),
        })
    })
    .await?;
    let cache = if tile.width == FULL_WIDTH {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=5"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// Where an accepted entry is.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppendedView {
    /// Its case.
    pub case: String,
    /// Its leaf index in the log.
    pub index: u64,
    /// Its entry hash (SHA-256 of the canonical signed entry, hex).
    pub hash: String,
}

/// The field a chain rule is about.
fn rule_field(rule: Rule) -> &'static str {
    match rule {
        Rule::Signature => "signature",
        Rule::RegisteredKey => "public_key",
        Rule::SameCase => "record.case",
        Rule::OpensWithNotification => "record.kind",
        Rule::NotifiesAnotherState => "record.body.to",
        Rule::NamesPrevious => "record.previous",
        Rule::PartiesOnly | Rule::ReceiverOnly => "record.from_state",
        Rule::AcknowledgedOnce | Rule::ClosedCase => "record.kind",
        Rule::NoReplay => "entry",
    }
}

/// The dotted path a refusal starts with (`claimed_time: ...`), if any.
fn leading_field(problem: &str) -> Option<&str> {
    let (head, _) = problem.split_once(": ")?;
    (!head.is_empty()
        && head
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.'))
    .then_some(head)
}

fn signature_problem(e: SignatureError) -> Problem {
    match &e {
        SignatureError::Malformed(m) => {
            let field = match (m.field.as_str(), leading_field(&m.problem)) {
                ("record", Some(inner)) => format!("record.{inner}"),
                ("entry", Some(inner)) => inner.to_owned(),
                (outer, _) => outer.to_owned(),
            };
            Problem::invalid(e.to_string()).field(field)
        }
        SignatureError::BadKey => Problem::invalid(e.to_string()).field("public_key"),
        SignatureError::BadSignature => Problem::invalid(e.to_string()).field("signature"),
        SignatureError::TooLarge(_) => {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, e.to_string()).field("entry")
        }
    }
}

fn chain_problem(e: ChainError) -> Problem {
    Problem::new(StatusCode::CONFLICT, e.to_string()).field(rule_field(e.rule))
}

/// Appends an entry signed by the token's own point of contact.
#[utoipa::path(post, path = "/api/v1/ledger/entries", tag = "ledger",
    security(("bearer" = [])),
    request_body(content = crate::openapi::SignedEntrySchema, description = "A signed entry: the record, its Ed25519 signature and the signer's key"),
    responses((status = 201, description = "The entry is in the log", body = AppendedView),
              (status = 400, description = "The body is not JSON", body = Problem),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "An operator's token, or an entry another point of contact sent", body = Problem),
              (status = 409, description = "The case's rules refuse the entry (the field is named)", body = Problem),
              (status = 413, description = "The entry is too large", body = Problem),
              (status = 422, description = "A field of the entry is invalid (named), or the signature does not verify", body = Problem),
              (status = 503, description = "The ledger's database failed", body = Problem)))]
pub async fn post_entry(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, LedgerError> {
    let (ledger, who) = authenticate(&s, &headers, true).await?;
    let state = contact_state(&who, "write entries in a State's name")?;
    // A body beyond the server's limit is the entry's fault: named.
    let body = body.map_err(|e| Problem::new(e.status(), e.body_text()).field("entry"))?;
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
        return Err(Problem::bad_request(format!("the body is not JSON: {e}"))
            .field("entry")
            .into());
    }
    let entry = SignedEntry::from_slice(&body).map_err(signature_problem)?;
    let record = entry.record();
    if record.from_state != state {
        return Err(forbidden(format!(
            "the token is {}'s: it cannot send an entry from {}",
            state, record.from_state
        ))
        .field("record.from_state")
        .into());
    }
    if record.from_contact != who.name {
        return Err(forbidden(format!(
            "the token is the point of contact {:?}'s: it cannot send an entry from {:?}",
            who.name, record.from_contact
        ))
        .field("record.from_contact")
        .into());
    }
    check_declared_reading(s.kb, &record.body)?;
    let appended = ApiError::off_thread(move || {
        ledger.append(entry).map_err(|e| match e {
            AppendError::Entry(e) => signature_problem(e),
            AppendError::Chain(e) => chain_problem(e),
            AppendError::Store(e) => store_problem(e),
        })
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(AppendedView {
            case: appended.case.to_string(),
            index: appended.index,
            hash: appended.hash.to_hex(),
        }),
    )
        .into_response())
}

/// Refuses a declared reading the knowledge base has no profile for,
/// naming the field and the profiles there are.
fn check_declared_reading(kb: &KnowledgeBase, body: &Body) -> Result<(), Problem> {
    let declared = match body {
        Body::Notification(n) => n.reading.as_deref(),
        Body::Acknowledgement(a) => a.reading.as_deref(),
        _ => None,
    };
    match declared {
        Some(id) if !kb.profiles.iter().any(|p| p.id == id) => {
            let ids: Vec<&str> = kb.profiles.iter().map(|p| p.id.as_str()).collect();
            Err(Problem::invalid(format!(
                "no profile `{id}` in the knowledge base; the readings there are: {}",
                ids.join(", ")
            ))
            .field("record.body.reading"))
        }
        _ => Ok(()),
    }
}

/// Where a case's acknowledgement stands.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineView {
    /// `pending`, `overdue` or `acknowledged`.
    pub status: String,
    /// When the acknowledgement is (or was) due (RFC 3339).
    pub due: String,
    /// When it was acknowledged (RFC 3339), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub acknowledged: Option<String>,
    /// Whether the acknowledgement came after the due time, if it came.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub late: Option<bool>,
    /// How late it is, in seconds, when overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub overdue_by_seconds: Option<i64>,
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn deadline_view(status: AckStatus) -> DeadlineView {
    match status {
        AckStatus::Pending { due } => DeadlineView {
            status: "pending".into(),
            due: rfc3339(due),
            acknowledged: None,
            late: None,
            overdue_by_seconds: None,
        },
        AckStatus::Overdue { due, late_by } => DeadlineView {
            status: "overdue".into(),
            due: rfc3339(due),
            acknowledged: None,
            late: None,
            overdue_by_seconds: Some(late_by.whole_seconds()),
        },
        AckStatus::Acknowledged { due, on, late } => DeadlineView {
            status: "acknowledged".into(),
            due: rfc3339(due),
            acknowledged: Some(rfc3339(on)),
            late: Some(late),
            overdue_by_seconds: None,
        },
    }
}

/// A case in a State's list.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseSummaryView {
    /// The case id.
    pub case: String,
    /// The notifying State (ISO 3166-1 alpha-3).
    pub notifier: String,
    /// The notified State.
    pub receiver: String,
    /// The State's role in it: `notifier` or `receiver`.
    pub role: String,
    /// How urgent the notification is.
    pub urgency: String,
    /// The notification's summary.
    pub summary: String,
    /// How many entries it has.
    pub entries: usize,
    /// The leaf index of its last entry.
    pub last_index: u64,
    /// The kind of its last entry.
    pub last_kind: String,
    /// When the log received its last entry (RFC 3339).
    pub last_received: String,
    /// Whether it is closed.
    pub closed: bool,
    /// Where its acknowledgement stands now.
    pub deadline: DeadlineView,
}

/// The directory of registered keys, for rebuilding cases.
fn directory(ledger: &Ledger) -> Result<Directory, Problem> {
    let mut d = Directory::new();
    for c in ledger.contacts().map_err(store_problem)? {
        d.add(c.state, c.name, c.public_key);
    }
    Ok(d)
}

/// A stored case with its rules re-checked.
fn rebuild(stored: &StoredCase, directory: &Directory) -> Result<Case, Problem> {
    Case::from_entries(
        stored.entries.iter().map(|e| (e.entry.clone(), e.received)),
        directory,
    )
    .map_err(|e| Problem::unavailable(format!("case {} does not verify: {e}", stored.id)))
}

fn urgency_name(case: &Case) -> String {
    serde_json::to_value(case.notification().urgency)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The cases of a State, overdue first, then the most recent (the order
/// of `GET cases`; the inbox page shows the same list).
pub fn cases_of(
    ledger: &Ledger,
    state: &StateCode,
    periods: &AckPeriods,
) -> Result<Vec<CaseSummaryView>, Problem> {
    let now = OffsetDateTime::now_utc();
    let directory = directory(ledger)?;
    let mut out = Vec::new();
    for summary in ledger.cases_of(state).map_err(store_problem)? {
        let Some(stored) = ledger.case(&summary.id).map_err(store_problem)? else {
            continue;
        };
        let case = rebuild(&stored, &directory)?;
        let status = ack_status(&case, periods, now);
        let last = case.entries().last();
        out.push((
            status.is_overdue(),
            summary.last_index,
            CaseSummaryView {
                case: summary.id.to_string(),
                notifier: summary.notifier.to_string(),
                receiver: summary.receiver.to_string(),
                role: if &summary.notifier == state {
                    "notifier"
                } else {
                    "receiver"
                }
                .into(),
                urgency: urgency_name(&case),
                summary: case.notification().summary.clone(),
                entries: case.entries().len(),
                last_index: summary.last_index,
                last_kind: last
                    .map(|a| a.entry.record().kind().to_string())
                    .unwrap_or_default(),
                last_received: last.map(|a| rfc3339(a.received)).unwrap_or_default(),
                closed: case.is_closed(),
                deadline: deadline_view(status),
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    Ok(out.into_iter().map(|(_, _, v)| v).collect())
}

/// The cases of the token's State, overdue first, then the most recent.
#[utoipa::path(get, path = "/api/v1/ledger/cases", tag = "ledger",
    security(("bearer" = [])),
    responses((status = 200, description = "The State's cases, overdue first", body = Vec<CaseSummaryView>),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "An operator's token", body = Problem),
              (status = 503, description = "The ledger's database failed", body = Problem)))]
pub async fn list_cases(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, LedgerError> {
    let (ledger, who) = authenticate(&s, &headers, false).await?;
    let state = contact_state(&who, "read cases")?;
    let periods = s.ack_periods;
    let list = ApiError::off_thread(move || cases_of(&ledger, &state, &periods)).await?;
    Ok(Json(list).into_response())
}

/// One entry of a case, with its proof of inclusion in the log.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryView {
    /// Its position in the case (0 for the notification).
    pub position: usize,
    /// Its leaf index in the log.
    pub index: u64,
    /// Its kind.
    pub kind: String,
    /// Its entry hash (hex).
    pub hash: String,
    /// When the log received it (RFC 3339).
    pub received: String,
    /// The signed entry, as sent.
    #[schema(value_type = crate::openapi::SignedEntrySchema)]
    pub entry: serde_json::Value,
    /// The hashes (base64) proving leaf `index` is in the tree of the
    /// case's checkpoint (RFC 6962 inclusion proof).
    pub inclusion_proof: Vec<String>,
}

/// The facts at one point of a case and the statuses each reading gives
/// them.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointView {
    /// The position of the entry after which these facts hold; none for
    /// the facts as notified.
    #[schema(required = true)]
    pub after: Option<usize>,
    /// That entry's kind.
    #[schema(required = true)]
    pub kind: Option<String>,
    /// When the log received it (RFC 3339).
    #[schema(required = true)]
    pub received: Option<String>,
    /// The facts (a fact may be uncertain).
    #[schema(value_type = crate::openapi::FactsSchema)]
    pub facts: serde_json::Value,
    /// The statuses under the notifier's reading (several when what is
    /// uncertain matters); empty when it has none.
    pub notifier_statuses: Vec<String>,
    /// The statuses under the receiver's reading.
    pub receiver_statuses: Vec<String>,
}

/// A party's reading: the profile it declared in the case, or else its
/// position in the knowledge base, if it has one.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadingView {
    /// The State.
    pub state: String,
    /// Where the reading comes from.
    pub source: ReadingSource,
    /// The profile's id, if the State has a reading.
    #[schema(required = true)]
    pub profile: Option<String>,
    /// The profile's name.
    #[schema(required = true)]
    pub profile_name: Option<String>,
    /// The statuses it gives the case's facts now.
    pub statuses: Vec<String>,
    /// The assessment of the case's facts now under this reading, as
    /// `POST /api/v1/assess` gives it: the status, the element-by-element
    /// trace, and the inferred parameters the result rests on (empty when
    /// it rests only on what the sources state); none when the State has
    /// no reading in the knowledge base.
    #[schema(value_type = Option<diligence_report::assessment::ResultView<'static>>, required = true)]
    pub result: Option<serde_json::Value>,
}

/// The live assessment of a case.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseAssessmentView {
    /// The notifier's reading.
    pub notifier: ReadingView,
    /// The receiver's reading.
    pub receiver: ReadingView,
    /// The facts now.
    #[schema(value_type = crate::openapi::FactsSchema)]
    pub facts: serde_json::Value,
    /// The facts and statuses after each entry.
    pub timeline: Vec<PointView>,
}

/// A case as a party reads it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseView {
    /// The case id.
    pub case: String,
    /// The notifying State.
    pub notifier: String,
    /// The notified State.
    pub receiver: String,
    /// Whether it is closed.
    pub closed: bool,
    /// Where its acknowledgement stands now.
    pub deadline: DeadlineView,
    /// The checkpoint the inclusion proofs are against (signed note).
    pub checkpoint: String,
    /// Its tree size.
    pub tree_size: u64,
    /// Its entries in order.
    pub entries: Vec<EntryView>,
    /// The live assessment.
    pub assessment: CaseAssessmentView,
}

/// The reading of a State: its latest statement in the knowledge base.
pub fn reading_of<'a>(kb: &'a KnowledgeBase, state: &StateCode) -> Option<&'a Profile> {
    kb.profiles
        .iter()
        .filter(|p| p.state.as_deref() == Some(state.as_str()))
        .max_by_key(|p| p.year)
}

/// A party's reading in a case: the profile it declared in the case, if
/// any, otherwise its own position in the knowledge base; and where that
/// reading comes from.
pub fn case_reading<'a>(
    kb: &'a KnowledgeBase,
    state: &StateCode,
    declared: Option<&str>,
) -> (Option<&'a Profile>, ReadingSource) {
    if let Some(p) = declared.and_then(|id| kb.profiles.iter().find(|p| p.id == id)) {
        return (Some(p), ReadingSource::Declared);
    }
    match reading_of(kb, state) {
        Some(p) => (Some(p), ReadingSource::Position),
        None => (None, ReadingSource::None),
    }
}

/// Where a party's reading comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReadingSource {
    /// The State declared it in the case (its notification or
    /// acknowledgement).
    Declared,
    /// The State's own position in the knowledge base (its latest).
    Position,
    /// Neither: the State declared none and the knowledge base has no
    /// position of it, so the case is not assessed under its reading.
    None,
}

fn status_names(profile: Option<&Profile>, facts: &UncertainFacts) -> Vec<String> {
    profile.map_or_else(Vec::new, |p| {
        live::statuses(p, facts)
            .into_iter()
            .map(|s: Status| s.as_str().to_owned())
            .collect()
    })
}

/// The assess API's result of one reading on a case's facts, with its
/// trace and the inferred parameters it rests on.
fn current_result(profile: &Profile, facts: &UncertainFacts) -> serde_json::Value {
    let report = diligence_core::outcome::assess_all(&[profile], facts, false);
    report
        .results
        .first()
        .map(diligence_report::assessment::ResultView::from)
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Null)
}

fn facts_json(facts: &UncertainFacts) -> serde_json::Value {
    serde_json::to_value(facts).unwrap_or(serde_json::Value::Null)
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A case as a party reads it: the API's view, and for the pages the case
/// rebuilt, both readings and the facts now.
pub struct CaseRead {
    /// The answer of `GET cases/{case}`.
    pub view: CaseView,
    /// The case, its rules re-checked.
    pub case: Case,
    /// The tree head the proofs are against.
    pub head: TreeHead,
    /// The notifier's reading, if the knowledge base has one.
    pub notifier: Option<&'static Profile>,
    /// The receiver's reading.
    pub receiver: Option<&'static Profile>,
    /// The facts now.
    pub facts: UncertainFacts,
}

fn case_view(
    kb: &'static KnowledgeBase,
    ledger: &Ledger,
    stored: &StoredCase,
    note: String,
    head: TreeHead,
    periods: &AckPeriods,
) -> Result<CaseRead, Problem> {
    let case = rebuild(stored, &directory(ledger)?)?;
    let now = OffsetDateTime::now_utc();
    let mut entries = Vec::new();
    for (position, e) in stored.entries.iter().enumerate() {
        let proof = if e.index < head.size {
            ledger
                .inclusion_proof(e.index, head.size)
                .map_err(store_problem)?
                .iter()
                .map(|h| b64(&h.0))
                .collect()
        } else {
            Vec::new()
        };
        entries.push(EntryView {
            position,
            index: e.index,
            kind: e.entry.record().kind().to_string(),
            hash: e.hash.to_hex(),
            received: rfc3339(e.received),
            entry: e.entry.to_json(),
            inclusion_proof: proof,
        });
    }
    let (declared_by_notifier, declared_by_receiver) = case.declared_readings();
    let (notifier, notifier_source) = case_reading(kb, case.notifier(), declared_by_notifier);
    let (receiver, receiver_source) = case_reading(kb, case.receiver(), declared_by_receiver);
    let points = live::timeline(&case);
    let timeline = points
        .iter()
        .map(|p| PointView {
            after: p.after,
            kind: p.kind.map(|k| k.to_string()),
            received: p.received.map(rfc3339),
            facts: facts_json(&p.facts),
            notifier_statuses: status_names(notifier, &p.facts),
            receiver_statuses: status_names(receiver, &p.facts),
        })
        .collect();
    let facts = live::facts_at(&case, now);
    let reading = |state: &StateCode, p: Option<&Profile>, source| ReadingView {
        state: state.to_string(),
        source,
        profile: p.map(|p| p.id.clone()),
        profile_name: p.map(|p| p.name.clone()),
        statuses: status_names(p, &facts),
        result: p.map(|p| current_result(p, &facts)),
    };
    let view = CaseView {
        case: case.id().to_string(),
        notifier: case.notifier().to_string(),
        receiver: case.receiver().to_string(),
        closed: case.is_closed(),
        deadline: deadline_view(ack_status(&case, periods, now)),
        checkpoint: note,
        tree_size: head.size,
        entries,
        assessment: CaseAssessmentView {
            notifier: reading(case.notifier(), notifier, notifier_source),
            receiver: reading(case.receiver(), receiver, receiver_source),
            facts: facts_json(&facts),
            timeline,
        },
    };
    Ok(CaseRead {
        view,
        case,
        head,
        notifier,
        receiver,
        facts,
    })
}

/// A case as `party` reads it, or `None` when it is not among the
/// State's cases (the answer of `GET cases/{case}`; the timeline page
/// shows the same view).
pub fn case_of(
    kb: &'static KnowledgeBase,
    ledger: &Ledger,
    party: &StateCode,
    case_id: &CaseId,
    periods: &AckPeriods,
) -> Result<Option<CaseRead>, Problem> {
    let Some(stored) = ledger.case(case_id).map_err(store_problem)? else {
        return Ok(None);
    };
    if &stored.notifier != party && &stored.receiver != party {
        return Ok(None);
    }
    let note = ledger.checkpoint().map_err(store_problem)?;
    let head = diligence_ledger::checkpoint::verify(&note, &ledger.verifier_key())
        .map_err(|e| Problem::unavailable(format!("the log's checkpoint does not verify: {e}")))?;
    let note = String::from_utf8_lossy(&note).into_owned();
    case_view(kb, ledger, &stored, note, head, periods).map(Some)
}

/// A case the token's State is a party to, with the inclusion proof of
/// every entry and the live assessment under both readings.
#[utoipa::path(get, path = "/api/v1/ledger/cases/{case}", tag = "ledger",
    security(("bearer" = [])),
    params(("case" = String, Path, description = "The case id")),
    responses((status = 200, description = "The case", body = CaseView),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "An operator's token", body = Problem),
              (status = 404, description = "No such case among the State's", body = Problem),
              (status = 503, description = "The ledger's database failed", body = Problem)))]
pub async fn get_case(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, LedgerError> {
    let (ledger, who) = authenticate(&s, &headers, false).await?;
    let state = contact_state(&who, "read cases")?;
    let not_found = || {
        let shown: String = id.chars().take(80).collect();
        Problem::not_found(format!("no case `{shown}` among {state}'s cases")).field("case")
    };
    let case_id = CaseId::parse(&id).map_err(|_| not_found())?;
    let kb = s.kb;
    let party = state.clone();
    let found = {
        let periods = s.ack_periods;
        ApiError::off_thread(move || case_of(kb, &ledger, &party, &case_id, &periods)).await?
    };
    match found {
        Some(read) => Ok(Json(read.view).into_response()),
        None => Err(not_found().into()),
    }
}

/// A point of contact to register.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    /// The State (ISO 3166-1 alpha-3).
    pub state: String,
    /// The point of contact's name, unique within the State.
    pub contact: String,
    /// Its Ed25519 public key (32 bytes, standard base64).
    pub public_key: String,
}

/// A registered point of contact and its bearer token, shown this once.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactToken {
    /// The State.
    pub state: String,
    /// The point of contact.
    pub contact: String,
    /// Its bearer token.
    pub token: String,
}

/// Registers a State's point of contact (operators only).
#[utoipa::path(post, path = "/api/v1/ledger/states", tag = "ledger",
    security(("bearer" = [])),
    request_body(content = NewContact, description = "The State, the contact's name and its public key"),
    responses((status = 201, description = "Registered; the token is shown this once", body = ContactToken),
              (status = 400, description = "The body is not JSON of this form", body = Problem),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not an operator's token", body = Problem),
              (status = 409, description = "The contact is already registered", body = Problem),
              (status = 422, description = "A field is invalid (named)", body = Problem),
              (status = 503, description = "The ledger's database failed", body = Problem)))]
pub async fn post_state(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, LedgerError> {
    let (ledger, who) = authenticate(&s, &headers, true).await?;
    if who.role != Role::Operator {
        return Err(forbidden("only an operator registers points of contact").into());
    }
    let new: NewContact = serde_json::from_slice(&body).map_err(|e| {
        Problem::bad_request(format!(
            "the body is not {{state, contact, public_key}}: {e}"
        ))
    })?;
    let state = StateCode::parse(&new.state).map_err(|e| {
        Problem::invalid(e.to_string())
            .field("state")
            .value(new.state.clone())
    })?;
    check_text("contact", &new.contact, MAX_CONTACT_NAME, false)
        .map_err(|e| Problem::invalid(e.to_string()).field("contact"))?;
    let key = PublicKey::from_base64(&new.public_key)
        .map_err(|e| Problem::invalid(e.to_string()).field("public_key"))?;
    let (st, name) = (state.clone(), new.contact.clone());
    let token =
        ApiError::off_thread(move || ledger.add_contact(&st, &name, key).map_err(store_problem))
            .await?;
    Ok((
        StatusCode::CREATED,
        Json(ContactToken {
            state: state.to_string(),
            contact: new.contact,
            token,
        }),
    )
        .into_response())
}

/// Who holds a token.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhoView {
    /// `contact` or `operator`.
    pub role: String,
    /// The State of a point of contact.
    #[schema(required = true)]
    pub state: Option<String>,
    /// The contact's or operator's name.
    pub name: String,
}

/// Who holds the token: the State and point of contact an entry signed
/// with it must name.
#[utoipa::path(get, path = "/api/v1/ledger/me", tag = "ledger",
    security(("bearer" = [])),
    responses((status = 200, description = "The token's holder", body = WhoView),
              (status = 401, description = "No valid token", body = Problem),
              (status = 503, description = "The ledger's database failed", body = Problem)))]
pub async fn me(State(s): State<AppState>, headers: HeaderMap) -> Result<Response, LedgerError> {
    let (_, who) = authenticate(&s, &headers, false).await?;
    Ok(Json(WhoView {
        role: match who.role {
            Role::Contact => "contact",
            Role::Operator => "operator",
        }
        .into(),
        state: who.state.map(|s| s.to_string()),
        name: who.name,
    })
    .into_response())
}
