//! Obligations (spec section 2): the parameters that say when a reading of
//! due diligence applies, what triggers it and what it requires.

use crate::citation::Coded;
use crate::facts::{closed_set, Domain, Harm, Knowledge, Timing};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

closed_set! {
    /// The least knowledge that triggers an obligation.
    KnowledgeStandard {
        /// Knew or should have known.
        Constructive = "constructive",
        /// Was notified in good faith (or knew).
        Notified = "notified",
        /// Actually knew.
        Actual = "actual",
    }
}

impl KnowledgeStandard {
    /// The least [`Knowledge`] that meets this standard.
    pub fn least(self) -> Knowledge {
        match self {
            KnowledgeStandard::Constructive => Knowledge::Constructive,
            KnowledgeStandard::Notified => Knowledge::Notified,
            KnowledgeStandard::Actual => Knowledge::Actual,
        }
    }
}

closed_set! {
    /// A kind of conduct an obligation requires.
    Conduct {
        /// Prevent an imminent activity, or harm from an ongoing one (v2).
        Prevent = "prevent",
        /// Stop an ongoing activity.
        Stop = "stop",
        /// Redress a completed activity.
        Redress = "redress",
    }
}

impl Conduct {
    /// The conduct v1 named for an activity at this stage: prevent an
    /// imminent one, stop an ongoing one, redress a completed one.
    pub fn for_timing(timing: Timing) -> Conduct {
        match timing {
            Timing::Imminent => Conduct::Prevent,
            Timing::Ongoing => Conduct::Stop,
            Timing::Completed => Conduct::Redress,
        }
    }

    /// Whether this conduct covers an activity at this stage (spec section
    /// 3, v2): prevent covers an imminent and an ongoing activity, stop an
    /// ongoing one, redress a completed one.
    pub fn covers(self, timing: Timing) -> bool {
        matches!(
            (self, timing),
            (Conduct::Prevent, Timing::Imminent | Timing::Ongoing)
                | (Conduct::Stop, Timing::Ongoing)
                | (Conduct::Redress, Timing::Completed)
        )
    }
}

/// The domains an obligation covers: every activity, or a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DomainSet {
    bits: u16,
    all: bool,
}

impl DomainSet {
    /// Every activity (`all`).
    pub const ALL: DomainSet = DomainSet {
        bits: (1 << 10) - 1,
        all: true,
    };

    /// Exactly these domains.
    pub fn of(domains: &[Domain]) -> Self {
        let bits = domains.iter().fold(0u16, |b, d| b | 1 << d.index());
        DomainSet { bits, all: false }
    }

    /// The covered domains as a bit mask: bit `i` for the domain at
    /// position `i` of [`Domain::ALL`].
    pub fn bits(self) -> u16 {
        self.bits
    }

    /// Whether the set covers this domain.
    pub fn contains(self, domain: Domain) -> bool {
        self.bits & (1 << domain.index()) != 0
    }

    /// Whether the set was written as `all`.
    pub fn is_all(self) -> bool {
        self.all
    }

    /// Whether the set is an empty list.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The covered domains, in the spec's order.
    pub fn iter(self) -> impl Iterator<Item = Domain> {
        Domain::ALL
            .iter()
            .copied()
            .filter(move |d| self.contains(*d))
    }
}

impl fmt::Display for DomainSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.all {
            return f.write_str("all");
        }
        let names: Vec<&str> = self.iter().map(Domain::as_str).collect();
        f.write_str(&names.join(", "))
    }
}

impl Serialize for DomainSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.all {
            return s.serialize_str("all");
        }
        let mut seq = s.serialize_seq(None)?;
        for d in self.iter() {
            seq.serialize_element(&d)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for DomainSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DomainSet;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(
                    f,
                    "\"all\" or a list of domains ({})",
                    Domain::NAMES.join(", ")
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DomainSet, E> {
                if v == "all" {
                    Ok(DomainSet::ALL)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<DomainSet, A::Error> {
                let mut domains = Vec::new();
                while let Some(d) = seq.next_element::<Domain>()? {
                    domains.push(d);
                }
                Ok(DomainSet::of(&domains))
            }
        }
        d.deserialize_any(V)
    }
}

/// The conduct an obligation requires: a set of [`Conduct`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ConductSet {
    bits: u8,
}

impl ConductSet {
    /// Exactly these kinds of conduct.
    pub fn of(conduct: &[Conduct]) -> Self {
        ConductSet {
            bits: conduct.iter().fold(0, |b, c| b | 1 << c.index()),
        }
    }

    /// Whether the set holds this conduct.
    pub fn contains(self, conduct: Conduct) -> bool {
        self.bits & (1 << conduct.index()) != 0
    }

    /// Whether some conduct of the set covers an activity at this stage.
    pub fn covers(self, timing: Timing) -> bool {
        self.timings() & (1 << timing.index()) != 0
    }

    /// The stages of an activity the set covers, as a bit mask: bit `i`
    /// for the timing at position `i` of [`Timing::ALL`] (spec section 3,
    /// v2: prevent covers imminent and ongoing, stop ongoing, redress
    /// completed).
    pub fn timings(self) -> u16 {
        const IMMINENT: u16 = 1 << Timing::Imminent as usize;
        const ONGOING: u16 = 1 << Timing::Ongoing as usize;
        const COMPLETED: u16 = 1 << Timing::Completed as usize;
        let has = |c: Conduct| self.bits & (1 << c as usize) != 0;
        let mut t = 0;
        if has(Conduct::Prevent) {
            t |= IMMINENT | ONGOING;
        }
        if has(Conduct::Stop) {
            t |= ONGOING;
        }
        if has(Conduct::Redress) {
            t |= COMPLETED;
        }
        t
    }

    /// The conduct of the set that covers an activity at this stage, if
    /// any: the one v1 named for it where the set holds it, else the other
    /// that covers it (prevent, for an ongoing activity).
    pub fn covering(self, timing: Timing) -> Option<Conduct> {
        let named = Conduct::for_timing(timing);
        if self.contains(named) {
            return Some(named);
        }
        self.iter().find(|c| c.covers(timing))
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The conduct in the set, in the spec's order.
    pub fn iter(self) -> impl Iterator<Item = Conduct> {
        Conduct::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl fmt::Display for ConductSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Conduct::as_str).collect();
        if names.is_empty() {
            return f.write_str("none");
        }
        f.write_str(&names.join(", "))
    }
}

impl Serialize for ConductSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ConductSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<Conduct>::deserialize(d)?;
        Ok(ConductSet::of(&list))
    }
}

/// One obligation of a profile, every parameter coded with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Id, unique within the profile (`rule-6-7`).
    pub id: String,
    /// A short title.
    pub title: String,
    /// A legal obligation (`true`) or a voluntary, non-binding norm.
    pub binding: Coded<bool>,
    /// The activities it covers.
    pub domains: Coded<DomainSet>,
    /// Applies where the activity only transits the territory.
    pub covers_transit: Coded<bool>,
    /// Applies where infrastructure under governmental control abroad is used.
    pub covers_controlled_infrastructure: Coded<bool>,
    /// Triggered only by activity contrary to the victim's rights.
    pub requires_contrary_to_rights: Coded<bool>,
    /// The least harm that triggers it.
    pub harm_threshold: Coded<Harm>,
    /// The least knowledge that triggers it.
    pub knowledge_standard: Coded<KnowledgeStandard>,
    /// What it requires: prevent, stop, redress.
    pub conduct: Coded<ConductSet>,
    /// Whether a breach lets the injured State take countermeasures.
    pub countermeasures: Coded<bool>,
}

/// The nine parameters of an obligation (spec section 2), in the spec's
/// order: the one table that the profile views, the JSON, the draft edits
/// and the checks iterate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Parameter {
    /// A legal obligation, or a voluntary norm.
    Binding,
    /// The activities it covers.
    Domains,
    /// Whether it applies where the activity transits the territory.
    CoversTransit,
    /// Whether it applies to infrastructure under governmental control abroad.
    CoversControlledInfrastructure,
    /// Whether only activity contrary to the victim's rights triggers it.
    RequiresContraryToRights,
    /// The least harm that triggers it.
    HarmThreshold,
    /// The least knowledge that triggers it.
    KnowledgeStandard,
    /// What it requires.
    Conduct,
    /// Whether a breach opens countermeasures.
    Countermeasures,
}

impl Parameter {
    /// Every parameter, in the spec's order.
    pub const ALL: [Parameter; 9] = [
        Parameter::Binding,
        Parameter::Domains,
        Parameter::CoversTransit,
        Parameter::CoversControlledInfrastructure,
        Parameter::RequiresContraryToRights,
        Parameter::HarmThreshold,
        Parameter::KnowledgeStandard,
        Parameter::Conduct,
        Parameter::Countermeasures,
    ];

    /// The names of every parameter, in the spec's order.
    pub const NAMES: [&'static str; 9] = [
        "binding",
        "domains",
        "covers_transit",
        "covers_controlled_infrastructure",
        "requires_contrary_to_rights",
        "harm_threshold",
        "knowledge_standard",
        "conduct",
        "countermeasures",
    ];

    /// The parameter's name in the data files and the JSON.
    pub fn name(self) -> &'static str {
        Parameter::NAMES[self as usize]
    }

    /// A short label in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Parameter::Binding => "Binding",
            Parameter::Domains => "Activities covered",
            Parameter::CoversTransit => "Covers transit",
            Parameter::CoversControlledInfrastructure => "Covers controlled infrastructure abroad",
            Parameter::RequiresContraryToRights => "Only acts contrary to the victim's rights",
            Parameter::HarmThreshold => "Harm threshold",
            Parameter::KnowledgeStandard => "Knowledge standard",
            Parameter::Conduct => "Conduct required",
            Parameter::Countermeasures => "Breach opens countermeasures",
        }
    }

    /// Every other value the parameter could take instead of `current`, for
    /// one-parameter edits of a draft: the other truth value; every other
    /// threshold or standard; each conduct added or removed (never empty);
    /// `all` domains against cyber only.
    pub fn alternatives(self, current: ParameterValue) -> Vec<ParameterValue> {
        match current {
            ParameterValue::Flag(b) => vec![ParameterValue::Flag(!b)],
            ParameterValue::Harm(h) => Harm::ALL
                .iter()
                .filter(|x| **x != h)
                .map(|x| ParameterValue::Harm(*x))
                .collect(),
            ParameterValue::Knowledge(k) => KnowledgeStandard::ALL
                .iter()
                .filter(|x| **x != k)
                .map(|x| ParameterValue::Knowledge(*x))
                .collect(),
            ParameterValue::Conduct(set) => Conduct::ALL
                .iter()
                .filter_map(|c| {
                    let mut v: Vec<Conduct> = set.iter().collect();
                    if v.contains(c) {
                        v.retain(|x| x != c);
                    } else {
                        v.push(*c);
                    }
                    (!v.is_empty()).then(|| ParameterValue::Conduct(ConductSet::of(&v)))
                })
                .collect(),
            ParameterValue::Domains(d) => vec![ParameterValue::Domains(if d.is_all() {
                DomainSet::of(&[crate::facts::Domain::Cyber])
            } else {
                DomainSet::ALL
            })],
        }
    }
}

impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value of a parameter, whatever its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterValue {
    /// `binding`, `covers_transit`, `covers_controlled_infrastructure`,
    /// `requires_contrary_to_rights`, `countermeasures`.
    Flag(bool),
    /// `domains`.
    Domains(DomainSet),
    /// `harm_threshold`.
    Harm(Harm),
    /// `knowledge_standard`.
    Knowledge(KnowledgeStandard),
    /// `conduct`.
    Conduct(ConductSet),
}

impl ParameterValue {
    /// The value of parameter `p` in plain words, for people ("legal
    /// obligation", "should have known (constructive knowledge)").
    pub fn words(self, p: Parameter) -> String {
        use ParameterValue as V;
        let flag = |b: bool, yes: &str, no: &str| if b { yes } else { no }.to_string();
        match (p, self) {
            (Parameter::Binding, V::Flag(b)) => {
                flag(b, "legal obligation", "voluntary, non-binding norm")
            }
            (Parameter::CoversTransit, V::Flag(b)) => flag(
                b,
                "covers activity that passes through the territory",
                "only activity launched from the territory",
            ),
            (Parameter::CoversControlledInfrastructure, V::Flag(b)) => flag(
                b,
                "covers infrastructure under the State's control abroad",
                "not infrastructure under its control abroad",
            ),
            (Parameter::RequiresContraryToRights, V::Flag(b)) => flag(
                b,
                "only acts contrary to the victim State's rights",
                "any harmful activity, lawful or not",
            ),
            (Parameter::Countermeasures, V::Flag(b)) => flag(
                b,
                "a breach opens countermeasures",
                "a breach opens no countermeasures",
            ),
            (_, V::Flag(b)) => flag(b, "yes", "no"),
            (_, V::Domains(d)) if d.is_all() => "every kind of activity".to_string(),
            (_, V::Domains(d)) => {
                let names: Vec<String> = d.iter().map(|x| x.as_str().replace('_', " ")).collect();
                format!("{} activity only", names.join(", "))
            }
            (_, V::Harm(h)) => match h {
                Harm::None => "any harm".to_string(),
                other => format!("{} harm", other.as_str()),
            },
            (_, V::Knowledge(k)) => match k {
                KnowledgeStandard::Constructive => "should have known (constructive knowledge)",
                KnowledgeStandard::Notified => "notified by the affected State",
                KnowledgeStandard::Actual => "actual knowledge",
            }
            .to_string(),
            (_, V::Conduct(c)) => {
                let words: Vec<&str> = c
                    .iter()
                    .map(|x| match x {
                        Conduct::Prevent => "prevent",
                        Conduct::Stop => "put an end to it",
                        Conduct::Redress => "redress",
                    })
                    .collect();
                words.join(", ")
            }
        }
    }
}

impl fmt::Display for ParameterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParameterValue::Flag(b) => write!(f, "{b}"),
            ParameterValue::Domains(d) => write!(f, "{d}"),
            ParameterValue::Harm(h) => write!(f, "{h}"),
            ParameterValue::Knowledge(k) => write!(f, "{k}"),
            ParameterValue::Conduct(c) => write!(f, "{c}"),
        }
    }
}

impl Serialize for ParameterValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ParameterValue::Flag(b) => b.serialize(s),
            ParameterValue::Domains(d) => d.serialize(s),
            ParameterValue::Harm(h) => h.serialize(s),
            ParameterValue::Knowledge(k) => k.serialize(s),
            ParameterValue::Conduct(c) => c.serialize(s),
        }
    }
}

impl Obligation {
    /// The ids of the authorities its parameters cite, each once, in order of
    /// first citation (spec section 2, `authorities`).
    pub fn authorities(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for cite in self.citations() {
            if !ids.iter().any(|id| id == &cite.authority) {
                ids.push(cite.authority.clone());
            }
        }
        ids
    }

    /// Every citation of every parameter, in parameter order.
    pub fn citations(&self) -> impl Iterator<Item = &crate::Citation> {
        self.parameters().into_iter().flat_map(|p| p.cite.iter())
    }

    /// One parameter: its value and provenance.
    pub fn get(&self, p: Parameter) -> ParameterRef<'_> {
        use ParameterValue as V;
        match p {
            Parameter::Binding => ParameterRef::new(p, &self.binding, V::Flag),
            Parameter::Domains => ParameterRef::new(p, &self.domains, V::Domains),
            Parameter::CoversTransit => ParameterRef::new(p, &self.covers_transit, V::Flag),
            Parameter::CoversControlledInfrastructure => {
                ParameterRef::new(p, &self.covers_controlled_infrastructure, V::Flag)
            }
            Parameter::RequiresContraryToRights => {
                ParameterRef::new(p, &self.requires_contrary_to_rights, V::Flag)
            }
            Parameter::HarmThreshold => ParameterRef::new(p, &self.harm_threshold, V::Harm),
            Parameter::KnowledgeStandard => {
                ParameterRef::new(p, &self.knowledge_standard, V::Knowledge)
            }
            Parameter::Conduct => ParameterRef::new(p, &self.conduct, V::Conduct),
            Parameter::Countermeasures => ParameterRef::new(p, &self.countermeasures, V::Flag),
        }
    }

    /// Sets one parameter's value (its provenance is kept); false, and
    /// nothing changed, when the value is not of the parameter's type.
    pub fn set(&mut self, p: Parameter, value: ParameterValue) -> bool {
        use ParameterValue as V;
        match (p, value) {
            (Parameter::Binding, V::Flag(b)) => self.binding.value = b,
            (Parameter::Domains, V::Domains(d)) => self.domains.value = d,
            (Parameter::CoversTransit, V::Flag(b)) => self.covers_transit.value = b,
            (Parameter::CoversControlledInfrastructure, V::Flag(b)) => {
                self.covers_controlled_infrastructure.value = b
            }
            (Parameter::RequiresContraryToRights, V::Flag(b)) => {
                self.requires_contrary_to_rights.value = b
            }
            (Parameter::HarmThreshold, V::Harm(h)) => self.harm_threshold.value = h,
            (Parameter::KnowledgeStandard, V::Knowledge(k)) => self.knowledge_standard.value = k,
            (Parameter::Conduct, V::Conduct(c)) => self.conduct.value = c,
            (Parameter::Countermeasures, V::Flag(b)) => self.countermeasures.value = b,
            _ => return false,
        }
        true
    }

    /// The nine parameters with their values and provenance, in the
    /// spec's order.
    pub fn parameters(&self) -> [ParameterRef<'_>; 9] {
        Parameter::ALL.map(|p| self.get(p))
    }
}

/// A parameter's value and provenance, whatever its type.
#[derive(Debug, Clone)]
pub struct ParameterRef<'a> {
    /// The parameter.
    pub parameter: Parameter,
    /// The spec's name of the parameter.
    pub name: &'static str,
    /// The provenance.
    pub provenance: crate::Provenance,
    /// The citations.
    pub cite: &'a [crate::Citation],
    /// The reason for an inference.
    pub reason: Option<&'a str>,
    /// A reviewer's note.
    pub note: Option<&'a str>,
    /// The commentator's passage that imputes the value, where the
    /// inference is an imputation and not the editors' own.
    pub imputed_by: Option<&'a crate::Citation>,
    /// The value.
    pub value: ParameterValue,
}

impl<'a> ParameterRef<'a> {
    fn new<T: Copy>(
        parameter: Parameter,
        coded: &'a Coded<T>,
        wrap: fn(T) -> ParameterValue,
    ) -> Self {
        ParameterRef {
            parameter,
            name: parameter.name(),
            provenance: coded.provenance,
            cite: &coded.cite,
            reason: coded.reason.as_deref(),
            note: coded.note.as_deref(),
            imputed_by: coded.imputed_by.as_ref(),
            value: wrap(coded.value),
        }
    }

    /// The parameter's whole coding (value, provenance, citations, reason,
    /// note) as a [`Coded`] of its value.
    pub fn coded(&self) -> Coded<ParameterValue> {
        Coded {
            value: self.value,
            provenance: self.provenance,
            cite: self.cite.to_vec(),
            reason: self.reason.map(str::to_string),
            note: self.note.map(str::to_string),
            imputed_by: self.imputed_by.cloned(),
        }
    }
}
