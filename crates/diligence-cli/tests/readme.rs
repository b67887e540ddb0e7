//! The README's examples stay true: every `diligence assess` session shown
//! in full in a `console` block prints, when run, exactly the lines shown.

use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `console` blocks of the README: the command (continuation lines
/// joined) and the output lines shown.
fn sessions(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let Some(first) = block.first().and_then(|l| l.strip_prefix("$ ")) else {
            continue;
        };
        let mut command = first.to_string();
        let mut k = 1;
        while command.ends_with('\\') {
            command.pop();
            command.push_str(block.get(k).map_or("", |l| l.trim()));
            k += 1;
        }
        let output: Vec<&str> = block[k..].to_vec();
        out.push((command, output.join("\n")));
    }
    out
}

#[test]
fn every_assess_session_shown_in_full_prints_what_the_readme_says() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let mut checked = 0;
    for (command, shown) in sessions(&readme) {
        // Sessions shortened with "..." show only part of the output.
        if !command.starts_with("diligence assess") || shown.contains("...") {
            continue;
        }
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_diligence"))
            .args(&args)
            .current_dir(repo())
            .output()
            .expect("runs");
        assert!(out.status.success(), "{command}");
        let printed = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(printed.trim_end(), shown.trim_end(), "{command}");
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} sessions checked");
}

/// The README's AIF session runs on the map in AIFdb's shape that the
/// report crate's tests read (copied in as `map.json`).
#[test]
fn the_aif_session_prints_what_the_readme_says() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let (command, shown) = sessions(&readme)
        .into_iter()
        .find(|(c, _)| c.starts_with("diligence debate --from map.json"))
        .expect("the README shows a map labelled");
    let dir = tempfile::tempdir().expect("a directory");
    std::fs::copy(
        repo().join("crates/diligence-report/tests/fixtures/aifdb-map.json"),
        dir.path().join("map.json"),
    )
    .expect("copied");
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(&args)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{command}");
    let printed = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(printed.trim_end(), shown.trim_end(), "{command}");
}

/// The README's data-package session prints what it shows, run in an empty
/// directory.
#[test]
fn the_export_session_prints_what_the_readme_says() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let (command, shown) = sessions(&readme)
        .into_iter()
        .find(|(c, _)| c.starts_with("diligence export "))
        .expect("the README shows an export");
    let dir = tempfile::tempdir().expect("a directory");
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(&args)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{command}");
    let printed = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(printed.trim_end(), shown.trim_end(), "{command}");
}
