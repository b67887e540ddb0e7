//! What people read on the command line speaks of documents, not of this
//! project's working files, and shows what each result rests on: every
//! readable output of every example scenario and listing is searched for
//! the forbidden words, and the results that rest on an inference or an
//! imputation say so.

use assert_cmd::Command;
use diligence_kb::fidelity::forbidden_in;
use diligence_kb::KnowledgeBase;
use std::path::PathBuf;

fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("diligence")
        .expect("the binary is built")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn example(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/scenarios")
        .join(format!("{name}.toml"))
        .display()
        .to_string()
}

fn assert_clean(what: &str, text: &str) {
    for line in text.lines() {
        if let Some(w) = forbidden_in(line) {
            panic!("{what} says \"{w}\":\n  {line}");
        }
    }
}

#[test]
fn no_readable_output_names_a_working_file() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    for s in &kb.scenarios {
        let file = example(&s.name);
        let text = stdout(&["assess", &file, "--explain", "--decisive"]);
        assert_clean(&format!("assess {} --explain", s.name), &text);
    }
    for p in &kb.profiles {
        assert_clean(&format!("profile {}", p.id), &stdout(&["profile", &p.id]));
    }
    for args in [
        &["profiles"][..],
        &["authorities"],
        &["implications"],
        &["debate"],
        &["examples"],
    ] {
        assert_clean(&args.join(" "), &stdout(args));
    }
}

#[test]
fn results_say_what_they_rest_on() {
    let text = stdout(&[
        "assess",
        &example("banking-collapse"),
        "--explain",
        "-p",
        "fra-2019",
        "-p",
        "gge-2015",
    ]);
    // France's statement addresses cyberspace: its reach to a banking
    // collapse is the 2024 article's imputation, and the output says so.
    let france = text
        .split("\n\n")
        .find(|block| block.contains("[fra-2019]"))
        .expect("France's result");
    assert!(france.contains("rests on inference"), "{france}");
    assert!(france.contains("imputation"), "{france}");
    assert!(france.contains("[inferred]"), "{france}");
    assert!(
        france.contains("countermeasures only on these conditions"),
        "{france}"
    );
    let table = stdout(&[
        "assess",
        &example("banking-collapse"),
        "-p",
        "fra-2019",
        "-p",
        "gge-2015",
    ]);
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{table}"))
            .to_string()
    };
    assert!(row("France").contains("imputation"), "{table}");
    assert!(row("UN GGE 2015").contains("sources"), "{table}");
}

#[test]
fn implications_say_a_states_reach_beyond_cyber_is_imputed() {
    let text = stdout(&["implications"]);
    assert!(
        text.contains("rests on a commentator's imputation"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("France (2019)") && l.contains('*')),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["implications", "--format", "json"])).expect("JSON");
    let cells = json["catalogue"][1]["cells"].as_array().expect("cells");
    let profiles = json["profiles"].as_array().expect("profiles");
    for (cell, id) in cells.iter().zip(profiles) {
        let is_position = !matches!(
            id.as_str(),
            Some(
                "corfu-channel-literal"
                    | "tallinn-manual-2"
                    | "coco-dias-2021"
                    | "gge-2015"
                    | "gge-2021"
                    | "ilc-prevention-2001"
                    | "specific-rules-only"
            )
        );
        assert_eq!(cell.get("reach").is_some(), is_position, "{id}: {cell}");
    }
}
