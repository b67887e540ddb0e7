//! The JSON answers of the API as typed views: each a struct that is
//! serialised as the answer and from which the OpenAPI schema of that
//! answer is derived, so the document says exactly what the server sends
//! (closed sets of values as enums, the fields always present as
//! required). Fields are declared in the order the answers write their
//! keys (alphabetical, as the command line prints them), so that the bytes
//! are those of `diligence ... --format json`.
//!
//! Here the views only the server writes: divergence, implications and the
//! debate. The assessment, profiles and authorities, which the command
//! line writes too, are typed views of `diligence-report`, as are the
//! closed sets of names these views share with them.

use diligence_analysis::implications::{Cell, Row};
use diligence_analysis::{Dendrogram, Divergence};
use diligence_argue::Semantics;
use diligence_core::inference::Inference;
use diligence_core::Status;
use diligence_kb::debate::{Audience, Camp, Debate, Value};
use diligence_kb::KnowledgeBase;
use diligence_report::debate::Labelled;
use diligence_report::named;
use diligence_report::schema::{closed, serde_names};
pub use diligence_report::schema::{
    CitationView, CodedValue, InferredByName, ParameterName, ProvenanceName, StatusName,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

named! {
    /// The camp of a debate argument.
    CampName(Camp) => serde_names(&[Camp::General, Camp::Specific, Camp::Middle])
}

named! {
    /// A value an argument promotes.
    ValueName(Value) => Value::ALL.map(Value::as_str)
}

// ---------------------------------------------------------------- divergence

/// How many situations of the fact space a profile decides with each
/// status; a status it never gives is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusCounts {
    /// Breach.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub breach: Option<u64>,
    /// Complied.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub complied: Option<u64>,
    /// A voluntary norm not observed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub norm_not_observed: Option<u64>,
    /// A voluntary norm observed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub norm_observed: Option<u64>,
    /// Not triggered.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub not_triggered: Option<u64>,
    /// Out of scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub out_of_scope: Option<u64>,
}

impl StatusCounts {
    fn of(counts: &BTreeMap<Status, u64>) -> StatusCounts {
        let mut out = StatusCounts::default();
        for (status, n) in counts {
            let slot = match status {
                Status::Breach => &mut out.breach,
                Status::Complied => &mut out.complied,
                Status::NormNotObserved => &mut out.norm_not_observed,
                Status::NormObserved => &mut out.norm_observed,
                Status::NotTriggered => &mut out.not_triggered,
                Status::OutOfScope => &mut out.out_of_scope,
            };
            *slot = Some(*n);
        }
        out
    }
}

/// One merge of the average-linkage clustering.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeView {
    /// The average share of situations on which members of the two
    /// clusters disagree (0 to 1).
    pub distance: f64,
    /// A cluster merged: below the number of profiles a profile's index,
    /// else the number of profiles plus the index of an earlier merge.
    pub left: usize,
    /// The other cluster merged.
    pub right: usize,
    /// The number of profiles in the merged cluster.
    pub size: usize,
}

/// `GET /api/v1/divergence`, as `diligence divergence --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DivergenceView {
    /// `[i][j]`: situations where exactly one of profiles i and j finds a
    /// breach.
    pub breach_disagreements: Vec<Vec<u64>>,
    /// `[i][j]`: situations where profile i finds a breach and j does not.
    pub breach_only: Vec<Vec<u64>>,
    /// The number of classes of situations every profile decides alike.
    pub classes: usize,
    /// The profiles in the order of the dendrogram's leaves.
    pub cluster_order: Vec<String>,
    /// The merges of the clustering, closest first.
    pub clusters: Vec<MergeView>,
    /// `[i][j]`: situations where profiles i and j give different statuses.
    pub disagreements: Vec<Vec<u64>>,
    /// For each profile id, its situations per status.
    pub distribution: BTreeMap<String, StatusCounts>,
    /// The profile ids, in matrix order.
    pub profiles: Vec<String>,
    /// The size of the fact space.
    pub situations: u64,
}

impl DivergenceView {
    /// The view of a divergence and its clustering.
    pub fn of(d: &Divergence, tree: &Dendrogram) -> DivergenceView {
        DivergenceView {
            breach_disagreements: d.breach_disagreements.clone(),
            breach_only: d.breach_only.clone(),
            classes: d.classes,
            cluster_order: tree
                .leaf_order()
                .iter()
                .map(|&i| d.profiles[i].clone())
                .collect(),
            clusters: tree
                .merges
                .iter()
                .map(|m| MergeView {
                    distance: m.distance,
                    left: m.left,
                    right: m.right,
                    size: m.size,
                })
                .collect(),
            disagreements: d.disagreements.clone(),
            distribution: d
                .distribution
                .iter()
                .map(|(id, counts)| (id.clone(), StatusCounts::of(counts)))
                .collect(),
            profiles: d.profiles.clone(),
            situations: d.situations,
        }
    }
}

// -------------------------------------------------------------- implications

/// An inferred parameter a cell's status rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InferenceView<'a> {
    /// Whose inference: the editors', or a commentator's imputation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub by: Option<InferredByName>,
    /// For an imputation, the passage that imputes the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub imputed_by: Option<CitationView<'a>>,
    /// The obligation whose parameter it is.
    pub obligation: String,
    /// The parameter.
    pub parameter: ParameterName,
    /// Always `inferred` here.
    pub provenance: ProvenanceName,
    /// Why it was inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reason: Option<String>,
    /// The coded value.
    pub value: CodedValue,
}

impl<'a> From<&'a Inference> for InferenceView<'a> {
    fn from(i: &'a Inference) -> InferenceView<'a> {
        let p = &i.parameter;
        InferenceView {
            by: p.by.map(InferredByName),
            imputed_by: p.imputed_by.as_ref().map(CitationView::from),
            obligation: i.obligation.clone(),
            parameter: p.parameter.into(),
            provenance: ProvenanceName(p.provenance),
            reason: p.reason.clone(),
            value: CodedValue(p.value),
        }
    }
}

/// One profile on one entry of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CellView<'a> {
    /// Whether a binding obligation is engaged (breach or complied).
    pub binding_obligation: bool,
    /// Whether a breach opens countermeasures.
    pub countermeasures: bool,
    /// Whether the profile is a State's or organisation's position.
    pub position: bool,
    /// The profile id.
    pub profile: String,
    /// For a position reaching the activity, what that reach rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reach: Option<String>,
    /// The deciding element's reason.
    pub reason: String,
    /// The inferred parameters the status rests on.
    pub rests_on_inference: Vec<InferenceView<'a>>,
    /// The status.
    pub status: StatusName,
}

impl<'a> CellView<'a> {
    fn of(kb: &KnowledgeBase, c: &'a Cell) -> CellView<'a> {
        CellView {
            binding_obligation: c.binding_obligation,
            countermeasures: c.countermeasures,
            position: c.position,
            profile: c.profile.clone(),
            reach: diligence_report::cite::reach_note(kb, c),
            reason: c.reason.clone(),
            rests_on_inference: c.rests_on_inference.iter().map(Into::into).collect(),
            status: StatusName(c.status),
        }
    }
}

/// One entry of the catalogue against every profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RowView<'a> {
    /// One cell per profile, in the order of `profiles`.
    pub cells: Vec<CellView<'a>>,
    /// The catalogue entry.
    pub entry: String,
    /// The id of its example scenario.
    pub scenario: String,
}

/// `GET /api/v1/implications`, as `diligence implications --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImplicationsView<'a> {
    /// The entries of the catalogue.
    pub catalogue: Vec<RowView<'a>>,
    /// The profile ids, in cell order.
    pub profiles: Vec<String>,
}

impl<'a> ImplicationsView<'a> {
    /// The view of the catalogue's rows.
    pub fn of(kb: &KnowledgeBase, profiles: &[&diligence_core::Profile], rows: &'a [Row]) -> Self {
        ImplicationsView {
            catalogue: rows
                .iter()
                .map(|r| RowView {
                    cells: r.cells.iter().map(|c| CellView::of(kb, c)).collect(),
                    entry: r.entry.clone(),
                    scenario: r.scenario.clone(),
                })
                .collect(),
            profiles: profiles.iter().map(|p| p.id.clone()).collect(),
        }
    }
}

// -------------------------------------------------------------------- debate

/// The label of an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LabelName(pub &'static str);

impl PartialSchema for LabelName {
    fn schema() -> RefOr<Schema> {
        closed(["in", "out", "undecided"]).into()
    }
}
impl ToSchema for LabelName {}

/// A semantics, by its abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SemanticsName(pub &'static str);

impl PartialSchema for SemanticsName {
    fn schema() -> RefOr<Schema> {
        closed(Semantics::ALL.iter().map(|s| s.abbreviation())).into()
    }
}
impl ToSchema for SemanticsName {}

/// One argument of the debate with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArgumentView<'a> {
    /// The ids of the arguments it attacks.
    pub attacks: Vec<String>,
    /// The authorities behind it.
    pub authorities: Vec<CitationView<'a>>,
    /// Its camp.
    pub camp: CampName,
    /// The claim, in the editors' words.
    pub claim: String,
    /// Its id.
    pub id: String,
    /// Its label under the semantics and audience.
    pub label: LabelName,
    /// The ids of the arguments it supports.
    pub supports: Vec<String>,
    /// Its short title.
    pub title: String,
    /// The values it promotes, the main one first.
    pub values: Vec<ValueName>,
}

/// `GET /api/v1/debate`, as `diligence debate --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DebateView<'a> {
    /// The accepted arguments (labelled in).
    pub accepted: Vec<String>,
    /// Every argument, labelled.
    pub arguments: Vec<ArgumentView<'a>>,
    /// Every attack, as `[attacker, attacked]`.
    pub attacks: Vec<[String; 2]>,
    /// The audience, or null when every attack succeeds.
    #[schema(required = true)]
    pub audience: Option<String>,
    /// The attacks that succeed for the audience.
    pub defeats: Vec<[String; 2]>,
    /// How many extensions the semantics has.
    pub extensions: usize,
    /// The semantics.
    pub semantics: SemanticsName,
}

impl<'a> DebateView<'a> {
    /// The view of a labelled debate.
    pub fn of(debate: &'a Debate, audience: Option<&Audience>, l: &Labelled) -> DebateView<'a> {
        let pairs = |af: &diligence_argue::Framework| -> Vec<[String; 2]> {
            af.attack_list()
                .iter()
                .map(|&(x, y)| {
                    [
                        debate.arguments[x].id.clone(),
                        debate.arguments[y].id.clone(),
                    ]
                })
                .collect()
        };
        DebateView {
            accepted: debate
                .arguments
                .iter()
                .zip(&l.labels)
                .filter(|(_, lab)| **lab == diligence_argue::Label::In)
                .map(|(a, _)| a.id.clone())
                .collect(),
            arguments: debate
                .arguments
                .iter()
                .zip(&l.labels)
                .map(|(a, lab)| ArgumentView {
                    attacks: a.attacks.clone(),
                    authorities: a.authorities.iter().map(Into::into).collect(),
                    camp: CampName(a.camp),
                    claim: a.claim.clone(),
                    id: a.id.clone(),
                    label: LabelName(diligence_report::debate::label_name(*lab)),
                    supports: a.supports.clone(),
                    title: a.title.clone(),
                    values: a.values.iter().copied().map(ValueName).collect(),
                })
                .collect(),
            attacks: pairs(&l.attacks),
            audience: audience.map(|a| a.id.clone()),
            defeats: pairs(&l.defeats),
            extensions: l.extensions,
            semantics: SemanticsName(l.semantics.abbreviation()),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each view writes the same bytes as the command line's JSON.

    use super::*;

    fn kb() -> &'static KnowledgeBase {
        KnowledgeBase::embedded().expect("the embedded knowledge base is valid")
    }

    #[test]
    fn the_divergence_view_writes_the_command_lines_bytes() {
        let kb = kb();
        let all: Vec<&diligence_core::Profile> = kb.profiles.iter().collect();
        for profiles in [&all[..], &all[..3], &all[all.len() - 2..]] {
            let partition = diligence_analysis::Partition::of(profiles);
            let d = Divergence::of(&partition);
            let tree = Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations);
            assert_eq!(
                diligence_report::json::to_pretty(&DivergenceView::of(&d, &tree)),
                diligence_report::pretty(&diligence_report::json::divergence(&d, &tree)),
            );
        }
    }

    #[test]
    fn the_implications_view_writes_the_command_lines_bytes() {
        let kb = kb();
        let all: Vec<&diligence_core::Profile> = kb.profiles.iter().collect();
        let rows = diligence_report::json::implication_rows(kb, &all);
        assert!(!rows.is_empty());
        assert_eq!(
            diligence_report::json::to_pretty(&ImplicationsView::of(kb, &all, &rows)),
            diligence_report::pretty(&diligence_report::json::implications(kb, &all, &rows)),
        );
    }

    #[test]
    fn the_debate_view_writes_the_command_lines_bytes() {
        let kb = kb();
        let audiences: Vec<Option<&Audience>> = std::iter::once(None)
            .chain(kb.debate.audiences.iter().map(Some))
            .collect();
        for sem in Semantics::ALL {
            for audience in &audiences {
                let Ok(l) = diligence_report::debate::label(&kb.debate, *audience, sem) else {
                    continue;
                };
                assert_eq!(
                    diligence_report::json::to_pretty(&DebateView::of(&kb.debate, *audience, &l)),
                    diligence_report::pretty(&diligence_report::debate::to_json(
                        &kb.debate, *audience, &l
                    )),
                    "{} {:?}",
                    sem.abbreviation(),
                    audience.map(|a| &a.id)
                );
            }
        }
    }
}
