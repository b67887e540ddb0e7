//! The Positions page (a world map coloured by each State's answer to a
//! chosen question, the organisations beside it, a sortable and filterable
//! table of every profile) and the page of one profile.

use super::{citation, error_page, page, provenance, provenance_parts, query};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::first;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use diligence_core::profile::ProfileKind;
use diligence_core::Profile;
use maud::{html, Markup};

/// The questions the map can show.
const QUESTIONS: &[(&str, &str)] = &[
    ("legal_status", "Legal status of due diligence"),
    ("knowledge", "Knowledge that triggers it"),
    ("harm_threshold", "Harm threshold"),
    ("scope_of_conduct", "Conduct required"),
];

/// A profile's answer to a question, in words.
fn answer(p: &Profile, question: &str) -> String {
    let a = &p.answers;
    match question {
        "knowledge" => a.knowledge.value.to_string(),
        "harm_threshold" => a.harm_threshold.value.to_string(),
        "scope_of_conduct" => a.scope_of_conduct.value.to_string(),
        _ => a.legal_status.value.to_string(),
    }
}

/// The CSS class of an answer.
fn answer_class(value: &str) -> String {
    format!("a-{}", value.replace(", ", "-").replace(' ', "_"))
}

fn kind_name(k: ProfileKind) -> &'static str {
    match k {
        ProfileKind::Doctrine => "doctrine",
        ProfileKind::State => "State",
        ProfileKind::Organisation => "organisation",
    }
}

/// `GET /`: the map, the organisations and the table.
pub async fn index(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let question = first(&pairs, "question")
        .filter(|q| QUESTIONS.iter().any(|(k, _)| k == q))
        .unwrap_or("legal_status");
    let kb = s.kb;
    // The latest position of each State colours the map.
    let mut latest: Vec<&Profile> = Vec::new();
    for p in kb.profiles.iter().filter(|p| p.kind == ProfileKind::State) {
        match latest.iter_mut().find(|q| q.state == p.state) {
            Some(q) if q.year < p.year => *q = p,
            Some(_) => {}
            None => latest.push(p),
        }
    }
    let mut legend: Vec<String> = latest.iter().map(|p| answer(p, question)).collect();
    legend.sort();
    legend.dedup();
    let organisations: Vec<&Profile> = kb
        .profiles
        .iter()
        .filter(|p| p.kind == ProfileKind::Organisation)
        .collect();
    let question_label = QUESTIONS
        .iter()
        .find(|(k, _)| *k == question)
        .map_or("", |(_, l)| *l);
    let body = html! {
        h1 { "Positions on due diligence" }
        p.lead {
            "Each State's published position, coded parameter by parameter with pinpoint citations, beside the doctrines. "
            "Choose a question to colour the map; open a profile for every coding, its provenance and its sources."
        }
        form.toolbar method="get" action="/" data-autosubmit {
            label for="question" { "Colour the map by" }
            select #question name="question" {
                @for (k, l) in QUESTIONS {
                    option value=(k) selected[*k == question] { (l) }
                }
            }
            noscript { button type="submit" { "Show" } }
        }
        div.map-wrap {
            figure {
                (world_map(&s, &latest, question))
                figcaption.small.muted {
                    (question_label) " in each State's latest coded statement; grey: no coded statement. "
                    "Outlines: Natural Earth (public domain)."
                }
            }
            aside {
                h2 { "Legend" }
                ul.legend {
                    @for v in &legend {
                        li { span class={"swatch " (answer_class(v))} {} (v) }
                    }
                }
                h2 { "Regional organisations" }
                ul {
                    @for o in &organisations {
                        li {
                            a href={"/profiles/" (o.id)} { (o.name) " (" (o.year) ")" }
                            @if let Some(m) = o.members { span.muted { ", " (m) " members" } }
                            ": " span class={"swatch " (answer_class(&answer(o, question)))} {} (answer(o, question))
                        }
                    }
                }
            }
        }
        h2 #profiles { "Every profile" }
        div.toolbar {
            label for="filter" { "Filter" }
            input #filter type="search" data-filter="profiles-table" placeholder="e.g. binding, State, 2021";
            span.muted.small data-count-for="profiles-table" { (kb.profiles.len()) " profiles" }
        }
        table #profiles-table .sortable {
            thead { tr {
                th { "Profile" } th { "Kind" } th { "Year" } th { "Legal status" }
                th { "Knowledge" } th { "Harm threshold" } th { "Conduct" } th { "Basis" } th { "Obligations" }
            } }
            tbody {
                @for p in &kb.profiles {
                    tr {
                        td { a href={"/profiles/" (p.id)} { (p.name) } br; span.small.muted { (p.id) } }
                        td { (kind_name(p.kind)) }
                        td { (p.year) }
                        td { (p.answers.legal_status.value) }
                        td { (p.answers.knowledge.value) }
                        td { (p.answers.harm_threshold.value) }
                        td { (p.answers.scope_of_conduct.value) }
                        td { (p.basis.value) }
                        td data-sort=(p.obligations.len()) { (p.obligations.len()) }
                    }
                }
            }
        }
    };
    page("Positions", "/", body)
}

fn world_map(s: &AppState, latest: &[&Profile], question: &str) -> Markup {
    html! {
        svg.map xmlns="http://www.w3.org/2000/svg" viewBox=(crate::assets::MAP_VIEWBOX) role="img" aria-label="World map of the coded positions" {
            @for c in &s.cache.countries {
                @if let Some(p) = latest.iter().find(|p| p.state.as_deref() == Some(c.code)) {
                    a href={"/profiles/" (p.id)} {
                        path class={"coded " (answer_class(&answer(p, question)))} d=(c.path) data-state=(c.code) {
                            title { (c.name) " (" (p.id) "): " (answer(p, question)) }
                        }
                    }
                } @else {
                    path d=(c.path) { title { (c.name) } }
                }
            }
        }
    }
}

/// `GET /profiles/{id}`: every coded parameter with its provenance,
/// reasons, notes and citations.
pub async fn profile(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let kb = s.kb;
    let Some(p) = kb.profile(&id) else {
        let pr = crate::api::unknown_profile(kb, &id);
        return error_page(StatusCode::NOT_FOUND, "No such profile", &pr.detail);
    };
    let a = &p.answers;
    let body = html! {
        p.small { a href="/#profiles" { "← Every profile" } }
        h1 { (p.name) " (" (p.year) ")" }
        p.muted { (kind_name(p.kind)) " · " code { (p.id) }
            @if let Some(st) = &p.state { " · " (st) }
            @if let Some(m) = p.members { " · " (m) " members" } }
        p { (p.summary.trim()) }
        h2 { "Sources" }
        ul.cites { @for c in &p.sources { li { (citation(kb, c)) } } }
        h2 { "Answers to the open questions" }
        dl.params {
            dt { "Basis" } dd { (p.basis.value) (provenance(kb, &p.basis)) }
            dt { "Legal status" } dd { (a.legal_status.value) (provenance(kb, &a.legal_status)) }
            dt { "Conduct required" } dd { (a.scope_of_conduct.value) (provenance(kb, &a.scope_of_conduct)) }
            dt { "Knowledge" } dd { (a.knowledge.value) (provenance(kb, &a.knowledge)) }
            dt { "Harm threshold" } dd { (a.harm_threshold.value) (provenance(kb, &a.harm_threshold)) }
        }
        @if !p.classifications.is_empty() {
            h2 { "How observers classify it" }
            table {
                thead { tr { th { "By" } th { "As" } th { "Date" } th { "Pinpoint" } th { "Note" } } }
                tbody { @for c in &p.classifications {
                    tr { td { (c.by) } td { (c.status) } td { (c.date.as_deref().unwrap_or("")) }
                         td { (c.pinpoint.as_deref().unwrap_or("")) } td { (c.note.as_deref().unwrap_or("")) } }
                } }
            }
        }
        h2 { "Obligations" }
        @if p.obligations.is_empty() {
            p.note { "This reading codes no obligation of due diligence: every situation is out of scope for it." }
        }
        @for o in &p.obligations {
            section.card {
                h3 { (o.title) " " span.small.muted { "(" (o.id) ")" } }
                table {
                    thead { tr { th { "Parameter" } th { "Value" } th { "Provenance, reason and sources" } } }
                    tbody {
                        @for prm in o.parameters() {
                            tr {
                                td { code { (prm.name) } }
                                td { (prm.value) }
                                td { (provenance_parts(kb, prm.provenance, prm.reason, prm.note, prm.cite)) }
                            }
                        }
                    }
                }
            }
        }
        p { a.button href={"/compare?profile=" (p.id)} { "Compare with other readings" } }
    };
    page(&p.name, "/", body)
}
