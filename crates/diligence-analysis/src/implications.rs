//! The beyond-cyber implications: each situation of the catalogue (banking,
//! media, pandemics, exodus, organisms, arms, espionage, AI) against every
//! profile, saying which readings put the territorial State under a binding
//! obligation, which expose it to countermeasures, and why.

use diligence_core::inference::{Inference, InferredBy};
use diligence_core::profile::ProfileKind;
use diligence_core::{assess, Citation, Facts, Profile, Status};
use serde::Serialize;

/// A situation of the catalogue.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The catalogue entry (`Banking collapse`).
    pub label: &'a str,
    /// The example scenario's name.
    pub scenario: &'a str,
    /// The situation.
    pub facts: Facts,
}

/// One profile on one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The profile id.
    pub profile: String,
    /// Its status.
    pub status: Status,
    /// Whether a binding obligation is engaged (breach or complied).
    pub binding_obligation: bool,
    /// Whether a breach opens countermeasures.
    pub countermeasures: bool,
    /// The deciding element's reason.
    pub reason: String,
    /// Whether the profile is a State's or organisation's position (whose
    /// statement addresses cyberspace), not a doctrine.
    pub position: bool,
    /// The inferred parameters the status rests on.
    pub rests_on_inference: Vec<Inference>,
}

impl Cell {
    /// The commentator's passage that imputes to the reading the reach
    /// that decides this cell, if the cell rests on such an imputation.
    pub fn imputed_by(&self) -> Option<&Citation> {
        self.rests_on_inference
            .iter()
            .filter(|i| i.parameter.by == Some(InferredBy::Imputation))
            .find_map(|i| i.parameter.imputed_by.as_ref())
    }
}

/// One entry against every profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The catalogue entry.
    pub entry: String,
    /// The example scenario.
    pub scenario: String,
    /// One cell per profile, in profile order.
    pub cells: Vec<Cell>,
}

impl Row {
    /// The profiles under which the State is bound.
    pub fn binding(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(|c| c.binding_obligation)
    }
}

/// Assesses every entry against every profile.
pub fn implications(entries: &[Entry<'_>], profiles: &[&Profile]) -> Vec<Row> {
    entries
        .iter()
        .map(|e| Row {
            entry: e.label.to_string(),
            scenario: e.scenario.to_string(),
            cells: profiles
                .iter()
                .map(|p| {
                    let a = assess(p, &e.facts);
                    let status = a.status.status().unwrap_or(Status::OutOfScope);
                    Cell {
                        profile: p.id.clone(),
                        status,
                        binding_obligation: matches!(status, Status::Breach | Status::Complied),
                        countermeasures: a.countermeasures,
                        reason: a.summary(),
                        position: p.kind != ProfileKind::Doctrine,
                        rests_on_inference: a.rests_on_inference,
                    }
                })
                .collect(),
        })
        .collect()
}
