//! Uncertain scenarios (spec sections 4.1 to 4.3). A profile's outcomes are
//! computed as *regions*: disjoint cubes of the fact space, each with the
//! outcome (status, countermeasures) the profile reaches there, built from
//! the same requirements that decide a definite situation
//! ([`crate::evaluate::steps`]). From the regions within a scenario come its
//! outcomes with their exact conditions, the partial trace, the decisive
//! facts and the questions that would settle the assessment soonest.

use crate::cover::prime_cover;
use crate::evaluate::{assess, status_of, steps, Assessment, ObligationOutcome};
use crate::explain;
use crate::facts::Fact;
use crate::inference::tested_over;
use crate::obligation::Obligation;
use crate::profile::Profile;
use crate::status::{Status, Verdict};
use crate::trace::TraceEntry;
use crate::uncertain::{UncertainFacts, Values, WrittenValue};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::cmp::Ordering;

/// What a profile decides on one situation: a status, and whether
/// countermeasures are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Outcome {
    /// The status.
    pub status: Status,
    /// Whether a breach opens countermeasures.
    pub countermeasures: bool,
}

impl Outcome {
    /// The outcome of a definite situation.
    pub fn of(profile: &Profile, facts: &crate::Facts) -> Outcome {
        let (status, countermeasures) = status_of(profile, facts);
        Outcome {
            status,
            countermeasures,
        }
    }
}

/// The order of section 4.1: by status precedence, then countermeasures
/// open before closed.
impl Ord for Outcome {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.status, !self.countermeasures).cmp(&(other.status, !other.countermeasures))
    }
}

impl PartialOrd for Outcome {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A condition of section 4.1: some of the scenario's uncertain facts, each
/// with some, not all, of its possible values, in the spec's order. An
/// empty condition holds in every completion.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The facts named, with their values.
    pub facts: Vec<(Fact, Values)>,
}

impl Condition {
    /// The condition that stands for `cube` within `scenario`: the facts on
    /// which the cube allows fewer values than the scenario.
    pub fn of(cube: &UncertainFacts, scenario: &UncertainFacts) -> Condition {
        Condition {
            facts: Fact::ALL
                .into_iter()
                .filter(|&f| cube.get(f) != scenario.get(f))
                .map(|f| (f, cube.get(f)))
                .collect(),
        }
    }

    /// The set of completions of `scenario` that meet the condition.
    pub fn within(&self, scenario: &UncertainFacts) -> UncertainFacts {
        self.facts
            .iter()
            .fold(*scenario, |c, (f, v)| c.with(*f, *v))
    }

    /// Whether the condition names no fact (it holds in every completion).
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct List(Fact, Values);
        impl Serialize for List {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.1.iter().map(|v| WrittenValue(self.0, v)))
            }
        }
        let mut map = s.serialize_map(Some(self.facts.len()))?;
        for (f, v) in &self.facts {
            map.serialize_entry(f.name(), &List(*f, *v))?;
        }
        map.end()
    }
}

/// An outcome of an uncertain scenario, with the conditions under which it
/// holds (a disjunction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conditional {
    /// The status.
    pub status: Status,
    /// Whether a breach opens countermeasures.
    pub countermeasures: bool,
    /// When it holds: in any completion that meets one of these.
    pub when: Vec<Condition>,
}

impl Conditional {
    /// The outcome, without its conditions.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            status: self.status,
            countermeasures: self.countermeasures,
        }
    }
}

/// What changing one known fact to another value would do (section 4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The fact.
    pub fact: Fact,
    /// The other value.
    pub value: WrittenValue,
    /// The outcomes of the scenario so changed, in the order of 4.1.
    pub outcomes: Vec<Outcome>,
}

/// One open question of an uncertain scenario (section 4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The uncertain fact.
    pub fact: Fact,
    /// The most profiles still undetermined once the fact is known, over
    /// its possible values.
    pub undetermined_after: usize,
    /// The profiles whose outcome this fact alone can change.
    pub relevant: usize,
}

/// Where one obligation reaches each status: disjoint cubes that together
/// hold `within`.
fn obligation_regions(ob: &Obligation, within: &UncertainFacts) -> Vec<(UncertainFacts, Status)> {
    let (steps, met) = steps(ob);
    let mut out = Vec::new();
    let mut live = vec![*within];
    for step in steps {
        let mut next = Vec::with_capacity(live.len());
        for cube in &live {
            let (pass, fail) = step.requirement.split(cube);
            out.extend(fail.into_iter().map(|c| (c, step.fails_with)));
            next.extend(pass);
        }
        live = next;
    }
    out.extend(live.into_iter().map(|c| (c, met)));
    out
}

/// Where a profile reaches each outcome: disjoint cubes that together hold
/// a set of situations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regions {
    cells: Vec<(UncertainFacts, Outcome)>,
}

impl Regions {
    /// The regions of `profile` within `within` (spec section 3, applied to
    /// sets of situations): the product of its obligations' regions, each
    /// cell with the status of highest precedence.
    pub fn of(profile: &Profile, within: &UncertainFacts) -> Regions {
        let mut cells: Vec<(UncertainFacts, Status, bool)> =
            vec![(*within, Status::OutOfScope, false)];
        for ob in &profile.obligations {
            let parts = obligation_regions(ob, within);
            let opens = ob.countermeasures.value;
            let mut next = Vec::with_capacity(cells.len() * parts.len());
            for (c, st, cm) in &cells {
                for (d, s) in &parts {
                    if let Some(x) = c.intersection(d) {
                        let breach = *s == Status::Breach && opens;
                        next.push((x, st.precedence(*s), *cm || breach));
                    }
                }
            }
            cells = next;
        }
        Regions {
            cells: cells
                .into_iter()
                .map(|(c, status, cm)| {
                    let countermeasures = cm && status == Status::Breach;
                    (
                        c,
                        Outcome {
                            status,
                            countermeasures,
                        },
                    )
                })
                .collect(),
        }
    }

    /// The regions within `scenario` only.
    pub fn restrict(&self, scenario: &UncertainFacts) -> Regions {
        Regions {
            cells: self
                .cells
                .iter()
                .filter_map(|(c, o)| c.intersection(scenario).map(|x| (x, *o)))
                .collect(),
        }
    }

    /// The cells: disjoint cubes, each with its outcome.
    pub fn cells(&self) -> &[(UncertainFacts, Outcome)] {
        &self.cells
    }

    /// The distinct outcomes of the situations of `within`, in the order of
    /// section 4.1.
    pub fn outcomes_in(&self, within: &UncertainFacts) -> Vec<Outcome> {
        let mut out: Vec<Outcome> = self
            .cells
            .iter()
            .filter(|(c, _)| c.meets(within))
            .map(|(_, o)| *o)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether the statuses (not only the countermeasures) of the
    /// situations of `within` differ.
    fn undetermined_in(&self, within: &UncertainFacts) -> bool {
        let mut statuses = self
            .cells
            .iter()
            .filter(|(c, _)| c.meets(within))
            .map(|(_, o)| o.status);
        match statuses.next() {
            Some(first) => statuses.any(|s| s != first),
            None => false,
        }
    }

    /// The outcomes of the regions' situations, each with a prime,
    /// irredundant cover of the situations that give it, as conditions
    /// within `scenario` (which the regions must fill).
    pub fn conditions(&self, scenario: &UncertainFacts) -> Vec<Conditional> {
        let outcomes = self.outcomes_in(scenario);
        outcomes
            .iter()
            .map(|o| {
                let pick = |same: bool| -> Vec<UncertainFacts> {
                    self.cells
                        .iter()
                        .filter(|(_, x)| (x == o) == same)
                        .map(|(c, _)| *c)
                        .collect()
                };
                let (on, off) = (pick(true), pick(false));
                Conditional {
                    status: o.status,
                    countermeasures: o.countermeasures,
                    when: prime_cover(&on, &off, scenario)
                        .iter()
                        .map(|c| Condition::of(c, scenario))
                        .collect(),
                }
            })
            .collect()
    }

    /// For each fact, whether two situations of the regions that differ in
    /// that fact alone have different outcomes.
    pub fn relevant_facts(&self) -> [bool; Fact::COUNT] {
        let mut relevant = [false; Fact::COUNT];
        for (i, (a, x)) in self.cells.iter().enumerate() {
            for (b, y) in &self.cells[i + 1..] {
                if x == y {
                    continue;
                }
                if let Some(f) = sole_difference(a, b) {
                    relevant[f.index()] = true;
                }
            }
        }
        relevant
    }
}

/// The one fact on which two disjoint cubes share no value, when they
/// share values on every other fact: then some two situations, one in each,
/// differ in that fact alone.
fn sole_difference(a: &UncertainFacts, b: &UncertainFacts) -> Option<Fact> {
    let mut apart = Fact::ALL
        .into_iter()
        .filter(|f| a.get(*f).intersection(b.get(*f)).is_empty());
    let first = apart.next()?;
    apart.next().is_none().then_some(first)
}

/// The assessment of every profile on a scenario, and for an uncertain
/// scenario the questions that would settle it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessments {
    /// One result per profile, in the order given.
    pub results: Vec<Assessment>,
    /// The open questions, most useful first (uncertain scenarios only).
    pub questions: Option<Vec<Question>>,
}

/// Assesses `profiles` on a scenario: on a definite one, the v1 results; on
/// an uncertain one, with outcomes, conditions, partial traces and
/// questions; with the decisive facts of section 4.2 when `decisive`.
pub fn assess_all(profiles: &[&Profile], facts: &UncertainFacts, decisive: bool) -> Assessments {
    if let Some(f) = facts.as_definite() {
        let results = profiles
            .iter()
            .map(|p| {
                let mut a = assess(p, &f);
                if decisive {
                    let own = vec![Outcome::of(p, &f)];
                    a.decisive = Some(changes(facts, &own, |q| {
                        q.as_definite()
                            .map(|g| vec![Outcome::of(p, &g)])
                            .unwrap_or_default()
                    }));
                }
                a
            })
            .collect();
        return Assessments {
            results,
            questions: None,
        };
    }
    let within: Vec<Regions> = profiles.iter().map(|p| Regions::of(p, facts)).collect();
    let results = profiles
        .iter()
        .zip(&within)
        .map(|(p, here)| {
            let mut a = assess_uncertain(p, facts, here);
            if decisive {
                // A changed known fact leaves the scenario: its outcomes
                // come from the regions of the whole fact space.
                let all = Regions::of(p, &UncertainFacts::everything());
                let own = here.outcomes_in(facts);
                a.decisive = Some(changes(facts, &own, |q| all.outcomes_in(q)));
            }
            a
        })
        .collect();
    Assessments {
        results,
        questions: Some(questions(facts, &within)),
    }
}

/// One profile on an uncertain scenario, from its regions within it.
fn assess_uncertain(profile: &Profile, facts: &UncertainFacts, regions: &Regions) -> Assessment {
    let outcomes = regions.conditions(facts);
    let first = outcomes.first().map(|o| o.status);
    let status = match first {
        Some(s) if outcomes.iter().all(|o| o.status == s) => Verdict::Determined(s),
        Some(_) => Verdict::Undetermined,
        None => Verdict::Determined(Status::OutOfScope),
    };
    let (trace, obligations) = partial_trace(profile, facts);
    let why = (outcomes.len() == 1).then(|| reasons(profile, regions));
    let rests_on_inference = crate::evaluate::rests_on_inference(status, &trace, &obligations);
    let countermeasures = !outcomes.is_empty() && outcomes.iter().all(|o| o.countermeasures);
    Assessment {
        profile: profile.id.clone(),
        status,
        countermeasures,
        countermeasure_conditions: crate::evaluate::conditions_if(countermeasures),
        outcomes: Some(outcomes),
        decisive: None,
        trace,
        obligations,
        rests_on_inference,
        why,
    }
}

/// Why a profile decides alike wherever it does: the one-line reason of a
/// situation in each region, each distinct reason once, in region order.
fn reasons(profile: &Profile, regions: &Regions) -> String {
    let mut out: Vec<String> = Vec::new();
    for (cube, _) in regions.cells() {
        let r = assess(profile, &cube.first()).summary();
        if !out.contains(&r) {
            out.push(r);
        }
    }
    match out.as_slice() {
        [one] => one.clone(),
        _ => format!(
            "in every case, for one of these reasons: {}",
            out.join("; ")
        ),
    }
}

/// Section 4.2: for each known fact, in the spec's order, and each other
/// value, the outcomes of the scenario with that one fact changed, where
/// they differ from `own`.
fn changes(
    facts: &UncertainFacts,
    own: &[Outcome],
    outcomes_of: impl Fn(&UncertainFacts) -> Vec<Outcome>,
) -> Vec<Change> {
    let mut out = Vec::new();
    for fact in Fact::ALL {
        let Some(current) = facts.get(fact).single() else {
            continue;
        };
        for value in (0..fact.arity()).filter(|v| *v != current) {
            let outcomes = outcomes_of(&facts.with(fact, Values::one(value)));
            if outcomes != own {
                out.push(Change {
                    fact,
                    value: WrittenValue(fact, value),
                    outcomes,
                });
            }
        }
    }
    out
}

/// Section 4.3: one question per uncertain fact, the most useful first.
fn questions(facts: &UncertainFacts, regions: &[Regions]) -> Vec<Question> {
    let relevant: Vec<[bool; Fact::COUNT]> = regions.iter().map(Regions::relevant_facts).collect();
    let mut out: Vec<Question> = facts
        .uncertain()
        .map(|fact| {
            let undetermined_after = facts
                .get(fact)
                .iter()
                .map(|v| {
                    let answered = facts.with(fact, Values::one(v));
                    regions
                        .iter()
                        .filter(|r| r.undetermined_in(&answered))
                        .count()
                })
                .max()
                .unwrap_or(0);
            Question {
                fact,
                undetermined_after,
                relevant: relevant.iter().filter(|r| r[fact.index()]).count(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.undetermined_after
            .cmp(&b.undetermined_after)
            .then(b.relevant.cmp(&a.relevant))
            .then(a.fact.cmp(&b.fact))
    });
    out
}

/// The trace of section 4.1 for an uncertain scenario: for each obligation,
/// the elements up to the first that is not satisfied in every completion,
/// that one `false` when it fails in every completion and `null` (with the
/// facts it depends on) when it depends on the uncertain facts.
fn partial_trace(
    profile: &Profile,
    facts: &UncertainFacts,
) -> (Vec<TraceEntry>, Vec<ObligationOutcome>) {
    let mut trace = Vec::new();
    let mut obligations = Vec::with_capacity(profile.obligations.len());
    for ob in &profile.obligations {
        let (steps, _) = steps(ob);
        for step in steps {
            let (met, unmet) = step.requirement.split(facts);
            let element = step.element;
            let relevant = step.requirement.facts();
            if unmet.is_empty() || met.is_empty() {
                let satisfied = unmet.is_empty();
                trace.push(
                    TraceEntry::new(
                        &ob.id,
                        element,
                        Some(satisfied),
                        explain::reason_over(ob, element, satisfied, facts, relevant),
                        explain::citations_over(profile, ob, element, facts, relevant),
                    )
                    .testing(ob, &tested_over(ob, element, facts, relevant)),
                );
                if satisfied {
                    continue;
                }
                break;
            }
            let mut entry = TraceEntry::new(
                &ob.id,
                element,
                None,
                format!(
                    "satisfied if {}; not if {}",
                    explain::conditions_words(&cover_words(&met, &unmet, facts)),
                    explain::conditions_words(&cover_words(&unmet, &met, facts)),
                ),
                explain::citations_over(profile, ob, element, facts, relevant),
            )
            .testing(ob, &tested_over(ob, element, facts, relevant));
            entry.depends_on = relevant
                .iter()
                .copied()
                .filter(|f| {
                    met.iter()
                        .any(|m| unmet.iter().any(|u| sole_difference(m, u) == Some(*f)))
                })
                .collect();
            trace.push(entry);
            break;
        }
        let regions = obligation_regions(ob, facts);
        let first = regions.first().map(|(_, s)| *s);
        let status = match first {
            Some(s) if regions.iter().all(|(_, t)| *t == s) => Verdict::Determined(s),
            Some(_) => Verdict::Undetermined,
            None => Verdict::Determined(Status::OutOfScope),
        };
        obligations.push(ObligationOutcome {
            obligation: ob.id.clone(),
            status,
        });
    }
    if profile.obligations.is_empty() {
        trace.push(explain::no_obligation(profile));
    }
    (trace, obligations)
}

/// The conditions of the situations `on` within `facts`, against `off`.
fn cover_words(
    on: &[UncertainFacts],
    off: &[UncertainFacts],
    facts: &UncertainFacts,
) -> Vec<Condition> {
    prime_cover(on, off, facts)
        .iter()
        .map(|c| Condition::of(c, facts))
        .collect()
}

/// The status of a profile on a scenario, without trace or conditions:
/// `undetermined` when the completions disagree.
pub fn verdict_of(profile: &Profile, facts: &UncertainFacts) -> Verdict {
    if let Some(f) = facts.as_definite() {
        return Verdict::Determined(status_of(profile, &f).0);
    }
    let regions = Regions::of(profile, facts);
    if regions.undetermined_in(facts) {
        Verdict::Undetermined
    } else {
        regions
            .cells()
            .first()
            .map_or(Verdict::Determined(Status::OutOfScope), |(_, o)| {
                Verdict::Determined(o.status)
            })
    }
}
