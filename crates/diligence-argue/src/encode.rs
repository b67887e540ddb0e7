//! CNF encodings of conflict-free, admissible, complete and stable sets, with
//! optional range variables, plus the incremental maximisation loops built on them.
//!
//! For every argument `a` there is a variable `x[a]` ("a is in the set") and a
//! variable `y[a]` ("a is attacked by the set"), tied by
//! `y[a] <-> OR_{b attacks a} x[b]`. Then
//! * conflict-free: `x[a] -> !y[a]`;
//! * admissible: also `x[a] -> y[b]` for every attacker `b` of `a`;
//! * complete: also `(AND_{b attacks a} y[b]) -> x[a]`;
//! * stable: conflict-free and `x[a] OR y[a]`;
//! * range (optional): `r[a] -> x[a] OR y[a]`, used only to ask for a range
//!   at least as large as a given one.

use crate::framework::Framework;
use crate::sat::{Lit, Sat};

/// Which family of sets the encoding describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// Conflict-free sets.
    ConflictFree,
    /// Admissible sets.
    Admissible,
    /// Complete extensions.
    Complete,
    /// Stable extensions.
    Stable,
}

/// A SAT solver loaded with an encoding of one framework.
pub(crate) struct Encoding {
    /// The solver.
    pub(crate) sat: Sat,
    /// `x[a]`: argument `a` is in the set.
    pub(crate) x: Vec<Lit>,
    /// `y[a]`: argument `a` is attacked by the set.
    pub(crate) y: Vec<Lit>,
    /// `r[a]`: argument `a` must be in the range (empty unless requested).
    pub(crate) r: Vec<Lit>,
}

impl Encoding {
    /// Encodes `base` for `af`; with `with_range`, also creates range variables.
    pub(crate) fn new(af: &Framework, base: Base, with_range: bool) -> Encoding {
        let n = af.len();
        let mut sat = Sat::new();
        let x: Vec<Lit> = (0..n).map(|_| sat.new_lit_prefer_true()).collect();
        let y: Vec<Lit> = (0..n).map(|_| sat.new_lit()).collect();
        let mut clause = Vec::new();
        for a in 0..n {
            let att = af.attackers(a);
            // y[a] <-> OR x[b]
            clause.clear();
            clause.push(!y[a]);
            for &b in att {
                let b = b as usize;
                clause.push(x[b]);
                sat.add_clause(&[!x[b], y[a]]);
            }
            sat.add_clause(&clause);
            // conflict-free
            sat.add_clause(&[!x[a], !y[a]]);
            match base {
                Base::ConflictFree => {}
                Base::Admissible | Base::Complete => {
                    for &b in att {
                        sat.add_clause(&[!x[a], y[b as usize]]);
                    }
                    if base == Base::Complete {
                        clause.clear();
                        clause.push(x[a]);
                        clause.extend(att.iter().map(|&b| !y[b as usize]));
                        sat.add_clause(&clause);
                    }
                }
                Base::Stable => sat.add_clause(&[x[a], y[a]]),
            }
        }
        let mut r = Vec::new();
        if with_range {
            for a in 0..n {
                let ra = sat.new_lit_prefer_true();
                sat.add_clause(&[!ra, x[a], y[a]]);
                r.push(ra);
            }
        }
        Encoding { sat, x, y, r }
    }

    /// The set in the last model, as a membership vector.
    pub(crate) fn model_set(&self) -> Vec<bool> {
        self.x.iter().map(|&l| self.sat.value(l)).collect()
    }

    /// The range of the set in the last model, as a membership vector.
    pub(crate) fn model_range(&self) -> Vec<bool> {
        self.x
            .iter()
            .zip(&self.y)
            .map(|(&x, &y)| self.sat.value(x) || self.sat.value(y))
            .collect()
    }

    /// A fresh activation literal.
    pub(crate) fn fresh(&mut self) -> Lit {
        self.sat.new_lit()
    }

    /// Solves under `assumptions` plus "at least one `lits[i]` with `!within[i]` is true"
    /// and "every `lits[i]` with `within[i]` is true". Returns false when
    /// there is no such model (or nothing lies outside `within`).
    ///
    /// The temporary clause is switched off afterwards, so the solver can be reused.
    pub(crate) fn solve_strictly_above(
        &mut self,
        assumptions: &[Lit],
        which: Which,
        within: &[bool],
    ) -> bool {
        let lits = match which {
            Which::Set => &self.x,
            Which::Range => &self.r,
        };
        let act = self.sat.new_lit();
        let mut clause = vec![!act];
        let mut assume = assumptions.to_vec();
        assume.push(act);
        for (i, &inside) in within.iter().enumerate() {
            if inside {
                assume.push(lits[i]);
            } else {
                clause.push(lits[i]);
            }
        }
        if clause.len() == 1 {
            return false;
        }
        self.sat.add_clause(&clause);
        let found = self.sat.solve(&assume);
        self.sat.add_clause(&[!act]);
        found
    }

    /// Grows the model `set` (with range `range`) to one that is maximal, for
    /// `which`, among the models satisfying `assumptions`; returns the final
    /// `(set, range)`.
    pub(crate) fn maximise(
        &mut self,
        assumptions: &[Lit],
        which: Which,
        mut set: Vec<bool>,
        mut range: Vec<bool>,
    ) -> (Vec<bool>, Vec<bool>) {
        loop {
            let current = match which {
                Which::Set => &set,
                Which::Range => &range,
            };
            let current = current.clone();
            if !self.solve_strictly_above(assumptions, which, &current) {
                return (set, range);
            }
            set = self.model_set();
            range = self.model_range();
        }
    }
}

/// What a maximisation compares: the set itself or its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// Subset-maximality of the set (preferred).
    Set,
    /// Subset-maximality of the range (semi-stable, stage).
    Range,
}

/// Ascending indices of the `true` entries.
pub(crate) fn members(m: &[bool]) -> Vec<usize> {
    m.iter()
        .enumerate()
        .filter(|(_, &b)| b)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_models_of_an_even_cycle() {
        let af = Framework::new(2, &[(0, 1), (1, 0)]).expect("valid test input");
        let mut e = Encoding::new(&af, Base::Stable, false);
        let mut seen = Vec::new();
        while e.sat.solve(&[]) {
            let s = e.model_set();
            seen.push(members(&s));
            let block: Vec<Lit> = (0..2)
                .map(|a| if s[a] { !e.x[a] } else { e.x[a] })
                .collect();
            e.sat.add_clause(&block);
        }
        seen.sort();
        assert_eq!(seen, vec![vec![0], vec![1]]);
    }
}
