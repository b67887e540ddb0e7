//! `diligence ask`: walks a person through the open questions of an
//! uncertain scenario, the most useful first, and writes each answer into
//! the scenario file (its comments and layout kept), until every reading is
//! determined, no question is left, or the person stops.
//!
//! It reads whole lines, never raw keys, so that it works as well with an
//! answer file piped to standard input as at a terminal.

use crate::assess::{read_input, select};
use crate::cli::AskArgs;
use crate::failure::{knowledge_base, Failure};
use crate::output;
use diligence_core::explain;
use diligence_core::outcome::{assess_all, Assessments, Question};
use diligence_core::{Fact, Profile, Status, UncertainFacts, Values, Verdict};
use diligence_kb::parse_scenario;
use diligence_kb::words;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Runs `diligence ask` on standard input and output.
pub fn run(args: &AskArgs) -> Result<String, Failure> {
    if args.file.as_os_str() == "-" {
        return Err(Failure::Input(
            "`diligence ask` writes each answer into the scenario file, so it cannot read the \
             scenario from standard input; save it to a file and give its path"
                .to_string(),
        ));
    }
    let kb = knowledge_base()?;
    let (name, bytes) = read_input(&args.file)?;
    let scenario = parse_scenario(&name, &bytes)?;
    let profiles = select(kb, &args.profiles)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::Internal(format!("`{name}` parsed as a scenario but is not UTF-8"))
    })?;
    let document: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Failure::Input(format!(
            "cannot edit `{name}`: {}",
            e.message().trim_end().to_lowercase()
        ))
    })?;
    let stdin = std::io::stdin();
    let echo = !stdin.is_terminal();
    let mut session = Session {
        file: FileEdit {
            path: args.file.clone(),
            name,
            document,
        },
        profiles,
        facts: scenario.facts,
        title: scenario.title,
        echo,
    };
    let stdout = std::io::stdout();
    session.run(&mut stdin.lock(), &mut stdout.lock())?;
    Ok(String::new())
}

/// The scenario file being answered, as an editable TOML document.
struct FileEdit {
    path: PathBuf,
    name: String,
    document: toml_edit::DocumentMut,
}

impl FileEdit {
    /// Sets `fact` to `values` in the document's `[facts]`, keeping the
    /// comments around the value, and writes the file (through a temporary
    /// file beside it, renamed over it, so that a failure leaves the old
    /// file whole). Checks that the file reads back with `expected`.
    fn write(
        &mut self,
        fact: Fact,
        values: Values,
        expected: &UncertainFacts,
    ) -> Result<(), Failure> {
        let name = &self.name;
        let item = self
            .document
            .get_mut("facts")
            .and_then(|f| f.as_table_like_mut())
            .and_then(|t| t.get_mut(fact.name()))
            .ok_or_else(|| {
                Failure::Internal(format!("`facts.{fact}` not found in `{name}` to edit"))
            })?;
        let value = item.as_value_mut().ok_or_else(|| {
            Failure::Internal(format!("`facts.{fact}` in `{name}` is not a value"))
        })?;
        let decor = value.decor().clone();
        *value = toml_value(fact, values);
        *value.decor_mut() = decor;
        let text = self.document.to_string();
        match parse_scenario(name, text.as_bytes()) {
            Ok(s) if s.facts == *expected => {}
            _ => {
                return Err(Failure::Internal(format!(
                    "the edited `{name}` does not read back with the answer; the file is unchanged"
                )))
            }
        }
        replace_file(&self.path, text.as_bytes()).map_err(|e| {
            Failure::Input(format!(
                "cannot write the answer into `{name}`: {}",
                output::io_reason(&e)
            ))
        })
    }
}

/// Writes `bytes` to a temporary file beside `path`, with its permissions,
/// and renames it over `path` (the file a symbolic link points to, if it is
/// one).
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{file_name}.diligence-ask"));
    let written = std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::set_permissions(&temp, permissions))
        .and_then(|()| std::fs::rename(&temp, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A value of `fact` as TOML: one value, or a list of them.
fn toml_value(fact: Fact, values: Values) -> toml_edit::Value {
    let one = |v: usize| -> toml_edit::Value {
        if fact.is_boolean() {
            toml_edit::Value::from(v == 0)
        } else {
            toml_edit::Value::from(fact.values()[v])
        }
    };
    match values.single() {
        Some(v) => one(v),
        None => toml_edit::Value::Array(values.iter().map(one).collect()),
    }
}

/// What a person answered to one question.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    /// These of the possible values.
    Values(Values),
    /// Leave the fact as it is and go on.
    Skip,
    /// Stop asking.
    Quit,
    /// The input ended.
    End,
}

/// Reads one answer: numbers (`3`, `2,4`, `2 4`) or value names among
/// `possible`, `?` or nothing to skip, `q` to stop. The error says what is
/// wrong, to ask again.
fn parse_answer(line: &str, fact: Fact, possible: Values) -> Result<Answer, String> {
    let line = line.trim();
    match line.to_lowercase().as_str() {
        "" | "?" => return Ok(Answer::Skip),
        "q" | "quit" => return Ok(Answer::Quit),
        _ => {}
    }
    let choices: Vec<usize> = possible.iter().collect();
    let mut picked = Values::EMPTY;
    for token in line
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        let value = match token.parse::<usize>() {
            Ok(n) if (1..=choices.len()).contains(&n) => choices[n - 1],
            Ok(n) => {
                return Err(format!(
                    "there is no answer {n}: answer with a number from 1 to {}",
                    choices.len()
                ))
            }
            Err(_) => match fact.value_index(&token.to_lowercase()) {
                Some(v) if possible.contains(v) => v,
                Some(_) => {
                    return Err(format!(
                        "`{token}` is not among the possible values listed; answer with their numbers"
                    ))
                }
                None => {
                    return Err(format!(
                        "`{token}` is not an answer: give one number, several separated by commas (2,4), ? to skip, or q to stop"
                    ))
                }
            },
        };
        picked = picked.union(Values::one(value));
    }
    if picked == possible {
        return Err(
            "that is every possible value, which leaves the fact as open as it was; \
             choose fewer, ? to skip, or q to stop"
                .to_string(),
        );
    }
    Ok(Answer::Values(picked))
}

/// One run of questions and answers.
struct Session<'a> {
    file: FileEdit,
    profiles: Vec<&'a Profile>,
    facts: UncertainFacts,
    title: String,
    echo: bool,
}

/// How many of the results are undetermined.
fn undetermined(report: &Assessments) -> usize {
    report
        .results
        .iter()
        .filter(|r| r.is_undetermined())
        .count()
}

fn io_failure(e: std::io::Error) -> Failure {
    Failure::Input(format!(
        "cannot use the terminal: {}",
        output::io_reason(&e)
    ))
}

impl Session<'_> {
    fn run(&mut self, input: &mut impl BufRead, out: &mut impl Write) -> Result<(), Failure> {
        let total = self.profiles.len();
        let mut skipped: Vec<Fact> = Vec::new();
        let mut answered: Vec<Fact> = Vec::new();
        let mut number = 0;
        let mut report = assess_all(&self.profiles, &self.facts, false);
        writeln!(out, "{}\n", self.title).map_err(io_failure)?;
        writeln!(
            out,
            "{} of {total} {} determined.\n",
            total - undetermined(&report),
            readings_are(total)
        )
        .map_err(io_failure)?;
        let ending = loop {
            if undetermined(&report) == 0 {
                break "Every reading is determined.";
            }
            let next = report
                .questions
                .iter()
                .flatten()
                .find(|q| q.relevant > 0 && !skipped.contains(&q.fact))
                .copied();
            let Some(question) = next else {
                break "No question is left that could settle the undetermined readings.";
            };
            number += 1;
            let possible = self.facts.get(question.fact);
            self.show(out, number, &question, possible)?;
            let answer = loop {
                write!(out, "> ").map_err(io_failure)?;
                out.flush().map_err(io_failure)?;
                let mut line = String::new();
                let read = input.read_line(&mut line).map_err(io_failure)?;
                if read == 0 {
                    writeln!(out).map_err(io_failure)?;
                    break Answer::End;
                }
                if self.echo {
                    writeln!(out, "{}", line.trim_end()).map_err(io_failure)?;
                }
                match parse_answer(&line, question.fact, possible) {
                    Ok(a) => break a,
                    Err(why) => writeln!(out, "  {why}").map_err(io_failure)?,
                }
            };
            match answer {
                Answer::Quit => break "Stopped; the remaining questions are still open.",
                Answer::End => break "End of the answers; the remaining questions are still open.",
                Answer::Skip => {
                    skipped.push(question.fact);
                    writeln!(out, "  Skipped: {} stays as it was.\n", question.fact)
                        .map_err(io_failure)?;
                }
                Answer::Values(values) => {
                    self.facts = self.facts.with(question.fact, values);
                    self.file.write(question.fact, values, &self.facts)?;
                    if !answered.contains(&question.fact) {
                        answered.push(question.fact);
                    }
                    report = assess_all(&self.profiles, &self.facts, false);
                    writeln!(
                        out,
                        "  Wrote {} = {} into {}. {} of {total} {} now determined.\n",
                        question.fact,
                        toml_value(question.fact, values),
                        self.file.name,
                        total - undetermined(&report),
                        readings_are(total)
                    )
                    .map_err(io_failure)?;
                }
            }
        };
        writeln!(out, "{ending}").map_err(io_failure)?;
        out.write_all(self.summary(&report, &answered).as_bytes())
            .map_err(io_failure)?;
        out.flush().map_err(io_failure)
    }

    /// Shows one question: the fact, its help, what answering it would
    /// settle, and its possible values, numbered.
    fn show(
        &self,
        out: &mut impl Write,
        number: usize,
        q: &Question,
        possible: Values,
    ) -> Result<(), Failure> {
        let fact = q.fact;
        let mut text = format!(
            "Question {number}: {} ({})\n  {}\n  {}\n",
            fact.label(),
            fact.name(),
            fact.help(),
            words::capitalised(&output::question_effect(q))
        );
        for (i, v) in possible.iter().enumerate() {
            text.push_str(&format!(
                "  {:>2}. {} ({})\n",
                i + 1,
                fact.value_label(v),
                fact.values()[v]
            ));
        }
        text.push_str(
            "Answer with a number; several numbers (2,4) if it is one of them but you do not know which; ? or nothing to skip; q to stop.\n",
        );
        out.write_all(text.as_bytes()).map_err(io_failure)
    }

    /// The readings determined, by outcome; the conditions of those still
    /// undetermined; the facts written.
    fn summary(&self, report: &Assessments, answered: &[Fact]) -> String {
        let total = report.results.len();
        let open = undetermined(report);
        let mut out = format!(
            "\nSummary: {} of {total} {} determined.\n",
            total - open,
            readings_are(total)
        );
        // Determined readings, grouped by status, then countermeasures open,
        // open in some completions only, closed.
        let mut groups: Vec<((Status, u8), Vec<&str>)> = Vec::new();
        for r in &report.results {
            let Verdict::Determined(status) = r.status else {
                continue;
            };
            let several = r.outcomes.as_ref().is_some_and(|o| o.len() > 1);
            let key = (
                status,
                if r.countermeasures {
                    0
                } else if several {
                    1
                } else {
                    2
                },
            );
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ids)) => ids.push(&r.profile),
                None => groups.push((key, vec![&r.profile])),
            }
        }
        groups.sort_by_key(|(k, _)| *k);
        for ((status, cm), ids) in &groups {
            let what = match cm {
                0 => explain::outcome_words(*status, true),
                1 => format!(
                    "{} (countermeasures depend on the open facts)",
                    status.label()
                ),
                _ => explain::outcome_words(*status, false),
            };
            out.push_str(&format!("  {} {what}: {}\n", ids.len(), ids.join(", ")));
        }
        if open > 0 {
            out.push_str(&format!("Still undetermined ({open}):\n"));
            // Readings with the same outcomes and conditions together.
            let mut alike: Vec<(Vec<String>, Vec<&str>)> = Vec::new();
            for r in report.results.iter().filter(|r| r.is_undetermined()) {
                let lines = output::outcome_lines(r);
                match alike.iter_mut().find(|(l, _)| *l == lines) {
                    Some((_, ids)) => ids.push(&r.profile),
                    None => alike.push((lines, vec![&r.profile])),
                }
            }
            for (lines, ids) in alike {
                out.push_str(&format!("  {}:\n", ids.join(", ")));
                for l in lines {
                    out.push_str(&format!("    {l}\n"));
                }
            }
        }
        if answered.is_empty() {
            out.push_str(&format!(
                "No answer given; {} is unchanged.\n",
                self.file.name
            ));
        } else {
            let written: Vec<String> = answered
                .iter()
                .map(|f| format!("{f} = {}", toml_value(*f, self.facts.get(*f))))
                .collect();
            out.push_str(&format!(
                "Written into {}: {}.\n",
                self.file.name,
                written.join("; ")
            ));
        }
        out
    }
}

/// "reading is" or "readings are".
fn readings_are(n: usize) -> &'static str {
    if n == 1 {
        "reading is"
    } else {
        "readings are"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_as_values_skips_or_stops() {
        let fact = Fact::Knowledge;
        let all = Values::all(fact);
        assert_eq!(
            parse_answer("4", fact, all),
            Ok(Answer::Values(Values::one(3)))
        );
        assert_eq!(
            parse_answer(" 2, 4 ", fact, all),
            Ok(Answer::Values(Values::of([1, 3])))
        );
        assert_eq!(
            parse_answer("2 4 2", fact, all),
            Ok(Answer::Values(Values::of([1, 3])))
        );
        assert_eq!(
            parse_answer("actual", fact, all),
            Ok(Answer::Values(Values::one(3)))
        );
        assert_eq!(parse_answer("", fact, all), Ok(Answer::Skip));
        assert_eq!(parse_answer("?\n", fact, all), Ok(Answer::Skip));
        assert_eq!(parse_answer("Q", fact, all), Ok(Answer::Quit));
        // Numbers count the possible values only.
        let two = Values::of([2, 3]);
        assert_eq!(
            parse_answer("2", fact, two),
            Ok(Answer::Values(Values::one(3)))
        );
        for bad in ["5", "0", "3", "x", "none", "1,2"] {
            assert!(parse_answer(bad, fact, two).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_written_as_the_scenario_format_writes_them() {
        assert_eq!(
            toml_value(Fact::Knowledge, Values::one(3)).to_string(),
            "\"actual\""
        );
        assert_eq!(
            toml_value(Fact::Knowledge, Values::of([2, 3])).to_string(),
            "[\"notified\", \"actual\"]"
        );
        assert_eq!(
            toml_value(Fact::ContraryToRights, Values::one(1)).to_string(),
            "false"
        );
    }
}
