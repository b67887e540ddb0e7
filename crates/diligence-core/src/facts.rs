//! The facts of a situation (spec section 1.1): closed sets of legal values,
//! each an enum, and the [`Facts`] of one scenario.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a closed set of values: an enum with its wire names (snake_case),
/// the list of all values in their legal order, and parsing from the name.
macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order of the spec.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The wire names of every value, in the order of the spec.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The wire name of this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value with this wire name.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The position of this value in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use closed_set;

closed_set! {
    /// The kind of activity.
    Domain {
        /// ICT operations.
        Cyber = "cyber",
        /// A banking or financial collapse.
        Finance = "finance",
        /// Journalism, media, broadcasts.
        Media = "media",
        /// The spread of disease.
        Health = "health",
        /// An exodus of population.
        Migration = "migration",
        /// Environmental harm, hazardous activities, organisms.
        Environment = "environment",
        /// Supply of arms or private military companies.
        Arms = "arms",
        /// Espionage.
        Espionage = "espionage",
        /// Emerging technology such as AI services.
        Technology = "technology",
        /// Anything else.
        Other = "other",
    }
}

closed_set! {
    /// Who conducts the activity.
    ConductBy {
        /// A private person or group.
        NonStateActor = "non_state_actor",
        /// Another State.
        ForeignState = "foreign_state",
        /// The territorial State's own organs (a question of attribution).
        TerritorialState = "territorial_state",
    }
}

closed_set! {
    /// How the activity is linked to the territorial State.
    TerritorialLink {
        /// Launched from its territory.
        Originates = "originates",
        /// Only passes through it.
        Transits = "transits",
        /// Uses infrastructure under its governmental control outside its territory.
        ControlledInfrastructure = "controlled_infrastructure",
        /// No link.
        None = "none",
    }
}

closed_set! {
    /// The consequences for the victim State, in increasing order.
    Harm {
        /// No harm.
        None = "none",
        /// Minor harm.
        Minor = "minor",
        /// Significant harm.
        Significant = "significant",
        /// Serious adverse consequences.
        Serious = "serious",
    }
}

closed_set! {
    /// What the territorial State knew, in increasing order.
    Knowledge {
        /// It had no way to know.
        None = "none",
        /// It should have known.
        Constructive = "constructive",
        /// It was notified in good faith by an affected State.
        Notified = "notified",
        /// It actually knew.
        Actual = "actual",
    }
}

closed_set! {
    /// When the activity stands.
    Timing {
        /// About to be launched: a material step has been taken.
        Imminent = "imminent",
        /// Under way.
        Ongoing = "ongoing",
        /// Over.
        Completed = "completed",
    }
}

closed_set! {
    /// Whether measures were reasonably available to the territorial State.
    Capacity {
        /// None were.
        None = "none",
        /// Some, limited, were.
        Limited = "limited",
        /// Feasible measures were.
        Feasible = "feasible",
    }
}

closed_set! {
    /// What the territorial State did, against what was feasible for it.
    Measures {
        /// Nothing.
        None = "none",
        /// Some measures, not all that were feasible.
        Some = "some",
        /// All feasible measures.
        AllFeasible = "all_feasible",
    }
}

/// Every fact of a scenario, in the contract's order (spec section 1.1).
///
/// This is the one table of the facts: their names, their values in order,
/// their labels and help text. Every reader, form, schema, the fact space and
/// the distances between situations iterate [`Fact::ALL`]; the matches below
/// are exhaustive, so a new fact does not compile until each is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    /// The kind of activity.
    Domain,
    /// Who conducts it.
    ConductBy,
    /// Its link to the territorial State.
    TerritorialLink,
    /// Whether it is contrary to a right of the victim State.
    ContraryToRights,
    /// The harm to the victim State.
    Harm,
    /// What the territorial State knew.
    Knowledge,
    /// When the operation stands.
    Timing,
    /// Whether measures were reasonably available.
    Capacity,
    /// What the territorial State did.
    Measures,
    /// Whether the actor's activity goes on beyond the operation (v2).
    Continuing,
}

/// The wire names of the two values of a true-or-false fact, in the spec's
/// order (`true`, then `false`).
pub const BOOLEAN_NAMES: &[&str] = &["true", "false"];

impl Fact {
    /// The number of facts.
    pub const COUNT: usize = 10;

    /// Every fact, in the spec's order.
    pub const ALL: [Fact; Fact::COUNT] = [
        Fact::Domain,
        Fact::ConductBy,
        Fact::TerritorialLink,
        Fact::ContraryToRights,
        Fact::Harm,
        Fact::Knowledge,
        Fact::Timing,
        Fact::Capacity,
        Fact::Measures,
        Fact::Continuing,
    ];

    /// The names of every fact, in the spec's order.
    pub const NAMES: [&'static str; Fact::COUNT] = [
        "domain",
        "conduct_by",
        "territorial_link",
        "contrary_to_rights",
        "harm",
        "knowledge",
        "timing",
        "capacity",
        "measures",
        "continuing",
    ];

    /// The fact's name in scenario files, JSON and query strings.
    pub fn name(self) -> &'static str {
        Fact::NAMES[self.index()]
    }

    /// The position of the fact in [`Fact::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The fact with this name.
    pub fn from_name(name: &str) -> Option<Fact> {
        Fact::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Fact::ALL[i])
    }

    /// The wire names of the fact's values, in the spec's order; a value of
    /// the fact is its position in this list.
    pub const fn values(self) -> &'static [&'static str] {
        match self {
            Fact::Domain => Domain::NAMES,
            Fact::ConductBy => ConductBy::NAMES,
            Fact::TerritorialLink => TerritorialLink::NAMES,
            Fact::ContraryToRights | Fact::Continuing => BOOLEAN_NAMES,
            Fact::Harm => Harm::NAMES,
            Fact::Knowledge => Knowledge::NAMES,
            Fact::Timing => Timing::NAMES,
            Fact::Capacity => Capacity::NAMES,
            Fact::Measures => Measures::NAMES,
        }
    }

    /// Where the fact's values start in the one-hot bit layout of a
    /// situation ([`Facts::bits`]): the sum of the arities of the facts
    /// before it.
    #[inline]
    pub const fn offset(self) -> usize {
        OFFSETS[self.index()]
    }

    /// The number of values of the fact.
    #[inline]
    pub const fn arity(self) -> usize {
        ARITIES[self.index()]
    }

    /// The position of the value with this wire name.
    pub fn value_index(self, name: &str) -> Option<usize> {
        self.values().iter().position(|v| *v == name)
    }

    /// Whether the fact is true or false (written as a boolean, not a string).
    pub fn is_boolean(self) -> bool {
        match self {
            Fact::ContraryToRights | Fact::Continuing => true,
            Fact::Domain
            | Fact::ConductBy
            | Fact::TerritorialLink
            | Fact::Harm
            | Fact::Knowledge
            | Fact::Timing
            | Fact::Capacity
            | Fact::Measures => false,
        }
    }

    /// The value a scenario that leaves the fact out has (`continuing`:
    /// false); `None` for a required fact.
    pub fn default_value(self) -> Option<usize> {
        match self {
            Fact::Continuing => Some(1),
            Fact::Domain
            | Fact::ConductBy
            | Fact::TerritorialLink
            | Fact::ContraryToRights
            | Fact::Harm
            | Fact::Knowledge
            | Fact::Timing
            | Fact::Capacity
            | Fact::Measures => None,
        }
    }

    /// A short label for forms and reports.
    pub fn label(self) -> &'static str {
        match self {
            Fact::Domain => "Kind of activity",
            Fact::ConductBy => "Who acts",
            Fact::TerritorialLink => "Link to the territorial State",
            Fact::ContraryToRights => "Contrary to the victim State's rights",
            Fact::Harm => "Harm to the victim State",
            Fact::Knowledge => "What the territorial State knew",
            Fact::Timing => "When the operation stands",
            Fact::Capacity => "Capacity to act",
            Fact::Measures => "What the territorial State did",
            Fact::Continuing => "Does the activity go on?",
        }
    }

    /// The fact explained in plain words.
    pub fn help(self) -> &'static str {
        match self {
            Fact::Domain => "What is going on: ICT operations, a financial collapse, journalism or broadcasts, disease, an exodus of population, environmental harm, arms or private military companies, espionage, emerging technology such as AI, or anything else.",
            Fact::ConductBy => "Who carries out the activity: a non-State actor (a company, a group, a person), a foreign State, or the territorial State's own organs. The last is a question of attribution, not of due diligence.",
            Fact::TerritorialLink => "The activity is launched from the State's territory, only passes through it (for instance routed through its networks), uses infrastructure under its governmental control abroad, or has no link to it.",
            Fact::ContraryToRights => "Would the activity breach a right of the victim State (its sovereignty, non-intervention, ...) if a State carried it out?",
            Fact::Harm => "How grave the consequences for the victim State are; serious means serious adverse consequences.",
            Fact::Knowledge => "It had no way to know; it should have known (constructive knowledge); an affected State notified it in good faith; or it actually knew.",
            Fact::Timing => "The operation in question is about to be launched (a material step has been taken), under way, or over.",
            Fact::Capacity => "Whether measures were reasonably available to the territorial State: none, limited, or feasible.",
            Fact::Measures => "Measured against what was feasible for it: nothing, something, or all feasible measures.",
            Fact::Continuing => "Does the actor's activity from or through the territory go on beyond the operation described: a campaign, or a group that keeps operating from there? If so, there is an ongoing activity to stop even once the operation is over.",
        }
    }

    /// Each value of the fact in plain words, in the order of [`Fact::values`].
    pub fn value_labels(self) -> &'static [&'static str] {
        match self {
            Fact::Domain => &[
                "ICT (cyber) operations",
                "a banking or financial collapse",
                "journalism, media, broadcasts",
                "the spread of disease",
                "an exodus of population",
                "environmental harm or organisms",
                "arms or private military companies",
                "espionage",
                "emerging technology such as AI",
                "another kind of activity",
            ],
            Fact::ConductBy => &[
                "a non-State actor",
                "another State",
                "the territorial State's own organs",
            ],
            Fact::TerritorialLink => &[
                "launched from the territory",
                "only transits the territory",
                "uses infrastructure under the State's control abroad",
                "no link to the State",
            ],
            Fact::ContraryToRights => &["contrary to the victim's rights", "not contrary to them"],
            Fact::Harm => &["no harm", "minor harm", "significant harm", "serious harm"],
            Fact::Knowledge => &[
                "had no way to know",
                "should have known",
                "was notified in good faith",
                "actually knew",
            ],
            Fact::Timing => &["imminent", "ongoing", "completed"],
            Fact::Capacity => &[
                "no measures available",
                "limited measures available",
                "feasible measures available",
            ],
            Fact::Measures => &[
                "took no measures",
                "took some measures",
                "took all feasible measures",
            ],
            Fact::Continuing => &["goes on beyond the operation", "ends with the operation"],
        }
    }

    /// The plain words of one value.
    pub fn value_label(self, value: usize) -> &'static str {
        self.value_labels().get(value).copied().unwrap_or("")
    }
}

/// The number of values of each fact, in the spec's order.
const ARITIES: [usize; Fact::COUNT] = {
    let mut a = [0; Fact::COUNT];
    let mut k = 0;
    while k < Fact::COUNT {
        a[k] = Fact::ALL[k].values().len();
        k += 1;
    }
    a
};

/// Where each fact starts in the one-hot bit layout of a situation.
const OFFSETS: [usize; Fact::COUNT] = {
    let mut o = [0; Fact::COUNT];
    let mut k = 1;
    while k < Fact::COUNT {
        o[k] = o[k - 1] + ARITIES[k - 1];
        k += 1;
    }
    o
};

/// The one-hot layout fits one machine word, and `Facts::bits` names every
/// fact.
const _: () = assert!(Fact::COUNT == 10);
const _: () = assert!(OFFSETS[Fact::COUNT - 1] + ARITIES[Fact::COUNT - 1] <= 64);

impl Serialize for Fact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The facts of one situation (spec section 1): one value for every fact.
/// A scenario that leaves `continuing` out has it `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The kind of activity.
    pub domain: Domain,
    /// Who conducts it.
    pub conduct_by: ConductBy,
    /// Its link to the territorial State.
    pub territorial_link: TerritorialLink,
    /// Whether it is contrary to a right of the victim State.
    pub contrary_to_rights: bool,
    /// The harm to the victim State.
    pub harm: Harm,
    /// What the territorial State knew.
    pub knowledge: Knowledge,
    /// When the operation stands.
    pub timing: Timing,
    /// Whether measures were reasonably available.
    pub capacity: Capacity,
    /// What the territorial State did.
    pub measures: Measures,
    /// Whether the actor's activity goes on beyond the operation (v2,
    /// default false; written only when true).
    #[serde(default, skip_serializing_if = "is_false")]
    pub continuing: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The position of a boolean in [`BOOLEAN_NAMES`].
fn bool_index(b: bool) -> usize {
    usize::from(!b)
}

impl Facts {
    /// The value of `fact`, as its position in [`Fact::values`].
    pub fn get(&self, fact: Fact) -> usize {
        match fact {
            Fact::Domain => self.domain.index(),
            Fact::ConductBy => self.conduct_by.index(),
            Fact::TerritorialLink => self.territorial_link.index(),
            Fact::ContraryToRights => bool_index(self.contrary_to_rights),
            Fact::Harm => self.harm.index(),
            Fact::Knowledge => self.knowledge.index(),
            Fact::Timing => self.timing.index(),
            Fact::Capacity => self.capacity.index(),
            Fact::Measures => self.measures.index(),
            Fact::Continuing => bool_index(self.continuing),
        }
    }

    /// The situation as one bit per fact, each at the fact's
    /// [`Fact::offset`] plus its value: a requirement that the fact take one
    /// of some values is then one mask (see `evaluate::Requirement::mask`).
    #[inline]
    pub fn bits(&self) -> u64 {
        // One term per fact, each with a constant offset.
        macro_rules! one_hot {
            ($($k:literal)*) => { 0 $(| 1u64 << (Fact::ALL[$k].offset() + self.get(Fact::ALL[$k])))* };
        }
        one_hot!(0 1 2 3 4 5 6 7 8 9)
    }

    /// The wire name of the value of `fact`.
    pub fn get_name(&self, fact: Fact) -> &'static str {
        fact.values()[self.get(fact)]
    }

    /// These facts with `fact` set to its value at `value` (a position in
    /// [`Fact::values`]); an out-of-range value leaves the facts unchanged.
    pub fn with(mut self, fact: Fact, value: usize) -> Facts {
        fn pick<T: Copy>(all: &[T], i: usize, old: T) -> T {
            all.get(i).copied().unwrap_or(old)
        }
        match fact {
            Fact::Domain => self.domain = pick(Domain::ALL, value, self.domain),
            Fact::ConductBy => self.conduct_by = pick(ConductBy::ALL, value, self.conduct_by),
            Fact::TerritorialLink => {
                self.territorial_link = pick(TerritorialLink::ALL, value, self.territorial_link)
            }
            Fact::ContraryToRights => {
                self.contrary_to_rights = pick(&[true, false], value, self.contrary_to_rights)
            }
            Fact::Harm => self.harm = pick(Harm::ALL, value, self.harm),
            Fact::Knowledge => self.knowledge = pick(Knowledge::ALL, value, self.knowledge),
            Fact::Timing => self.timing = pick(Timing::ALL, value, self.timing),
            Fact::Capacity => self.capacity = pick(Capacity::ALL, value, self.capacity),
            Fact::Measures => self.measures = pick(Measures::ALL, value, self.measures),
            Fact::Continuing => self.continuing = pick(&[true, false], value, self.continuing),
        }
        self
    }

    /// The situation with these values, one per fact in the order of
    /// [`Fact::ALL`], each a position in [`Fact::values`].
    pub fn from_values(values: [usize; Fact::COUNT]) -> Facts {
        Fact::ALL
            .iter()
            .zip(values)
            .fold(Facts::FIRST, |f, (&fact, v)| f.with(fact, v))
    }

    /// The value of every fact, in the order of [`Fact::ALL`].
    pub fn values(&self) -> [usize; Fact::COUNT] {
        Fact::ALL.map(|fact| self.get(fact))
    }

    /// The first situation of the fact space: the first value of every fact.
    pub const FIRST: Facts = Facts {
        domain: Domain::Cyber,
        conduct_by: ConductBy::NonStateActor,
        territorial_link: TerritorialLink::Originates,
        contrary_to_rights: true,
        harm: Harm::None,
        knowledge: Knowledge::None,
        timing: Timing::Imminent,
        capacity: Capacity::None,
        measures: Measures::None,
        continuing: true,
    };

    /// The facts on which two situations differ, in the spec's order.
    pub fn differences(&self, other: &Facts) -> Vec<Fact> {
        Fact::ALL
            .into_iter()
            .filter(|&f| self.get(f) != other.get(f))
            .collect()
    }
}
