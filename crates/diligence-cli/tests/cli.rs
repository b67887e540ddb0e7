//! The command line end to end: the spec's JSON, the readable outputs
//! (snapshots), and every error path (exit 2, nothing on standard output, a
//! message naming file, line, field and allowed values).

use assert_cmd::Command;
use diligence_core::Verdict;
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

/// The name a profile is listed under ("France (2019)").
fn label(id: &str) -> String {
    diligence_kb::KnowledgeBase::embedded()
        .expect("shipped data is valid")
        .profile(id)
        .unwrap_or_else(|| panic!("no profile {id}"))
        .label()
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
    assert!(out.contains("judgment of a court"));
    assert!(out.contains("`diligence authority ID`"));
    let none = stdout(&["authorities", "--search", "zzzz-nothing"]);
    assert!(none.contains("no authority matches"));
}

#[test]
fn profiles_text_reads_in_names_dates_and_words() {
    let out = stdout(&["profiles"]);
    let head = out.lines().next().expect("a header");
    assert!(head.starts_with("NAME"), "{head}");
    assert!(out.contains("voluntary norm") && !out.contains("voluntary_norm"));
    let fra = out
        .lines()
        .find(|l| l.ends_with("fra-2019"))
        .expect("a row for fra-2019");
    assert!(
        fra.starts_with("France") && fra.contains("September 2019"),
        "{fra}"
    );
    let v: Value = serde_json::from_str(&stdout(&["profiles", "--format", "json"])).expect("JSON");
    for p in v.as_array().expect("array") {
        assert!(p["statement_date"].is_string(), "{}", p["id"]);
    }
}

/// The 2021 US statement supersedes the 2016 one: each says so, in words
/// and in the JSON.
#[test]
fn profile_shows_the_date_and_the_succession_of_statements() {
    let old = stdout(&["profile", "usa-2016"]);
    assert!(old.contains("Date of the statement: 2016"), "{old}");
    assert!(
        old.contains("Superseded by: United States, 2021 (usa-2021)"),
        "{old}"
    );
    assert!(!old.contains("Earlier statement"));
    let new = stdout(&["profile", "usa-2021"]);
    assert!(
        new.contains("Earlier statement: United States, 2016 (usa-2016)"),
        "{new}"
    );
    assert!(!new.contains("Superseded by"));
    let fra = stdout(&["profile", "fra-2019"]);
    assert!(fra.contains("Date of the statement: September 2019"));
    assert!(!fra.contains("Superseded by") && !fra.contains("Earlier statement"));
    let old = json(&["profile", "usa-2016", "--format", "json"]);
    assert_eq!(old["statement_date"], "2016");
    assert_eq!(old["superseded_by"]["id"], "usa-2021");
    assert_eq!(old["superseded_by"]["statement_date"], "2021");
    assert!(old["earlier_statement"].is_null());
    let new = json(&["profile", "usa-2021", "--format", "json"]);
    assert_eq!(new["earlier_statement"]["id"], "usa-2016");
    assert!(new["superseded_by"].is_null());
}

#[test]
fn authority_shows_the_entry_and_every_coding_that_cites_it() {
    let out = stdout(&["authority", "corfu-channel-1949"]);
    assert!(out.starts_with("Corfu Channel"), "{out}");
    assert!(out.contains("Kind:              judgment of a court"));
    assert!(out.contains("Where to find it:  [1949] ICJ Rep 4"));
    assert!(out.contains(
        "quoted in 'A general obligation of due diligence in international law?' (2024), para 16"
    ));
    let v = json(&["authority", "corfu-channel-1949", "--format", "json"]);
    let values = v["citing_values"].as_array().expect("citing values");
    assert!(!values.is_empty());
    assert!(out.contains(&format!("Codings that cite it ({}):", values.len())));
    let literal = values
        .iter()
        .find(|x| x["profile"] == "corfu-channel-literal" && x["parameter"] == "knowledge_standard")
        .expect("the literal reading's knowledge standard cites Corfu Channel");
    assert_eq!(literal["value"], "actual");
    assert_eq!(literal["provenance"], "explicit");
    assert_eq!(literal["pinpoint"], "p. 22");
    assert!(out.contains("Knowledge standard: actual knowledge [explicit], p. 22"));
    let args = v["debate_arguments"].as_array().expect("arguments");
    assert!(args.iter().any(|a| a == "corfu-contextual"));
    assert!(out.contains("id: corfu-contextual"));
}

/// Every authority reads in words: where the information comes from and
/// where its quotations stand are named by title.
#[test]
fn every_authority_names_its_sources_by_title() {
    let kb = diligence_kb::KnowledgeBase::embedded().expect("the shipped data is valid");
    for a in &kb.authorities {
        let out = stdout(&["authority", &a.id]);
        let known = out
            .lines()
            .find(|l| l.starts_with("Known from:"))
            .unwrap_or_else(|| panic!("{}: no Known from line", a.id));
        let quoted: Vec<&str> = out
            .lines()
            .filter(|l| {
                l.starts_with("        ")
                    && (l.contains("quoted in ") || l.ends_with("of this document"))
            })
            .collect();
        assert_eq!(quoted.len(), a.quotes.len(), "{}", a.id);
        for line in quoted.iter().chain([&known]) {
            let lower = line.to_lowercase();
            for word in diligence_kb::fidelity::FORBIDDEN {
                assert!(!lower.contains(word), "{}: `{word}` in {line}", a.id);
            }
        }
    }
}

#[test]
fn error_unknown_authority_suggests_ids() {
    let err = bad_input(&["authority", "corfu"]);
    assert!(
        err.contains("unknown authority `corfu`") && err.contains("corfu-channel-1949"),
        "{err}"
    );
    assert!(
        bad_input(&["authority", "tallin-manual-2", "--format", "json"])
            .contains("tallinn-manual-2")
    );
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
        "entry,scenario,profile,status,binding_obligation,countermeasures,reason,rests_on,reach"
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
    assert!(
        svg.contains(">Tallinn Manual 2.0</text>") && !svg.contains(">tallinn-manual-2</text>"),
        "the heat map's axes name the profiles"
    );
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

/// An example scenario with some facts' lines replaced (`fact`, the new
/// text after `=`), in a temporary file.
fn edited_example(
    name: &str,
    file_name: &str,
    edits: &[(&str, &str)],
) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(example(name)).expect("read");
    let mut out = String::new();
    let mut done = 0;
    for line in text.lines() {
        match edits
            .iter()
            .find(|(fact, _)| line.split(" = ").next() == Some(fact))
        {
            Some((fact, value)) => {
                out.push_str(&format!("{fact} = {value}\n"));
                done += 1;
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    assert_eq!(done, edits.len(), "every edited fact is in {name}");
    scratch(file_name, out.as_bytes())
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("JSON")
}

/// A status and its countermeasures in the words of the text output.
fn outcome_words(status: &Value, countermeasures: &Value) -> String {
    let label = diligence_core::Status::from_name(status.as_str().expect("status"))
        .expect("a status")
        .label();
    if countermeasures == &Value::Bool(true) {
        format!("{label} (countermeasures open)")
    } else {
        label.to_string()
    }
}

fn fact_label(name: &Value) -> &'static str {
    diligence_core::Fact::from_name(name.as_str().expect("fact"))
        .expect("a fact")
        .label()
}

/// The ransomware example with what the State knew unknown and the harm
/// in doubt.
fn uncertain_ransomware() -> (tempfile::TempDir, String) {
    edited_example(
        "ransomware-hospitals-notified",
        "uncertain.toml",
        &[
            ("knowledge", "\"unknown\""),
            ("harm", "[\"minor\", \"serious\"]"),
        ],
    )
}

#[test]
fn assess_uncertain_text_agrees_with_the_json() {
    let (_dir, path) = uncertain_ransomware();
    let v = json(&["assess", &path, "--format", "json"]);
    let text = stdout(&["assess", &path]);
    let results = v["results"].as_array().expect("results");
    let total = results.len();
    let undetermined: Vec<&Value> = results
        .iter()
        .filter(|r| r["status"] == "undetermined")
        .collect();
    let determined: Vec<&Value> = results
        .iter()
        .filter(|r| r["status"] != "undetermined")
        .collect();
    assert!(!undetermined.is_empty() && !determined.is_empty(), "{text}");
    assert!(text.contains(&format!(
        "Determined: {} of {total} readings",
        determined.len()
    )));
    assert!(text.contains(&format!(
        "Undetermined: {} of {total} readings",
        undetermined.len()
    )));
    let lines: Vec<&str> = text.lines().collect();
    let row = |id: &str| -> usize {
        let label = label(id);
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{label}  ")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{text}"))
    };
    // Determined readings first, then the undetermined, each group in the
    // knowledge base's order (the JSON's).
    let order: Vec<usize> = determined
        .iter()
        .chain(&undetermined)
        .map(|r| row(r["profile"].as_str().expect("id")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    for r in &determined {
        let at = row(r["profile"].as_str().expect("id"));
        let status = Verdict::from_name(r["status"].as_str().expect("status")).expect("a status");
        assert!(
            lines[at].contains(&format!("  {}  ", status.label())),
            "{}",
            lines[at]
        );
        assert_eq!(r["outcomes"].as_array().expect("outcomes").len(), 1);
    }
    for r in &undetermined {
        let at = row(r["profile"].as_str().expect("id"));
        assert!(lines[at].contains("  undetermined  "), "{}", lines[at]);
        assert!(lines[at].contains("depends on"), "{}", lines[at]);
        // Each outcome on its own indented line, in the JSON's order.
        for (k, o) in r["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .enumerate()
        {
            let line = lines[at + 1 + k];
            let words = outcome_words(&o["status"], &o["countermeasures"]);
            assert!(
                line.starts_with(&format!("    {words} if ")),
                "{line:?} is not the outcome {words}"
            );
            for condition in o["when"].as_array().expect("when") {
                for fact in condition.as_object().expect("condition").keys() {
                    assert!(lines[at].contains(fact.as_str()), "{}", lines[at]);
                }
            }
        }
    }
    // The open questions, most useful first.
    let questions = v["questions"].as_array().expect("questions");
    let first = &questions[0];
    let ask = lines
        .iter()
        .find(|l| l.starts_with("Ask next: "))
        .expect("Ask next");
    assert!(ask.contains(fact_label(&first["fact"])), "{ask}");
    assert!(
        ask.contains(&format!("{} readings depend on it", first["relevant"])),
        "{ask}"
    );
    for q in &questions[1..] {
        let at = lines
            .iter()
            .position(|l| l.contains(fact_label(&q["fact"])))
            .expect("every question");
        assert!(lines[at].contains(&format!(
            "at most {} stay undetermined",
            q["undetermined_after"]
        )));
    }
}

#[test]
fn assess_uncertain_text_table() {
    let (_dir, path) = uncertain_ransomware();
    let out = stdout(&[
        "assess",
        &path,
        "-p",
        "corfu-channel-literal",
        "-p",
        "tallinn-manual-2",
        "-p",
        "gge-2021",
        "-p",
        "ilc-prevention-2001",
    ]);
    insta::assert_snapshot!(out.replace(&path, "uncertain.toml"));
}

#[test]
fn assess_uncertain_explain_marks_what_depends_on_the_open_facts() {
    let (_dir, path) = uncertain_ransomware();
    let ids = ["tallinn-manual-2", "coco-dias-2021", "specific-rules-only"];
    let mut args = vec!["assess", path.as_str()];
    for id in &ids {
        args.extend(["-p", id]);
    }
    let text = stdout(&[&args[..], &["--explain"]].concat());
    let v = json(&[&args[..], &["--format", "json"]].concat());
    let mut open = 0;
    for r in v["results"].as_array().expect("results") {
        for e in r["trace"].as_array().expect("trace") {
            let element = e["element"].as_str().expect("element");
            let reason = e["reason"].as_str().expect("reason");
            let line = match e["satisfied"] {
                Value::Null => {
                    open += 1;
                    let facts: Vec<&str> = e["depends_on"]
                        .as_array()
                        .expect("depends_on")
                        .iter()
                        .map(|f| f.as_str().expect("fact"))
                        .collect();
                    assert!(!facts.is_empty());
                    let list = match facts.split_last() {
                        Some((last, init)) if !init.is_empty() => {
                            format!("{} and {last}", init.join(", "))
                        }
                        _ => facts.join(""),
                    };
                    format!("    ? {element:<19} {reason} (depends on {list})")
                }
                Value::Bool(true) => format!("    ✓ {element:<19} {reason}"),
                _ => format!("    ✗ {element:<19} {reason}"),
            };
            assert!(text.contains(&line), "{line:?} not in\n{text}");
        }
    }
    assert!(open >= 3, "the scenario leaves elements open");
    assert_eq!(text.matches("\n    ? ").count(), open);
    assert!(text.contains("\nAsk next: "));
    insta::assert_snapshot!(text.replace(&path, "uncertain.toml"));
}

#[test]
fn assess_decisive_lines_in_plain_words() {
    let file = example("ransomware-hospitals-notified");
    let file = file.to_str().expect("path");
    let ids = ["corfu-channel-literal", "gge-2021", "specific-rules-only"];
    let mut args = vec!["assess", file];
    for id in &ids {
        args.extend(["-p", id]);
    }
    let plain = stdout(&args);
    let decisive = stdout(&[&args[..], &["--decisive"]].concat());
    assert!(
        decisive
            .lines()
            .any(|l| l.starts_with(&label("corfu-channel-literal"))
                && l.contains("  not triggered  ")
                && l.contains("the State was notified")),
        "{decisive}"
    );
    assert!(
        decisive.contains(
            "    would change if the State actually knew: breach (countermeasures open)\n"
        ),
        "{decisive}"
    );
    assert!(decisive.contains("    no change of one known fact would change it\n"));
    // Without the added lines, the table as it was.
    let without: String = decisive
        .lines()
        .filter(|l| !l.starts_with("    would change if ") && !l.starts_with("    no change"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(without, plain);
    // Every change of the JSON is said, under its profile, with its outcome.
    let v = json(&[&args[..], &["--decisive", "--format", "json"]].concat());
    for r in v["results"].as_array().expect("results") {
        let id = r["profile"].as_str().expect("id");
        let block: Vec<&str> = decisive
            .lines()
            .skip_while(|l| !l.starts_with(&label(id)))
            .skip(1)
            .take_while(|l| l.starts_with("    "))
            .collect();
        let changes = r["decisive"].as_array().expect("decisive");
        assert!(block.len() <= changes.len().max(1));
        for c in changes {
            let words: Vec<String> = c["outcomes"]
                .as_array()
                .expect("outcomes")
                .iter()
                .map(|o| outcome_words(&o["status"], &o["countermeasures"]))
                .collect();
            let said = format!(": {}", words.join(" or "));
            assert!(
                block.iter().any(|l| l.contains(&said)),
                "{id}: {said} not in {block:?}"
            );
        }
    }
    insta::assert_snapshot!(decisive.replace(file, "ransomware-hospitals-notified.toml"));
}

#[test]
fn assess_decisive_on_an_uncertain_scenario() {
    let (_dir, path) = uncertain_ransomware();
    let out = stdout(&["assess", &path, "--decisive", "-p", "tallinn-manual-2"]);
    // The open facts are not listed among the changes (spec 4.2).
    assert!(out.contains("    would change if the State took all feasible measures: complied or not triggered, depending on the open facts\n"), "{out}");
    assert!(
        !out.contains("would change if the State actually knew"),
        "{out}"
    );
    assert!(!out.contains("would change if the harm"), "{out}");
}

#[test]
fn assess_uncertain_json_shape() {
    let (_dir, path) = uncertain_ransomware();
    let v = json(&["assess", &path, "--format", "json", "--decisive"]);
    assert_eq!(v["scenario"]["facts"]["knowledge"], "unknown");
    assert_eq!(
        v["scenario"]["facts"]["harm"],
        serde_json::json!(["minor", "serious"])
    );
    let order: Vec<&str> = diligence_core::Status::NAMES.to_vec();
    for r in v["results"].as_array().expect("results") {
        let outcomes = r["outcomes"].as_array().expect("outcomes on every result");
        assert!(!outcomes.is_empty());
        let ranks: Vec<(usize, bool)> = outcomes
            .iter()
            .map(|o| {
                let s = o["status"].as_str().expect("status");
                (
                    order.iter().position(|n| *n == s).expect("a status"),
                    o["countermeasures"] == false,
                )
            })
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "4.1 order");
        for o in outcomes {
            for condition in o["when"].as_array().expect("when") {
                for (fact, values) in condition.as_object().expect("object") {
                    assert!(["knowledge", "harm"].contains(&fact.as_str()), "{fact}");
                    assert!(!values.as_array().expect("list").is_empty());
                }
            }
        }
        let agree = outcomes
            .iter()
            .all(|o| o["status"] == outcomes[0]["status"]);
        if agree {
            assert_eq!(r["status"], outcomes[0]["status"]);
        } else {
            assert_eq!(r["status"], "undetermined");
        }
        for e in r["trace"].as_array().expect("trace") {
            if e["satisfied"].is_null() {
                assert!(!e["depends_on"].as_array().expect("depends_on").is_empty());
            } else {
                assert!(e.get("depends_on").is_none());
            }
        }
        for c in r["decisive"].as_array().expect("decisive") {
            assert!(!["knowledge", "harm"].contains(&c["fact"].as_str().expect("fact")));
        }
    }
    let questions = v["questions"].as_array().expect("questions");
    let facts: Vec<&str> = questions
        .iter()
        .map(|q| q["fact"].as_str().expect("fact"))
        .collect();
    assert_eq!(facts.len(), 2);
    assert!(facts.contains(&"knowledge") && facts.contains(&"harm"));
    let keys: Vec<(u64, i64)> = questions
        .iter()
        .map(|q| {
            (
                q["undetermined_after"].as_u64().expect("count"),
                -q["relevant"].as_i64().expect("count"),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "4.3 order");
    // A definite scenario: the v1 shape, with none of the v2 keys.
    let file = example("ransomware-hospitals-notified");
    let definite = stdout(&["assess", file.to_str().expect("path"), "--format", "json"]);
    for key in [
        "\"outcomes\"",
        "\"questions\"",
        "\"decisive\"",
        "\"depends_on\"",
        "undetermined",
    ] {
        assert!(
            !definite.contains(key),
            "{key} in a definite scenario's JSON"
        );
    }
}

#[test]
fn error_uncertain_values_name_file_line_column_fact_value_and_allowed_values() {
    let text = std::fs::read_to_string(example("botnet-transit")).expect("read");
    let line_of = |fact: &str| {
        1 + text
            .lines()
            .position(|l| l.starts_with(&format!("{fact} = ")))
            .expect("fact")
    };
    let knowledge = "none, constructive, notified, actual";
    let cases: [(&str, &str, usize, Option<&str>, &str); 7] = [
        ("knowledge", "[]", 13, None, knowledge),
        (
            "knowledge",
            r#"["actual", "notified", "actual"]"#,
            36,
            Some("actual"),
            knowledge,
        ),
        ("knowledge", r#""certain""#, 13, Some("certain"), knowledge),
        (
            "knowledge",
            r#"["actual", "certain"]"#,
            24,
            Some("certain"),
            knowledge,
        ),
        ("knowledge", r#""unkown""#, 13, Some("unkown"), knowledge),
        (
            "knowledge",
            r#"["unknown", "actual"]"#,
            14,
            Some("unknown"),
            knowledge,
        ),
        (
            "contrary_to_rights",
            "[false, false]",
            30,
            Some("false"),
            "true, false",
        ),
    ];
    for (fact, written, column, value, allowed) in cases {
        let (_dir, path) = edited_example("botnet-transit", "bad.toml", &[(fact, written)]);
        let err = bad_input(&["assess", &path]);
        let at = format!("bad.toml:{}:{column}: field `facts.{fact}`", line_of(fact));
        assert!(err.contains(&at), "{written}: {at} not in {err}");
        if let Some(v) = value {
            assert!(err.contains(&format!("(found `{v}`)")), "{err}");
        }
        assert!(err.contains(&format!("allowed values: {allowed}")), "{err}");
    }
    // A fact given twice: TOML forbids the second key, named in the snippet.
    let (_dir, path) = edited_example(
        "botnet-transit",
        "twice.toml",
        &[("knowledge", "\"actual\"\nknowledge = \"unknown\"")],
    );
    let err = bad_input(&["assess", &path]);
    assert!(
        err.contains(&format!("twice.toml:{}:1: ", line_of("knowledge") + 1)),
        "{err}"
    );
    assert!(
        err.contains("field `facts.knowledge`: fact given twice")
            && err.contains("allowed values: none, constructive, notified, actual")
            && err.contains("knowledge = \"unknown\""),
        "{err}"
    );
}

/// Runs `diligence ask` with these lines on standard input; returns its
/// standard output (it must succeed).
fn ask(args: &[&str], answers: &str) -> String {
    let out = diligence()
        .arg("ask")
        .args(args)
        .write_stdin(answers)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "ask {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The ransomware example with what the State knew unknown, and comments
/// of a user's own on its line and above it.
fn ransomware_knowledge_unknown() -> (tempfile::TempDir, String) {
    edited_example(
        "ransomware-hospitals-notified",
        "ask.toml",
        &[(
            "knowledge",
            "\"unknown\"   # State A denies it was told\n# the CERT's log may say more",
        )],
    )
}

/// The number of a value among the numbered answers of a question on an
/// unknown fact: its position in the fact's list, from 1.
fn answer_number(fact: &str, value: &str) -> usize {
    1 + diligence_core::Fact::from_name(fact)
        .expect("fact")
        .values()
        .iter()
        .position(|v| *v == value)
        .expect("value")
}

#[test]
fn ask_writes_the_answer_keeps_comments_and_stops_when_every_reading_is_determined() {
    let (dir, path) = ransomware_knowledge_unknown();
    let before = std::fs::read_to_string(&path).expect("read");
    let v = json(&["assess", &path, "--format", "json"]);
    let first = &v["questions"][0];
    assert_eq!(first["fact"], "knowledge", "the one open fact");
    assert_eq!(first["undetermined_after"], 0);
    let out = ask(
        &[&path],
        &format!("{}\n", answer_number("knowledge", "actual")),
    );
    assert!(
        out.contains("Question 1: What the territorial State knew (knowledge)"),
        "{out}"
    );
    assert!(out.contains("   4. actually knew (actual)\n"), "{out}");
    assert!(out.contains("Every reading is determined."), "{out}");
    assert!(!out.contains("Question 2"), "{out}");
    // The file: that one value changed, every comment and line kept.
    let after = std::fs::read_to_string(&path).expect("read");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "knowledge = \"unknown\"   # State A denies it was told",
            "knowledge = \"actual\"   # State A denies it was told"
        )]
    );
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(after.contains("# the CERT's log may say more\n"));
    // It reads back, and assesses as the same scenario written by hand.
    let s = diligence_kb::parse_scenario(&path, after.as_bytes()).expect("parses");
    assert_eq!(
        s.facts.written(diligence_core::Fact::Knowledge).to_string(),
        "actual"
    );
    let (_d, by_hand) = edited_example(
        "ransomware-hospitals-notified",
        "actual.toml",
        &[("knowledge", "\"actual\"")],
    );
    let statuses = |file: &str| -> Vec<Value> {
        json(&["assess", file, "--format", "json"])["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["status"].clone())
            .collect()
    };
    let answered = statuses(&path);
    assert_eq!(answered, statuses(&by_hand));
    let total = answered.len();
    assert!(
        out.contains(&format!("{total} of {total} readings are now determined")),
        "{out}"
    );
    assert!(out.contains(&format!("Written into {path}: knowledge = \"actual\".")));
    drop(dir);
}

#[test]
fn ask_narrows_to_several_values_reasks_bad_answers_and_quits() {
    let (_dir, path) = ransomware_knowledge_unknown();
    let out = ask(&[&path], "0\nmaybe\n1,2,3,4\n3, 4\nq\n");
    assert!(
        out.contains("there is no answer 0: answer with a number from 1 to 4"),
        "{out}"
    );
    assert!(out.contains("`maybe` is not an answer"), "{out}");
    assert!(out.contains("that is every possible value"), "{out}");
    assert_eq!(
        out.matches("Question 1:").count(),
        1,
        "re-asked, not renumbered"
    );
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(
        after.contains("knowledge = [\"notified\", \"actual\"]   # State A denies it was told\n"),
        "{after}"
    );
    // Still open between the two: asked again, with those two only.
    assert!(
        out.contains("Question 2: What the territorial State knew"),
        "{out}"
    );
    assert!(
        out.contains("   1. was notified in good faith (notified)\n   2. actually knew (actual)\n"),
        "{out}"
    );
    assert!(
        out.contains("Stopped; the remaining questions are still open."),
        "{out}"
    );
    let v = json(&["assess", &path, "--format", "json"]);
    let open: Vec<&str> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["status"] == "undetermined")
        .map(|r| r["profile"].as_str().expect("id"))
        .collect();
    assert!(!open.is_empty());
    assert!(
        out.contains(&format!("Still undetermined ({}):", open.len())),
        "{out}"
    );
    for id in open {
        assert!(out.contains(id), "{id} in the summary");
    }
}

#[test]
fn ask_skips_in_the_order_of_the_questions_and_stops_when_none_is_left() {
    let (_dir, path) = uncertain_ransomware();
    let before = std::fs::read(&path).expect("read");
    let v = json(&["assess", &path, "--format", "json"]);
    let questions = v["questions"].as_array().expect("questions");
    assert_eq!(questions.len(), 2);
    let out = ask(&[&path], "?\n\n");
    let first = out
        .find(&format!(
            "Question 1: {}",
            fact_label(&questions[0]["fact"])
        ))
        .expect("the most useful question first");
    let second = out
        .find(&format!(
            "Question 2: {}",
            fact_label(&questions[1]["fact"])
        ))
        .expect("then the next");
    assert!(first < second);
    assert!(out.contains("No question is left"), "{out}");
    assert!(out.contains("No answer given;"), "{out}");
    assert_eq!(std::fs::read(&path).expect("read"), before, "unchanged");
}

#[test]
fn ask_at_the_end_of_input_and_with_nothing_to_ask() {
    let (_dir, path) = uncertain_ransomware();
    let before = std::fs::read(&path).expect("read");
    let out = ask(&[&path], "");
    assert!(out.contains("End of the answers"), "{out}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    // A reading that no open fact can change: nothing to ask.
    let out = ask(&[&path, "--profile", "specific-rules-only"], "1\n");
    assert!(out.contains("1 of 1 reading is determined."), "{out}");
    assert!(out.contains("Every reading is determined."), "{out}");
    assert!(!out.contains("Question"), "{out}");
    // A definite scenario.
    let file = example("botnet-transit");
    let out = ask(&[file.to_str().expect("path")], "");
    assert!(out.contains("Every reading is determined."), "{out}");
}

#[test]
fn ask_profile_limits_the_readings() {
    let (_dir, path) = ransomware_knowledge_unknown();
    let out = ask(
        &[&path, "-p", "gge-2021", "-p", "usa-2021"],
        &format!("{}\n", answer_number("knowledge", "constructive")),
    );
    assert!(out.contains("0 of 2 readings are determined."), "{out}");
    assert!(out.contains("2 of 2 readings are now determined."), "{out}");
    assert!(out.contains("2 not triggered: gge-2021, usa-2021"), "{out}");
}

#[test]
fn ask_refuses_standard_input_and_bad_files() {
    let err = bad_input(&["ask", "-"]);
    assert!(err.contains("standard input"), "{err}");
    let (_dir, path) = edited_example(
        "botnet-transit",
        "bad.toml",
        &[("knowledge", "[\"actual\", \"actual\"]")],
    );
    let out = diligence()
        .args(["ask", &path])
        .write_stdin("1\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:") && err.contains("facts.knowledge"),
        "{err}"
    );
    assert!(bad_input(&["ask", "/nonexistent/s.toml"]).contains("no such file"));
    let (_d2, ok) = ransomware_knowledge_unknown();
    assert!(bad_input(&["ask", &ok, "-p", "usa-2020"]).contains("unknown profile"));
}

/// A copy of the shipped `data/` directory to break on purpose.
fn data_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read") {
            let path = entry.expect("entry").path();
            let target = to.join(path.file_name().expect("name"));
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).expect("copy");
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    copy(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        dir.path(),
    );
    dir
}

#[test]
fn check_validates_the_membership_lists_against_the_profile_and_the_map() {
    let kb = diligence_kb::KnowledgeBase::embedded().expect("valid");
    let members: usize = kb.memberships.iter().map(|m| m.members.len()).sum();
    assert!(members > 0);
    let out = stdout(&["check"]);
    assert!(
        out.contains(&format!(
            "{members} member States of {} organisation(s)",
            kb.memberships.len()
        )),
        "{out}"
    );

    let file = "memberships/african-union.toml";
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../data")
            .join(file),
    )
    .expect("read");
    let first = text.find("[[members]]").expect("a member");
    // A code that is not on the map (and one member too many).
    let dir = data_copy();
    let extra = "[[members]]\nalpha2 = \"QQ\"\nalpha3 = \"QQQ\"\nname = \"Nowhere\"\n\n";
    let mut broken = text.clone();
    broken.insert_str(first, extra);
    std::fs::write(dir.path().join(file), &broken).expect("write");
    let err = bad_input(&["check", "--data", dir.path().to_str().expect("path")]);
    assert!(
        err.contains(&format!("{} members listed", members + 1)),
        "{err}"
    );
    // The same with the count right: only the map is at fault.
    let profile = dir
        .path()
        .join("profiles/organisations/african-union-2024.toml");
    let p = std::fs::read_to_string(&profile).expect("read");
    std::fs::write(
        &profile,
        p.replacen(
            &format!("members = {members}"),
            &format!("members = {}", members + 1),
            1,
        ),
    )
    .expect("write");
    let err = bad_input(&["check", "--data", dir.path().to_str().expect("path")]);
    assert!(
        err.contains("Nowhere (QQQ) is not on the world map"),
        "{err}"
    );
    // A member listed twice.
    let dir = data_copy();
    let second = text[first + 1..].find("[[members]]").expect("two members") + first + 1;
    let mut twice = text.clone();
    twice.insert_str(first, &text[first..second]);
    std::fs::write(dir.path().join(file), &twice).expect("write");
    let err = bad_input(&["check", "--data", dir.path().to_str().expect("path")]);
    assert!(err.contains("is listed twice"), "{err}");
}

#[test]
fn debate_text_lists_each_argument_by_title_then_id() {
    let kb = diligence_kb::KnowledgeBase::embedded().expect("valid");
    let text = stdout(&["debate"]);
    for a in &kb.debate.arguments {
        let line = format!("  {} ({}) [", a.title, a.id);
        assert_eq!(text.matches(&line).count(), 1, "{line}");
    }
}

/// The debate as JSON gives each argument its short title, the one the
/// text output and the pages show.
#[test]
fn debate_json_carries_the_titles() {
    let v: Value = serde_json::from_str(&stdout(&["debate", "--format", "json"])).expect("JSON");
    let text = stdout(&["debate"]);
    let arguments = v["arguments"].as_array().expect("arguments");
    assert!(!arguments.is_empty());
    for a in arguments {
        let title = a["title"].as_str().expect("a title");
        let id = a["id"].as_str().expect("an id");
        assert!(
            !title.is_empty() && title.chars().count() <= 40,
            "{id}: {title}"
        );
        assert!(
            text.contains(&format!("{title} ({id})")),
            "{id}: the text output shows {title}"
        );
    }
}
