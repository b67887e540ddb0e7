//! Minimal pairs: the situations closest to a given one (fewest facts
//! changed) where two profiles decide differently.

use diligence_core::evaluate::status_of_bits;
use diligence_core::{space, Fact, Facts, Profile, Status, UncertainFacts};
use rayon::prelude::*;

/// A situation where two profiles part ways, and how far it is from the
/// starting situation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distinction {
    /// The situation.
    pub facts: Facts,
    /// The names of the facts that differ from the starting situation.
    pub changed: Vec<&'static str>,
    /// The first profile's status.
    pub first: Status,
    /// The second profile's status.
    pub second: Status,
}

/// The names of the facts on which a situation departs from a scenario:
/// those whose value is not among the scenario's possible values.
pub fn changed_facts(from: &UncertainFacts, b: &Facts) -> Vec<&'static str> {
    Fact::ALL
        .into_iter()
        .filter(|&f| !from.get(f).contains(b.get(f)))
        .map(Fact::name)
        .collect()
}

/// Every situation at the least distance from `from` (the fewest facts
/// outside its possible values; 0 for its own completions) where `a` and
/// `b` give different statuses, in fact-space order; empty if they never
/// differ.
pub fn closest(a: &Profile, b: &Profile, from: &UncertainFacts) -> Vec<Distinction> {
    let found: Vec<(usize, Distinction)> = (0..space::SIZE)
        .into_par_iter()
        .filter_map(|i| {
            let facts = space::situation(i)?;
            let situation = facts.bits();
            let (first, _) = status_of_bits(a, situation);
            let (second, _) = status_of_bits(b, situation);
            (first != second).then(|| {
                let changed = changed_facts(from, &facts);
                (
                    changed.len(),
                    Distinction {
                        facts,
                        changed,
                        first,
                        second,
                    },
                )
            })
        })
        .collect();
    let Some(least) = found.iter().map(|(d, _)| *d).min() else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter(|(d, _)| *d == least)
        .map(|(_, x)| x)
        .collect()
}
