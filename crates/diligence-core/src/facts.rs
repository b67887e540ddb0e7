//! The facts of a situation (spec section 1.1): closed sets of legal values,
//! each an enum, and the [`Facts`] of one scenario.

use serde::{Deserialize, Serialize};

/// Declares a closed set of values: an enum with its wire names (snake_case),
/// the list of all values in their legal order, and parsing from the name.
macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
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

/// The facts of one situation (spec section 1). Every field is required.
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
    /// When the activity stands.
    pub timing: Timing,
    /// Whether measures were reasonably available.
    pub capacity: Capacity,
    /// What the territorial State did.
    pub measures: Measures,
}

/// The names of the facts, in the order of the spec.
pub const FACT_NAMES: &[&str] = &[
    "domain",
    "conduct_by",
    "territorial_link",
    "contrary_to_rights",
    "harm",
    "knowledge",
    "timing",
    "capacity",
    "measures",
];

/// The allowed values of a fact, by its name; `None` for an unknown fact.
pub fn allowed_values(fact: &str) -> Option<&'static [&'static str]> {
    Some(match fact {
        "domain" => Domain::NAMES,
        "conduct_by" => ConductBy::NAMES,
        "territorial_link" => TerritorialLink::NAMES,
        "contrary_to_rights" => &["true", "false"],
        "harm" => Harm::NAMES,
        "knowledge" => Knowledge::NAMES,
        "timing" => Timing::NAMES,
        "capacity" => Capacity::NAMES,
        "measures" => Measures::NAMES,
        _ => return None,
    })
}
