//! The assets built into the binary: the stylesheet, the script and the
//! world map's outlines (Natural Earth 1:110m, public domain; made by
//! `scripts/make-world-map`).

use crate::app::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// The stylesheet.
pub const STYLE: &str = include_str!("../assets/style.css");
/// The script.
pub const SCRIPT: &str = include_str!("../assets/app.js");
/// The map: `CODE<TAB>name<TAB>path` lines after `#` comments.
pub const WORLD_MAP: &str = include_str!("../assets/world-map.tsv");
/// The map's viewBox.
pub const MAP_VIEWBOX: &str = "0 0 1000 460";

/// One country of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (or a stable name where there is none).
    pub code: &'static str,
    /// English name.
    pub name: &'static str,
    /// SVG path data.
    pub path: &'static str,
}

/// The countries of the map.
pub fn countries() -> Vec<Country> {
    WORLD_MAP
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            Some(Country {
                code: f.next()?,
                name: f.next()?,
                path: f.next()?,
            })
        })
        .collect()
}

/// The asset routes.
pub fn routes() -> Router<AppState> {
    const CACHE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "public, max-age=3600");
    Router::new()
        .route(
            "/assets/style.css",
            get(move || async move {
                (
                    [(header::CONTENT_TYPE, "text/css; charset=utf-8"), CACHE],
                    STYLE,
                )
                    .into_response()
            }),
        )
        .route(
            "/assets/app.js",
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        CACHE,
                    ],
                    SCRIPT,
                )
                    .into_response()
            }),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_has_every_coded_state() {
        let kb =
            diligence_kb::KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
        let codes: Vec<&str> = countries().iter().map(|c| c.code).collect();
        assert!(codes.len() > 150, "only {} countries", codes.len());
        for p in &kb.profiles {
            if let Some(state) = &p.state {
                assert!(codes.contains(&state.as_str()), "{state} is not on the map");
            }
        }
    }
}
