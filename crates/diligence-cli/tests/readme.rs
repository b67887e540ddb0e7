//! The README's examples stay true: every `diligence assess` or `diligence
//! authorities` session shown in full in a `console` block prints, when
//! run, exactly the lines shown; and the ledger's whole case, run command by command against a real
//! server, prints what the README shows but for its random parts (keys,
//! tokens, case id, entry hashes and times).

mod common;

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

/// Runs every session of the README whose command starts with `prefix` and
/// is shown in full (a session shortened with "..." shows only part of the
/// output) in the repository's root; returns how many were checked.
fn every_full_session_prints_what_the_readme_says(prefix: &str) -> usize {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let mut checked = 0;
    for (command, shown) in sessions(&readme) {
        if !command.starts_with(prefix) || shown.contains("...") {
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
    checked
}

#[test]
fn every_assess_session_shown_in_full_prints_what_the_readme_says() {
    let checked = every_full_session_prints_what_the_readme_says("diligence assess");
    assert!(checked >= 2, "only {checked} sessions checked");
}

#[test]
fn every_authorities_session_prints_what_the_readme_says() {
    let checked = every_full_session_prints_what_the_readme_says("diligence authorities");
    // The RIS export and the search in both citation styles.
    assert!(checked >= 3, "only {checked} sessions checked");
}

/// Which value each `$VAR` of the ledger session stands for: the start of
/// the command that prints it, and the field of its JSON answer (or the
/// whole answer). `$S` is the address the server serves on.
const BINDINGS: [(&str, &str, Option<&str>); 6] = [
    ("KEY", "diligence ledger init", None),
    ("FRA_PUB", "diligence ledger keygen --out fra.key", None),
    ("DEU_PUB", "diligence ledger keygen --out deu.key", None),
    ("FRA", "diligence ledger state add FRA", Some("token")),
    ("DEU", "diligence ledger state add DEU", Some("token")),
    ("CASE", "diligence ledger notify", Some("case")),
];

/// What else differs from one run to the next: entry hashes, and the times
/// the log received entries (and the deadlines counted from them).
const RANDOM: [(&str, &str); 2] = [
    (r"\b[0-9a-f]{64}\b", "<hash>"),
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "<time>"),
];

/// The commands of a `console` block, each with the lines it prints.
fn commands(block: &[&str]) -> Vec<(String, String)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for line in block {
        match line.strip_prefix("$ ") {
            Some(cmd) => out.push((cmd.to_string(), Vec::new())),
            None => out.last_mut().expect("a command first").1.push(line),
        }
    }
    out.into_iter().map(|(c, o)| (c, o.join("\n"))).collect()
}

/// The words of a command line, double quotes grouping.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for ch in command.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            ' ' if !quoted => out.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

/// Binds the variables a command's output gives values to.
fn bind(vars: &mut Vec<(String, String)>, command: &str, output: &str) {
    for (name, prefix, field) in BINDINGS {
        if !command.starts_with(prefix) {
            continue;
        }
        let value = match field {
            None => output.trim().to_string(),
            Some(f) => common::json(output)[f]
                .as_str()
                .unwrap_or_else(|| panic!("{command}: no {f} in {output}"))
                .to_string(),
        };
        vars.push((name.to_string(), value));
    }
    // Longest values first, so that none is replaced inside another.
    vars.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
}

/// A word with the variables bound so far replaced by their values.
fn substitute(word: &str, vars: &[(String, String)]) -> String {
    let mut by_name: Vec<&(String, String)> = vars.iter().collect();
    // `$FRA_PUB` before `$FRA`.
    by_name.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    by_name.iter().fold(word.to_string(), |w, (name, value)| {
        w.replace(&format!("${name}"), value)
    })
}

/// The output with the bound values named and the random parts masked.
fn normalise(text: &str, vars: &[(String, String)]) -> String {
    let mut text = text.trim_end().to_string();
    for (name, value) in vars {
        text = text.replace(value.as_str(), &format!("${name}"));
    }
    for (pattern, mask) in RANDOM {
        text = regex::Regex::new(pattern)
            .expect("a pattern")
            .replace_all(&text, mask)
            .into_owned();
    }
    text
}

#[test]
fn the_ledger_session_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let lines: Vec<&str> = readme.lines().collect();
    let start = lines
        .iter()
        .position(|l| {
            l.trim() == "$ diligence ledger init --data-dir ./ledger --origin ledger.example/log"
        })
        .expect("the ledger session");
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.trim() == "```")
            .expect("its end");
    let session = commands(&lines[start..end]);
    assert!(session.len() >= 12, "{} commands", session.len());

    let dir = tempfile::tempdir().expect("a directory");
    let mut shown_vars = Vec::new();
    let mut run_vars: Vec<(String, String)> = Vec::new();
    let mut server = None;
    for (command, shown) in &session {
        let args: Vec<String> = words(command)
            .into_iter()
            .map(|w| substitute(&w, &run_vars))
            .collect();
        assert!(
            args.iter().all(|a| !a.contains('$')),
            "{command}: a variable is bound by no earlier command"
        );
        let printed = match args[0].as_str() {
            "diligence" if args[1] == "serve" => {
                assert_eq!(args.last().map(String::as_str), Some("&"), "{command}");
                let data = args
                    .iter()
                    .position(|a| a == "--data-dir")
                    .expect("--data-dir");
                let s = common::Server::start(&dir.path().join(&args[data + 1]));
                run_vars.push(("S".into(), s.base.clone()));
                server = Some(s);
                String::new()
            }
            "curl" => {
                assert_eq!(args[1..3], ["-s".to_string(), args[2].clone()]);
                assert_eq!(args[3], ">", "{command}");
                let body = reqwest::blocking::get(&args[2])
                    .expect("answers")
                    .bytes()
                    .expect("a body");
                std::fs::write(dir.path().join(&args[4]), body).expect("written");
                String::new()
            }
            "diligence" => {
                // Example files are read from a copy at the same place.
                for w in args.iter().filter(|w| w.starts_with("data/")) {
                    let to = dir.path().join(w);
                    std::fs::create_dir_all(to.parent().expect("a parent")).expect("made");
                    std::fs::copy(repo().join(w), to).expect("copied");
                }
                let (code, out, err) =
                    common::output(common::diligence().args(&args[1..]).current_dir(dir.path()));
                assert_eq!(code, 0, "{command}: {err}");
                out
            }
            other => panic!("{command}: the test does not know how to run {other}"),
        };
        bind(&mut shown_vars, command, shown);
        bind(&mut run_vars, command, &printed);
        assert_eq!(
            normalise(&printed, &run_vars),
            normalise(shown, &shown_vars),
            "{command}"
        );
    }
    drop(server);
}

/// Runs the README session whose command starts with `prefix` in a fresh
/// directory (after `prepare` puts files there) and checks that it prints
/// exactly the lines shown.
fn session_prints_what_the_readme_says(prefix: &str, prepare: impl Fn(&std::path::Path)) {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let (command, shown) = sessions(&readme)
        .into_iter()
        .find(|(c, _)| c.starts_with(prefix))
        .unwrap_or_else(|| panic!("the README shows `{prefix}`"));
    let dir = tempfile::tempdir().expect("a directory");
    prepare(dir.path());
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

/// The README's AIF session runs on the map in AIFdb's shape that the
/// report crate's tests read (copied in as `map.json`).
#[test]
fn the_aif_session_prints_what_the_readme_says() {
    session_prints_what_the_readme_says("diligence debate --from map.json", |dir| {
        std::fs::copy(
            repo().join("crates/diligence-report/tests/fixtures/aifdb-map.json"),
            dir.join("map.json"),
        )
        .expect("copied");
    });
}

/// The README's data-package session, run in an empty directory.
#[test]
fn the_export_session_prints_what_the_readme_says() {
    session_prints_what_the_readme_says("diligence export ", |_| {});
}

/// The README's reference-manager session.
#[test]
fn the_citation_export_session_prints_what_the_readme_says() {
    session_prints_what_the_readme_says(
        "diligence authorities --search Albania Merits --format ris",
        |_| {},
    );
}

/// The README's schema session, run in an empty directory.
#[test]
fn the_schema_session_prints_what_the_readme_says() {
    session_prints_what_the_readme_says("diligence schema --out", |_| {});
}
