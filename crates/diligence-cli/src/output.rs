//! Rendering for the terminal and for scripts: aligned tables, full traces
//! with rendered citations, and JSON in the shapes the spec and the issue
//! fix.

use diligence_core::outcome::{Assessments, Condition, Outcome, Question};
use diligence_core::{explain, inference};
use diligence_core::{Assessment, Fact, Profile, Values};
use diligence_kb::{CitationStyle, KnowledgeBase, Scenario};
use serde_json::Value;
use std::fmt::Write;

/// A lower-case reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        _ => e.to_string().to_lowercase(),
    }
}

/// Renders rows as columns padded to their widest cell; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                l.push_str(cell);
                l.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for row in rows {
        line(row);
    }
    out
}

/// The spec's JSON (section 4).
pub fn assessment_json(scenario: &Scenario, report: &Assessments) -> String {
    diligence_report::json::assessment(scenario, report)
}

/// One row of the assessment table, with the lines printed under it.
struct Row {
    cells: Vec<String>,
    below: Vec<String>,
}

/// The readable table: profile, status, countermeasures, one-line reason.
/// On an uncertain scenario the determined readings come first, then the
/// undetermined ones, each outcome with its conditions on a line of its
/// own, and the open questions after the table. With `--decisive`, each row
/// is followed by what a change of one known fact would do.
pub fn assessment_table(
    scenario: &Scenario,
    profiles: &[&Profile],
    report: &Assessments,
) -> String {
    const HEADER: [&str; 5] = ["PROFILE", "STATUS", "COUNTERMEASURES", "RESTS ON", "WHY"];
    let results = &report.results;
    let rows: Vec<Row> = profiles
        .iter()
        .zip(results)
        .map(|(p, r)| {
            let below: Vec<String> = outcome_lines(r)
                .into_iter()
                .chain(decisive_lines(r))
                .map(|l| format!("    {l}"))
                .collect();
            let why = match depends_on(r) {
                Some(facts) => format!("depends on {facts}:"),
                None => r.summary(),
            };
            Row {
                cells: vec![
                    p.label(),
                    r.status.label().to_string(),
                    countermeasures_cell(r).to_string(),
                    inference::rests_on_words(&r.rests_on_inference).to_string(),
                    why,
                ],
                below,
            }
        })
        .collect();
    let mut widths: Vec<usize> = HEADER.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(&row.cells) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let mut out = format!("{}\n\n", scenario.title);
    let Some(questions) = &report.questions else {
        padded_line(&mut out, &widths, &header);
        for row in &rows {
            row_lines(&mut out, &widths, row);
        }
        let _ = write!(
            out,
            "\n{} profiles; `--explain` shows every element checked, with citations.\n",
            results.len()
        );
        return out;
    };
    let (undetermined, determined): (Vec<usize>, Vec<usize>) =
        (0..results.len()).partition(|&i| results[i].is_undetermined());
    let total = results.len();
    let groups = [
        (
            &determined,
            format!(
                "Determined: {} of {total} {}, the same status whatever the open facts",
                determined.len(),
                readings(total)
            ),
        ),
        (
            &undetermined,
            format!(
                "Undetermined: {} of {total} {}, each outcome with its conditions",
                undetermined.len(),
                readings(total)
            ),
        ),
    ];
    let mut first = true;
    for (members, heading) in groups {
        if members.is_empty() {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(&heading);
        out.push('\n');
        padded_line(&mut out, &widths, &header);
        for &i in members {
            row_lines(&mut out, &widths, &rows[i]);
        }
    }
    out.push('\n');
    out.push_str(&questions_text(questions));
    let _ = write!(
        out,
        "\n{} profiles; `--explain` shows every element checked, with citations.\n",
        total
    );
    out
}

/// "reading" or "readings".
fn readings(n: usize) -> &'static str {
    if n == 1 {
        "reading"
    } else {
        "readings"
    }
}

/// One line of cells padded to `widths`; the last cell is not padded.
fn padded_line(out: &mut String, widths: &[usize], cells: &[String]) {
    let mut l = String::new();
    for (i, cell) in cells.iter().enumerate() {
        l.push_str(cell);
        if i + 1 < cells.len() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            l.push_str(&" ".repeat(pad + 2));
        }
    }
    out.push_str(l.trim_end());
    out.push('\n');
}

fn row_lines(out: &mut String, widths: &[usize], row: &Row) {
    padded_line(out, widths, &row.cells);
    for l in &row.below {
        out.push_str(l);
        out.push('\n');
    }
}

/// The countermeasures column: open in every completion, in none, or in
/// some only.
fn countermeasures_cell(r: &Assessment) -> &'static str {
    let some = r
        .outcomes
        .as_ref()
        .is_some_and(|o| o.iter().any(|o| o.countermeasures));
    if r.countermeasures {
        "yes"
    } else if some {
        "depends"
    } else {
        "-"
    }
}

/// The facts named in the conditions of a result with several outcomes, in
/// the spec's order ("harm and knowledge"); `None` for a single outcome.
fn depends_on(r: &Assessment) -> Option<String> {
    let outcomes = r.outcomes.as_ref().filter(|o| o.len() > 1)?;
    let named: Vec<Fact> = Fact::ALL
        .into_iter()
        .filter(|f| {
            outcomes
                .iter()
                .flat_map(|o| &o.when)
                .any(|c| c.facts.iter().any(|(g, _)| g == f))
        })
        .collect();
    Some(fact_list(&named))
}

/// Fact names joined as a list: `harm`, `harm and knowledge`, `domain,
/// harm and knowledge`.
fn fact_list(facts: &[Fact]) -> String {
    let names: Vec<&str> = facts.iter().map(|f| f.name()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Each outcome of a result with several, with its conditions in plain
/// words, one per line.
pub fn outcome_lines(r: &Assessment) -> Vec<String> {
    let Some(outcomes) = r.outcomes.as_ref().filter(|o| o.len() > 1) else {
        return Vec::new();
    };
    outcomes
        .iter()
        .map(|o| {
            let what = explain::outcome_words(o.status, o.countermeasures);
            if o.when.iter().all(Condition::is_empty) {
                format!("{what} in every case")
            } else {
                format!("{what} if {}", explain::conditions_words(&o.when))
            }
        })
        .collect()
}

/// What a change of one known fact would do (`--decisive`), in plain
/// words: the values of a fact that lead to the same outcomes on one line.
pub fn decisive_lines(r: &Assessment) -> Vec<String> {
    let Some(changes) = &r.decisive else {
        return Vec::new();
    };
    if changes.is_empty() {
        return vec!["no change of one known fact would change it".to_string()];
    }
    let mut groups: Vec<(Fact, Values, &[Outcome])> = Vec::new();
    for c in changes {
        match groups
            .iter_mut()
            .find(|(f, _, o)| *f == c.fact && *o == c.outcomes.as_slice())
        {
            Some((_, values, _)) => *values = values.union(Values::one(c.value.1)),
            None => groups.push((c.fact, Values::one(c.value.1), &c.outcomes)),
        }
    }
    groups
        .into_iter()
        .map(|(fact, values, outcomes)| {
            let words: Vec<String> = outcomes
                .iter()
                .map(|o| explain::outcome_words(o.status, o.countermeasures))
                .collect();
            let tail = if words.len() > 1 {
                ", depending on the open facts"
            } else {
                ""
            };
            format!(
                "would change if {}: {}{tail}",
                explain::clause(fact, values),
                words.join(" or ")
            )
        })
        .collect()
}

/// The open questions of an uncertain scenario, most useful first, in
/// plain words.
pub fn questions_text(questions: &[Question]) -> String {
    let mut out = String::new();
    let mut useful = questions.iter().filter(|q| q.relevant > 0);
    match useful.next() {
        None => out.push_str("No open fact would change any reading.\n"),
        Some(first) => {
            let _ = writeln!(out, "Ask next: {}", question_words(first));
            let rest: Vec<&Question> = useful.collect();
            if !rest.is_empty() {
                out.push_str("Then:\n");
                for q in rest {
                    let _ = writeln!(out, "  {}", question_words(q));
                }
            }
            out.push_str(
                "`diligence ask FILE` asks them in turn and writes each answer into the file.\n",
            );
        }
    }
    out
}

/// One question: the fact's label and name, how many readings depend on
/// it, and how many at most stay undetermined once it is answered.
pub fn question_words(q: &Question) -> String {
    format!(
        "{} ({}) — {}",
        q.fact.label(),
        q.fact.name(),
        question_effect(q)
    )
}

/// What answering a question would do: "19 readings depend on it; after
/// the answer, none stays undetermined".
pub fn question_effect(q: &Question) -> String {
    let depend = match q.relevant {
        0 => "no reading depends on it".to_string(),
        1 => "1 reading depends on it".to_string(),
        n => format!("{n} readings depend on it"),
    };
    let after = match q.undetermined_after {
        0 => "after the answer, none stays undetermined".to_string(),
        1 => "after the answer, at most 1 stays undetermined".to_string(),
        n => format!("after the answer, at most {n} stay undetermined"),
    };
    format!("{depend}; {after}")
}

/// Every trace in full, with rendered citations. On an uncertain scenario,
/// each result also lists its outcomes with their conditions, an element
/// that depends on the open facts is marked `?` with the facts it depends
/// on, and the open questions follow.
pub fn assessment_traces(
    kb: &KnowledgeBase,
    style: CitationStyle,
    scenario: &Scenario,
    profiles: &[&Profile],
    report: &Assessments,
) -> String {
    let results = &report.results;
    let mut out = format!("{}\n", scenario.title);
    for (p, r) in profiles.iter().zip(results) {
        let cm = if r.countermeasures {
            " (countermeasures open)"
        } else {
            ""
        };
        let _ = write!(
            out,
            "\n{} [{}]: {}{}\n",
            p.label(),
            p.id,
            r.status.label(),
            cm
        );
        for l in outcome_lines(r).iter().chain(&decisive_lines(r)) {
            let _ = writeln!(out, "  {l}");
        }
        if r.rests_on_inference.is_empty() {
            let _ = writeln!(
                out,
                "  rests on what the sources state: no inferred parameter decides it"
            );
        } else {
            let _ = writeln!(out, "  rests on inference, not on the text's own words:");
            for i in &r.rests_on_inference {
                let _ = writeln!(out, "    - {}", inference::inference_words(i));
                if let Some(c) = &i.parameter.imputed_by {
                    let _ = writeln!(
                        out,
                        "        imputed by {}",
                        render_citation_in(kb, c, style)
                    );
                }
            }
        }
        if !r.countermeasure_conditions.is_empty() {
            let _ = writeln!(
                out,
                "  countermeasures only on these conditions ({}):",
                render_citation_in(kb, &diligence_core::countermeasures::citation(), style)
            );
            for c in r.countermeasure_conditions {
                let _ = writeln!(
                    out,
                    "    - {} ({}): {}",
                    c.condition, c.pinpoint, c.requirement
                );
            }
        }
        let mut current = "";
        for e in &r.trace {
            if e.obligation != current {
                current = &e.obligation;
                let title = p
                    .obligations
                    .iter()
                    .find(|o| o.id == e.obligation)
                    .map_or("", |o| o.title.as_str());
                let status = r
                    .obligations
                    .iter()
                    .find(|o| o.obligation == e.obligation)
                    .map(|o| o.status.label());
                match status {
                    Some(s) => {
                        let _ = writeln!(out, "  obligation {}: {} → {}", e.obligation, title, s);
                    }
                    None => {
                        let _ = writeln!(out, "  no obligation");
                    }
                }
            }
            let mark = match e.satisfied {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "?",
            };
            let reason = if e.satisfied.is_none() && !e.depends_on.is_empty() {
                format!("{} (depends on {})", e.reason, fact_list(&e.depends_on))
            } else {
                e.reason.clone()
            };
            let inferred = if e.is_inferred() { " [inferred]" } else { "" };
            let _ = writeln!(
                out,
                "    {mark} {:<19} {}{inferred}",
                e.element.as_str(),
                reason
            );
            for c in &e.citations {
                let _ = writeln!(out, "        {}", render_citation_in(kb, c, style));
            }
        }
    }
    if let Some(questions) = &report.questions {
        out.push('\n');
        out.push_str(&questions_text(questions));
    }
    out
}

pub use diligence_report::render_citation_in;

/// Pretty JSON of a value, with a final newline.
pub fn json_string(v: &Value) -> String {
    diligence_report::pretty(v)
}
