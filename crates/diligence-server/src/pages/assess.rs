//! The Assess page: a form with every fact explained, the result of every
//! profile with its trace, a shareable URL that encodes the scenario, and
//! the exports (JSON as the API gives it, the scenario TOML, a printable
//! report).

use super::{citation, error_page, page, query};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::{facts_from_pairs, first, query_string, scenario, MAX_TITLE, UNTITLED};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use diligence_core::facts::Fact;
use diligence_core::outcome::{assess_all, Assessments};
use diligence_core::{Assessment, Profile, UncertainFacts};
use diligence_kb::{KnowledgeBase, Scenario};
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
    Ok(scenario(title, None, facts))
}

/// The scenario of a page's query string, or the error page.
fn scenario_of_query(q: Pairs) -> Result<Scenario, Response> {
    scenario_of(&query(q)?)
}

fn report_of(kb: &KnowledgeBase, facts: &UncertainFacts) -> Assessments {
    let all: Vec<&Profile> = kb.profiles.iter().collect();
    assess_all(&all, facts, false)
}

/// The results of every profile, each with its trace behind a disclosure.
pub fn results_markup(kb: &KnowledgeBase, facts: &UncertainFacts, open: bool) -> Markup {
    let report = report_of(kb, facts);
    let results: Vec<(&Profile, Assessment)> = kb.profiles.iter().zip(report.results).collect();
    let count = |pred: fn(&Assessment) -> bool| results.iter().filter(|(_, r)| pred(r)).count();
    let breach = count(|r| r.status == diligence_core::Status::Breach);
    let cm = count(|r| r.countermeasures);
    html! {
        p.small #summary {
            (results.len()) " readings: " strong { (breach) } " find a breach"
            ", " (cm) " of them opening countermeasures."
        }
        table #results-table {
            thead { tr { th { "Profile" } th { "Status" } th { "Why" } } }
            tbody {
                @for (p, r) in &results {
                    tr data-profile=(p.id) {
                        td { a href={"/profiles/" (p.id)} { (p.name) } br; span.small.muted { (p.id) } }
                        td data-status=(r.status.as_str()) {
                            (super::verdict_badge(r.status))
                            @if r.countermeasures { br; span.cm { "countermeasures open" } }
                        }
                        td {
                            (r.summary())
                            details.trace open[open] {
                                summary.small { "Trace: every element checked" }
                                (trace(kb, p, r))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn trace(kb: &KnowledgeBase, p: &Profile, r: &Assessment) -> Markup {
    let mut groups: Vec<(&str, Vec<&diligence_core::TraceEntry>)> = Vec::new();
    for e in &r.trace {
        match groups.last_mut() {
            Some((ob, v)) if *ob == e.obligation => v.push(e),
            _ => groups.push((&e.obligation, vec![e])),
        }
    }
    html! {
        @for (ob, entries) in &groups {
            @let title = p.obligations.iter().find(|o| o.id == *ob).map(|o| o.title.as_str());
            @let status = r.obligations.iter().find(|o| o.obligation == *ob).map(|o| o.status);
            div.small {
                @if let Some(t) = title { strong { (t) } " " } @else { strong { "No obligation" } " " }
                @if let Some(st) = status { "→ " (super::verdict_badge(st)) }
            }
            ol.trace {
                @for e in entries {
                    li class=(match e.satisfied { Some(true) => "ok", Some(false) => "fail", None => "open" }) {
                        code { (e.element.as_str()) } ": " (e.reason)
                        @if !e.citations.is_empty() {
                            ul.cites { @for c in &e.citations { li { (citation(kb, c)) } } }
                        }
                    }
                }
            }
        }
    }
}

fn form(sc: &Scenario) -> Markup {
    html! {
        form #assess-form method="get" action="/assess" {
            fieldset {
                legend { label for="title" { "Title" } }
                input #title type="text" name="title" maxlength=(MAX_TITLE) value=(sc.title);
            }
            @for fact in Fact::ALL {
                @let possible = sc.facts.get(fact);
                @let name = fact.name();
                fieldset {
                    legend { label for={"f-" (name)} { (fact.label()) } }
                    p id={"h-" (name)} { (fact.help()) }
                    select id={"f-" (name)} name=(name) aria-describedby={"h-" (name)} {
                        @for (i, v) in fact.values().iter().enumerate() {
                            option value=(v) selected[possible.single() == Some(i)] { (v.replace('_', " ")) }
                        }
                        option value="unknown" selected[possible.single().is_none()] { "unknown" }
                    }
                }
            }
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
pub async fn form_page(State(s): State<AppState>, q: Pairs) -> Response {
    let sc = match scenario_of_query(q) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let qs = query_string(&sc.facts, Some(&sc.title));
    let body = html! {
        h1 { "Assess a situation" }
        p.lead {
            "Set the facts; every reading decides, element by element, with the authorities for each step. "
            "The address of this page encodes the scenario: copy it to share the assessment."
        }
        div.layout-assess {
            div { (form(&sc)) }
            div {
                div.toolbar.noprint {
                    "Export: "
                    a.button.secondary href={"/assess/export.json?" (qs)} data-export="/assess/export.json" { "JSON" }
                    a.button.secondary href={"/assess/export.toml?" (qs)} data-export="/assess/export.toml" { "TOML" }
                    a.button.secondary href={"/assess/report?" (qs)} data-export="/assess/report" { "Printable report" }
                }
                div #results aria-live="polite" { (results_markup(s.kb, &sc.facts, false)) }
            }
        }
    };
    page("Assess", "/assess", body)
}

/// `GET /assess/results`: the results alone, for the live update.
pub async fn results(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match crate::api::pairs(q) {
        Ok(p) => p,
        Err(p) => {
            return (
                StatusCode::BAD_REQUEST,
                Html(html! { p.error { (p.to_string()) } }.into_string()),
            )
                .into_response()
        }
    };
    match facts_from_pairs(&pairs) {
        Ok(f) => Html(results_markup(s.kb, &f, false).into_string()).into_response(),
        Err(p) => (
            StatusCode::BAD_REQUEST,
            Html(html! { p.error { (p.to_string()) } }.into_string()),
        )
            .into_response(),
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
    let body = diligence_report::json::assessment(&sc, &report_of(s.kb, &sc.facts));
    let disposition = format!("attachment; filename=\"{}\"", file_name(&sc.title, "json"));
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// `GET /assess/export.toml`: the scenario file, for `diligence assess`.
pub async fn export_toml(q: Pairs) -> Response {
    let sc = match scenario_of_query(q) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let disposition = format!("attachment; filename=\"{}\"", file_name(&sc.title, "toml"));
    (
        [
            (header::CONTENT_TYPE, "application/toml".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        sc.to_toml(),
    )
        .into_response()
}

/// `GET /assess/report`: a printable report with every trace open.
pub async fn report(State(s): State<AppState>, q: Pairs) -> Response {
    let sc = match scenario_of_query(q) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (sc.title) " — diligence report" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/assets/style.css";
            }
            body { main {
                h1 { (sc.title) }
                p.muted { "Assessed by diligence " (env!("CARGO_PKG_VERSION")) " against " (s.kb.profiles.len()) " readings of due diligence." }
                h2 { "Facts" }
                dl.params {
                    @for w in sc.facts.written_facts() {
                        dt { (w.fact.label()) } dd { code { (w.fact.name()) } " = " (w) }
                    }
                }
                h2 { "Results" }
                (results_markup(s.kb, &sc.facts, true))
                p.noprint { a href={"/assess?" (query_string(&sc.facts, Some(&sc.title)))} { "Back to the form" } }
            } }
        }
    };
    Html(doc.into_string()).into_response()
}
