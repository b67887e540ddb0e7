//! Rendering for the terminal and for scripts: aligned tables, full traces
//! with rendered citations, and JSON in the shapes the spec and the issue
//! fix.

use diligence_core::citation::{Citation, Coded};
use diligence_core::{Assessment, Profile};
use diligence_kb::{KnowledgeBase, Scenario};
use serde_json::{json, Map, Value};
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

/// Pretty JSON with a final newline.
fn to_json(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".to_string());
    s.push('\n');
    s
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
pub fn assessment_json(scenario: &Scenario, results: &[Assessment]) -> String {
    let mut head = Map::new();
    head.insert("title".into(), json!(scenario.title));
    if let Some(notes) = &scenario.notes {
        head.insert("notes".into(), json!(notes));
    }
    head.insert("facts".into(), json!(scenario.facts));
    to_json(&json!({ "scenario": head, "results": results }))
}

/// The readable table: profile, status, countermeasures, one-line reason.
pub fn assessment_table(
    scenario: &Scenario,
    profiles: &[&Profile],
    results: &[Assessment],
) -> String {
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
    results: &[Assessment],
) -> String {
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
            let mark = if e.satisfied { "✓" } else { "✗" };
            let _ = writeln!(out, "    {mark} {:<19} {}", e.element.as_str(), e.reason);
            for c in &e.citations {
                let _ = writeln!(out, "        {}", render_citation(kb, c));
            }
        }
    }
    out
}

/// A citation rendered from the knowledge base.
pub fn render_citation(kb: &KnowledgeBase, c: &Citation) -> String {
    match kb.authority(&c.authority) {
        Some(a) => a.citation(c.pinpoint.as_deref()),
        None => format!("{} {}", c.authority, c.pinpoint.as_deref().unwrap_or("")),
    }
}

fn provenance<T>(c: &Coded<T>) -> Value {
    let mut m = Map::new();
    m.insert("provenance".into(), json!(c.provenance));
    m.insert("cite".into(), json!(c.cite));
    if let Some(r) = &c.reason {
        m.insert("reason".into(), json!(r));
    }
    if let Some(n) = &c.note {
        m.insert("note".into(), json!(n));
    }
    Value::Object(m)
}

/// One profile as JSON: the plain values of every parameter and answer, and
/// their provenance beside them.
pub fn profile_json(p: &Profile) -> Value {
    let obligations: Vec<Value> = p
        .obligations
        .iter()
        .map(|o| {
            let mut prov = Map::new();
            prov.insert("binding".into(), provenance(&o.binding));
            prov.insert("domains".into(), provenance(&o.domains));
            prov.insert("covers_transit".into(), provenance(&o.covers_transit));
            prov.insert(
                "covers_controlled_infrastructure".into(),
                provenance(&o.covers_controlled_infrastructure),
            );
            prov.insert(
                "requires_contrary_to_rights".into(),
                provenance(&o.requires_contrary_to_rights),
            );
            prov.insert("harm_threshold".into(), provenance(&o.harm_threshold));
            prov.insert(
                "knowledge_standard".into(),
                provenance(&o.knowledge_standard),
            );
            prov.insert("conduct".into(), provenance(&o.conduct));
            prov.insert("countermeasures".into(), provenance(&o.countermeasures));
            json!({
                "id": o.id,
                "title": o.title,
                "binding": o.binding.value,
                "domains": o.domains.value,
                "covers_transit": o.covers_transit.value,
                "covers_controlled_infrastructure": o.covers_controlled_infrastructure.value,
                "requires_contrary_to_rights": o.requires_contrary_to_rights.value,
                "harm_threshold": o.harm_threshold.value,
                "knowledge_standard": o.knowledge_standard.value,
                "conduct": o.conduct.value,
                "countermeasures": o.countermeasures.value,
                "authorities": o.authorities(),
                "provenance": prov,
            })
        })
        .collect();
    let a = &p.answers;
    json!({
        "id": p.id,
        "kind": p.kind,
        "name": p.name,
        "year": p.year,
        "state": p.state,
        "members": p.members,
        "summary": p.summary.trim(),
        "basis": p.basis.value,
        "legal_status": a.legal_status.value,
        "scope_of_conduct": a.scope_of_conduct.value,
        "knowledge": a.knowledge.value,
        "harm_threshold": a.harm_threshold.value,
        "provenance": {
            "basis": provenance(&p.basis),
            "legal_status": provenance(&a.legal_status),
            "scope_of_conduct": provenance(&a.scope_of_conduct),
            "knowledge": provenance(&a.knowledge),
            "harm_threshold": provenance(&a.harm_threshold),
        },
        "sources": p.sources,
        "classifications": p.classifications,
        "obligations": obligations,
        "authorities": p.authorities(),
    })
}

/// Pretty JSON of a value, with a final newline.
pub fn json_string(v: &Value) -> String {
    to_json(v)
}
