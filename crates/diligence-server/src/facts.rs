//! Facts and scenarios from the web: the JSON bodies of the API (a facts
//! object, or a scenario with a title and its facts) and the query string of
//! the Assess page, checked field by field with the allowed values named.

use crate::problem::Problem;
use diligence_core::facts::{
    Capacity, ConductBy, Domain, Fact, Facts, Harm, Knowledge, Measures, TerritorialLink, Timing,
};
use diligence_core::read::{FactError, Input};
use diligence_core::uncertain::{UncertainFacts, Values, UNKNOWN};
use diligence_kb::Scenario;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The longest title accepted, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest notes accepted, in characters.
pub const MAX_NOTES: usize = 4000;
/// The title of a scenario posted as bare facts.
pub const UNTITLED: &str = "Untitled scenario";

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
        continuing: false,
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

/// What the core's reader needs of a JSON value.
fn input(v: &Value) -> Input {
    match v {
        Value::String(s) => Input::Text(s.clone()),
        Value::Bool(b) => Input::Bool(*b),
        Value::Array(items) => Input::List(items.iter().map(input).collect()),
        other => Input::Other(type_name(other)),
    }
}

/// The problem for a fact the core's reader rejects, naming the field
/// (`facts.knowledge`), the bad value and the allowed values.
fn fact_problem(e: &FactError, prefix: &str) -> Problem {
    let field = format!("{prefix}{}", e.fact);
    let at = e
        .item
        .map(|k| format!(" (item {} of the list)", k + 1))
        .unwrap_or_default();
    let problem = Problem::invalid(format!("`{field}`{at}: {}", e.message()))
        .field(field)
        .allowed(e.allowed());
    match e.value() {
        Some(v) => problem.value(truncate(v, 80)),
        None => problem,
    }
}

/// Reads a facts object: every fact present (but `continuing`, which
/// defaults to false), no other key, each a value, a list of values or
/// `"unknown"`. `prefix` names the object in errors (`facts.`).
pub fn facts_from_object(
    obj: &Map<String, Value>,
    prefix: &str,
) -> Result<UncertainFacts, Problem> {
    for key in obj.keys() {
        if Fact::from_name(key).is_none() {
            return Err(Problem::invalid(format!("unknown fact `{prefix}{key}`"))
                .field(format!("{prefix}{key}"))
                .allowed(&Fact::NAMES));
        }
    }
    UncertainFacts::read(|fact| obj.get(fact.name()).map(input))
        .map_err(|e| fact_problem(&e, prefix))
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

/// A JSON value whose objects were checked for repeated keys while it was
/// read (`serde_json::Value` keeps the last of two).
struct Strict {
    value: Value,
    /// The path of the first key given twice, if any.
    repeated: Option<String>,
}

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn plain(value: Value) -> Strict {
            Strict {
                value,
                repeated: None,
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = Strict;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Strict, E> {
                Ok(plain(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Strict, E> {
                Ok(plain(Value::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Strict, E> {
                Ok(plain(Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Strict, E> {
                Ok(plain(Value::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Strict, E> {
                Ok(plain(Value::String(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Strict, E> {
                Ok(plain(Value::String(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Strict, E> {
                Ok(plain(Value::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Strict, E> {
                Ok(plain(Value::Null))
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Strict, D2::Error> {
                Strict::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
                let mut items = Vec::new();
                let mut repeated = None;
                while let Some(item) = seq.next_element::<Strict>()? {
                    if repeated.is_none() {
                        repeated = item.repeated.map(|r| format!("{}.{r}", items.len()));
                    }
                    items.push(item.value);
                }
                Ok(Strict {
                    value: Value::Array(items),
                    repeated,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
                let mut out = Map::new();
                let mut repeated = None;
                while let Some(key) = map.next_key::<String>()? {
                    let item = map.next_value::<Strict>()?;
                    if repeated.is_none() {
                        if out.contains_key(&key) {
                            repeated = Some(key.clone());
                        } else if let Some(r) = item.repeated {
                            repeated = Some(format!("{key}.{r}"));
                        }
                    }
                    out.insert(key, item.value);
                }
                Ok(Strict {
                    value: Value::Object(out),
                    repeated,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the body of `POST /api/v1/assess` or `POST /api/v1/scenarios`:
/// either the facts object of the spec, or a scenario object with `title`,
/// optional `notes` and `facts`. A key given twice is an error.
pub fn scenario_from_json(body: &[u8]) -> Result<Scenario, Problem> {
    let strict: Strict = serde_json::from_slice(body).map_err(|e| {
        Problem::bad_request(format!(
            "the body is not JSON: {e}; send a facts object or {{\"title\", \"facts\"}}"
        ))
    })?;
    if let Some(path) = strict.repeated {
        let shown = truncate(&path, 80);
        return Err(Problem::invalid(format!(
            "`{shown}` is given twice; give each field once (a list of values for an uncertain fact)"
        ))
        .field(shown));
    }
    let value = strict.value;
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
pub fn scenario(title: String, notes: Option<String>, facts: UncertainFacts) -> Scenario {
    Scenario {
        title,
        notes,
        catalogue: None,
        facts,
        sources: Vec::new(),
        expected: Vec::new(),
    }
}

/// What a query string gives for one fact: its values, each of which may
/// be a comma-separated list; a checkbox form repeats the key, and a box
/// `unknown` ticked among others stands for every value.
fn query_input(fact: Fact, given: &[&str]) -> Input {
    if given.len() > 1 && given.contains(&UNKNOWN) {
        return Input::Text(UNKNOWN.to_string());
    }
    let item = |s: &str| match (fact.is_boolean(), s) {
        (true, "true") => Input::Bool(true),
        (true, "false") => Input::Bool(false),
        _ => Input::Text(s.to_string()),
    };
    let items: Vec<Input> = given.iter().flat_map(|g| g.split(',')).map(item).collect();
    match <[Input; 1]>::try_from(items) {
        Ok([one]) => one,
        Err(items) => Input::List(items),
    }
}

/// The query pair a form of checkboxes sends (`from=form`): every fact is
/// in the form, so a fact with no box ticked is unknown rather than left
/// at its default.
pub const FROM_FORM: (&str, &str) = ("from", "form");

/// Whether the pairs come from a form of checkboxes ([`FROM_FORM`]).
pub fn is_from_form(pairs: &[(String, String)]) -> bool {
    pairs
        .iter()
        .any(|(k, v)| k == FROM_FORM.0 && v == FROM_FORM.1)
}

/// The facts of a query string or form: each fact given replaces the
/// default (`knowledge=actual`, `knowledge=notified,actual`,
/// `harm=unknown`); from a form of checkboxes ([`FROM_FORM`]), a fact with
/// no box ticked is unknown. A bad value is an error naming the field.
pub fn facts_from_pairs(pairs: &[(String, String)]) -> Result<UncertainFacts, Problem> {
    let defaults = UncertainFacts::definite(&default_facts());
    let mut sets = *defaults.sets();
    let from_form = is_from_form(pairs);
    for fact in Fact::ALL {
        let given = all(pairs, fact.name());
        if given.is_empty() {
            if from_form {
                sets[fact.index()] = Values::all(fact);
            }
            continue;
        }
        sets[fact.index()] = diligence_core::read::read_fact(fact, &query_input(fact, &given))
            .map_err(|e| fact_problem(&e, ""))?;
    }
    UncertainFacts::from_sets(sets).ok_or_else(|| Problem::invalid("the facts could not be read"))
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

/// The query string of these facts (and title), for a shareable URL:
/// `knowledge=notified,actual`, `harm=unknown`.
pub fn query_string(facts: &UncertainFacts, title: Option<&str>) -> String {
    let mut parts: Vec<String> = facts
        .written_facts()
        .map(|w| format!("{}={w}", w.fact))
        .collect();
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

/// The longest name of a State a user may give, in characters.
pub const MAX_STATE_NAME: usize = 100;
/// The query key of the user's name for the territorial State.
pub const TERRITORIAL_KEY: &str = "ts";
/// The query key of the user's name for the affected (victim) State.
pub const AFFECTED_KEY: &str = "as";
/// The query key of the narrative (a saved scenario's notes).
pub const NARRATIVE_KEY: &str = "nar";

/// The user's names for the two States of a scenario: the territorial
/// State (where the activity is, or from whose territory it comes) and the
/// affected (victim) State. They change the words of a memo, never a
/// result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateNames {
    /// The territorial State's name.
    pub territorial: Option<String>,
    /// The affected State's name.
    pub affected: Option<String>,
}

/// A State's name as given: trimmed, on one line (control characters
/// dropped), at most [`MAX_STATE_NAME`] characters; none when empty.
pub fn state_name(given: Option<&str>) -> Option<String> {
    let name: String = given?
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(MAX_STATE_NAME)
        .collect();
    let name = name.trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// A narrative as given: line ends as `\n` (a form sends `\r\n`),
/// trimmed, at most [`MAX_NOTES`] characters; none when empty.
pub fn narrative(given: Option<&str>) -> Option<String> {
    let text = given?.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text.trim().chars().take(MAX_NOTES).collect();
    let text = text.trim_end().to_string();
    (!text.is_empty()).then_some(text)
}

impl StateNames {
    /// The names in a query string or form (`ts=…&as=…`).
    pub fn from_pairs(pairs: &[(String, String)]) -> StateNames {
        StateNames {
            territorial: state_name(first(pairs, TERRITORIAL_KEY)),
            affected: state_name(first(pairs, AFFECTED_KEY)),
        }
    }

    /// The names' part of a query string (`&ts=…&as=…`), empty without
    /// names.
    pub fn query(&self) -> String {
        let mut out = String::new();
        for (key, name) in [
            (TERRITORIAL_KEY, &self.territorial),
            (AFFECTED_KEY, &self.affected),
        ] {
            if let Some(n) = name {
                out.push_str(&format!("&{key}={}", encode(n)));
            }
        }
        out
    }
}

/// The query string of a scenario with the user's names and narrative: the
/// facts and title as [`query_string`] writes them, then `ts`, `as` and
/// `nar` when given.
pub fn memo_query(sc: &Scenario, names: &StateNames) -> String {
    let mut qs = query_string(&sc.facts, Some(&sc.title));
    qs.push_str(&names.query());
    if let Some(n) = &sc.notes {
        qs.push_str(&format!("&{NARRATIVE_KEY}={}", encode(n)));
    }
    qs
}

/// Reads the body of `POST /api/v1/scenarios`: what
/// [`scenario_from_json`] reads, and the optional `territorial_state` and
/// `affected_state` names of a scenario object (strings of at most
/// [`MAX_STATE_NAME`] characters).
pub fn saved_scenario_from_json(body: &[u8]) -> Result<(Scenario, StateNames), Problem> {
    let names = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut obj)) if obj.contains_key("facts") => {
            let territorial = text_field(&obj, "territorial_state", MAX_STATE_NAME)?;
            let affected = text_field(&obj, "affected_state", MAX_STATE_NAME)?;
            obj.remove("territorial_state");
            obj.remove("affected_state");
            let rest = serde_json::to_vec(&Value::Object(obj))
                .map_err(|e| Problem::bad_request(e.to_string()))?;
            let names = StateNames {
                territorial: state_name(territorial.as_deref()),
                affected: state_name(affected.as_deref()),
            };
            return Ok((scenario_from_json_checked(body, &rest)?, names));
        }
        _ => StateNames::default(),
    };
    Ok((scenario_from_json(body)?, names))
}

/// [`scenario_from_json`] on `rest` (the body without the names), after
/// the check for repeated keys on the whole `body`.
fn scenario_from_json_checked(body: &[u8], rest: &[u8]) -> Result<Scenario, Problem> {
    if let Ok(Strict {
        repeated: Some(path),
        ..
    }) = serde_json::from_slice::<Strict>(body)
    {
        let shown = truncate(&path, 80);
        return Err(Problem::invalid(format!(
            "`{shown}` is given twice; give each field once (a list of values for an uncertain fact)"
        ))
        .field(shown));
    }
    scenario_from_json(rest)
}
