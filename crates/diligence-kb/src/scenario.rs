//! The scenario file of spec section 1: parsed from TOML with every value's
//! position kept, so that each error names the file, line, column, field,
//! bad value and allowed values. Nothing is assessed from a file with an
//! error.

use crate::error::InputError;
use diligence_core::citation::Citation;
use diligence_core::facts::Fact;
use diligence_core::read::{FactError, FactProblem, Input};
use diligence_core::uncertain::{UncertainFacts, Written, UNKNOWN};
use diligence_core::Verdict;
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
#[derive(Debug, Clone, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Scenario {
    /// Its title (free text).
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub title: String,
    /// Free-text notes.
    pub notes: Option<String>,
    /// The entry of the beyond-cyber catalogue this situation illustrates.
    pub catalogue: Option<String>,
    /// The facts: each known, or a list of its possible values, or unknown.
    pub facts: UncertainFacts,
    /// Where the situation comes from.
    #[schemars(default)]
    pub sources: Vec<Citation>,
    /// The status each named profile must give, with the line it is on.
    #[schemars(
        with = "Option<std::collections::BTreeMap<String, Verdict>>",
        description = "For an example: the status each named profile must give (`undetermined` where the completions of an uncertain scenario disagree)"
    )]
    pub expected: Vec<Expectation>,
}

/// One expected status of an example scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The profile id.
    pub profile: String,
    /// The status it must give (`undetermined` for an uncertain scenario
    /// whose completions disagree).
    pub status: Verdict,
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
        if let Some(fact) = repeated_fact(text, &span, e.message()) {
            return InputError::at(
                file,
                text,
                span,
                "fact given twice; give it once: a value, a list of its possible values, or \"unknown\"",
            )
            .field(format!("facts.{fact}"))
            .allowed(fact.values());
        }
        InputError::at(
            file,
            text,
            span,
            format!("malformed TOML: {}", e.message().trim_end()),
        )
    })?;
    Reader { file, text }.scenario(parsed)
}

/// The fact that TOML reports as a duplicate key, when the key at `span`
/// is a fact of the `[facts]` table (`knowledge` under `[facts]`, or
/// `facts.knowledge`).
fn repeated_fact(text: &str, span: &Range<usize>, message: &str) -> Option<Fact> {
    if !message.contains("duplicate key") {
        return None;
    }
    let key = text.get(span.clone())?.trim().trim_matches('"');
    if let Some(name) = key.strip_prefix("facts.") {
        return Fact::from_name(name);
    }
    let before = text.get(..span.start)?;
    let header = before
        .lines()
        .map(str::trim)
        .rfind(|l| l.starts_with('['))?;
    (header == "[facts]")
        .then(|| Fact::from_name(key))
        .flatten()
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
                    .allowed(&Fact::NAMES));
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

    fn facts(&self, v: &Spanned<DeValue<'_>>) -> Result<UncertainFacts, InputError> {
        let table = self.table(v, "facts")?;
        self.unknown_keys(table, "facts.", &Fact::NAMES, "fact")?;
        let span = v.span();
        UncertainFacts::read(|fact| table.get(fact.name()).map(|value| input(value.get_ref())))
            .map_err(|e| {
                let value = table.get(e.fact.name());
                self.fact_error(&e, value, span.start..span.start)
            })
    }

    /// The error of the core's reader, placed at the value (or the list
    /// item) at fault, or at `absent` for a missing fact.
    fn fact_error(
        &self,
        e: &FactError,
        value: Option<&Spanned<DeValue<'_>>>,
        absent: Range<usize>,
    ) -> InputError {
        let at = match (value, e.item) {
            (Some(v), Some(k)) => match v.get_ref() {
                DeValue::Array(items) => items.get(k).unwrap_or(v),
                _ => v,
            },
            (Some(v), None) => v,
            (None, _) => {
                return self
                    .err(absent, e.message())
                    .field(format!("facts.{}", e.fact))
                    .allowed(e.allowed())
            }
        };
        let shown = match &e.problem {
            FactProblem::WrongType(..) => Some(self.raw(&at.span())),
            _ => e.value().map(str::to_string),
        };
        let err = self
            .err(at.span(), e.message())
            .field(format!("facts.{}", e.fact))
            .allowed(e.allowed());
        match shown {
            Some(s) => err.value(s),
            None => err,
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
                DeValue::String(s) => Verdict::from_name(s).ok_or_else(|| {
                    self.err(value.span(), "value not allowed")
                        .field(&field)
                        .value(s.to_string())
                        .allowed(&Verdict::names())
                })?,
                other => {
                    return Err(self
                        .err(
                            value.span(),
                            format!("must be a string, not {}", type_name(other)),
                        )
                        .field(&field)
                        .allowed(&Verdict::names()))
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

/// What the core's reader needs of a TOML value.
fn input(v: &DeValue<'_>) -> Input {
    match v {
        DeValue::String(s) => Input::Text(s.to_string()),
        DeValue::Boolean(b) => Input::Bool(*b),
        DeValue::Array(items) => Input::List(items.iter().map(|i| input(i.get_ref())).collect()),
        other => Input::Other(type_name(other)),
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

/// The `[facts]` body of a scenario file for these facts: each fact by its
/// value, a list of values, or `"unknown"`; `continuing` only when it is
/// not `false`.
pub fn facts_toml(f: &UncertainFacts) -> String {
    let mut out = String::new();
    for w in f.written_facts() {
        out.push_str(w.fact.name());
        out.push_str(" = ");
        out.push_str(&toml_value(&w));
        out.push('\n');
    }
    out
}

/// One fact's value in TOML.
fn toml_value(w: &Written) -> String {
    let one = |v: usize| {
        if w.fact.is_boolean() {
            (v == 0).to_string()
        } else {
            format!("\"{}\"", w.fact.values()[v])
        }
    };
    if let Some(v) = w.values.single() {
        return one(v);
    }
    if w.values.len() == w.fact.arity() {
        return format!("\"{UNKNOWN}\"");
    }
    let items: Vec<String> = w.values.iter().map(one).collect();
    format!("[{}]", items.join(", "))
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
