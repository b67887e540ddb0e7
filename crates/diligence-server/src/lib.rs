//! The diligence web application and HTTP API.
//!
//! `diligence serve` runs [`app::serve`]: server-rendered pages for the
//! positions, assessment, comparison, debate, implications and authorities;
//! a JSON API under `/api/v1` that mirrors the command line, with its
//! OpenAPI document generated from the handlers; and saved scenarios in an
//! embedded SQLite database. The knowledge base and every asset are built
//! into the binary: a page loads nothing from outside the server.

#![allow(clippy::result_large_err)]

pub mod answers;
pub mod api;
pub mod app;
pub mod assets;
pub mod docx;
pub mod facts;
pub mod ledger;
pub mod memo;
pub mod openapi;
pub mod pages;
pub mod problem;
pub mod schemas;
pub mod store;
pub mod views;

pub use app::{bind, router, serve, shutdown_signal, AppState, Config, ServeError};
pub use store::Store;

/// The default data directory: the platform's per-user data directory
/// (`~/.local/share/diligence` on Linux), else `./diligence-data`.
pub fn default_data_dir() -> std::path::PathBuf {
    directories::ProjectDirs::from("", "", "diligence")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::path::PathBuf::from("diligence-data"))
}
