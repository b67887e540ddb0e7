//! `diligence assess`: reads a scenario file, evaluates it against the chosen
//! profiles and renders the results as a table, full traces, or the spec's
//! JSON.

use crate::cli::{AssessArgs, Format};
use crate::failure::{knowledge_base, unknown_profile, Failure};
use crate::output;
use diligence_core::outcome::assess_all;
use diligence_core::Profile;
use diligence_kb::{parse_scenario, CitationStyle, KnowledgeBase};

/// Runs `diligence assess`.
pub fn run(args: &AssessArgs, style: CitationStyle) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let (name, bytes) = read_input(&args.file)?;
    let scenario = parse_scenario(&name, &bytes)?;
    let profiles = select(kb, &args.profiles)?;
    let report = assess_all(&profiles, &scenario.facts, args.decisive);
    Ok(match args.format {
        Format::Json => output::assessment_json(&scenario, &report),
        Format::Text if args.explain => {
            output::assessment_traces(kb, style, &scenario, &profiles, &report)
        }
        Format::Text => output::assessment_table(&scenario, &profiles, &report),
    })
}

/// Reads the scenario file, or standard input for `-`.
pub fn read_input(path: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| {
            Failure::Input(format!(
                "cannot read standard input: {}",
                output::io_reason(&e)
            ))
        })?;
        return Ok(("<stdin>".to_string(), bytes));
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::Input(format!(
            "cannot read scenario file `{name}`: {}",
            output::io_reason(&e)
        ))
    })?;
    Ok((name, bytes))
}

/// The profiles named with `--profile`, in the knowledge base's order, or
/// every profile when none is named.
pub fn select<'a>(kb: &'a KnowledgeBase, ids: &[String]) -> Result<Vec<&'a Profile>, Failure> {
    if let Some(bad) = ids.iter().find(|id| kb.profile(id).is_none()) {
        return Err(unknown_profile(bad, kb));
    }
    Ok(kb
        .profiles
        .iter()
        .filter(|p| ids.is_empty() || ids.contains(&p.id))
        .collect())
}
