//! The results of every reading on a scenario, as the Assess page, the
//! printable report and the saved scenarios show them: determined readings
//! first, then those that depend on the open facts with each outcome and
//! its conditions in plain words; for each, what a change of one known fact
//! would do; the (partial) trace; the facts in words and the open questions.

use super::{citation_in, status_badge, verdict_badge};
use diligence_core::explain;
use diligence_core::facts::Fact;
use diligence_core::inference::{self, InferredBy};
use diligence_core::outcome::{assess_all, Assessments, Change, Conditional, Question};
use diligence_core::uncertain::Values;
use diligence_core::Provenance;
use diligence_core::{Assessment, Element, Profile, Status, TraceEntry, UncertainFacts};
use diligence_kb::{CitationStyle, KnowledgeBase};
use maud::{html, Markup};

/// Every reading of the knowledge base assessed on `facts`, with the
/// decisive facts of each when `decisive`.
pub fn assess_every(kb: &KnowledgeBase, facts: &UncertainFacts, decisive: bool) -> Assessments {
    let all: Vec<&Profile> = kb.profiles.iter().collect();
    assess_all(&all, facts, decisive)
}

/// One fact of a scenario in words: its value, "one of: …" for several, or
/// "unknown".
pub fn fact_words(facts: &UncertainFacts, fact: Fact) -> String {
    fact_words_after(facts, fact, "one of: ")
}

/// One fact of a scenario in words: its value; several values after
/// `several` (`"one of: "`) and separated by semicolons; or "unknown" when
/// any value is possible.
pub fn fact_words_after(facts: &UncertainFacts, fact: Fact, several: &str) -> String {
    let values = facts.get(fact);
    if values == Values::all(fact) {
        return "unknown".to_string();
    }
    if let Some(v) = values.single() {
        return fact.value_label(v).to_string();
    }
    let words: Vec<&str> = values.iter().map(|v| fact.value_label(v)).collect();
    format!("{several}{}", words.join("; "))
}

/// Every fact of a scenario, its label and its possible values in words.
pub fn facts_list(facts: &UncertainFacts) -> Markup {
    html! {
        dl.params.facts {
            @for fact in Fact::ALL {
                @let w = facts.written(fact);
                dt { (fact.label()) }
                dd data-fact=(fact.name()) {
                    (fact_words(facts, fact))
                    " " code.small.muted { (fact.name()) " = " (w) }
                }
            }
        }
    }
}

/// The phrase that ends an outcome: "if …" with its conditions, or "in
/// every case".
pub fn when_words(o: &Conditional) -> String {
    if o.when.iter().all(|c| c.is_empty()) {
        "in every case".to_string()
    } else {
        format!("if {}", explain::conditions_words(&o.when))
    }
}

/// The outcomes of a reading, one item each with its conditions.
fn outcomes_list(outcomes: &[Conditional]) -> Markup {
    html! {
        ul.outcomes {
            @for o in outcomes {
                li data-outcome=(o.status.as_str()) {
                    (status_badge(o.status))
                    @if o.countermeasures { " (countermeasures open)" }
                    " " (when_words(o))
                }
            }
        }
    }
}

/// What a change of one known fact would do to a reading (spec 4.2).
fn changes(decisive: &[Change], open: bool) -> Markup {
    html! {
        details.changes open[open] {
            summary.small { "What would change it (" (decisive.len()) ")" }
            @if decisive.is_empty() {
                p.small.muted { "No change of one known fact alone would change it." }
            } @else {
                ul.small {
                    @for c in decisive {
                        @let outs: Vec<String> = c.outcomes.iter().map(|o| explain::outcome_words(o.status, o.countermeasures)).collect();
                        li data-fact=(c.fact.name()) {
                            "would change if " (explain::clause(c.fact, Values::one(c.value.1))) ": "
                            (outs.join(" or "))
                            @if outs.len() > 1 { ", depending on the open facts" }
                        }
                    }
                }
            }
        }
    }
}

/// The trace of a reading: obligation by obligation, each element checked
/// with its mark (met, not met, or depends on the open facts), its reason
/// and its authorities.
fn trace(kb: &KnowledgeBase, style: CitationStyle, p: &Profile, r: &Assessment) -> Markup {
    let mut groups: Vec<(&str, Vec<&TraceEntry>)> = Vec::new();
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
                @if let Some(st) = status { "→ " (verdict_badge(st)) }
            }
            ol.trace {
                @for e in entries {
                    @match e.satisfied {
                        Some(true) => li.ok { span.offscreen { "Met: " } (entry(kb, style, e)) },
                        Some(false) if e.element == Element::Measures => li.breached {
                            span.offscreen { "Duty not fulfilled: " } (entry(kb, style, e))
                        },
                        Some(false) => li.fail { span.offscreen { "Not met: " } (entry(kb, style, e)) },
                        None => li.depends {
                            span.offscreen { "Depends on the open facts: " }
                            (entry(kb, style, e))
                            @let names: Vec<&str> = e.depends_on.iter().map(|f| f.label()).collect();
                            div.depends-on { "depends on: " (names.join(", ")) }
                        },
                    }
                }
            }
        }
    }
}

/// One element of a trace: what it asks, its reason, whether the
/// parameters it tests are stated by the sources or inferred, and its
/// citations.
fn entry(kb: &KnowledgeBase, style: CitationStyle, e: &TraceEntry) -> Markup {
    html! {
        strong { (e.element.label()) } ": " (e.reason)
        @match e.provenance {
            Some(Provenance::Inferred) => {
                " " span.prov.inferred data-provenance="inferred" { "rests on inference" }
                ul.cites.inferences {
                    @for t in e.parameters.iter().filter(|t| t.provenance == Provenance::Inferred) {
                        li {
                            (t.parameter.label()) ": " (t.value.words(t.parameter)) " — "
                            (t.by.unwrap_or(InferredBy::Editors).words())
                            @if let Some(c) = &t.imputed_by { " (" (citation_in(kb, c, style)) ")" }
                            @if let Some(r) = &t.reason { ": " (r) }
                        }
                    }
                }
            }
            Some(Provenance::Explicit) => { " " span.prov data-provenance="explicit" { "stated by the source" } }
            None => {}
        }
        @if !e.citations.is_empty() {
            ul.cites { @for c in &e.citations { li { (citation_in(kb, c, style)) } } }
        }
    }
}

/// What a result rests on, shown on its row: the sources alone, or the
/// inferred parameters on its deciding path, each with whose inference it
/// is.
fn rests_on(kb: &KnowledgeBase, style: CitationStyle, r: &Assessment, open: bool) -> Markup {
    let word = inference::rests_on_words(&r.rests_on_inference);
    html! {
        @if r.rests_on_inference.is_empty() {
            p.small.rests data-rests-on="sources" { "Rests on what the sources state." }
        } @else {
            details.small.rests open[open] data-rests-on=(word) {
                summary {
                    @if word == "imputation" { "Rests on a commentator's imputation, not the text's own words" }
                    @else { "Rests on the editors' inference, not the text's own words" }
                    " (" (r.rests_on_inference.len()) ")"
                }
                ul {
                    @for i in &r.rests_on_inference {
                        li {
                            (inference::inference_words(i))
                            @if let Some(c) = &i.parameter.imputed_by { " — imputed by " (citation_in(kb, c, style)) }
                        }
                    }
                }
            }
        }
    }
}

/// The conditions of countermeasures under the law of State
/// responsibility, for a result that opens them.
fn countermeasure_conditions(
    kb: &KnowledgeBase,
    style: CitationStyle,
    r: &Assessment,
    open: bool,
) -> Markup {
    html! {
        @if !r.countermeasure_conditions.is_empty() {
            details.small.conditions open[open] {
                summary { "Countermeasures only on conditions" }
                p { "Under " (citation_in(kb, &diligence_core::countermeasures::citation(), style)) ":" }
                ul {
                    @for c in r.countermeasure_conditions {
                        li { strong { (c.condition) } " (" (c.pinpoint) "): " (c.requirement) }
                    }
                }
            }
        }
    }
}

/// One row of the results table.
fn row(kb: &KnowledgeBase, p: &Profile, r: &Assessment, open: bool) -> Markup {
    let several = r.outcomes.as_ref().filter(|o| o.len() > 1);
    let partial = r.outcomes.is_some();
    html! {
        tr data-profile=(p.id) {
            td { a href={"/profiles/" (p.id)} { (p.label()) } }
            td data-status=(r.status.as_str()) {
                (verdict_badge(r.status))
                @if r.countermeasures { br; span.cm { "countermeasures open, on conditions" } }
                br; span.prov data-rests-on=(inference::rests_on_words(&r.rests_on_inference)) {
                    "rests on " (inference::rests_on_words(&r.rests_on_inference))
                }
            }
            td {
                @match several {
                    Some(outcomes) => (outcomes_list(outcomes)),
                    None => (r.summary()),
                }
                (rests_on(kb, CitationStyle::Oscola, r, open))
                (countermeasure_conditions(kb, CitationStyle::Oscola, r, open))
                @if let Some(d) = &r.decisive { (changes(d, open)) }
                details.trace open[open] {
                    summary.small {
                        @if partial { "Trace: the elements checked, up to what depends on the open facts" }
                        @else { "Trace: every element checked" }
                    }
                    (trace(kb, CitationStyle::Oscola, p, r))
                }
            }
        }
    }
}

/// One reading's result and trace on its own, as the memo shows a reading
/// picked: its status, its outcomes with their conditions, what it rests
/// on, the conditions of countermeasures, then every element checked.
pub fn reading_trace(kb: &KnowledgeBase, p: &Profile, r: &Assessment) -> Markup {
    reading_trace_in(kb, CitationStyle::Oscola, p, r)
}

/// [`reading_trace`] with its citations in a style.
pub fn reading_trace_in(
    kb: &KnowledgeBase,
    style: CitationStyle,
    p: &Profile,
    r: &Assessment,
) -> Markup {
    let several = r.outcomes.as_ref().filter(|o| o.len() > 1);
    html! {
        p.memo-status data-status=(r.status.as_str()) {
            (verdict_badge(r.status))
            @if r.countermeasures { " " span.cm { "countermeasures open, on conditions" } }
        }
        @match several {
            Some(outcomes) => (outcomes_list(outcomes)),
            None => p { (r.summary()) },
        }
        (rests_on(kb, style, r, true))
        (countermeasure_conditions(kb, style, r, true))
        div.trace { (trace(kb, style, p, r)) }
    }
}

/// The one-line count of the results: readings determined and not, and
/// breaches.
fn summary_line(results: &[(&Profile, Assessment)], uncertain: bool) -> Markup {
    let total = results.len();
    let determined: Vec<&Assessment> = results
        .iter()
        .map(|(_, r)| r)
        .filter(|r| !r.is_undetermined())
        .collect();
    let open = total - determined.len();
    let breach = determined
        .iter()
        .filter(|r| r.status == Status::Breach)
        .count();
    let cm = determined.iter().filter(|r| r.countermeasures).count();
    let could_breach = results
        .iter()
        .filter(|(_, r)| r.is_undetermined())
        .filter(|(_, r)| {
            r.outcomes
                .iter()
                .flatten()
                .any(|o| o.status == Status::Breach)
        })
        .count();
    html! {
        p.small #summary data-determined=(determined.len()) data-open=(open) {
            @if uncertain {
                (total) " readings: " strong { (determined.len()) " determined" }
                " (" (breach) " find a breach), "
                strong { (open) } " depend on the open facts"
                @if could_breach > 0 { " (" (could_breach) " of them could find a breach)" }
                "."
            } @else {
                (total) " readings, all determined: " strong { (breach) } " find a breach, "
                (cm) " of them opening countermeasures."
            }
        }
    }
}

/// The results of every reading on `facts`: the summary line, then one
/// table with the determined readings first and those that depend on the
/// open facts after, each with what would change it and its trace (open
/// when `open`).
pub fn results_markup(kb: &KnowledgeBase, facts: &UncertainFacts, open: bool) -> Markup {
    let report = assess_every(kb, facts, true);
    let results: Vec<(&Profile, Assessment)> = kb.profiles.iter().zip(report.results).collect();
    let (settled, pending): (Vec<_>, Vec<_>) =
        results.iter().partition(|(_, r)| !r.is_undetermined());
    let uncertain = !facts.is_definite();
    html! {
        (summary_line(&results, uncertain))
        @if let Some(q) = report.questions.as_ref().and_then(|q| q.first()).filter(|_| !pending.is_empty()) {
            p.small #next-question {
                "The open fact that settles the most readings: " strong { (q.fact.label()) }
                " (once it is known, at most " (q.undetermined_after) " readings stay undetermined)."
            }
        }
        div.scroll role="region" aria-label="The result of every reading" tabindex="0" { table #results-table {
            thead { tr { th scope="col" { "Profile" } th scope="col" { "Status" } th scope="col" { "Why" } } }
            tbody #determined {
                tr.group { th colspan="3" scope="rowgroup" { "Determined (" (settled.len()) ")" } }
                @for (p, r) in &settled { (row(kb, p, r, open)) }
            }
            @if !pending.is_empty() {
                tbody #undetermined {
                    tr.group { th colspan="3" scope="rowgroup" { "Depend on the open facts (" (pending.len()) ")" } }
                    @for (p, r) in &pending { (row(kb, p, r, open)) }
                }
            }
        } }
    }
}

/// The open questions of an uncertain scenario, the most useful first.
pub fn questions_markup(questions: &[Question], total: usize) -> Markup {
    html! {
        @if questions.is_empty() {
            p.small.muted { "No fact is open: every fact has one value." }
        } @else {
            ol #questions {
                @for q in questions {
                    li data-fact=(q.fact.name()) {
                        strong { (q.fact.label()) }
                        span.small.muted { " — known, it leaves at most " (q.undetermined_after) " of " (total)
                            " readings undetermined; it matters to " (q.relevant) " of them." }
                        br;
                        span.small { (q.fact.help()) }
                    }
                }
            }
        }
    }
}
