//! Sets of situations as unions of cubes (an [`UncertainFacts`] is a cube:
//! a set of possible values per fact), and the conditions of spec section
//! 4.1: a cover of one set of situations by cubes that is exact, prime and
//! irredundant, computed deterministically.
//!
//! A set is given by *on* cubes (the situations to cover) and *off* cubes
//! (every other situation of the scenario), together a partition of the
//! scenario's completions. A cube that meets no off cube is inside the set;
//! growing it one value at a time while that holds gives a prime.

use crate::facts::Fact;
use crate::uncertain::UncertainFacts;

/// The situations of `a` that are not in `b`, as disjoint cubes.
pub fn difference(a: &UncertainFacts, b: &UncertainFacts) -> Vec<UncertainFacts> {
    if !a.meets(b) {
        return vec![*a];
    }
    let mut out = Vec::new();
    let mut rest = *a;
    for fact in Fact::ALL {
        let own = rest.get(fact);
        let outside = own.difference(b.get(fact));
        if !outside.is_empty() {
            out.push(rest.with(fact, outside));
            rest = rest.with(fact, own.intersection(b.get(fact)));
        }
    }
    out
}

/// Whether every situation of `cube` is in one of `cubes`.
pub fn is_covered(cube: &UncertainFacts, cubes: &[UncertainFacts]) -> bool {
    let mut rest = vec![*cube];
    for c in cubes {
        if rest.is_empty() {
            break;
        }
        rest = rest.iter().flat_map(|r| difference(r, c)).collect();
    }
    rest.is_empty()
}

/// Grows `cube` within `within` until no single value can be added to any
/// fact without meeting an `off` cube: first whole facts are dropped (every
/// possible value allowed), in the spec's order, then single values added,
/// in fact and value order. The result is a prime implicant of the
/// complement of `off`, if `cube` meets no `off` cube to begin with.
pub fn expand(
    cube: &UncertainFacts,
    within: &UncertainFacts,
    off: &[UncertainFacts],
) -> UncertainFacts {
    let fits = |c: &UncertainFacts| !off.iter().any(|o| o.meets(c));
    let mut grown = *cube;
    for fact in Fact::ALL {
        let whole = within.get(fact);
        if grown.get(fact) != whole {
            let tried = grown.with(fact, whole);
            if fits(&tried) {
                grown = tried;
            }
        }
    }
    for fact in Fact::ALL {
        for value in within.get(fact).difference(grown.get(fact)).iter() {
            let tried = grown.with(
                fact,
                grown.get(fact).union(crate::uncertain::Values::one(value)),
            );
            if fits(&tried) {
                grown = tried;
            }
        }
    }
    grown
}

/// A cover of the situations of `on` (disjoint or not) by cubes within
/// `within` that meet none of `off`, where `on` and `off` together hold
/// every situation of `within`. The cover is exact (its cubes hold exactly
/// the situations of `on`), prime (no cube can grow by one value of one
/// fact and stay clear of `off`) and irredundant (no cube can be dropped),
/// and is sorted by the fact-space position of each cube's first situation.
pub fn prime_cover(
    on: &[UncertainFacts],
    off: &[UncertainFacts],
    within: &UncertainFacts,
) -> Vec<UncertainFacts> {
    let mut uncovered: Vec<UncertainFacts> = on.to_vec();
    let mut primes: Vec<UncertainFacts> = Vec::new();
    while let Some(first) = uncovered.first().copied() {
        let prime = expand(&first, within, off);
        uncovered = uncovered
            .iter()
            .flat_map(|u| difference(u, &prime))
            .collect();
        if !primes.contains(&prime) {
            primes.push(prime);
        }
    }
    // Irredundant: drop each prime that the others still cover; a prime
    // kept stays needed as others are dropped.
    let mut k = 0;
    while k < primes.len() {
        let others: Vec<UncertainFacts> = primes
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, c)| *c)
            .collect();
        if is_covered(&primes[k], &others) {
            primes.remove(k);
        } else {
            k += 1;
        }
    }
    primes.sort_by_key(|c| {
        (
            crate::space::index_of(&c.first()),
            c.sets().map(|s| s.bits()),
        )
    });
    primes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uncertain::Values;

    #[test]
    fn difference_leaves_disjoint_cubes_that_add_up() {
        let a = UncertainFacts::everything().with(Fact::Harm, Values::of([1, 2, 3]));
        let b = UncertainFacts::everything()
            .with(Fact::Harm, Values::of([2]))
            .with(Fact::Knowledge, Values::of([0, 1]));
        let parts = difference(&a, &b);
        let total: u64 = parts.iter().map(|c| c.count()).sum();
        let both = a.intersection(&b).map_or(0, |c| c.count());
        assert_eq!(total, a.count() - both);
        for (i, p) in parts.iter().enumerate() {
            assert!(!p.meets(&b));
            for q in &parts[i + 1..] {
                assert!(!p.meets(q));
            }
        }
    }
}
