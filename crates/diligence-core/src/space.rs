//! The fact space of the spec: every combination of one value per fact
//! (207,360 situations in v2), enumerated in a fixed order, the last fact
//! varying fastest, and addressable by index.

use crate::facts::{Fact, Facts};

/// The number of values of each fact, in the spec's order.
const RADICES: [usize; Fact::COUNT] = {
    let mut r = [0; Fact::COUNT];
    let mut k = 0;
    while k < Fact::COUNT {
        r[k] = Fact::ALL[k].arity();
        k += 1;
    }
    r
};

/// The number of situations in the fact space.
pub const SIZE: usize = {
    let mut n = 1;
    let mut k = 0;
    while k < Fact::COUNT {
        n *= RADICES[k];
        k += 1;
    }
    n
};

/// The situation at `index` (0 ≤ index < [`SIZE`]); the last fact varies fastest.
pub fn situation(index: usize) -> Option<Facts> {
    if index >= SIZE {
        return None;
    }
    let mut digits = [0usize; Fact::COUNT];
    let mut rest = index;
    for (slot, radix) in digits.iter_mut().zip(RADICES.iter()).rev() {
        *slot = rest % radix;
        rest /= radix;
    }
    Some(Facts::from_values(digits))
}

/// The situation at `index` as its one-hot bits (see [`Facts::bits`]),
/// without building its [`Facts`]; 0 for an index out of range.
#[inline]
pub fn bits(index: usize) -> u64 {
    if index >= SIZE {
        return 0;
    }
    let mut bits = 0u64;
    let mut rest = index;
    for k in (0..Fact::COUNT).rev() {
        bits |= 1 << (Fact::ALL[k].offset() + rest % RADICES[k]);
        rest /= RADICES[k];
    }
    bits
}

/// The index of a situation in the fact space (the inverse of [`situation`]).
pub fn index_of(f: &Facts) -> usize {
    f.values()
        .iter()
        .zip(RADICES.iter())
        .fold(0, |acc, (d, r)| acc * r + d)
}

/// Every situation of the fact space, in index order.
pub fn all() -> impl Iterator<Item = Facts> {
    (0..SIZE).filter_map(situation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_space_has_the_size_of_the_spec_and_every_index_round_trips() {
        assert_eq!(SIZE, 207_360);
        for i in (0..SIZE).step_by(97).chain([SIZE - 1]) {
            let f = situation(i).expect("in range");
            assert_eq!(index_of(&f), i);
        }
        assert!(situation(SIZE).is_none());
    }
}
