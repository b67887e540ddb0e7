//! Citations of authorities and the provenance of every coded value: whether
//! the source states it (`explicit`) or the editors inferred it (`inferred`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A reference to a knowledge-base authority, with a pinpoint where the
/// source gives one (a page, paragraph or rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The knowledge-base id of the authority.
    pub authority: String,
    /// Where in the authority: `p. 22`, `para 429`, `Rule 6`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<String>,
}

impl Citation {
    /// A citation with a pinpoint.
    pub fn new(authority: impl Into<String>, pinpoint: impl Into<String>) -> Self {
        Citation {
            authority: authority.into(),
            pinpoint: Some(pinpoint.into()),
        }
    }
}

/// Whether a coded value is stated by its source or inferred by the editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The cited source states the value.
    Explicit,
    /// The editors inferred the value; `reason` says why.
    Inferred,
}

/// A coded value with its provenance and citations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Coded_{T}")]
pub struct Coded<T> {
    /// The value.
    pub value: T,
    /// Explicit in the source, or inferred.
    pub provenance: Provenance,
    /// Where the value comes from.
    #[serde(default)]
    pub cite: Vec<Citation>,
    /// Why the editors inferred the value (required when inferred).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A remark for reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the inference is not the editors' own but an imputation made by
    /// a commentator: the passage that imputes the value to the reading
    /// (e.g. the critique that a general obligation would reach every
    /// activity). Only with `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imputed_by: Option<Citation>,
}

impl<T> Coded<T> {
    /// A value stated explicitly by the cited sources.
    pub fn explicit(value: T, cite: Vec<Citation>) -> Self {
        Coded {
            value,
            provenance: Provenance::Explicit,
            cite,
            reason: None,
            note: None,
            imputed_by: None,
        }
    }

    /// A value inferred by the editors for the given reason.
    pub fn inferred(value: T, reason: impl Into<String>, cite: Vec<Citation>) -> Self {
        Coded {
            value,
            provenance: Provenance::Inferred,
            cite,
            reason: Some(reason.into()),
            note: None,
            imputed_by: None,
        }
    }

    /// The ids of the cited authorities, in citation order.
    pub fn authority_ids(&self) -> impl Iterator<Item = &str> {
        self.cite.iter().map(|c| c.authority.as_str())
    }
}
