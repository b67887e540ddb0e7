//! The building blocks of the typed JSON views: names from the engine's
//! closed sets of values (statuses, provenance, parameters, facts,
//! elements...), each serialised as the engine writes it and carrying the
//! OpenAPI schema of its whole set, the coded values of obligations,
//! citations, and the facts object with its conditions, whose schemas are
//! built from the engine's table of facts.

use diligence_core::citation::{Citation, Provenance};
use diligence_core::facts::Fact;
use diligence_core::inference::InferredBy;
use diligence_core::obligation::{Parameter, ParameterValue};
use diligence_core::outcome::Condition;
use diligence_core::trace::Element;
use diligence_core::uncertain::{WrittenValue, UNKNOWN};
use diligence_core::{Status, UncertainFacts, Verdict};
use serde::Serialize;
use serde_json::json;
use std::borrow::Cow;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, Object, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// The schema of a string from a closed set of names.
pub fn closed<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Object {
    let names: Vec<String> = names.into_iter().map(|s| s.as_ref().to_string()).collect();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(names))
        .build()
}

/// The names the values of a closed set serialise to.
pub fn serde_names<T: Serialize>(all: &[T]) -> Vec<String> {
    all.iter()
        .filter_map(|v| serde_json::to_value(v).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Declares a view of an engine value that serialises as the value does,
/// with the schema of a closed set of names.
#[macro_export]
macro_rules! named {
    ($(#[$doc:meta])* $name:ident($inner:ty) => $names:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                $crate::schema::closed($names).into()
            }
        }
        impl ::utoipa::ToSchema for $name {}
    };
}

named! {
    /// A status of the spec (section 3).
    StatusName(Status) => Status::NAMES.iter()
}

named! {
    /// A profile's status on a scenario: a status, or `undetermined` when
    /// the completions of an uncertain scenario disagree (section 4.1).
    VerdictName(Verdict) => Verdict::names()
}

named! {
    /// Whether the source states a coded value or the editors inferred it.
    ProvenanceName(Provenance) => serde_names(&[Provenance::Explicit, Provenance::Inferred])
}

named! {
    /// Whose inference an inferred value is.
    InferredByName(InferredBy) => serde_names(&[InferredBy::Editors, InferredBy::Imputation])
}

named! {
    /// A fact of the situation (spec section 1.1).
    FactName(Fact) => Fact::NAMES
}

named! {
    /// The element of an obligation checked at one step of the evaluation.
    ElementName(Element) => Element::NAMES.iter()
}

/// The spec's name of an obligation parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ParameterName(pub &'static str);

impl From<Parameter> for ParameterName {
    fn from(p: Parameter) -> ParameterName {
        ParameterName(p.name())
    }
}

impl PartialSchema for ParameterName {
    fn schema() -> RefOr<Schema> {
        closed(Parameter::NAMES).into()
    }
}
impl ToSchema for ParameterName {}

/// A coded value: a boolean (a flag), a string (a harm threshold, a
/// knowledge standard, `all` domains) or a list of strings (domains,
/// conduct).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CodedValue(pub ParameterValue);

impl PartialSchema for CodedValue {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(ObjectBuilder::new().schema_type(Type::String))
            .item(ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some("The coded value, as the profile's JSON writes it"))
            .into()
    }
}
impl ToSchema for CodedValue {}

/// A citation: an authority of the knowledge base and, where the source
/// gives one, a pinpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationView<'a> {
    /// The id of the authority.
    pub authority: &'a str,
    /// Where in it (`p. 22`, `para 429`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pinpoint: Option<&'a str>,
}

impl<'a> From<&'a Citation> for CitationView<'a> {
    fn from(c: &'a Citation) -> CitationView<'a> {
        CitationView {
            authority: &c.authority,
            pinpoint: c.pinpoint.as_deref(),
        }
    }
}

/// The views of a list of citations.
pub fn citations(cites: &[Citation]) -> Vec<CitationView<'_>> {
    cites.iter().map(CitationView::from).collect()
}

// --------------------------------------------------------------------- facts

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

/// The schema of one value of a fact: a string from its list, or a boolean.
fn fact_value(fact: Fact) -> ObjectBuilder {
    if fact.is_boolean() {
        ObjectBuilder::new().schema_type(Type::Boolean)
    } else {
        string().enum_values(Some(fact.values().iter().copied()))
    }
}

/// The facts object of the spec (sections 1.1 and 1.2): every fact but
/// `continuing` required, no other key; each fact a value, a list of its
/// possible values, or `"unknown"`.
pub struct FactsSchema;

impl PartialSchema for FactsSchema {
    fn schema() -> RefOr<Schema> {
        let mut o = ObjectBuilder::new()
            .description(Some("The facts of a situation (docs/SCENARIO.md sections 1.1 and 1.2): each a value, a list of possible values, or \"unknown\""))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for fact in Fact::ALL {
            let prop = OneOfBuilder::new()
                .description(Some(fact.help()))
                .item(fact_value(fact))
                .item(
                    ArrayBuilder::new()
                        .items(fact_value(fact))
                        .min_items(Some(1))
                        .unique_items(true),
                )
                .item(string().enum_values(Some([UNKNOWN])));
            o = o.property(fact.name(), prop);
            if fact.default_value().is_none() {
                o = o.required(fact.name());
            }
        }
        o.examples([json!({
            "domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "originates",
            "contrary_to_rights": true, "harm": "serious", "knowledge": ["notified", "actual"],
            "timing": "ongoing", "capacity": "feasible", "measures": "none"
        })])
        .into()
    }
}
impl ToSchema for FactsSchema {}

/// The facts of a scenario as the answers write them, with the schema of
/// [`FactsSchema`].
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
pub struct FactsView<'a>(pub &'a UncertainFacts);

impl PartialSchema for FactsView<'_> {
    fn schema() -> RefOr<Schema> {
        FactsSchema::schema()
    }
}
impl ToSchema for FactsView<'_> {
    fn name() -> Cow<'static, str> {
        FactsSchema::name()
    }
}

/// A condition of an outcome (spec section 4.1): some uncertain facts,
/// each with the values it is limited to; `{}` holds in every case.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
pub struct ConditionView<'a>(pub &'a Condition);

impl PartialSchema for ConditionView<'_> {
    fn schema() -> RefOr<Schema> {
        let mut o = ObjectBuilder::new()
            .description(Some("A condition: uncertain facts, each with some of its possible values; {} holds in every case"))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for fact in Fact::ALL {
            o = o.property(
                fact.name(),
                ArrayBuilder::new()
                    .items(fact_value(fact))
                    .min_items(Some(1))
                    .unique_items(true),
            );
        }
        o.into()
    }
}
impl ToSchema for ConditionView<'_> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Condition")
    }
}

/// One value of a fact: a string from the fact's list, or a boolean.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
pub struct FactValue(pub WrittenValue);

impl PartialSchema for FactValue {
    fn schema() -> RefOr<Schema> {
        let mut names: Vec<&str> = Vec::new();
        for fact in Fact::ALL.into_iter().filter(|f| !f.is_boolean()) {
            for v in fact.values() {
                if !names.contains(v) {
                    names.push(v);
                }
            }
        }
        OneOfBuilder::new()
            .item(string().enum_values(Some(names)))
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .description(Some(
                "A value of the fact: a string from its list, or a boolean",
            ))
            .into()
    }
}
impl ToSchema for FactValue {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a view writes for every value, and the names its schema
    /// allows.
    fn written_and_allowed<V: Serialize + PartialSchema>(all: impl Iterator<Item = V>) {
        let written: Vec<String> = all
            .map(|v| serde_json::to_value(&v).expect("serialises"))
            .map(|v| v.as_str().expect("a string").to_string())
            .collect();
        let schema = serde_json::to_value(V::schema()).expect("a schema");
        let allowed: Vec<String> = schema["enum"]
            .as_array()
            .expect("an enum")
            .iter()
            .map(|v| v.as_str().expect("a name").to_string())
            .collect();
        assert_eq!(written, allowed);
    }

    #[test]
    fn every_closed_set_allows_exactly_the_names_written() {
        written_and_allowed(Status::ALL.iter().copied().map(StatusName));
        written_and_allowed(
            Status::ALL
                .iter()
                .map(|s| Verdict::Determined(*s))
                .chain([Verdict::Undetermined])
                .map(VerdictName),
        );
        written_and_allowed(
            [Provenance::Explicit, Provenance::Inferred]
                .into_iter()
                .map(ProvenanceName),
        );
        written_and_allowed(
            [InferredBy::Editors, InferredBy::Imputation]
                .into_iter()
                .map(InferredByName),
        );
        written_and_allowed(Fact::ALL.into_iter().map(FactName));
        written_and_allowed(Element::ALL.iter().copied().map(ElementName));
        written_and_allowed(Parameter::ALL.into_iter().map(ParameterName::from));
    }

    #[test]
    fn every_value_of_every_fact_fits_the_value_schema() {
        let schema = serde_json::to_value(FactValue::schema()).expect("a schema");
        let strings = schema["oneOf"][0]["enum"].as_array().expect("an enum");
        for fact in Fact::ALL {
            for v in 0..fact.values().len() {
                let written = serde_json::to_value(FactValue(WrittenValue(fact, v))).expect("json");
                assert!(
                    written.is_boolean() == fact.is_boolean()
                        && (written.is_boolean() || strings.contains(&written)),
                    "{fact:?} {written}"
                );
            }
        }
    }
}
