//! Brute-force reference semantics over all subsets, for frameworks with at
//! most 16 arguments, used to check the SAT-based implementation.

#![allow(dead_code)]

use diligence_argue::{Framework, Semantics};

/// A small framework with attack relations as bit masks.
pub struct Brute {
    pub n: usize,
    /// `attackers[a]`: bit b set iff b attacks a.
    attackers: Vec<u32>,
    /// `targets[a]`: bit b set iff a attacks b.
    targets: Vec<u32>,
}

impl Brute {
    pub fn new(af: &Framework) -> Brute {
        let n = af.len();
        assert!(n <= 16, "brute force is for tiny frameworks");
        let mut attackers = vec![0u32; n];
        let mut targets = vec![0u32; n];
        for (a, b) in af.attack_list() {
            attackers[b] |= 1 << a;
            targets[a] |= 1 << b;
        }
        Brute {
            n,
            attackers,
            targets,
        }
    }

    fn full(&self) -> u32 {
        ((1u64 << self.n) - 1) as u32
    }

    fn plus(&self, s: u32) -> u32 {
        (0..self.n)
            .filter(|&a| s >> a & 1 == 1)
            .fold(0, |acc, a| acc | self.targets[a])
    }

    fn defended(&self, s: u32) -> u32 {
        let p = self.plus(s);
        (0..self.n)
            .filter(|&a| self.attackers[a] & !p == 0)
            .fold(0, |acc, a| acc | 1 << a)
    }

    pub fn cf(&self, s: u32) -> bool {
        s & self.plus(s) == 0
    }

    pub fn admissible(&self, s: u32) -> bool {
        self.cf(s) && s & !self.defended(s) == 0
    }

    pub fn complete(&self, s: u32) -> bool {
        self.cf(s) && self.defended(s) == s
    }

    pub fn stable(&self, s: u32) -> bool {
        self.cf(s) && (s | self.plus(s)) == self.full()
    }

    fn range(&self, s: u32) -> u32 {
        s | self.plus(s)
    }

    fn subsets(&self) -> impl Iterator<Item = u32> {
        0..=self.full()
    }

    /// Members of `family` that are subset-maximal under `key`.
    fn maximal_by(family: &[u32], key: impl Fn(u32) -> u32) -> Vec<u32> {
        family
            .iter()
            .copied()
            .filter(|&s| {
                let ks = key(s);
                !family.iter().any(|&t| {
                    let kt = key(t);
                    kt != ks && kt & ks == ks
                })
            })
            .collect()
    }

    /// All extensions as bit masks.
    pub fn masks(&self, sem: Semantics) -> Vec<u32> {
        let complete: Vec<u32> = self.subsets().filter(|&s| self.complete(s)).collect();
        match sem {
            Semantics::Complete => complete,
            Semantics::Grounded => vec![complete.iter().fold(self.full(), |acc, &s| acc & s)],
            Semantics::Stable => self.subsets().filter(|&s| self.stable(s)).collect(),
            Semantics::Preferred => {
                let adm: Vec<u32> = self.subsets().filter(|&s| self.admissible(s)).collect();
                Self::maximal_by(&adm, |s| s)
            }
            Semantics::SemiStable => Self::maximal_by(&complete, |s| self.range(s)),
            Semantics::Stage => {
                let cf: Vec<u32> = self.subsets().filter(|&s| self.cf(s)).collect();
                Self::maximal_by(&cf, |s| self.range(s))
            }
            Semantics::Ideal => {
                let pr = self.masks(Semantics::Preferred);
                let inter = pr.iter().fold(self.full(), |acc, &s| acc & s);
                let inside: Vec<u32> = self
                    .subsets()
                    .filter(|&s| s & !inter == 0 && self.admissible(s))
                    .collect();
                let max = Self::maximal_by(&inside, |s| s);
                assert_eq!(max.len(), 1, "the ideal extension is unique");
                max
            }
        }
    }

    /// All extensions as sorted index lists, sorted.
    pub fn extensions(&self, sem: Semantics) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = self
            .masks(sem)
            .into_iter()
            .map(|m| self.members(m))
            .collect();
        out.sort();
        out
    }

    pub fn members(&self, m: u32) -> Vec<usize> {
        (0..self.n).filter(|&a| m >> a & 1 == 1).collect()
    }
}
