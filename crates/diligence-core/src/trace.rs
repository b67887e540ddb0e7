//! The trace of an evaluation: one entry per element checked, saying which
//! obligation, which element, whether it was satisfied, why, and on which
//! authorities.

use crate::citation::{Citation, Provenance};
use crate::facts::{closed_set, Fact};
use crate::inference::{self, TestedParameter};
use crate::obligation::{Obligation, Parameter};
use serde::Serialize;

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

impl Element {
    /// What the element asks, in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Element::Obligation => "Is there an obligation?",
            Element::ConductBy => "Who acts",
            Element::TerritorialLink => "Link to the territory",
            Element::Domain => "Kind of activity covered",
            Element::ContraryToRights => "Contrary to the victim State's rights",
            Element::Harm => "Harm threshold",
            Element::Knowledge => "Knowledge",
            Element::Timing => "Conduct required at this stage",
            Element::Capacity => "Capacity to act",
            Element::Measures => "What the State did",
        }
    }
}

/// One step of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceEntry {
    /// The obligation's id (`none` for a reading with no obligation).
    pub obligation: String,
    /// The element checked.
    pub element: Element,
    /// Whether the element is satisfied; `None` (JSON `null`) when it
    /// depends on the uncertain facts of the scenario (spec section 4.1).
    pub satisfied: Option<bool>,
    /// The uncertain facts an undetermined element depends on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Fact>,
    /// Why, in plain language.
    pub reason: String,
    /// The ids of the authorities behind the element.
    pub authorities: Vec<String>,
    /// The same authorities with their pinpoints.
    pub citations: Vec<Citation>,
    /// The obligation parameters the element tested, with their provenance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<TestedParameter>,
    /// `inferred` when any tested parameter is inferred, `explicit` when all
    /// are stated by their sources; absent when the element tests only facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

impl TraceEntry {
    /// An entry with the authorities of its citations, each once.
    pub fn new(
        obligation: &str,
        element: Element,
        satisfied: Option<bool>,
        reason: String,
        citations: Vec<Citation>,
    ) -> TraceEntry {
        let mut authorities: Vec<String> = Vec::new();
        for c in &citations {
            if !authorities.contains(&c.authority) {
                authorities.push(c.authority.clone());
            }
        }
        TraceEntry {
            obligation: obligation.to_string(),
            element,
            satisfied,
            depends_on: Vec::new(),
            reason,
            authorities,
            citations,
            parameters: Vec::new(),
            provenance: None,
        }
    }

    /// The entry, recording the parameters of `ob` the element tested.
    pub fn testing(mut self, ob: &Obligation, params: &[Parameter]) -> TraceEntry {
        self.parameters = inference::describe(ob, params);
        self.provenance = inference::provenance_of(&self.parameters);
        self
    }

    /// Whether the element rests on an inferred parameter.
    pub fn is_inferred(&self) -> bool {
        self.provenance == Some(Provenance::Inferred)
    }
}
