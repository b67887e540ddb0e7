//! Serving like a production site, checked in process on the router:
//! responses are compressed with brotli or gzip when the client accepts it
//! and sent as they are when it does not; the built-in assets carry a
//! strong `ETag`, answer `If-None-Match` with 304 Not Modified, and are
//! cached for a year when asked for by their versioned URL.

mod common;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use common::{gunzip, unbrotli};
use diligence_kb::KnowledgeBase;
use diligence_server::{assets, router, AppState, Store};
use std::sync::OnceLock;
use tower::ServiceExt;

/// The router on the embedded knowledge base and a fresh database, built
/// once (its start-up computations are not what is tested here).
fn app() -> Router {
    static APP: OnceLock<Router> = OnceLock::new();
    APP.get_or_init(build).clone()
}

fn build() -> Router {
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("the database opens");
    // The database file must outlive the test; the directory is removed
    // by the system's temporary cleaning.
    std::mem::forget(dir);
    router(AppState::new(kb, store))
}

async fn get(path: &str, headers: &[(header::HeaderName, &str)]) -> Response<Body> {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    app()
        .oneshot(req.body(Body::empty()).expect("a request"))
        .await
        .expect("the router answers")
}

async fn body(res: Response<Body>) -> Vec<u8> {
    to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("the body is read")
        .to_vec()
}

fn header_of(res: &Response<Body>, name: header::HeaderName) -> Option<&str> {
    res.headers()
        .get(name)
        .map(|v| v.to_str().expect("an ASCII header"))
}

/// For each kind of answer (HTML, JSON, CSS, JS): identity without
/// `Accept-Encoding`, and brotli and gzip bodies that decompress to it.
#[tokio::test]
async fn answers_are_compressed_when_the_client_accepts_it() {
    for (path, kind) in [
        ("/", "text/html"),
        ("/api/v1/profiles", "application/json"),
        ("/assets/style.css", "text/css"),
        ("/assets/app.js", "text/javascript"),
    ] {
        let plain = get(path, &[]).await;
        assert_eq!(plain.status(), StatusCode::OK, "{path}");
        assert!(
            header_of(&plain, header::CONTENT_TYPE).is_some_and(|t| t.starts_with(kind)),
            "{path} is {kind}"
        );
        assert_eq!(header_of(&plain, header::CONTENT_ENCODING), None, "{path}");
        let plain = body(plain).await;
        assert!(plain.len() > 100, "{path} has a body");

        let br = get(path, &[(header::ACCEPT_ENCODING, "br")]).await;
        assert_eq!(br.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header_of(&br, header::CONTENT_ENCODING),
            Some("br"),
            "{path}"
        );
        assert!(
            header_of(&br, header::VARY)
                .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
            "{path} varies on Accept-Encoding"
        );
        let br = body(br).await;
        assert!(br.len() < plain.len(), "{path}: brotli is smaller");
        assert_eq!(
            unbrotli(&br),
            plain,
            "{path}: brotli decompresses to the answer"
        );

        let gz = get(path, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        assert_eq!(gz.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header_of(&gz, header::CONTENT_ENCODING),
            Some("gzip"),
            "{path}"
        );
        let gz = body(gz).await;
        assert!(gz.len() < plain.len(), "{path}: gzip is smaller");
        assert_eq!(
            gunzip(&gz),
            plain,
            "{path}: gzip decompresses to the answer"
        );
    }
}

/// Compressed answers still carry the security headers.
#[tokio::test]
async fn compressed_answers_keep_the_security_headers() {
    let res = get("/", &[(header::ACCEPT_ENCODING, "gzip, br")]).await;
    assert!(header_of(&res, header::CONTENT_ENCODING).is_some());
    assert!(header_of(&res, header::CONTENT_SECURITY_POLICY).is_some());
    assert_eq!(
        header_of(&res, header::X_CONTENT_TYPE_OPTIONS),
        Some("nosniff")
    );
}

/// Each asset: a strong ETag, the right Cache-Control plain and
/// versioned, and 304 with no body for a matching If-None-Match, also
/// when the client accepts compression.
#[tokio::test]
async fn assets_carry_an_etag_and_answer_if_none_match() {
    for (plain_path, versioned, etag, bytes) in [
        (
            "/assets/style.css",
            assets::style_href(),
            assets::style_etag(),
            assets::STYLE,
        ),
        (
            "/assets/app.js",
            assets::script_href(),
            assets::script_etag(),
            assets::SCRIPT,
        ),
    ] {
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() == 18,
            "{etag}"
        );
        assert_eq!(
            etag,
            format!("\"{:016x}\"", assets::fnv1a(bytes.as_bytes())),
            "the ETag is the hash of the bytes"
        );
        assert!(versioned.starts_with(plain_path) && versioned.contains("?v="));

        let res = get(plain_path, &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, header::ETAG), Some(etag));
        assert_eq!(
            header_of(&res, header::CACHE_CONTROL),
            Some("public, max-age=3600"),
            "{plain_path} without a version is revalidated"
        );
        assert_eq!(body(res).await, bytes.as_bytes());

        let res = get(versioned, &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, header::ETAG), Some(etag));
        assert_eq!(
            header_of(&res, header::CACHE_CONTROL),
            Some("public, max-age=31536000, immutable"),
            "{versioned}"
        );
        assert_eq!(body(res).await, bytes.as_bytes());

        // An old version is not promised forever.
        let res = get(&format!("{plain_path}?v=0000000000000000"), &[]).await;
        assert_eq!(
            header_of(&res, header::CACHE_CONTROL),
            Some("public, max-age=3600")
        );

        for accept in [None, Some("br"), Some("gzip")] {
            let mut h = vec![(header::IF_NONE_MATCH, etag)];
            if let Some(a) = accept {
                h.push((header::ACCEPT_ENCODING, a));
            }
            let res = get(versioned, &h).await;
            assert_eq!(
                res.status(),
                StatusCode::NOT_MODIFIED,
                "{versioned} {accept:?}"
            );
            assert_eq!(header_of(&res, header::ETAG), Some(etag));
            assert_eq!(
                header_of(&res, header::CACHE_CONTROL),
                Some("public, max-age=31536000, immutable")
            );
            assert_eq!(header_of(&res, header::CONTENT_ENCODING), None);
            assert!(body(res).await.is_empty(), "304 has no body");
        }

        let res = get(
            plain_path,
            &[(header::IF_NONE_MATCH, "\"0000000000000000\"")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "a stale ETag gets the bytes");
        assert_eq!(body(res).await, bytes.as_bytes());
    }
}
