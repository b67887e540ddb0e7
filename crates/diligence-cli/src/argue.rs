//! The argumentation commands: `argue` (the ICCMA 2023 solver interface) and
//! `debate` (the debate over a general obligation, labelled per audience and
//! rendered as text, JSON, dot or SVG).

use crate::assess::read_input;
use crate::cli::{ArgueArgs, DebateArgs, DebateFormat};
use crate::failure::{knowledge_base, Failure};
use crate::output::{json_string, render_citation};
use diligence_argue::{
    extensions, grounded_labelling, iccma, Framework, Label, Semantics, ValueFramework,
};
use diligence_kb::debate::{Audience, Camp, Debate, Value};
use diligence_kb::KnowledgeBase;
use serde_json::json;
use std::fmt::Write;

/// `diligence argue`.
pub fn argue(args: &ArgueArgs) -> Result<String, Failure> {
    if args.problems {
        return Ok(format!("[{}]\n", iccma::problems().join(",")));
    }
    let (Some(task), Some(file)) = (&args.task, &args.file) else {
        return Err(Failure::Input(
            "`-p TASK` and `-f FILE` are required (or `--problems`)".into(),
        ));
    };
    let (name, bytes) = read_input(file)?;
    let text =
        String::from_utf8(bytes).map_err(|_| Failure::Input(format!("{name}: not UTF-8 text")))?;
    let query = match &args.argument {
        None => None,
        Some(a) => Some(match a.parse::<usize>() {
            Ok(n) => n,
            Err(_) => {
                let named =
                    iccma::parse_apx(&text).map_err(|e| Failure::Input(format!("{name}: {e}")))?;
                named
                    .names
                    .iter()
                    .position(|x| x == a)
                    .map(|i| i + 1)
                    .ok_or_else(|| {
                        Failure::Input(format!(
                            "{name}: no argument named `{a}` (arguments: {})",
                            named.names.join(", ")
                        ))
                    })?
            }
        }),
    };
    iccma::solve(task, &text, query).map_err(|e| Failure::Input(format!("{name}: {e}")))
}

fn label_name(l: Label) -> &'static str {
    match l {
        Label::In => "in",
        Label::Out => "out",
        Label::Undec => "undecided",
    }
}

fn value_index(v: Value) -> usize {
    Value::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// The attack graph and, with an audience, the defeat graph.
fn frameworks(
    debate: &Debate,
    audience: Option<&Audience>,
) -> Result<(Framework, Framework), Failure> {
    let internal = |e: diligence_argue::Error| Failure::Internal(format!("the debate graph: {e}"));
    let af = Framework::new(debate.arguments.len(), &debate.attack_pairs()).map_err(internal)?;
    let Some(aud) = audience else {
        return Ok((af.clone(), af));
    };
    let values: Vec<usize> = debate
        .arguments
        .iter()
        .map(|a| a.main_value().map_or(0, value_index))
        .collect();
    let order: Vec<usize> = aud.values.iter().map(|v| value_index(*v)).collect();
    let vaf = ValueFramework::new(af.clone(), values, Value::ALL.len()).map_err(internal)?;
    let audience = diligence_argue::Audience::total(&order)
        .map_err(|e| Failure::Input(format!("audience `{}`: {e}", aud.id)))?;
    let defeats = vaf.defeat_graph(&audience);
    Ok((af, defeats))
}

/// Labels every argument: the grounded labelling, or for the other
/// semantics in = in every extension, out = attacked by every extension.
fn labelling(af: &Framework, sem: Semantics) -> (Vec<Label>, usize) {
    if sem == Semantics::Grounded {
        return (grounded_labelling(af), 1);
    }
    let exts = extensions(af, sem, None);
    let n = af.len();
    let labels = (0..n)
        .map(|a| {
            if exts.is_empty() {
                Label::Undec
            } else if exts.iter().all(|e| e.contains(&a)) {
                Label::In
            } else if exts.iter().all(|e| e.iter().any(|&x| af.attacks(x, a))) {
                Label::Out
            } else {
                Label::Undec
            }
        })
        .collect();
    (labels, exts.len())
}

fn load_audience(kb: &KnowledgeBase, spec: &str) -> Result<Audience, Failure> {
    if let Some(a) = kb.debate.audience(spec) {
        return Ok(a.clone());
    }
    let path = std::path::Path::new(spec);
    if !path.exists() {
        let ids: Vec<&str> = kb.debate.audiences.iter().map(|a| a.id.as_str()).collect();
        return Err(Failure::Input(format!(
            "unknown audience `{spec}`\n  shipped audiences: {}; or give an audience file",
            ids.join(", ")
        )));
    }
    let (name, bytes) = read_input(path)?;
    let text =
        String::from_utf8(bytes).map_err(|_| Failure::Input(format!("{name}: not UTF-8 text")))?;
    let aud = diligence_kb::load::audience(&name, &text).map_err(|e| {
        let at = e
            .position
            .map(|p| format!(":{}:{}", p.line, p.column))
            .unwrap_or_default();
        Failure::Input(format!("{name}{at}: {}", e.message))
    })?;
    let mut seen: Vec<Value> = aud.values.clone();
    seen.sort();
    seen.dedup();
    if seen.len() != Value::ALL.len() || aud.values.len() != Value::ALL.len() {
        let all: Vec<&str> = Value::ALL.iter().map(|v| v.as_str()).collect();
        return Err(Failure::Input(format!(
            "{name}: field `values` must order each value exactly once\n  allowed values: {}",
            all.join(", ")
        )));
    }
    Ok(aud)
}

/// `diligence debate`.
pub fn debate(args: &DebateArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let debate = &kb.debate;
    let sem = Semantics::from_abbreviation(&args.semantics.to_uppercase()).ok_or_else(|| {
        let all: Vec<&str> = Semantics::ALL.iter().map(|s| s.abbreviation()).collect();
        Failure::Input(format!(
            "unknown semantics `{}`\n  allowed values: {}",
            args.semantics,
            all.join(", ")
        ))
    })?;
    let audience = args
        .audience
        .as_deref()
        .map(|a| load_audience(kb, a))
        .transpose()?;
    let (attacks, defeats) = frameworks(debate, audience.as_ref())?;
    let (labels, extensions) = labelling(&defeats, sem);
    let audience_name = audience
        .as_ref()
        .map_or("none (every attack succeeds)".to_string(), |a| {
            a.name.clone()
        });
    Ok(match args.format {
        DebateFormat::Json => {
            let arguments: Vec<_> = debate
                .arguments
                .iter()
                .zip(&labels)
                .map(|(a, l)| {
                    json!({
                        "id": a.id, "claim": a.claim, "camp": a.camp, "values": a.values,
                        "label": label_name(*l), "authorities": a.authorities,
                        "attacks": a.attacks, "supports": a.supports,
                    })
                })
                .collect();
            let pairs = |af: &Framework| -> Vec<[&str; 2]> {
                af.attack_list()
                    .iter()
                    .map(|&(x, y)| {
                        [
                            debate.arguments[x].id.as_str(),
                            debate.arguments[y].id.as_str(),
                        ]
                    })
                    .collect()
            };
            json_string(&json!({
                "semantics": sem.abbreviation(),
                "audience": audience.as_ref().map(|a| &a.id),
                "extensions": extensions,
                "arguments": arguments,
                "attacks": pairs(&attacks),
                "defeats": pairs(&defeats),
                "accepted": debate.arguments.iter().zip(&labels).filter(|(_, l)| **l == Label::In).map(|(a, _)| &a.id).collect::<Vec<_>>(),
            }))
        }
        DebateFormat::Dot => dot(debate, &labels, &attacks, &defeats),
        DebateFormat::Svg => {
            let id = audience.as_ref().map_or("none", |a| a.id.as_str());
            svg(debate, &labels, &attacks, &defeats, sem, id)
        }
        DebateFormat::Text => {
            let mut out = format!(
                "The debate over a general obligation of due diligence: {} arguments, {} attacks\nsemantics: {}; audience: {}\n",
                debate.arguments.len(),
                attacks.num_attacks(),
                sem.abbreviation(),
                audience_name
            );
            if sem != Semantics::Grounded {
                let _ = writeln!(out, "{} {} extension(s)", extensions, sem.abbreviation());
            }
            if audience.is_some() {
                let _ = writeln!(
                    out,
                    "{} of the attacks fail for this audience",
                    attacks.num_attacks() - defeats.num_attacks()
                );
            }
            for (heading, want) in [
                ("Accepted (in)", Label::In),
                ("Undecided", Label::Undec),
                ("Defeated (out)", Label::Out),
            ] {
                let _ = writeln!(out, "\n{heading}:");
                for (a, l) in debate.arguments.iter().zip(&labels) {
                    if *l == want {
                        let camp = match a.camp {
                            Camp::General => "general",
                            Camp::Specific => "specific",
                            Camp::Middle => "middle",
                        };
                        let _ = writeln!(out, "  {:<34} [{camp}] {}", a.id, a.claim.trim());
                        if want == Label::In {
                            for c in &a.authorities {
                                let _ = writeln!(out, "  {:<34}   {}", "", render_citation(kb, c));
                            }
                        }
                    }
                }
            }
            out
        }
    })
}

fn colour(l: Label) -> &'static str {
    match l {
        Label::In => "#2e7d32",
        Label::Out => "#c62828",
        Label::Undec => "#9e9e9e",
    }
}

fn dot(debate: &Debate, labels: &[Label], attacks: &Framework, defeats: &Framework) -> String {
    let mut out = String::from("digraph debate {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n");
    for (a, l) in debate.arguments.iter().zip(labels) {
        let _ = writeln!(
            out,
            "  \"{}\" [color=\"{}\", xlabel=\"{}\"];",
            a.id,
            colour(*l),
            label_name(*l)
        );
    }
    for (x, y) in attacks.attack_list() {
        let style = if defeats.attacks(x, y) {
            "solid"
        } else {
            "dashed"
        };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [style={style}];",
            debate.arguments[x].id, debate.arguments[y].id
        );
    }
    for a in &debate.arguments {
        for s in &a.supports {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [color=\"#1565c0\", arrowhead=empty];",
                a.id, s
            );
        }
    }
    out.push_str("}\n");
    out
}

fn svg(
    debate: &Debate,
    labels: &[Label],
    attacks: &Framework,
    defeats: &Framework,
    sem: Semantics,
    audience: &str,
) -> String {
    use diligence_analysis::svg::escape;
    let columns = [Camp::General, Camp::Middle, Camp::Specific];
    let (col_w, row_h, box_w, box_h, top) = (330.0, 34.0, 250.0, 24.0, 70.0);
    let mut pos = vec![(0.0, 0.0); debate.arguments.len()];
    let mut rows = [0usize; 3];
    for (i, a) in debate.arguments.iter().enumerate() {
        let c = columns.iter().position(|x| *x == a.camp).unwrap_or(1);
        pos[i] = (40.0 + col_w * c as f64, top + row_h * rows[c] as f64);
        rows[c] += 1;
    }
    let height = top + row_h * *rows.iter().max().unwrap_or(&1) as f64 + 40.0;
    let width = 40.0 + col_w * 3.0;
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>"##
    );
    let _ = write!(
        out,
        r#"<text x="40" y="22" font-size="14">The debate over a general obligation of due diligence — {} semantics, audience: {}</text>"#,
        sem.abbreviation(),
        escape(audience)
    );
    for (c, title) in [
        "A general obligation exists",
        "Neither camp",
        "Only specific primary rules",
    ]
    .iter()
    .enumerate()
    {
        let _ = write!(
            out,
            r#"<text x="{}" y="50" font-weight="bold">{title}</text>"#,
            40.0 + col_w * c as f64
        );
    }
    for (x, y) in attacks.attack_list() {
        let (sx, sy) = pos[x];
        let (tx, ty) = pos[y];
        let (x1, y1) = (sx + if tx > sx { box_w } else { 0.0 }, sy + box_h / 2.0);
        let (x2, y2) = (
            tx + if tx > sx {
                0.0
            } else if tx < sx {
                box_w
            } else {
                0.0
            },
            ty + box_h / 2.0,
        );
        let bend = if (tx - sx).abs() < 1.0 { -60.0 } else { 0.0 };
        let dash = if defeats.attacks(x, y) {
            ""
        } else {
            r#" stroke-dasharray="4 3""#
        };
        let _ = write!(
            out,
            r##"<path d="M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}" fill="none" stroke="#555" stroke-opacity="0.6"{dash} marker-end="url(#arrow)"><title>{} attacks {}</title></path>"##,
            x1 + bend + (x2 - x1) / 3.0,
            x2 + bend - (x2 - x1) / 3.0,
            escape(&debate.arguments[x].id),
            escape(&debate.arguments[y].id)
        );
    }
    for ((a, l), (x, y)) in debate.arguments.iter().zip(labels).zip(&pos) {
        let _ = write!(
            out,
            r#"<g><title>{} ({}): {}</title><rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="5" fill="white" stroke="{}" stroke-width="2"/><text x="{}" y="{}">{}</text></g>"#,
            escape(&a.id),
            label_name(*l),
            escape(a.claim.trim()),
            colour(*l),
            x + 6.0,
            y + 16.0,
            escape(&a.id)
        );
    }
    let _ = write!(
        out,
        r##"<text x="40" y="{}">green: in; red: out; grey: undecided; dashed: an attack that fails for this audience</text></svg>"##,
        height - 12.0
    );
    out.push('\n');
    out
}
