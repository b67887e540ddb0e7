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
    // The debate in AIF reads back as the same argument graph.
    let v = json(get("/api/v1/debate?format=aif").await).await;
    assert_valid(
        &doc,
        answer_schema(&doc, "/api/v1/debate", "get"),
        &v,
        "format=aif",
    );
    let map = diligence_report::aif::read(&v.to_string()).expect("AIF reads back");
    assert_eq!(map.attacks, kb.debate.attack_pairs());
    let res = get("/api/v1/debate?format=argdown").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(res).await["field"], "format");
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
        ("DebateView", "audience"),
        ("ArgumentView", "label"),
        ("AssessmentView", "results"),
        ("ResultView", "status"),
        ("ResultView", "rests_on_inference"),
        ("TraceView", "satisfied"),
        ("ProfileView", "superseded_by"),
        ("ProfileView", "obligations"),
        ("CitedProfileView", "citations"),
        ("ObligationView", "knowledge_standard"),
        ("CitedAuthorityView", "citing_values"),
        ("CitedAuthorityView", "debate_arguments"),
        ("CitingValueView", "obligation"),
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
        ("VerdictName", diligence_core::Status::NAMES.len() + 1),
        ("FactName", diligence_core::Fact::NAMES.len()),
        ("ElementName", diligence_core::Element::NAMES.len()),
        (
            "ParameterName",
            diligence_core::obligation::Parameter::NAMES.len(),
        ),
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

// ------------------------------------------------- assessments and strictness

/// The body of `POST /api/v1/assess` for a scenario: its title, notes and
/// facts.
fn assess_body(sc: &diligence_kb::Scenario) -> String {
    let mut body = serde_json::json!({ "title": sc.title, "facts": sc.facts });
    if let Some(notes) = &sc.notes {
        body["notes"] = Value::from(notes.as_str());
    }
    body.to_string()
}

/// Every example scenario of the knowledge base, and two more: one with
/// every fact unknown, one with lists of values and `continuing`.
fn scenarios() -> Vec<diligence_kb::Scenario> {
    let mut out: Vec<diligence_kb::Scenario> =
        kb().scenarios.iter().map(|s| s.scenario.clone()).collect();
    let unknown: String = diligence_core::Fact::NAMES
        .iter()
        .map(|f| format!("{f} = \"unknown\"\n"))
        .collect();
    let lists = r#"domain = ["cyber", "finance"]
conduct_by = "non_state_actor"
territorial_link = ["originates", "transits"]
contrary_to_rights = [true, false]
harm = ["minor", "serious"]
knowledge = "actual"
timing = ["imminent", "ongoing"]
capacity = "feasible"
measures = ["none", "some"]
continuing = true
"#;
    for (title, facts) in [("Nothing known", unknown.as_str()), ("Lists", lists)] {
        let text = format!("title = \"{title}\"\n[facts]\n{facts}");
        out.push(diligence_kb::parse_scenario("x.toml", text.as_bytes()).expect("a scenario"));
    }
    out
}

#[tokio::test]
async fn every_assessment_answer_validates_against_its_derived_schema() {
    let doc = json(get("/api/v1/openapi.json").await).await;
    let schema = answer_schema(&doc, "/api/v1/assess", "post");
    let kb = kb();
    let filter = format!(
        "profile={}&profile={}",
        kb.profiles[0].id, kb.profiles[3].id
    );
    let mut shapes = std::collections::BTreeMap::<&str, usize>::new();
    for sc in scenarios() {
        let body = assess_body(&sc);
        for query in ["", "?decisive=true", &format!("?{filter}")] {
            let res = send(Method::POST, &format!("/api/v1/assess{query}"), &[], &body).await;
            assert_eq!(res.status(), StatusCode::OK, "{} {query}", sc.title);
            let v = json(res).await;
            assert_valid(&doc, schema, &v, &format!("{}{query}", sc.title));
            let results = v["results"].as_array().expect("results");
            for (shape, present) in [
                ("questions", v.get("questions").is_some()),
                ("notes", v["scenario"].get("notes").is_some()),
                (
                    "outcomes",
                    results.iter().any(|r| r.get("outcomes").is_some()),
                ),
                (
                    "decisive",
                    results.iter().any(|r| r.get("decisive").is_some()),
                ),
                (
                    "countermeasure_conditions",
                    results
                        .iter()
                        .any(|r| r.get("countermeasure_conditions").is_some()),
                ),
                (
                    "imputed_by",
                    results.iter().any(|r| {
                        r["rests_on_inference"]
                            .as_array()
                            .is_some_and(|i| i.iter().any(|i| i.get("imputed_by").is_some()))
                    }),
                ),
                (
                    "satisfied null",
                    results.iter().any(|r| {
                        r["trace"]
                            .as_array()
                            .is_some_and(|t| t.iter().any(|e| e["satisfied"].is_null()))
                    }),
                ),
            ] {
                *shapes.entry(shape).or_default() += usize::from(present);
            }
        }
    }
    // Every optional shape of the answer was met, so validated.
    assert_eq!(shapes.len(), 7);
    for (shape, n) in &shapes {
        assert!(*n > 0, "no answer has {shape}");
    }
    // The page's export of a scenario is the same answer.
    let res = get("/assess/export.json?knowledge=unknown").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_valid(&doc, schema, &json(res).await, "/assess/export.json");
}

#[tokio::test]
async fn every_list_of_authorities_and_a_saved_scenario_validate() {
    let doc = json(get("/api/v1/openapi.json").await).await;
    for q in [
        "",
        "?q=corfu",
        "?q=cyber%20due%20diligence",
        "?q=nothing-matches-this",
    ] {
        let path = format!("/api/v1/authorities{q}");
        let v = json(get(&path).await).await;
        assert_valid(
            &doc,
            answer_schema(&doc, "/api/v1/authorities", "get"),
            &v,
            &path,
        );
    }
    let body = format!(r#"{{"title": "Validated", "notes": "A narrative.", "facts": {FACTS}}}"#);
    let res = send(Method::POST, "/api/v1/scenarios", &[], &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let saved = json(res).await;
    assert_valid(
        &doc,
        answer_schema(&doc, "/api/v1/scenarios", "post"),
        &saved,
        "saved",
    );
    let path = format!("/api/v1/scenarios/{}", saved["id"].as_str().expect("an id"));
    let v = json(get(&path).await).await;
    assert_valid(
        &doc,
        answer_schema(&doc, "/api/v1/scenarios/{id}", "get"),
        &v,
        &path,
    );
}

/// A copy of `v` with the value at `path` (keys and indices) changed by
/// `edit`.
fn edited(v: &Value, path: &[&str], edit: impl FnOnce(&mut Value)) -> Value {
    let mut out = v.clone();
    let mut at = &mut out;
    for key in path {
        at = match key.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[*key],
        };
    }
    edit(at);
    out
}

/// The number of errors the validator finds in `v`.
fn errors(doc: &Value, schema: &Value, v: &Value) -> usize {
    let mut e = Vec::new();
    check(doc, schema, v, "$", &mut e);
    e.len()
}

#[tokio::test]
async fn the_schemas_reject_what_the_server_never_sends() {
    let doc = json(get("/api/v1/openapi.json").await).await;
    let kb = kb();
    let uncertain = kb
        .scenarios
        .iter()
        .find(|s| s.scenario.facts.as_definite().is_none())
        .expect("an uncertain example");
    let body = assess_body(&uncertain.scenario);
    let assess = json(send(Method::POST, "/api/v1/assess?decisive=true", &[], &body).await).await;
    let state = kb
        .profiles
        .iter()
        .find(|p| kb.later_statement(p).is_some())
        .expect("a superseded statement");
    let profile = json(get(&format!("/api/v1/profiles/{}", state.id)).await).await;
    let profiles = json(get("/api/v1/profiles").await).await;
    let authority = json(get("/api/v1/authorities/corfu-channel-1949").await).await;
    let authorities = json(get("/api/v1/authorities").await).await;
    let remove = |key: &'static str| {
        move |v: &mut Value| {
            v.as_object_mut().expect("an object").remove(key);
        }
    };
    let set = |x: Value| move |v: &mut Value| *v = x.clone();
    let add = |key: &'static str, x: Value| {
        move |v: &mut Value| {
            v.as_object_mut()
                .expect("an object")
                .insert(key.into(), x.clone());
        }
    };
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, &str, &Value, Vec<&str>, Edit)> = vec![
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["results", "0", "status"],
            Box::new(set("probably".into())),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["results", "0"],
            Box::new(remove("trace")),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["results", "0"],
            Box::new(add("verdict", "breach".into())),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["results", "0", "outcomes", "0", "when"],
            Box::new(set(serde_json::json!([{ "harm": ["enormous"] }]))),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["results", "0", "trace", "0", "element"],
            Box::new(set("mood".into())),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["results", "0", "trace", "0"],
            Box::new(remove("satisfied")),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["results", "0", "decisive", "0", "fact"],
            Box::new(set("weather".into())),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["questions", "0"],
            Box::new(remove("relevant")),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["scenario"],
            Box::new(add("notes", Value::Null)),
        ),
        (
            "/api/v1/assess",
            "post",
            &assess,
            vec!["scenario", "facts"],
            Box::new(remove("harm")),
        ),
        (
            "/api/v1/profiles/{id}",
            "get",
            &profile,
            vec![],
            Box::new(remove("citations")),
        ),
        (
            "/api/v1/profiles/{id}",
            "get",
            &profile,
            vec![],
            Box::new(remove("superseded_by")),
        ),
        (
            "/api/v1/profiles/{id}",
            "get",
            &profile,
            vec!["kind"],
            Box::new(set("planet".into())),
        ),
        (
            "/api/v1/profiles/{id}",
            "get",
            &profile,
            vec!["obligations", "0", "harm_threshold"],
            Box::new(set("unspecified".into())),
        ),
        (
            "/api/v1/profiles/{id}",
            "get",
            &profile,
            vec!["obligations", "0", "provenance"],
            Box::new(remove("binding")),
        ),
        (
            "/api/v1/profiles/{id}",
            "get",
            &profile,
            vec!["provenance", "basis", "provenance"],
            Box::new(set("rumoured".into())),
        ),
        (
            "/api/v1/profiles",
            "get",
            &profiles,
            vec!["0"],
            Box::new(add("citations", serde_json::json!([]))),
        ),
        (
            "/api/v1/profiles",
            "get",
            &profiles,
            vec!["0", "year"],
            Box::new(set("recent".into())),
        ),
        (
            "/api/v1/authorities/{id}",
            "get",
            &authority,
            vec![],
            Box::new(remove("citing_values")),
        ),
        (
            "/api/v1/authorities/{id}",
            "get",
            &authority,
            vec!["citing_values", "0", "parameter"],
            Box::new(set("colour".into())),
        ),
        (
            "/api/v1/authorities/{id}",
            "get",
            &authority,
            vec!["known_from"],
            Box::new(set(serde_json::json!(["elsewhere"]))),
        ),
        (
            "/api/v1/authorities",
            "get",
            &authorities,
            vec!["0"],
            Box::new(add("debate_arguments", serde_json::json!([]))),
        ),
        (
            "/api/v1/authorities",
            "get",
            &authorities,
            vec!["0"],
            Box::new(add("year", Value::Null)),
        ),
    ];
    for (route, method, answer, path, edit) in cases {
        let schema = answer_schema(&doc, route, method);
        assert_eq!(errors(&doc, schema, answer), 0, "{route} as sent");
        let bad = edited(answer, &path, edit);
        assert_ne!(&bad, answer, "{route} {path:?} is changed");
        assert!(
            errors(&doc, schema, &bad) > 0,
            "{route}: {path:?} edited is rejected"
        );
    }
}

/// Every schema the document's answers (200 and 201) reach, by `$ref`,
/// properties, items and `oneOf`, each with its name or path.
fn answer_schemas(doc: &Value) -> Vec<(String, Value)> {
    let mut todo: Vec<(String, Value)> = Vec::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            for code in ["200", "201"] {
                let s = &op["responses"][code]["content"]["application/json"]["schema"];
                if s.is_object() {
                    todo.push((format!("{method} {path}"), s.clone()));
                }
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    while let Some((at, s)) = todo.pop() {
        if let Some(r) = s["$ref"].as_str() {
            let name = r.trim_start_matches("#/components/schemas/").to_string();
            if !seen.contains(&name) {
                seen.push(name.clone());
                todo.push((name.clone(), doc["components"]["schemas"][&name].clone()));
            }
            continue;
        }
        for (k, p) in s["properties"].as_object().into_iter().flatten() {
            todo.push((format!("{at}.{k}"), p.clone()));
        }
        for sub in s["oneOf"].as_array().into_iter().flatten() {
            todo.push((at.clone(), sub.clone()));
        }
        if s["items"].is_object() {
            todo.push((format!("{at}[]"), s["items"].clone()));
        }
        out.push((at, s));
    }
    out
}

#[tokio::test]
async fn the_answers_schemas_are_closed_and_null_only_where_sent() {
    let doc = json(get("/api/v1/openapi.json").await).await;
    let all = answer_schemas(&doc);
    assert!(all.len() > 100, "{} schemas", all.len());
    for (at, s) in &all {
        let Some(props) = s["properties"].as_object() else {
            continue;
        };
        // No key outside the view is allowed.
        assert_eq!(
            s["additionalProperties"],
            Value::Bool(false),
            "{at} is closed"
        );
        let required: Vec<&str> = s["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (k, p) in props {
            let nullable = p["type"]
                .as_array()
                .is_some_and(|t| t.contains(&Value::from("null")))
                || p["oneOf"]
                    .as_array()
                    .is_some_and(|o| o.iter().any(|x| x["type"] == "null"));
            // An optional key is left out, never sent as null; a key that
            // can be null is always sent.
            assert!(!nullable || required.contains(&k.as_str()), "{at}.{k}");
        }
    }
    for (at, s) in &all {
        if let Some(names) = s["enum"].as_array() {
            let mut unique = names.clone();
            unique.sort_by_key(Value::to_string);
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{at}: each value once");
        }
    }
}

#[tokio::test]
async fn the_data_package_downloads_as_a_zip() {
    let res = get("/api/v1/export").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(content_type(&res), "application/zip");
    let disposition = res
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"diligence-knowledge-base-"),
        "{disposition}"
    );
    let bytes = to_bytes(res.into_body(), 1 << 26).await.expect("a body");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let expected =
        diligence_report::datapackage::files(kb(), env!("CARGO_PKG_VERSION")).expect("the files");
    assert_eq!(archive.len(), expected.len());
    for (name, bytes) in expected {
        let folder = format!("diligence-knowledge-base-{}", env!("CARGO_PKG_VERSION"));
        let mut f = archive
            .by_name(&format!("{folder}/{name}"))
            .expect("in the zip");
        let mut read = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut read).expect("read");
        assert_eq!(read, bytes, "{name}");
    }
}

#[tokio::test]
async fn the_authorities_download_for_reference_managers() {
    use diligence_report::bibliography::{write, Format};
    for format in Format::ALL {
        for q in ["", "&q=corfu"] {
            let res = get(&format!("/api/v1/authorities?format={}{q}", format.name())).await;
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(content_type(&res), format.media_type());
            let disposition = res.headers()[header::CONTENT_DISPOSITION]
                .to_str()
                .expect("ASCII")
                .to_owned();
            assert!(
                disposition.ends_with(&format!(".{}\"", format.extension())),
                "{disposition}"
            );
            let words: Vec<String> = q
                .strip_prefix("&q=")
                .map(|w| vec![w.to_owned()])
                .unwrap_or_default();
            let expected = write(format, &kb().search(&words));
            assert_eq!(text(res).await, expected, "{} {q}", format.name());
        }
    }
    // A profile's own authorities, each once.
    let p = &kb().profiles[0];
    let res = get(&format!("/api/v1/authorities?format=ris&profile={}", p.id)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let ris = text(res).await;
    let mut ids: Vec<String> = ris
        .lines()
        .filter_map(|l| l.strip_prefix("ID  - "))
        .map(str::to_owned)
        .collect();
    let mut cited = p.authorities();
    ids.sort();
    cited.sort();
    assert_eq!(ids, cited);
    let res = get("/api/v1/authorities?format=ris&profile=no-such-profile").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(res).await["field"], "profile");
    let res = get("/api/v1/authorities?format=endnote-xml").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(res).await["field"], "format");
}

#[tokio::test]
async fn the_memo_writes_citations_in_oscola_style_or_in_the_short_form_asked_for() {
    let manual = kb().authority("tallinn-manual-2").expect("shipped");
    let base = format!("/assess/report?trace={}", manual.id);
    let res = get(&base).await;
    assert_eq!(res.status(), StatusCode::OK);
    let oscola = text(res).await;
    let res = get(&format!("{base}&citations=short")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let short = text(res).await;
    // OSCOLA sets the book's title in italics; the short form quotes it.
    let italic = format!(
        "<i>{}</i>{}",
        manual.title,
        manual
            .oscola(None)
            .plain()
            .trim_start_matches(manual.title.as_str())
    );
    assert!(oscola.contains(&italic), "{italic}");
    assert!(!oscola.contains(&manual.citation(None)));
    assert!(short.contains(&manual.citation(None)));
    assert!(!short.contains(&italic));
    // The permalink, the Word link and the trace picker keep the style.
    assert!(!oscola.contains("citations=short"));
    assert!(short.matches("citations=short").count() >= 2, "{short}");
    assert!(short.contains(r#"name="citations" value="short""#));
    let res = get(&format!(
        "/assess/report.docx?trace={}&citations=short",
        manual.id
    ))
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = get(&format!("{base}&citations=chicago")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = text(res).await;
    assert!(page.contains("oscola") && page.contains("short"), "{page}");
}
