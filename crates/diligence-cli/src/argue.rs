//! The argumentation commands: `argue` (the ICCMA 2023 solver interface) and
//! `debate` (the debate over a general obligation, labelled per audience and
//! rendered as text, JSON, dot or SVG).

use crate::assess::read_input;
use crate::cli::{ArgueArgs, DebateArgs, DebateFormat};
use crate::failure::{knowledge_base, Failure};
use crate::output::{json_string, render_citation};
use diligence_argue::{iccma, Label, Semantics};
use diligence_kb::debate::{Audience, Camp, Value};
use diligence_kb::KnowledgeBase;
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
                                let _ = writeln!(out, "      {}", render_citation(kb, c));
                            }
                        }
                    }
                }
            }
            out
        }
    })
}
