//! Minimal pairs: the situations closest to a given one (fewest facts
//! changed) where two profiles decide differently.

use diligence_core::{space, status_of, Facts, Profile, Status};
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

/// The names of the facts on which two situations differ.
pub fn changed_facts(a: &Facts, b: &Facts) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name, differs: bool| {
        if differs {
            out.push(name);
        }
    };
    check("domain", a.domain != b.domain);
    check("conduct_by", a.conduct_by != b.conduct_by);
    check("territorial_link", a.territorial_link != b.territorial_link);
    check(
        "contrary_to_rights",
        a.contrary_to_rights != b.contrary_to_rights,
    );
    check("harm", a.harm != b.harm);
    check("knowledge", a.knowledge != b.knowledge);
    check("timing", a.timing != b.timing);
    check("capacity", a.capacity != b.capacity);
    check("measures", a.measures != b.measures);
    out
}

/// Every situation at the least distance from `from` where `a` and `b` give
/// different statuses, in fact-space order; empty if they never differ.
pub fn closest(a: &Profile, b: &Profile, from: &Facts) -> Vec<Distinction> {
    let found: Vec<(usize, Distinction)> = (0..space::SIZE)
        .into_par_iter()
        .filter_map(|i| {
            let facts = space::situation(i)?;
            let (first, _) = status_of(a, &facts);
            let (second, _) = status_of(b, &facts);
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
