//! Every published JSON Schema, by name: the files people write (a
//! scenario, a profile, a draft, each kind of knowledge-base file), from
//! `diligence_kb::schema`, and every answer and request body of the API,
//! cut out of the OpenAPI document as standalone JSON Schema 2020-12
//! documents. The OpenAPI document is itself generated from the Rust types
//! the answers are written from, so the published schemas, the document
//! and the answers cannot drift apart. `diligence schema NAME` and
//! `GET /api/v1/schemas/NAME` publish them.

use crate::openapi::ApiDoc;
use diligence_kb::schema::FILES;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use utoipa::OpenApi;

/// Where in the OpenAPI document an API schema is found.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// The JSON answer of this method and path, with this status.
    Answer(&'static str, &'static str, &'static str),
    /// The JSON request body of this method and path.
    Request(&'static str, &'static str),
    /// A component schema of the document.
    Component(&'static str),
}

/// A schema of the API.
struct ApiSchema {
    name: &'static str,
    title: &'static str,
    part: Part,
}

const API: &[ApiSchema] = &[
    ApiSchema { name: "answer-assess", title: "The assessment of a scenario against each profile: `POST /api/v1/assess`, and `diligence assess FILE --format json`", part: Part::Answer("post", "/api/v1/assess", "200") },
    ApiSchema { name: "answer-profiles", title: "Every profile with the provenance of every parameter: `GET /api/v1/profiles`, and `diligence profiles --format json`", part: Part::Answer("get", "/api/v1/profiles", "200") },
    ApiSchema { name: "answer-profile", title: "One profile with its citations: `GET /api/v1/profiles/{id}`, and `diligence profile ID --format json`", part: Part::Answer("get", "/api/v1/profiles/{id}", "200") },
    ApiSchema { name: "answer-authorities", title: "The authorities: `GET /api/v1/authorities`, and `diligence authorities --format json`", part: Part::Answer("get", "/api/v1/authorities", "200") },
    ApiSchema { name: "answer-authority", title: "One authority with everything that cites it: `GET /api/v1/authorities/{id}`, and `diligence authority ID --format json`", part: Part::Answer("get", "/api/v1/authorities/{id}", "200") },
    ApiSchema { name: "answer-divergence", title: "Where the profiles diverge over the fact space: `GET /api/v1/divergence`", part: Part::Answer("get", "/api/v1/divergence", "200") },
    ApiSchema { name: "answer-implications", title: "The beyond-cyber catalogue, one cell per profile: `GET /api/v1/implications`", part: Part::Answer("get", "/api/v1/implications", "200") },
    ApiSchema { name: "answer-debate", title: "The debate, labelled or in AIF: `GET /api/v1/debate`", part: Part::Answer("get", "/api/v1/debate", "200") },
    ApiSchema { name: "answer-health", title: "The health of the server: `GET /api/v1/health`", part: Part::Answer("get", "/api/v1/health", "200") },
    ApiSchema { name: "answer-scenarios", title: "The saved scenarios: `GET /api/v1/scenarios`", part: Part::Answer("get", "/api/v1/scenarios", "200") },
    ApiSchema { name: "answer-scenario", title: "A saved scenario: `GET /api/v1/scenarios/{id}` and `POST /api/v1/scenarios`", part: Part::Answer("get", "/api/v1/scenarios/{id}", "200") },
    ApiSchema { name: "answer-ledger-cases", title: "A State's cases in the ledger: `GET /api/v1/ledger/cases`", part: Part::Answer("get", "/api/v1/ledger/cases", "200") },
    ApiSchema { name: "answer-ledger-case", title: "One case of the ledger: `GET /api/v1/ledger/cases/{case}`", part: Part::Answer("get", "/api/v1/ledger/cases/{case}", "200") },
    ApiSchema { name: "answer-ledger-entry", title: "An entry appended to the ledger: `POST /api/v1/ledger/entries`", part: Part::Answer("post", "/api/v1/ledger/entries", "201") },
    ApiSchema { name: "answer-ledger-state", title: "A point of contact registered in the ledger: `POST /api/v1/ledger/states`", part: Part::Answer("post", "/api/v1/ledger/states", "201") },
    ApiSchema { name: "answer-ledger-me", title: "Who a ledger token belongs to: `GET /api/v1/ledger/me`", part: Part::Answer("get", "/api/v1/ledger/me", "200") },
    ApiSchema { name: "answer-schemas", title: "The published schemas: `GET /api/v1/schemas`", part: Part::Answer("get", "/api/v1/schemas", "200") },
    ApiSchema { name: "answer-problem", title: "Every error of the API: an RFC 9457 problem-details document (`application/problem+json`)", part: Part::Component("Problem") },
    ApiSchema { name: "request-assess", title: "The body of `POST /api/v1/assess`: the facts, or a title, notes and the facts", part: Part::Request("post", "/api/v1/assess") },
    ApiSchema { name: "request-scenario", title: "The body of `POST /api/v1/scenarios`: a scenario to save", part: Part::Request("post", "/api/v1/scenarios") },
    ApiSchema { name: "request-ledger-entry", title: "The body of `POST /api/v1/ledger/entries`: a signed entry", part: Part::Request("post", "/api/v1/ledger/entries") },
    ApiSchema { name: "request-ledger-state", title: "The body of `POST /api/v1/ledger/states`: a point of contact to register", part: Part::Request("post", "/api/v1/ledger/states") },
];

/// One published schema: its name and what it describes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaEntry {
    /// The name (`scenario`, `answer-assess`).
    pub name: &'static str,
    /// What it describes.
    pub title: &'static str,
    /// Whether it describes a file people write (`file`), an answer of the
    /// API (`answer`) or a request body (`request`).
    pub kind: &'static str,
    /// The repository's files it describes, as globs (files only).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub files: &'static [&'static str],
}

/// Every published schema, files first.
pub fn list() -> Vec<SchemaEntry> {
    let files = FILES.iter().map(|f| SchemaEntry {
        name: f.name,
        title: f.title,
        kind: "file",
        files: f.files,
    });
    let api = API.iter().map(|a| SchemaEntry {
        name: a.name,
        title: a.title,
        kind: if a.name.starts_with("request-") {
            "request"
        } else {
            "answer"
        },
        files: &[],
    });
    files.chain(api).collect()
}

/// Every name, in the order of [`list`].
pub fn names() -> Vec<&'static str> {
    list().into_iter().map(|e| e.name).collect()
}

/// The schema with this name.
pub fn get(name: &str) -> Option<Value> {
    if let Some(f) = diligence_kb::schema::file_schema(name) {
        return Some(f.schema());
    }
    let a = API.iter().find(|a| a.name == name)?;
    api_schema(a)
}

/// The OpenAPI document as JSON, made once.
fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null))
}

const COMPONENTS: &str = "#/components/schemas/";

/// The schema of one part of the document, with every component it refers
/// to (transitively) under `$defs`; `None` if the document has no such
/// part or refers to a component it does not hold.
fn api_schema(a: &ApiSchema) -> Option<Value> {
    let doc = document();
    let root = match a.part {
        Part::Answer(method, path, status) => doc
            .pointer(&format!(
                "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
                escape(path)
            ))
            .cloned(),
        Part::Request(method, path) => doc
            .pointer(&format!(
                "/paths/{}/{method}/requestBody/content/application~1json/schema",
                escape(path)
            ))
            .cloned(),
        Part::Component(name) => Some(json!({ "$ref": format!("{COMPONENTS}{name}") })),
    }?;
    let mut defs = Map::new();
    let mut pending = Vec::new();
    refs(&root, &mut pending);
    while let Some(name) = pending.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        // A reference to no component leaves the schema unpublished
        // (`None`), never open to anything.
        let schema = doc
            .pointer(&format!("/components/schemas/{}", escape(&name)))
            .cloned()?;
        refs(&schema, &mut pending);
        defs.insert(name, schema);
    }
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    out.insert("title".into(), json!(a.name));
    out.insert("description".into(), json!(a.title));
    let mut root = rewrite(root);
    match root.as_object_mut() {
        Some(o) if !o.contains_key("$ref") => out.append(o),
        _ => {
            out.insert("allOf".into(), json!([root]));
        }
    }
    if !defs.is_empty() {
        let defs: Map<String, Value> = defs.into_iter().map(|(k, v)| (k, rewrite(v))).collect();
        out.insert("$defs".into(), Value::Object(defs));
    }
    Some(Value::Object(out))
}

/// A path as one token of a JSON pointer.
fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

/// The names of the components `v` refers to.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                if let Some(name) = r.strip_prefix(COMPONENTS) {
                    out.push(name.to_string());
                }
            }
            o.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// `v` with every reference to a component made a reference to `$defs`.
fn rewrite(v: Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, x)| match (k.as_str(), x) {
                    ("$ref", Value::String(r)) if r.starts_with(COMPONENTS) => {
                        let name = &r[COMPONENTS.len()..];
                        (k, Value::String(format!("#/$defs/{name}")))
                    }
                    (_, x) => (k, rewrite(x)),
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(rewrite).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every JSON answer and request body the document declares has a
    /// published schema: a new route cannot be left out.
    #[test]
    fn every_json_answer_and_request_of_the_document_is_published() {
        let doc = document();
        let paths = doc["paths"].as_object().expect("paths");
        let mut missing = Vec::new();
        for (path, ops) in paths {
            for (method, op) in ops.as_object().expect("operations") {
                let request = op.pointer("/requestBody/content/application~1json");
                if request.is_some()
                    && !API
                        .iter()
                        .any(|a| matches!(a.part, Part::Request(m, p) if m == method && p == path))
                {
                    missing.push(format!("request of {method} {path}"));
                }
                for (status, r) in op["responses"].as_object().expect("responses") {
                    let json = r.pointer("/content/application~1json/schema");
                    let Some(json) = json else { continue };
                    if !status.starts_with('2') || path == "/api/v1/openapi.json" {
                        continue;
                    }
                    let published = API.iter().any(|a| match a.part {
                        Part::Answer(m, p, s) => m == method && p == path && s == status,
                        _ => false,
                    }) || API.iter().any(|a| {
                        // An answer published under another route with the same schema.
                        matches!(a.part, Part::Answer(m, p, s) if doc.pointer(&format!(
                            "/paths/{}/{m}/responses/{s}/content/application~1json/schema", escape(p))) == Some(json))
                    });
                    if !published {
                        missing.push(format!("answer {status} of {method} {path}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "unpublished: {missing:?}");
    }

    #[test]
    fn every_schema_resolves_and_names_are_unique() {
        let names = names();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{names:?}");
        for name in names {
            let s = get(name).expect(name);
            assert!(s.get("$schema").is_some(), "{name}");
            let text = s.to_string();
            assert!(
                !text.contains(COMPONENTS),
                "{name} still refers to the document"
            );
            jsonschema::validator_for(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
