//! The evaluation of spec section 3: each obligation is checked element by
//! element (scope, then trigger, then conduct; the first that fails decides),
//! and a profile takes the highest-precedence status of its obligations.
//!
//! One function, [`evaluate_obligation`], holds the rules. It reports every
//! element it checks to a [`Recorder`]: [`assess`] records a full trace,
//! [`status_of`] records nothing and is what the fact-space analyses call.

use crate::explain;
use crate::facts::{Capacity, ConductBy, Fact, Facts, Measures, TerritorialLink, Timing};
use crate::obligation::Obligation;
use crate::profile::Profile;
use crate::status::{Status, Verdict};
use crate::trace::{Element, TraceEntry};
use crate::uncertain::{UncertainFacts, Values};
use serde::Serialize;

/// Receives each element as it is checked.
pub trait Recorder {
    /// `element` of `obligation` was checked and found `satisfied` or not.
    fn record(&mut self, obligation: &Obligation, element: Element, satisfied: bool);
}

/// A recorder that keeps nothing.
struct Silent;

impl Recorder for Silent {
    #[inline(always)]
    fn record(&mut self, _: &Obligation, _: Element, _: bool) {}
}

/// What one element of an obligation requires of the facts (spec section
/// 3). The same requirement decides a definite situation ([`Requirement::holds`])
/// and splits a set of situations ([`Requirement::split`]), so that the
/// assessment of uncertain scenarios cannot drift from the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// The fact has one of these values.
    OneOf(Fact, Values),
    /// One of the activity's timings is covered by the obligation's
    /// conduct: `timing` is in `covered`, or `continuing` is true and an
    /// ongoing activity is in `covered` (a continuing activity is also
    /// ongoing).
    Timings {
        /// The timings the conduct covers.
        covered: Values,
    },
}

const ONGOING: usize = Timing::Ongoing as usize;
const CONTINUING_TRUE: usize = 0;

impl Requirement {
    /// Whether the situation meets the requirement.
    #[inline]
    pub fn holds(self, f: &Facts) -> bool {
        match self {
            Requirement::OneOf(fact, values) => values.contains(f.get(fact)),
            Requirement::Timings { covered } => {
                covered.contains(f.timing.index()) || (f.continuing && covered.contains(ONGOING))
            }
        }
    }

    /// The facts the requirement looks at.
    pub fn facts(self) -> &'static [Fact] {
        match self {
            Requirement::OneOf(fact, _) => &Fact::ALL[fact.index()..=fact.index()],
            Requirement::Timings { .. } => &[Fact::Timing, Fact::Continuing],
        }
    }

    /// The situations of `cube` that meet the requirement and those that do
    /// not, each as disjoint cubes (none empty).
    pub fn split(self, cube: &UncertainFacts) -> (Vec<UncertainFacts>, Vec<UncertainFacts>) {
        let mut met = Vec::with_capacity(2);
        let mut unmet = Vec::with_capacity(1);
        let push = |into: &mut Vec<UncertainFacts>, c: UncertainFacts| {
            if !c.is_empty() {
                into.push(c);
            }
        };
        match self {
            Requirement::OneOf(fact, values) => {
                let own = cube.get(fact);
                push(&mut met, cube.with(fact, own.intersection(values)));
                push(&mut unmet, cube.with(fact, own.difference(values)));
            }
            Requirement::Timings { covered } => {
                let timing = cube.get(Fact::Timing);
                push(
                    &mut met,
                    cube.with(Fact::Timing, timing.intersection(covered)),
                );
                let rest = cube.with(Fact::Timing, timing.difference(covered));
                if covered.contains(ONGOING) {
                    let yes = Values::one(CONTINUING_TRUE);
                    let cont = cube.get(Fact::Continuing);
                    push(
                        &mut met,
                        rest.with(Fact::Continuing, cont.intersection(yes)),
                    );
                    push(
                        &mut unmet,
                        rest.with(Fact::Continuing, cont.difference(yes)),
                    );
                } else {
                    push(&mut unmet, rest);
                }
            }
        }
        (met, unmet)
    }
}

/// One element of an obligation: what it requires, and the status the
/// obligation takes when it is the first element that fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The element.
    pub element: Element,
    /// What it requires.
    pub requirement: Requirement,
    /// The obligation's status when this is the first element not met.
    pub fails_with: Status,
}

/// The elements of an obligation in the order of spec section 3 (scope,
/// trigger, conduct), and the status it takes when all are met.
pub fn steps(ob: &Obligation) -> ([Step; 9], Status) {
    let binding = ob.binding.value;
    let idx = |v: usize| Values::one(v);
    let mut link = idx(TerritorialLink::Originates.index());
    if ob.covers_transit.value {
        link = link.union(idx(TerritorialLink::Transits.index()));
    }
    if ob.covers_controlled_infrastructure.value {
        link = link.union(idx(TerritorialLink::ControlledInfrastructure.index()));
    }
    let from = |fact: Fact, least: usize| Values::of(least..fact.arity());
    let rights = if ob.requires_contrary_to_rights.value {
        Values::one(0)
    } else {
        Values::all(Fact::ContraryToRights)
    };
    let covered = Values::of(
        Timing::ALL
            .iter()
            .filter(|t| ob.conduct.value.covers(**t))
            .map(|t| t.index()),
    );
    let step = |element, requirement, fails_with| Step {
        element,
        requirement,
        fails_with,
    };
    use Requirement::OneOf;
    let steps = [
        step(
            Element::ConductBy,
            OneOf(
                Fact::ConductBy,
                Values::all(Fact::ConductBy).difference(idx(ConductBy::TerritorialState.index())),
            ),
            Status::OutOfScope,
        ),
        step(
            Element::TerritorialLink,
            OneOf(Fact::TerritorialLink, link),
            Status::OutOfScope,
        ),
        step(
            Element::Domain,
            OneOf(
                Fact::Domain,
                Values::of(ob.domains.value.iter().map(|d| d.index())),
            ),
            Status::OutOfScope,
        ),
        step(
            Element::ContraryToRights,
            OneOf(Fact::ContraryToRights, rights),
            Status::NotTriggered,
        ),
        step(
            Element::Harm,
            OneOf(
                Fact::Harm,
                from(Fact::Harm, ob.harm_threshold.value.index()),
            ),
            Status::NotTriggered,
        ),
        step(
            Element::Knowledge,
            OneOf(
                Fact::Knowledge,
                from(Fact::Knowledge, ob.knowledge_standard.value.least().index()),
            ),
            Status::NotTriggered,
        ),
        step(
            Element::Timing,
            Requirement::Timings { covered },
            Status::NotTriggered,
        ),
        step(
            Element::Capacity,
            OneOf(
                Fact::Capacity,
                Values::all(Fact::Capacity).difference(idx(Capacity::None.index())),
            ),
            Status::NotTriggered,
        ),
        step(
            Element::Measures,
            OneOf(Fact::Measures, idx(Measures::AllFeasible.index())),
            if binding {
                Status::Breach
            } else {
                Status::NormNotObserved
            },
        ),
    ];
    let met = if binding {
        Status::Complied
    } else {
        Status::NormObserved
    };
    (steps, met)
}

/// Evaluates one obligation against the facts, reporting each element
/// checked, and returns the obligation's status.
pub fn evaluate_obligation<R: Recorder>(ob: &Obligation, f: &Facts, rec: &mut R) -> Status {
    let (steps, met) = steps(ob);
    for step in steps {
        let ok = step.requirement.holds(f);
        rec.record(ob, step.element, ok);
        if !ok {
            return step.fails_with;
        }
    }
    met
}

/// The status of a profile and whether countermeasures are open, without a
/// trace: the fast path for analyses over many situations.
pub fn status_of(profile: &Profile, facts: &Facts) -> (Status, bool) {
    let mut status = Status::OutOfScope;
    let mut countermeasures = false;
    for ob in &profile.obligations {
        let s = evaluate_obligation(ob, facts, &mut Silent);
        status = status.precedence(s);
        countermeasures |= s == Status::Breach && ob.countermeasures.value;
    }
    (status, countermeasures && status == Status::Breach)
}

/// The status one obligation of a profile reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObligationOutcome {
    /// The obligation's id.
    pub obligation: String,
    /// Its status (`undetermined` when the completions of an uncertain
    /// scenario disagree).
    pub status: Verdict,
}

/// The assessment of one profile on a scenario (spec section 4): on a
/// definite scenario, its status and full trace (the v1 output); on an
/// uncertain one, also its outcomes with their conditions and a partial
/// trace (section 4.1); with decisive facts when asked (section 4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The profile's id.
    pub profile: String,
    /// The profile's status, or `undetermined`.
    pub status: Verdict,
    /// Whether a breach opens countermeasures (in every completion).
    pub countermeasures: bool,
    /// The outcomes of an uncertain scenario, with their conditions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<Vec<crate::outcome::Conditional>>,
    /// What a change of one known fact would do, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisive: Option<Vec<crate::outcome::Change>>,
    /// Every element checked, obligation by obligation.
    pub trace: Vec<TraceEntry>,
    /// The status of each obligation.
    pub obligations: Vec<ObligationOutcome>,
    /// For a result that every completion of an uncertain scenario shares,
    /// why, in each part of the scenario where the reason differs.
    #[serde(skip)]
    pub why: Option<String>,
}

impl Assessment {
    /// A one-line reason for the result: for several outcomes, each with
    /// its conditions in plain words; otherwise the deciding element of the
    /// obligation that decided it.
    pub fn summary(&self) -> String {
        if let Some(outcomes) = self.outcomes.as_ref().filter(|o| o.len() > 1) {
            return explain::outcomes_words(outcomes);
        }
        if let Some(why) = &self.why {
            return why.clone();
        }
        let deciding = self
            .obligations
            .iter()
            .find(|o| o.status == self.status)
            .map(|o| o.obligation.as_str())
            .unwrap_or("none");
        self.trace
            .iter()
            .rev()
            .find(|e| e.obligation == deciding)
            .map(|e| e.reason.clone())
            .unwrap_or_default()
    }

    /// Whether the result is undetermined.
    pub fn is_undetermined(&self) -> bool {
        self.status == Verdict::Undetermined
    }
}

/// Collects trace entries with their reasons and authorities.
struct Tracer<'a> {
    profile: &'a Profile,
    facts: &'a Facts,
    entries: Vec<TraceEntry>,
}

impl Recorder for Tracer<'_> {
    fn record(&mut self, ob: &Obligation, element: Element, satisfied: bool) {
        self.entries.push(TraceEntry::new(
            &ob.id,
            element,
            Some(satisfied),
            explain::reason(ob, element, satisfied, self.facts),
            explain::citations(self.profile, ob, element, self.facts),
        ));
    }
}

/// Assesses a profile on a situation, with the full trace.
pub fn assess(profile: &Profile, facts: &Facts) -> Assessment {
    let mut tracer = Tracer {
        profile,
        facts,
        entries: Vec::new(),
    };
    let mut status = Status::OutOfScope;
    let mut countermeasures = false;
    let mut obligations = Vec::with_capacity(profile.obligations.len());
    for ob in &profile.obligations {
        let s = evaluate_obligation(ob, facts, &mut tracer);
        status = status.precedence(s);
        countermeasures |= s == Status::Breach && ob.countermeasures.value;
        obligations.push(ObligationOutcome {
            obligation: ob.id.clone(),
            status: Verdict::Determined(s),
        });
    }
    let mut trace = tracer.entries;
    if profile.obligations.is_empty() {
        trace.push(explain::no_obligation(profile));
    }
    Assessment {
        profile: profile.id.clone(),
        status: Verdict::Determined(status),
        countermeasures: countermeasures && status == Status::Breach,
        outcomes: None,
        decisive: None,
        trace,
        obligations,
        why: None,
    }
}
