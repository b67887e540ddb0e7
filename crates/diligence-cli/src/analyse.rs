//! The fact-space commands: `divergence` (status counts, disagreement
//! matrix, clusters) and `distinguish` (minimal pairs).

use crate::assess::{read_input, select};
use crate::cli::{
    DistinguishArgs, DivergenceArgs, DivergenceFormat, Format, ImplicationsArgs, TableFormat,
};
use crate::failure::{knowledge_base, unknown_profile, Failure};
use crate::output::{json_string, table};
use diligence_analysis::distinguish::closest;
use diligence_analysis::{svg, Dendrogram, Divergence, Partition};
use diligence_core::inference::rests_on_words;
use diligence_core::outcome::verdict_of;
use diligence_core::{assess, Fact, Status};
use diligence_kb::parse_scenario;
use diligence_kb::CitationStyle;
use diligence_report::cite::reach_note_in;
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
        DivergenceFormat::Json => json_string(&diligence_report::json::divergence(&d, &tree)),
        DivergenceFormat::Csv => {
            let mut out = format!("profile,{}\n", d.profiles.join(","));
            for (id, row) in d.profiles.iter().zip(&d.disagreements) {
                let cells: Vec<String> = row.iter().map(u64::to_string).collect();
                let _ = writeln!(out, "{id},{}", cells.join(","));
            }
            out
        }
        DivergenceFormat::Svg => svg::divergence_svg_named(&d, &tree, |id| {
            kb.profile(id).map_or_else(|| id.to_string(), |p| p.label())
        }),
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
    let _ = writeln!(
        out,
        "  {}: {}    {}: {}\n",
        a.id,
        verdict_of(a, &from),
        b.id,
        verdict_of(b, &from)
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
        for fact in Fact::ALL {
            let mark = if x.changed.contains(&fact.name()) {
                "*"
            } else {
                " "
            };
            let value = x.facts.get_name(fact);
            let value = if fact.is_boolean() {
                value.to_string()
            } else {
                format!("\"{value}\"")
            };
            let _ = writeln!(out, "   {mark} {fact} = {value}");
        }
        let ta = assess(a, &x.facts);
        let tb = assess(b, &x.facts);
        let _ = writeln!(out, "   {}: {} — {}", a.id, ta.status, ta.summary());
        let _ = writeln!(out, "   {}: {} — {}", b.id, tb.status, tb.summary());
    }
    Ok(out)
}

fn code(cell: &diligence_analysis::implications::Cell) -> &'static str {
    match cell.status {
        Status::Breach if cell.countermeasures => "B+",
        Status::Breach => "B",
        Status::Complied => "C",
        Status::NormNotObserved | Status::NormObserved => "N",
        Status::NotTriggered => "-",
        Status::OutOfScope => ".",
    }
}

/// Quotes a CSV field.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `diligence implications`.
pub fn implications(args: &ImplicationsArgs, style: CitationStyle) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let profiles = select(kb, &args.profiles)?;
    let rows = diligence_report::json::implication_rows(kb, &profiles);
    Ok(match args.format {
        TableFormat::Json => {
            json_string(&diligence_report::json::implications(kb, &profiles, &rows))
        }
        TableFormat::Csv => {
            let mut out = String::from(
                "entry,scenario,profile,status,binding_obligation,countermeasures,reason,rests_on,reach\n",
            );
            for r in &rows {
                for c in &r.cells {
                    let _ = writeln!(
                        out,
                        "{},{},{},{},{},{},{},{},{}",
                        csv_field(&r.entry),
                        r.scenario,
                        c.profile,
                        c.status,
                        c.binding_obligation,
                        c.countermeasures,
                        csv_field(&c.reason),
                        csv_field(rests_on_words(&c.rests_on_inference)),
                        csv_field(&reach_note_in(kb, c, style).unwrap_or_default())
                    );
                }
            }
            out
        }
        TableFormat::Text => {
            let mut header: Vec<String> = vec!["PROFILE".into()];
            header.extend((1..=rows.len()).map(|k| k.to_string()));
            let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
            let table_rows: Vec<Vec<String>> = profiles
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut row = vec![p.label()];
                    row.extend(rows.iter().map(|r| {
                        let c = &r.cells[i];
                        let mark = if c.imputed_by().is_some() { "*" } else { "" };
                        format!("{}{mark}", code(c))
                    }));
                    row
                })
                .collect();
            let mut out = String::from(
                "What each reading implies beyond cyber: the catalogue of the 2024 article 'A general obligation of due diligence in international law?', paras 36-47\n\n",
            );
            for (k, r) in rows.iter().enumerate() {
                let bound = r.binding().count();
                let cm = r.cells.iter().filter(|c| c.countermeasures).count();
                let _ = writeln!(
                    out,
                    "{:>2}. {} ({}): binding obligation under {} of {} readings, countermeasures under {}",
                    k + 1,
                    r.entry,
                    r.scenario,
                    bound,
                    r.cells.len(),
                    cm
                );
            }
            out.push('\n');
            out.push_str(&table(&header_refs, &table_rows));
            out.push_str("\nB+ breach opening countermeasures, B breach, C complied, N voluntary norm engaged, - not triggered, . out of scope\n");
            out.push_str("* rests on a commentator's imputation: every State's statement addresses cyberspace, and its reach to these activities is the critique's reading, not the State's words\n");
            let _ = writeln!(out, "\nWhy, for each entry and outcome:");
            for (k, r) in rows.iter().enumerate() {
                let _ = writeln!(out, "\n{:>2}. {}", k + 1, r.entry);
                let mut groups: Vec<(&str, &str, Vec<String>)> = Vec::new();
                let mut reaches: Vec<(String, Vec<String>)> = Vec::new();
                for (c, p) in r.cells.iter().zip(&profiles) {
                    match groups
                        .iter_mut()
                        .find(|(cd, reason, _)| *cd == code(c) && *reason == c.reason)
                    {
                        Some(g) => g.2.push(p.label()),
                        None => groups.push((code(c), &c.reason, vec![p.label()])),
                    }
                    if let Some(note) = reach_note_in(kb, c, style) {
                        match reaches.iter_mut().find(|(n, _)| *n == note) {
                            Some(g) => g.1.push(p.label()),
                            None => reaches.push((note, vec![p.label()])),
                        }
                    }
                }
                for (cd, reason, names) in groups {
                    let _ = writeln!(out, "    {cd:<2} {}: {reason}", names.join(", "));
                }
                for (note, names) in reaches {
                    let _ = writeln!(out, "    positions of {}: {note}", names.join(", "));
                }
            }
            out
        }
    })
}
