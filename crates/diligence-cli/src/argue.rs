//! The argumentation commands: `argue` (the ICCMA 2023 solver interface) and
//! `debate` (the debate over a general obligation, labelled per audience and
//! rendered as text, JSON, dot or SVG).

use crate::assess::read_input;
use crate::cli::{ArgueArgs, DebateArgs, DebateFormat};
use crate::failure::{knowledge_base, Failure};
use crate::output::{json_string, render_citation_in};
use diligence_argue::{iccma, Label, Semantics};
use diligence_kb::debate::{Audience, Camp, Value};
use diligence_kb::{CitationStyle, KnowledgeBase};
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
pub fn debate(args: &DebateArgs, style: CitationStyle) -> Result<String, Failure> {
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
    if let Some(path) = &args.from {
        return label_map(path, args.format, audience.as_ref(), sem);
    }
    let labelled =
        diligence_report::debate::label(debate, audience.as_ref(), sem).map_err(Failure::Input)?;
    let (labels, attacks, defeats, extensions) = (
        &labelled.labels,
        &labelled.attacks,
        &labelled.defeats,
        labelled.extensions,
    );
    let audience_name = audience
        .as_ref()
        .map_or("none (every attack succeeds)".to_string(), |a| {
            a.name.clone()
        });
    Ok(match args.format {
        DebateFormat::Json => json_string(&diligence_report::debate::to_json(
            debate,
            audience.as_ref(),
            &labelled,
        )),
        DebateFormat::Dot => diligence_report::debate::dot(debate, &labelled),
        DebateFormat::Aif => json_string(&diligence_report::aif::write(kb, debate)),
        DebateFormat::Svg => {
            let id = audience.as_ref().map_or("none", |a| a.id.as_str());
            diligence_report::debate::svg(debate, &labelled, id)
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
                for (a, l) in debate.arguments.iter().zip(labels) {
                    if *l == want {
                        let camp = match a.camp {
                            Camp::General => "general",
                            Camp::Specific => "specific",
                            Camp::Middle => "middle",
                        };
                        let _ = writeln!(out, "  {} ({}) [{camp}]", a.title, a.id);
                        let _ = writeln!(out, "      {}", a.claim.trim());
                        if let Some(e) = &a.editorial {
                            let _ = writeln!(out, "      {}", diligence_kb::words::editorial(e));
                        }
                        if want == Label::In {
                            for c in &a.authorities {
                                let _ = writeln!(out, "      {}", render_citation_in(kb, c, style));
                            }
                        }
                    }
                }
            }
            out
        }
    })
}

/// `diligence debate --from MAP.json`: an AIF argument map labelled.
fn label_map(
    path: &std::path::Path,
    format: DebateFormat,
    audience: Option<&Audience>,
    sem: Semantics,
) -> Result<String, Failure> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("cannot read `{name}`: {e}")))?;
    let map =
        diligence_report::aif::read(&text).map_err(|e| Failure::Input(format!("{name}: {e}")))?;
    let labelled =
        diligence_report::debate::label_graph(&map.values(), &map.attacks, audience, sem)
            .map_err(Failure::Input)?;
    let label_of = |i: usize| diligence_report::debate::label_name(labelled.labels[i]);
    match format {
        DebateFormat::Json => {
            let pairs = |af: &diligence_argue::Framework| -> Vec<[&str; 2]> {
                af.attack_list()
                    .iter()
                    .map(|&(x, y)| [map.arguments[x].id(), map.arguments[y].id()])
                    .collect()
            };
            let arguments: Vec<serde_json::Value> = map
                .arguments
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    serde_json::json!({"id": a.id(), "node": a.node, "text": a.text,
                        "values": a.extension.as_ref().map(|e| e.values.clone()).unwrap_or_default(),
                        "label": label_of(i)})
                })
                .collect();
            Ok(json_string(&serde_json::json!({
                "source": name,
                "semantics": sem.abbreviation(),
                "audience": audience.map(|a| &a.id),
                "extensions": labelled.extensions,
                "arguments": arguments,
                "attacks": pairs(&labelled.attacks),
                "defeats": pairs(&labelled.defeats),
                "not_read": map.not_read,
            })))
        }
        DebateFormat::Text => {
            let mut out = format!(
                "{name}: {} arguments, {} attacks, {} supports\nsemantics: {}; audience: {}\n",
                map.arguments.len(),
                labelled.attacks.num_attacks(),
                map.supports.len(),
                sem.abbreviation(),
                audience.map_or("none (every attack succeeds)", |a| a.name.as_str()),
            );
            for (heading, want) in [
                ("Accepted (in)", Label::In),
                ("Undecided", Label::Undec),
                ("Defeated (out)", Label::Out),
            ] {
                let _ = writeln!(out, "\n{heading}:");
                for (a, l) in map.arguments.iter().zip(&labelled.labels) {
                    if *l == want {
                        let _ = writeln!(out, "  {} ({})", a.text, a.id());
                    }
                }
            }
            if !map.not_read.is_empty() {
                let _ = writeln!(out, "\nNot read (no place in an abstract framework):");
                for n in &map.not_read {
                    let _ = writeln!(out, "  {n}");
                }
            }
            Ok(out)
        }
        DebateFormat::Dot | DebateFormat::Svg | DebateFormat::Aif => Err(Failure::Input(
            "--from labels a map as text or json: --format dot, svg and aif draw the shipped debate".into(),
        )),
    }
}
