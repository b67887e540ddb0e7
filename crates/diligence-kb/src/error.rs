//! Errors a user can fix: bad input files, and invalid knowledge-base data.
//! Each names the file, line and column, the field, the bad value and the
//! allowed values, so that the message says exactly what to change.

use crate::source::{line_text, position, Position};
use std::fmt;

/// A bad input file (a scenario, a profile a user wrote): the error a user
/// fixes. The command line reports it with exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file, as the user named it.
    pub file: String,
    /// Where in the file.
    pub position: Position,
    /// The field at fault, as a dotted path (`facts.harm`), if any.
    pub field: Option<String>,
    /// The bad value, as written, if any.
    pub value: Option<String>,
    /// The values the field allows, if it has a closed list.
    pub allowed: Vec<String>,
    /// What is wrong, as a lower-case fragment.
    pub problem: String,
    /// The line of the file the position is on, for the snippet.
    pub line_text: String,
    /// How many characters to underline from the column.
    pub width: usize,
}

impl InputError {
    /// An error at byte span `span` of `text`.
    pub fn at(
        file: &str,
        text: &str,
        span: std::ops::Range<usize>,
        problem: impl Into<String>,
    ) -> Self {
        let pos = position(text, span.start);
        let line = line_text(text, pos.line).to_string();
        let end = position(text, span.end);
        let width = if end.line == pos.line {
            end.column.saturating_sub(pos.column).max(1)
        } else {
            1
        };
        InputError {
            file: file.to_string(),
            position: pos,
            field: None,
            value: None,
            allowed: Vec::new(),
            problem: problem.into(),
            line_text: line,
            width,
        }
    }

    /// Names the field at fault.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Names the bad value.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Lists the allowed values.
    pub fn allowed<S: AsRef<str>>(mut self, allowed: &[S]) -> Self {
        self.allowed = allowed.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column } = self.position;
        write!(f, "{}:{}:{}: ", self.file, line, column)?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.problem)?;
        if let Some(value) = &self.value {
            write!(f, " (found `{value}`)")?;
        }
        if !self.allowed.is_empty() {
            write!(f, "\n  allowed values: {}", self.allowed.join(", "))?;
        }
        if !self.line_text.is_empty() {
            let gutter = line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {}\n{:gutter$} | {}{}",
                "",
                self.line_text,
                "",
                " ".repeat(column.saturating_sub(1)),
                "^".repeat(self.width.min(80)),
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// A problem found in the knowledge base's data (by loading or by
/// `diligence check`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The data file, relative to `data/`.
    pub file: String,
    /// Where in the file, where known.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(Position { line, column }) => {
                write!(
                    f,
                    "data/{}:{}:{}: {}",
                    self.file, line, column, self.message
                )
            }
            None => write!(f, "data/{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for DataError {}
