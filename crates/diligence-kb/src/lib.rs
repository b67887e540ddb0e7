//! The knowledge base of diligence: authorities, profiles and example
//! scenarios, kept as reviewed TOML files under `data/` and compiled into the
//! binary, with the parsers and validation that turn them into the core's
//! types.
//!
//! Every error a user can fix is an [`InputError`] naming the file, line,
//! column, field, value and allowed values.
//!
//! ```
//! let kb = diligence_kb::KnowledgeBase::embedded().expect("shipped data is valid");
//! assert!(kb.profile("tallinn-manual-2").is_some());
//! ```

// Errors carry the file, position, field, value, allowed values and the
// snippet line; they are built once, on the cold path of a failed parse.
#![allow(clippy::result_large_err)]

pub mod authority;
pub mod check;
pub mod debate;
pub mod error;
pub mod fidelity;
pub mod knowledge_base;
pub mod load;
pub mod membership;
pub mod oscola;
pub mod references;
pub mod scenario;
pub mod schema;
pub mod source;
pub mod words;

pub use authority::{Authority, AuthorityKind};
pub use error::{DataError, InputError};
pub use knowledge_base::{ExampleScenario, KnowledgeBase};
pub use oscola::{CitationStyle, Styled};
pub use scenario::{parse_scenario, Scenario};
