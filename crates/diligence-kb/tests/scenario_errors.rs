//! Every way a scenario file can be wrong gets an error naming the file, the
//! line and column, the field, the bad value and the allowed values; and no
//! input, however broken, makes the parser panic.

use diligence_core::{Fact, Values};
use diligence_kb::{parse_scenario, InputError};
use proptest::prelude::*;

const VALID: &str = r#"title = "Ransomware run from State B"
notes = "test"

[facts]
domain = "cyber"
conduct_by = "non_state_actor"
territorial_link = "originates"
contrary_to_rights = true
harm = "serious"
knowledge = "notified"
timing = "ongoing"
capacity = "feasible"
measures = "none"
"#;

/// A valid file with lists and `"unknown"`.
const UNCERTAIN: &str = r#"title = "Ransomware, with what State B knew in doubt"

[facts]
domain = "cyber"
conduct_by = ["non_state_actor", "foreign_state"]
territorial_link = "originates"
contrary_to_rights = [true, false]
harm = ["significant", "serious"]
knowledge = "unknown"
timing = "ongoing"
capacity = "feasible"
measures = ["none", "some"]
continuing = "unknown"
"#;

fn error(text: &str) -> InputError {
    parse_scenario("s.toml", text.as_bytes()).expect_err("the file is invalid")
}

#[test]
fn the_valid_file_parses() {
    let s = parse_scenario("s.toml", VALID.as_bytes()).expect("valid");
    assert_eq!(s.title, "Ransomware run from State B");
    assert_eq!(
        s.facts.written(diligence_core::Fact::Harm).to_string(),
        "serious"
    );
}

#[test]
fn a_value_outside_its_list() {
    let e = error(&VALID.replace("harm = \"serious\"", "harm = \"severe\""));
    assert_eq!((e.position.line, e.position.column), (9, 8));
    assert_eq!(e.field.as_deref(), Some("facts.harm"));
    assert_eq!(e.value.as_deref(), Some("severe"));
    assert_eq!(e.allowed, ["none", "minor", "significant", "serious"]);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn a_missing_fact() {
    let e = error(&VALID.replace("timing = \"ongoing\"\n", ""));
    assert_eq!(e.field.as_deref(), Some("facts.timing"));
    assert_eq!(e.allowed, ["imminent", "ongoing", "completed"]);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn an_unknown_fact() {
    let e = error(&VALID.replace(
        "measures = \"none\"",
        "measures = \"none\"\nintent = \"hostile\"",
    ));
    assert_eq!((e.position.line, e.position.column), (14, 1));
    assert_eq!(e.field.as_deref(), Some("facts.intent"));
    assert!(e.allowed.contains(&"knowledge".to_string()));
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn a_misspelt_fact() {
    let e = error(&VALID.replace("knowledge =", "knowlege ="));
    assert_eq!(e.field.as_deref(), Some("facts.knowlege"));
    assert_eq!(e.position.line, 10);
}

#[test]
fn a_wrong_type() {
    let e = error(&VALID.replace("contrary_to_rights = true", "contrary_to_rights = \"yes\""));
    assert_eq!(e.field.as_deref(), Some("facts.contrary_to_rights"));
    assert_eq!(e.value.as_deref(), Some("\"yes\""));
    assert_eq!(e.allowed, ["true", "false"]);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn a_number_where_a_value_name_is_expected() {
    let e = error(&VALID.replace("capacity = \"feasible\"", "capacity = 3"));
    assert_eq!(e.field.as_deref(), Some("facts.capacity"));
    assert_eq!(e.value.as_deref(), Some("3"));
    assert_eq!(e.allowed, ["none", "limited", "feasible"]);
}

#[test]
fn an_unknown_top_level_field() {
    let e = error(&VALID.replace("notes = \"test\"", "note = \"test\""));
    assert_eq!(e.field.as_deref(), Some("note"));
    assert_eq!((e.position.line, e.position.column), (2, 1));
    assert!(e.allowed.contains(&"notes".to_string()));
}

#[test]
fn a_missing_title() {
    let e = error(&VALID.replace("title = \"Ransomware run from State B\"\n", ""));
    assert_eq!(e.field.as_deref(), Some("title"));
}

#[test]
fn a_missing_facts_table() {
    let e = error("title = \"x\"\n");
    assert_eq!(e.field.as_deref(), Some("facts"));
    assert!(e.allowed.contains(&"domain".to_string()));
}

#[test]
fn facts_that_are_not_a_table() {
    let e = error("title = \"x\"\nfacts = \"cyber\"\n");
    assert_eq!(e.field.as_deref(), Some("facts"));
    assert_eq!(e.position.line, 2);
}

#[test]
fn malformed_toml() {
    let e = error(&VALID.replace("harm = \"serious\"", "harm = \"serious"));
    assert_eq!(e.position.line, 9);
    assert!(e.problem.starts_with("malformed TOML"), "{}", e.problem);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn a_duplicate_key() {
    let e = error(&VALID.replace("harm = \"serious\"", "harm = \"serious\"\nharm = \"minor\""));
    assert_eq!(e.position.line, 10);
    assert_eq!(e.field.as_deref(), Some("facts.harm"));
    // A repeated key outside `[facts]` is malformed TOML.
    let e = error(&VALID.replace("notes = \"test\"", "notes = \"test\"\nnotes = \"again\""));
    assert!(e.problem.starts_with("malformed TOML"), "{}", e.problem);
}

#[test]
fn an_empty_file() {
    for text in ["", "  \n\n\t"] {
        let e = error(text);
        assert!(e.problem.contains("empty"), "{}", e.problem);
        assert_eq!(e.position.line, 1);
    }
}

#[test]
fn a_binary_file() {
    let e = parse_scenario(
        "s.bin",
        &[
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
        ],
    )
    .expect_err("binary");
    assert!(e.problem.contains("not UTF-8"), "{}", e.problem);
    let e = parse_scenario("s.bin", b"title = \"x\"\n\0\0\0").expect_err("binary");
    assert!(e.problem.contains("binary"), "{}", e.problem);
    assert_eq!(e.position.line, 2);
}

#[test]
fn an_expected_status_outside_its_list() {
    let e = error(&format!("{VALID}\n[expected]\ngge-2021 = \"violated\"\n"));
    assert_eq!(e.field.as_deref(), Some("expected.gge-2021"));
    assert!(e.allowed.contains(&"breach".to_string()));
}

/// The valid file with one fact's line replaced.
fn with_fact(fact: &str, written: &str) -> String {
    let mut done = false;
    let text: Vec<String> = VALID
        .lines()
        .map(|l| {
            if l.split(" = ").next() == Some(fact) {
                done = true;
                format!("{fact} = {written}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "no line for {fact}");
    text.join("\n") + "\n"
}

/// The line of `fact` in [`VALID`] (1-based).
fn line_of(fact: &str) -> usize {
    1 + VALID
        .lines()
        .position(|l| l.starts_with(&format!("{fact} =")))
        .expect("a line per fact")
}

#[test]
fn uncertain_facts_parse() {
    let s = parse_scenario(
        "s.toml",
        with_fact("knowledge", r#"["notified", "actual"]"#).as_bytes(),
    )
    .expect("valid");
    assert_eq!(s.facts.get(Fact::Knowledge), Values::of([2, 3]));
    assert_eq!(
        s.facts.written(Fact::Knowledge).to_string(),
        "notified,actual"
    );
    let s = parse_scenario("s.toml", with_fact("harm", r#""unknown""#).as_bytes()).expect("valid");
    assert_eq!(s.facts.get(Fact::Harm), Values::all(Fact::Harm));
    let s = parse_scenario(
        "s.toml",
        with_fact("contrary_to_rights", "[false, true]").as_bytes(),
    )
    .expect("valid");
    assert_eq!(
        s.facts.get(Fact::ContraryToRights),
        Values::all(Fact::ContraryToRights)
    );
    // A list of one value is that value.
    let s = parse_scenario("s.toml", with_fact("timing", r#"["completed"]"#).as_bytes())
        .expect("valid");
    assert!(s.facts.is_definite());
    assert_eq!(s.facts.written(Fact::Timing).to_string(), "completed");
}

#[test]
fn an_empty_list() {
    let e = error(&with_fact("knowledge", "[]"));
    assert_eq!(
        (e.position.line, e.position.column),
        (line_of("knowledge"), 13)
    );
    assert_eq!(e.field.as_deref(), Some("facts.knowledge"));
    assert_eq!(e.allowed, ["none", "constructive", "notified", "actual"]);
    assert!(e.problem.contains("empty list"), "{}", e.problem);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn a_repeated_value() {
    let e = error(&with_fact(
        "knowledge",
        r#"["notified", "actual", "notified"]"#,
    ));
    // The second `notified`, the third item of the list.
    assert_eq!(
        (e.position.line, e.position.column),
        (line_of("knowledge"), 36)
    );
    assert_eq!(e.field.as_deref(), Some("facts.knowledge"));
    assert_eq!(e.value.as_deref(), Some("notified"));
    assert_eq!(e.allowed, ["none", "constructive", "notified", "actual"]);
    insta::assert_snapshot!(e.to_string());
    let e = error(&with_fact("contrary_to_rights", "[true, true]"));
    assert_eq!(
        (e.position.line, e.position.column),
        (line_of("contrary_to_rights"), 29)
    );
    assert_eq!(e.value.as_deref(), Some("true"));
    assert_eq!(e.allowed, ["true", "false"]);
}

#[test]
fn a_value_outside_its_list_inside_a_list() {
    let e = error(&with_fact("harm", r#"["minor", "severe"]"#));
    assert_eq!((e.position.line, e.position.column), (line_of("harm"), 18));
    assert_eq!(e.width, "\"severe\"".len());
    assert_eq!(e.field.as_deref(), Some("facts.harm"));
    assert_eq!(e.value.as_deref(), Some("severe"));
    assert_eq!(e.allowed, ["none", "minor", "significant", "serious"]);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn a_misspelt_unknown() {
    let e = error(&with_fact("knowledge", r#""unkown""#));
    assert_eq!(
        (e.position.line, e.position.column),
        (line_of("knowledge"), 13)
    );
    assert_eq!(e.field.as_deref(), Some("facts.knowledge"));
    assert_eq!(e.value.as_deref(), Some("unkown"));
    assert!(e.problem.contains("\"unknown\""), "{}", e.problem);
    insta::assert_snapshot!(e.to_string());
    // Case matters, and a true-or-false fact says so too.
    let e = error(&with_fact("harm", r#""Unknown""#));
    assert_eq!(e.value.as_deref(), Some("Unknown"));
    let e = error(&with_fact("contrary_to_rights", r#""unknwon""#));
    assert_eq!(e.field.as_deref(), Some("facts.contrary_to_rights"));
    assert_eq!(e.value.as_deref(), Some("\"unknwon\""));
    assert!(e.problem.contains("\"unknown\""), "{}", e.problem);
    assert_eq!(e.allowed, ["true", "false"]);
}

#[test]
fn unknown_inside_a_list() {
    let e = error(&with_fact("knowledge", r#"["actual", "unknown"]"#));
    assert_eq!(
        (e.position.line, e.position.column),
        (line_of("knowledge"), 24)
    );
    assert_eq!(e.field.as_deref(), Some("facts.knowledge"));
    assert_eq!(e.value.as_deref(), Some("unknown"));
    assert!(
        e.problem.contains("cannot stand in a list"),
        "{}",
        e.problem
    );
    insta::assert_snapshot!(e.to_string());
    let e = error(&with_fact("contrary_to_rights", r#"[true, "unknown"]"#));
    assert_eq!(e.field.as_deref(), Some("facts.contrary_to_rights"));
    assert!(
        e.problem.contains("cannot stand in a list"),
        "{}",
        e.problem
    );
}

#[test]
fn a_list_inside_a_list() {
    let e = error(&with_fact("timing", r#"[["ongoing"], "completed"]"#));
    assert_eq!(
        (e.position.line, e.position.column),
        (line_of("timing"), 11)
    );
    assert_eq!(e.field.as_deref(), Some("facts.timing"));
    assert_eq!(e.value.as_deref(), Some(r#"["ongoing"]"#));
    assert_eq!(e.allowed, ["imminent", "ongoing", "completed"]);
}

#[test]
fn a_fact_given_twice() {
    let e = error(&VALID.replace(
        "knowledge = \"notified\"",
        "knowledge = \"notified\"\nknowledge = [\"actual\"]",
    ));
    // TOML itself forbids the second key: the error points at it and names
    // the fact and its values.
    assert_eq!(
        (e.position.line, e.position.column),
        (line_of("knowledge") + 1, 1)
    );
    assert!(e.problem.contains("fact given twice"), "{}", e.problem);
    assert_eq!(e.field.as_deref(), Some("facts.knowledge"));
    assert_eq!(e.allowed, ["none", "constructive", "notified", "actual"]);
    assert!(e.line_text.starts_with("knowledge"), "{}", e.line_text);
    insta::assert_snapshot!(e.to_string());
}

/// One item of a list of values, as a fuzzer writes it.
#[derive(Debug, Clone)]
enum Item {
    /// The value at this position of the fact's list.
    Value(usize),
    /// A string that is no value of the fact.
    Bad(String),
    /// `"unknown"`, which cannot stand in a list.
    Unknown,
}

/// One fact as a fuzzer writes it.
#[derive(Debug, Clone)]
enum Written {
    /// One value.
    Value(usize),
    /// `"unknown"`.
    Unknown,
    /// A string that is no value of the fact (a misspelt `unknown`).
    Bad(String),
    /// A list.
    List(Vec<Item>),
    /// Left out.
    Absent,
}

fn item_toml(fact: Fact, item: &Item) -> String {
    match item {
        Item::Value(v) if fact.is_boolean() => (*v == 0).to_string(),
        Item::Value(v) => format!("\"{}\"", fact.values()[*v]),
        Item::Bad(s) => format!("\"{s}\""),
        Item::Unknown => "\"unknown\"".to_string(),
    }
}

fn written_toml(fact: Fact, w: &Written) -> Option<String> {
    Some(match w {
        Written::Value(v) => item_toml(fact, &Item::Value(*v)),
        Written::Unknown => "\"unknown\"".to_string(),
        Written::Bad(s) => format!("\"{s}\""),
        Written::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| item_toml(fact, i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Written::Absent => return None,
    })
}

/// The values a fact so written stands for, or `None` when it is an error.
fn meaning(fact: Fact, w: &Written) -> Option<Values> {
    match w {
        Written::Value(v) => Some(Values::one(*v)),
        Written::Unknown => Some(Values::all(fact)),
        Written::Bad(_) => None,
        Written::Absent => fact.default_value().map(Values::one),
        Written::List(items) => {
            let mut values = Values::EMPTY;
            for item in items {
                let Item::Value(v) = item else { return None };
                if values.contains(*v) {
                    return None;
                }
                values = values.union(Values::one(*v));
            }
            (!values.is_empty()).then_some(values)
        }
    }
}

/// Strings that are no value of any fact: misspellings of `unknown` and of
/// values, other cases, blanks.
fn bad_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("unkown".to_string()),
        Just("Unknown".to_string()),
        Just("UNKNOWN".to_string()),
        Just("unknown ".to_string()),
        Just(String::new()),
        Just("Serious".to_string()),
        Just("true".to_string()),
        "[a-z_]{1,12}".prop_filter("no value of any fact", |s| {
            s != "unknown" && Fact::ALL.iter().all(|f| f.value_index(s).is_none())
        }),
    ]
}

fn written(fact: Fact) -> impl Strategy<Value = Written> {
    let arity = fact.arity();
    let item = prop_oneof![
        6 => (0..arity).prop_map(Item::Value),
        1 => bad_string().prop_map(Item::Bad),
        1 => Just(Item::Unknown),
    ];
    let absent = if fact.default_value().is_some() { 2 } else { 0 };
    prop_oneof![
        6 => (0..arity).prop_map(Written::Value),
        3 => Just(Written::Unknown),
        1 => bad_string().prop_map(Written::Bad),
        6 => proptest::collection::vec(item, 0..=arity + 1).prop_map(Written::List),
        absent => Just(Written::Absent),
    ]
}

fn every_fact_written() -> Vec<BoxedStrategy<Written>> {
    Fact::ALL.iter().map(|f| written(*f).boxed()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_scenario("fuzz.toml", &bytes);
    }

    #[test]
    fn edited_valid_files_never_panic(at in 0..VALID.len(), cut in 0..40usize, insert in "[\\PC\\n\"=\\[\\]{}.,#]{0,12}") {
        let mut text = VALID.as_bytes().to_vec();
        let end = (at + cut).min(text.len());
        text.splice(at..end, insert.bytes());
        if let Err(e) = parse_scenario("fuzz.toml", &text) {
            prop_assert!(e.position.line >= 1 && e.position.column >= 1);
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// Uncertain facts, valid and not: a file reads exactly when every fact
    /// is written right, then with the values it stands for; otherwise the
    /// error names the first fact in error, on its own line, with the
    /// allowed values.
    #[test]
    fn uncertain_facts_read_as_written(facts in every_fact_written()) {
        let mut text = String::from("title = \"fuzz\"\n\n[facts]\n");
        let mut lines = Vec::new();
        for (fact, w) in Fact::ALL.iter().zip(&facts) {
            if let Some(value) = written_toml(*fact, w) {
                text.push_str(&format!("{} = {value}\n", fact.name()));
            }
            lines.push(text.lines().count());
        }
        let expected: Vec<Option<Values>> = Fact::ALL
            .iter()
            .zip(&facts)
            .map(|(f, w)| meaning(*f, w))
            .collect();
        match parse_scenario("fuzz.toml", text.as_bytes()) {
            Ok(s) => {
                for (fact, want) in Fact::ALL.iter().zip(&expected) {
                    prop_assert_eq!(Some(s.facts.get(*fact)), *want, "{}", fact);
                }
            }
            Err(e) => {
                let first = expected.iter().position(Option::is_none);
                prop_assert!(first.is_some(), "a valid file was refused: {}", e);
                let at = first.unwrap_or(0);
                let fact = Fact::ALL[at];
                let field = format!("facts.{fact}");
                prop_assert_eq!(e.field.as_deref(), Some(field.as_str()), "{}", e);
                prop_assert_eq!(e.position.line, lines[at], "{}", e);
                prop_assert_eq!(&e.allowed, &fact.values().to_vec(), "{}", e);
                prop_assert!(e.to_string().contains(&field));
            }
        }
    }

    /// Uncertain values edited at random never panic the parser, and every
    /// error names a field or is a TOML syntax error.
    #[test]
    fn edited_uncertain_files_never_panic(
        at in 0..UNCERTAIN.len(),
        cut in 0..30usize,
        insert in "[a-z\"\\[\\], =#\\n]{0,16}",
    ) {
        let mut text = UNCERTAIN.as_bytes().to_vec();
        let end = (at + cut).min(text.len());
        text.splice(at..end, insert.bytes());
        if let Err(e) = parse_scenario("fuzz.toml", &text) {
            prop_assert!(e.position.line >= 1 && e.position.column >= 1);
            prop_assert!(
                e.field.is_some() || e.problem.starts_with("malformed TOML")
                    || e.problem.contains("not UTF-8"),
                "{}", e
            );
        }
    }
}
