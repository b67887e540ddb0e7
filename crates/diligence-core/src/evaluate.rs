//! The evaluation of spec section 3: each obligation is checked element by
//! element (scope, then trigger, then conduct; the first that fails decides),
//! and a profile takes the highest-precedence status of its obligations.
//!
//! One function, [`evaluate_obligation`], holds the rules. It reports every
//! element it checks to a [`Recorder`]: [`assess`] records a full trace,
//! [`status_of`] records nothing and is what the fact-space analyses call.

use crate::explain;
use crate::facts::{Capacity, ConductBy, Facts, Measures, TerritorialLink};
use crate::obligation::Obligation;
use crate::profile::Profile;
use crate::status::Status;
use crate::trace::{Element, TraceEntry};
use serde::{Deserialize, Serialize};

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

/// Evaluates one obligation against the facts, reporting each element
/// checked, and returns the obligation's status.
pub fn evaluate_obligation<R: Recorder>(ob: &Obligation, f: &Facts, rec: &mut R) -> Status {
    // Scope: attribution, territorial link, domain.
    let own_organs = f.conduct_by == ConductBy::TerritorialState;
    rec.record(ob, Element::ConductBy, !own_organs);
    if own_organs {
        return Status::OutOfScope;
    }
    let linked = match f.territorial_link {
        TerritorialLink::Originates => true,
        TerritorialLink::Transits => ob.covers_transit.value,
        TerritorialLink::ControlledInfrastructure => ob.covers_controlled_infrastructure.value,
        TerritorialLink::None => false,
    };
    rec.record(ob, Element::TerritorialLink, linked);
    if !linked {
        return Status::OutOfScope;
    }
    let covered = ob.domains.value.contains(f.domain);
    rec.record(ob, Element::Domain, covered);
    if !covered {
        return Status::OutOfScope;
    }

    // Trigger: rights, harm, knowledge, timing, capacity.
    let checks = [
        (
            Element::ContraryToRights,
            f.contrary_to_rights || !ob.requires_contrary_to_rights.value,
        ),
        (Element::Harm, f.harm >= ob.harm_threshold.value),
        (
            Element::Knowledge,
            f.knowledge >= ob.knowledge_standard.value.least(),
        ),
        (Element::Timing, ob.conduct.value.covers(f.timing)),
        (Element::Capacity, f.capacity != Capacity::None),
    ];
    for (element, satisfied) in checks {
        rec.record(ob, element, satisfied);
        if !satisfied {
            return Status::NotTriggered;
        }
    }

    // Conduct.
    let all_feasible = f.measures == Measures::AllFeasible;
    rec.record(ob, Element::Measures, all_feasible);
    match (ob.binding.value, all_feasible) {
        (true, true) => Status::Complied,
        (false, true) => Status::NormObserved,
        (true, false) => Status::Breach,
        (false, false) => Status::NormNotObserved,
    }
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationOutcome {
    /// The obligation's id.
    pub obligation: String,
    /// Its status.
    pub status: Status,
}

/// The assessment of one profile on one situation (spec section 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The profile's id.
    pub profile: String,
    /// The profile's status.
    pub status: Status,
    /// Whether a breach opens countermeasures.
    pub countermeasures: bool,
    /// Every element checked, obligation by obligation.
    pub trace: Vec<TraceEntry>,
    /// The status of each obligation.
    pub obligations: Vec<ObligationOutcome>,
}

impl Assessment {
    /// A one-line reason for the status: the deciding element of the
    /// obligation that decided it.
    pub fn summary(&self) -> &str {
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
            .map(|e| e.reason.as_str())
            .unwrap_or("")
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
        let citations = explain::citations(self.profile, ob, element, self.facts);
        let mut authorities: Vec<String> = Vec::new();
        for c in &citations {
            if !authorities.contains(&c.authority) {
                authorities.push(c.authority.clone());
            }
        }
        self.entries.push(TraceEntry {
            obligation: ob.id.clone(),
            element,
            satisfied,
            reason: explain::reason(ob, element, satisfied, self.facts),
            authorities,
            citations,
        });
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
            status: s,
        });
    }
    let mut trace = tracer.entries;
    if profile.obligations.is_empty() {
        trace.push(explain::no_obligation(profile));
    }
    Assessment {
        profile: profile.id.clone(),
        status,
        countermeasures: countermeasures && status == Status::Breach,
        trace,
        obligations,
    }
}
