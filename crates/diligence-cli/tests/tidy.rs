//! Checks of the repository itself, so that its conventions stay true: every
//! source file says what it is for, no debugging leftovers, every crate is on
//! the architecture map and describes itself.

mod common;

use common::files_with_extension;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn crates() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("crates"))
        .expect("crates/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("Cargo.toml").exists())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_source_file_starts_with_a_doc_comment() {
    for krate in crates() {
        for file in files_with_extension(&krate.join("src"), "rs") {
            let text = std::fs::read_to_string(&file).expect("readable");
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            assert!(
                first.starts_with("//!"),
                "{} does not start with a `//!` doc comment",
                file.display()
            );
        }
    }
}

#[test]
fn no_debugging_leftovers_in_library_code() {
    for krate in crates() {
        for file in files_with_extension(&krate.join("src"), "rs") {
            let text = std::fs::read_to_string(&file).expect("readable");
            for banned in ["todo!(", "dbg!(", "unimplemented!("] {
                assert!(
                    !text.contains(banned),
                    "{} contains {banned}",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn every_crate_is_on_the_map_and_describes_itself() {
    let map = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    for krate in crates() {
        let name = krate
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        assert!(
            map.contains(&format!("crates/{name}")),
            "ARCHITECTURE.md does not describe crates/{name}"
        );
        let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).expect("Cargo.toml");
        assert!(
            manifest.contains("description = "),
            "crates/{name} has no description"
        );
    }
}
