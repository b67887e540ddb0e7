//! The Compare page: two or more profiles side by side, how often they
//! disagree over the whole fact space, the heat map and dendrogram, and for
//! each pair the nearest situation where they part (from the default
//! situation, or the facts in the address, which may be uncertain: a fact
//! whose value is among their possible values counts as unchanged).

use super::results::facts_list;
use super::{page, status_badge, trusted_svg, verdict_badge};
use crate::api::{selected, Pairs};
use crate::app::AppState;
use crate::facts::{facts_from_pairs, first};
use crate::problem::PageError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use diligence_analysis::distinguish::closest;
use diligence_analysis::{svg, Dendrogram, Divergence, Partition};
use diligence_core::facts::Fact;
use diligence_core::obligation::{Parameter, ParameterRef, ParameterValue};
use diligence_core::profile::{Answer, LegalStatus, ProfileKind};
use diligence_core::{assess, Profile, Provenance, UncertainFacts};
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

/// The kinds of profile, as the picker groups them.
const KINDS: [(ProfileKind, &str); 3] = [
    (ProfileKind::Doctrine, "Doctrines"),
    (ProfileKind::State, "States"),
    (ProfileKind::Organisation, "Organisations"),
];

fn picker(kb: &KnowledgeBase, chosen: &[&Profile], from: Option<&UncertainFacts>) -> Markup {
    html! {
        form method="get" action="/compare" #compare-form data-chosen-count="chosen-count" {
            @if let Some(f) = from {
                @for w in f.written_facts() {
                    input type="hidden" name=(w.fact.name()) value=(w.to_string());
                }
            }
            details open[chosen.len() < 2] {
                summary { "Choose the readings to compare (" span #chosen-count aria-live="polite" { (chosen.len()) " chosen" } ")" }
                @for (kind, legend) in KINDS {
                    @let of_kind: Vec<&Profile> = kb.profiles.iter().filter(|p| p.kind == kind).collect();
                    @if !of_kind.is_empty() {
                        fieldset.pick-group {
                            legend { (legend) " " span.small.muted { "(" (of_kind.len()) ")" } }
                            div.pick {
                                @for p in of_kind {
                                    label {
                                        input type="checkbox" name="profile" value=(p.id) checked[chosen.iter().any(|c| c.id == p.id)];
                                        " " (dated(kb, p)) " " span.small.muted { "(" (p.id) ")" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.toolbar { button type="submit" { "Compare" } }
        }
    }
}

/// `n` of `total` as a percentage: `20%`, `<1%` for a few, `>99%` for
/// all but a few.
pub fn percent(n: u64, total: u64) -> String {
    if total == 0 {
        return "0%".to_string();
    }
    let p = (n as f64) * 100.0 / (total as f64);
    let rounded = p.round() as u64;
    if n > 0 && rounded == 0 {
        "<1%".to_string()
    } else if n < total && rounded == 100 {
        ">99%".to_string()
    } else {
        format!("{rounded}%")
    }
}

/// A count with thousands separators: `207,360`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A small number in words, as prose writes it; larger ones in digits.
fn number_words(n: u64) -> String {
    const SMALL: [&str; 11] = [
        "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match n {
        0..=10 => SMALL[n as usize].to_string(),
        20 => "twenty".to_string(),
        100 => "a hundred".to_string(),
        1000 => "a thousand".to_string(),
        _ => grouped(n),
    }
}

/// `n` of `total` as a lawyer reads it: `one in five`, `about two in
/// three`, `fewer than one in a thousand`, `all`.
pub fn share_words(n: u64, total: u64) -> String {
    if n == 0 || total == 0 {
        return "none".to_string();
    }
    if n == total {
        return "all".to_string();
    }
    let r = n as f64 / total as f64;
    if r < 0.001 {
        return "fewer than one in a thousand".to_string();
    }
    if r > 0.999 {
        return "all but fewer than one in a thousand".to_string();
    }
    const DENOMINATORS: [u64; 8] = [2, 3, 4, 5, 10, 20, 100, 1000];
    let mut best = (1u64, 1000u64);
    for d in DENOMINATORS {
        let k = (r * d as f64).round() as u64;
        if k == 0 || k == d {
            continue;
        }
        let err = ((k as f64 / d as f64) - r).abs();
        best = (k, d);
        if err <= 0.05 * r.min(1.0 - r) {
            break;
        }
    }
    let (k, d) = best;
    let exact = u128::from(k) * u128::from(total) == u128::from(n) * u128::from(d);
    let about = if exact { "" } else { "about " };
    format!("{about}{} in {}", number_words(k), number_words(d))
}

/// A share of situations in words and figures: `in 41,472 of the 207,360
/// situations (20%), one in five`.
pub fn share(n: u64, total: u64) -> String {
    format!(
        "in {} of the {} situations ({}), {}",
        grouped(n),
        grouped(total),
        percent(n, total),
        share_words(n, total)
    )
}

/// One of the four open questions: its name, a profile's own answer in
/// words, the parameter coding it, and whether a coded value agrees with
/// the answer.
struct Question {
    name: &'static str,
    /// What the question asks about, after "does not state".
    topic: &'static str,
    parameter: Parameter,
    answer: fn(&Profile) -> Option<String>,
    agrees: fn(&Profile, ParameterValue) -> bool,
}

/// The four open questions, in the order of the profiles' answers.
const QUESTIONS: [Question; 4] = [
    Question {
        name: "Legal status",
        topic: "whether the obligation is binding",
        parameter: Parameter::Binding,
        answer: |p| match p.answers.legal_status.value {
            LegalStatus::Unspecified => None,
            other => Some(words::legal_status(other).to_string()),
        },
        agrees: |p, v| {
            matches!(
                (p.answers.legal_status.value, v),
                (LegalStatus::Binding, ParameterValue::Flag(true))
                    | (LegalStatus::VoluntaryNorm, ParameterValue::Flag(false))
            )
        },
    },
    Question {
        name: "Knowledge",
        topic: "a standard of knowledge",
        parameter: Parameter::KnowledgeStandard,
        answer: |p| {
            known(p.answers.knowledge.value)
                .map(|_| words::knowledge_answer(p.answers.knowledge.value))
        },
        agrees: |p, v| matches!((p.answers.knowledge.value, v), (Answer::Known(a), ParameterValue::Knowledge(b)) if a == b),
    },
    Question {
        name: "Harm threshold",
        topic: "a harm threshold",
        parameter: Parameter::HarmThreshold,
        answer: |p| {
            known(p.answers.harm_threshold.value)
                .map(|_| words::harm_answer(p.answers.harm_threshold.value))
        },
        agrees: |p, v| matches!((p.answers.harm_threshold.value, v), (Answer::Known(a), ParameterValue::Harm(b)) if a == b),
    },
    Question {
        name: "Conduct required",
        topic: "what conduct is required",
        parameter: Parameter::Conduct,
        answer: |p| {
            known(p.answers.scope_of_conduct.value)
                .map(|_| words::conduct_answer(p.answers.scope_of_conduct.value))
        },
        agrees: |p, v| matches!((p.answers.scope_of_conduct.value, v), (Answer::Known(a), ParameterValue::Conduct(b)) if a == b),
    },
];

fn known<T>(a: Answer<T>) -> Option<T> {
    match a {
        Answer::Known(v) => Some(v),
        Answer::Unspecified => None,
    }
}

/// Who speaks in a profile, for "the State does not state".
fn speaker(p: &Profile) -> &'static str {
    match p.kind {
        ProfileKind::Doctrine => "source",
        ProfileKind::State => "State",
        ProfileKind::Organisation => "organisation",
    }
}

/// Where a coded value comes from, in a clause: the citations of an
/// explicit value, the editors' reason for an inferred one, the passage
/// of an imputation.
fn origin(kb: &KnowledgeBase, r: &ParameterRef<'_>) -> String {
    let cites: Vec<String> = r
        .cite
        .iter()
        .map(|c| diligence_report::render_citation(kb, c))
        .collect();
    match (r.provenance, r.imputed_by, r.reason) {
        (Provenance::Explicit, _, _) if cites.is_empty() => "stated by the source".to_string(),
        (Provenance::Explicit, _, _) => {
            format!("stated by the cited source ({})", cites.join("; "))
        }
        (Provenance::Inferred, Some(by), reason) => format!(
            "imputed to the reading by {}{}",
            diligence_report::render_citation(kb, by),
            reason.map(|r| format!(": {r}")).unwrap_or_default()
        ),
        (Provenance::Inferred, None, Some(reason)) => format!("inferred by the editors: {reason}"),
        (Provenance::Inferred, None, None) => "inferred by the editors".to_string(),
    }
}

/// One profile's answer to one question beside its coding, with a line
/// saying why they differ where they do.
fn answer_cell(kb: &KnowledgeBase, p: &Profile, q: &Question) -> Markup {
    let own = (q.answer)(p);
    let coded: Vec<(&str, ParameterRef<'_>)> = p
        .obligations
        .iter()
        .map(|o| (o.title.as_str(), o.get(q.parameter)))
        .collect();
    let several = coded.len() > 1;
    let differing: Vec<&(&str, ParameterRef<'_>)> = coded
        .iter()
        .filter(|(_, r)| !(q.agrees)(p, r.value))
        .collect();
    html! {
        div.own { span.small.muted { "Own answer: " } (own.as_deref().unwrap_or("not specified")) }
        div.coded {
            span.small.muted { "Coding used: " }
            @if coded.is_empty() { "no obligation coded" }
            @for (i, (title, r)) in coded.iter().enumerate() {
                @if i > 0 { "; " }
                (r.value.words(q.parameter))
                @if several { " " span.small.muted { "(" (title) ")" } }
            }
        }
        @if coded.is_empty() && own.is_some() {
            p.differ.small { strong { "Why they differ: " } "the reading codes no obligation, so no value is used." }
        }
        @for (title, r) in differing {
            p.differ.small {
                strong { "Why they differ: " }
                @if own.is_none() {
                    "the " (speaker(p)) " does not state " (q.topic) ", so the coding uses "
                } @else {
                    "the coding uses "
                }
                (r.value.words(q.parameter))
                @if several { " for ‘" (title) "’" }
                ", " (origin(kb, r)) "."
            }
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
    let answered: Vec<Parameter> = QUESTIONS.iter().map(|q| q.parameter).collect();
    html! {
        div.scroll role="region" aria-label="The readings side by side" tabindex="0" {
            table #side-by-side {
                thead { tr { td {} @for p in chosen { th scope="col" { a href={"/profiles/" (p.id)} { (dated(kb, p)) } } } } }
                tbody {
                    @for q in &QUESTIONS {
                        tr.question { th scope="row" { (q.name) } @for p in chosen { td { (answer_cell(kb, p, q)) } } }
                    }
                    tr { th scope="row" { "Basis" } @for p in chosen { td { (words::basis(p.basis.value)) } } }
                    tr { th scope="row" { "Obligations" } @for p in chosen { td { (p.obligations.len()) } } }
                    @for n in Parameter::ALL.into_iter().filter(|n| !answered.contains(n)) {
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
pub async fn page_handler(State(s): State<AppState>, q: Pairs) -> Result<Response, PageError> {
    let pairs = crate::api::pairs(q).map_err(|p| PageError::from(p).heading("Bad address"))?;
    let kb = s.kb;
    let chosen = if crate::facts::all(&pairs, "profile").is_empty() {
        Vec::new()
    } else {
        selected(kb, &pairs).map_err(|p| PageError::from(p).heading("No such profile"))?
    };
    let from = facts_from_pairs(&pairs).map_err(|p| {
        PageError::from(p.with_status(StatusCode::BAD_REQUEST)).heading("Bad facts in the address")
    })?;
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
        let (d, tree, pairs_markup) = tokio::task::spawn_blocking(move || {
            let partition = Partition::of(&refs);
            let d = Divergence::of(&partition);
            let tree = Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations);
            let pairs_markup = distinctions(kb, &refs, &from);
            (d, tree, pairs_markup)
        })
        .await?;
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
            p.small.muted { "The fact space has " (grouped(d.situations)) " situations (every combination of the facts). For each pair, the share of them it decides differently." }
            ul #disagreement-sentences {
                @for (i, a) in d.profiles.iter().enumerate() {
                    @for (j, b) in d.profiles.iter().enumerate().skip(i + 1) {
                        li { strong { (name_of(a)) } " and " strong { (name_of(b)) } " decide differently "
                            (share(d.disagreements[i][j], d.situations)) "." }
                    }
                }
            }
            div.scroll role="region" aria-label="Disagreements over the fact space" tabindex="0" {
                table #disagreements {
                    thead { tr { td {} @for id in &d.profiles { th scope="col" { (name_of(id)) } } } }
                    tbody { @for (i, id) in d.profiles.iter().enumerate() {
                        tr { th scope="row" { (name_of(id)) br; code.small.muted { (id) } } @for (j, n) in d.disagreements[i].iter().enumerate() {
                            td data-sort=(n) { @if i == j { "—" span.offscreen { " (the same reading)" } } @else {
                                (percent(*n, d.situations)) br; span.small.muted { (grouped(*n)) " of " (grouped(d.situations)) }
                            } }
                        } }
                    } }
                }
            }
            h3 #status-counts { "Status counts" }
            p.small.muted { "For each reading, the share of the " (grouped(d.situations)) " situations it decides with each status." }
            div.scroll role="region" aria-labelledby="status-counts" tabindex="0" {
                table {
                    thead { tr { th scope="col" { "Profile" } @for st in diligence_core::Status::ALL { th scope="col" { (status_badge(*st)) } } } }
                    tbody { @for id in &d.profiles {
                        tr { th scope="row" { (name_of(id)) } @for st in diligence_core::Status::ALL {
                            @let n = d.distribution.get(id).and_then(|m| m.get(st)).copied().unwrap_or(0);
                            td data-sort=(n) { (percent(n, d.situations)) br; span.small.muted { (grouped(n)) " of " (grouped(d.situations)) } }
                        } }
                    } }
                }
            }
            h3 { "Heat map and clusters" }
            div.heat { (trusted_svg(&svg::divergence_svg_named(&d, &tree, name_of))) }
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
    Ok(page("Compare", "/compare", body))
}
