//! The interview: the open facts of a scenario asked one at a time, the
//! question that settles the most readings first (spec section 4.3), until
//! every reading is determined or the user stops. Every step is a GET whose
//! address encodes the whole scenario, with the facts the user could not
//! answer in `skip`; an answer is sent on to the address of the scenario it
//! gives, so the page works without script and can be shared or reloaded
//! at any step.

use super::assess::scenario_of;
use super::results::{assess_every, facts_list, when_words};
use super::{error_page, off_thread, page, query, status_badge};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::{all, encode, first, query_string};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use diligence_core::facts::Fact;
use diligence_core::outcome::Question;
use diligence_core::uncertain::Values;
use diligence_core::{Assessment, Profile};
use diligence_kb::Scenario;
use maud::{html, Markup};

/// The value of the answer that skips a question.
const SKIP: &str = "skip";

/// The facts named in `skip` (comma-separated, or repeated).
fn skipped(pairs: &[(String, String)]) -> Result<Vec<Fact>, Response> {
    let mut out = Vec::new();
    for name in all(pairs, "skip")
        .iter()
        .flat_map(|s| s.split(','))
        .filter(|s| !s.is_empty())
    {
        let fact = Fact::from_name(name).ok_or_else(|| {
            bad(&format!(
                "`skip` names no fact `{}`; the facts are {}",
                short(name),
                Fact::NAMES.join(", ")
            ))
        })?;
        if !out.contains(&fact) {
            out.push(fact);
        }
    }
    Ok(out)
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn bad(detail: &str) -> Response {
    error_page(StatusCode::BAD_REQUEST, "Bad interview address", detail)
}

/// The address of an interview step: the scenario and the skipped facts
/// (those still open), in the spec's order.
fn address(sc: &Scenario, skip: &[Fact]) -> String {
    let open: Vec<&str> = Fact::ALL
        .into_iter()
        .filter(|f| skip.contains(f) && sc.facts.get(*f).len() > 1)
        .map(Fact::name)
        .collect();
    let mut qs = query_string(&sc.facts, Some(&sc.title));
    if !open.is_empty() {
        qs.push_str("&skip=");
        qs.push_str(&encode(&open.join(",")).replace("%2C", ","));
    }
    format!("/assess/interview?{qs}")
}

/// Applies the answer in the pairs (`ask=FACT&answer=VALUE`, or
/// `answer=skip`) to the scenario and the skipped facts.
fn apply_answer(
    pairs: &[(String, String)],
    sc: &mut Scenario,
    skip: &mut Vec<Fact>,
) -> Result<(), Response> {
    let Some(asked) = first(pairs, "ask") else {
        return Ok(());
    };
    let fact = Fact::from_name(asked)
        .ok_or_else(|| bad(&format!("`ask` names no fact `{}`", short(asked))))?;
    match first(pairs, "answer") {
        None => Ok(()),
        Some(SKIP) => {
            if !skip.contains(&fact) {
                skip.push(fact);
            }
            Ok(())
        }
        Some(value) => {
            let possible = sc.facts.get(fact);
            let index = fact
                .value_index(value)
                .filter(|i| possible.contains(*i))
                .ok_or_else(|| {
                    bad(&format!(
                        "`{}` cannot be `{}` here; its possible values are {}",
                        fact.name(),
                        short(value),
                        possible
                            .iter()
                            .map(|i| fact.values()[i])
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            sc.facts = sc.facts.with(fact, Values::one(index));
            skip.retain(|f| *f != fact);
            Ok(())
        }
    }
}

/// What one interview step needs: the assessment of the scenario.
struct Step {
    total: usize,
    pending: Vec<(&'static Profile, Assessment)>,
    questions: Vec<Question>,
}

/// The question form: the fact's label and help, its possible values as
/// radio buttons, and the skip.
fn question_form(sc: &Scenario, skip: &[Fact], q: &Question) -> Markup {
    let fact = q.fact;
    let possible = sc.facts.get(fact);
    let skip_names: Vec<&str> = skip
        .iter()
        .filter(|f| sc.facts.get(**f).len() > 1)
        .map(|f| f.name())
        .collect();
    html! {
        form #interview-form method="get" action="/assess/interview" {
            @for w in sc.facts.written_facts() {
                input type="hidden" name=(w.fact.name()) value=(w.to_string());
            }
            input type="hidden" name="title" value=(sc.title);
            @if !skip_names.is_empty() {
                input type="hidden" name="skip" value=(skip_names.join(","));
            }
            input type="hidden" name="ask" value=(fact.name());
            fieldset #question data-fact=(fact.name()) aria-describedby="question-help" {
                legend { (fact.label()) }
                p #question-help { (fact.help()) }
                div.choices {
                    @for i in possible.iter() {
                        @let v = fact.values()[i];
                        @let id = format!("a-{v}");
                        label for=(id) {
                            input type="radio" id=(id) name="answer" value=(v) required;
                            " " (fact.value_label(i))
                        }
                    }
                    label.unknown for="a-skip" {
                        input type="radio" id="a-skip" name="answer" value=(SKIP) required;
                        " I don't know — skip"
                    }
                }
            }
            div.toolbar {
                button type="submit" { "Answer" }
                span.small.muted {
                    "Answered, it leaves at most " (q.undetermined_after) " readings undetermined, whatever the answer."
                }
            }
        }
    }
}

/// The readings still undetermined, each with its outcomes in words.
fn pending_list(pending: &[(&'static Profile, Assessment)]) -> Markup {
    html! {
        ul #pending {
            @for (p, r) in pending {
                li data-profile=(p.id) {
                    a href={"/profiles/" (p.id)} { (p.name) } " " span.small.muted { "(" (p.id) ")" } ": "
                    @for (k, o) in r.outcomes.iter().flatten().enumerate() {
                        @if k > 0 { "; " }
                        (status_badge(o.status))
                        @if o.countermeasures { " (countermeasures open)" }
                        " " (when_words(o))
                    }
                }
            }
        }
    }
}

/// `GET /assess/interview?FACTS&skip=F,G[&ask=F&answer=V]`: the next
/// question, or the end of the interview.
pub async fn page_handler(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut sc = match scenario_of(&pairs) {
        Ok(sc) => sc,
        Err(r) => return r,
    };
    let mut skip = match skipped(&pairs) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if first(&pairs, "ask").is_some() || crate::facts::is_from_form(&pairs) {
        if let Err(r) = apply_answer(&pairs, &mut sc, &mut skip) {
            return r;
        }
        return Redirect::to(&address(&sc, &skip)).into_response();
    }
    let facts = sc.facts;
    let kb = s.kb;
    let step = match off_thread(move || {
        let report = assess_every(kb, &facts, false);
        let total = report.results.len();
        let pending = kb
            .profiles
            .iter()
            .zip(report.results)
            .filter(|(_, r)| r.is_undetermined())
            .collect();
        Step {
            total,
            pending,
            questions: report.questions.unwrap_or_default(),
        }
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    page("Interview", "/assess", interview_body(&sc, &skip, &step))
}

fn interview_body(sc: &Scenario, skip: &[Fact], step: &Step) -> Markup {
    let qs = query_string(&sc.facts, Some(&sc.title));
    let open = step.pending.len();
    let next = step
        .questions
        .iter()
        .find(|q| !skip.contains(&q.fact))
        .filter(|_| open > 0);
    let skipped_open: Vec<Fact> = skip
        .iter()
        .copied()
        .filter(|f| sc.facts.get(*f).len() > 1)
        .collect();
    let unskip = address(sc, &[]);
    html! {
        p.small { a href={"/assess?" (qs)} { "← Back to Assess with these facts" } }
        h1 { "Interview: " (sc.title) }
        p.lead {
            "The facts left open are asked one at a time, the one that settles the most readings first. "
            "Answer what you know; skip what you do not. Stop whenever you like: the address of each step "
            "holds the whole scenario."
        }
        div #progress-box {
            label for="progress" { "Readings determined" }
            " "
            progress #progress max=(step.total) value=(step.total - open) { (step.total - open) " of " (step.total) }
            p #progress-text {
                @if open == 0 { "Every reading is determined (" (step.total) " of " (step.total) ")." }
                @else { (open) " of " (step.total) " readings still depend on the facts." }
            }
        }
        @if let Some(q) = next {
            (question_form(sc, skip, q))
        } @else if open == 0 {
            p.note #done {
                "Nothing left to ask"
                @if !sc.facts.is_definite() { ": the facts still open change no reading's status" }
                ". "
                a href={"/assess?" (qs)} { "See the results in Assess" }
                " or "
                a href={"/assess/report?" (qs)} { "the printable report" }
                "."
            }
        } @else {
            p.note #done {
                "No question left to ask: the readings below depend on facts you skipped. "
                a href=(unskip) { "Ask the skipped questions again" }
                ", or "
                a href={"/assess?" (qs)} { "see the results in Assess" } "."
            }
        }
        div.toolbar {
            a.button.secondary href={"/assess?" (qs)} #back-to-assess {
                @if open == 0 { "See the results" } @else { "Stop and see the results" }
            }
            @if !skipped_open.is_empty() {
                span.small.muted {
                    "Skipped: "
                    (skipped_open.iter().map(|f| f.label()).collect::<Vec<_>>().join(", "))
                }
            }
        }
        h2 { "The facts so far" }
        (facts_list(&sc.facts))
        @if open > 0 {
            h2 { "Readings that still depend on the facts (" (open) ")" }
            (pending_list(&step.pending))
        }
    }
}
