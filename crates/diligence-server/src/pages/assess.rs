//! The Assess page: a form with every fact explained, each fact a value,
//! one of several values or unknown; the result of every profile, grouped
//! into the determined and those that depend on the open facts, with its
//! trace; a shareable URL that encodes the scenario; and the exports (JSON
//! as the API gives it, the scenario TOML, a printable report).

use super::results::{assess_every, facts_list, questions_markup, results_markup};
use super::{error_page, off_thread, page, query};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::{
    facts_from_pairs, first, is_from_form, query_string, scenario, FROM_FORM, MAX_TITLE, UNTITLED,
};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use diligence_core::facts::Fact;
use diligence_core::uncertain::{Values, UNKNOWN};
use diligence_core::UncertainFacts;
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

/// One fact of the form: a fieldset with a checkbox per value (in words,
/// the wire name as the value) and one for "unknown"; ticking several means
/// one of them, ticking "unknown" (or every value) means any.
fn fact_fieldset(facts: &UncertainFacts, fact: Fact) -> Markup {
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

fn form(sc: &Scenario) -> Markup {
    html! {
        form #assess-form method="get" action="/assess" {
            input type="hidden" name=(FROM_FORM.0) value=(FROM_FORM.1);
            fieldset {
                legend { label for="title" { "Title" } }
                input #title type="text" name="title" maxlength=(MAX_TITLE) value=(sc.title);
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
    let qs = query_string(&sc.facts, Some(&sc.title));
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
                }
                div.toolbar.noprint {
                    a.button #start-interview href={"/assess/interview?" (qs)} data-export="/assess/interview" { "Start an interview" }
                    a.button.secondary href={"/assess/interview?" (nothing_known)} { "Interview from nothing known" }
                    span.small.muted { "One question at a time, the most telling first." }
                }
                div #results-announce .offscreen aria-live="polite" {}
                div #results { (results) }
            }
            div.assess-form { (form(&sc)) }
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

/// What the printable report shows beyond the results: the open questions.
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

/// Today's date in words ("3 December 2026"), for the memo's date line.
fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{} {} {}", d.day(), d.month(), d.year())
}

/// The memo's summary: the readings grouped by outcome, by name, and the
/// caveats: the results that rest on the editors' inference or on a
/// commentator's imputation rather than on their sources' words.
fn memo_summary(kb: &KnowledgeBase, facts: &diligence_core::UncertainFacts) -> Markup {
    let report = assess_every(kb, facts, false);
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut imputed: Vec<String> = Vec::new();
    let mut inferred: Vec<String> = Vec::new();
    for (p, r) in kb.profiles.iter().zip(&report.results) {
        let what = match (r.status.label(), r.countermeasures) {
            (l, true) => format!("{l}, opening countermeasures on conditions"),
            (l, false) => l.to_string(),
        };
        match groups.iter_mut().find(|(w, _)| *w == what) {
            Some(g) => g.1.push(p.label()),
            None => groups.push((what, vec![p.label()])),
        }
        match diligence_core::inference::rests_on_words(&r.rests_on_inference) {
            "imputation" => imputed.push(p.label()),
            "editors' inference" => inferred.push(p.label()),
            _ => {}
        }
    }
    html! {
        ul #memo-summary {
            @for (what, names) in &groups {
                li { strong { (what) " (" (names.len()) "): " } (names.join(", ")) }
            }
        }
        h3 { "Caveats" }
        ul #memo-caveats {
            @if !imputed.is_empty() {
                li { "Rest on a commentator's imputation, not the text's own words (" (imputed.len()) "): " (imputed.join(", ")) "." }
            }
            @if !inferred.is_empty() {
                li { "Rest on the editors' inference (" (inferred.len()) "): " (inferred.join(", ")) "." }
            }
            li { "Each reading's trace below says which step rests on what, with pinpoint citations." }
        }
    }
}

/// `GET /assess/report`: a printable report: the facts in words, the
/// determined readings, those that depend on the open facts with their
/// conditions, the open questions, every trace open.
pub async fn report(State(s): State<AppState>, q: Pairs) -> Response {
    let sc = match scenario_of_query(q) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let facts = sc.facts;
    let kb = s.kb;
    let (summary, results, questions) = match off_thread(move || {
        (
            memo_summary(kb, &facts),
            results_markup(kb, &facts, true),
            report_questions(kb, &facts),
        )
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let qs = query_string(&sc.facts, Some(&sc.title));
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (sc.title) " — diligence report" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href=(crate::assets::style_href());
            }
            body { main.report {
                h1 { (sc.title) }
                p.muted {
                    "Assessed on " (today()) " by diligence " (env!("CARGO_PKG_VERSION")) " against " (kb.profiles.len()) " readings of due diligence. "
                    "Permalink: " a.permalink href={"/assess/report?" (qs)} { "/assess/report?" (qs) }
                }
                h2 { "Summary" }
                (summary)
                h2 { "Facts" }
                @if !sc.facts.is_definite() {
                    p.small.muted { "Where a fact is not known, the report lists the values it may have; each reading then says under which conditions it finds what." }
                }
                (facts_list(&sc.facts))
                h2 { "Results" }
                (results)
                (questions)
                p.noprint {
                    a href={"/assess?" (qs)} { "Back to the form" }
                    @if !sc.facts.is_definite() { " · " a href={"/assess/interview?" (qs)} { "Settle the open facts in an interview" } }
                }
            } }
        }
    };
    Html(doc.into_string()).into_response()
}
