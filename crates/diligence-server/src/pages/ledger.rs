//! The ledger's pages for a State's point of contact: signing in with its
//! token (kept in an HttpOnly, SameSite=Strict cookie), the inbox of its
//! State's cases (overdue first, the order of the API), and a case's
//! timeline: every entry in words with its leaf index, hash and inclusion
//! proof, the assessment under both parties' readings after each entry and
//! now (with the trace and what it rests on), and how to verify it all
//! without trusting the server. The forms that write entries sign them in
//! the browser (`assets/app.js`); without the script they say so and show
//! the equivalent command.

use super::{error_page, page, status_badge};
use crate::app::AppState;
use crate::ledger::{
    case_of, cases_of, cookie_token, over_https, principal, token_cookie, CaseRead,
    CaseSummaryView, DeadlineView, Ledger, ReadingSource,
};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use diligence_core::facts::Fact;
use diligence_core::{Profile, UncertainFacts};
use diligence_ledger::live;
use diligence_ledger::model::{Body, CaseId, RequestKind, StateCode, StepKind, Urgency};
use diligence_ledger_store::{Principal, Role};
use maud::{html, Markup};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The navigation entry of the ledger's pages.
const CURRENT: &str = "/ledger";

/// A State by name where the map knows it, with its code.
fn state_name(s: &AppState, code: &str) -> String {
    match s.cache.countries.iter().find(|c| c.code == code) {
        Some(c) => format!("{} ({code})", c.name),
        None => code.to_string(),
    }
}

/// An RFC 3339 time as `2026-12-03 08:00 UTC`.
fn when(t: &str) -> String {
    let Ok(parsed) = OffsetDateTime::parse(t, &Rfc3339) else {
        return t.to_string();
    };
    let u = parsed.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        u.year(),
        u8::from(u.month()),
        u.day(),
        u.hour(),
        u.minute()
    )
}

/// A duration in seconds in words: days and hours, or hours and minutes.
fn duration_words(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let (d, h, m) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
    );
    match (d, h) {
        (0, 0) => plural(m.max(1), "minute"),
        (0, _) if m > 0 => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
        (0, _) => plural(h, "hour"),
        (_, 0) => plural(d, "day"),
        _ => format!("{} {}", plural(d, "day"), plural(h, "hour")),
    }
}

/// Where a case's acknowledgement stands, in words.
fn deadline_words(d: &DeadlineView) -> Markup {
    html! {
        @match d.status.as_str() {
            "overdue" => {
                strong.overdue data-deadline="overdue" { "Overdue" }
                ": the acknowledgement was due " (when(&d.due))
                @if let Some(late) = d.overdue_by_seconds { ", " (duration_words(late)) " ago" }
                "."
            }
            "acknowledged" => {
                span data-deadline="acknowledged" { "Acknowledged" }
                @if let Some(on) = &d.acknowledged { " " (when(on)) }
                @if d.late == Some(true) { " (after the due time, " (when(&d.due)) ")." } @else { " (in time)." }
            }
            _ => { span data-deadline="pending" { "Awaiting acknowledgement" } ", due " (when(&d.due)) "." }
        }
    }
}

fn urgency_words(u: Urgency) -> &'static str {
    match u {
        Urgency::Immediate => "immediate",
        Urgency::Urgent => "urgent",
        Urgency::Routine => "routine",
    }
}

fn step_words(k: StepKind) -> &'static str {
    match k {
        StepKind::Detect => "detect",
        StepKind::Investigate => "investigate",
        StepKind::Stop => "stop",
        StepKind::Redress => "redress",
    }
}

fn request_words(k: RequestKind) -> &'static str {
    match k {
        RequestKind::Information => "information",
        RequestKind::Assistance => "assistance",
    }
}

/// One fact in words: its value, `unknown: one of …` for several, or
/// `unknown` when any value is possible.
pub fn fact_words(facts: &UncertainFacts, fact: Fact) -> String {
    super::results::fact_words_after(facts, fact, "unknown: one of ")
}

fn facts_list(facts: &UncertainFacts) -> Markup {
    html! {
        dl.params.facts {
            @for fact in Fact::ALL {
                dt { (fact.label()) }
                dd data-fact=(fact.name()) { (fact_words(facts, fact)) }
            }
        }
    }
}

/// The point of contact signed in with the request's cookie, if any.
async fn signed_in(
    s: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(Ledger, Principal)>, Response> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    principal(s, token)
        .await
        .map_err(|p| crate::problem::PageError::from(p).into_response())
}

/// The signed-in point of contact's State, or the sign-in page's answer.
async fn contact_or_sign_in(
    s: &AppState,
    headers: &HeaderMap,
) -> Result<(Ledger, Principal, StateCode), Response> {
    match signed_in(s, headers).await? {
        Some((ledger, who)) => match (&who.role, who.state.clone()) {
            (Role::Contact, Some(state)) => Ok((ledger, who, state)),
            _ => Err(error_page(
                StatusCode::FORBIDDEN,
                "Operators read no cases",
                "An operator's token manages points of contact; sign in with a point of contact's token to read its State's cases.",
            )),
        },
        None => Err(Redirect::to(CURRENT).into_response()),
    }
}

/// The sign-in form, with an error next to the token field.
fn sign_in_form(error: Option<&str>) -> Markup {
    html! {
        form.ledger-sign-in method="post" action="/ledger/sign-in" {
            label for="ledger-token" { "Your point of contact's token" }
            p #ledger-token-help .small.muted {
                "The token the ledger's operator gave your point of contact (`diligence ledger state add` prints it). "
                "It is kept in a cookie of this browser that scripts cannot read, until you sign out."
            }
            @if let Some(e) = error {
                p #ledger-token-error .error role="alert" { (e) }
                input #ledger-token type="password" name="token" required autocomplete="off"
                    aria-invalid="true" aria-describedby="ledger-token-help ledger-token-error";
            } @else {
                input #ledger-token type="password" name="token" required autocomplete="off"
                    aria-describedby="ledger-token-help";
            }
            div.toolbar { button type="submit" { "Sign in" } }
        }
    }
}

fn sign_out_form() -> Markup {
    html! {
        form.ledger-sign-out method="post" action="/ledger/sign-out" {
            button.secondary type="submit" { "Sign out" }
        }
    }
}

const LEDGER_LEAD: &str = "States notify each other of harmful activities, acknowledge, ask, report the steps they take and reply, each entry signed by the sending point of contact and kept in a public log that anyone can check. Each case is assessed as it goes, under the notifying State's reading and the receiving State's.";

/// `GET /ledger`: who is signed in, or the sign-in form.
pub async fn home(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if s.ledger.is_none() {
        return page(
            "Ledger",
            CURRENT,
            html! {
                h1 { "The notification and response ledger" }
                p.lead { (LEDGER_LEAD) }
                p { "This server keeps no ledger. Its operator creates one with "
                    code { "diligence ledger init --data-dir DIR --origin NAME" } "." }
            },
        );
    }
    let who = match signed_in(&s, &headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    page(
        "Ledger",
        CURRENT,
        html! {
            h1 { "The notification and response ledger" }
            p.lead { (LEDGER_LEAD) }
            @match who {
                Some((_, w)) => {
                    p #ledger-who {
                        "Signed in as " strong { (w.name) }
                        @if let Some(st) = &w.state { ", point of contact of " (state_name(&s, st.as_str())) }
                        @else { ", an operator" }
                        "."
                    }
                    @if w.state.is_some() { p { a.button href="/ledger/cases" { "Your State's cases" } } }
                    (sign_out_form())
                }
                None => {
                    h2 { "Sign in" }
                    (sign_in_form(None))
                }
            }
        },
    )
}

/// The sign-in form's fields.
#[derive(Debug, serde::Deserialize)]
pub struct SignIn {
    token: String,
}

fn refuse_cross_site(headers: &HeaderMap) -> Option<Response> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let cross = match site {
        Some(site) => !matches!(site, "same-origin" | "none"),
        None => headers.get(header::ORIGIN).is_some() && !crate::ledger::same_origin(headers),
    };
    cross.then(|| {
        error_page(
            StatusCode::FORBIDDEN,
            "Refused",
            "This form was sent from another site.",
        )
    })
}

/// `POST /ledger/sign-in`: checks the token and keeps it in the cookie.
pub async fn sign_in(
    State(s): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<SignIn>, axum::extract::rejection::FormRejection>,
) -> Response {
    if let Some(r) = refuse_cross_site(&headers) {
        return r;
    }
    let token = form
        .map(|Form(f)| f.token.trim().to_owned())
        .unwrap_or_default();
    let again = |status: StatusCode, error: &str| {
        let mut res = page(
            "Sign in",
            CURRENT,
            html! {
                h1 { "Sign in to the ledger" }
                (sign_in_form(Some(error)))
            },
        );
        *res.status_mut() = status;
        res
    };
    if token.is_empty() {
        return again(StatusCode::BAD_REQUEST, "Enter your token.");
    }
    if token.len() > 200
        || !token
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
    {
        return again(StatusCode::UNAUTHORIZED, "This token is not valid.");
    }
    let found = match principal(&s, token.clone()).await {
        Ok(f) => f,
        Err(p) => return crate::problem::PageError::from(p).into_response(),
    };
    match found {
        None => again(StatusCode::UNAUTHORIZED, "This token is not valid."),
        Some(_) => {
            let mut res = Redirect::to("/ledger/cases").into_response();
            if let Ok(v) = HeaderValue::from_str(&token_cookie(Some(&token), over_https(&headers)))
            {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
    }
}

/// `POST /ledger/sign-out`: forgets the cookie.
pub async fn sign_out(headers: HeaderMap) -> Response {
    if let Some(r) = refuse_cross_site(&headers) {
        return r;
    }
    let mut res = Redirect::to(CURRENT).into_response();
    if let Ok(v) = HeaderValue::from_str(&token_cookie(None, over_https(&headers))) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

fn kind_words(kind: &str) -> &str {
    match kind {
        "notification" => "Notification",
        "acknowledgement" => "Acknowledgement",
        "request" => "Request",
        "step" => "Step reported",
        "reply" => "Reply",
        "closure" => "Closure",
        other => other,
    }
}

fn inbox_row(s: &AppState, c: &CaseSummaryView) -> Markup {
    html! {
        tr data-case=(c.case) data-overdue=(c.deadline.status == "overdue") {
            td {
                a href={"/ledger/cases/" (c.case)} { code { (c.case) } }
                div.small { (c.summary) }
                @if c.closed { div.small.muted { "Closed." } }
            }
            td {
                (state_name(s, &c.notifier)) " notified " (state_name(s, &c.receiver))
                div.small.muted { "Your State is the " (c.role) "." }
            }
            td data-urgency=(c.urgency) { (c.urgency) }
            td { (deadline_words(&c.deadline)) }
            td {
                (kind_words(&c.last_kind)) ", " (when(&c.last_received))
                div.small.muted { (c.entries) " entr" (if c.entries == 1 { "y" } else { "ies" }) }
            }
        }
    }
}

/// `GET /ledger/cases`: the signed-in State's cases, overdue first.
pub async fn inbox(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let (ledger, who, state) = match contact_or_sign_in(&s, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let st = state.clone();
    let periods = s.ack_periods;
    let list = match super::off_thread(move || cases_of(&ledger, &st, &periods)).await {
        Ok(Ok(l)) => l,
        Ok(Err(p)) => return crate::problem::PageError::from(p).into_response(),
        Err(r) => return r,
    };
    let overdue = list
        .iter()
        .filter(|c| c.deadline.status == "overdue")
        .count();
    page(
        "Your State's cases",
        CURRENT,
        html! {
            h1 { "The cases of " (state_name(&s, state.as_str())) }
            p #ledger-who { "Signed in as " strong { (who.name) } "." }
            (sign_out_form())
            @if list.is_empty() {
                p #no-cases { "Your State is party to no case yet." }
            } @else {
                p.lead {
                    (list.len()) " case" (if list.len() == 1 { "" } else { "s" })
                    @if overdue > 0 { ": " strong.overdue { (overdue) " overdue" } ", listed first, then the most recent." }
                    @else { ", the most recent first." }
                }
                div.scroll tabindex="0" role="region" aria-label="Cases" {
                    table #ledger-cases {
                        thead { tr {
                            th scope="col" { "Case" }
                            th scope="col" { "Parties" }
                            th scope="col" { "Urgency" }
                            th scope="col" { "Acknowledgement" }
                            th scope="col" { "Last entry" }
                        } }
                        tbody { @for c in &list { (inbox_row(&s, c)) } }
                    }
                }
            }
            (notify_section(&s, &state, &who))
        },
    )
}

/// The body of an entry in words.
fn body_words(s: &AppState, body: &Body) -> Markup {
    html! {
        @match body {
            Body::Notification(n) => dl.params {
                dt { "To" } dd { (state_name(s, n.to.as_str())) }
                dt { "Summary" } dd { (n.summary) }
                dt { "Action requested" } dd { (n.action_requested) }
                dt { "Urgency" } dd { (urgency_words(n.urgency)) }
                dt { "Facts asserted" } dd { details { summary { "The facts as notified" } (facts_list(&n.facts)) } }
            },
            Body::Acknowledgement(a) => @if a.note.is_empty() { p.small { "Received and acknowledged." } } @else { p { (a.note) } },
            Body::Request(r) => dl.params {
                dt { "Asks for" } dd { (request_words(r.request)) }
                dt { "Request" } dd { (r.text) }
            },
            Body::Step(st) => dl.params {
                dt { "Step" } dd { (step_words(st.step)) }
                dt { "Date" } dd { (st.date) }
                dt { "Account" } dd { (st.account) }
            },
            Body::Reply(r) => p { (r.text) },
            Body::Closure(c) => @if c.reason.is_empty() { p.small { "The case is closed." } } @else { p { "Closed: " (c.reason) } },
        }
    }
}

fn statuses_markup(profile: Option<&Profile>, facts: &UncertainFacts) -> Markup {
    match profile {
        None => html! { span.muted { "no reading" } },
        Some(p) => {
            let all = live::statuses(p, facts);
            html! {
                @for (i, st) in all.iter().enumerate() {
                    @if i > 0 { " or " }
                    (status_badge(*st))
                }
            }
        }
    }
}

fn reading_card(
    s: &AppState,
    role: &str,
    state: &StateCode,
    p: Option<&'static Profile>,
    source: ReadingSource,
    facts: &UncertainFacts,
) -> Markup {
    html! {
        section.card.reading data-party=(role) aria-label={"Under the " (role) "'s reading"} {
            h3 { "Under the " (role) "'s reading: " (state_name(s, state.as_str())) }
            @match p {
                Some(p) => {
                    p.small data-source=(format!("{source:?}").to_lowercase()) {
                        "Its reading: " a href={"/profiles/" (p.id)} { (p.label()) }
                        @match source {
                            ReadingSource::Declared => ", which it declared in this case.",
                            _ => ", its own position in the knowledge base.",
                        }
                    }
                    @let report = diligence_core::outcome::assess_all(&[p], facts, false);
                    @if let Some(r) = report.results.first() {
                        (super::results::reading_trace(s.kb, p, r))
                    }
                }
                None => p.muted { "This State declared no reading in this case and the knowledge base has no position of it: its statuses are not shown." }
            }
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The site's own address as the request names it.
fn site_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("localhost:8080");
    let scheme = if over_https(headers) { "https" } else { "http" };
    format!("{scheme}://{host}")
}

fn verify_section(read: &CaseRead, url: &str, verifier_key: &str) -> Markup {
    html! {
        section #verify aria-labelledby="verify-h" {
            h2 #verify-h { "Verify it yourself" }
            p { "Nothing here needs you to trust this server. Save the log's checkpoint today; check later, with your own copy of the log's verifier key, that the log still holds every entry and only grew." }
            dl.params {
                dt { "The log's verifier key" }
                dd { code #verifier-key .wrap { (verifier_key) } " " button.copy type="button" data-copy=(verifier_key) aria-label="Copy the verifier key" { "Copy" } }
            }
            ol.verify-steps {
                li {
                    p { "Save the signed checkpoint:" }
                    pre.command { code { "curl -s " (url) "/api/v1/ledger/checkpoint > saved-checkpoint" } }
                    p.small { "It is signed by the log's key: it binds the log's size and root hash. Anyone who holds it can later hold the log to it." }
                }
                li {
                    p { "Check the whole log against it, later and from any machine:" }
                    pre.command { code { "diligence ledger verify --server " (url) " --verifier-key '" (verifier_key) "' --since saved-checkpoint" } }
                    p.small { "This checks: the checkpoint's signature (the log's key signed it); every tile's hashes against the checkpoint's root (no entry was changed, removed or reordered); every entry's signature against its point of contact's key (no one, not the operator either, wrote in a State's name); every case's chain of previous-entry hashes (no entry was dropped from a case); and, with " code { "--since" } ", that today's log extends the checkpoint you saved (it only grew: the consistency proof)." }
                }
                li {
                    p { "Each entry above carries its inclusion proof against the checkpoint of tree size " (read.head.size) ": with the entry's hash and the proof's hashes, anyone recomputes the root and compares it with the signed checkpoint's." }
                }
            }
        }
    }
}

/// `GET /ledger/cases/{case}`: the case's timeline.
pub async fn timeline(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (ledger, who, state) = match contact_or_sign_in(&s, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let not_found = || {
        error_page(
            StatusCode::NOT_FOUND,
            "No such case",
            "There is no such case among your State's cases.",
        )
    };
    let Ok(case_id) = CaseId::parse(&id) else {
        return not_found();
    };
    let (kb, st, l) = (s.kb, state.clone(), ledger.clone());
    let periods = s.ack_periods;
    let read = match super::off_thread(move || case_of(kb, &l, &st, &case_id, &periods)).await {
        Ok(Ok(Some(r))) => r,
        Ok(Ok(None)) => return not_found(),
        Ok(Err(p)) => return crate::problem::PageError::from(p).into_response(),
        Err(r) => return r,
    };
    let view = &read.view;
    let case = &read.case;
    let points = live::timeline(case);
    let note_lines: Vec<&str> = view.checkpoint.lines().collect();
    let root = b64(&read.head.root.0);
    let url = site_url(&headers);
    let notification = case.notification();
    let entries = case.entries();
    page(
        &format!("Case {}", view.case),
        CURRENT,
        html! {
            p.small { a href="/ledger/cases" { "← Your State's cases" } }
            h1 { "Case " code { (view.case) } }
            p.lead { (notification.summary) }
            dl.params {
                dt { "Parties" }
                dd { (state_name(&s, &view.notifier)) " notified " (state_name(&s, &view.receiver)) }
                dt { "Action requested" } dd { (notification.action_requested) }
                dt { "Urgency" } dd { (urgency_words(notification.urgency)) }
                dt { "Acknowledgement" } dd #ledger-deadline { (deadline_words(&view.deadline)) }
                dt { "State" } dd { @if view.closed { "Closed" } @else { "Open" } }
            }
            section aria-labelledby="now-h" {
                h2 #now-h { "The assessment now" }
                p.small.muted { "From the facts the notification asserts, with what the record establishes since: once notified, the receiving State knows; the steps it reports are its measures. A fact a notification could not settle stays open." }
                details.facts-now { summary { "The facts now" } (facts_list(&read.facts)) }
                div.readings {
                    (reading_card(&s, "notifier", case.notifier(), read.notifier, view.assessment.notifier.source, &read.facts))
                    (reading_card(&s, "receiver", case.receiver(), read.receiver, view.assessment.receiver.source, &read.facts))
                }
            }
            section aria-labelledby="changes-h" {
                h2 #changes-h { "How the assessment changed" }
                div.scroll tabindex="0" role="region" aria-label="The assessment after each entry" {
                    table #ledger-changes {
                        thead { tr {
                            th scope="col" { "After" }
                            th scope="col" { "Knowledge" }
                            th scope="col" { "Measures" }
                            th scope="col" { "Notifier's reading" }
                            th scope="col" { "Receiver's reading" }
                        } }
                        tbody {
                            @for p in &points {
                                tr data-after=(p.after.map_or("none".to_string(), |a| a.to_string())) {
                                    th scope="row" {
                                        @match (p.after, p.kind) {
                                            (Some(a), Some(k)) => { (a + 1) ". " (kind_words(&k.to_string())) }
                                            _ => "The facts as notified",
                                        }
                                        @if let Some(r) = p.received { div.small.muted { (when(&r.format(&Rfc3339).unwrap_or_default())) } }
                                    }
                                    td { (fact_words(&p.facts, Fact::Knowledge)) }
                                    td { (fact_words(&p.facts, Fact::Measures)) }
                                    td.notifier-statuses { (statuses_markup(read.notifier, &p.facts)) }
                                    td.receiver-statuses { (statuses_markup(read.receiver, &p.facts)) }
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="entries-h" {
                h2 #entries-h { "Entries" }
                ol.ledger-entries {
                    @for (e, accepted) in view.entries.iter().zip(entries) {
                        @let record = accepted.entry.record();
                        li.card.ledger-entry data-kind=(e.kind) data-index=(e.index) {
                            h3 { (e.position + 1) ". " (kind_words(&e.kind)) " from " (state_name(&s, record.from_state.as_str())) }
                            dl.params {
                                dt { "Sent by" } dd { (record.from_contact) }
                                dt { "Time the sender claims" } dd { (when(&record.claimed_time)) }
                                dt { "Received by the log" } dd { (when(&e.received)) }
                                dt { "Leaf index" } dd { (e.index) }
                                dt { "Entry hash" } dd { code.wrap { (e.hash) } }
                            }
                            (body_words(&s, &record.body))
                            details.proof {
                                summary { "Inclusion proof of leaf " (e.index) " in the tree of size " (view.tree_size) }
                                dl.params {
                                    dt { "Tree size" } dd { (view.tree_size) }
                                    dt { "Root hash" } dd { code.wrap { (root) } }
                                }
                                @if e.inclusion_proof.is_empty() {
                                    p.small { "The tree has this one leaf: its hash is the root." }
                                } @else {
                                    p.small { "The hashes, from the leaf up:" }
                                    ol.proof-hashes { @for h in &e.inclusion_proof { li { code.wrap { (h) } } } }
                                }
                            }
                        }
                    }
                }
                details.checkpoint {
                    summary { "The signed checkpoint these proofs are against" }
                    pre.wrap { @for l in &note_lines { (l) "\n" } }
                }
            }
            (key_section(&state, &who))
            (entry_forms(&s, &read, &state, &who, &url))
            (verify_section(&read, &url, &ledger.verifier_key()))
        },
    )
}

/// What a form says where signing cannot happen: that it needs the
/// script, and the command that writes the same entry.
fn needs_script(command: Option<&str>) -> Markup {
    html! {
        p.small.muted.needs-script {
            "Entries are signed in your browser with your point of contact's key, which never leaves your machine: this needs JavaScript."
            @if command.is_some() { " Without it, write the same entry from the command line:" }
        }
        @if let Some(c) = command { pre.command.needs-script { code { (c) } } }
    }
}

/// The point of contact's signing key in this browser: load the key file
/// `diligence ledger keygen` wrote, or make a key pair here (its private
/// half cannot be exported and stays in this browser's storage).
fn key_section(state: &StateCode, who: &Principal) -> Markup {
    html! {
        section #ledger-key .ledger-key data-state=(state.as_str()) data-contact=(who.name) aria-labelledby="ledger-key-h" {
            h2 #ledger-key-h { "Your signing key" }
            p #ledger-key-status role="status" { "Signing needs JavaScript: your key is used in this browser only, never sent." }
            div.ledger-key-tools hidden {
                div.toolbar {
                    label for="ledger-key-file" { "Load your key file" }
                    input #ledger-key-file type="file" accept=".key,.txt,text/plain";
                }
                p.small.muted { "The file " code { "diligence ledger keygen --out FILE" } " wrote. It is read here; only its signatures are sent." }
                div.toolbar {
                    button.secondary #ledger-key-generate type="button" { "Make a new key pair in this browser" }
                    button.secondary #ledger-key-forget type="button" { "Forget the key" }
                }
                div #ledger-key-public hidden {
                    p { "Your public key, for the operator to register:" }
                    pre.command { code #ledger-key-command {} }
                }
            }
        }
    }
}

/// An input or text area of an entry form, with the record field it fills
/// (`data-field`, where the API names a refused field) and a place for the
/// error.
fn text_field(
    form: &str,
    name: &str,
    label: &str,
    field: &str,
    required: bool,
    area: bool,
) -> Markup {
    let id = format!("{form}-{name}");
    let err = format!("{id}-error");
    html! {
        label for=(id) { (label) @if !required { span.muted { " (optional)" } } }
        @if area {
            textarea id=(id) name=(name) rows="3" data-field=(field) required[required] aria-describedby=(err) {}
        } @else {
            input id=(id) type="text" name=(name) data-field=(field) required[required] aria-describedby=(err);
        }
        p.field-error id=(err) data-error-for=(field) {}
    }
}

fn reading_select(s: &AppState, form: &str) -> Markup {
    let id = format!("{form}-reading");
    html! {
        label for=(id) { "The reading you read the case under" span.muted { " (optional)" } }
        select id=(id) name="reading" data-field="record.body.reading" aria-describedby={(id) "-error"} {
            option value="" { "Your State's own position, where the knowledge base has one" }
            @for p in &s.kb.profiles { option value=(p.id) { (p.label()) } }
        }
        p.field-error id={(id) "-error"} data-error-for="record.body.reading" {}
    }
}

/// The section that writes a notification from the inbox.
fn notify_section(s: &AppState, state: &StateCode, who: &Principal) -> Markup {
    let everything = UncertainFacts::everything();
    html! {
        (key_section(state, who))
        section #ledger-notify aria-labelledby="ledger-notify-h" {
            h2 #ledger-notify-h { "Notify another State" }
            form.ledger-form #notify-form data-kind="notification" data-state=(state.as_str()) data-contact=(who.name) {
                p.field-error.form-error role="alert" data-error-for="" {}
                label for="notify-to" { "To" }
                select #notify-to name="to" data-field="record.body.to" aria-describedby="notify-to-error" required {
                    option value="" { "Choose a State" }
                    @for c in s.cache.countries.iter().filter(|c| c.code.len() == 3 && c.code != state.as_str() && c.code.bytes().all(|b| b.is_ascii_uppercase())) {
                        option value=(c.code) { (c.name) " (" (c.code) ")" }
                    }
                }
                p.field-error #notify-to-error data-error-for="record.body.to" {}
                (text_field("notify", "summary", "Summary: what happens, and why you notify", "record.body.summary", true, true))
                (text_field("notify", "action_requested", "The action you request", "record.body.action_requested", false, true))
                label for="notify-urgency" { "Urgency" }
                select #notify-urgency name="urgency" data-field="record.body.urgency" {
                    option value="immediate" { "immediate: harm under way or imminent" }
                    option value="urgent" selected { "urgent: harm likely soon" }
                    option value="routine" { "routine" }
                }
                (reading_select(s, "notify"))
                p.small.muted #notify-facts-hint {
                    "The facts you assert. A notification often cannot say everything: tick several values when it is one of them and you cannot say which, or Unknown."
                }
                div.notify-facts data-field="record.body.facts" {
                    @for fact in Fact::ALL { (super::assess::fact_fieldset(&everything, fact)) }
                }
                p.field-error data-error-for="record.body.facts" {}
                (needs_script(Some("diligence ledger notify --to ISO3 --facts SCENARIO.toml --summary TEXT --action TEXT --urgency urgent --key KEYFILE --token TOKEN --server URL")))
                div.toolbar { button type="submit" disabled { "Sign and send the notification" } }
            }
        }
    }
}

/// The forms that write the next entry of a case: what the rules let
/// this State write (the notified State acknowledges once and reports
/// steps; both parties ask, reply and close).
fn entry_forms(
    s: &AppState,
    read: &CaseRead,
    state: &StateCode,
    who: &Principal,
    url: &str,
) -> Markup {
    let case = &read.case;
    if case.is_closed() {
        return html! { p #ledger-closed { "This case is closed: nothing more is written in it." } };
    }
    let receiver = case.receiver() == state;
    let acknowledged = case
        .entries()
        .iter()
        .any(|a| a.entry.record().kind() == diligence_ledger::model::Kind::Acknowledgement);
    let previous = read
        .view
        .entries
        .last()
        .map(|e| e.hash.clone())
        .unwrap_or_default();
    let id = case.id().as_str();
    let cmd =
        |rest: &str| format!("diligence ledger {rest} --key KEYFILE --token TOKEN --server {url}");
    let today = OffsetDateTime::now_utc().date();
    let today = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    html! {
        section #ledger-write aria-labelledby="ledger-write-h" {
            h2 #ledger-write-h { "Write in this case" }
            div.ledger-forms {
                @if receiver && !acknowledged {
                    form.ledger-form.card #ack-form data-kind="acknowledgement" data-case=(id) data-previous=(previous) data-state=(state.as_str()) data-contact=(who.name) {
                        h3 { "Acknowledge the notification" }
                        p.field-error.form-error role="alert" data-error-for="" {}
                        (text_field("ack", "note", "A note", "record.body.note", false, true))
                        (reading_select(s, "ack"))
                        (needs_script(Some(&cmd(&format!("ack {id} --note TEXT")))))
                        button type="submit" disabled { "Sign and acknowledge" }
                    }
                }
                @if receiver {
                    form.ledger-form.card #step-form data-kind="step" data-case=(id) data-previous=(previous) data-state=(state.as_str()) data-contact=(who.name) {
                        h3 { "Report a step taken" }
                        p.field-error.form-error role="alert" data-error-for="" {}
                        label for="step-step" { "Step" }
                        select #step-step name="step" data-field="record.body.step" {
                            @for k in StepKind::ALL { option value=(step_words(k)) { (step_words(k)) } }
                        }
                        label for="step-date" { "Date" }
                        input #step-date type="date" name="date" value=(today) data-field="record.body.date" required aria-describedby="step-date-error";
                        p.field-error #step-date-error data-error-for="record.body.date" {}
                        (text_field("step", "account", "What was done", "record.body.account", true, true))
                        (needs_script(Some(&cmd(&format!("step {id} --kind detect|investigate|stop|redress --date YYYY-MM-DD --account TEXT")))))
                        button type="submit" disabled { "Sign and report the step" }
                    }
                }
                form.ledger-form.card #request-form data-kind="request" data-case=(id) data-previous=(previous) data-state=(state.as_str()) data-contact=(who.name) {
                    h3 { "Ask for information or assistance" }
                    p.field-error.form-error role="alert" data-error-for="" {}
                    label for="request-request" { "Ask for" }
                    select #request-request name="request" data-field="record.body.request" {
                        option value="information" { "information" }
                        option value="assistance" { "assistance" }
                    }
                    (text_field("request", "text", "The request", "record.body.text", true, true))
                    (needs_script(None))
                    button type="submit" disabled { "Sign and send the request" }
                }
                form.ledger-form.card #reply-form data-kind="reply" data-case=(id) data-previous=(previous) data-state=(state.as_str()) data-contact=(who.name) {
                    h3 { "Reply" }
                    p.field-error.form-error role="alert" data-error-for="" {}
                    (text_field("reply", "text", "The reply", "record.body.text", true, true))
                    (needs_script(Some(&cmd(&format!("reply {id} --text TEXT")))))
                    button type="submit" disabled { "Sign and send the reply" }
                }
                form.ledger-form.card #close-form data-kind="closure" data-case=(id) data-previous=(previous) data-state=(state.as_str()) data-contact=(who.name) {
                    h3 { "Close the case" }
                    p.field-error.form-error role="alert" data-error-for="" {}
                    (text_field("close", "reason", "Why", "record.body.reason", false, true))
                    (needs_script(Some(&cmd(&format!("close {id} --reason TEXT")))))
                    button type="submit" disabled { "Sign and close the case" }
                }
            }
        }
    }
}
