//! Ideal semantics: the largest admissible set contained in every preferred
//! extension.
//!
//! Let CA be the credulously accepted arguments (under admissible, equivalently
//! preferred, semantics) and X the members of CA none of whose attackers is in
//! CA. X is conflict-free, contains the ideal extension, and its largest
//! admissible subset is the ideal extension (it is admissible, and no preferred
//! extension attacks it, so each one contains it). CA is found with few SAT
//! calls: each asks for a complete extension containing some argument whose
//! status is still unknown and that can still matter for X; every model settles
//! all of its members at once. Candidates are pruned as soon as they lose a
//! defender, so arguments that cannot matter are never asked about.

use super::Reduced;
use crate::encode::{Base, Encoding};
use crate::framework::Framework;

/// The ideal extension of `af` (`red` is its grounded split), ascending.
pub(super) fn ideal(red: &Reduced) -> Vec<usize> {
    let sub = &red.sub;
    let n = sub.len();
    if n == 0 {
        return red.grounded();
    }
    let mut accepted = vec![false; n];
    let mut rejected = vec![false; n];
    let mut cand = Candidates::new(sub);
    let mut enc = Encoding::new(sub, Base::Complete, false);
    let mut relevant = vec![false; n];
    loop {
        relevant.iter_mut().for_each(|r| *r = false);
        for c in (0..n).filter(|&c| cand.inside[c]) {
            relevant[c] = true;
            for &b in sub.attackers(c) {
                relevant[b as usize] = true;
            }
        }
        let unknown: Vec<usize> = (0..n)
            .filter(|&a| relevant[a] && !accepted[a] && !rejected[a])
            .collect();
        if unknown.is_empty() {
            break;
        }
        let act = enc.fresh();
        let mut clause = vec![!act];
        clause.extend(unknown.iter().map(|&a| enc.x[a]));
        enc.sat.add_clause(&clause);
        let found = enc.sat.solve(&[act]);
        let model = found.then(|| enc.model_set());
        enc.sat.add_clause(&[!act]);
        match model {
            Some(m) => {
                for a in 0..n {
                    if !m[a] || accepted[a] {
                        continue;
                    }
                    accepted[a] = true;
                    for &t in sub.targets(a) {
                        cand.remove(t as usize);
                    }
                }
            }
            None => {
                for &a in &unknown {
                    rejected[a] = true;
                    cand.remove(a);
                }
            }
        }
    }
    red.lift(&cand.inside)
}

/// A shrinking candidate set that keeps itself self-defending: whenever an
/// argument loses its last attacker inside the set, everything it attacks
/// leaves the set. Total work over all removals is linear.
struct Candidates<'a> {
    af: &'a Framework,
    inside: Vec<bool>,
    /// For each argument, how many members of the set attack it.
    hits: Vec<u32>,
    stack: Vec<usize>,
}

impl<'a> Candidates<'a> {
    fn new(af: &'a Framework) -> Candidates<'a> {
        let n = af.len();
        let hits: Vec<u32> = (0..n).map(|a| af.attackers(a).len() as u32).collect();
        let mut c = Candidates {
            af,
            inside: vec![true; n],
            hits,
            stack: Vec::new(),
        };
        for b in 0..n {
            if c.hits[b] == 0 {
                for &y in af.targets(b) {
                    c.remove(y as usize);
                }
            }
        }
        c
    }

    fn remove(&mut self, x: usize) {
        self.stack.push(x);
        while let Some(x) = self.stack.pop() {
            if !self.inside[x] {
                continue;
            }
            self.inside[x] = false;
            for &t in self.af.targets(x) {
                let t = t as usize;
                self.hits[t] -= 1;
                if self.hits[t] == 0 {
                    // Nothing left in the set defends against `t`.
                    self.stack
                        .extend(self.af.targets(t).iter().map(|&y| y as usize));
                }
            }
        }
    }
}
