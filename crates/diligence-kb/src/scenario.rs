//! The scenario file of spec section 1: parsed from TOML with every value's
//! position kept, so that each error names the file, line, column, field,
//! bad value and allowed values. Nothing is assessed from a file with an
//! error.

use crate::error::InputError;
use diligence_core::citation::Citation;
use diligence_core::facts::{self, *};
use diligence_core::Status;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The top-level fields of a scenario file.
pub const TOP_LEVEL_FIELDS: &[&str] = &[
    "title",
    "notes",
    "catalogue",
    "facts",
    "sources",
    "expected",
];

/// A parsed scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// Its title.
    pub title: String,
    /// Free-text notes.
    pub notes: Option<String>,
    /// The entry of the beyond-cyber catalogue this situation illustrates.
    pub catalogue: Option<String>,
    /// The facts.
    pub facts: Facts,
    /// Where the situation comes from.
    pub sources: Vec<Citation>,
    /// The status each named profile must give, with the line it is on.
    pub expected: Vec<Expectation>,
}

/// One expected status of an example scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The profile id.
    pub profile: String,
    /// The status it must give.
    pub status: Status,
    /// The 1-based line of the expectation in the file.
    pub line: usize,
}

/// Parses a scenario file's bytes; `file` is the name used in errors.
pub fn parse_scenario(file: &str, bytes: &[u8]) -> Result<Scenario, InputError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(valid).into_owned();
            let at = text.len();
            return Err(InputError::at(file, &text, at..at, format!(
                "the file is not UTF-8 text (byte {} is not valid UTF-8); a scenario is a TOML text file",
                e.valid_up_to() + 1
            )));
        }
    };
    if let Some(nul) = text.find('\0') {
        return Err(InputError::at(
            file,
            text,
            nul..nul + 1,
            "the file contains binary data (a NUL byte); a scenario is a TOML text file",
        ));
    }
    if text.trim().is_empty() {
        return Err(InputError::at(
            file,
            text,
            0..0,
            "the file is empty; a scenario needs a `title` and a `[facts]` table",
        )
        .field("title"));
    }
    let parsed = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        InputError::at(
            file,
            text,
            span,
            format!("malformed TOML: {}", e.message().trim_end()),
        )
    })?;
    Reader { file, text }.scenario(parsed)
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
}

type Table<'i> = DeTable<'i>;

impl Reader<'_> {
    fn err(&self, span: Range<usize>, problem: impl Into<String>) -> InputError {
        InputError::at(self.file, self.text, span, problem)
    }

    fn raw(&self, span: &Range<usize>) -> String {
        self.text.get(span.clone()).unwrap_or("").trim().to_string()
    }

    fn scenario(&self, root: Spanned<Table<'_>>) -> Result<Scenario, InputError> {
        let root_span = root.span();
        let root = root.into_inner();
        self.unknown_keys(&root, "", TOP_LEVEL_FIELDS, "field")?;
        let title = match root.get("title") {
            Some(v) => self.string(v, "title")?,
            None => {
                return Err(self
                    .err(
                        0..0,
                        "missing required field; a scenario needs a `title` (free text)",
                    )
                    .field("title"))
            }
        };
        if title.trim().is_empty() {
            let span = root.get("title").map(|v| v.span()).unwrap_or(0..0);
            return Err(self.err(span, "the title is empty").field("title"));
        }
        let notes = root
            .get("notes")
            .map(|v| self.string(v, "notes"))
            .transpose()?;
        let catalogue = root
            .get("catalogue")
            .map(|v| self.string(v, "catalogue"))
            .transpose()?;
        let facts = match root.get("facts") {
            Some(v) => self.facts(v)?,
            None => {
                let end = root_span.end;
                return Err(self
                    .err(end..end, "missing required table `[facts]`")
                    .field("facts")
                    .allowed(facts::FACT_NAMES));
            }
        };
        let sources = match root.get("sources") {
            Some(v) => self.citations(v)?,
            None => Vec::new(),
        };
        let expected = match root.get("expected") {
            Some(v) => self.expected(v)?,
            None => Vec::new(),
        };
        Ok(Scenario {
            title,
            notes,
            catalogue,
            facts,
            sources,
            expected,
        })
    }

    fn unknown_keys(
        &self,
        table: &Table<'_>,
        prefix: &str,
        allowed: &[&str],
        what: &str,
    ) -> Result<(), InputError> {
        for key in table.keys() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                return Err(self
                    .err(key.span(), format!("unknown {what}"))
                    .field(format!("{prefix}{}", key.get_ref()))
                    .allowed(allowed));
            }
        }
        Ok(())
    }

    fn string(&self, v: &Spanned<DeValue<'_>>, field: &str) -> Result<String, InputError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            other => Err(self
                .err(
                    v.span(),
                    format!("must be a string, not {}", type_name(other)),
                )
                .field(field)
                .value(self.raw(&v.span()))),
        }
    }

    fn table<'t, 'i>(
        &self,
        v: &'t Spanned<DeValue<'i>>,
        field: &str,
    ) -> Result<&'t Table<'i>, InputError> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            other => Err(self
                .err(
                    v.span(),
                    format!("must be a table, not {}", type_name(other)),
                )
                .field(field)
                .value(self.raw(&v.span()))),
        }
    }

    fn facts(&self, v: &Spanned<DeValue<'_>>) -> Result<Facts, InputError> {
        let table = self.table(v, "facts")?;
        self.unknown_keys(table, "facts.", facts::FACT_NAMES, "fact")?;
        let span = v.span();
        let get = |name: &str| -> Result<&Spanned<DeValue<'_>>, InputError> {
            table.get(name).ok_or_else(|| {
                let allowed = facts::allowed_values(name).unwrap_or(&[]);
                self.err(
                    span.start..span.start,
                    "missing required fact; every fact of `[facts]` is required",
                )
                .field(format!("facts.{name}"))
                .allowed(allowed)
            })
        };
        Ok(Facts {
            domain: self.choice(get("domain")?, "domain", Domain::from_name)?,
            conduct_by: self.choice(get("conduct_by")?, "conduct_by", ConductBy::from_name)?,
            territorial_link: self.choice(
                get("territorial_link")?,
                "territorial_link",
                TerritorialLink::from_name,
            )?,
            contrary_to_rights: self.boolean(get("contrary_to_rights")?, "contrary_to_rights")?,
            harm: self.choice(get("harm")?, "harm", Harm::from_name)?,
            knowledge: self.choice(get("knowledge")?, "knowledge", Knowledge::from_name)?,
            timing: self.choice(get("timing")?, "timing", Timing::from_name)?,
            capacity: self.choice(get("capacity")?, "capacity", Capacity::from_name)?,
            measures: self.choice(get("measures")?, "measures", Measures::from_name)?,
        })
    }

    fn choice<T>(
        &self,
        v: &Spanned<DeValue<'_>>,
        name: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<T, InputError> {
        let allowed = facts::allowed_values(name).unwrap_or(&[]);
        let field = format!("facts.{name}");
        match v.get_ref() {
            DeValue::String(s) => parse(s).ok_or_else(|| {
                self.err(v.span(), "value not allowed")
                    .field(field)
                    .value(s.to_string())
                    .allowed(allowed)
            }),
            other => Err(self
                .err(
                    v.span(),
                    format!("must be a string, not {}", type_name(other)),
                )
                .field(field)
                .value(self.raw(&v.span()))
                .allowed(allowed)),
        }
    }

    fn boolean(&self, v: &Spanned<DeValue<'_>>, name: &str) -> Result<bool, InputError> {
        match v.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            other => Err(self
                .err(
                    v.span(),
                    format!("must be a boolean, not {}", type_name(other)),
                )
                .field(format!("facts.{name}"))
                .value(self.raw(&v.span()))
                .allowed(&["true", "false"])),
        }
    }

    fn citations(&self, v: &Spanned<DeValue<'_>>) -> Result<Vec<Citation>, InputError> {
        let DeValue::Array(items) = v.get_ref() else {
            return Err(self
                .err(v.span(), "expected a list of citations like { authority = \"corfu-channel-1949\", pinpoint = \"p. 22\" }")
                .field("sources"));
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let table = self.table(item, "sources")?;
            self.unknown_keys(table, "sources.", &["authority", "pinpoint"], "field")?;
            let authority = match table.get("authority") {
                Some(a) => self.string(a, "sources.authority")?,
                None => {
                    return Err(self
                        .err(item.span(), "missing required field")
                        .field("sources.authority"))
                }
            };
            let pinpoint = table
                .get("pinpoint")
                .map(|p| self.string(p, "sources.pinpoint"))
                .transpose()?;
            out.push(Citation {
                authority,
                pinpoint,
            });
        }
        Ok(out)
    }

    fn expected(&self, v: &Spanned<DeValue<'_>>) -> Result<Vec<Expectation>, InputError> {
        let table = self.table(v, "expected")?;
        let mut out = Vec::new();
        for (key, value) in table.iter() {
            let field = format!("expected.{}", key.get_ref());
            let status = match value.get_ref() {
                DeValue::String(s) => Status::from_name(s).ok_or_else(|| {
                    self.err(value.span(), "value not allowed")
                        .field(&field)
                        .value(s.to_string())
                        .allowed(Status::NAMES)
                })?,
                other => {
                    return Err(self
                        .err(
                            value.span(),
                            format!("must be a string, not {}", type_name(other)),
                        )
                        .field(&field)
                        .allowed(Status::NAMES))
                }
            };
            let line = crate::source::position(self.text, key.span().start).line;
            out.push(Expectation {
                profile: key.get_ref().to_string(),
                status,
                line,
            });
        }
        out.sort_by_key(|e| e.line);
        Ok(out)
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Scenario {
    /// Renders the scenario back to the TOML format of the spec.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("title = {}\n", toml_string(&self.title)));
        if let Some(notes) = &self.notes {
            out.push_str(&format!("notes = {}\n", toml_string(notes)));
        }
        out.push_str("\n[facts]\n");
        out.push_str(&facts_toml(&self.facts));
        out
    }
}

/// The `[facts]` body of a scenario file for these facts.
pub fn facts_toml(f: &Facts) -> String {
    format!(
        "domain = \"{}\"\nconduct_by = \"{}\"\nterritorial_link = \"{}\"\ncontrary_to_rights = {}\nharm = \"{}\"\nknowledge = \"{}\"\ntiming = \"{}\"\ncapacity = \"{}\"\nmeasures = \"{}\"\n",
        f.domain, f.conduct_by, f.territorial_link, f.contrary_to_rights, f.harm, f.knowledge, f.timing, f.capacity, f.measures
    )
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
