//! The Compare page: two or more profiles side by side, how often they
//! disagree over the whole fact space, the heat map and dendrogram, and for
//! each pair the nearest situation where they part (from the default
//! situation, or the facts in the address, which may be uncertain: a fact
//! whose value is among their possible values counts as unchanged).

use super::results::facts_list;
use super::{error_page, off_thread, page, query, status_badge, trusted_svg, verdict_badge};
use crate::api::{selected, Pairs};
use crate::app::AppState;
use crate::facts::{facts_from_pairs, first};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use diligence_analysis::distinguish::closest;
use diligence_analysis::{svg, Dendrogram, Divergence, Partition};
use diligence_core::facts::Fact;
use diligence_core::obligation::Parameter;
use diligence_core::{assess, Profile, UncertainFacts};
use diligence_kb::{words, KnowledgeBase};
use maud::{html, Markup};

/// The most profiles whose pairs are distinguished one by one.
const MAX_PAIRS_OF: usize = 6;

/// Facts named as the data names them, in words: `What the territorial
/// State knew, Harm to the victim State`.
fn fact_labels(names: &[&'static str]) -> String {
    names
        .iter()
        .map(|n| Fact::from_name(n).map_or(*n, Fact::label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A profile's name with the date of its text: `United States, 2021`.
fn dated(kb: &KnowledgeBase, p: &Profile) -> String {
    format!("{}, {}", p.name, words::date(&kb.statement_date(p)))
}

fn picker(kb: &KnowledgeBase, chosen: &[&Profile], from: Option<&UncertainFacts>) -> Markup {
    let all = &kb.profiles;
    html! {
        form method="get" action="/compare" #compare-form {
            @if let Some(f) = from {
                @for w in f.written_facts() {
                    input type="hidden" name=(w.fact.name()) value=(w.to_string());
                }
            }
            details open[chosen.len() < 2] {
                summary { "Choose the readings to compare (" (chosen.len()) " chosen)" }
                div.pick {
                    @for p in all {
                        label {
                            input type="checkbox" name="profile" value=(p.id) checked[chosen.iter().any(|c| c.id == p.id)];
                            " " (dated(kb, p)) " " span.small.muted { "(" (p.id) ")" }
                        }
                    }
                }
            }
            div.toolbar { button type="submit" { "Compare" } }
        }
    }
}

fn parameters(kb: &KnowledgeBase, chosen: &[&Profile]) -> Markup {
    let value_of = |p: &Profile, parameter: Parameter| -> String {
        let vals: Vec<String> = p
            .obligations
            .iter()
            .map(|o| o.get(parameter).value.words(parameter))
            .collect();
        if vals.is_empty() {
            "—".to_string()
        } else {
            vals.join(" / ")
        }
    };
    html! {
        div.scroll role="region" aria-label="The readings side by side" tabindex="0" {
            table #side-by-side {
                thead { tr { td {} @for p in chosen { th scope="col" { a href={"/profiles/" (p.id)} { (dated(kb, p)) } } } } }
                tbody {
                    tr { th scope="row" { "Legal status" } @for p in chosen { td { (words::legal_status(p.answers.legal_status.value)) } } }
                    tr { th scope="row" { "Basis" } @for p in chosen { td { (words::basis(p.basis.value)) } } }
                    tr { th scope="row" { "Knowledge (answer)" } @for p in chosen { td { (words::knowledge_answer(p.answers.knowledge.value)) } } }
                    tr { th scope="row" { "Harm threshold (answer)" } @for p in chosen { td { (words::harm_answer(p.answers.harm_threshold.value)) } } }
                    tr { th scope="row" { "Obligations" } @for p in chosen { td { (p.obligations.len()) } } }
                    @for n in Parameter::ALL {
                        tr { th scope="row" { (n.label()) } @for p in chosen { td { (value_of(p, n)) } } }
                    }
                }
            }
        }
    }
}

fn distinctions(kb: &KnowledgeBase, chosen: &[&Profile], from: &UncertainFacts) -> Markup {
    let pairs: Vec<(&Profile, &Profile)> = chosen
        .iter()
        .take(MAX_PAIRS_OF)
        .enumerate()
        .flat_map(|(i, a)| {
            chosen
                .iter()
                .take(MAX_PAIRS_OF)
                .skip(i + 1)
                .map(move |b| (*a, *b))
        })
        .collect();
    html! {
        @if chosen.len() > MAX_PAIRS_OF {
            p.small.muted { "Pairs among the first " (MAX_PAIRS_OF) " readings chosen." }
        }
        @for (a, b) in pairs {
            @let found = closest(a, b, from);
            section.card data-pair={(a.id) " " (b.id)} {
                h3 { (dated(kb, a)) " and " (dated(kb, b)) }
                @match found.first() {
                    None => p { "They decide every situation of the fact space alike." },
                    Some(x) => {
                        p.small {
                            @if x.changed.is_empty() && from.is_definite() { "They already part on the starting situation." }
                            @else if x.changed.is_empty() { "They already part on one of the situations the starting facts allow." }
                            @else { "Change " strong { (fact_labels(&x.changed)) } " and they part ("
                                (found.len()) " situation(s) at this distance)." }
                        }
                        p.small { @for fact in diligence_core::Fact::ALL {
                            @let (label, v) = (fact.label(), fact.value_label(x.facts.get(fact)));
                            @if x.changed.contains(&fact.name()) { mark { (label) ": " (v) } } @else { span.muted { (label) ": " (v) } }
                            " · "
                        } }
                        @let (ta, tb) = (assess(a, &x.facts), assess(b, &x.facts));
                        ul {
                            li { strong { (dated(kb, a)) } " " (verdict_badge(ta.status)) " " (ta.summary()) }
                            li { strong { (dated(kb, b)) } " " (verdict_badge(tb.status)) " " (tb.summary()) }
                        }
                        p.small { a href={"/assess?" (crate::facts::query_string(&x.facts.into(), None))} { "Open this situation in Assess" } }
                    }
                }
            }
        }
    }
}

/// `GET /compare?profile=A&profile=B...`.
pub async fn page_handler(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let kb = s.kb;
    let chosen = if crate::facts::all(&pairs, "profile").is_empty() {
        Vec::new()
    } else {
        match selected(kb, &pairs) {
            Ok(c) => c,
            Err(p) => return error_page(StatusCode::NOT_FOUND, "No such profile", &p.detail),
        }
    };
    let from = match facts_from_pairs(&pairs) {
        Ok(f) => f,
        Err(p) => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Bad facts in the address",
                &p.to_string(),
            )
        }
    };
    let starting = Fact::ALL
        .into_iter()
        .any(|f| first(&pairs, f.name()).is_some());
    let given = starting.then_some(&from);
    let body = if chosen.len() < 2 {
        html! {
            h1 { "Compare readings" }
            p.lead { "Choose two or more readings: see their codings side by side, how often they disagree over every situation the facts can describe, and the nearest situation where each pair parts." }
            (picker(kb, &chosen, given))
        }
    } else {
        let refs = chosen.clone();
        let (d, tree, pairs_markup) = match off_thread(move || {
            let partition = Partition::of(&refs);
            let d = Divergence::of(&partition);
            let tree = Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations);
            let pairs_markup = distinctions(kb, &refs, &from);
            (d, tree, pairs_markup)
        })
        .await
        {
            Ok(x) => x,
            Err(r) => return r,
        };
        let name_of = |id: &str| -> String {
            kb.profile(id)
                .map_or_else(|| id.to_string(), |p| dated(kb, p))
        };
        html! {
            h1 { "Compare readings" }
            (picker(kb, &chosen, given))
            h2 { "Side by side" }
            (parameters(kb, &chosen))
            h2 { "Disagreements over the fact space" }
            p.small.muted { "Of " (d.situations) " situations (every combination of the facts), how many each pair decides differently." }
            div.scroll role="region" aria-label="Disagreements over the fact space" tabindex="0" {
                table #disagreements {
                    thead { tr { td {} @for id in &d.profiles { th scope="col" { (name_of(id)) } } } }
                    tbody { @for (i, id) in d.profiles.iter().enumerate() {
                        tr { th scope="row" { (name_of(id)) br; code.small.muted { (id) } } @for (j, n) in d.disagreements[i].iter().enumerate() {
                            td data-sort=(n) { @if i == j { "—" } @else { (n) } }
                        } }
                    } }
                }
            }
            h3 #status-counts { "Status counts" }
            div.scroll role="region" aria-labelledby="status-counts" tabindex="0" {
                table {
                    thead { tr { th scope="col" { "Profile" } @for st in diligence_core::Status::ALL { th scope="col" { (status_badge(*st)) } } } }
                    tbody { @for id in &d.profiles {
                        tr { th scope="row" { (name_of(id)) } @for st in diligence_core::Status::ALL {
                            td { (d.distribution.get(id).and_then(|m| m.get(st)).copied().unwrap_or(0)) }
                        } }
                    } }
                }
            }
            h3 { "Heat map and clusters" }
            div.heat { (trusted_svg(&svg::divergence_svg(&d, &tree))) }
            h2 { "Where each pair parts" }
            p.small.muted {
                @if starting { "Starting from the facts in the address" }
                @else { "Starting from the default situation" }
                ": the nearest situations where the two decide differently. A fact whose value is among the starting facts' possible values counts as unchanged."
            }
            details #starting-facts {
                summary.small { "The starting facts" }
                (facts_list(&from))
            }
            (pairs_markup)
        }
    };
    page("Compare", "/compare", body)
}
