//! The views of diligence that the command line and the web server share,
//! so that both print the same JSON, citations and drawings for the same
//! question.
//!
//! Pure: every function takes the knowledge base or the engine's results and
//! returns a value or a string; nothing here reads files or the clock.

pub mod cite;
pub mod debate;
pub mod json;

pub use cite::render_citation;
pub use json::pretty;
