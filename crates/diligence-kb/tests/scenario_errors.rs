//! Every way a scenario file can be wrong gets an error naming the file, the
//! line and column, the field, the bad value and the allowed values; and no
//! input, however broken, makes the parser panic.

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
}
