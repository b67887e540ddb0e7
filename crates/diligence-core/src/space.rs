//! The fact space of the spec: every combination of fact values (103,680
//! situations in v1), enumerated in a fixed order and addressable by index.

use crate::facts::*;

/// The sizes of each fact's value set, in the order of the spec's fields.
const RADICES: [usize; 9] = [
    Domain::ALL.len(),
    ConductBy::ALL.len(),
    TerritorialLink::ALL.len(),
    2,
    Harm::ALL.len(),
    Knowledge::ALL.len(),
    Timing::ALL.len(),
    Capacity::ALL.len(),
    Measures::ALL.len(),
];

/// The number of situations in the fact space.
pub const SIZE: usize = RADICES[0]
    * RADICES[1]
    * RADICES[2]
    * RADICES[3]
    * RADICES[4]
    * RADICES[5]
    * RADICES[6]
    * RADICES[7]
    * RADICES[8];

/// The situation at `index` (0 ≤ index < [`SIZE`]); the last fact varies fastest.
pub fn situation(index: usize) -> Option<Facts> {
    if index >= SIZE {
        return None;
    }
    let mut digits = [0usize; 9];
    let mut rest = index;
    for (slot, radix) in digits.iter_mut().zip(RADICES.iter()).rev() {
        *slot = rest % radix;
        rest /= radix;
    }
    Some(Facts {
        domain: Domain::ALL[digits[0]],
        conduct_by: ConductBy::ALL[digits[1]],
        territorial_link: TerritorialLink::ALL[digits[2]],
        contrary_to_rights: digits[3] == 1,
        harm: Harm::ALL[digits[4]],
        knowledge: Knowledge::ALL[digits[5]],
        timing: Timing::ALL[digits[6]],
        capacity: Capacity::ALL[digits[7]],
        measures: Measures::ALL[digits[8]],
    })
}

/// The index of a situation in the fact space (the inverse of [`situation`]).
pub fn index_of(f: &Facts) -> usize {
    let digits = [
        f.domain.index(),
        f.conduct_by.index(),
        f.territorial_link.index(),
        usize::from(f.contrary_to_rights),
        f.harm.index(),
        f.knowledge.index(),
        f.timing.index(),
        f.capacity.index(),
        f.measures.index(),
    ];
    digits
        .iter()
        .zip(RADICES.iter())
        .fold(0, |acc, (d, r)| acc * r + d)
}

/// Every situation of the fact space, in index order.
pub fn all() -> impl Iterator<Item = Facts> {
    (0..SIZE).filter_map(situation)
}
