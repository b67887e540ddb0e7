//! The pure legal core of diligence: the facts of a situation, the profiles
//! (readings of due diligence) coded as obligations, and their evaluation into
//! a status per profile with an element-by-element trace.
//!
//! This crate does no I/O and knows nothing of files, terminals or HTTP: the
//! knowledge base, the command line and the server all share it.
//!
//! ```
//! use diligence_core::facts::*;
//! use diligence_core::{evaluate, Status};
//! # use diligence_core::profile::Profile;
//! # fn demo(profile: &Profile) {
//! let facts = Facts {
//!     domain: Domain::Cyber,
//!     conduct_by: ConductBy::NonStateActor,
//!     territorial_link: TerritorialLink::Originates,
//!     contrary_to_rights: true,
//!     harm: Harm::Serious,
//!     knowledge: Knowledge::Notified,
//!     timing: Timing::Ongoing,
//!     capacity: Capacity::Feasible,
//!     measures: Measures::None,
//!     continuing: false,
//! };
//! let outcome = evaluate::assess(profile, &facts);
//! println!("{}: {}", outcome.profile, outcome.status);
//! # }
//! ```

pub mod citation;
pub mod countermeasures;
pub mod cover;
pub mod evaluate;
pub mod explain;
pub mod facts;
pub mod inference;
pub mod json_schema;
pub mod obligation;
pub mod outcome;
pub mod profile;
pub mod read;
pub mod space;
pub mod status;
pub mod trace;
pub mod uncertain;

pub use citation::{Citation, Coded, Provenance};
pub use evaluate::{assess, status_of, Assessment};
pub use facts::{Fact, Facts};
pub use obligation::Obligation;
pub use profile::Profile;
pub use status::{Status, Verdict};
pub use trace::{Element, TraceEntry};
pub use uncertain::{UncertainFacts, Values};
