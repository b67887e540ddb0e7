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
use diligence_kb::{words, KnowledgeBase};
use maud::{html, Markup};

/// The questions the map can show.
const QUESTIONS: &[(&str, &str)] = &[
    ("legal_status", "Legal status of due diligence"),
    ("knowledge", "Knowledge that triggers it"),
    ("harm_threshold", "Harm threshold"),
    ("scope_of_conduct", "Conduct required"),
];

/// A profile's answer to a question: its wire value (for the colour) and
/// the same in words.
fn answer(p: &Profile, question: &str) -> (String, String) {
    let a = &p.answers;
    match question {
        "knowledge" => (
            a.knowledge.value.to_string(),
            words::knowledge_answer(a.knowledge.value),
        ),
        "harm_threshold" => (
            a.harm_threshold.value.to_string(),
            words::harm_answer(a.harm_threshold.value),
        ),
        "scope_of_conduct" => (
            a.scope_of_conduct.value.to_string(),
            words::conduct_answer(a.scope_of_conduct.value),
        ),
        _ => (
            a.legal_status.value.to_string(),
            words::legal_status(a.legal_status.value).to_string(),
        ),
    }
}

/// The CSS class of an answer.
fn answer_class(value: &str) -> String {
    format!("a-{}", value.replace(", ", "-").replace(' ', "_"))
}

/// A profile as a link: its name and the date of its text in words.
fn dated_link(kb: &KnowledgeBase, p: &Profile) -> Markup {
    html! { a href={"/profiles/" (p.id)} { (p.name) ", " (words::date(&kb.statement_date(p))) } }
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
    // The latest statement of each State colours the map.
    let latest: Vec<&Profile> = kb
        .profiles
        .iter()
        .filter(|p| p.kind == ProfileKind::State && kb.later_statement(p).is_none())
        .collect();
    let mut legend: Vec<(String, String)> = latest.iter().map(|p| answer(p, question)).collect();
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
        form.toolbar method="get" action="/" #question-form {
            label for="question" { "Colour the map by" }
            select #question name="question" {
                @for (k, l) in QUESTIONS {
                    option value=(k) selected[*k == question] { (l) }
                }
            }
            button type="submit" { "Colour the map" }
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
                    @for (v, w) in &legend {
                        li { span class={"swatch " (answer_class(v))} {} (w) }
                    }
                }
                h2 { "Regional organisations" }
                ul {
                    @for o in &organisations {
                        @let (v, w) = answer(o, question);
                        li {
                            (dated_link(kb, o))
                            @if let Some(m) = o.members { span.muted { ", " (m) " members" } }
                            ": " span class={"swatch " (answer_class(&v))} {} (w)
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
        div.scroll role="region" aria-labelledby="profiles" tabindex="0" { table #profiles-table .sortable {
            thead { tr {
                th scope="col" { "Profile" } th scope="col" { "Kind" } th scope="col" { "Date" } th scope="col" { "Legal status" }
                th scope="col" { "Knowledge" } th scope="col" { "Harm threshold" } th scope="col" { "Conduct" } th scope="col" { "Basis" } th scope="col" { "Obligations" }
            } }
            tbody {
                @for p in &kb.profiles {
                    @let date = kb.statement_date(p);
                    @let later = kb.later_statement(p);
                    tr data-profile=(p.id) {
                        th scope="row" {
                            a href={"/profiles/" (p.id)} { (p.name) } br; span.small.muted { code { (p.id) } }
                            @if let Some(l) = later { br; span.small.muted { "superseded by " (dated_link(kb, l)) } }
                        }
                        td { (words::profile_kind(p.kind)) }
                        td data-sort=(date) { (words::date(&date)) }
                        td { (words::legal_status(p.answers.legal_status.value)) }
                        td { (answer(p, "knowledge").1) }
                        td { (answer(p, "harm_threshold").1) }
                        td { (answer(p, "scope_of_conduct").1) }
                        td { (words::basis(p.basis.value)) }
                        td data-sort=(p.obligations.len()) { (p.obligations.len()) }
                    }
                }
            }
        } }
    };
    page("Positions", "/", body)
}

fn world_map(s: &AppState, latest: &[&Profile], question: &str) -> Markup {
    html! {
        svg.map xmlns="http://www.w3.org/2000/svg" viewBox=(crate::assets::MAP_VIEWBOX) role="group" aria-label="World map of the coded positions: each coded State is a link to its position" {
            @for c in &s.cache.countries {
                @if let Some(p) = latest.iter().find(|p| p.state.as_deref() == Some(c.code)) {
                    @let (v, w) = answer(p, question);
                    a href={"/profiles/" (p.id)} aria-label={(c.name) ", statement of " (words::date(&s.kb.statement_date(p))) ": " (w)} {
                        path class={"coded " (answer_class(&v))} d=(c.path) data-state=(c.code) {
                            title { (c.name) " (statement of " (words::date(&s.kb.statement_date(p))) "): " (w) }
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
    page(&p.name, "/", profile_body(kb, p))
}

/// The page of one profile, below the navigation.
pub fn profile_body(kb: &KnowledgeBase, p: &Profile) -> Markup {
    let a = &p.answers;
    let date = kb.statement_date(p);
    let position = p.kind != ProfileKind::Doctrine;
    let later = kb.later_statement(p);
    let earlier = kb.earlier_statement(p);
    html! {
        p.small { a href="/#profiles" { "← Every profile" } }
        h1 { (p.name) " (" (words::date(&date)) ")" }
        p.muted { (words::profile_kind(p.kind)) " · " code { (p.id) }
            @if let Some(st) = &p.state { " · " (st) }
            @if let Some(m) = p.members { " · " (m) " members" } }
        @if position {
            p #statement-date { "Date of the statement: " strong { (words::date(&date)) } }
        }
        @if let Some(l) = later {
            p.note #superseded-by { "Superseded by " (dated_link(kb, l)) ": this is not the State's latest statement." }
        }
        @if let Some(e) = earlier {
            p.note #earlier-statement { "Earlier statement: " (dated_link(kb, e)) "." }
        }
        p { (p.summary.trim()) }
        h2 { "Sources" }
        ul.cites { @for c in &p.sources { li { (citation(kb, c)) } } }
        h2 { "Answers to the open questions" }
        dl.params {
            dt { "Basis" } dd { (words::basis(p.basis.value)) (provenance(kb, &p.basis)) }
            dt { "Legal status" } dd { (words::legal_status(a.legal_status.value)) (provenance(kb, &a.legal_status)) }
            dt { "Conduct required" } dd { (answer(p, "scope_of_conduct").1) (provenance(kb, &a.scope_of_conduct)) }
            dt { "Knowledge" } dd { (answer(p, "knowledge").1) (provenance(kb, &a.knowledge)) }
            dt { "Harm threshold" } dd { (answer(p, "harm_threshold").1) (provenance(kb, &a.harm_threshold)) }
        }
        @if !p.classifications.is_empty() {
            h2 #classifications { "How observers classify it" }
            div.scroll role="region" aria-labelledby="classifications" tabindex="0" {
                table {
                    thead { tr { th scope="col" { "By" } th scope="col" { "As" } th scope="col" { "Date" } th scope="col" { "Pinpoint" } th scope="col" { "Note" } } }
                    tbody { @for c in &p.classifications {
                        tr {
                            th scope="row" { @match kb.authority(&c.by) {
                                Some(by) => a href={"/authorities/" (by.id)} { (by.title) },
                                None => (c.by),
                            } }
                            td { (words::legal_status(c.status)) }
                            td { (c.date.as_deref().map(words::date).unwrap_or_default()) }
                            td { (c.pinpoint.as_deref().unwrap_or("")) }
                            td { (c.note.as_deref().unwrap_or("")) }
                        }
                    } }
                }
            }
        }
        h2 { "Obligations" }
        @if p.obligations.is_empty() {
            p.note { "This reading recognises no general obligation of due diligence: every situation is outside any general obligation (out of scope), and only the specific primary rules of the activity's field, if any, decide whether the State had to act. Out of scope does not mean that nothing applies." }
        }
        @for o in &p.obligations {
            section.card {
                h3 { (o.title) " " span.small.muted { "(" (o.id) ")" } }
                div.scroll role="region" aria-label={"The parameters of " (o.title)} tabindex="0" {
                    table {
                        thead { tr { th scope="col" { "Parameter" } th scope="col" { "Value" } th scope="col" { "Provenance, reason and sources" } } }
                        tbody {
                            @for prm in o.parameters() {
                                tr data-parameter=(prm.name) {
                                    th scope="row" { (prm.parameter.label()) }
                                    td { (prm.value.words(prm.parameter)) }
                                    td { (provenance_parts(kb, prm.provenance, prm.reason, prm.note, prm.imputed_by, prm.cite)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        p { a.button href={"/compare?profile=" (p.id)} { "Compare with other readings" } }
    }
}
