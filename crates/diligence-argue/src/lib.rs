//! The argumentation core of diligence: abstract (Dung) and value-based
//! argumentation frameworks with the grounded, complete, preferred, stable,
//! semi-stable, stage and ideal semantics, decided by linear-time propagation
//! and an incremental SAT solver.
//! It answers credulous and sceptical acceptance, finds or enumerates
//! extensions, and speaks the ICCMA 2023 solver interface, so conflicting
//! legal arguments can be weighed with certificates for every answer.
//!
//! ```
//! use diligence_argue::{credulous, iccma, sceptical, Framework, Semantics};
//!
//! // a <-> b, b -> c: {a, c} and {b} are the preferred extensions.
//! let af = Framework::new(3, &[(0, 1), (1, 0), (1, 2)])?;
//! let dc = credulous(&af, Semantics::Preferred, 2)?;
//! assert!(dc.accepted);
//! assert_eq!(dc.witness, Some(vec![0, 2]));
//! assert!(!sceptical(&af, Semantics::Preferred, 2)?.accepted);
//!
//! // The same question through the ICCMA 2023 interface (1-based arguments).
//! let out = iccma::solve("DS-PR", "p af 3\n1 2\n2 1\n2 3\n", Some(3))?;
//! assert_eq!(out, "NO\nw 2\n");
//! # Ok::<(), diligence_argue::Error>(())
//! ```

pub mod check;
mod encode;
pub mod error;
pub mod framework;
pub mod grounded;
pub mod iccma;
mod sat;
pub mod semantics;
pub mod value;

pub use error::Error;
pub use framework::Framework;
pub use grounded::{grounded_extension, grounded_labelling, Label};
pub use sat::with_deadline;
pub use semantics::{
    credulous, extensions, ideal_extension, is_extension, sceptical, some_extension, Decision,
    Semantics,
};
pub use value::{Audience, ValueFramework};
