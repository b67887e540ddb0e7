//! Uncertain facts (spec section 1.2): for each fact, the values it may
//! take. A scenario whose every fact has one value is *definite*; the
//! *completions* of a scenario are the definite situations it allows.
//!
//! The same shape, a set of values per fact, is a *cube* of the fact space:
//! the conditions of an outcome (section 4.1) and the regions where an
//! obligation reaches a status are cubes too (see [`crate::cover`]).

use crate::facts::{Fact, Facts};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::fmt;

/// A set of values of one fact: bit `i` is set when the value at position
/// `i` of [`Fact::values`] is possible.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Values(u16);

impl Values {
    /// No value.
    pub const EMPTY: Values = Values(0);

    /// Every value of `fact`.
    pub fn all(fact: Fact) -> Values {
        Values((1u16 << fact.arity()) - 1)
    }

    /// The one value at position `value`.
    pub fn one(value: usize) -> Values {
        Values(1u16 << value)
    }

    /// The values at these positions.
    pub fn of(values: impl IntoIterator<Item = usize>) -> Values {
        values
            .into_iter()
            .fold(Values::EMPTY, |s, v| s.union(Values::one(v)))
    }

    /// The values whose bits are set in `bits`.
    pub const fn from_bits(bits: u16) -> Values {
        Values(bits)
    }

    /// The bit mask.
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether the value at position `value` is in the set.
    pub fn contains(self, value: usize) -> bool {
        value < 16 && self.0 & (1 << value) != 0
    }

    /// How many values the set holds.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The value, when the set holds exactly one.
    pub fn single(self) -> Option<usize> {
        (self.len() == 1).then(|| self.0.trailing_zeros() as usize)
    }

    /// The positions of the values, in order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..16).filter(move |&i| self.contains(i))
    }

    /// The values in both sets.
    pub fn intersection(self, other: Values) -> Values {
        Values(self.0 & other.0)
    }

    /// The values in either set.
    pub fn union(self, other: Values) -> Values {
        Values(self.0 | other.0)
    }

    /// The values of `self` not in `other`.
    pub fn difference(self, other: Values) -> Values {
        Values(self.0 & !other.0)
    }

    /// Whether every value of `self` is in `other`.
    pub fn is_subset(self, other: Values) -> bool {
        self.0 & !other.0 == 0
    }
}

/// The facts of a scenario that may be uncertain: for each fact, the values
/// it may take (never none). As a set of situations, a cube of the fact
/// space.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct UncertainFacts {
    sets: [Values; Fact::COUNT],
}

impl From<Facts> for UncertainFacts {
    fn from(f: Facts) -> Self {
        UncertainFacts::definite(&f)
    }
}

impl UncertainFacts {
    /// The one situation `f`.
    pub fn definite(f: &Facts) -> UncertainFacts {
        UncertainFacts {
            sets: Fact::ALL.map(|fact| Values::one(f.get(fact))),
        }
    }

    /// Every situation: every fact unknown.
    pub fn everything() -> UncertainFacts {
        UncertainFacts {
            sets: Fact::ALL.map(Values::all),
        }
    }

    /// The set of situations with these values per fact, or `None` when a
    /// fact has no value or a value outside its list.
    pub fn from_sets(sets: [Values; Fact::COUNT]) -> Option<UncertainFacts> {
        Fact::ALL
            .iter()
            .zip(&sets)
            .all(|(&fact, s)| !s.is_empty() && s.is_subset(Values::all(fact)))
            .then_some(UncertainFacts { sets })
    }

    /// The possible values of `fact`.
    pub fn get(&self, fact: Fact) -> Values {
        self.sets[fact.index()]
    }

    /// The possible values of every fact, in the order of [`Fact::ALL`].
    pub fn sets(&self) -> &[Values; Fact::COUNT] {
        &self.sets
    }

    /// These facts with the possible values of `fact` replaced by `values`
    /// (kept within the fact's list). The result may be empty (see
    /// [`UncertainFacts::is_empty`]) when `values` holds none of them.
    pub fn with(mut self, fact: Fact, values: Values) -> UncertainFacts {
        self.sets[fact.index()] = values.intersection(Values::all(fact));
        self
    }

    /// Whether some fact has no possible value (an empty set of situations).
    pub fn is_empty(&self) -> bool {
        self.sets.iter().any(|s| s.is_empty())
    }

    /// Whether every fact has one value.
    pub fn is_definite(&self) -> bool {
        self.sets.iter().all(|s| s.len() == 1)
    }

    /// The one situation, when every fact has one value.
    pub fn as_definite(&self) -> Option<Facts> {
        let mut values = [0; Fact::COUNT];
        for (slot, s) in values.iter_mut().zip(&self.sets) {
            *slot = s.single()?;
        }
        Some(Facts::from_values(values))
    }

    /// The facts with more than one possible value, in the spec's order.
    pub fn uncertain(&self) -> impl Iterator<Item = Fact> + '_ {
        Fact::ALL.into_iter().filter(|f| self.get(*f).len() > 1)
    }

    /// The number of completions.
    pub fn count(&self) -> u64 {
        self.sets.iter().map(|s| s.len() as u64).product()
    }

    /// Whether the situation is one of the completions.
    pub fn contains(&self, f: &Facts) -> bool {
        Fact::ALL
            .iter()
            .all(|&fact| self.get(fact).contains(f.get(fact)))
    }

    /// Whether every completion of `self` is one of `other`.
    pub fn is_subset(&self, other: &UncertainFacts) -> bool {
        self.sets
            .iter()
            .zip(&other.sets)
            .all(|(a, b)| a.is_subset(*b))
    }

    /// The situations in both, or `None` when there are none.
    pub fn intersection(&self, other: &UncertainFacts) -> Option<UncertainFacts> {
        let mut sets = self.sets;
        for (s, o) in sets.iter_mut().zip(&other.sets) {
            *s = s.intersection(*o);
            if s.is_empty() {
                return None;
            }
        }
        Some(UncertainFacts { sets })
    }

    /// Whether the two share a situation.
    pub fn meets(&self, other: &UncertainFacts) -> bool {
        self.sets
            .iter()
            .zip(&other.sets)
            .all(|(a, b)| !a.intersection(*b).is_empty())
    }

    /// The first completion (the first possible value of every fact).
    pub fn first(&self) -> Facts {
        Facts::from_values(self.sets.map(|s| s.iter().next().unwrap_or(0)))
    }

    /// Every completion, in the order of the fact space (the last fact
    /// varies fastest).
    pub fn completions(&self) -> Completions {
        let choices = self.sets.map(|s| {
            let mut v = [0u8; 16];
            let mut n = 0;
            for i in s.iter() {
                v[n] = i as u8;
                n += 1;
            }
            (v, n)
        });
        Completions {
            choices,
            odometer: [0; Fact::COUNT],
            done: self.is_empty(),
        }
    }
}

/// The completions of an [`UncertainFacts`], in fact-space order.
#[derive(Debug, Clone)]
pub struct Completions {
    choices: [([u8; 16], usize); Fact::COUNT],
    odometer: [usize; Fact::COUNT],
    done: bool,
}

impl Iterator for Completions {
    type Item = Facts;

    fn next(&mut self) -> Option<Facts> {
        if self.done {
            return None;
        }
        let mut values = [0usize; Fact::COUNT];
        for (k, v) in values.iter_mut().enumerate() {
            *v = usize::from(self.choices[k].0[self.odometer[k]]);
        }
        let facts = Facts::from_values(values);
        let mut k = Fact::COUNT;
        loop {
            if k == 0 {
                self.done = true;
                break;
            }
            k -= 1;
            self.odometer[k] += 1;
            if self.odometer[k] < self.choices[k].1 {
                break;
            }
            self.odometer[k] = 0;
        }
        Some(facts)
    }
}

/// The word that stands for every value of a fact.
pub const UNKNOWN: &str = "unknown";

/// How one fact's possible values are written: the value alone, a list of
/// them, or `"unknown"` for every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The fact.
    pub fact: Fact,
    /// Its possible values.
    pub values: Values,
}

impl Serialize for Written {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let one = |s: S, v: usize| -> Result<S::Ok, S::Error> {
            if self.fact.is_boolean() {
                s.serialize_bool(v == 0)
            } else {
                s.serialize_str(self.fact.values()[v])
            }
        };
        if let Some(v) = self.values.single() {
            return one(s, v);
        }
        if self.values == Values::all(self.fact) {
            return s.serialize_str(UNKNOWN);
        }
        s.collect_seq(self.values.iter().map(|v| WrittenValue(self.fact, v)))
    }
}

/// One value of a fact, as written in JSON (a string, or a boolean).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenValue(pub Fact, pub usize);

impl Serialize for WrittenValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_boolean() {
            s.serialize_bool(self.1 == 0)
        } else {
            s.serialize_str(self.0.values().get(self.1).copied().unwrap_or(""))
        }
    }
}

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = self.values.single() {
            return f.write_str(self.fact.values()[v]);
        }
        if self.values == Values::all(self.fact) {
            return f.write_str(UNKNOWN);
        }
        let names: Vec<&str> = self.values.iter().map(|v| self.fact.values()[v]).collect();
        f.write_str(&names.join(","))
    }
}

impl UncertainFacts {
    /// How `fact` is written: its value, a list, or `"unknown"`.
    pub fn written(&self, fact: Fact) -> Written {
        Written {
            fact,
            values: self.get(fact),
        }
    }

    /// The facts as the scenario writes them, in the spec's order, leaving
    /// out a `continuing` that has its default value (so that a v1 scenario
    /// is written as in v1).
    pub fn written_facts(&self) -> impl Iterator<Item = Written> + '_ {
        Fact::ALL
            .into_iter()
            .filter(|&fact| {
                fact.default_value()
                    .is_none_or(|d| self.get(fact) != Values::one(d))
            })
            .map(|fact| self.written(fact))
    }
}

/// The facts object of the spec: each fact by its value, a list of values,
/// or `"unknown"`; `continuing` only when it is not `false`.
impl Serialize for UncertainFacts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for w in self.written_facts() {
            map.serialize_entry(w.fact.name(), &w)?;
        }
        map.end()
    }
}
