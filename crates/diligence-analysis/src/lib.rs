//! Analyses of the readings of due diligence over the whole fact space of the
//! spec: how each profile decides every situation, where and how much pairs
//! of profiles disagree, how the positions cluster, and the closest
//! situations where two readings part ways.
//!
//! The fact space is evaluated once, in parallel, into *classes*: the
//! distinct vectors of statuses (one per profile) with the number of
//! situations giving each. Every count is then a sum over classes, so the
//! analyses stay interactive however large the space grows.
//!
//! ```
//! # use diligence_core::Profile;
//! # fn demo(profiles: &[&Profile]) {
//! let partition = diligence_analysis::Partition::of(profiles);
//! let divergence = diligence_analysis::Divergence::of(&partition);
//! println!("{} situations", divergence.situations);
//! # }
//! ```

pub mod cluster;
pub mod distinguish;
pub mod divergence;
pub mod draft;
pub mod implications;
pub mod layered;
pub mod partition;
pub mod svg;

pub use cluster::{Dendrogram, Merge};
pub use divergence::Divergence;
pub use partition::{Class, Partition};
