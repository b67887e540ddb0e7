//! The views of diligence that the command line and the web server share,
//! so that both print the same JSON, citations and drawings for the same
//! question. The JSON answers of the assessment, the profiles and the
//! authorities are typed views ([`assessment`], [`profiles`],
//! [`authorities`]) that also carry their OpenAPI schemas ([`schema`]), so
//! the API's document is derived from what is written.
//!
//! Pure: every function takes the knowledge base or the engine's results and
//! returns a value or a string; nothing here reads files or the clock.

pub mod schema;

pub mod aif;
pub mod assessment;
pub mod authorities;
pub mod bibliography;
pub mod cite;
pub mod datapackage;
pub mod debate;
pub mod json;
pub mod profiles;

pub use cite::{render_citation, render_citation_in, render_citation_styled};
pub use json::pretty;
