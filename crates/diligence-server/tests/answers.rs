//! The answers of `POST /api/v1/assess` kept serialised and compressed,
//! checked in process on the router: brotli, gzip and identity bodies are
//! the same JSON, the JSON is what the report crate writes for the
//! scenario, an equivalent request (profiles or an uncertain fact's values
//! in another order) is a hit, `If-None-Match` gets 304, and the
//! compression layer leaves these answers alone.

mod common;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use common::{gunzip, unbrotli};
use diligence_core::outcome::assess_all;
use diligence_kb::KnowledgeBase;
use diligence_server::answers::Answers;
use diligence_server::{router, AppState, Store};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

/// A router of its own (so that its cache counts only this test's
/// requests) and its cache.
fn app() -> (Router, Arc<Answers>) {
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("the database opens");
    // The database file must outlive the test; the directory is removed
    // by the system's temporary cleaning.
    std::mem::forget(dir);
    let state = AppState::new(kb, store);
    let answers = Arc::clone(&state.answers);
    (router(state), answers)
}

async fn post(
    app: &Router,
    path: &str,
    body: &Value,
    headers: &[(header::HeaderName, &str)],
) -> Response<Body> {
    let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    app.clone()
        .oneshot(req.body(Body::from(body.to_string())).expect("a request"))
        .await
        .expect("the router answers")
}

async fn bytes(res: Response<Body>) -> Vec<u8> {
    to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("the body is read")
        .to_vec()
}

fn header_of(res: &Response<Body>, name: header::HeaderName) -> Option<String> {
    res.headers()
        .get(name)
        .map(|v| v.to_str().expect("an ASCII header").to_string())
}

/// The example scenarios, as the JSON bodies the API reads, with the JSON
/// the report crate writes for them against every profile.
fn examples() -> Vec<(String, Value, String)> {
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the examples")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let text = std::fs::read(file).expect("readable");
            let sc = diligence_kb::parse_scenario("x.toml", &text).expect("a valid example");
            let mut body = json!({ "title": sc.title, "facts": sc.facts });
            if let Some(n) = &sc.notes {
                body["notes"] = json!(n);
            }
            let profiles: Vec<_> = kb.profiles.iter().collect();
            let report = assess_all(&profiles, &sc.facts, false);
            let expected = diligence_report::json::assessment(&sc, &report);
            (file.display().to_string(), body, expected)
        })
        .collect()
}

/// Every example: brotli, gzip and identity answers decode to the same
/// bytes, which are the report's JSON; each coding has its own ETag;
/// `Vary: Accept-Encoding` on each, and a `Content-Encoding` only once.
#[tokio::test]
async fn every_coding_decodes_to_the_same_json() {
    let (app, answers) = app();
    let examples = examples();
    assert!(examples.len() >= 20);
    for (name, body, expected) in &examples {
        let mut tags = Vec::new();
        for accept in [
            None,
            Some("identity"),
            Some("gzip"),
            Some("br"),
            Some("gzip, deflate, br"),
        ] {
            let headers: Vec<_> = accept
                .iter()
                .map(|a| (header::ACCEPT_ENCODING, *a))
                .collect();
            let res = post(&app, "/api/v1/assess", body, &headers).await;
            assert_eq!(res.status(), StatusCode::OK, "{name} {accept:?}");
            assert_eq!(
                header_of(&res, header::CONTENT_TYPE).as_deref(),
                Some("application/json")
            );
            let vary: Vec<_> = res.headers().get_all(header::VARY).iter().collect();
            assert_eq!(vary.len(), 1, "{name}: one Vary");
            assert!(vary[0]
                .to_str()
                .expect("ASCII")
                .eq_ignore_ascii_case("accept-encoding"));
            assert_eq!(
                res.headers()
                    .get_all(header::CONTENT_ENCODING)
                    .iter()
                    .count(),
                usize::from(matches!(accept, Some(a) if a != "identity")),
                "{name} {accept:?}: compressed once or not at all"
            );
            let etag = header_of(&res, header::ETAG).expect("an ETag");
            assert!(
                etag.starts_with('"') && etag.ends_with('"'),
                "a strong ETag"
            );
            let coding = header_of(&res, header::CONTENT_ENCODING);
            let length: Option<usize> =
                header_of(&res, header::CONTENT_LENGTH).map(|l| l.parse().expect("a number"));
            let raw = bytes(res).await;
            assert_eq!(
                length,
                Some(raw.len()),
                "{name}: Content-Length is the body's"
            );
            let decoded = match coding.as_deref() {
                None => raw.clone(),
                Some("gzip") => gunzip(&raw),
                Some("br") => unbrotli(&raw),
                Some(other) => panic!("unexpected coding {other}"),
            };
            if coding.is_some() {
                assert!(raw.len() * 3 < decoded.len(), "{name}: compressed well");
            }
            assert_eq!(
                String::from_utf8(decoded).expect("UTF-8"),
                *expected,
                "{name} {accept:?}"
            );
            tags.push((coding, etag));
        }
        // identity twice, then gzip, br and br again (for "gzip, deflate, br").
        let codings: Vec<_> = tags.iter().map(|(c, _)| c.as_deref()).collect();
        assert_eq!(codings, [None, None, Some("gzip"), Some("br"), Some("br")]);
        assert_eq!(tags[0].1, tags[1].1);
        assert_eq!(tags[3].1, tags[4].1);
        assert!(tags[0].1 != tags[2].1 && tags[2].1 != tags[3].1 && tags[0].1 != tags[3].1);
    }
    // One computation per example; the other four requests of each were hits.
    assert_eq!(answers.len(), examples.len());
    assert_eq!(answers.misses(), examples.len() as u64);
    assert_eq!(answers.hits(), 4 * examples.len() as u64);
}

fn definite() -> Value {
    json!({
        "domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "originates",
        "contrary_to_rights": true, "harm": "serious", "knowledge": "notified",
        "timing": "ongoing", "capacity": "feasible", "measures": "none"
    })
}

/// Equivalent requests share an entry: the profiles in another order or
/// named twice, an uncertain fact's values in another order, bare facts
/// and the same facts titled as a bare post is titled. Different facts do
/// not.
#[tokio::test]
async fn an_equivalent_request_is_a_hit() {
    let (app, answers) = app();
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    let (a, b) = (&kb.profiles[0].id, &kb.profiles[2].id);

    let res = post(
        &app,
        &format!("/api/v1/assess?profile={b}&profile={a}"),
        &definite(),
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let first = bytes(res).await;
    assert_eq!((answers.hits(), answers.misses()), (0, 1));
    let v: Value = serde_json::from_slice(&first).expect("JSON");
    let ids: Vec<&str> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["profile"].as_str().expect("an id"))
        .collect();
    assert_eq!(
        ids,
        [a.as_str(), b.as_str()],
        "in the knowledge base's order"
    );

    for path in [
        format!("/api/v1/assess?profile={a}&profile={b}"),
        format!("/api/v1/assess?profile={b}&profile={a}&profile={b}"),
    ] {
        let res = post(&app, &path, &definite(), &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(bytes(res).await, first, "{path}");
    }
    assert_eq!((answers.hits(), answers.misses()), (2, 1));

    let mut uncertain = definite();
    uncertain["knowledge"] = json!(["notified", "actual"]);
    let res = post(&app, "/api/v1/assess", &uncertain, &[]).await;
    let one = bytes(res).await;
    assert_eq!((answers.hits(), answers.misses()), (2, 2));
    uncertain["knowledge"] = json!(["actual", "notified"]);
    let res = post(&app, "/api/v1/assess", &uncertain, &[]).await;
    assert_eq!(bytes(res).await, one, "the values' order does not matter");
    assert_eq!((answers.hits(), answers.misses()), (3, 2));

    let titled = json!({ "title": "Untitled scenario", "facts": uncertain });
    let res = post(&app, "/api/v1/assess", &titled, &[]).await;
    assert_eq!(bytes(res).await, one);
    assert_eq!((answers.hits(), answers.misses()), (4, 2));

    uncertain["harm"] = json!("minor");
    let res = post(&app, "/api/v1/assess", &uncertain, &[]).await;
    assert_ne!(bytes(res).await, one, "other facts, another answer");
    assert_eq!((answers.hits(), answers.misses()), (4, 3));
    assert_eq!(answers.len(), 3);
}

/// `If-None-Match` with the ETag of the coding that would be sent gets 304
/// with no body; the ETag of another coding, or a stale one, gets the
/// answer.
#[tokio::test]
async fn if_none_match_gets_not_modified() {
    let (app, _) = app();
    let mut etags = Vec::new();
    for accept in ["identity", "gzip", "br"] {
        let res = post(
            &app,
            "/api/v1/assess",
            &definite(),
            &[(header::ACCEPT_ENCODING, accept)],
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        etags.push(header_of(&res, header::ETAG).expect("an ETag"));
    }
    for (i, accept) in ["identity", "gzip", "br"].into_iter().enumerate() {
        let weak = format!("W/{}", etags[i]);
        for tag in [
            etags[i].as_str(),
            &weak,
            &format!("\"x\", {}", etags[i]),
            "*",
        ] {
            let res = post(
                &app,
                "/api/v1/assess",
                &definite(),
                &[
                    (header::ACCEPT_ENCODING, accept),
                    (header::IF_NONE_MATCH, tag),
                ],
            )
            .await;
            assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{accept} {tag}");
            assert_eq!(header_of(&res, header::ETAG).as_ref(), Some(&etags[i]));
            assert_eq!(
                header_of(&res, header::CONTENT_ENCODING),
                None,
                "no body to encode"
            );
            assert!(bytes(res).await.is_empty(), "304 has no body");
        }
        let other = &etags[(i + 1) % 3];
        for tag in [other.as_str(), "\"0000\""] {
            let res = post(
                &app,
                "/api/v1/assess",
                &definite(),
                &[
                    (header::ACCEPT_ENCODING, accept),
                    (header::IF_NONE_MATCH, tag),
                ],
            )
            .await;
            assert_eq!(res.status(), StatusCode::OK, "{accept} {tag}");
            assert!(!bytes(res).await.is_empty());
        }
    }
}

/// Requests for the same answer at the same time compute it once: the
/// others wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_requests_compute_an_answer_once() {
    let (app, answers) = app();
    let mut uncertain = definite();
    uncertain["knowledge"] = json!("unknown");
    uncertain["measures"] = json!("unknown");
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let app = app.clone();
            let body = uncertain.clone();
            tokio::spawn(async move {
                let res = post(&app, "/api/v1/assess", &body, &[]).await;
                assert_eq!(res.status(), StatusCode::OK);
                bytes(res).await
            })
        })
        .collect();
    let mut bodies = Vec::new();
    for t in tasks {
        bodies.push(t.await.expect("the request completes"));
    }
    assert!(bodies.iter().all(|b| *b == bodies[0] && !b.is_empty()));
    assert_eq!(answers.computations(), 1, "computed once");
    assert_eq!(answers.hits() + answers.misses(), 16);
    assert_eq!(answers.len(), 1);
}
