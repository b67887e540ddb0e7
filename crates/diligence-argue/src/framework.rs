//! Abstract argumentation frameworks (Dung 1995): arguments `0..n` and an attack
//! relation, stored as compact adjacency lists in both directions.

use crate::error::Error;

/// Largest number of arguments a framework may have.
///
/// This keeps argument indices inside `u32` and bounds the memory a hostile
/// `p af N` header can make us allocate.
pub const MAX_ARGUMENTS: usize = 1 << 26;

/// An abstract argumentation framework: arguments `0..len()` and attacks between them.
///
/// Attacks are deduplicated. For every argument both its attackers and the
/// arguments it attacks (its targets) are available in O(1), sorted ascending.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Framework {
    n: usize,
    /// `attackers[att_off[a]..att_off[a + 1]]` are the attackers of `a`.
    att_off: Vec<usize>,
    attackers: Vec<u32>,
    /// `targets[tgt_off[a]..tgt_off[a + 1]]` are the arguments `a` attacks.
    tgt_off: Vec<usize>,
    targets: Vec<u32>,
}

impl Framework {
    /// Builds a framework with `n` arguments and the given attacks `(attacker, target)`.
    ///
    /// Duplicate attacks are merged. Fails if an attack mentions an argument
    /// `>= n` or if `n > MAX_ARGUMENTS`.
    pub fn new(n: usize, attacks: &[(usize, usize)]) -> Result<Framework, Error> {
        if n > MAX_ARGUMENTS {
            return Err(Error::TooManyArguments {
                requested: n as u64,
                max: MAX_ARGUMENTS,
            });
        }
        let mut pairs = Vec::with_capacity(attacks.len());
        for &(a, b) in attacks {
            for arg in [a, b] {
                if arg >= n {
                    return Err(Error::ArgumentOutOfRange { arg, len: n });
                }
            }
            // Both fit in u32 because n <= MAX_ARGUMENTS < 2^32.
            pairs.push((a as u32, b as u32));
        }
        Ok(Framework::from_pairs(n, pairs))
    }

    /// Builds a framework from already range-checked `u32` pairs.
    pub(crate) fn from_pairs(n: usize, mut pairs: Vec<(u32, u32)>) -> Framework {
        pairs.sort_unstable();
        pairs.dedup();
        // Forward adjacency (targets) straight from the sorted pairs.
        let mut tgt_off = vec![0usize; n + 1];
        for &(a, _) in &pairs {
            tgt_off[a as usize + 1] += 1;
        }
        for i in 0..n {
            tgt_off[i + 1] += tgt_off[i];
        }
        let targets: Vec<u32> = pairs.iter().map(|&(_, b)| b).collect();
        // Backward adjacency (attackers) by counting sort; sources come out sorted
        // because `pairs` is sorted by source.
        let mut att_off = vec![0usize; n + 1];
        for &(_, b) in &pairs {
            att_off[b as usize + 1] += 1;
        }
        for i in 0..n {
            att_off[i + 1] += att_off[i];
        }
        let mut fill = att_off.clone();
        let mut attackers = vec![0u32; pairs.len()];
        for &(a, b) in &pairs {
            let slot = &mut fill[b as usize];
            attackers[*slot] = a;
            *slot += 1;
        }
        Framework {
            n,
            att_off,
            attackers,
            tgt_off,
            targets,
        }
    }

    /// Number of arguments.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when the framework has no arguments.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of (distinct) attacks.
    pub fn num_attacks(&self) -> usize {
        self.targets.len()
    }

    /// The attackers of argument `a`, ascending. Panics if `a >= len()`.
    pub fn attackers(&self, a: usize) -> &[u32] {
        &self.attackers[self.att_off[a]..self.att_off[a + 1]]
    }

    /// The arguments attacked by `a`, ascending. Panics if `a >= len()`.
    pub fn targets(&self, a: usize) -> &[u32] {
        &self.targets[self.tgt_off[a]..self.tgt_off[a + 1]]
    }

    /// Does `a` attack `b`? (False when either is out of range.)
    pub fn attacks(&self, a: usize, b: usize) -> bool {
        a < self.n
            && b < self.n
            && u32::try_from(b).is_ok_and(|b| self.targets(a).binary_search(&b).is_ok())
    }

    /// Does `a` attack itself?
    pub fn is_self_attacking(&self, a: usize) -> bool {
        self.attacks(a, a)
    }

    /// All attacks `(attacker, target)` in lexicographic order.
    pub fn attack_list(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(self.num_attacks());
        for a in 0..self.n {
            out.extend(self.targets(a).iter().map(|&b| (a, b as usize)));
        }
        out
    }

    /// The sub-framework induced by the arguments with `keep[a] == true`.
    ///
    /// Returns the sub-framework and, for each of its arguments, the index of
    /// that argument in `self`. `keep` must have length `len()`.
    pub fn restrict(&self, keep: &[bool]) -> (Framework, Vec<usize>) {
        let mut new_index = vec![u32::MAX; self.n];
        let mut old_index = Vec::new();
        for (a, slot) in new_index.iter_mut().enumerate() {
            if keep.get(a).copied().unwrap_or(false) {
                *slot = old_index.len() as u32;
                old_index.push(a);
            }
        }
        let mut pairs = Vec::new();
        for &a in &old_index {
            let na = new_index[a];
            for &b in self.targets(a) {
                let nb = new_index[b as usize];
                if nb != u32::MAX {
                    pairs.push((na, nb));
                }
            }
        }
        (Framework::from_pairs(old_index.len(), pairs), old_index)
    }

    /// Checks that `a` is an argument of this framework.
    pub(crate) fn check_arg(&self, a: usize) -> Result<(), Error> {
        if a < self.n {
            Ok(())
        } else {
            Err(Error::ArgumentOutOfRange {
                arg: a,
                len: self.n,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_both_ways_and_dedup() {
        let af =
            Framework::new(3, &[(0, 1), (1, 2), (0, 1), (2, 2), (2, 0)]).expect("valid test input");
        assert_eq!(af.len(), 3);
        assert_eq!(af.num_attacks(), 4);
        assert_eq!(af.targets(0), &[1]);
        assert_eq!(af.attackers(0), &[2]);
        assert_eq!(af.attackers(2), &[1, 2]);
        assert!(af.is_self_attacking(2));
        assert!(!af.attacks(1, 0));
        assert!(!af.attacks(7, 0));
        assert_eq!(af.attack_list(), vec![(0, 1), (1, 2), (2, 0), (2, 2)]);
    }

    #[test]
    fn out_of_range_is_an_error() {
        assert_eq!(
            Framework::new(2, &[(0, 2)]),
            Err(Error::ArgumentOutOfRange { arg: 2, len: 2 })
        );
        assert!(Framework::new(MAX_ARGUMENTS + 1, &[]).is_err());
    }

    #[test]
    fn restrict_keeps_induced_attacks() {
        let af = Framework::new(4, &[(0, 1), (1, 2), (2, 3), (3, 1)]).expect("valid test input");
        let (sub, map) = af.restrict(&[false, true, true, true]);
        assert_eq!(map, vec![1, 2, 3]);
        assert_eq!(sub.attack_list(), vec![(0, 1), (1, 2), (2, 0)]);
    }
}
