//! The trace of an evaluation: one entry per element checked, saying which
//! obligation, which element, whether it was satisfied, why, and on which
//! authorities.

use crate::citation::Citation;
use crate::facts::closed_set;
use serde::{Deserialize, Serialize};

closed_set! {
    /// The element of an obligation checked at one step of the evaluation.
    /// Each is named after the fact it examines.
    Element {
        /// Whether the reading recognises any obligation at all.
        Obligation = "obligation",
        /// Who conducts the activity (attribution).
        ConductBy = "conduct_by",
        /// The activity's link to the territory.
        TerritorialLink = "territorial_link",
        /// The activity's domain.
        Domain = "domain",
        /// Whether the activity is contrary to the victim's rights.
        ContraryToRights = "contrary_to_rights",
        /// The harm threshold.
        Harm = "harm",
        /// The knowledge standard.
        Knowledge = "knowledge",
        /// Whether the required conduct covers the activity's stage.
        Timing = "timing",
        /// Whether measures were reasonably available.
        Capacity = "capacity",
        /// What the State did.
        Measures = "measures",
    }
}

/// One step of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEntry {
    /// The obligation's id (`none` for a reading with no obligation).
    pub obligation: String,
    /// The element checked.
    pub element: Element,
    /// Whether the element is satisfied.
    pub satisfied: bool,
    /// Why, in plain language.
    pub reason: String,
    /// The ids of the authorities behind the element.
    pub authorities: Vec<String>,
    /// The same authorities with their pinpoints.
    pub citations: Vec<Citation>,
}
