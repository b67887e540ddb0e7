//! Typed errors for building frameworks, parsing instance files and running tasks.

use thiserror::Error;

/// Everything that can go wrong in this crate.
///
/// Parse errors carry the 1-based line number of the offending line and say
/// what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    /// An attack or query names an argument that does not exist.
    #[error("argument {arg} is out of range: the framework has {len} arguments (0-based indices)")]
    ArgumentOutOfRange {
        /// The offending (0-based) argument index.
        arg: usize,
        /// The number of arguments in the framework.
        len: usize,
    },
    /// The framework would be too large to represent.
    #[error("too many arguments: {requested} requested, at most {max} supported")]
    TooManyArguments {
        /// The requested number of arguments.
        requested: u64,
        /// The supported maximum.
        max: usize,
    },
    /// An instance file could not be parsed.
    #[error("line {line}: {message}")]
    Parse {
        /// 1-based line number (0 when the problem is the input as a whole).
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// The task name is not one of [`crate::iccma::problems`].
    #[error("unsupported task {0:?}: expected one of the names listed by problems()")]
    UnknownTask(String),
    /// A decision task (DC-*, DS-*) was asked without a query argument.
    #[error("task {0} needs a query argument")]
    MissingQuery(String),
    /// A query argument was given to a task that takes none, or is not in 1..=N.
    #[error("query argument {query} is invalid for task {task}: {reason}")]
    BadQuery {
        /// The task name.
        task: String,
        /// The query as given (1-based).
        query: usize,
        /// Why it is rejected.
        reason: String,
    },
    /// The time limit given to [`crate::with_deadline`] (or
    /// [`crate::iccma::solve_within`]) ran out before an answer was found.
    #[error("time limit reached before an answer was found")]
    Timeout,
    /// A value-based framework or audience is malformed.
    #[error("value-based framework: {0}")]
    Value(String),
}

impl Error {
    /// Shorthand for a parse error at `line`.
    pub(crate) fn parse(line: usize, message: impl Into<String>) -> Self {
        Error::Parse {
            line,
            message: message.into(),
        }
    }
}
