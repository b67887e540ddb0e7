//! Fidelity to the sources: an `explicit` value must be worded in a
//! quotation of its cited authority or in its own note; inferences imputed
//! by a commentator are marked as such; text that people read speaks of
//! documents by their titles, never of this project's working files; and
//! every quoted string in that text is verbatim in a source text.

use crate::authority::Authority;
use crate::error::DataError;
use crate::knowledge_base::KnowledgeBase;
use diligence_core::citation::Citation;
use diligence_core::profile::ProfileKind;
use diligence_core::Profile;
use serde_json::Value;
use std::path::Path;

/// Words that name this project's working files, not documents a reader can
/// look up. None may appear in text that people read.
pub const FORBIDDEN: [&str; 6] = [
    "seed",
    "seeds",
    "primer",
    "positions-notes",
    "the spec's example",
    "this repository",
];

/// The first forbidden word in `text`, matched as a whole word and ignoring
/// case.
pub fn forbidden_in(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    FORBIDDEN.into_iter().find(|w| {
        lower.match_indices(w).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + w.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
        })
    })
}

/// The text fields people read, by field name, wherever they occur.
const READ_FIELDS: [&str; 13] = [
    "name",
    "title",
    "summary",
    "note",
    "reason",
    "missing",
    "claim",
    "editorial",
    "description",
    "notes",
    "catalogue",
    "author",
    "body",
];

/// Every people-facing string of the knowledge base, with the data file it
/// is in and what it is (`summary`, `obligations.x.note`, ...).
pub fn read_texts(kb: &KnowledgeBase) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut walk = |file: &str, value: Value| {
        collect(&value, "", &mut |path, text| {
            out.push((file.to_string(), path.to_string(), text.to_string()));
        });
    };
    for a in &kb.authorities {
        walk(
            &format!("authorities/ ({})", a.id),
            serde_json::to_value(a).unwrap_or(Value::Null),
        );
    }
    for p in &kb.profiles {
        let file = kb.profile_file(&p.id).map_or("profiles/", |(f, _)| f);
        walk(file, serde_json::to_value(p).unwrap_or(Value::Null));
    }
    for arg in &kb.debate.arguments {
        walk(
            &format!("debate/ ({})", arg.id),
            serde_json::to_value(arg).unwrap_or(Value::Null),
        );
    }
    for aud in &kb.debate.audiences {
        walk(
            &format!("debate/audiences/ ({})", aud.id),
            serde_json::to_value(aud).unwrap_or(Value::Null),
        );
    }
    for s in &kb.scenarios {
        out.push((s.file.clone(), "title".into(), s.scenario.title.clone()));
        if let Some(n) = &s.scenario.notes {
            out.push((s.file.clone(), "notes".into(), n.clone()));
        }
        if let Some(c) = &s.scenario.catalogue {
            out.push((s.file.clone(), "catalogue".into(), c.clone()));
        }
    }
    out
}

fn collect(v: &Value, path: &str, f: &mut impl FnMut(&str, &str)) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let here = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match v {
                    Value::String(s) if READ_FIELDS.contains(&k.as_str()) => f(&here, s),
                    _ => collect(v, &here, f),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect(v, &format!("{path}[{i}]"), f);
            }
        }
        _ => {}
    }
}

/// Every people-facing string that names a working file instead of a
/// document.
pub fn forbidden_words(kb: &KnowledgeBase) -> Vec<DataError> {
    read_texts(kb)
        .into_iter()
        .filter_map(|(file, what, text)| {
            forbidden_in(&text).map(|w| DataError {
                file,
                position: None,
                message: format!(
                    "{what}: people read this text, and it says \"{w}\"; name the document by \
                     its title and author instead"
                ),
            })
        })
        .collect()
}

/// The words any one of which must appear where a source states `value` of
/// `parameter` (lower case; a value is worded when one alternative is found).
fn wording(parameter: &str, value: &str) -> Option<&'static [&'static str]> {
    const BINDING: &[&str] = &[
        "binding",
        "obligation",
        "obliged",
        "duty",
        "must",
        "required",
        "general principle",
        "bound",
    ];
    const VOLUNTARY: &[&str] = &["voluntary", "non-binding", "norm"];
    const CONSTRUCTIVE: &[&str] = &[
        "should have known",
        "should be aware",
        "should have been aware",
        "ought to have known",
        "should know",
        "constructive",
    ];
    const ACTUAL: &[&str] = &["knowingly", "knows", "knew", "knowledge", "aware"];
    let words: &'static [&'static str] = match (parameter, value) {
        ("basis", "corfu_channel") => &["corfu"],
        ("basis", "no_harm") => &["harm", "trail smelter"],
        ("basis", "both") => &["corfu channel and", "both"],
        ("basis", "neither") => &["neither", "voluntary", "norm", "not identified"],
        ("legal_status", "binding") | ("binding", "true") => BINDING,
        ("legal_status", "voluntary_norm") | ("binding", "false") => VOLUNTARY,
        ("legal_status", "emerging") => &["emerging", "crystallis", "crystalliz", "develop"],
        ("legal_status", "ambiguous") => &["ambiguous", "unclear", "ambigu"],
        ("domains", "cyber") => &["cyber", "ict", "information and communication"],
        ("domains", "all") => &["all", "any", "every"],
        ("domains", "environment") => &["environment", "hazardous", "transboundary harm"],
        ("covers_transit", "true") => &["transit", "through"],
        ("covers_controlled_infrastructure", "true") => &["control"],
        ("requires_contrary_to_rights", "true") => &["right"],
        ("requires_contrary_to_rights", "false") => &["harm", "damage", "injur"],
        ("harm_threshold" | "harm", "none") => &["any", "no threshold"],
        ("harm_threshold" | "harm", "minor") => &["minor", "any"],
        ("harm_threshold" | "harm", "significant") => &["significant"],
        ("harm_threshold" | "harm", "serious") => &["serious"],
        ("knowledge_standard" | "knowledge", "constructive") => CONSTRUCTIVE,
        ("knowledge_standard" | "knowledge", "notified") => {
            &["notif", "inform", "request", "alert"]
        }
        ("knowledge_standard" | "knowledge", "actual") => ACTUAL,
        ("conduct" | "scope_of_conduct", "prevent") => &["prevent"],
        ("conduct" | "scope_of_conduct", "stop") => &[
            "put an end",
            "terminat",
            "stop",
            "cease",
            "mitigat",
            "halt",
            "end ",
        ],
        ("conduct" | "scope_of_conduct", "redress") => {
            &["redress", "remed", "repair", "reparation", "compensat"]
        }
        ("countermeasures", "true") => &["countermeasure"],
        ("countermeasures", "false") => &["no countermeasure", "voluntary", "non-binding"],
        ("domains", _) => return Some(&[]),
        _ => return None,
    };
    Some(words)
}

/// The values a coded value states, as words of the wording table: one per
/// element of a list, `true`/`false` for a flag.
fn value_words(v: &Value) -> Vec<String> {
    match v {
        Value::Bool(b) => vec![b.to_string()],
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(value_words).collect(),
        _ => Vec::new(),
    }
}

/// Every coded value of a profile as JSON: (where, parameter, the coded
/// object with value, provenance, cite, note).
fn coded(p: &Profile) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    let v = serde_json::to_value(p).unwrap_or(Value::Null);
    let mut push = |path: String, param: &str, c: &Value| {
        if c.get("provenance").is_some() {
            out.push((path, param.to_string(), c.clone()));
        }
    };
    push("basis".into(), "basis", &v["basis"]);
    if let Some(answers) = v["answers"].as_object() {
        for (k, c) in answers {
            push(format!("answers.{k}"), k, c);
        }
    }
    if let Some(obs) = v["obligations"].as_array() {
        for ob in obs {
            let id = ob["id"].as_str().unwrap_or("?");
            if let Some(map) = ob.as_object() {
                for (k, c) in map {
                    push(format!("obligations.{id}.{k}"), k, c);
                }
            }
        }
    }
    out
}

/// Explicit values whose wording is in no quotation of a cited authority
/// nor in their note; commentators' imputations on explicit values; and
/// `domains = all` in a State's or organisation's position without the
/// imputation that gives it.
pub fn provenance_errors(kb: &KnowledgeBase, p: &Profile) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    let known = |id: &str| kb.authorities.iter().any(|a| a.id == id);
    for (what, param, c) in coded(p) {
        let explicit = c["provenance"] == "explicit";
        let imputed: Option<Citation> = serde_json::from_value(c["imputed_by"].clone()).ok();
        if let Some(by) = &imputed {
            if explicit {
                errors.push((
                    what.clone(),
                    format!(
                        "{what}: `imputed_by` marks an imputation, so the value must be `inferred`"
                    ),
                ));
            }
            if !known(&by.authority) {
                errors.push((
                    what.clone(),
                    format!(
                        "{what}: imputed_by: unknown authority id `{}`",
                        by.authority
                    ),
                ));
            }
            if by.pinpoint.as_deref().is_none_or(|s| s.trim().is_empty()) {
                errors.push((what.clone(), format!("{what}: imputed_by needs a pinpoint")));
            }
        }
        if param == "domains"
            && c["value"] == "all"
            && p.kind != ProfileKind::Doctrine
            && imputed.is_none()
        {
            errors.push((
                what.clone(),
                format!(
                    "{what}: a State's or organisation's statement that addresses cyberspace does \
                     not itself reach every activity: code `domains = \"all\"` as `inferred` with \
                     `imputed_by` citing the commentator who imputes that reach"
                ),
            ));
        }
        if !explicit {
            continue;
        }
        let mut hay = c["note"].as_str().unwrap_or("").to_lowercase();
        let cites: Vec<Citation> = serde_json::from_value(c["cite"].clone()).unwrap_or_default();
        for cite in &cites {
            if let Some(a) = kb.authority(&cite.authority) {
                for q in &a.quotes {
                    hay.push(' ');
                    hay.push_str(&q.text.to_lowercase());
                }
            }
        }
        for v in value_words(&c["value"]) {
            let Some(words) = wording(&param, &v) else {
                continue;
            };
            if !words.iter().any(|w| hay.contains(w)) {
                let expected = if words.is_empty() {
                    format!("\"{v}\"")
                } else {
                    words
                        .iter()
                        .map(|w| format!("\"{}\"", w.trim()))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                errors.push((
                    what.clone(),
                    format!(
                        "{what}: `{v}` is marked explicit, but no quotation of the cited \
                         authorities and no `note` words it (expected one of {expected}); quote \
                         the source in the note, or mark the value `inferred` with a reason"
                    ),
                ));
            }
        }
    }
    errors
}

/// The provenance errors of every profile, at their place in the file.
pub fn provenance(kb: &KnowledgeBase) -> Vec<DataError> {
    let mut out = Vec::new();
    for p in &kb.profiles {
        let (file, text) = kb.profile_file(&p.id).unwrap_or(("profiles/", ""));
        for (what, message) in provenance_errors(kb, p) {
            out.push(DataError {
                file: file.to_string(),
                position: locate(text, &what),
                message,
            });
        }
    }
    out
}

/// Where the table of coded value `what` (`basis`, `answers.knowledge`,
/// `obligations.<id>.<parameter>`) starts in a profile's TOML text.
fn locate(text: &str, what: &str) -> Option<crate::source::Position> {
    let parts: Vec<&str> = what.split('.').collect();
    let offset = match parts.as_slice() {
        ["obligations", id, param] => {
            let start = text.find(&format!("id = \"{id}\""))?;
            start + text[start..].find(&format!("[obligations.{param}]"))?
        }
        _ => text.find(&format!("[{what}]"))?,
    };
    Some(crate::source::position(text, offset))
}

/// The source texts quotations are checked against.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// (document title, full text).
    pub texts: Vec<(String, String)>,
}

impl Sources {
    /// Reads the source texts from `dir`: the two articles in `seeds/` and
    /// the report of State positions in `domain/positions-notes.md`.
    pub fn load(dir: &Path) -> std::io::Result<Sources> {
        let mut texts = Vec::new();
        let mut seeds: Vec<_> = std::fs::read_dir(dir.join("seeds"))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        seeds.sort();
        for path in seeds {
            let text = std::fs::read_to_string(&path)?;
            let title = text.lines().next().unwrap_or("").trim().to_string();
            texts.push((title, text));
        }
        let notes = dir.join("domain").join("positions-notes.md");
        if notes.exists() {
            texts.push((
                "the report of State positions".to_string(),
                std::fs::read_to_string(notes)?,
            ));
        }
        if texts.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no source texts in {}", dir.display()),
            ));
        }
        Ok(Sources { texts })
    }

    /// The folder holding the source texts: `$DILIGENCE_SHARED`, else the
    /// `shared` folder beside the repository (the parent of `repo`).
    pub fn default_dir(repo: &Path) -> std::path::PathBuf {
        std::env::var_os("DILIGENCE_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| repo.join("..").join("shared"))
    }

    /// Whether `quote` is verbatim in one of the texts (typographic quotes
    /// and apostrophes, and runs of white space, count as the same; an
    /// ellipsis or a bracketed insertion separates fragments, each of which
    /// must be verbatim).
    pub fn contains(&self, quote: &str) -> bool {
        let fragments: Vec<String> = split_fragments(quote)
            .into_iter()
            .map(|f| normalise(&f))
            .filter(|f| !f.is_empty())
            .collect();
        if fragments.is_empty() {
            return true;
        }
        self.texts.iter().any(|(_, t)| {
            let t = normalise(t);
            fragments.iter().all(|f| t.contains(f.as_str()))
        })
    }
}

fn split_fragments(quote: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0;
    let mut chars = quote.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                depth += 1;
                out.push(String::new());
            }
            ']' if depth > 0 => depth -= 1,
            '…' => out.push(String::new()),
            '.' if chars.peek() == Some(&'.') => {
                while chars.peek() == Some(&'.') {
                    chars.next();
                }
                out.push(String::new());
            }
            _ if depth > 0 => {}
            _ => out.last_mut().expect("never empty").push(c),
        }
    }
    out
}

fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '‘' | '’' | '`' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            space = false;
            out.push(c);
        }
    }
    out.trim_end_matches([' ', '.', ',', ';', ':'])
        .trim_start_matches(' ')
        .to_string()
}

/// The quoted strings of `text`: between double quotes (straight or
/// typographic) and between typographic single quotes; a straight single
/// quote opens a quotation only after a space or an opening bracket and
/// closes it only before a space or punctuation, so that apostrophes are
/// not taken for quotation marks.
pub fn quotations(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before = if i == 0 { ' ' } else { chars[i - 1] };
        let opens = match c {
            '“' => Some('”'),
            '"' => Some('"'),
            '‘' if !before.is_alphanumeric() => Some('’'),
            '\'' if before.is_whitespace() || before == '(' || i == 0 => Some('\''),
            _ => None,
        };
        let Some(close) = opens else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        let mut found = None;
        while j < chars.len() {
            let after = chars.get(j + 1).copied().unwrap_or(' ');
            let ends_word = !after.is_alphanumeric();
            if chars[j] == close && (close == '"' || close == '”' || ends_word) {
                found = Some(j);
                break;
            }
            j += 1;
        }
        match found {
            Some(j) => {
                let q: String = chars[i + 1..j].iter().collect();
                if q.split_whitespace().count() >= 2 || q.chars().count() > 12 {
                    out.push(q);
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Every quoted string in people-facing text that is not verbatim in any
/// source text. Quotations the authorities record (`quotes`) are checked
/// at their paragraph elsewhere; titles of documents in quotes must be
/// verbatim too, unless they are the title of a knowledge-base authority.
pub fn quotations_not_in_sources(kb: &KnowledgeBase, sources: &Sources) -> Vec<DataError> {
    let titles: Vec<String> = kb
        .authorities
        .iter()
        .map(|a: &Authority| normalise(&a.title))
        .collect();
    let mut out = Vec::new();
    for (file, what, text) in read_texts(kb) {
        for q in quotations(&text) {
            if titles.contains(&normalise(&q)) || sources.contains(&q) {
                continue;
            }
            out.push(DataError {
                file: file.clone(),
                position: None,
                message: format!(
                    "{what}: the quoted words \"{q}\" are not verbatim in any source text; quote \
                     exactly, or paraphrase without quotation marks"
                ),
            });
        }
    }
    out
}
