//! The two tiers of failure and their exit codes: bad input a user can fix
//! (exit 2) and internal errors (exit 1, a bug to report).

use std::fmt;

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad input: exit 2.
    Input(String),
    /// A bug: exit 1.
    Internal(String),
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Internal(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input(msg) => write!(f, "error: {msg}"),
            Failure::Internal(msg) => write!(
                f,
                "internal error: {msg}\nthis is a bug in diligence; please report it with the command you ran"
            ),
        }
    }
}

impl From<diligence_kb::InputError> for Failure {
    fn from(e: diligence_kb::InputError) -> Self {
        Failure::Input(e.to_string())
    }
}

/// The knowledge base built into the binary.
pub fn knowledge_base() -> Result<&'static diligence_kb::KnowledgeBase, Failure> {
    diligence_kb::KnowledgeBase::embedded().map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        Failure::Internal(format!(
            "the built-in data is invalid:\n{}",
            list.join("\n")
        ))
    })
}

/// An unknown profile id, with the closest known ids.
pub fn unknown_profile(id: &str, kb: &diligence_kb::KnowledgeBase) -> Failure {
    let mut known: Vec<&str> = kb.profiles.iter().map(|p| p.id.as_str()).collect();
    known.sort_by(|a, b| strsim::jaro_winkler(id, b).total_cmp(&strsim::jaro_winkler(id, a)));
    let hint = known.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    Failure::Input(format!(
        "unknown profile `{id}`\n  closest ids: {hint}\n  see `diligence profiles` for every id"
    ))
}
