//! Facts and scenarios from the web: the JSON bodies of the API (a facts
//! object, or a scenario with a title and its facts) and the query string of
//! the Assess page, checked field by field with the allowed values named.

use crate::problem::Problem;
use diligence_core::facts::{
    allowed_values, Capacity, ConductBy, Domain, Facts, Harm, Knowledge, Measures, TerritorialLink,
    Timing, FACT_NAMES,
};
use diligence_kb::Scenario;
use serde_json::{Map, Value};

/// The longest title accepted, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest notes accepted, in characters.
pub const MAX_NOTES: usize = 4000;
/// The title of a scenario posted as bare facts.
pub const UNTITLED: &str = "Untitled scenario";

/// Each fact explained in plain words, in the order of the spec.
pub const FACT_HELP: &[(&str, &str, &str)] = &[
    ("domain", "Kind of activity", "What is going on: ICT operations, a financial collapse, journalism or broadcasts, disease, an exodus of population, environmental harm, arms or private military companies, espionage, emerging technology such as AI, or anything else."),
    ("conduct_by", "Who acts", "Who carries out the activity: a non-State actor (a company, a group, a person), a foreign State, or the territorial State's own organs. The last is a question of attribution, not of due diligence."),
    ("territorial_link", "Link to the territorial State", "The activity is launched from the State's territory, only passes through it (for instance routed through its networks), uses infrastructure under its governmental control abroad, or has no link to it."),
    ("contrary_to_rights", "Contrary to the victim State's rights", "Would the activity breach a right of the victim State (its sovereignty, non-intervention, ...) if a State carried it out?"),
    ("harm", "Harm to the victim State", "How grave the consequences for the victim State are; serious means serious adverse consequences."),
    ("knowledge", "What the territorial State knew", "It had no way to know; it should have known (constructive knowledge); an affected State notified it in good faith; or it actually knew."),
    ("timing", "When the activity stands", "About to be launched (a material step has been taken), under way, or over."),
    ("capacity", "Capacity to act", "Whether measures were reasonably available to the territorial State: none, limited, or feasible."),
    ("measures", "What the territorial State did", "Measured against what was feasible for it: nothing, something, or all feasible measures."),
];

/// The facts the Assess page opens with: the spec's own example.
pub fn default_facts() -> Facts {
    Facts {
        domain: Domain::Cyber,
        conduct_by: ConductBy::NonStateActor,
        territorial_link: TerritorialLink::Originates,
        contrary_to_rights: true,
        harm: Harm::Serious,
        knowledge: Knowledge::Notified,
        timing: Timing::Ongoing,
        capacity: Capacity::Feasible,
        measures: Measures::None,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads a facts object: every fact present, no other key, each value one
/// of its allowed values. `prefix` names the object in errors (`facts.`).
pub fn facts_from_object(obj: &Map<String, Value>, prefix: &str) -> Result<Facts, Problem> {
    for key in obj.keys() {
        if !FACT_NAMES.contains(&key.as_str()) {
            return Err(Problem::invalid(format!("unknown fact `{prefix}{key}`"))
                .field(format!("{prefix}{key}"))
                .allowed(FACT_NAMES));
        }
    }
    let mut table = Map::new();
    for name in FACT_NAMES {
        let allowed = allowed_values(name).unwrap_or(&[]);
        let field = format!("{prefix}{name}");
        let Some(v) = obj.get(*name) else {
            return Err(Problem::invalid(format!("missing fact `{field}`"))
                .field(field)
                .allowed(allowed));
        };
        let ok = match (name, v) {
            (&"contrary_to_rights", Value::Bool(_)) => true,
            (&"contrary_to_rights", _) => false,
            (_, Value::String(s)) => allowed.contains(&s.as_str()),
            _ => false,
        };
        if !ok {
            let shown = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let detail = if *name == "contrary_to_rights" && !v.is_boolean() {
                format!("`{field}` must be a boolean, not {}", type_name(v))
            } else if !v.is_string() && *name != "contrary_to_rights" {
                format!("`{field}` must be a string, not {}", type_name(v))
            } else {
                format!("`{field}` has no value `{shown}`")
            };
            return Err(Problem::invalid(detail)
                .field(field)
                .value(truncate(&shown, 80))
                .allowed(allowed));
        }
        table.insert((*name).to_string(), v.clone());
    }
    serde_json::from_value(Value::Object(table))
        .map_err(|e| Problem::invalid(format!("the facts could not be read: {e}")))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// A text field of a scenario: a string of at most `max` characters.
fn text_field(obj: &Map<String, Value>, key: &str, max: usize) -> Result<Option<String>, Problem> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(Value::String(_)) => {
            Err(Problem::invalid(format!("`{key}` is longer than {max} characters")).field(key))
        }
        Some(v) => Err(
            Problem::invalid(format!("`{key}` must be a string, not {}", type_name(v))).field(key),
        ),
    }
}

/// Reads the body of `POST /api/v1/assess` or `POST /api/v1/scenarios`:
/// either the facts object of the spec, or a scenario object with `title`,
/// optional `notes` and `facts`.
pub fn scenario_from_json(body: &[u8]) -> Result<Scenario, Problem> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Problem::bad_request(format!(
            "the body is not JSON: {e}; send a facts object or {{\"title\", \"facts\"}}"
        ))
    })?;
    let Value::Object(obj) = value else {
        return Err(Problem::bad_request(format!(
            "the body must be a JSON object, not {}",
            type_name(&value)
        )));
    };
    if !obj.contains_key("facts") {
        let facts = facts_from_object(&obj, "")?;
        return Ok(scenario(UNTITLED.to_string(), None, facts));
    }
    for key in obj.keys() {
        if !["title", "notes", "facts"].contains(&key.as_str()) {
            return Err(Problem::invalid(format!("unknown field `{key}`"))
                .field(key.as_str())
                .allowed(&["title", "notes", "facts"]));
        }
    }
    let title = text_field(&obj, "title", MAX_TITLE)?.unwrap_or_else(|| UNTITLED.to_string());
    if title.trim().is_empty() {
        return Err(Problem::invalid("`title` is empty").field("title"));
    }
    let notes = text_field(&obj, "notes", MAX_NOTES)?;
    let facts = match obj.get("facts") {
        Some(Value::Object(f)) => facts_from_object(f, "facts.")?,
        other => {
            return Err(Problem::invalid(format!(
                "`facts` must be an object, not {}",
                other.map_or("null", type_name)
            ))
            .field("facts"))
        }
    };
    Ok(scenario(title, notes, facts))
}

/// A scenario with no catalogue label, sources or expectations.
pub fn scenario(title: String, notes: Option<String>, facts: Facts) -> Scenario {
    Scenario {
        title,
        notes,
        catalogue: None,
        facts,
        sources: Vec::new(),
        expected: Vec::new(),
    }
}

/// The facts of a query string or form: each fact given replaces the
/// default; a value outside its list is an error naming the field.
pub fn facts_from_pairs(pairs: &[(String, String)]) -> Result<Facts, Problem> {
    let mut obj: Map<String, Value> = match serde_json::to_value(default_facts()) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    for (k, v) in pairs {
        if !FACT_NAMES.contains(&k.as_str()) {
            continue;
        }
        let value = if k == "contrary_to_rights" {
            match v.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(v.clone()),
            }
        } else {
            Value::String(v.clone())
        };
        obj.insert(k.clone(), value);
    }
    facts_from_object(&obj, "")
}

/// The first value of `key` in the pairs.
pub fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Every value of `key` in the pairs.
pub fn all<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The query string of these facts (and title), for a shareable URL.
pub fn query_string(facts: &Facts, title: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Ok(Value::Object(m)) = serde_json::to_value(facts) {
        for name in FACT_NAMES {
            if let Some(v) = m.get(*name) {
                let s = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                parts.push(format!("{name}={s}"));
            }
        }
    }
    if let Some(t) = title {
        parts.push(format!("title={}", encode(t)));
    }
    parts.join("&")
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
