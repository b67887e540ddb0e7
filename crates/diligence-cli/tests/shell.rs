//! Shell support end to end: the bash completion script completes the real
//! commands in a real bash, every shell's script names every command, and
//! the manual has one well-formed page per command.

use assert_cmd::Command;

fn diligence() -> Command {
    Command::cargo_bin("diligence").expect("the binary is built")
}

fn stdout(args: &[&str]) -> String {
    let out = diligence().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The top-level commands, read from the help text's command list.
fn commands() -> Vec<String> {
    let help = stdout(&["--help"]);
    let list = help
        .split("Commands:\n")
        .nth(1)
        .expect("a command list")
        .split("\n\n")
        .next()
        .expect("its lines");
    // A command's line starts with two spaces; its wrapped description's
    // continuation lines with more.
    list.lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// What bash's completion offers for `words` (the last one being completed).
fn bash_completes(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let words_quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n_diligence diligence '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words_quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_the_commands_and_their_options() {
    let dir = tempfile::tempdir().expect("a directory");
    let script = dir.path().join("diligence.bash");
    std::fs::write(&script, stdout(&["completions", "bash"])).expect("written");
    let offered = bash_completes(&script, &["diligence", "le"]);
    assert_eq!(offered, ["ledger"]);
    let all = bash_completes(&script, &["diligence", ""]);
    for command in commands() {
        assert!(all.contains(&command), "{command} not offered: {all:?}");
    }
    let ledger = bash_completes(&script, &["diligence", "ledger", ""]);
    for sub in [
        "init", "keygen", "state", "notify", "ack", "step", "show", "verify",
    ] {
        assert!(
            ledger.contains(&sub.to_owned()),
            "{sub} not offered: {ledger:?}"
        );
    }
    let options = bash_completes(&script, &["diligence", "assess", "--f"]);
    assert!(options.contains(&"--format".to_owned()), "{options:?}");
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    let commands = commands();
    assert!(commands.len() > 10, "{commands:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell}: no {command}");
        }
    }
    let out = diligence()
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn the_manual_has_a_page_per_command() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH diligence 1"), "{page}");
    let dir = tempfile::tempdir().expect("a directory");
    let out = dir.path().join("man1");
    let said = stdout(&["man", "--out", out.to_str().expect("a path")]);
    assert!(said.starts_with("wrote "), "{said}");
    let mut expected = vec!["diligence.1".to_owned()];
    for command in commands() {
        expected.push(format!("diligence-{command}.1"));
    }
    expected.push("diligence-ledger-notify.1".into());
    expected.push("diligence-ledger-state-add.1".into());
    for name in expected {
        let path = out.join(&name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no page {name}"));
        let command = name.trim_end_matches(".1");
        assert!(
            text.contains(&format!(".TH {command} 1")),
            "{name} has no title line"
        );
        for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION"] {
            assert!(text.contains(section), "{name} has no {section}");
        }
    }
}
