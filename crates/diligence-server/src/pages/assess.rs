//! The Assess page: a form with every fact explained, each fact a value,
//! one of several values or unknown; the result of every profile, grouped
//! into the determined and those that depend on the open facts, with its
//! trace; a shareable URL that encodes the scenario; and the exports (JSON
//! as the API gives it, the scenario TOML, the memo as a printable report
//! and as a Word document). The form also takes the user's names for the
//! territorial and the affected State and a narrative, which the memo uses.

use super::results::{assess_every, questions_markup, reading_trace_in, results_markup};
use super::{error_page, off_thread, page, query};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::{
    all, facts_from_pairs, first, is_from_form, memo_query, narrative, query_string, scenario,
    StateNames, AFFECTED_KEY, FROM_FORM, MAX_NOTES, MAX_STATE_NAME, MAX_TITLE, NARRATIVE_KEY,
    TERRITORIAL_KEY, UNTITLED,
};
use crate::memo::Memo;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use diligence_core::facts::Fact;
use diligence_core::uncertain::{Values, UNKNOWN};
use diligence_core::UncertainFacts;
use diligence_kb::{CitationStyle, KnowledgeBase, Scenario};
use maud::{html, Markup, DOCTYPE};

/// The scenario of a query string: its facts over the defaults, its title.
pub fn scenario_of(pairs: &[(String, String)]) -> Result<Scenario, Response> {
    let facts = facts_from_pairs(pairs).map_err(|p| {
        error_page(
            StatusCode::BAD_REQUEST,
            "Bad facts in the address",
            &p.to_string(),
        )
    })?;
    let title: String = first(pairs, "title")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(UNTITLED)
        .chars()
        .take(MAX_TITLE)
        .collect();
    Ok(scenario(
        title,
        narrative(first(pairs, NARRATIVE_KEY)),
        facts,
    ))
}

/// The scenario of a page's query string, or the error page.
fn scenario_of_query(q: Pairs) -> Result<Scenario, Response> {
    scenario_of(&query(q)?)
}

/// One fact of the form: a fieldset with a checkbox per value (in words,
/// the wire name as the value) and one for "unknown"; ticking several means
/// one of them, ticking "unknown" (or every value) means any.
pub(super) fn fact_fieldset(facts: &UncertainFacts, fact: Fact) -> Markup {
    let possible = facts.get(fact);
    let unknown = possible == Values::all(fact);
    let name = fact.name();
    let default = fact.default_value().map(|d| fact.values()[d]);
    html! {
        fieldset.fact data-fact=(name) data-default=[default] aria-describedby={"h-" (name)} {
            legend { (fact.label()) }
            p id={"h-" (name)} { (fact.help()) }
            div.choices {
                @for (i, v) in fact.values().iter().enumerate() {
                    @let id = format!("f-{name}-{v}");
                    label for=(id) {
                        input type="checkbox" id=(id) name=(name) value=(v) checked[!unknown && possible.contains(i)];
                        " " (fact.value_label(i))
                    }
                }
                @let id = format!("f-{name}-{UNKNOWN}");
                label.unknown for=(id) {
                    input type="checkbox" id=(id) name=(name) value=(UNKNOWN) checked[unknown];
                    " Unknown"
                }
            }
        }
    }
}

fn form(sc: &Scenario, names: &StateNames) -> Markup {
    html! {
        form #assess-form method="get" action="/assess" {
            input type="hidden" name=(FROM_FORM.0) value=(FROM_FORM.1);
            fieldset {
                legend { label for="title" { "Title" } }
                input #title type="text" name="title" maxlength=(MAX_TITLE) value=(sc.title);
            }
            fieldset #memo-fields aria-describedby="memo-fields-help" {
                legend { "For the memo" }
                p #memo-fields-help .small.muted {
                    "Optional: your names for the two States and what happened, in your words. "
                    "The memo uses them; the results do not depend on them."
                }
                label for="ts" { "Territorial State (where the activity is, or from whose territory it comes)" }
                input #ts type="text" name=(TERRITORIAL_KEY) maxlength=(MAX_STATE_NAME) autocomplete="off"
                    value=(names.territorial.as_deref().unwrap_or(""));
                label for="as" { "Affected State (the victim)" }
                input #as type="text" name=(AFFECTED_KEY) maxlength=(MAX_STATE_NAME) autocomplete="off"
                    value=(names.affected.as_deref().unwrap_or(""));
                label for="nar" { "Narrative" }
                textarea #nar name=(NARRATIVE_KEY) rows="4" maxlength=(MAX_NOTES) {
                    (sc.notes.as_deref().unwrap_or(""))
                }
            }
            p.small.muted #facts-hint {
                "For each fact, tick its value; tick several when the situation is one of them "
                "and you cannot say which; tick Unknown when nothing is known of it."
            }
            @for fact in Fact::ALL { (fact_fieldset(&sc.facts, fact)) }
            div.toolbar {
                button type="submit" { "Assess" }
                span #live-note .small.muted hidden { "Results update as you change a fact." }
            }
            div.toolbar {
                button.secondary type="submit" formaction="/scenarios" formmethod="post" data-save { "Save scenario" }
            }
        }
    }
}

/// `GET /assess`: the form and the results for the facts in the address.
/// A form sent without the script (repeated keys, `from=form`) is sent on
/// to the compact address of the same scenario.
pub async fn form_page(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let sc = match scenario_of(&pairs) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let names = StateNames::from_pairs(&pairs);
    let qs = memo_query(&sc, &names);
    if is_from_form(&pairs) {
        return Redirect::to(&format!("/assess?{qs}")).into_response();
    }
    let facts = sc.facts;
    let results = match off_thread(move || results_markup(s.kb, &facts, false)).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let nothing_known = query_string(&UncertainFacts::everything(), None);
    let body = html! {
        h1 { "Assess a situation" }
        p.lead {
            "Set the facts; every reading decides, element by element, with the authorities for each step. "
            "Where a fact is not known, tick every value it may have, or Unknown: each reading then says "
            "under which conditions it finds what. "
            "The address of this page encodes the scenario: copy it to share the assessment."
        }
        // The results come first in the document, so that a phone (one
        // column) shows them before the nine facts; on a wide screen the
        // grid puts the form on the left.
        div.layout-assess {
            div.assess-results {
                p.phone-only.noprint { a href="#assess-form" { "Change the facts" } " (below the results)" }
                div.toolbar.noprint {
                    "Export: "
                    a.button.secondary href={"/assess/export.json?" (qs)} data-export="/assess/export.json" { "JSON" }
                    a.button.secondary href={"/assess/export.toml?" (qs)} data-export="/assess/export.toml" { "TOML" }
                    a.button.secondary href={"/assess/report?" (qs)} data-export="/assess/report" { "Printable report" }
                    a.button.secondary href={"/assess/report.docx?" (qs)} data-export="/assess/report.docx" { "Download as Word (.docx)" }
                }
                div.toolbar.noprint {
                    a.button #start-interview href={"/assess/interview?" (qs)} data-export="/assess/interview" { "Start an interview" }
                    a.button.secondary href={"/assess/interview?" (nothing_known)} { "Interview from nothing known" }
                    span.small.muted { "One question at a time, the most telling first." }
                }
                div #results-announce .offscreen aria-live="polite" {}
                div #results { (results) }
            }
            div.assess-form { (form(&sc, &names)) }
        }
    };
    page("Assess", "/assess", body)
}

/// A fragment with an error, for the live update.
fn fragment_error(detail: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(html! { p.error { (detail) } }.into_string()),
    )
        .into_response()
}

/// `GET /assess/results`: the results alone, for the live update.
pub async fn results(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match crate::api::pairs(q) {
        Ok(p) => p,
        Err(p) => return fragment_error(&p.to_string()),
    };
    let facts = match facts_from_pairs(&pairs) {
        Ok(f) => f,
        Err(p) => return fragment_error(&p.to_string()),
    };
    match off_thread(move || results_markup(s.kb, &facts, false)).await {
        Ok(m) => Html(m.into_string()).into_response(),
        Err(r) => r,
    }
}

fn file_name(title: &str, ext: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{}.{ext}",
        if slug.is_empty() {
            "scenario".to_string()
        } else {
            slug
        }
    )
}

/// `GET /assess/export.json`: the API's JSON for this scenario.
pub async fn export_json(State(s): State<AppState>, q: Pairs) -> Response {
    let sc = match scenario_of_query(q) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let disposition = format!("attachment; filename=\"{}\"", file_name(&sc.title, "json"));
    let body = match off_thread(move || {
        diligence_report::json::assessment(&sc, &assess_every(s.kb, &sc.facts, false))
    })
    .await
    {
        Ok(b) => b,
        Err(r) => return r,
    };
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// The scenario file of a scenario, with the user's names for the States
/// as comments: the file stays one that `diligence assess` reads.
pub fn scenario_toml(sc: &Scenario, names: &StateNames) -> String {
    let mut out = String::new();
    for (role, name) in [
        ("Territorial State", &names.territorial),
        ("Affected State", &names.affected),
    ] {
        if let Some(n) = name {
            // A comment is one line: control characters are dropped.
            let n: String = n.chars().filter(|c| !c.is_control()).collect();
            out.push_str(&format!("# {role}: {n}\n"));
        }
    }
    out.push_str(&sc.to_toml());
    out
}

/// `GET /assess/export.toml`: the scenario file, for `diligence assess`.
pub async fn export_toml(q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let sc = match scenario_of(&pairs) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let names = StateNames::from_pairs(&pairs);
    let disposition = format!("attachment; filename=\"{}\"", file_name(&sc.title, "toml"));
    (
        [
            (header::CONTENT_TYPE, "application/toml".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        scenario_toml(&sc, &names),
    )
        .into_response()
}

/// The query key of a reading whose trace the memo includes.
pub const TRACE_KEY: &str = "trace";

/// The memo's query key for its citation style: `citations=short` for the
/// short form; OSCOLA when absent.
pub const CITATIONS_KEY: &str = "citations";

/// What the memo's address asks for: the scenario, the user's names, and
/// the readings whose traces it includes (repeated `trace=<profile id>`;
/// none by default).
struct MemoRequest {
    sc: Scenario,
    names: StateNames,
    traces: Vec<String>,
    style: CitationStyle,
}

impl MemoRequest {
    fn of(kb: &KnowledgeBase, q: Pairs) -> Result<MemoRequest, Response> {
        let pairs = query(q)?;
        let sc = scenario_of(&pairs)?;
        let names = StateNames::from_pairs(&pairs);
        let picked = all(&pairs, TRACE_KEY);
        // In the knowledge base's order, each once; an id that names no
        // reading is left out.
        let traces = kb
            .profiles
            .iter()
            .filter(|p| picked.contains(&p.id.as_str()))
            .map(|p| p.id.clone())
            .collect();
        let style = match first(&pairs, CITATIONS_KEY) {
            None => CitationStyle::Oscola,
            Some(s) => s.parse().map_err(|e: String| {
                error_page(
                    StatusCode::BAD_REQUEST,
                    "Bad citation style in the address",
                    &e,
                )
            })?,
        };
        Ok(MemoRequest {
            sc,
            names,
            traces,
            style,
        })
    }

    /// The query string of the memo: the scenario, the names, the traces,
    /// the citation style if not the default.
    fn query(&self) -> String {
        let mut qs = memo_query(&self.sc, &self.names);
        for t in &self.traces {
            qs.push_str(&format!("&{TRACE_KEY}={}", crate::facts::encode(t)));
        }
        if self.style != CitationStyle::default() {
            qs.push_str(&format!("&{CITATIONS_KEY}={}", self.style));
        }
        qs
    }
}

/// The memo's summary: the readings grouped by outcome and, where facts
/// are open, under each outcome by the condition in words.
fn memo_summary(memo: &Memo) -> Markup {
    html! {
        ul #memo-summary {
            @for g in &memo.summary {
                li data-outcome=(g.status) {
                    @match g.by_condition.as_slice() {
                        [(None, names)] => {
                            strong { (g.heading) " (" (g.readings) "): " }
                            span data-profiles=(ids(names)) { (crate::memo::names(names)) }
                        }
                        conditions => {
                            strong { (g.heading) " (" (g.readings) ")" }
                            ul.memo-conditions {
                                @for (when, names) in conditions {
                                    li data-when=(when.as_deref().unwrap_or("in every case")) {
                                        em { (when.as_deref().unwrap_or("in every case")) } ": "
                                        span data-profiles=(ids(names)) { (crate::memo::names(names)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The ids of readings, space-separated, for a `data-profiles` attribute.
fn ids(readings: &[(String, String)]) -> String {
    readings
        .iter()
        .map(|(id, _)| id.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form that picks the readings whose traces the memo includes: the
/// scenario in hidden fields, a box per reading.
fn trace_picker(kb: &KnowledgeBase, req: &MemoRequest) -> Markup {
    let sc = &req.sc;
    html! {
        form #trace-picker .noprint method="get" action="/assess/report" {
            @for w in sc.facts.written_facts() {
                input type="hidden" name=(w.fact.name()) value=(w.to_string());
            }
            input type="hidden" name="title" value=(sc.title);
            @if let Some(n) = &req.names.territorial { input type="hidden" name=(TERRITORIAL_KEY) value=(n); }
            @if let Some(n) = &req.names.affected { input type="hidden" name=(AFFECTED_KEY) value=(n); }
            @if let Some(n) = &sc.notes { input type="hidden" name=(NARRATIVE_KEY) value=(n); }
            @if req.style != CitationStyle::default() { input type="hidden" name=(CITATIONS_KEY) value=(req.style.as_str()); }
            details open[req.traces.is_empty()] {
                summary { "Traces: pick the readings whose traces the memo includes (" (req.traces.len()) " picked)" }
                fieldset {
                    legend.offscreen { "Readings" }
                    div.trace-choices {
                        @for p in &kb.profiles {
                            @let id = format!("pick-{}", p.id);
                            label for=(id) {
                                input type="checkbox" id=(id) name=(TRACE_KEY) value=(p.id) checked[req.traces.contains(&p.id)];
                                " " (p.label())
                            }
                        }
                    }
                }
                button type="submit" { "Show the traces picked" }
            }
        }
    }
}

/// `GET /assess/report`: the memo: the date and permalink, the facts in
/// plain words with the user's names and the narrative, the summary by
/// outcome (and condition), the caveats, the open questions, then the
/// traces of the readings picked (`trace=<profile id>`, repeated; none by
/// default), each on a new page in print; citations in OSCOLA style, or in
/// the short form with `citations=short`.
pub async fn report(State(s): State<AppState>, q: Pairs) -> Response {
    let kb = s.kb;
    let req = match MemoRequest::of(kb, q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let qs = req.query();
    let (memo, traces, questions, req) = match off_thread(move || {
        let memo = crate::memo::memo(kb, &req.sc, &req.names, &req.traces, req.style);
        let traces = picked_traces(kb, &req.sc.facts, &req.traces, req.style);
        let questions = report_questions(kb, &req.sc.facts);
        (memo, traces, questions, req)
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let form_qs = memo_query(&req.sc, &req.names);
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (memo.title) " — diligence memo" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href=(crate::assets::style_href());
            }
            body { main.report.memo {
                h1 { (memo.title) }
                p.muted #memo-meta {
                    "Assessed on " (memo.date) " by diligence " (env!("CARGO_PKG_VERSION")) " against " (memo.readings) " readings of due diligence. "
                    "Permalink: " a.permalink href={"/assess/report?" (qs)} { "/assess/report?" (qs) }
                }
                div.toolbar.noprint {
                    a.button.secondary #memo-docx href={"/assess/report.docx?" (qs)} { "Download as Word (.docx)" }
                    a href={"/assess?" (form_qs)} { "Back to the form" }
                    @if !req.sc.facts.is_definite() { a href={"/assess/interview?" (form_qs)} { "Settle the open facts in an interview" } }
                }
                h2 { "Facts" }
                @if !memo.parties.is_empty() {
                    dl.params #memo-parties {
                        @for (role, name) in &memo.parties { dt { (role) } dd { (name) } }
                    }
                }
                @if let Some(n) = &memo.narrative {
                    div #memo-narrative {
                        @for para in n.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) { p { (para) } }
                    }
                }
                @if memo.uncertain {
                    p.small.muted { "Where a fact is not known, the memo gives the values it may have; the summary says under which condition each reading finds what." }
                }
                ul #memo-facts {
                    @for (fact, sentence) in &memo.facts { li data-fact=(fact.name()) { (sentence) } }
                }
                h2 { "Summary" }
                (memo_summary(&memo))
                h3 { "Caveats" }
                ul #memo-caveats {
                    @for c in &memo.caveats { li { (c) } }
                }
                (questions)
                (trace_picker(kb, &req))
                (traces)
            } }
        }
    };
    Html(doc.into_string()).into_response()
}

/// The traces of the readings picked, each in its section.
fn picked_traces(
    kb: &KnowledgeBase,
    facts: &UncertainFacts,
    picked: &[String],
    style: CitationStyle,
) -> Markup {
    let report = assess_every(kb, facts, false);
    html! {
        @for (p, r) in kb.profiles.iter().zip(&report.results) {
            @if picked.contains(&p.id) {
                section.memo-trace data-profile=(p.id) aria-labelledby={"trace-" (p.id)} {
                    h2 id={"trace-" (p.id)} { "Trace: " (p.label()) }
                    (reading_trace_in(kb, style, p, r))
                }
            }
        }
    }
}

/// `GET /assess/report.docx`: the memo as a Word document, with the same
/// content as the report.
pub async fn report_docx(State(s): State<AppState>, headers: HeaderMap, q: Pairs) -> Response {
    let kb = s.kb;
    let req = match MemoRequest::of(kb, q) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let permalink = format!("{}/assess/report?{}", origin(&headers), req.query());
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file_name(&req.sc.title, "docx")
    );
    let bytes = match off_thread(move || {
        let memo = crate::memo::memo(kb, &req.sc, &req.names, &req.traces, req.style);
        crate::docx::memo_docx(&memo, &permalink)
    })
    .await
    {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            tracing::error!("docx: {e}");
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The Word document failed",
                &e,
            );
        }
        Err(r) => return r,
    };
    (
        [
            (header::CONTENT_TYPE, crate::docx::CONTENT_TYPE.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// The scheme and host a request was sent to (`http://127.0.0.1:8080`),
/// for an absolute permalink; empty without a usable `Host`.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        });
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    match host {
        Some(h) => format!("{}://{h}", if https { "https" } else { "http" }),
        None => String::new(),
    }
}

/// What the memo shows of the open facts: the questions that would settle
/// the most readings first.
fn report_questions(kb: &KnowledgeBase, facts: &UncertainFacts) -> Markup {
    let total = kb.profiles.len();
    match assess_every(kb, facts, false).questions {
        Some(q) => html! {
            h2 { "Open questions" }
            p.small.muted { "The facts left open, the one that settles the most readings first." }
            (questions_markup(&q, total))
        },
        None => html! {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scenario_file_with_names_is_still_a_scenario_file() {
        let pairs: Vec<(String, String)> = [
            ("knowledge", "notified,actual"),
            ("title", "A title"),
            ("ts", " Ruritania\n[facts] "),
            ("as", "Freedonia"),
            ("nar", "What happened.\n\nThen \"more\" \\ happened."),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let sc = scenario_of(&pairs).expect("a scenario");
        let names = StateNames::from_pairs(&pairs);
        assert_eq!(names.territorial.as_deref(), Some("Ruritania[facts]"));
        let toml = scenario_toml(&sc, &names);
        assert!(toml
            .starts_with("# Territorial State: Ruritania[facts]\n# Affected State: Freedonia\n"));
        let back = diligence_kb::parse_scenario("export.toml", toml.as_bytes()).expect("parses");
        assert_eq!(back.facts, sc.facts);
        assert_eq!(back.title, "A title");
        assert_eq!(back.notes, sc.notes);
        assert_eq!(
            back.notes.as_deref(),
            Some("What happened.\n\nThen \"more\" \\ happened.")
        );
    }
}
