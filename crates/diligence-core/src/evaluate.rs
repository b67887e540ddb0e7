//! The evaluation of spec section 3: each obligation is checked element by
//! element (scope, then trigger, then conduct; the first that fails decides),
//! and a profile takes the highest-precedence status of its obligations.
//!
//! One function, [`evaluate_obligation`], holds the rules. It reports every
//! element it checks to a [`Recorder`]: [`assess`] records a full trace,
//! [`status_of`] records nothing and is what the fact-space analyses call.

use crate::explain;
use crate::facts::{Capacity, ConductBy, Fact, Facts, Measures, TerritorialLink, Timing};
use crate::inference::{self, Inference};
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
        f.bits() & self.mask() != 0
    }

    /// The requirement as a mask over the one-hot bits of a situation
    /// ([`Facts::bits`]): a situation meets it when they share a bit. For
    /// the timings, the bit of `continuing = true` counts when an ongoing
    /// activity is covered (a continuing activity is also ongoing).
    #[inline]
    pub fn mask(self) -> u64 {
        match self {
            Requirement::OneOf(fact, values) => u64::from(values.bits()) << fact.offset(),
            Requirement::Timings { covered } => {
                let timings = u64::from(covered.bits()) << Fact::Timing.offset();
                if covered.contains(ONGOING) {
                    timings | 1 << (Fact::Continuing.offset() + CONTINUING_TRUE)
                } else {
                    timings
                }
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

/// The number of elements of an obligation (spec section 3); the steps
/// checked in `evaluate_bits` are `0..STEPS`.
pub const STEPS: usize = 9;

/// The `k`-th element of an obligation in the order of spec section 3
/// (scope, trigger, conduct; `k` < [`STEPS`]): what it requires and the
/// status it decides when it is the first that fails. Each is computed
/// only when the evaluation reaches it, so that a situation out of scope
/// never reads the trigger's parameters.
#[inline(always)]
pub fn step(ob: &Obligation, k: usize) -> Step {
    let bit = |v: usize| 1u16 << v;
    let one_of = |fact, bits| Requirement::OneOf(fact, Values::from_bits(bits));
    // The values from `least` up: the tail of an ordered list.
    let from = |fact: Fact, least: usize| Values::all(fact).bits() & !(bit(least) - 1);
    let (element, requirement, fails_with) = match k {
        0 => (
            Element::ConductBy,
            one_of(
                Fact::ConductBy,
                Values::all(Fact::ConductBy).bits() & !bit(ConductBy::TerritorialState.index()),
            ),
            Status::OutOfScope,
        ),
        1 => {
            let mut link = bit(TerritorialLink::Originates.index());
            if ob.covers_transit.value {
                link |= bit(TerritorialLink::Transits.index());
            }
            if ob.covers_controlled_infrastructure.value {
                link |= bit(TerritorialLink::ControlledInfrastructure.index());
            }
            (
                Element::TerritorialLink,
                one_of(Fact::TerritorialLink, link),
                Status::OutOfScope,
            )
        }
        2 => (
            Element::Domain,
            one_of(Fact::Domain, ob.domains.value.bits()),
            Status::OutOfScope,
        ),
        3 => {
            let rights = if ob.requires_contrary_to_rights.value {
                bit(0)
            } else {
                Values::all(Fact::ContraryToRights).bits()
            };
            (
                Element::ContraryToRights,
                one_of(Fact::ContraryToRights, rights),
                Status::NotTriggered,
            )
        }
        4 => (
            Element::Harm,
            one_of(
                Fact::Harm,
                from(Fact::Harm, ob.harm_threshold.value.index()),
            ),
            Status::NotTriggered,
        ),
        5 => (
            Element::Knowledge,
            one_of(
                Fact::Knowledge,
                from(Fact::Knowledge, ob.knowledge_standard.value.least().index()),
            ),
            Status::NotTriggered,
        ),
        6 => (
            Element::Timing,
            Requirement::Timings {
                covered: Values::from_bits(ob.conduct.value.timings()),
            },
            Status::NotTriggered,
        ),
        7 => (
            Element::Capacity,
            one_of(
                Fact::Capacity,
                Values::all(Fact::Capacity).bits() & !bit(Capacity::None.index()),
            ),
            Status::NotTriggered,
        ),
        _ => (
            Element::Measures,
            one_of(Fact::Measures, bit(Measures::AllFeasible.index())),
            if ob.binding.value {
                Status::Breach
            } else {
                Status::NormNotObserved
            },
        ),
    };
    Step {
        element,
        requirement,
        fails_with,
    }
}

/// The status an obligation takes when every element is met.
#[inline]
pub fn met(ob: &Obligation) -> Status {
    if ob.binding.value {
        Status::Complied
    } else {
        Status::NormObserved
    }
}

/// Every element of an obligation, in order, and the status it takes when
/// all are met.
pub fn steps(ob: &Obligation) -> ([Step; STEPS], Status) {
    (std::array::from_fn(|k| step(ob, k)), met(ob))
}

/// Evaluates one obligation against the facts, reporting each element
/// checked, and returns the obligation's status.
pub fn evaluate_obligation<R: Recorder>(ob: &Obligation, f: &Facts, rec: &mut R) -> Status {
    evaluate_bits(ob, f.bits(), rec)
}

/// [`evaluate_obligation`] on a situation given as its one-hot bits
/// ([`Facts::bits`]).
#[inline(always)]
fn evaluate_bits<R: Recorder>(ob: &Obligation, situation: u64, rec: &mut R) -> Status {
    // Written out step by step, so that each step's requirement is built
    // with a constant index and folds into one mask.
    macro_rules! check {
        ($($k:literal)*) => {$(
            let next = step(ob, $k);
            let ok = situation & next.requirement.mask() != 0;
            rec.record(ob, next.element, ok);
            if !ok {
                return next.fails_with;
            }
        )*};
    }
    check!(0 1 2 3 4 5 6 7 8);
    met(ob)
}

/// The status of a profile and whether countermeasures are open, without a
/// trace: the fast path for analyses over many situations.
pub fn status_of(profile: &Profile, facts: &Facts) -> (Status, bool) {
    status_of_bits(profile, facts.bits())
}

/// [`status_of`] on a situation given as its one-hot bits ([`Facts::bits`],
/// or [`crate::space::bits`]): for loops over many situations and profiles,
/// which compute the bits once per situation.
#[inline]
pub fn status_of_bits(profile: &Profile, situation: u64) -> (Status, bool) {
    let mut status = Status::OutOfScope;
    let mut countermeasures = false;
    for ob in &profile.obligations {
        let s = evaluate_bits(ob, situation, &mut Silent);
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
    /// Where it does, the conditions of lawful countermeasures under the
    /// law of State responsibility, each with its article.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub countermeasure_conditions: &'static [crate::countermeasures::Condition],
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
    /// The inferred parameters on the result's deciding path: empty when
    /// the result rests only on what the sources state.
    pub rests_on_inference: Vec<Inference>,
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
        self.entries.push(
            TraceEntry::new(
                &ob.id,
                element,
                Some(satisfied),
                explain::reason(ob, element, satisfied, self.facts),
                explain::citations(self.profile, ob, element, self.facts),
            )
            .testing(ob, &inference::tested(ob, element, self.facts)),
        );
    }
}

/// The conditions of countermeasures, where a result opens them.
pub(crate) fn conditions_if(open: bool) -> &'static [crate::countermeasures::Condition] {
    if open {
        &crate::countermeasures::CONDITIONS
    } else {
        &[]
    }
}

/// The inferred parameters on the deciding path of a result (see
/// [`inference::rests_on`]).
pub(crate) fn rests_on_inference(
    status: Verdict,
    trace: &[TraceEntry],
    obligations: &[ObligationOutcome],
) -> Vec<Inference> {
    let breaching: Vec<&str> = obligations
        .iter()
        .filter(|o| o.status == Verdict::Determined(Status::Breach))
        .map(|o| o.obligation.as_str())
        .collect();
    inference::rests_on(status, trace, &breaching)
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
    let status = Verdict::Determined(status);
    let rests_on_inference = rests_on_inference(status, &trace, &obligations);
    let countermeasures = countermeasures && status == Verdict::Determined(Status::Breach);
    Assessment {
        profile: profile.id.clone(),
        status,
        countermeasures,
        countermeasure_conditions: conditions_if(countermeasures),
        outcomes: None,
        decisive: None,
        trace,
        obligations,
        rests_on_inference,
        why: None,
    }
}
