//! The status of a profile on a situation, and the precedence that turns the
//! statuses of its obligations into one (spec section 3).

use crate::facts::closed_set;
use std::fmt;

closed_set! {
    /// The outcome of evaluating an obligation or a profile, in order of
    /// precedence: a profile takes the first among its obligations' statuses.
    Status {
        /// A binding obligation is triggered and the State did not take all
        /// feasible measures.
        Breach = "breach",
        /// A voluntary norm is triggered and not observed.
        NormNotObserved = "norm_not_observed",
        /// A binding obligation is triggered and complied with.
        Complied = "complied",
        /// A voluntary norm is triggered and observed.
        NormObserved = "norm_observed",
        /// The obligation applies to the situation but is not triggered.
        NotTriggered = "not_triggered",
        /// The obligation does not apply to the situation.
        OutOfScope = "out_of_scope",
    }
}

impl Status {
    /// The higher-precedence of two statuses.
    pub fn precedence(self, other: Status) -> Status {
        self.min(other)
    }

    /// A plain-language label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Breach => "breach",
            Status::NormNotObserved => "norm not observed",
            Status::Complied => "complied",
            Status::NormObserved => "norm observed",
            Status::NotTriggered => "not triggered",
            Status::OutOfScope => "out of scope",
        }
    }
}

/// Renders statuses by their wire name in lists of allowed values.
pub struct StatusNames;

impl fmt::Display for StatusNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Status::NAMES.join(", "))
    }
}

/// The status of a profile on a scenario: a [`Status`] when every
/// completion gives it, `undetermined` when the completions of an uncertain
/// scenario disagree (spec section 4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Every completion gives this status.
    Determined(Status),
    /// The completions give different statuses.
    Undetermined,
}

impl Verdict {
    /// The wire name of an undetermined result.
    pub const UNDETERMINED: &'static str = "undetermined";

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Determined(s) => s.as_str(),
            Verdict::Undetermined => Verdict::UNDETERMINED,
        }
    }

    /// A plain-language label.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Determined(s) => s.label(),
            Verdict::Undetermined => "undetermined",
        }
    }

    /// The status, when it is determined.
    pub fn status(self) -> Option<Status> {
        match self {
            Verdict::Determined(s) => Some(s),
            Verdict::Undetermined => None,
        }
    }

    /// The verdict with this wire name.
    pub fn from_name(name: &str) -> Option<Verdict> {
        if name == Verdict::UNDETERMINED {
            return Some(Verdict::Undetermined);
        }
        Status::from_name(name).map(Verdict::Determined)
    }

    /// Every wire name: the statuses in order of precedence, then `undetermined`.
    pub fn names() -> Vec<&'static str> {
        let mut names = Status::NAMES.to_vec();
        names.push(Verdict::UNDETERMINED);
        names
    }
}

impl From<Status> for Verdict {
    fn from(s: Status) -> Self {
        Verdict::Determined(s)
    }
}

impl PartialEq<Status> for Verdict {
    fn eq(&self, other: &Status) -> bool {
        *self == Verdict::Determined(*other)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
