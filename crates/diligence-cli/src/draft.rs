//! `diligence draft`: a user's draft position, validated like the shipped
//! profiles and compared with each of them over the fact space.

use crate::assess::read_input;
use crate::cli::{DraftArgs, Format};
use crate::failure::{knowledge_base, Failure};
use crate::output::{json_string, table};
use diligence_analysis::draft::{agreement, sensitivity, statuses};
use diligence_core::space;
use diligence_core::Profile;
use rayon::prelude::*;
use serde_json::json;
use std::fmt::Write;

/// The parameters of two profiles' obligations that differ, as
/// `obligation.parameter: draft → other` lines (obligations matched by
/// position).
fn differences(draft: &Profile, other: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    if draft.obligations.len() != other.obligations.len() {
        out.push(format!(
            "{} obligation(s) against {}",
            draft.obligations.len(),
            other.obligations.len()
        ));
    }
    for (d, o) in draft.obligations.iter().zip(&other.obligations) {
        for (pd, po) in d.parameters().iter().zip(o.parameters().iter()) {
            if pd.value != po.value {
                out.push(format!(
                    "{}.{}: {} here, {} there",
                    d.id, pd.name, pd.value, po.value
                ));
            }
        }
    }
    out
}

/// Runs `diligence draft`.
pub fn run(args: &DraftArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let (name, bytes) = read_input(&args.file)?;
    let draft = kb.check_draft(&name, &bytes).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| match e.position {
                Some(p) => format!("{}:{}:{}: {}", e.file, p.line, p.column, e.message),
                None => format!("{}: {}", e.file, e.message),
            })
            .collect();
        Failure::Input(format!(
            "the draft is not a valid profile:\n{}",
            lines.join("\n")
        ))
    })?;
    let others: Vec<Vec<u8>> = kb.profiles.par_iter().map(statuses).collect();
    let mine = statuses(&draft);
    let total = space::SIZE as f64;
    let mut ranked: Vec<(usize, u64)> = others
        .iter()
        .enumerate()
        .map(|(i, o)| (i, agreement(&mine, o)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let edits = sensitivity(&draft, &mine, &others);

    if args.format == Format::Json {
        let nearest: Vec<_> = ranked
            .iter()
            .map(|&(i, agree)| {
                json!({
                    "profile": kb.profiles[i].id,
                    "agreement": agree,
                    "share": agree as f64 / total,
                    "differences": differences(&draft, &kb.profiles[i]),
                })
            })
            .collect();
        let edits: Vec<_> = edits
            .iter()
            .map(|e| {
                let delta: serde_json::Map<String, serde_json::Value> =
                    kb.profiles.iter().zip(&e.delta).map(|(p, d)| (p.id.clone(), json!(d))).collect();
                json!({ "obligation": e.obligation, "parameter": e.parameter, "from": e.from, "to": e.to, "delta": delta })
            })
            .collect();
        return Ok(json_string(&json!({
            "draft": draft.id,
            "valid": true,
            "situations": space::SIZE,
            "nearest": nearest,
            "edits": edits,
        })));
    }

    let mut out = format!(
        "{} — {}: valid ({} obligation(s), every parameter cited)\n\n",
        draft.id,
        draft.name,
        draft.obligations.len()
    );
    let _ = writeln!(
        out,
        "Agreement with every profile over the {} situations of the fact space:",
        space::SIZE
    );
    let rows: Vec<Vec<String>> = ranked
        .iter()
        .map(|&(i, agree)| {
            vec![
                kb.profiles[i].id.clone(),
                agree.to_string(),
                format!("{:.1}%", agree as f64 / total * 100.0),
            ]
        })
        .collect();
    out.push_str(&table(&["PROFILE", "SAME STATUS", "SHARE"], &rows));
    let _ = writeln!(
        out,
        "\nWhat the draft changes relative to the nearest {}:",
        args.nearest.min(ranked.len())
    );
    for &(i, _) in ranked.iter().take(args.nearest) {
        let diffs = differences(&draft, &kb.profiles[i]);
        let _ = writeln!(out, "  {}:", kb.profiles[i].id);
        if diffs.is_empty() {
            let _ = writeln!(out, "    no coded parameter differs");
        }
        for d in diffs {
            let _ = writeln!(out, "    {d}");
        }
    }
    let _ = writeln!(
        out,
        "\nOne-parameter edits and the change in agreement (situations) with each position:"
    );
    for e in &edits {
        let mut moves: Vec<(i64, &str)> = e
            .delta
            .iter()
            .zip(&kb.profiles)
            .filter(|(d, _)| **d != 0)
            .map(|(d, p)| (*d, p.id.as_str()))
            .collect();
        moves.sort_by_key(|(d, id)| (std::cmp::Reverse(d.abs()), *id));
        let shown: Vec<String> = moves
            .iter()
            .take(4)
            .map(|(d, id)| format!("{id} {d:+}"))
            .collect();
        let more = if moves.len() > 4 {
            format!(", {} more", moves.len() - 4)
        } else {
            String::new()
        };
        let summary = if shown.is_empty() {
            "no change".to_string()
        } else {
            format!("{}{more}", shown.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}.{}: {} → {}: {summary}",
            e.obligation, e.parameter, e.from, e.to
        );
    }
    Ok(out)
}
