//! The pure core of the notification and response ledger.
//!
//! States notify one another, answer and report the steps they take; every
//! entry is a record in canonical JSON (RFC 8785), signed by the sender's
//! point of contact (Ed25519), chained to the previous entry of its case and
//! appended to a transparency log (RFC 6962 hashing, C2SP tlog-tiles and
//! tlog-checkpoint). This crate holds the records ([`model`]), their
//! canonical form and signatures ([`sign`]), the rules of a case
//! ([`chain`]), its deadlines ([`deadline`]), the facts a case's record
//! establishes ([`live`]), and the log's hashes and proofs ([`log`],
//! [`tiles`], [`checkpoint`]), and the audit of a published log from
//! outside ([`audit`]).
//!
//! Like `diligence-core`, it does no I/O: no files, network, database or
//! clock. Times are passed in; storage and HTTP are the outer crates'.

pub mod audit;
pub mod chain;
pub mod checkpoint;
pub mod deadline;
pub mod live;
pub mod log;
pub mod model;
pub mod sign;
pub mod tiles;

#[cfg(test)]
mod testing;
