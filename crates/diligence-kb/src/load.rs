//! Parsing the knowledge base's TOML files into authorities and profiles,
//! with errors that name the file, line, column and field path.

use crate::authority::Authority;
use crate::error::DataError;
use crate::source::position;
use diligence_core::Profile;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Deserialises `text` as `T`, naming the field path and position of any error.
pub fn from_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, DataError> {
    let de = toml::Deserializer::parse(text).map_err(|e| toml_error(file, text, &e, None))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        toml_error(file, text, &inner, Some(path))
    })
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error, path: Option<String>) -> DataError {
    let field = path
        .filter(|p| p != "." && !p.is_empty())
        .map(|p| format!("field `{p}`: "))
        .unwrap_or_default();
    DataError {
        file: file.to_string(),
        position: e.span().map(|s| position(text, s.start)),
        message: format!("{field}{}", e.message().trim_end()),
    }
}

/// A file of `[[authorities]]` (`data/authorities/*.toml`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorityFile {
    /// The authorities of the file.
    pub authorities: Vec<Authority>,
}

/// Parses a file of `[[authorities]]`.
pub fn authorities(file: &str, text: &str) -> Result<Vec<Authority>, DataError> {
    from_toml::<AuthorityFile>(file, text).map(|f| f.authorities)
}

/// Parses a profile file.
pub fn profile(file: &str, text: &str) -> Result<Profile, DataError> {
    from_toml(file, text)
}

/// Parses a file of `[[arguments]]`.
pub fn arguments(file: &str, text: &str) -> Result<Vec<crate::debate::Argument>, DataError> {
    from_toml::<crate::debate::ArgumentFile>(file, text).map(|f| f.arguments)
}

/// Parses an audience file.
pub fn audience(file: &str, text: &str) -> Result<crate::debate::Audience, DataError> {
    from_toml(file, text)
}
