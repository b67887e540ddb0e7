//! The assets built into the binary: the stylesheet, the script and the
//! world map's outlines (Natural Earth 1:110m, public domain; made by
//! `scripts/make-world-map`).

use crate::app::AppState;
use axum::extract::RawQuery;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::OnceLock;

/// The stylesheet.
pub const STYLE: &str = include_str!("../assets/style.css");
/// The script.
pub const SCRIPT: &str = include_str!("../assets/app.js");
/// The map: `CODE<TAB>name<TAB>path` lines after `#` comments.
pub const WORLD_MAP: &str = include_str!("../assets/world-map.tsv");
/// The map's viewBox.
pub const MAP_VIEWBOX: &str = "0 0 1000 460";

/// One country of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (or a stable name where there is none).
    pub code: &'static str,
    /// English name.
    pub name: &'static str,
    /// SVG path data.
    pub path: &'static str,
    /// The outline's extent: left, top, right, bottom, in map units.
    pub extent: [f64; 4],
}

/// The largest side (in map units) of an outline drawn with a marker over
/// it: at a phone's 390 px the map is 1000 units wide, so 10 units are
/// about 4 px, too small to see or tap.
pub const SMALL_STATE: f64 = 10.0;

impl Country {
    /// Whether the outline is too small to see or tap at phone width.
    pub fn is_small(&self) -> bool {
        let [l, t, r, b] = self.extent;
        (r - l).max(b - t) < SMALL_STATE
    }

    /// The centre of the outline's extent, where its marker goes.
    pub fn centre(&self) -> (f64, f64) {
        let [l, t, r, b] = self.extent;
        ((l + r) / 2.0, (t + b) / 2.0)
    }
}

/// The extent of path data written as `scripts/make-world-map` writes it:
/// `M x y` then relative `l` steps, or relative `a` arcs of a marker circle,
/// closed by `z`; `[0; 4]` for no point.
pub fn extent(path: &str) -> [f64; 4] {
    let mut e = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut add = |x: f64, y: f64| {
        e = [e[0].min(x), e[1].min(y), e[2].max(x), e[3].max(y)];
    };
    // Numbers are separated by spaces or by the minus sign that starts one.
    let numbers = |text: &str| -> Vec<f64> {
        text.replace('-', " -")
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    for sub in path.split('M').filter(|s| !s.is_empty()) {
        let sub = sub.trim_end_matches('z');
        let (start, steps, arc) = match (sub.find('l'), sub.find('a')) {
            (Some(i), _) => (&sub[..i], &sub[i + 1..], false),
            (None, Some(i)) => (&sub[..i], &sub[i + 1..], true),
            (None, None) => (sub, "", false),
        };
        let s = numbers(start);
        let (Some(&x0), Some(&y0)) = (s.first(), s.get(1)) else {
            continue;
        };
        add(x0, y0);
        if arc {
            // `a r r 0 1 0 2r 0 ...`: a circle of radius r from its left end.
            if let Some(&r) = numbers(steps).first() {
                add(x0 + 2.0 * r, y0 - r);
                add(x0, y0 + r);
            }
            continue;
        }
        let (mut x, mut y) = (x0, y0);
        for pair in numbers(steps).chunks(2) {
            if let [dx, dy] = pair {
                x += dx;
                y += dy;
                add(x, y);
            }
        }
    }
    if e[0].is_finite() {
        e
    } else {
        [0.0; 4]
    }
}

/// The countries of the map.
pub fn countries() -> Vec<Country> {
    WORLD_MAP
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            let (code, name, path) = (f.next()?, f.next()?, f.next()?);
            Some(Country {
                code,
                name,
                path,
                extent: extent(path),
            })
        })
        .collect()
}

/// The members of a membership list whose alpha-3 code is not on the map.
pub fn missing_from_map(m: &diligence_kb::membership::Membership) -> Vec<String> {
    let all = countries();
    m.members
        .iter()
        .filter(|x| !all.iter().any(|c| c.code == x.alpha3))
        .map(|x| format!("{} ({})", x.name, x.alpha3))
        .collect()
}

/// FNV-1a (64-bit) of `bytes`: a small, stable hash (unlike std's
/// `DefaultHasher`, whose output may change between Rust releases), computed
/// at compile time. It names a version of an asset; it is not a security
/// measure.
pub const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The hash of the stylesheet's bytes.
pub const STYLE_HASH: u64 = fnv1a(STYLE.as_bytes());
/// The hash of the script's bytes.
pub const SCRIPT_HASH: u64 = fnv1a(SCRIPT.as_bytes());

/// `Cache-Control` of an asset asked for by its current version
/// (`?v=<hash>`): it never changes, so it is kept for a year.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of an asset asked for without (or with an old) version:
/// kept an hour, then revalidated with its `ETag`.
pub const CACHE_UNVERSIONED: &str = "public, max-age=3600";

/// One asset served by the router.
struct Asset {
    body: &'static str,
    content_type: &'static str,
    /// The strong validator: the hash in quotes.
    etag: String,
    /// The version that makes the URL immutable: the hash in hex.
    version: String,
}

impl Asset {
    fn new(body: &'static str, content_type: &'static str, hash: u64) -> Asset {
        Asset {
            body,
            content_type,
            etag: format!("\"{hash:016x}\""),
            version: format!("{hash:016x}"),
        }
    }
}

fn style() -> &'static Asset {
    static A: OnceLock<Asset> = OnceLock::new();
    A.get_or_init(|| Asset::new(STYLE, "text/css; charset=utf-8", STYLE_HASH))
}

fn script() -> &'static Asset {
    static A: OnceLock<Asset> = OnceLock::new();
    A.get_or_init(|| Asset::new(SCRIPT, "text/javascript; charset=utf-8", SCRIPT_HASH))
}

/// The versioned URL of the stylesheet, `/assets/style.css?v=<hash>`,
/// served with [`CACHE_IMMUTABLE`].
pub fn style_href() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| format!("/assets/style.css?v={}", style().version))
}

/// The versioned URL of the script, `/assets/app.js?v=<hash>`, served
/// with [`CACHE_IMMUTABLE`].
pub fn script_href() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| format!("/assets/app.js?v={}", script().version))
}

/// The `ETag` of the stylesheet (with its quotes).
pub fn style_etag() -> &'static str {
    &style().etag
}

/// The `ETag` of the script (with its quotes).
pub fn script_etag() -> &'static str {
    &script().etag
}

/// Whether an `If-None-Match` header value matches `etag` (weak comparison,
/// RFC 9110 13.1.2: `W/` is ignored; `*` matches anything).
fn none_match(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// The answer for `asset`: 304 Not Modified when the client holds this
/// version, else the bytes; `ETag` and `Cache-Control` on both.
fn serve(asset: &'static Asset, query: Option<&str>, headers: &HeaderMap) -> Response {
    let versioned = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .any(|kv| kv.strip_prefix("v=") == Some(asset.version.as_str()));
    let cache = if versioned {
        CACHE_IMMUTABLE
    } else {
        CACHE_UNVERSIONED
    };
    let etag = HeaderValue::from_str(&asset.etag).expect("a hex ETag is a header value");
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| none_match(v, &asset.etag));
    let common = [
        (header::ETAG, etag),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
    ];
    if fresh {
        (StatusCode::NOT_MODIFIED, common).into_response()
    } else {
        (
            common,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            )],
            asset.body,
        )
            .into_response()
    }
}

/// The asset routes. Each asset answers at its plain path and at its
/// versioned one ([`style_href`], [`script_href`]); only the latter is
/// cached as immutable.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/style.css",
            get(|RawQuery(q): RawQuery, h: HeaderMap| async move {
                serve(style(), q.as_deref(), &h)
            }),
        )
        .route(
            "/assets/app.js",
            get(|RawQuery(q): RawQuery, h: HeaderMap| async move {
                serve(script(), q.as_deref(), &h)
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

    #[test]
    fn the_map_has_every_member_of_every_membership_list() {
        let kb =
            diligence_kb::KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
        assert!(!kb.memberships.is_empty());
        let codes: Vec<&str> = countries().iter().map(|c| c.code).collect();
        for m in &kb.memberships {
            assert!(missing_from_map(m).is_empty(), "{:?}", missing_from_map(m));
            for x in &m.members {
                assert!(
                    codes.contains(&x.alpha3.as_str()),
                    "{} is not on the map",
                    x.name
                );
            }
        }
    }

    #[test]
    fn extents_follow_relative_steps_and_marker_circles() {
        assert_eq!(extent("M10 20l5 -3 -2-4z"), [10.0, 13.0, 15.0, 20.0]);
        assert_eq!(extent("M1 1l1 1zM-3 5l1 1z"), [-3.0, 1.0, 2.0, 6.0]);
        assert_eq!(
            extent("M431.7 219a3 3 0 1 0 6 0a3 3 0 1 0 -6 0z"),
            [431.7, 216.0, 437.7, 222.0]
        );
        assert_eq!(extent(""), [0.0; 4]);
    }

    #[test]
    fn small_states_are_the_ones_too_small_to_tap_and_large_ones_are_not() {
        let all = countries();
        let small: Vec<&str> = all
            .iter()
            .filter(|c| c.is_small())
            .map(|c| c.code)
            .collect();
        // Each extent comes from the data, so these hold only if parsing works.
        for c in &all {
            let [l, t, r, b] = c.extent;
            assert!(l <= r && t <= b, "{}: {:?}", c.code, c.extent);
            assert!(
                (-5.0..=1005.0).contains(&l) && (-20.0..=465.0).contains(&b),
                "{}",
                c.code
            );
        }
        for code in ["LUX", "SGP", "CPV", "RWA"] {
            assert!(small.contains(&code), "{code} is not small: {small:?}");
        }
        for code in ["RUS", "BRA", "FRA", "KEN", "USA"] {
            assert!(!small.contains(&code), "{code} is small");
        }
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        // Test vectors of FNV-1a 64.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        assert!(none_match("\"abc\"", "\"abc\""));
        assert!(none_match("\"x\", W/\"abc\"", "\"abc\""));
        assert!(none_match("*", "\"abc\""));
        assert!(!none_match("\"abd\"", "\"abc\""));
    }
}
