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
