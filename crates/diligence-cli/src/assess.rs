//! `diligence assess`: reads a scenario file, evaluates it against the chosen
//! profiles and renders the results as a table, full traces, or the spec's
//! JSON.

use crate::cli::{AssessArgs, Format};
use crate::failure::{knowledge_base, unknown_profile, Failure};
use crate::output;
use diligence_core::{assess, Assessment, Profile};
use diligence_kb::{parse_scenario, KnowledgeBase};

/// Runs `diligence assess`.
pub fn run(args: &AssessArgs) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|e| {
        Failure::Input(format!(
            "cannot read scenario file `{name}`: {}",
            output::io_reason(&e)
        ))
    })?;
    let scenario = parse_scenario(&name, &bytes)?;
    let profiles = select(kb, &args.profiles)?;
    let results: Vec<Assessment> = profiles
        .iter()
        .map(|p| assess(p, &scenario.facts))
        .collect();
    Ok(match args.format {
        Format::Json => output::assessment_json(&scenario, &results),
        Format::Text if args.explain => {
            output::assessment_traces(kb, &scenario, &profiles, &results)
        }
        Format::Text => output::assessment_table(kb, &scenario, &profiles, &results),
    })
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
