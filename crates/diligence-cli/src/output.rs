//! Rendering for the terminal and for scripts: aligned tables, full traces
//! with rendered citations, and JSON in the shapes the spec and the issue
//! fix.

use diligence_core::outcome::Assessments;
use diligence_core::Profile;
use diligence_kb::{KnowledgeBase, Scenario};
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

/// The readable table: profile, status, countermeasures, one-line reason.
pub fn assessment_table(
    scenario: &Scenario,
    profiles: &[&Profile],
    report: &Assessments,
) -> String {
    let results = &report.results;
    let mut out = format!("{}\n\n", scenario.title);
    let rows: Vec<Vec<String>> = profiles
        .iter()
        .zip(results)
        .map(|(p, r)| {
            vec![
                p.id.clone(),
                r.status.as_str().to_string(),
                if r.countermeasures { "yes" } else { "-" }.to_string(),
                r.summary().to_string(),
            ]
        })
        .collect();
    out.push_str(&table(
        &["PROFILE", "STATUS", "COUNTERMEASURES", "WHY"],
        &rows,
    ));
    let _ = write!(
        out,
        "\n{} profiles; `--explain` shows every element checked, with citations.\n",
        results.len()
    );
    out
}

/// Every trace in full, with rendered citations.
pub fn assessment_traces(
    kb: &KnowledgeBase,
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
        let _ = write!(out, "\n{} — {}: {}{}\n", p.id, p.name, r.status.label(), cm);
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
            let _ = writeln!(out, "    {mark} {:<19} {}", e.element.as_str(), e.reason);
            for c in &e.citations {
                let _ = writeln!(out, "        {}", render_citation(kb, c));
            }
        }
    }
    out
}

pub use diligence_report::render_citation;

/// One profile as JSON: the plain values of every parameter and answer, and
/// their provenance beside them.
pub fn profile_json(p: &Profile) -> Value {
    diligence_report::json::profile(p)
}

/// Pretty JSON of a value, with a final newline.
pub fn json_string(v: &Value) -> String {
    diligence_report::pretty(v)
}
