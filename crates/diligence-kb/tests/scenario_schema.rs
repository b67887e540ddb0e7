//! The published schema of a scenario file accepts exactly the files the
//! parser accepts: generated scenario files, good and bad (missing facts,
//! values outside a fact's list, empty or repeated lists, wrong types,
//! unknown fields, blank titles, bad expected statuses), are read by both,
//! and they must agree on every one.

use diligence_core::facts::Fact;
use diligence_core::Verdict;
use diligence_kb::parse_scenario;
use diligence_kb::schema::file_schema;
use proptest::prelude::*;
use serde_json::Value;

/// How one fact is written.
#[derive(Debug, Clone)]
enum Written {
    Missing,
    Value(usize),
    List(Vec<usize>),
    Unknown,
    Outside,
    Number,
    MixedList(usize),
}

fn literal(fact: Fact, i: usize) -> String {
    let name = fact.values()[i % fact.values().len()];
    if fact.is_boolean() {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

fn written() -> impl Strategy<Value = Written> {
    prop_oneof![
        2 => Just(Written::Missing),
        8 => (0usize..10).prop_map(Written::Value),
        4 => proptest::collection::vec(0usize..10, 0..4).prop_map(Written::List),
        2 => Just(Written::Unknown),
        1 => Just(Written::Outside),
        1 => Just(Written::Number),
        1 => (0usize..10).prop_map(Written::MixedList),
    ]
}

fn fact_line(fact: Fact, w: &Written) -> Option<String> {
    let value = match w {
        Written::Missing => return None,
        Written::Value(i) => literal(fact, *i),
        Written::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| literal(fact, *i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Written::Unknown => "\"unknown\"".to_string(),
        Written::Outside => "\"somewhat\"".to_string(),
        Written::Number => "3".to_string(),
        Written::MixedList(i) => format!("[{}, 7]", literal(fact, *i)),
    };
    Some(format!("{} = {value}", fact.name()))
}

#[derive(Debug, Clone)]
struct File {
    title: Option<&'static str>,
    facts: Vec<Written>,
    extra_top: bool,
    extra_fact: bool,
    expected: Option<&'static str>,
    source: Option<&'static str>,
}

fn file() -> impl Strategy<Value = File> {
    (
        prop_oneof![6 => Just(Some("A situation")), 1 => Just(Some("   ")), 1 => Just(Some("")), 1 => Just(None)],
        proptest::collection::vec(written(), Fact::COUNT),
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.1),
        prop_oneof![3 => Just(None), 2 => Just(Some("\"breach\"")), 1 => Just(Some("\"undetermined\"")), 1 => Just(Some("\"broken\"")), 1 => Just(Some("true"))],
        prop_oneof![3 => Just(None), 2 => Just(Some("{ authority = \"corfu-channel-1949\", pinpoint = \"p. 22\" }")), 1 => Just(Some("{ authority = \"corfu-channel-1949\", page = 22 }")), 1 => Just(Some("{ pinpoint = \"p. 22\" }"))],
    )
        .prop_map(|(title, facts, extra_top, extra_fact, expected, source)| File {
            title,
            facts,
            extra_top,
            extra_fact,
            expected,
            source,
        })
}

fn text(f: &File) -> String {
    let mut out = String::new();
    if let Some(t) = f.title {
        out.push_str(&format!("title = \"{t}\"\n"));
    }
    if f.extra_top {
        out.push_str("author = \"someone\"\n");
    }
    if let Some(s) = f.source {
        out.push_str(&format!("sources = [{s}]\n"));
    }
    out.push_str("\n[facts]\n");
    for (fact, w) in Fact::ALL.iter().zip(&f.facts) {
        if let Some(line) = fact_line(*fact, w) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    if f.extra_fact {
        out.push_str("motive = \"greed\"\n");
    }
    if let Some(e) = f.expected {
        out.push_str(&format!("\n[expected]\ntallinn-manual-2 = {e}\n"));
    }
    out
}

fn validator() -> jsonschema::Validator {
    let schema = file_schema("scenario").expect("a scenario schema").schema();
    jsonschema::validator_for(&schema).expect("a valid schema")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_schema_accepts_exactly_what_the_parser_accepts(f in file()) {
        let v = validator();
        let text = text(&f);
        let parsed = parse_scenario("generated.toml", text.as_bytes());
        let json: Value = toml::from_str(&text).expect("the generator writes well-formed TOML");
        let errors: Vec<String> = v.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        prop_assert_eq!(
            parsed.is_ok(),
            errors.is_empty(),
            "{}\nparser: {:?}\nschema: {:?}",
            text,
            parsed.as_ref().err().map(|e| e.to_string()),
            errors
        );
    }
}

#[test]
fn the_schema_lists_every_fact_and_verdict_the_parser_knows() {
    let schema = file_schema("scenario").expect("a scenario schema").schema();
    let facts = &schema["definitions"]["Facts"]["properties"];
    for fact in Fact::ALL {
        assert!(facts.get(fact.name()).is_some(), "{fact:?}");
    }
    let verdicts: Vec<&str> = schema["definitions"]["Verdict"]["enum"]
        .as_array()
        .expect("the verdicts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(verdicts, Verdict::names());
    let top: Vec<&String> = schema["properties"]
        .as_object()
        .expect("fields")
        .keys()
        .collect();
    let mut expected: Vec<&str> = diligence_kb::scenario::TOP_LEVEL_FIELDS.to_vec();
    expected.sort_unstable();
    assert_eq!(top, expected);
}
