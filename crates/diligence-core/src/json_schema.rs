//! The JSON Schemas of the engine's input types whose serde form is written
//! by hand: the sets of domains and of conduct, an answer that may be
//! `unspecified`, the facts of a scenario (each a value, a list of possible
//! values, or `"unknown"`, spec sections 1.1 and 1.2) and a verdict. Every
//! other type derives its schema (`schemars`) beside its serde derive. The
//! schemas are built from the same tables the parsers read ([`Fact::ALL`],
//! [`Domain::NAMES`], ...), so they cannot drift from what is accepted.

use crate::facts::{Domain, Fact};
use crate::obligation::{Conduct, ConductSet, DomainSet};
use crate::profile::Answer;
use crate::status::Verdict;
use crate::uncertain::{UncertainFacts, UNKNOWN};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};
use std::borrow::Cow;

impl JsonSchema for DomainSet {
    fn schema_name() -> Cow<'static, str> {
        "DomainSet".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The activities covered: \"all\", or a list of domains",
            "anyOf": [
                { "const": "all", "description": "Every domain" },
                { "type": "array", "items": generator.subschema_for::<Domain>() }
            ]
        })
    }
}

impl JsonSchema for ConductSet {
    fn schema_name() -> Cow<'static, str> {
        "ConductSet".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The conduct required: some of prevent (an imminent or ongoing activity), stop (an ongoing one), redress (a completed one)",
            "type": "array",
            "items": generator.subschema_for::<Conduct>()
        })
    }
}

impl<T: JsonSchema> JsonSchema for Answer<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Answer_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                generator.subschema_for::<T>(),
                { "const": "unspecified", "description": "The source does not say" }
            ]
        })
    }
}

impl JsonSchema for Verdict {
    fn schema_name() -> Cow<'static, str> {
        "Verdict".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A status, or `undetermined` for an uncertain scenario whose completions disagree",
            "type": "string",
            "enum": Verdict::names()
        })
    }
}

/// One value of a fact: a boolean for `contrary_to_rights` and
/// `continuing`, else one of the fact's names.
fn value_of(fact: Fact) -> Value {
    if fact.is_boolean() {
        json!({ "type": "boolean" })
    } else {
        json!({ "type": "string", "enum": fact.values() })
    }
}

impl JsonSchema for UncertainFacts {
    fn schema_name() -> Cow<'static, str> {
        "Facts".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut properties = serde_json::Map::new();
        let mut required = Vec::new();
        for fact in Fact::ALL {
            let one = value_of(fact);
            properties.insert(
                fact.name().to_string(),
                json!({
                    "description": fact.help(),
                    "anyOf": [
                        one,
                        { "type": "array", "items": one, "minItems": 1, "uniqueItems": true,
                          "description": "One of these values; the scenario does not say which" },
                        { "const": UNKNOWN, "description": "Any of the fact's values" }
                    ]
                }),
            );
            if fact.default_value().is_none() {
                required.push(fact.name());
            }
        }
        json_schema!({
            "description": "The facts of the situation: each a value, a list of its possible values, or \"unknown\"; every fact but `continuing` is required",
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_is_a_property_and_only_continuing_is_optional() {
        let schema = schemars::schema_for!(UncertainFacts);
        let v = schema.as_value();
        let props = v["properties"].as_object().expect("properties");
        assert_eq!(props.len(), Fact::COUNT);
        let required: Vec<&str> = v["required"]
            .as_array()
            .expect("required")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(required.len(), Fact::COUNT - 1);
        assert!(!required.contains(&"continuing"));
    }
}
