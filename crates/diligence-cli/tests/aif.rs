//! `diligence debate` in AIF through the binary: the shipped debate written
//! as AIF and read back with `--from` labels every argument as the shipped
//! debate does, for every audience and semantics tried; an AIFdb-shaped map
//! is labelled; bad maps exit 2 naming the node or edge.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;

fn run(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("diligence")
        .expect("the binary is built")
        .args(args)
        .output()
        .expect("runs")
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn labels(v: &Value) -> BTreeMap<String, String> {
    v["arguments"]
        .as_array()
        .expect("arguments")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("an id").to_owned(),
                a["label"].as_str().expect("a label").to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_debate_written_in_aif_and_read_back_is_labelled_the_same() {
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("debate.json");
    let aif = run(&["debate", "--format", "aif"]);
    assert!(aif.status.success());
    std::fs::write(&file, &aif.stdout).expect("written");
    let doc: Value = serde_json::from_slice(&aif.stdout).expect("JSON");
    assert_eq!(doc["locutions"], serde_json::json!([]));
    let path = file.to_str().expect("a path");
    for audience in [
        "none",
        "general-obligation",
        "specific-rules",
        "gge-consensus",
    ] {
        for sem in ["GR", "PR"] {
            let mut shipped_args = vec!["debate", "--format", "json", "--semantics", sem];
            if audience != "none" {
                shipped_args.extend(["--audience", audience]);
            }
            let shipped = json(&shipped_args);
            let mut read_args = shipped_args.clone();
            read_args.extend(["--from", path]);
            let read = json(&read_args);
            assert_eq!(labels(&read), labels(&shipped), "{audience} {sem}");
            assert_eq!(read["attacks"], shipped["attacks"]);
            assert_eq!(read["defeats"], shipped["defeats"], "{audience} {sem}");
        }
    }
}

#[test]
fn a_map_drawn_elsewhere_is_labelled_and_bad_maps_are_named() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../diligence-report/tests/fixtures/aifdb-map.json"
    );
    let v = json(&["debate", "--from", fixture, "--format", "json"]);
    let l = labels(&v);
    assert_eq!(l["101"], "in");
    assert_eq!(l["102"], "out");
    assert_eq!(l["103"], "in");
    assert_eq!(v["not_read"].as_array().expect("a list").len(), 2);

    let dir = tempfile::tempdir().expect("a directory");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}], "edges": [{"edgeID": "e9", "fromID": "1", "toID": "2"}]}"#,
    )
    .expect("written");
    let out = run(&["debate", "--from", bad.to_str().expect("a path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json") && err.contains("edges[0] (edgeID e9): names node 2"),
        "{err}"
    );
    let out = run(&["debate", "--from", fixture, "--format", "svg"]);
    assert_eq!(out.status.code(), Some(2));
}
