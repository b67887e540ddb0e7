//! The fact-space commands: `divergence` (status counts, disagreement
//! matrix, clusters) and `distinguish` (minimal pairs).

use crate::assess::{read_input, select};
use crate::cli::{DistinguishArgs, DivergenceArgs, DivergenceFormat, Format};
use crate::failure::{knowledge_base, unknown_profile, Failure};
use crate::output::{json_string, table};
use diligence_analysis::distinguish::closest;
use diligence_analysis::{svg, Dendrogram, Divergence, Partition};
use diligence_core::{assess, Status};
use diligence_kb::{parse_scenario, scenario::facts_toml};
use serde_json::json;
use std::fmt::Write;

/// `diligence divergence`.
pub fn divergence(args: &DivergenceArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let profiles = select(kb, &args.profiles)?;
    if profiles.len() < 2 {
        return Err(Failure::Input(
            "name at least two profiles to compare (or none, for all)".into(),
        ));
    }
    let partition = Partition::of(&profiles);
    let d = Divergence::of(&partition);
    let tree = Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations);
    Ok(match args.format {
        DivergenceFormat::Json => json_string(&json!({
            "situations": d.situations,
            "profiles": d.profiles,
            "distribution": d.distribution,
            "disagreements": d.disagreements,
            "breach_disagreements": d.breach_disagreements,
            "breach_only": d.breach_only,
            "classes": d.classes,
            "clusters": tree.merges,
            "cluster_order": tree.leaf_order().iter().map(|&i| &d.profiles[i]).collect::<Vec<_>>(),
        })),
        DivergenceFormat::Csv => {
            let mut out = format!("profile,{}\n", d.profiles.join(","));
            for (id, row) in d.profiles.iter().zip(&d.disagreements) {
                let cells: Vec<String> = row.iter().map(u64::to_string).collect();
                let _ = writeln!(out, "{id},{}", cells.join(","));
            }
            out
        }
        DivergenceFormat::Svg => svg::divergence_svg(&d, &tree),
        DivergenceFormat::Text => divergence_text(&d, &tree),
    })
}

fn divergence_text(d: &Divergence, tree: &Dendrogram) -> String {
    let mut out = format!(
        "{} situations of the fact space, {} profiles ({} classes of situations every profile decides alike)\n\n",
        d.situations,
        d.profiles.len(),
        d.classes
    );
    let mut header = vec!["PROFILE"];
    header.extend(Status::ALL.iter().map(|s| s.as_str()));
    let rows: Vec<Vec<String>> = d
        .profiles
        .iter()
        .map(|id| {
            let mut row = vec![id.clone()];
            row.extend(
                Status::ALL
                    .iter()
                    .map(|s| d.distribution[id][s].to_string()),
            );
            row
        })
        .collect();
    out.push_str(&table(&header, &rows));
    let mut pairs: Vec<(usize, usize)> = (0..d.profiles.len())
        .flat_map(|i| (i + 1..d.profiles.len()).map(move |j| (i, j)))
        .collect();
    pairs.sort_by_key(|&(i, j)| std::cmp::Reverse(d.breach_disagreements[i][j]));
    let _ = writeln!(
        out,
        "\nPairs that most often disagree on whether there is a breach:"
    );
    let rows: Vec<Vec<String>> = pairs
        .iter()
        .take(15)
        .map(|&(i, j)| {
            vec![
                d.profiles[i].clone(),
                d.profiles[j].clone(),
                d.breach_only[i][j].to_string(),
                d.breach_only[j][i].to_string(),
                d.disagreements[i][j].to_string(),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "A",
            "B",
            "BREACH ONLY FOR A",
            "BREACH ONLY FOR B",
            "ANY DIFFERENCE",
        ],
        &rows,
    ));
    let _ = writeln!(
        out,
        "\nClusters (average linkage on the share of situations decided differently):"
    );
    out.push_str(&tree.to_text());
    out
}

/// `diligence distinguish A B`.
pub fn distinguish(args: &DistinguishArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let a = kb
        .profile(&args.a)
        .ok_or_else(|| unknown_profile(&args.a, kb))?;
    let b = kb
        .profile(&args.b)
        .ok_or_else(|| unknown_profile(&args.b, kb))?;
    let (title, from) = match &args.from {
        Some(path) => {
            let (name, bytes) = read_input(path)?;
            let s = parse_scenario(&name, &bytes)?;
            (s.title, s.facts)
        }
        None => {
            let example = kb
                .scenario("ransomware-hospitals-notified")
                .ok_or_else(|| Failure::Internal("the default example is missing".into()))?;
            (example.scenario.title.clone(), example.scenario.facts)
        }
    };
    let found = closest(a, b, &from);
    let shown: Vec<_> = found.iter().take(args.limit.max(1)).collect();
    if args.format == Format::Json {
        let items: Vec<_> = shown
            .iter()
            .map(|x| {
                json!({
                    "facts": x.facts,
                    "changed": x.changed,
                    "statuses": { a.id.as_str(): x.first, b.id.as_str(): x.second },
                    "traces": [assess(a, &x.facts), assess(b, &x.facts)],
                })
            })
            .collect();
        return Ok(json_string(&json!({
            "from": { "title": title, "facts": from },
            "profiles": [a.id, b.id],
            "distance": found.first().map(|x| x.changed.len()),
            "found": found.len(),
            "situations": items,
        })));
    }
    let mut out = format!("Starting from: {title}\n");
    let start_a = assess(a, &from);
    let start_b = assess(b, &from);
    let _ = writeln!(
        out,
        "  {}: {}    {}: {}\n",
        a.id, start_a.status, b.id, start_b.status
    );
    let Some(first) = found.first() else {
        let _ = writeln!(
            out,
            "{} and {} decide every situation of the fact space alike.",
            a.id, b.id
        );
        return Ok(out);
    };
    let n = first.changed.len();
    if n == 0 {
        let _ = writeln!(out, "They already decide this situation differently:");
    }
    let _ = writeln!(
        out,
        "{} situation(s) at the least distance ({} fact(s) changed) where they decide differently; showing {}.",
        found.len(),
        n,
        shown.len()
    );
    for (k, x) in shown.iter().enumerate() {
        let change = if x.changed.is_empty() {
            "nothing".to_string()
        } else {
            x.changed.join(", ")
        };
        let _ = writeln!(out, "\n{}. change {change}:", k + 1);
        for line in facts_toml(&x.facts).lines() {
            let name = line.split(' ').next().unwrap_or("");
            let mark = if x.changed.contains(&name) { "*" } else { " " };
            let _ = writeln!(out, "   {mark} {line}");
        }
        let ta = assess(a, &x.facts);
        let tb = assess(b, &x.facts);
        let _ = writeln!(out, "   {}: {} — {}", a.id, ta.status, ta.summary());
        let _ = writeln!(out, "   {}: {} — {}", b.id, tb.status, tb.summary());
    }
    Ok(out)
}
