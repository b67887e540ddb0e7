//! The conditions under which an injured State may take countermeasures
//! against a State in breach, under the law of State responsibility (the
//! International Law Commission's 2001 articles, arts 49-53). A result that
//! "opens countermeasures" opens them only on these conditions.

use crate::citation::Citation;
use serde::Serialize;

/// The knowledge-base id of the International Law Commission's articles on
/// State responsibility (2001).
pub const AUTHORITY: &str = "ilc-arsiwa-2001";

/// One condition of lawful countermeasures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// A short name.
    pub condition: &'static str,
    /// What it requires, in plain words.
    pub requirement: &'static str,
    /// The article that sets it.
    pub pinpoint: &'static str,
}

/// The conditions, in the order a State meets them.
pub const CONDITIONS: [Condition; 5] = [
    Condition {
        condition: "injured State",
        requirement: "only the State injured by the breach may take them, against the State \
                      responsible, and only to induce it to comply with its obligations",
        pinpoint: "art 49(1)",
    },
    Condition {
        condition: "prior call to comply",
        requirement: "before taking them, the injured State must call on the responsible State \
                      to comply, notify it of the decision to take countermeasures and offer \
                      to negotiate; they must be suspended once the wrongful act has ceased \
                      and the dispute is before a court or tribunal",
        pinpoint: "art 52",
    },
    Condition {
        condition: "proportionality",
        requirement: "they must be commensurate with the injury suffered, taking into account \
                      the gravity of the wrongful act and the rights in question",
        pinpoint: "art 51",
    },
    Condition {
        condition: "reversibility",
        requirement: "they are limited to the temporary non-performance of obligations and must, \
                      as far as possible, allow the resumption of performance",
        pinpoint: "art 49(2)-(3)",
    },
    Condition {
        condition: "obligations not affected",
        requirement: "they may not affect the prohibition of the threat or use of force, \
                      fundamental human rights, humanitarian prohibitions of reprisals or \
                      peremptory norms, and must end as soon as the responsible State complies",
        pinpoint: "arts 50, 53",
    },
];

/// The citation of the conditions as a whole.
pub fn citation() -> Citation {
    Citation::new(AUTHORITY, "arts 49-53")
}

/// The conditions in one phrase, for a trace reason.
pub fn in_brief() -> &'static str {
    "subject to the conditions of the law of State responsibility (ILC articles 49-53: \
     injured State, prior call to comply, proportionality, reversibility)"
}
