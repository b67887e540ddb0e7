//! The command line end to end: the spec's JSON, the readable outputs
//! (snapshots), and every error path (exit 2, nothing on standard output, a
//! message naming file, line, field and allowed values).

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn diligence() -> Command {
    Command::cargo_bin("diligence").expect("the binary is built")
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/scenarios")
        .join(format!("{name}.toml"))
}

fn stdout(args: &[&str]) -> String {
    let out = diligence().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Runs a command that must fail with exit 2 and print nothing on standard
/// output; returns standard error.
fn bad_input(args: &[&str]) -> String {
    let out = diligence().args(args).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "{args:?} printed on standard output");
    String::from_utf8(out.stderr).expect("UTF-8")
}

fn scratch(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path.display().to_string())
}

#[test]
fn assess_json_is_the_spec_shape() {
    let file = example("ransomware-hospitals-notified");
    let out = stdout(&["assess", file.to_str().expect("path"), "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!(v["scenario"]["title"].is_string());
    assert_eq!(v["scenario"]["facts"]["harm"], "serious");
    let results = v["results"].as_array().expect("results");
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["profile"].as_str().expect("id"))
        .collect();
    assert_eq!(
        &ids[..3],
        [
            "corfu-channel-literal",
            "tallinn-manual-2",
            "coco-dias-2021"
        ]
    );
    let tallinn = &results[1];
    assert_eq!(tallinn["status"], "breach");
    assert_eq!(tallinn["countermeasures"], true);
    for entry in tallinn["trace"].as_array().expect("trace") {
        assert_eq!(entry["obligation"], "rule-6-7");
        for key in ["element", "satisfied", "reason", "authorities"] {
            assert!(entry.get(key).is_some(), "trace entry without {key}");
        }
        assert!(!entry["authorities"].as_array().expect("list").is_empty());
    }
    insta::assert_snapshot!(out);
}

#[test]
fn assess_profile_filter_keeps_the_stable_order() {
    let file = example("botnet-transit");
    let out = stdout(&[
        "assess",
        file.to_str().expect("path"),
        "--format",
        "json",
        "--profile",
        "usa-2021",
        "--profile",
        "gge-2015",
    ]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let ids: Vec<&str> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["profile"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["gge-2015", "usa-2021"]);
}

#[test]
fn assess_text_table() {
    let file = example("banking-collapse");
    insta::assert_snapshot!(stdout(&["assess", file.to_str().expect("path")]));
}

#[test]
fn assess_explain_shows_every_element_with_citations() {
    let file = example("controlled-infrastructure-abroad");
    insta::assert_snapshot!(stdout(&[
        "assess",
        file.to_str().expect("path"),
        "--explain",
        "--profile",
        "tallinn-manual-2",
        "--profile",
        "specific-rules-only"
    ]));
}

#[test]
fn profiles_json_has_the_fields_the_issue_names() {
    let v: Value = serde_json::from_str(&stdout(&["profiles", "--format", "json"])).expect("JSON");
    let list = v.as_array().expect("array");
    assert!(list.len() >= 34);
    for p in list {
        let id = p["id"].as_str().expect("id");
        for key in [
            "kind",
            "name",
            "year",
            "obligations",
            "legal_status",
            "scope_of_conduct",
            "knowledge",
            "harm_threshold",
            "basis",
        ] {
            assert!(p.get(key).is_some(), "{id}: no {key}");
        }
        assert!(["doctrine", "state", "organisation"].contains(&p["kind"].as_str().expect("kind")));
        assert!(
            !p["authorities"].as_array().expect("authorities").is_empty(),
            "{id}: no authorities"
        );
        for ob in p["obligations"].as_array().expect("obligations") {
            assert!(ob["conduct"].is_array(), "{id}: conduct is a list");
            for key in [
                "binding",
                "domains",
                "covers_transit",
                "covers_controlled_infrastructure",
                "requires_contrary_to_rights",
                "harm_threshold",
                "knowledge_standard",
                "countermeasures",
                "authorities",
            ] {
                assert!(ob.get(key).is_some(), "{id}: obligation without {key}");
            }
        }
    }
    let au = list
        .iter()
        .find(|p| p["id"] == "african-union-2024")
        .expect("AU");
    assert_eq!(au["kind"], "organisation");
}

#[test]
fn profile_text_shows_provenance_and_citations() {
    let out = stdout(&["profile", "tallinn-manual-2"]);
    assert!(out.contains("[explicit]"));
    assert!(out.contains("Rule 6, p. 30"));
    insta::assert_snapshot!(out);
}

#[test]
fn authorities_search() {
    let out = stdout(&["authorities", "--search", "Corfu"]);
    assert!(out.contains("corfu-channel-1949"));
    let none = stdout(&["authorities", "--search", "zzzz-nothing"]);
    assert!(none.contains("no authority matches"));
}

#[test]
fn check_passes_on_the_shipped_data() {
    let out = stdout(&["check"]);
    assert!(out.starts_with("ok: "), "{out}");
}

#[test]
fn check_reports_a_broken_data_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for sub in ["authorities", "profiles/doctrines", "scenarios"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(data.join(sub)).expect("read") {
            let path = entry.expect("entry").path();
            std::fs::copy(
                &path,
                dir.path().join(sub).join(path.file_name().expect("name")),
            )
            .expect("copy");
        }
    }
    let tallinn = dir.path().join("profiles/doctrines/tallinn-manual-2.toml");
    let text = std::fs::read_to_string(&tallinn).expect("read");
    std::fs::write(
        &tallinn,
        text.replacen(
            "authority = \"tallinn-manual-2\"",
            "authority = \"tallin-manual-2\"",
            1,
        ),
    )
    .expect("write");
    let err = bad_input(&["check", "--data", dir.path().to_str().expect("path")]);
    assert!(
        err.contains("unknown authority id `tallin-manual-2`"),
        "{err}"
    );
    assert!(err.contains("tallinn-manual-2.toml:"), "{err}");
}

#[test]
fn examples_round_trip_through_assess() {
    let text = stdout(&["examples", "private-espionage"]);
    let (_dir, path) = scratch("s.toml", text.as_bytes());
    let out = stdout(&["assess", &path, "--format", "json"]);
    assert!(out.contains("\"results\""));
    assert!(stdout(&["examples"]).contains("private-espionage"));
}

#[test]
fn error_bad_value_names_file_line_field_value_and_allowed_values() {
    let text = std::fs::read_to_string(example("botnet-transit")).expect("read");
    let (_dir, path) = scratch(
        "bad.toml",
        text.replacen("harm = \"serious\"", "harm = \"catastrophic\"", 1)
            .as_bytes(),
    );
    let err = bad_input(&["assess", &path]);
    assert!(err.contains("bad.toml:"), "{err}");
    assert!(err.contains("facts.harm"), "{err}");
    assert!(err.contains("catastrophic"), "{err}");
    assert!(err.contains("none, minor, significant, serious"), "{err}");
}

#[test]
fn error_missing_unknown_and_mistyped_fields() {
    let text = std::fs::read_to_string(example("botnet-transit")).expect("read");
    let missing = text
        .lines()
        .filter(|l| !l.starts_with("capacity"))
        .collect::<Vec<_>>()
        .join("\n");
    let (_d1, p1) = scratch("missing.toml", missing.as_bytes());
    assert!(bad_input(&["assess", &p1]).contains("facts.capacity"));
    let (_d2, p2) = scratch(
        "unknown.toml",
        text.replacen("[facts]", "[facts]\nseverity = 3", 1)
            .as_bytes(),
    );
    let err = bad_input(&["assess", &p2]);
    assert!(
        err.contains("facts.severity") && err.contains("allowed values: domain"),
        "{err}"
    );
    let (_d3, p3) = scratch(
        "typed.toml",
        text.replacen("contrary_to_rights = true", "contrary_to_rights = 1", 1)
            .as_bytes(),
    );
    assert!(bad_input(&["assess", &p3]).contains("must be true, false"));
}

#[test]
fn error_malformed_empty_binary_and_missing_files() {
    let (_d1, p1) = scratch("broken.toml", b"title = \"x\n[facts]\n");
    assert!(bad_input(&["assess", &p1]).contains("malformed TOML"));
    let (_d2, p2) = scratch("empty.toml", b"");
    assert!(bad_input(&["assess", &p2]).contains("empty"));
    let (_d3, p3) = scratch(
        "image.png",
        &[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00],
    );
    assert!(bad_input(&["assess", &p3]).contains("not UTF-8"));
    assert!(bad_input(&["assess", "/nonexistent/scenario.toml"]).contains("no such file"));
}

#[test]
fn error_unknown_profile_suggests_ids() {
    let file = example("botnet-transit");
    let err = bad_input(&[
        "assess",
        file.to_str().expect("path"),
        "--profile",
        "usa-2020",
    ]);
    assert!(
        err.contains("unknown profile `usa-2020`") && err.contains("usa-2021"),
        "{err}"
    );
    assert!(bad_input(&["profile", "tallinn"]).contains("tallinn-manual-2"));
}

#[test]
fn error_bad_command_line() {
    let err = bad_input(&["assess", "x.toml", "--format", "yaml"]);
    assert!(err.contains("text") && err.contains("json"), "{err}");
}

#[test]
fn assess_reads_standard_input() {
    let text = stdout(&["examples", "botnet-transit"]);
    let out = diligence()
        .args(["assess", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["scenario"]["facts"]["territorial_link"], "transits");
    let err = diligence()
        .args(["assess", "-"])
        .write_stdin("title = 1")
        .output()
        .expect("runs");
    assert_eq!(err.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&err.stderr).contains("<stdin>:1:9"));
}

#[test]
fn implications_table() {
    let out = stdout(&["implications"]);
    assert!(out.contains("Banking collapse"));
    insta::assert_snapshot!(out);
}

#[test]
fn implications_csv_has_a_row_per_entry_and_profile() {
    let out = stdout(&[
        "implications",
        "--format",
        "csv",
        "-p",
        "coco-dias-2021",
        "-p",
        "usa-2021",
    ]);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "entry,scenario,profile,status,binding_obligation,countermeasures,reason"
    );
    assert_eq!(rows.len(), 1 + 10 * 2);
    assert!(rows
        .iter()
        .skip(1)
        .all(|r| r.contains(",coco-dias-2021,") || r.contains(",usa-2021,")));
}

#[test]
fn divergence_json_has_the_fields_the_issue_names() {
    let v: Value =
        serde_json::from_str(&stdout(&["divergence", "--format", "json"])).expect("JSON");
    assert_eq!(v["situations"], 207_360);
    let profiles = v["profiles"].as_array().expect("profiles");
    let matrix = v["disagreements"].as_array().expect("matrix");
    assert_eq!(matrix.len(), profiles.len());
    for (i, row) in matrix.iter().enumerate() {
        assert_eq!(row.as_array().expect("row").len(), profiles.len());
        assert_eq!(row[i], 0);
    }
    let tallinn = &v["distribution"]["tallinn-manual-2"];
    let total: u64 = tallinn
        .as_object()
        .expect("by status")
        .values()
        .map(|n| n.as_u64().expect("count"))
        .sum();
    assert_eq!(total, 207_360);
}

#[test]
fn divergence_text_csv_and_svg() {
    let text = stdout(&[
        "divergence",
        "-p",
        "gge-2021",
        "-p",
        "usa-2021",
        "-p",
        "tallinn-manual-2",
    ]);
    insta::assert_snapshot!(text);
    let csv = stdout(&[
        "divergence",
        "--format",
        "csv",
        "-p",
        "gge-2021",
        "-p",
        "usa-2021",
    ]);
    assert_eq!(
        csv,
        "profile,gge-2021,usa-2021\ngge-2021,0,0\nusa-2021,0,0\n"
    );
    let svg = stdout(&["divergence", "--format", "svg"]);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(bad_input(&["divergence", "-p", "gge-2021"]).contains("at least two"));
}

#[test]
fn distinguish_finds_a_minimal_pair() {
    let out = stdout(&[
        "distinguish",
        "corfu-channel-literal",
        "fra-2019",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let first = &v["situations"][0];
    assert_ne!(
        first["statuses"]["corfu-channel-literal"],
        first["statuses"]["fra-2019"]
    );
    assert_eq!(
        first["changed"].as_array().expect("list").len() as u64,
        v["distance"].as_u64().expect("distance")
    );
    insta::assert_snapshot!(stdout(&[
        "distinguish",
        "corfu-channel-literal",
        "fra-2019",
        "--limit",
        "2"
    ]));
}

fn draft_from(shipped: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/profiles")
            .join(shipped),
    )
    .expect("shipped profile");
    let text = text
        .replacen("id = \"fra-2019\"", "id = \"fra-2030\"", 1)
        .replacen("year = 2019", "year = 2030", 1);
    scratch("draft.toml", edit(text).as_bytes())
}

#[test]
fn draft_identical_to_a_position_agrees_with_it_everywhere() {
    let (_dir, path) = draft_from("states/fra-2019.toml", |t| t);
    let v: Value =
        serde_json::from_str(&stdout(&["draft", &path, "--format", "json"])).expect("JSON");
    let nearest = v["nearest"].as_array().expect("list");
    let fra = nearest
        .iter()
        .find(|n| n["profile"] == "fra-2019")
        .expect("fra-2019");
    assert_eq!(fra["agreement"], 207_360);
    assert!(fra["differences"].as_array().expect("list").is_empty());
    // Narrowing the draft to cyber moves it towards the cyber-only readings.
    let edit = v["edits"]
        .as_array()
        .expect("edits")
        .iter()
        .find(|e| e["parameter"] == "domains")
        .expect("a domains edit");
    assert!(edit["delta"]["gge-2021"].as_i64().expect("delta") > 0);
    assert!(edit["delta"]["fra-2019"].as_i64().expect("delta") < 0);
}

#[test]
fn draft_errors_name_the_file_line_and_field() {
    let (_d1, bad_value) = draft_from("states/fra-2019.toml", |t| {
        t.replacen("value = \"actual\"", "value = \"certain\"", 1)
    });
    let err = bad_input(&["draft", &bad_value]);
    assert!(
        err.contains("draft.toml:") && err.contains("certain") && err.contains("constructive"),
        "{err}"
    );
    let (_d2, unknown) = draft_from("states/fra-2019.toml", |t| {
        t.replacen("authority = \"fra-2019\"", "authority = \"fra-2091\"", 1)
    });
    assert!(bad_input(&["draft", &unknown]).contains("unknown authority id `fra-2091`"));
    let (_d3, shipped_id) = draft_from("states/fra-2019.toml", |t| {
        t.replacen("id = \"fra-2030\"", "id = \"fra-2019\"", 1)
    });
    assert!(bad_input(&["draft", &shipped_id]).contains("id of a shipped profile"));
}

/// The labels of the shipped debate, one line per argument, for an audience.
fn debate_labels(args: &[&str]) -> String {
    let mut full = vec!["debate", "--format", "json"];
    full.extend_from_slice(args);
    let v: Value = serde_json::from_str(&stdout(&full)).expect("JSON");
    v["arguments"]
        .as_array()
        .expect("arguments")
        .iter()
        .map(|a| {
            format!(
                "{:<10} {}",
                a["label"].as_str().expect("label"),
                a["id"].as_str().expect("id")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn debate_labelling_per_audience() {
    insta::assert_snapshot!("debate-no-audience", debate_labels(&[]));
    for audience in ["general-obligation", "specific-rules", "gge-consensus"] {
        insta::assert_snapshot!(
            format!("debate-{audience}"),
            debate_labels(&["--audience", audience])
        );
    }
    insta::assert_snapshot!(
        "debate-specific-rules-preferred",
        debate_labels(&["--audience", "specific-rules", "--semantics", "PR"])
    );
}

#[test]
fn debate_audiences_disagree_on_the_general_obligation() {
    let general = debate_labels(&["--audience", "general-obligation"]);
    let specific = debate_labels(&["--audience", "specific-rules"]);
    assert!(
        general.contains("in         tallinn-general-principle"),
        "{general}"
    );
    assert!(
        specific.contains("out        tallinn-general-principle"),
        "{specific}"
    );
    assert!(
        specific.contains("in         specific-rules-only"),
        "{specific}"
    );
}

#[test]
fn debate_renders_dot_and_svg_and_rejects_bad_options() {
    let dot = stdout(&["debate", "--format", "dot"]);
    assert!(dot.starts_with("digraph debate {") && dot.contains("->"));
    let svg = stdout(&["debate", "--format", "svg", "--audience", "gge-consensus"]);
    assert!(svg.starts_with("<svg") && svg.contains("tallinn-general-principle"));
    assert!(bad_input(&["debate", "--semantics", "XYZ"]).contains("GR, CO, PR"));
    assert!(bad_input(&["debate", "--audience", "nobody"]).contains("shipped audiences"));
}

#[test]
fn argue_speaks_the_iccma_interface() {
    let (_dir, af) = scratch("af.af", b"p af 3\n1 2\n2 1\n2 3\n");
    let run = |args: &[&str]| stdout(args);
    assert_eq!(
        run(&["argue", "-p", "DC-PR", "-f", &af, "-a", "3"]),
        "YES\nw 1 3\n"
    );
    assert_eq!(
        run(&["argue", "-p", "DS-PR", "-f", &af, "-a", "3"]),
        "NO\nw 2\n"
    );
    assert_eq!(run(&["argue", "-p", "SE-GR", "-f", &af]), "w\n");
    assert!(run(&["argue", "--problems"]).contains("DS-PR"));
    let (_d2, apx) = scratch("af.apx", b"arg(a).\narg(b).\natt(a,b).\n");
    assert_eq!(
        run(&["argue", "-p", "DC-CO", "-f", &apx, "-a", "b"]),
        "NO\n"
    );
    assert!(bad_input(&["argue", "-p", "DC-XX", "-f", &af, "-a", "1"]).contains("DC-XX"));
    let (_d3, broken) = scratch("bad.af", b"p af 2\n1 7\n");
    assert!(bad_input(&["argue", "-p", "SE-PR", "-f", &broken]).contains("line 2"));
}
