//! What a result rests on: the obligation parameters each element of the
//! evaluation tests, with their provenance, and the inferred ones on a
//! result's deciding path (`rests_on_inference`), each with its reason and
//! whose inference it is (the editors', or a commentator's imputation).

use crate::citation::{Citation, Provenance};
use crate::facts::{Fact, Facts, Measures, TerritorialLink};
use crate::obligation::{Obligation, Parameter, ParameterValue};
use crate::status::{Status, Verdict};
use crate::trace::{Element, TraceEntry};
use crate::uncertain::UncertainFacts;
use serde::{Serialize, Serializer};

/// The parameters of `ob` that `element` tests in situation `f`; none for
/// the elements that test only facts (attribution, capacity) or the
/// reading as a whole.
pub fn tested(ob: &Obligation, element: Element, f: &Facts) -> Vec<Parameter> {
    match element {
        Element::Obligation | Element::ConductBy | Element::Capacity => Vec::new(),
        Element::TerritorialLink => match f.territorial_link {
            TerritorialLink::Transits => vec![Parameter::CoversTransit],
            TerritorialLink::ControlledInfrastructure => {
                vec![Parameter::CoversControlledInfrastructure]
            }
            TerritorialLink::Originates | TerritorialLink::None => Vec::new(),
        },
        Element::Domain => vec![Parameter::Domains],
        Element::ContraryToRights => vec![Parameter::RequiresContraryToRights],
        Element::Harm => vec![Parameter::HarmThreshold],
        Element::Knowledge => vec![Parameter::KnowledgeStandard],
        Element::Timing => vec![Parameter::Conduct],
        Element::Measures => {
            let mut out = vec![Parameter::Binding];
            if ob.binding.value && f.measures != Measures::AllFeasible {
                out.push(Parameter::Countermeasures);
            }
            out
        }
    }
}

/// The parameters `element` tests in any situation of an uncertain
/// scenario that differs only in the `relevant` facts.
pub fn tested_over(
    ob: &Obligation,
    element: Element,
    facts: &UncertainFacts,
    relevant: &[Fact],
) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::new();
    let mut add = |f: &Facts| {
        for p in tested(ob, element, f) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    };
    add(&facts.first());
    if matches!(element, Element::TerritorialLink | Element::Measures) {
        for v in crate::explain::variants(facts, relevant) {
            add(&v);
        }
    }
    out.sort();
    out
}

/// One parameter an element tested: its value and provenance, and for an
/// inference, why and whose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestedParameter {
    /// The spec's name of the parameter.
    #[serde(serialize_with = "parameter_name")]
    pub parameter: Parameter,
    /// Its coded value.
    pub value: ParameterValue,
    /// Stated by the source, or inferred.
    pub provenance: Provenance,
    /// Why it was inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who inferred it: the editors, or a commentator's imputation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<InferredBy>,
    /// The passage that imputes the value, for an imputation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imputed_by: Option<Citation>,
}

fn parameter_name<S: Serializer>(p: &Parameter, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.name())
}

/// Whose inference an inferred parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InferredBy {
    /// The knowledge base's editors read it from the sources.
    Editors,
    /// A commentator imputes it to the reading (e.g. that a general
    /// obligation would reach every activity); the reading's own text does
    /// not state it.
    Imputation,
}

impl InferredBy {
    /// In words, for people.
    pub fn words(self) -> &'static str {
        match self {
            InferredBy::Editors => "the editors' inference",
            InferredBy::Imputation => "a commentator's imputation, not the text's own words",
        }
    }
}

/// The parameters, described from the obligation's coding.
pub fn describe(ob: &Obligation, params: &[Parameter]) -> Vec<TestedParameter> {
    params
        .iter()
        .map(|&p| {
            let r = ob.get(p);
            let inferred = r.provenance == Provenance::Inferred;
            TestedParameter {
                parameter: p,
                value: r.value,
                provenance: r.provenance,
                reason: r.reason.filter(|_| inferred).map(str::to_string),
                by: inferred.then(|| {
                    if r.imputed_by.is_some() {
                        InferredBy::Imputation
                    } else {
                        InferredBy::Editors
                    }
                }),
                imputed_by: r.imputed_by.filter(|_| inferred).cloned(),
            }
        })
        .collect()
}

/// The provenance of an element that tested `params`: inferred when any of
/// them is, explicit when all are; none when it tested no parameter.
pub fn provenance_of(params: &[TestedParameter]) -> Option<Provenance> {
    if params.is_empty() {
        None
    } else if params.iter().any(|p| p.provenance == Provenance::Inferred) {
        Some(Provenance::Inferred)
    } else {
        Some(Provenance::Explicit)
    }
}

/// One inferred parameter a result rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inference {
    /// The obligation whose parameter it is.
    pub obligation: String,
    /// The parameter, its value, reason and whose inference it is.
    #[serde(flatten)]
    pub parameter: TestedParameter,
}

/// The inferred parameters on the deciding path of a result: for a breach,
/// the trace of the obligations in breach (the others do not decide it);
/// otherwise the trace of every obligation, since each had to fall short
/// for the result to be what it is. Each (obligation, parameter) once, in
/// trace order.
pub fn rests_on(status: Verdict, trace: &[TraceEntry], breaching: &[&str]) -> Vec<Inference> {
    let deciding =
        |ob: &str| status != Verdict::Determined(Status::Breach) || breaching.contains(&ob);
    let mut out: Vec<Inference> = Vec::new();
    for entry in trace.iter().filter(|e| deciding(&e.obligation)) {
        for p in entry
            .parameters
            .iter()
            .filter(|p| p.provenance == Provenance::Inferred)
        {
            let seen = out
                .iter()
                .any(|i| i.obligation == entry.obligation && i.parameter.parameter == p.parameter);
            if !seen {
                out.push(Inference {
                    obligation: entry.obligation.clone(),
                    parameter: p.clone(),
                });
            }
        }
    }
    out
}

/// What a result rests on, in a word for tables: `sources` when on nothing
/// inferred, `imputation` when on a commentator's imputation, otherwise
/// `editors' inference`.
pub fn rests_on_words(inferences: &[Inference]) -> &'static str {
    if inferences.is_empty() {
        "sources"
    } else if inferences
        .iter()
        .any(|i| i.parameter.by == Some(InferredBy::Imputation))
    {
        "imputation"
    } else {
        "editors' inference"
    }
}

/// One inference in a sentence: "knowledge standard of obligation
/// `due-diligence` = should have known (constructive knowledge): the
/// editors' inference (reason)".
pub fn inference_words(i: &Inference) -> String {
    let p = &i.parameter;
    let mut out = format!(
        "{} = {} (obligation {}): {}",
        p.parameter.label().to_lowercase(),
        p.value.words(p.parameter),
        i.obligation,
        p.by.unwrap_or(InferredBy::Editors).words()
    );
    if let Some(r) = &p.reason {
        out.push_str(": ");
        out.push_str(r);
    }
    out
}
