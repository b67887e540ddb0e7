//! The memo a lawyer can file, as plain data built once from a scenario:
//! the facts in plain words with the user's names for the States, the
//! narrative, the summary of every reading grouped by outcome (and, where
//! facts are open, by the condition under which each outcome holds), the
//! caveats, the open questions, and the traces of the readings picked. The
//! printable report (HTML) and the Word export both render it.

use crate::facts::StateNames;
use diligence_core::explain;
use diligence_core::facts::Fact;
use diligence_core::inference::{self, InferredBy};
use diligence_core::outcome::{assess_all, Assessments};
use diligence_core::uncertain::Values;
use diligence_core::{Assessment, Element, Profile, Provenance, UncertainFacts};
use diligence_kb::words;
use diligence_kb::{CitationStyle, KnowledgeBase, Scenario};

/// The memo of one scenario.
#[derive(Debug, Clone)]
pub struct Memo {
    /// The scenario's title.
    pub title: String,
    /// The date of the assessment, in words ("3 December 2026").
    pub date: String,
    /// How many readings were assessed.
    pub readings: usize,
    /// The user's names for the States: ("Territorial State", name).
    pub parties: Vec<(&'static str, String)>,
    /// The narrative, in the user's words.
    pub narrative: Option<String>,
    /// Every fact in a sentence, with the user's names.
    pub facts: Vec<(Fact, String)>,
    /// Whether some fact is open.
    pub uncertain: bool,
    /// The readings grouped by outcome.
    pub summary: Vec<OutcomeGroup>,
    /// What the results rest on beyond the sources' words.
    pub caveats: Vec<String>,
    /// The open facts, the most telling first, in words.
    pub questions: Vec<String>,
    /// The traces of the readings picked, in the knowledge base's order.
    pub traces: Vec<TraceSection>,
}

/// Readings, each by its id and its name.
pub type Readings = Vec<(String, String)>;

/// One outcome of the summary and the readings that reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeGroup {
    /// The outcome's status (its wire name).
    pub status: &'static str,
    /// The outcome in words ("breach, opening countermeasures on
    /// conditions").
    pub heading: String,
    /// How many readings reach it (in some case at least).
    pub readings: usize,
    /// The readings (id, name) by condition: `None` for those that reach
    /// it in every case.
    pub by_condition: Vec<(Option<String>, Readings)>,
}

/// The trace of one reading, in words.
#[derive(Debug, Clone)]
pub struct TraceSection {
    /// The reading's id.
    pub profile: String,
    /// Its name.
    pub label: String,
    /// Its result in words, with its outcomes and their conditions.
    pub result: String,
    /// What it rests on beyond the sources' words.
    pub rests_on: Vec<String>,
    /// Obligation by obligation: its title and verdict, then its steps.
    pub obligations: Vec<(String, Vec<TraceStep>)>,
}

/// One element checked.
#[derive(Debug, Clone)]
pub struct TraceStep {
    /// "Met", "Not met", "Duty not fulfilled" or "Depends on the open
    /// facts".
    pub mark: &'static str,
    /// The element's label.
    pub element: String,
    /// The reason, in words.
    pub reason: String,
    /// The inferred parameters it tests, in words.
    pub inferred: Vec<String>,
    /// Its citations, rendered in the memo's style (in OSCOLA, case names
    /// and book titles in italics).
    pub citations: Vec<diligence_kb::Styled>,
}

/// Today's date in words ("3 December 2026").
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{} {} {}", d.day(), d.month(), d.year())
}

/// Puts the user's names into a sentence of the engine's: "the State"
/// (the territorial State, in the engine's words) and "the territorial
/// State" become "the territorial State (Ruritania)", "the victim State"
/// becomes "the victim State (Freedonia)", possessives alike.
pub fn with_names(text: &str, names: &StateNames) -> String {
    let t = names.territorial.as_deref();
    let v = names.affected.as_deref();
    // Longest first, so that a possessive is not read as the bare phrase.
    let patterns: [(&str, &str, Option<&str>, bool); 6] = [
        ("the victim State's", "the victim State", v, true),
        ("the victim State", "the victim State", v, false),
        ("the territorial State's", "the territorial State", t, true),
        ("the territorial State", "the territorial State", t, false),
        ("the State's", "the territorial State", t, true),
        ("the State", "the territorial State", t, false),
    ];
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for (pattern, role, name, possessive) in patterns {
            let (Some(name), Some(after)) = (name, rest.strip_prefix(pattern)) else {
                continue;
            };
            if after.starts_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            if possessive {
                out.push_str(&format!("{role}'s ({name}'s)"));
            } else {
                out.push_str(&format!("{role} ({name})"));
            }
            rest = after;
            continue 'scan;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// One fact in a sentence: its clause ("The territorial State was notified
/// or actually knew."), or that it is not known.
pub fn fact_sentence(facts: &UncertainFacts, fact: Fact, names: &StateNames) -> String {
    let values = facts.get(fact);
    if values == Values::all(fact) {
        let label = fact.label().trim_end_matches('?');
        let mut chars = label.chars();
        let what: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        format!("Not known: {}.", with_names(&what, names))
    } else {
        format!(
            "{}.",
            words::capitalised(&with_names(&explain::clause(fact, values), names))
        )
    }
}

/// The outcome of a result in words, for a summary heading.
fn outcome_heading(status: diligence_core::Status, countermeasures: bool) -> String {
    if countermeasures {
        format!("{}, opening countermeasures on conditions", status.label())
    } else {
        status.label().to_string()
    }
}

/// The readings grouped by outcome: a determined reading under its status;
/// a reading that depends on the open facts under each of its outcomes,
/// with the condition in words. Outcomes in the order they first appear.
pub fn summary(kb: &KnowledgeBase, report: &Assessments) -> Vec<OutcomeGroup> {
    let mut groups: Vec<OutcomeGroup> = Vec::new();
    let mut add = |status: diligence_core::Status, cm: bool, when: Option<String>, p: &Profile| {
        let name = (p.id.clone(), p.label());
        let heading = outcome_heading(status, cm);
        let i = match groups.iter().position(|g| g.heading == heading) {
            Some(i) => i,
            None => {
                groups.push(OutcomeGroup {
                    status: status.as_str(),
                    heading,
                    readings: 0,
                    by_condition: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        g.readings += 1;
        match g.by_condition.iter_mut().find(|(w, _)| *w == when) {
            Some((_, names)) => names.push(name),
            None => g.by_condition.push((when, vec![name])),
        }
    };
    for (p, r) in kb.profiles.iter().zip(&report.results) {
        match (r.status.status(), &r.outcomes) {
            (Some(status), _) => add(status, r.countermeasures, None, p),
            (None, Some(outcomes)) => {
                for o in outcomes {
                    let when = if o.when.iter().all(|c| c.is_empty()) {
                        "in every case".to_string()
                    } else {
                        format!("if {}", explain::conditions_words(&o.when))
                    };
                    add(o.status, o.countermeasures, Some(when), p);
                }
            }
            (None, None) => {}
        }
    }
    // Within an outcome, the readings that reach it in every case first.
    for g in &mut groups {
        g.by_condition.sort_by_key(|(w, _)| w.is_some());
    }
    groups
}

/// The caveats: the results that rest on a commentator's imputation or on
/// the editors' inference rather than on their sources' words.
fn caveats(kb: &KnowledgeBase, report: &Assessments, picked: bool) -> Vec<String> {
    let mut imputed: Vec<String> = Vec::new();
    let mut inferred: Vec<String> = Vec::new();
    for (p, r) in kb.profiles.iter().zip(&report.results) {
        match inference::rests_on_words(&r.rests_on_inference) {
            "imputation" => imputed.push(p.label()),
            "editors' inference" => inferred.push(p.label()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if !imputed.is_empty() {
        out.push(format!(
            "Rest on a commentator's imputation, not the text's own words ({}): {}.",
            imputed.len(),
            imputed.join(", ")
        ));
    }
    if !inferred.is_empty() {
        out.push(format!(
            "Rest on the editors' inference ({}): {}.",
            inferred.len(),
            inferred.join(", ")
        ));
    }
    out.push(if picked {
        "The trace of each reading picked below says which step rests on what, with pinpoint citations.".to_string()
    } else {
        "Pick readings to add their traces: each says which step rests on what, with pinpoint citations.".to_string()
    });
    out
}

/// The names of readings, joined.
pub fn names(readings: &[(String, String)]) -> String {
    readings
        .iter()
        .map(|(_, name)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The result of a reading in words: its status, or each outcome with its
/// conditions.
fn result_words(r: &Assessment) -> String {
    match r.outcomes.as_ref().filter(|o| o.len() > 1) {
        Some(outcomes) => format!(
            "Depends on the open facts: {}.",
            explain::outcomes_words(outcomes)
        ),
        None => {
            let mut s = words::capitalised(r.status.label());
            if r.countermeasures {
                s.push_str(", opening countermeasures on conditions");
            }
            format!("{s}. {}", r.summary())
        }
    }
}

/// The trace of a reading in words.
fn trace_section(
    kb: &KnowledgeBase,
    style: CitationStyle,
    p: &Profile,
    r: &Assessment,
) -> TraceSection {
    let mut obligations: Vec<(String, Vec<TraceStep>)> = Vec::new();
    let mut current: Option<&str> = None;
    for e in &r.trace {
        if current != Some(e.obligation.as_str()) {
            current = Some(e.obligation.as_str());
            let title = p
                .obligations
                .iter()
                .find(|o| o.id == e.obligation)
                .map_or("No obligation", |o| o.title.as_str());
            let verdict = r
                .obligations
                .iter()
                .find(|o| o.obligation == e.obligation)
                .map(|o| format!(" → {}", o.status.label()))
                .unwrap_or_default();
            obligations.push((format!("{title}{verdict}"), Vec::new()));
        }
        let mark = match e.satisfied {
            Some(true) => "Met",
            Some(false) if e.element == Element::Measures => "Duty not fulfilled",
            Some(false) => "Not met",
            None => "Depends on the open facts",
        };
        let inferred = if e.provenance == Some(Provenance::Inferred) {
            e.parameters
                .iter()
                .filter(|t| t.provenance == Provenance::Inferred)
                .map(|t| {
                    let mut s = format!(
                        "{}: {} — {}",
                        t.parameter.label(),
                        t.value.words(t.parameter),
                        t.by.unwrap_or(InferredBy::Editors).words()
                    );
                    if let Some(c) = &t.imputed_by {
                        s.push_str(&format!(
                            " ({})",
                            diligence_report::render_citation_in(kb, c, style)
                        ));
                    }
                    if let Some(reason) = &t.reason {
                        s.push_str(&format!(": {reason}"));
                    }
                    s
                })
                .collect()
        } else {
            Vec::new()
        };
        let step = TraceStep {
            mark,
            element: e.element.label().to_string(),
            reason: e.reason.clone(),
            inferred,
            citations: e
                .citations
                .iter()
                .map(|c| diligence_report::render_citation_styled(kb, c, style))
                .collect(),
        };
        if let Some((_, steps)) = obligations.last_mut() {
            steps.push(step);
        }
    }
    TraceSection {
        profile: p.id.clone(),
        label: p.label(),
        result: result_words(r),
        rests_on: r
            .rests_on_inference
            .iter()
            .map(inference::inference_words)
            .collect(),
        obligations,
    }
}

/// The memo of a scenario: `traces` names the readings (by id) whose
/// traces it includes; ids that name no reading are left out.
/// The memo of a scenario, its citations in a style (OSCOLA unless the
/// short form is asked for).
pub fn memo(
    kb: &KnowledgeBase,
    sc: &Scenario,
    names: &StateNames,
    traces: &[String],
    style: CitationStyle,
) -> Memo {
    let all: Vec<&Profile> = kb.profiles.iter().collect();
    let report = assess_all(&all, &sc.facts, false);
    let parties = [
        ("Territorial State", &names.territorial),
        ("Affected State", &names.affected),
    ]
    .into_iter()
    .filter_map(|(role, n)| n.clone().map(|n| (role, n)))
    .collect();
    let picked: Vec<TraceSection> = kb
        .profiles
        .iter()
        .zip(&report.results)
        .filter(|(p, _)| traces.contains(&p.id))
        .map(|(p, r)| trace_section(kb, style, p, r))
        .collect();
    Memo {
        title: sc.title.clone(),
        date: today(),
        readings: kb.profiles.len(),
        parties,
        narrative: sc.notes.clone(),
        facts: Fact::ALL
            .iter()
            .map(|&f| (f, fact_sentence(&sc.facts, f, names)))
            .collect(),
        uncertain: !sc.facts.is_definite(),
        summary: summary(kb, &report),
        caveats: caveats(kb, &report, !picked.is_empty()),
        questions: report
            .questions
            .iter()
            .flatten()
            .map(|q| with_names(&format!("{}: {}", q.fact.label(), q.fact.help()), names))
            .collect(),
        traces: picked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> StateNames {
        StateNames {
            territorial: Some("Ruritania".into()),
            affected: Some("Freedonia".into()),
        }
    }

    #[test]
    fn names_go_where_the_states_are_named() {
        assert_eq!(
            with_names("the State actually knew", &names()),
            "the territorial State (Ruritania) actually knew"
        );
        assert_eq!(
            with_names(
                "the activity is contrary to the victim State's rights",
                &names()
            ),
            "the activity is contrary to the victim State's (Freedonia's) rights"
        );
        assert_eq!(
            with_names(
                "the activity is launched from the State's territory",
                &names()
            ),
            "the activity is launched from the territorial State's (Ruritania's) territory"
        );
        assert_eq!(
            with_names("the actor is the territorial State's own organs", &names()),
            "the actor is the territorial State's (Ruritania's) own organs"
        );
        // Without names, the words stay the engine's; "the Statesman" is
        // not a State.
        let none = StateNames::default();
        assert_eq!(with_names("the State knew", &none), "the State knew");
        assert_eq!(with_names("the Statesman", &names()), "the Statesman");
    }
}
