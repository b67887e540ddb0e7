//! `diligence authority ID`: one authority in full — the entry, where the
//! document can be found, its quotations by the title of the document that
//! quotes them, and every coded value, source, classification and debate
//! argument that cites it.

use crate::browse::dated_name;
use crate::cli::{AuthorityArgs, Format};
use crate::failure::{knowledge_base, Failure};
use diligence_kb::references::CitingValue;
use diligence_kb::{words, Authority, CitationStyle, KnowledgeBase};
use std::fmt::Write;

/// An unknown authority id, with the closest known ids.
fn unknown_authority(id: &str, kb: &KnowledgeBase) -> Failure {
    let mut known: Vec<&str> = kb.authorities.iter().map(|a| a.id.as_str()).collect();
    known.sort_by(|a, b| strsim::jaro_winkler(id, b).total_cmp(&strsim::jaro_winkler(id, a)));
    let hint = known.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    Failure::Input(format!(
        "unknown authority `{id}`\n  closest ids: {hint}\n  see `diligence authorities` for every id"
    ))
}

/// `diligence authority ID`.
pub fn run(args: &AuthorityArgs, style: CitationStyle) -> Result<String, Failure> {
    let kb = knowledge_base()?;
    let a = kb
        .authority(&args.id)
        .ok_or_else(|| unknown_authority(&args.id, kb))?;
    Ok(match args.format {
        Format::Json => diligence_report::json::to_pretty(
            &diligence_report::authorities::Cited::of(kb, a).view(),
        ),
        Format::Text => text(kb, style, a),
    })
}

/// One line of the entry: a label and its value.
fn field(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "{:<18} {value}", format!("{label}:"));
}

fn text(kb: &KnowledgeBase, style: CitationStyle, a: &Authority) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", a.title);
    let _ = writeln!(out, "id: {}\n", a.id);
    field(&mut out, "Citation", &a.citation_in(style, None));
    field(&mut out, "Kind", a.kind.words());
    if a.descriptive_title {
        field(
            &mut out,
            "Title",
            "the editors' description; the document's own title is not given in the sources",
        );
    }
    if let Some(x) = &a.author {
        field(&mut out, "Author", x);
    }
    if let Some(x) = &a.body {
        field(&mut out, "Body", x);
    }
    if let Some(x) = &a.state {
        field(&mut out, "State", x);
    }
    let date = a
        .when()
        .map_or("not known".to_string(), |d| words::date(&d));
    field(&mut out, "Date", &date);
    field(
        &mut out,
        "Where to find it",
        &a.where_found()
            .unwrap_or_else(|| "not given in the sources".to_string()),
    );
    let known: Vec<String> = a
        .known_from
        .iter()
        .map(|k| kb.known_from_words(*k))
        .collect();
    field(&mut out, "Known from", &known.join("; "));
    let _ = writeln!(out, "\nSummary:\n    {}", a.summary.trim());
    if let Some(m) = &a.missing {
        let _ = writeln!(out, "\nNot known:\n    {m}");
    }
    if !a.quotes.is_empty() {
        let _ = writeln!(out, "\nQuotations:");
        for q in &a.quotes {
            let _ = writeln!(out, "    “{}”", q.text);
            let _ = writeln!(out, "        {}", kb.quotation_place(a, q));
        }
    }
    citing_text(kb, a, &mut out);
    out
}

/// What cites the authority: coded values grouped by profile and
/// obligation, the profiles' sources, classifications, debate arguments.
fn citing_text(kb: &KnowledgeBase, a: &Authority, out: &mut String) {
    let values = kb.citing_values(&a.id);
    if values.is_empty() {
        let _ = writeln!(out, "\nNo coded value of a profile cites it.");
    } else {
        let _ = writeln!(out, "\nCodings that cite it ({}):", values.len());
        let mut last: Option<(&str, Option<&str>)> = None;
        for v in &values {
            let here = (v.profile.id.as_str(), v.obligation.map(|o| o.id.as_str()));
            if last.map(|l| l.0) != Some(here.0) {
                let _ = writeln!(out, "  {} ({})", dated_name(kb, v.profile), v.profile.id);
            }
            if last != Some(here) {
                match v.obligation {
                    Some(o) => {
                        let _ = writeln!(out, "    Obligation: {}", o.title);
                    }
                    None => {
                        let _ = writeln!(out, "    Answers to the open questions:");
                    }
                }
            }
            last = Some(here);
            let _ = writeln!(out, "      {}", value_line(v));
        }
    }
    let sourcing = kb.profiles_sourcing(&a.id);
    if !sourcing.is_empty() {
        let _ = writeln!(out, "\nProfiles that code it as a source:");
        for (p, pin) in sourcing {
            let pin = pin.map(|x| format!(", {x}")).unwrap_or_default();
            let _ = writeln!(out, "  {} ({}){pin}", dated_name(kb, p), p.id);
        }
    }
    let classifications = kb.classifications_by(&a.id);
    if !classifications.is_empty() {
        let _ = writeln!(out, "\nHow it classifies positions:");
        for (p, c) in classifications {
            let date = c
                .date
                .as_deref()
                .map(|d| format!(" ({})", words::date(d)))
                .unwrap_or_default();
            let pin = c
                .pinpoint
                .as_deref()
                .map(|x| format!(", {x}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}: {}{date}{pin}",
                dated_name(kb, p),
                words::legal_status(c.status)
            );
        }
    }
    let arguments = kb.arguments_citing(&a.id);
    if arguments.is_empty() {
        let _ = writeln!(out, "\nNo argument of the debate cites it.");
    } else {
        let _ = writeln!(
            out,
            "\nDebate arguments that cite it ({}):",
            arguments.len()
        );
        for (arg, pin) in arguments {
            let pin = pin.map(|x| format!(" ({x})")).unwrap_or_default();
            let _ = writeln!(out, "  {}{pin}", arg.claim.trim());
            let _ = writeln!(out, "      {}; id: {}", words::camp(arg.camp), arg.id);
            if let Some(e) = &arg.editorial {
                let _ = writeln!(out, "      {}", words::editorial(e));
            }
        }
    }
}

/// One citing value: `Knowledge standard: actually knew [explicit], p. 22`.
fn value_line(v: &CitingValue<'_>) -> String {
    let pin = v.pinpoint.map(|p| format!(", {p}")).unwrap_or_default();
    let imputed = if v.imputation {
        "; this authority imputes the value to the reading"
    } else {
        ""
    };
    format!(
        "{}: {} [{}{imputed}]{pin}",
        v.label,
        v.value,
        words::provenance(v.provenance, v.imputed)
    )
}
