//! The browsing commands: `profiles`, `profile`, `authorities`, `examples`
//! and `check`; `authority` is in [`crate::authority`].

use crate::cli::{AuthoritiesArgs, CheckArgs, ExamplesArgs, Format, ProfileArgs, ProfilesArgs};
use crate::failure::{knowledge_base, unknown_profile, Failure};
use crate::output::{render_citation_in, table};
use diligence_core::citation::{Citation, Coded};
use diligence_core::Profile;
use diligence_kb::{words, CitationStyle, KnowledgeBase};
use std::fmt::Write;

/// A profile's name and the date of its text in words: `United States,
/// 2021`.
pub fn dated_name(kb: &KnowledgeBase, p: &Profile) -> String {
    format!("{}, {}", p.name, words::date(&kb.statement_date(p)))
}

/// `diligence profiles`.
pub fn profiles(args: &ProfilesArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    Ok(match args.format {
        Format::Json => diligence_report::json::to_pretty(&diligence_report::profiles::all(kb)),
        Format::Text => {
            let rows: Vec<Vec<String>> = kb
                .profiles
                .iter()
                .map(|p| {
                    let domains = p
                        .obligations
                        .iter()
                        .map(|o| words::domains(o.domains.value))
                        .collect::<Vec<_>>();
                    vec![
                        p.name.clone(),
                        words::date(&kb.statement_date(p)),
                        words::profile_kind(p.kind).to_string(),
                        words::legal_status(p.answers.legal_status.value).to_string(),
                        words::basis(p.basis.value).to_string(),
                        if domains.is_empty() {
                            "-".to_string()
                        } else {
                            domains.join(" / ")
                        },
                        p.id.clone(),
                    ]
                })
                .collect();
            let mut out = table(
                &[
                    "NAME",
                    "DATE",
                    "KIND",
                    "LEGAL STATUS",
                    "BASIS",
                    "ACTIVITIES",
                    "ID",
                ],
                &rows,
            );
            let _ = writeln!(
                out,
                "\n{} profiles; `diligence profile ID` shows one in full.",
                kb.profiles.len()
            );
            out
        }
    })
}

/// One coded value: its name and value in words, its provenance, and the
/// reason, imputation, note and citations under it.
fn coded_line(
    kb: &KnowledgeBase,
    style: CitationStyle,
    out: &mut String,
    indent: &str,
    label: &str,
    value: &str,
    c: &Coded<impl Sized>,
) {
    let _ = writeln!(
        out,
        "{indent}{label:<41} {value} [{}]",
        words::provenance(c.provenance, c.imputed_by.is_some())
    );
    if let Some(r) = &c.reason {
        let _ = writeln!(out, "{indent}    why inferred: {r}");
    }
    if let Some(by) = &c.imputed_by {
        let _ = writeln!(
            out,
            "{indent}    imputed to the reading by: {}",
            render_citation_in(kb, by, style)
        );
    }
    if let Some(n) = &c.note {
        let _ = writeln!(out, "{indent}    note: {n}");
    }
    for cite in &c.cite {
        let _ = writeln!(out, "{indent}    {}", render_citation_in(kb, cite, style));
    }
}

/// The date of a position's statement and the same State's statements
/// before and after it.
fn statement_lines(kb: &KnowledgeBase, p: &Profile, out: &mut String) {
    if p.kind != diligence_core::profile::ProfileKind::Doctrine {
        let _ = writeln!(
            out,
            "Date of the statement: {}",
            words::date(&kb.statement_date(p))
        );
    }
    if let Some(l) = kb.later_statement(p) {
        let _ = writeln!(out, "Superseded by: {} ({})", dated_name(kb, l), l.id);
    }
    if let Some(e) = kb.earlier_statement(p) {
        let _ = writeln!(out, "Earlier statement: {} ({})", dated_name(kb, e), e.id);
    }
}

fn profile_text(kb: &KnowledgeBase, style: CitationStyle, p: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {})",
        p.name,
        words::profile_kind(p.kind),
        words::date(&kb.statement_date(p))
    );
    let _ = writeln!(out, "id: {}", p.id);
    if let Some(state) = &p.state {
        let _ = writeln!(out, "State: {state}");
    }
    if let Some(m) = p.members {
        let _ = writeln!(out, "Member States: {m}");
    }
    statement_lines(kb, p, &mut out);
    let _ = writeln!(out, "\n{}\n", p.summary.trim());
    let _ = writeln!(out, "Sources:");
    for c in &p.sources {
        let _ = writeln!(out, "    {}", render_citation_in(kb, c, style));
    }
    let mut quoted: Vec<&str> = Vec::new();
    for c in &p.sources {
        let Some(a) = kb.authority(&c.authority) else {
            continue;
        };
        // The source texts quote others; their own words are not shown here.
        let is_source_text = a.quotes.iter().all(|q| q.seed.authority() == a.id);
        if quoted.contains(&a.id.as_str()) || a.quotes.is_empty() || is_source_text {
            continue;
        }
        quoted.push(&a.id);
        if quoted.len() == 1 {
            let _ = writeln!(out, "\nQuotations:");
        }
        for q in &a.quotes {
            let _ = writeln!(out, "    “{}”", q.text);
            let _ = writeln!(
                out,
                "        {} ({})",
                a.citation_in(style, q.pinpoint.as_deref()),
                kb.quoted_in(q)
            );
        }
    }
    let ans = &p.answers;
    let _ = writeln!(out, "\nBasis and answers to the four open questions:");
    coded_line(
        kb,
        style,
        &mut out,
        "  ",
        "Basis",
        words::basis(p.basis.value),
        &p.basis,
    );
    coded_line(
        kb,
        style,
        &mut out,
        "  ",
        "Legal status",
        words::legal_status(ans.legal_status.value),
        &ans.legal_status,
    );
    coded_line(
        kb,
        style,
        &mut out,
        "  ",
        "Conduct required",
        &words::conduct_answer(ans.scope_of_conduct.value),
        &ans.scope_of_conduct,
    );
    coded_line(
        kb,
        style,
        &mut out,
        "  ",
        "Knowledge",
        &words::knowledge_answer(ans.knowledge.value),
        &ans.knowledge,
    );
    coded_line(
        kb,
        style,
        &mut out,
        "  ",
        "Harm threshold",
        &words::harm_answer(ans.harm_threshold.value),
        &ans.harm_threshold,
    );
    if !p.classifications.is_empty() {
        let _ = writeln!(out, "\nHow observers classify it:");
        for c in &p.classifications {
            let by = render_citation_in(
                kb,
                &Citation {
                    authority: c.by.clone(),
                    pinpoint: c.pinpoint.clone(),
                },
                style,
            );
            let date = c
                .date
                .as_deref()
                .map(|d| format!(" ({})", words::date(d)))
                .unwrap_or_default();
            let _ = writeln!(out, "  {}{date}: {}", words::legal_status(c.status), by);
            if let Some(n) = &c.note {
                let _ = writeln!(out, "      {n}");
            }
        }
    }
    if p.obligations.is_empty() {
        let _ = writeln!(
            out,
            "\nObligations: none (no general obligation of due diligence)."
        );
    }
    for o in &p.obligations {
        let _ = writeln!(out, "\nObligation: {} ({})", o.title, o.id);
        for param in o.parameters() {
            coded_line(
                kb,
                style,
                &mut out,
                "  ",
                param.parameter.label(),
                &param.value.words(param.parameter),
                &param.coded(),
            );
        }
    }
    out
}

/// `diligence profile ID`.
pub fn profile(args: &ProfileArgs, style: CitationStyle) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let p = kb
        .profile(&args.id)
        .ok_or_else(|| unknown_profile(&args.id, kb))?;
    Ok(match args.format {
        Format::Json => diligence_report::json::to_pretty(
            &diligence_report::profiles::CitedProfileView::of(kb, p),
        ),
        Format::Text => profile_text(kb, style, p),
    })
}

/// `diligence authorities`.
pub fn authorities(args: &AuthoritiesArgs, style: CitationStyle) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let words: Vec<String> = args
        .search
        .iter()
        .flat_map(|w| w.split_whitespace().map(str::to_string))
        .collect();
    let found = kb.search(&words);
    use crate::cli::AuthoritiesFormat as F;
    use diligence_report::bibliography::{write, Format as Bib};
    Ok(match args.format {
        F::CslJson => write(Bib::CslJson, &found),
        F::Bibtex => write(Bib::Bibtex, &found),
        F::Ris => write(Bib::Ris, &found),
        F::Json => diligence_report::json::to_pretty(
            &found
                .iter()
                .map(|a| diligence_report::authorities::AuthorityView::of(a))
                .collect::<Vec<_>>(),
        ),
        F::Text => {
            if found.is_empty() {
                return Ok(format!("no authority matches `{}`\n", words.join(" ")));
            }
            let mut out = String::new();
            for a in &found {
                let _ = writeln!(out, "{}", a.citation_in(style, None));
                let _ = writeln!(out, "    {} · {}", a.kind.words(), a.id);
            }
            let _ = writeln!(
                out,
                "\n{} of {} authorities; `diligence authority ID` shows one in full.",
                found.len(),
                kb.authorities.len()
            );
            out
        }
    })
}

/// `diligence examples [NAME]`.
pub fn examples(args: &ExamplesArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    match &args.name {
        Some(name) => kb.scenario(name).map(|s| s.text.clone()).ok_or_else(|| {
            let names: Vec<&str> = kb.scenarios.iter().map(|s| s.name.as_str()).collect();
            Failure::Input(format!(
                "unknown example `{name}`\n  examples: {}",
                names.join(", ")
            ))
        }),
        None => {
            let rows: Vec<Vec<String>> = kb
                .scenarios
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        s.scenario
                            .facts
                            .written(diligence_core::Fact::Domain)
                            .to_string(),
                        s.scenario.title.clone(),
                    ]
                })
                .collect();
            let mut out = table(&["NAME", "DOMAIN", "TITLE"], &rows);
            let _ = writeln!(out, "\n`diligence examples NAME > file.toml` writes one out; `diligence assess file.toml` assesses it.");
            Ok(out)
        }
    }
}

/// Checks every quoted string of people-facing text against the source
/// texts; a line saying what was checked, or why nothing was.
fn check_quotations(kb: &KnowledgeBase, dir: Option<&std::path::Path>) -> Result<String, Failure> {
    use diligence_kb::fidelity::{quotations_not_in_sources, Sources};
    let sources = match dir {
        Some(dir) => Sources::load(dir).map_err(|e| {
            Failure::Input(format!(
                "--sources {}: cannot read the source texts ({e}); the folder must hold \
                 seeds/*.txt",
                dir.display()
            ))
        })?,
        None => {
            let candidates = [
                std::env::var_os("DILIGENCE_SHARED").map(std::path::PathBuf::from),
                Some(std::path::PathBuf::from("../shared")),
                Some(Sources::default_dir(&std::path::PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../.."
                )))),
            ];
            match candidates
                .into_iter()
                .flatten()
                .find_map(|d| Sources::load(&d).ok())
            {
                Some(s) => s,
                None => {
                    return Ok(
                        "quotations not checked against the source texts: none found \
                               (pass --sources DIR)"
                            .to_string(),
                    )
                }
            }
        }
    };
    let errors = quotations_not_in_sources(kb, &sources);
    if !errors.is_empty() {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        return Err(Failure::Input(format!(
            "{} quotations are not verbatim in the source texts:\n{}",
            errors.len(),
            list.join("\n")
        )));
    }
    let count: usize = diligence_kb::fidelity::read_texts(kb)
        .iter()
        .map(|(_, _, t)| diligence_kb::fidelity::quotations(t).len())
        .sum();
    Ok(format!(
        "every quoted string of the text people read ({count}) is verbatim in the {} source texts",
        sources.texts.len()
    ))
}

/// `diligence check`.
pub fn check(args: &CheckArgs) -> Result<String, Failure> {
    let result = match &args.data {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(Failure::Input(format!(
                    "`{}` is not a directory",
                    dir.display()
                )));
            }
            KnowledgeBase::from_dir(dir)
        }
        None => KnowledgeBase::from_files(diligence_kb::knowledge_base::embedded_files()),
    };
    let kb = match result {
        Ok(kb) => kb,
        Err(errors) => {
            let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            return Err(Failure::Input(format!(
                "{} problems in the data:\n{}",
                errors.len(),
                list.join("\n")
            )));
        }
    };
    let mismatches = diligence_kb::check::expectations(&kb);
    if !mismatches.is_empty() {
        return Err(Failure::Input(format!(
            "{} example expectations do not hold:\n{}",
            mismatches.len(),
            mismatches
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )));
    }
    let off_map: Vec<String> = kb
        .memberships
        .iter()
        .flat_map(|m| {
            diligence_server::assets::missing_from_map(m)
                .into_iter()
                .map(move |x| format!("{}: member {x} is not on the world map", m.file))
        })
        .collect();
    if !off_map.is_empty() {
        return Err(Failure::Input(format!(
            "{} problems in the data:\n{}",
            off_map.len(),
            off_map.join("\n")
        )));
    }
    let quotations = check_quotations(&kb, args.sources.as_deref())?;
    let params: usize = kb
        .profiles
        .iter()
        .map(|p| p.obligations.len() * 9 + 5)
        .sum();
    let expectations: usize = kb.scenarios.iter().map(|s| s.scenario.expected.len()).sum();
    Ok(format!(
        "ok: {} authorities, {} profiles ({} coded values, each cited; every explicit one worded by its source), {} example scenarios ({} expected statuses hold), {} debate arguments, {} audiences, {} member States of {} organisation(s), each on the map\n{quotations}\n",
        kb.authorities.len(),
        kb.profiles.len(),
        params,
        kb.scenarios.len(),
        expectations,
        kb.debate.arguments.len(),
        kb.debate.audiences.len(),
        kb.memberships.iter().map(|m| m.members.len()).sum::<usize>(),
        kb.memberships.len(),
    ))
}

/// `diligence export --format datapackage DIR` (or `--zip FILE`).
pub fn export(args: &crate::cli::ExportArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let version = env!("CARGO_PKG_VERSION");
    // One format so far: a data package.
    let crate::cli::ExportFormat::Datapackage = args.format;
    if let Some(path) = &args.zip {
        let bytes = diligence_report::datapackage::zip(kb, version).map_err(Failure::Internal)?;
        std::fs::write(path, &bytes)
            .map_err(|e| Failure::Input(format!("cannot write `{}`: {e}", path.display())))?;
        return Ok(format!(
            "wrote the data package (version {version}) into {} ({} bytes)\n",
            path.display(),
            bytes.len()
        ));
    }
    let Some(dir) = &args.dir else {
        return Err(Failure::Input("give a directory, or --zip FILE".into()));
    };
    let files = diligence_report::datapackage::files(kb, version).map_err(Failure::Internal)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Input(format!("cannot create `{}`: {e}", dir.display())))?;
    let mut out = format!(
        "wrote the data package (version {version}) into {}:\n",
        dir.display()
    );
    for (name, bytes) in &files {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| Failure::Input(format!("cannot write `{}`: {e}", path.display())))?;
        let rows = if name.ends_with(".csv") {
            format!(
                ", {} rows",
                csv::Reader::from_reader(bytes.as_slice()).records().count()
            )
        } else {
            String::new()
        };
        let _ = writeln!(out, "  {name}{rows}");
    }
    Ok(out)
}
