//! The authorities in the formats reference managers import: CSL-JSON
//! (Zotero, Mendeley, pandoc), BibTeX with biblatex's entry types, and RIS
//! (EndNote, Zotero, Citavi).
//!
//! Only what the knowledge base records is written: a field that is not
//! known is left out, never filled in. The form of a work of scholarship
//! (article, book, chapter, blog post) is not recorded, nor whether an
//! instrument is a treaty or draft articles, so these are written as generic
//! documents (`document`, `@misc`; RIS `GEN`, and `LEGAL` for an
//! instrument); a State's statement is a government document in RIS
//! (`GOVDOC`); an editors' description
//! standing in for a title is written in square brackets, as catalogues
//! mark a supplied title; people are named as the data names them (CSL's
//! `literal` names, never split into given and family names here); and the
//! full citation in OSCOLA style goes in the note of every entry.

use diligence_kb::authority::{Authority, AuthorityKind};
use serde_json::{json, Value};
use std::fmt::Write;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSL-JSON: an array of CSL items.
    CslJson,
    /// BibTeX, with biblatex's entry types.
    Bibtex,
    /// RIS.
    Ris,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::CslJson, Format::Bibtex, Format::Ris];

    /// Its name on the command line and in the API (`csl-json`, `bibtex`,
    /// `ris`).
    pub fn name(self) -> &'static str {
        match self {
            Format::CslJson => "csl-json",
            Format::Bibtex => "bibtex",
            Format::Ris => "ris",
        }
    }

    /// The format named so.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Its media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::CslJson => "application/vnd.citationstyles.csl+json",
            Format::Bibtex => "application/x-bibtex; charset=utf-8",
            Format::Ris => "application/x-research-info-systems; charset=utf-8",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::CslJson => "json",
            Format::Bibtex => "bib",
            Format::Ris => "ris",
        }
    }
}

/// The authorities written in `format`.
pub fn write(format: Format, authorities: &[&Authority]) -> String {
    match format {
        Format::CslJson => crate::json::to_pretty(&csl_json(authorities)),
        Format::Bibtex => bibtex(authorities),
        Format::Ris => ris(authorities),
    }
}

/// The title, an editors' description in square brackets.
fn title(a: &Authority) -> String {
    if a.descriptive_title {
        format!("[{}]", a.title)
    } else {
        a.title.clone()
    }
}

/// The people or body responsible: the authors (split where the data joins
/// them with "and"), else the body for anything but a judgment or award
/// (whose body is the court, not an author).
fn creators(a: &Authority) -> Vec<String> {
    if let Some(author) = &a.author {
        return author.split(" and ").map(|s| s.trim().to_owned()).collect();
    }
    match (a.kind, &a.body) {
        (AuthorityKind::Case | AuthorityKind::Arbitration, _) | (_, None) => Vec::new(),
        (_, Some(body)) => vec![body.clone()],
    }
}

/// The date's parts as the data gives them (year, month, day).
fn date_parts(a: &Authority) -> Option<Vec<u32>> {
    if let Some(date) = &a.date {
        let parts: Option<Vec<u32>> = date.split('-').map(|p| p.parse().ok()).collect();
        if let Some(p) = parts.filter(|p| !p.is_empty() && p.len() <= 3) {
            return Some(p);
        }
    }
    a.year.map(|y| vec![u32::from(y)])
}

/// The CSL-JSON items.
pub fn csl_json(authorities: &[&Authority]) -> Value {
    let items: Vec<Value> = authorities
        .iter()
        .map(|a| {
            let kind = match a.kind {
                AuthorityKind::Case | AuthorityKind::Arbitration => "legal_case",
                AuthorityKind::Report => "report",
                AuthorityKind::Instrument
                | AuthorityKind::Scholarship
                | AuthorityKind::Position => "document",
            };
            let mut item = json!({"id": a.id, "type": kind, "title": title(a),
                "note": a.citation_in(diligence_kb::CitationStyle::Oscola, None)});
            let names: Vec<Value> = creators(a)
                .into_iter()
                .map(|n| json!({"literal": n}))
                .collect();
            if !names.is_empty() {
                item["author"] = json!(names);
            }
            if let Some(parts) = date_parts(a) {
                item["issued"] = json!({"date-parts": [parts]});
            }
            if matches!(a.kind, AuthorityKind::Case | AuthorityKind::Arbitration) {
                if let Some(court) = &a.body {
                    item["authority"] = json!(court);
                }
                if let Some(report) = &a.published_in {
                    item["container-title"] = json!(report);
                }
            }
            item
        })
        .collect();
    Value::Array(items)
}

/// Escapes the characters (La)TeX treats specially.
fn tex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

/// The BibTeX entries (biblatex types: `jurisdiction`, `report`, `misc`).
pub fn bibtex(authorities: &[&Authority]) -> String {
    let mut out = String::new();
    for a in authorities {
        let kind = match a.kind {
            AuthorityKind::Case | AuthorityKind::Arbitration => "jurisdiction",
            AuthorityKind::Report => "report",
            AuthorityKind::Instrument | AuthorityKind::Scholarship | AuthorityKind::Position => {
                "misc"
            }
        };
        let mut fields: Vec<(&str, String)> = vec![("title", format!("{{{}}}", tex(&title(a))))];
        let people = creators(a);
        if !people.is_empty() {
            // A body is one name: braced so that it is not split.
            let written = if a.author.is_some() {
                people
                    .iter()
                    .map(|p| tex(p))
                    .collect::<Vec<_>>()
                    .join(" and ")
            } else {
                format!("{{{}}}", tex(&people[0]))
            };
            fields.push(("author", written));
        }
        if let Some(parts) = date_parts(a) {
            let date = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if i == 0 {
                        format!("{p:04}")
                    } else {
                        format!("{p:02}")
                    }
                })
                .collect::<Vec<_>>()
                .join("-");
            fields.push(("date", date));
        }
        match a.kind {
            AuthorityKind::Case | AuthorityKind::Arbitration | AuthorityKind::Report => {
                if let Some(body) = &a.body {
                    fields.push(("institution", tex(body)));
                }
            }
            _ => {}
        }
        if a.kind == AuthorityKind::Report {
            fields.push(("type", "report".into()));
        }
        fields.push((
            "note",
            tex(&a.citation_in(diligence_kb::CitationStyle::Oscola, None)),
        ));
        let _ = writeln!(out, "@{kind}{{{},", a.id);
        for (k, v) in fields {
            let _ = writeln!(out, "  {k} = {{{v}}},");
        }
        out.push_str("}\n\n");
    }
    out
}

/// The RIS records.
pub fn ris(authorities: &[&Authority]) -> String {
    let mut out = String::new();
    for a in authorities {
        let kind = match a.kind {
            AuthorityKind::Case | AuthorityKind::Arbitration => "CASE",
            AuthorityKind::Instrument => "LEGAL",
            AuthorityKind::Report => "RPRT",
            AuthorityKind::Position => "GOVDOC",
            AuthorityKind::Scholarship => "GEN",
        };
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "TY  - {kind}");
        let _ = writeln!(out, "ID  - {}", a.id);
        let _ = writeln!(out, "TI  - {}", one_line(&title(a)));
        for p in creators(a) {
            let _ = writeln!(out, "AU  - {}", one_line(&p));
        }
        if let Some(parts) = date_parts(a) {
            let _ = writeln!(out, "PY  - {:04}", parts[0]);
            let mut da = format!("{:04}/", parts[0]);
            for p in &parts[1..] {
                let _ = write!(da, "{p:02}/");
            }
            while da.matches('/').count() < 3 {
                da.push('/');
            }
            let _ = writeln!(out, "DA  - {da}");
        }
        let _ = writeln!(
            out,
            "N1  - {}",
            one_line(&a.citation_in(diligence_kb::CitationStyle::Oscola, None))
        );
        out.push_str("ER  - \n\n");
    }
    out
}
