//! Every route of the router, checked in process with `oneshot`: the
//! status and content type of every page and API answer, the error pages
//! (404, 400 naming the field at fault, 405), problem details for the
//! API's errors, and the API's JSON answers against the schemas the
//! OpenAPI document derives from their typed views.

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use diligence_kb::KnowledgeBase;
use diligence_server::{router, AppState, Store};
use serde_json::Value;
use std::sync::OnceLock;
use tower::ServiceExt;

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().expect("the embedded knowledge base is valid")
}

/// The router on the embedded knowledge base and a fresh database, built
/// once.
fn app() -> Router {
    static APP: OnceLock<Router> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::open(dir.path()).expect("the database opens");
        // The database must outlive every test of this binary.
        std::mem::forget(dir);
        router(AppState::new(kb(), store))
    })
    .clone()
}

async fn send(
    method: Method,
    path: &str,
    headers: &[(header::HeaderName, &str)],
    body: &str,
) -> Response<Body> {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    app()
        .oneshot(req.body(Body::from(body.to_string())).expect("a request"))
        .await
        .expect("the router answers")
}

async fn get(path: &str) -> Response<Body> {
    send(Method::GET, path, &[], "").await
}

fn content_type(res: &Response<Body>) -> String {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

async fn text(res: Response<Body>) -> String {
    let bytes = to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("the body is read");
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

async fn json(res: Response<Body>) -> Value {
    serde_json::from_str(&text(res).await).expect("JSON")
}

/// A situation of the spec, with one uncertain fact.
const FACTS: &str = r#"{"domain": "cyber", "conduct_by": "non_state_actor",
  "territorial_link": "originates", "contrary_to_rights": true, "harm": "serious",
  "knowledge": ["notified", "actual"], "timing": "ongoing", "capacity": "feasible",
  "measures": "none"}"#;

/// The pages, each with the kind of answer it gives.
fn pages() -> Vec<(String, &'static str)> {
    let kb = kb();
    let (a, b) = (&kb.profiles[0].id, &kb.profiles[kb.profiles.len() - 1].id);
    let html = "text/html";
    vec![
        ("/".into(), html),
        (format!("/profiles/{a}"), html),
        ("/assess".into(), html),
        ("/assess/results".into(), html),
        ("/assess/export.json".into(), "application/json"),
        ("/assess/export.toml".into(), ""),
        ("/assess/report".into(), html),
        ("/assess/interview?knowledge=unknown".into(), html),
        ("/scenarios".into(), html),
        ("/compare".into(), html),
        (format!("/compare?profile={a}&profile={b}"), html),
        ("/debate".into(), html),
        ("/implications".into(), html),
        ("/authorities".into(), html),
        (format!("/authorities/{}", kb.authorities[0].id), html),
    ]
}

#[tokio::test]
async fn every_page_answers_with_its_content_type() {
    for (path, kind) in pages() {
        let res = get(&path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            content_type(&res).starts_with(kind),
            "{path}: {}",
            content_type(&res)
        );
        assert!(!text(res).await.is_empty(), "{path} has a body");
    }
}

/// The API's GET routes.
fn api_gets() -> Vec<String> {
    let kb = kb();
    vec![
        "/api/v1/health".into(),
        "/api/v1/openapi.json".into(),
        "/api/v1/profiles".into(),
        format!("/api/v1/profiles/{}", kb.profiles[0].id),
        "/api/v1/authorities".into(),
        "/api/v1/authorities?q=corfu".into(),
        format!("/api/v1/authorities/{}", kb.authorities[0].id),
        "/api/v1/divergence".into(),
        format!(
            "/api/v1/divergence?profile={}&profile={}",
            kb.profiles[0].id, kb.profiles[1].id
        ),
        "/api/v1/implications".into(),
        "/api/v1/debate".into(),
        "/api/v1/debate?semantics=PR".into(),
        "/api/v1/scenarios".into(),
    ]
}

#[tokio::test]
async fn every_api_route_answers_json() {
    for path in api_gets() {
        let res = get(&path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(content_type(&res), "application/json", "{path}");
        json(res).await;
    }
    let res = send(Method::POST, "/api/v1/assess", &[], FACTS).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(content_type(&res), "application/json");
    let v = json(res).await;
    assert_eq!(
        v["results"].as_array().map(Vec::len),
        Some(kb().profiles.len()),
        "one result per profile"
    );
}

#[tokio::test]
async fn a_scenario_is_saved_read_and_deleted_only_by_its_owner() {
    let body = format!(r#"{{"title": "Routes test", "facts": {FACTS}}}"#);
    let res = send(Method::POST, "/api/v1/scenarios", &[], &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()[header::LOCATION]
        .to_str()
        .expect("ASCII")
        .to_string();
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ASCII")
        .split(';')
        .next()
        .expect("a cookie")
        .to_string();
    let saved = json(res).await;
    assert_eq!(saved["title"], "Routes test");
    assert_eq!(
        location,
        format!("/api/v1/scenarios/{}", saved["id"].as_str().expect("an id"))
    );

    let res = get(&location).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["id"], saved["id"]);

    let res = send(Method::DELETE, &location, &[], "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no owner cookie");
    assert_eq!(content_type(&res), "application/problem+json");

    let res = send(Method::DELETE, &location, &[(header::COOKIE, &cookie)], "").await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = get(&location).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(content_type(&res), "application/problem+json");
}

#[tokio::test]
async fn page_errors_are_html_pages_that_say_what_is_wrong() {
    for (path, status, says) in [
        ("/no-such-page", StatusCode::NOT_FOUND, "/no-such-page"),
        (
            "/profiles/no-such-profile",
            StatusCode::NOT_FOUND,
            "no-such-profile",
        ),
        (
            "/compare?profile=no-such-profile",
            StatusCode::NOT_FOUND,
            "no-such-profile",
        ),
        ("/compare?harm=enormous", StatusCode::BAD_REQUEST, "harm"),
        (
            "/scenarios/0123456789abcdef0123456789abcdef",
            StatusCode::NOT_FOUND,
            "saved scenario",
        ),
    ] {
        let res = get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert!(content_type(&res).starts_with("text/html"), "{path}");
        let page = text(res).await;
        assert!(page.contains("<h1>"), "{path} is a page");
        assert!(page.contains(says), "{path} says {says}");
    }
}

#[tokio::test]
async fn a_bad_fact_in_a_page_address_names_the_field_and_its_values() {
    let res = get("/compare?harm=enormous").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = text(res).await;
    assert!(
        page.contains("The field at fault: <code>harm</code>"),
        "the field is named"
    );
    for v in diligence_core::Fact::Harm.values() {
        assert!(page.contains(&format!("<code>{v}</code>")), "allows {v}");
    }
}

#[tokio::test]
async fn a_wrong_method_is_405() {
    for (method, path) in [
        (Method::POST, "/compare"),
        (Method::DELETE, "/implications"),
        (Method::GET, "/api/v1/assess"),
        (Method::PUT, "/api/v1/profiles"),
    ] {
        let res = send(method.clone(), path, &[], "").await;
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn api_errors_are_problem_details() {
    for (method, path, body, status, field) in [
        (
            Method::GET,
            "/api/v1/no-such-endpoint",
            "",
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            Method::GET,
            "/api/v1/profiles/no-such-profile",
            "",
            StatusCode::NOT_FOUND,
            Some("profile"),
        ),
        (
            Method::GET,
            "/api/v1/authorities/no-such-authority",
            "",
            StatusCode::NOT_FOUND,
            Some("id"),
        ),
        (
            Method::GET,
            "/api/v1/authorities?nonsense=1",
            "",
            StatusCode::BAD_REQUEST,
            Some("nonsense"),
        ),
        (
            Method::GET,
            "/api/v1/debate?semantics=XX",
            "",
            StatusCode::BAD_REQUEST,
            Some("semantics"),
        ),
        (
            Method::GET,
            "/api/v1/divergence?profile=fra-2019",
            "",
            StatusCode::BAD_REQUEST,
            Some("profile"),
        ),
        (
            Method::POST,
            "/api/v1/assess?decisive=maybe",
            FACTS,
            StatusCode::BAD_REQUEST,
            Some("decisive"),
        ),
        (
            Method::POST,
            "/api/v1/assess",
            "[1, 2]",
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            Method::POST,
            "/api/v1/assess",
            r#"{"harm": "enormous"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        ),
        (
            Method::GET,
            "/api/v1/scenarios/nothing",
            "",
            StatusCode::NOT_FOUND,
            Some("id"),
        ),
    ] {
        let res = send(method.clone(), path, &[], body).await;
        assert_eq!(res.status(), status, "{method} {path}");
        assert_eq!(
            content_type(&res),
            "application/problem+json",
            "{method} {path}"
        );
        let p = json(res).await;
        assert_eq!(p["status"], status.as_u16(), "{path}");
        assert_eq!(p["type"], "about:blank");
        assert!(
            p["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{path}"
        );
        if let Some(f) = field {
            assert_eq!(p["field"], f, "{method} {path}");
        }
    }
}

// ------------------------------------------------------------------ schemas

/// Checks `v` against a schema of the OpenAPI document (the keywords the
/// document uses: `$ref`, `type`, `enum`, `required`, `properties`,
/// `additionalProperties`, `items`, `oneOf`, `minItems`, `maxItems`);
/// every mismatch is reported with its path.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        assert!(!target.is_null(), "the document defines {name}");
        return check(doc, target, v, at, errors);
    }
    if let Some(one) = schema["oneOf"].as_array() {
        let matching = one
            .iter()
            .filter(|s| {
                let mut e = Vec::new();
                check(doc, s, v, at, &mut e);
                e.is_empty()
            })
            .count();
        if matching != 1 {
            errors.push(format!("{at}: {matching} of oneOf match {v}"));
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let kind = match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let fits = types.is_empty()
        || types.contains(&kind)
        || (kind == "integer" && types.contains(&"number"));
    if !fits {
        errors.push(format!("{at}: a {kind}, not {types:?}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(v) {
            errors.push(format!("{at}: {v} is not among {allowed:?}"));
        }
    }
    if let Value::Object(m) = v {
        for r in schema["required"].as_array().into_iter().flatten() {
            let key = r.as_str().expect("a key");
            if !m.contains_key(key) {
                errors.push(format!("{at}: `{key}` is required"));
            }
        }
        for (k, x) in m {
            let sub = &schema["properties"][k];
            if !sub.is_null() {
                check(doc, sub, x, &format!("{at}.{k}"), errors);
            } else if schema["additionalProperties"].is_object() {
                check(
                    doc,
                    &schema["additionalProperties"],
                    x,
                    &format!("{at}.{k}"),
                    errors,
                );
            } else if schema["additionalProperties"] == Value::Bool(false) {
                errors.push(format!("{at}: `{k}` is not allowed"));
            }
        }
    }
    if let Value::Array(items) = v {
        if let Some(min) = schema["minItems"].as_u64() {
            if (items.len() as u64) < min {
                errors.push(format!("{at}: fewer than {min} items"));
            }
        }
        if let Some(max) = schema["maxItems"].as_u64() {
            if (items.len() as u64) > max {
                errors.push(format!("{at}: more than {max} items"));
            }
        }
        if schema["items"].is_object() {
            for (i, x) in items.iter().enumerate() {
                check(doc, &schema["items"], x, &format!("{at}[{i}]"), errors);
            }
        }
    }
}

/// The schema of the 200 (or 201) answer of an operation.
fn answer_schema<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    let responses = &doc["paths"][path][method]["responses"];
    let ok = if responses["200"].is_object() {
        &responses["200"]
    } else {
        &responses["201"]
    };
    let schema = &ok["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{method} {path} documents its answer");
    schema
}

fn assert_valid(doc: &Value, schema: &Value, v: &Value, what: &str) {
    let mut errors = Vec::new();
    check(doc, schema, v, "$", &mut errors);
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

#[tokio::test]
async fn the_typed_answers_validate_against_their_derived_schemas() {
    let doc = json(get("/api/v1/openapi.json").await).await;
    let kb = kb();
    let mut checked = 0;
    for (route, path) in [
        ("/api/v1/health", "/api/v1/health".to_string()),
        ("/api/v1/divergence", "/api/v1/divergence".to_string()),
        (
            "/api/v1/divergence",
            format!(
                "/api/v1/divergence?profile={}&profile={}&profile={}",
                kb.profiles[0].id, kb.profiles[1].id, kb.profiles[2].id
            ),
        ),
        ("/api/v1/implications", "/api/v1/implications".to_string()),
        ("/api/v1/scenarios", "/api/v1/scenarios".to_string()),
        ("/api/v1/profiles", "/api/v1/profiles".to_string()),
        ("/api/v1/authorities", "/api/v1/authorities".to_string()),
    ]
    .into_iter()
    .chain(kb.profiles.iter().map(|p| {
        (
            "/api/v1/profiles/{id}",
            format!("/api/v1/profiles/{}", p.id),
        )
    }))
    .chain(kb.authorities.iter().map(|a| {
        (
            "/api/v1/authorities/{id}",
            format!("/api/v1/authorities/{}", a.id),
        )
    })) {
        let v = json(get(&path).await).await;
        assert_valid(&doc, answer_schema(&doc, route, "get"), &v, &path);
        checked += 1;
    }
    for sem in diligence_argue::Semantics::ALL {
        let audiences =
            std::iter::once("none").chain(kb.debate.audiences.iter().map(|a| a.id.as_str()));
        for audience in audiences {
            let path = format!(
                "/api/v1/debate?semantics={}&audience={audience}",
                sem.abbreviation()
            );
            let res = get(&path).await;
            if res.status() != StatusCode::OK {
                continue;
            }
            let v = json(res).await;
            assert_valid(
                &doc,
                answer_schema(&doc, "/api/v1/debate", "get"),
                &v,
                &path,
            );
            checked += 1;
        }
    }
    for query in ["", "?decisive=true"] {
        let res = send(Method::POST, &format!("/api/v1/assess{query}"), &[], FACTS).await;
        let v = json(res).await;
        assert_valid(
            &doc,
            answer_schema(&doc, "/api/v1/assess", "post"),
            &v,
            "assess",
        );
        checked += 1;
    }
    assert!(checked > 7 + diligence_argue::Semantics::ALL.len() + kb.profiles.len());
}

#[tokio::test]
async fn the_derived_schemas_are_precise() {
    let doc = json(get("/api/v1/openapi.json").await).await;
    let schemas = &doc["components"]["schemas"];
    // Every field of a typed view that the answer always carries is
    // required; closed sets of values are enums.
    for (view, field) in [
        ("DivergenceView", "situations"),
        ("DivergenceView", "distribution"),
        ("ImplicationsView", "catalogue"),
        ("CellView", "status"),
        ("CellView", "rests_on_inference"),
        ("DebateView", "arguments"),
        ("ArgumentView", "label"),
    ] {
        let required = schemas[view]["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{view} has required fields"));
        assert!(
            required.iter().any(|r| r == field),
            "{view}.{field} is required"
        );
    }
    for (name, count) in [
        ("StatusName", diligence_core::Status::NAMES.len()),
        ("LabelName", 3),
        ("SemanticsName", diligence_argue::Semantics::ALL.len()),
    ] {
        assert_eq!(
            schemas[name]["enum"].as_array().map(Vec::len),
            Some(count),
            "{name} is an enum"
        );
    }
    // A value outside its set is caught.
    let mut e = Vec::new();
    check(
        &doc,
        &schemas["StatusName"],
        &Value::from("probably"),
        "$",
        &mut e,
    );
    assert_eq!(e.len(), 1);
}
