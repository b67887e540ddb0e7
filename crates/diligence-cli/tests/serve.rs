//! `diligence serve` end to end: a real server process on a free loopback
//! port, driven over HTTP. The API answers exactly what the command line
//! prints; bad input is a 4xx problem naming the field; saved scenarios
//! survive a restart and a killed process; pages escape what users typed and
//! carry a strict Content Security Policy.

use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod common;
use common::Server;

impl Server {
    /// Posts a JSON body to `path`.
    fn post_json(&self, http: &Client, path: &str, body: &str) -> reqwest::blocking::Response {
        http.post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .expect("answers")
    }
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(20))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/scenarios")
}

#[test]
fn assess_answers_exactly_what_the_command_line_prints() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let http = client();
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("the examples")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    for file in &files {
        let cli = Command::new(env!("CARGO_BIN_EXE_diligence"))
            .args(["assess", "--format", "json"])
            .arg(file)
            .output()
            .expect("assess runs");
        assert!(cli.status.success());
        let bytes = std::fs::read(file).expect("readable");
        let sc = diligence_kb::parse_scenario("x.toml", &bytes).expect("a valid example");
        let mut body = json!({ "title": sc.title, "facts": sc.facts });
        if let Some(n) = &sc.notes {
            body["notes"] = json!(n);
        }
        let res = http
            .post(server.url("/api/v1/assess"))
            .json(&body)
            .send()
            .expect("assess answers");
        assert_eq!(res.status(), 200, "{}", file.display());
        assert_eq!(
            res.headers()["content-type"],
            "application/json",
            "{}",
            file.display()
        );
        let text = res.text().expect("a body");
        assert_eq!(
            text,
            String::from_utf8(cli.stdout).expect("UTF-8"),
            "{}: the API and the command line differ",
            file.display()
        );
    }
}

/// The facts of the standard example as TOML values, in the spec's order.
const STANDARD: [(&str, &str); 9] = [
    ("domain", "\"cyber\""),
    ("conduct_by", "\"non_state_actor\""),
    ("territorial_link", "\"originates\""),
    ("contrary_to_rights", "true"),
    ("harm", "\"serious\""),
    ("knowledge", "\"notified\""),
    ("timing", "\"ongoing\""),
    ("capacity", "\"feasible\""),
    ("measures", "\"none\""),
];

/// Scenarios with uncertain facts (and one definite), as changes to the
/// standard facts written in TOML: a fact unknown, a list of values,
/// booleans in a list, `continuing` given, every fact unknown.
const UNCERTAIN: &[(&str, &[(&str, &str)])] = &[
    ("knowledge-unknown", &[("knowledge", "\"unknown\"")]),
    (
        "knowledge-notified-or-actual",
        &[("knowledge", "[\"notified\", \"actual\"]")],
    ),
    (
        "harm-timing-continuing",
        &[
            ("harm", "\"unknown\""),
            ("timing", "[\"ongoing\", \"completed\"]"),
            ("continuing", "[true, false]"),
        ],
    ),
    (
        "rights-domain-conduct",
        &[
            ("contrary_to_rights", "[true, false]"),
            ("domain", "[\"cyber\", \"finance\"]"),
            ("conduct_by", "\"unknown\""),
            ("measures", "[\"some\", \"all_feasible\"]"),
        ],
    ),
    (
        "everything-unknown",
        &[
            ("domain", "\"unknown\""),
            ("conduct_by", "\"unknown\""),
            ("territorial_link", "\"unknown\""),
            ("contrary_to_rights", "\"unknown\""),
            ("harm", "\"unknown\""),
            ("knowledge", "\"unknown\""),
            ("timing", "\"unknown\""),
            ("capacity", "\"unknown\""),
            ("measures", "\"unknown\""),
            ("continuing", "\"unknown\""),
        ],
    ),
    ("definite-continuing", &[("continuing", "true")]),
];

/// The scenario file of one entry of [`UNCERTAIN`]: the standard facts
/// with its changes, `continuing` last when given.
fn uncertain_toml(name: &str, changes: &[(&str, &str)]) -> String {
    let mut out = format!("title = \"Uncertain: {name}\"\n\n[facts]\n");
    let value = |fact: &str, standard: &str| {
        changes
            .iter()
            .find(|(f, _)| *f == fact)
            .map_or(standard.to_string(), |(_, v)| (*v).to_string())
    };
    for (fact, standard) in STANDARD {
        out.push_str(&format!("{fact} = {}\n", value(fact, standard)));
    }
    if let Some((_, v)) = changes.iter().find(|(f, _)| *f == "continuing") {
        out.push_str(&format!("continuing = {v}\n"));
    }
    out
}

/// The command line's JSON for a scenario file, with `--decisive` or not.
fn cli_json(file: &Path, decisive: bool) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_diligence"));
    cmd.args(["assess", "--format", "json"]).arg(file);
    if decisive {
        cmd.arg("--decisive");
    }
    let out = cmd.output().expect("assess runs");
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn uncertain_scenarios_answer_exactly_what_the_command_line_prints() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(&dir.path().join("data"));
    let http = client();
    for (name, changes) in UNCERTAIN {
        let file = dir.path().join(format!("{name}.toml"));
        std::fs::write(&file, uncertain_toml(name, changes)).expect("written");
        let bytes = std::fs::read(&file).expect("readable");
        let sc = diligence_kb::parse_scenario("x.toml", &bytes).expect("a valid scenario");
        let body = json!({ "title": sc.title, "facts": sc.facts });
        for (query, decisive) in [
            ("", false),
            ("?decisive=false", false),
            ("?decisive=true", true),
        ] {
            let res = http
                .post(server.url(&format!("/api/v1/assess{query}")))
                .json(&body)
                .send()
                .expect("assess answers");
            assert_eq!(res.status(), 200, "{name}{query}");
            let text = res.text().expect("a body");
            assert_eq!(
                text,
                cli_json(&file, decisive),
                "{name}{query}: the API and the command line differ"
            );
            let v: Value = serde_json::from_str(&text).expect("JSON");
            let results = v["results"].as_array().expect("results");
            assert_eq!(results.len(), 34, "{name}");
            let definite = name.starts_with("definite");
            assert_eq!(v["questions"].is_array(), !definite, "{name}: questions");
            for r in results {
                assert_eq!(r["outcomes"].is_array(), !definite, "{name}: outcomes");
                assert_eq!(
                    r["decisive"].is_array(),
                    decisive,
                    "{name}{query}: decisive"
                );
            }
        }
    }
    // Bare uncertain facts too.
    let facts = json!({
        "domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "originates",
        "contrary_to_rights": true, "harm": "serious", "knowledge": ["notified", "actual"],
        "timing": "ongoing", "capacity": "feasible", "measures": "none"
    });
    let v: Value = http
        .post(server.url("/api/v1/assess?profile=corfu-channel-literal&decisive=true"))
        .json(&facts)
        .send()
        .expect("answers")
        .json()
        .expect("JSON");
    assert_eq!(v["scenario"]["facts"], facts);
    let corfu = &v["results"][0];
    assert_eq!(corfu["status"], "undetermined");
    assert_eq!(
        corfu["outcomes"],
        json!([
            { "status": "breach", "countermeasures": true, "when": [ { "knowledge": ["actual"] } ] },
            { "status": "not_triggered", "countermeasures": false, "when": [ { "knowledge": ["notified"] } ] }
        ])
    );
    assert_eq!(
        v["questions"],
        json!([{ "fact": "knowledge", "undetermined_after": 0, "relevant": 1 }])
    );
}

#[test]
fn bad_uncertain_facts_are_a_422_naming_the_field() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let http = client();
    let post = |path: &str, body: &str| server.post_json(&http, path, body);
    let rest = r#""domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":true,"harm":"serious","timing":"ongoing","capacity":"feasible","measures":"none""#;
    let knowledge = |value: &str| format!("{{{rest},\"knowledge\":{value}}}");
    let allowed = json!(["none", "constructive", "notified", "actual"]);
    // An empty list.
    let p = problem(
        post("/api/v1/assess", &knowledge("[]")),
        422,
        Some("knowledge"),
    );
    assert_eq!(p["allowed"], allowed);
    // A value repeated in a list.
    let p = problem(
        post("/api/v1/assess", &knowledge(r#"["actual","actual"]"#)),
        422,
        Some("knowledge"),
    );
    assert_eq!(p["value"], "actual");
    // A value outside the fact's list, in a list.
    let p = problem(
        post("/api/v1/assess", &knowledge(r#"["notified","grave"]"#)),
        422,
        Some("knowledge"),
    );
    assert_eq!(p["value"], "grave");
    assert_eq!(p["allowed"], allowed);
    // A misspelt `unknown`.
    let p = problem(
        post("/api/v1/assess", &knowledge(r#""unknwon""#)),
        422,
        Some("knowledge"),
    );
    assert_eq!(p["value"], "unknwon");
    // `unknown` inside a list.
    let p = problem(
        post("/api/v1/assess", &knowledge(r#"["unknown","actual"]"#)),
        422,
        Some("knowledge"),
    );
    assert_eq!(p["value"], "unknown");
    // A fact given twice.
    problem(
        post(
            "/api/v1/assess",
            &format!(r#"{{{rest},"knowledge":"actual","knowledge":"none"}}"#),
        ),
        422,
        Some("knowledge"),
    );
    // The same inside a scenario object, named with its path.
    problem(
        post(
            "/api/v1/assess",
            &format!(r#"{{"title":"t","facts":{{{rest},"knowledge":"actual","continuing":[]}}}}"#),
        ),
        422,
        Some("facts.continuing"),
    );
    problem(
        post(
            "/api/v1/scenarios",
            &format!(r#"{{"title":"t","facts":{{{rest},"knowledge":["notified","notified"]}}}}"#),
        ),
        422,
        Some("facts.knowledge"),
    );
    let p = problem(
        post(
            "/api/v1/assess",
            r#"{"facts":{"domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":[true,true],"harm":"serious","knowledge":"actual","timing":"ongoing","capacity":"feasible","measures":"none"}}"#,
        ),
        422,
        Some("facts.contrary_to_rights"),
    );
    assert_eq!(p["allowed"], json!(["true", "false"]));
    // The decisive flag is true or false.
    let good = knowledge(r#""unknown""#);
    let p = problem(
        post("/api/v1/assess?decisive=maybe", &good),
        400,
        Some("decisive"),
    );
    assert_eq!(p["value"], "maybe");
    assert_eq!(p["allowed"], json!(["true", "false"]));
    problem(
        post("/api/v1/assess?decisive=true&decisive=true", &good),
        400,
        Some("decisive"),
    );
}

#[test]
fn bare_facts_and_a_profile_filter() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let facts = json!({
        "domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "originates",
        "contrary_to_rights": true, "harm": "serious", "knowledge": "notified",
        "timing": "ongoing", "capacity": "feasible", "measures": "none"
    });
    let v: Value = client()
        .post(server.url("/api/v1/assess?profile=tallinn-manual-2&profile=corfu-channel-literal"))
        .json(&facts)
        .send()
        .expect("answers")
        .json()
        .expect("JSON");
    assert_eq!(v["scenario"]["title"], "Untitled scenario");
    assert_eq!(v["scenario"]["facts"], facts);
    let results = v["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    // In the knowledge base's order, whatever the order asked, as
    // `diligence assess --profile` prints them.
    assert_eq!(results[0]["profile"], "corfu-channel-literal");
    assert_eq!(results[0]["status"], "not_triggered");
    assert_eq!(results[1]["profile"], "tallinn-manual-2");
    assert_eq!(results[1]["status"], "breach");
    assert_eq!(results[1]["countermeasures"], true);
}

/// Sends a request and checks the status, the problem media type and the
/// field named; returns the problem.
fn problem(res: reqwest::blocking::Response, status: u16, field: Option<&str>) -> Value {
    assert_eq!(res.status().as_u16(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: Value = res.json().expect("a problem document");
    assert_eq!(p["status"], status);
    assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(p["field"].as_str(), field, "{p}");
    p
}

#[test]
fn bad_input_is_a_4xx_problem_naming_the_field() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let http = client();
    let post = |path: &str, body: &str| server.post_json(&http, path, body);
    let good = r#""domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":true,"knowledge":"notified","timing":"ongoing","capacity":"feasible","measures":"none""#;
    problem(post("/api/v1/assess", "not json"), 400, None);
    problem(post("/api/v1/assess", "[1,2]"), 400, None);
    problem(post("/api/v1/assess", ""), 400, None);
    let p = problem(
        post("/api/v1/assess", &format!("{{{good}}}")),
        422,
        Some("harm"),
    );
    assert_eq!(
        p["allowed"],
        json!(["none", "minor", "significant", "serious"])
    );
    let p = problem(
        post("/api/v1/assess", &format!("{{{good},\"harm\":\"grave\"}}")),
        422,
        Some("harm"),
    );
    assert_eq!(p["value"], "grave");
    assert_eq!(p["allowed"][3], "serious");
    problem(
        post("/api/v1/assess", &format!("{{{good},\"harm\":3}}")),
        422,
        Some("harm"),
    );
    problem(
        post(
            "/api/v1/assess",
            &format!("{{{good},\"harm\":\"serious\",\"hram\":\"x\"}}"),
        ),
        422,
        Some("hram"),
    );
    problem(
        post(
            "/api/v1/assess",
            &format!("{{\"title\":\"t\",\"facts\":{{{good},\"harm\":\"serious\",\"contrary_to_rights\":\"yes\"}}}}"),
        ),
        422,
        Some("facts.contrary_to_rights"),
    );
    problem(
        post("/api/v1/assess", r#"{"title":"t","facts":[]}"#),
        422,
        Some("facts"),
    );
    let long = "x".repeat(201);
    problem(
        post(
            "/api/v1/scenarios",
            &format!("{{\"title\":\"{long}\",\"facts\":{{{good},\"harm\":\"serious\"}}}}"),
        ),
        422,
        Some("title"),
    );
    let full = format!("{{{good},\"harm\":\"serious\"}}");
    let p = problem(
        post("/api/v1/assess?profile=usa-2022", &full),
        404,
        Some("profile"),
    );
    assert!(p["detail"].as_str().expect("detail").contains("usa-2021"));
    problem(post("/api/v1/assess?bogus=1", &full), 400, Some("bogus"));
    let huge = format!("{{\"title\":\"{}\",\"facts\":{full}}}", "x".repeat(70_000));
    assert_eq!(post("/api/v1/assess", &huge).status(), 413);
    let get = |path: &str| http.get(server.url(path)).send().expect("answers");
    problem(
        get("/api/v1/profiles/no-such-profile"),
        404,
        Some("profile"),
    );
    problem(
        get("/api/v1/authorities/no-such-authority"),
        404,
        Some("id"),
    );
    problem(get("/api/v1/scenarios/abc"), 404, Some("id"));
    problem(get("/api/v1/scenarios/999999"), 404, Some("id"));
    problem(get("/api/v1/debate?semantics=XX"), 400, Some("semantics"));
    problem(get("/api/v1/debate?audience=nobody"), 400, Some("audience"));
    problem(
        get("/api/v1/divergence?profile=gge-2015"),
        400,
        Some("profile"),
    );
    problem(get("/api/v1/no-such-endpoint"), 404, None);
}

/// An owner cookie, as a browser would send it back.
const OWNER: &str = "diligence_owner=0123456789abcdef0123456789abcdef";
/// Another browser's owner cookie.
const OTHER: &str = "diligence_owner=fedcba9876543210fedcba9876543210";

#[test]
fn saved_scenarios_survive_a_restart() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let http = client();
    let body = json!({ "title": "Botnet routed through State B", "notes": "n",
        "facts": { "domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "transits",
        "contrary_to_rights": true, "harm": "significant", "knowledge": "actual",
        "timing": "ongoing", "capacity": "limited", "measures": "some" } });
    let (id, kept, cookie) = {
        let server = Server::start(dir.path());
        let res = http
            .post(server.url("/api/v1/scenarios"))
            .json(&body)
            .send()
            .expect("saves");
        assert_eq!(res.status(), 201);
        let location = res.headers()["location"]
            .to_str()
            .expect("text")
            .to_string();
        // A client without an owner cookie is given one.
        let set_cookie = res.headers()["set-cookie"]
            .to_str()
            .expect("text")
            .to_string();
        assert!(set_cookie.starts_with("diligence_owner="), "{set_cookie}");
        for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
            assert!(set_cookie.contains(attr), "{set_cookie} lacks {attr}");
        }
        assert!(!set_cookie.contains("Secure"), "plain http: {set_cookie}");
        let cookie = set_cookie
            .split(';')
            .next()
            .expect("a name=value")
            .to_string();
        let saved: Value = res.json().expect("JSON");
        let id = saved["id"].as_str().expect("an id").to_string();
        assert_eq!(id.len(), 32, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        assert_eq!(location, format!("/api/v1/scenarios/{id}"));
        let res = http
            .post(server.url("/api/v1/scenarios"))
            .header("cookie", &cookie)
            .json(&body["facts"])
            .send()
            .expect("saves");
        assert!(
            res.headers().get("set-cookie").is_none(),
            "a client with an owner cookie keeps it"
        );
        let other: Value = res.json().expect("JSON");
        let gone = other["id"].as_str().expect("an id").to_string();
        // Another client, or none, cannot delete it.
        for who in [None, Some(OTHER)] {
            let mut req = http.delete(server.url(&format!("/api/v1/scenarios/{gone}")));
            if let Some(c) = who {
                req = req.header("cookie", c);
            }
            let res = req.send().expect("answers");
            assert_eq!(res.status(), 403, "{who:?}");
        }
        let del = http
            .delete(server.url(&format!("/api/v1/scenarios/{gone}")))
            .header("cookie", &cookie)
            .send()
            .expect("deletes");
        assert_eq!(del.status(), 204);
        let again = http
            .delete(server.url(&format!("/api/v1/scenarios/{gone}")))
            .header("cookie", &cookie)
            .send()
            .expect("answers");
        assert_eq!(again.status(), 404);
        (id, saved, cookie)
    };
    let server = Server::start(dir.path());
    // Anyone with the id reads it.
    let got: Value = http
        .get(server.url(&format!("/api/v1/scenarios/{id}")))
        .send()
        .expect("answers")
        .json()
        .expect("JSON");
    assert_eq!(got, kept);
    assert_eq!(got["facts"], body["facts"]);
    assert!(got.get("owner").is_none(), "the owner is never sent");
    let list = |cookie: Option<&str>| -> Value {
        let mut req = http.get(server.url("/api/v1/scenarios"));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().expect("answers").json().expect("JSON")
    };
    assert_eq!(list(Some(&cookie)).as_array().map(Vec::len), Some(1));
    assert_eq!(list(None).as_array().map(Vec::len), Some(0));
    assert_eq!(list(Some(OTHER)).as_array().map(Vec::len), Some(0));
}

/// The web pages: another browser opens a saved scenario by its link,
/// read-only, but neither lists nor deletes it.
#[test]
fn another_browser_opens_a_shared_link_read_only() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let http = client();
    let res = http
        .post(server.url("/scenarios"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("title=Mine&harm=minor")
        .send()
        .expect("answers");
    assert_eq!(res.status(), 303);
    let set_cookie = res.headers()["set-cookie"].to_str().expect("text");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"));
    let cookie = set_cookie
        .split(';')
        .next()
        .expect("name=value")
        .to_string();
    let page = res.headers()["location"]
        .to_str()
        .expect("text")
        .to_string();
    let id = page.trim_start_matches("/scenarios/").to_string();
    assert_eq!(id.len(), 32, "{page}");
    let get = |path: &str, cookie: Option<&str>| {
        let mut req = http.get(server.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = req.send().expect("answers");
        (res.status().as_u16(), res.text().expect("HTML"))
    };
    let delete_form = format!("action=\"/scenarios/{id}/delete\"");
    // The owner sees it listed and may delete it.
    let (status, html) = get(&page, Some(&cookie));
    assert_eq!(status, 200);
    assert!(html.contains(&delete_form));
    let (_, html) = get("/scenarios", Some(&cookie));
    assert!(html.contains(&format!("href=\"{page}\"")));
    for other in [None, Some(OTHER)] {
        let (status, html) = get(&page, other);
        assert_eq!(status, 200, "{other:?} opens the link");
        assert!(html.contains("Mine"));
        assert!(
            !html.contains(&delete_form),
            "{other:?} sees no delete button"
        );
        assert!(html.contains("Read-only"));
        let (_, html) = get("/scenarios", other);
        assert!(
            !html.contains(&format!("href=\"{page}\"")),
            "{other:?} lists it"
        );
        assert!(html.contains("Scenarios you save in this browser are listed here; a shared link opens a scenario read-only."));
        let mut req = http
            .post(server.url(&format!("{page}/delete")))
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = other {
            req = req.header("cookie", c);
        }
        let res = req.send().expect("answers");
        assert_eq!(res.status(), 403, "{other:?} deletes");
        assert!(res
            .text()
            .expect("HTML")
            .contains("Only the browser that saved this scenario can delete it"));
    }
    // The row id is no address.
    assert_eq!(get("/scenarios/1", None).0, 404);
    let res = http
        .post(server.url(&format!("{page}/delete")))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", &cookie)
        .send()
        .expect("answers");
    assert_eq!(res.status(), 303);
    assert_eq!(get(&page, Some(&cookie)).0, 404);
}

#[test]
fn a_killed_server_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let base = server.base.clone();
    let writer = std::thread::spawn(move || {
        let http = client();
        let mut acknowledged: Vec<(String, String)> = Vec::new();
        for k in 0..100_000 {
            let title = format!("write {k}");
            let body = json!({ "title": title, "facts": {
                "domain": "finance", "conduct_by": "non_state_actor", "territorial_link": "originates",
                "contrary_to_rights": false, "harm": "serious", "knowledge": "actual",
                "timing": "completed", "capacity": "feasible", "measures": "none" } });
            match http
                .post(format!("{base}/api/v1/scenarios"))
                .header("cookie", OWNER)
                .json(&body)
                .send()
            {
                Ok(res) if res.status() == 201 => {
                    let v: Value = match res.json() {
                        Ok(v) => v,
                        Err(_) => break,
                    };
                    acknowledged.push((v["id"].as_str().unwrap_or("?").to_string(), title));
                }
                _ => break,
            }
        }
        acknowledged
    });
    std::thread::sleep(Duration::from_millis(1500));
    server.kill();
    let acknowledged = writer.join().expect("the writer finishes");
    assert!(
        acknowledged.len() >= 5,
        "only {} writes before the kill",
        acknowledged.len()
    );
    let server = Server::start(dir.path());
    let list: Value = client()
        .get(server.url("/api/v1/scenarios"))
        .header("cookie", OWNER)
        .send()
        .expect("answers")
        .json()
        .expect("JSON");
    let stored: Vec<(String, String)> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or("!").to_string(),
                v["title"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for ack in &acknowledged {
        assert!(
            stored.contains(ack),
            "acknowledged write {ack:?} is lost after the kill"
        );
    }
}

#[test]
fn pages_escape_user_text_load_nothing_from_outside_and_carry_a_strict_csp() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let http = client();
    let saved: Value = http
        .post(server.url("/api/v1/scenarios"))
        .json(&json!({ "title": "<script>alert(1)</script>", "facts": {
            "domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "originates",
            "contrary_to_rights": true, "harm": "serious", "knowledge": "notified",
            "timing": "ongoing", "capacity": "feasible", "measures": "none" } }))
        .send()
        .expect("saves")
        .json()
        .expect("JSON");
    let id = saved["id"].as_str().expect("an id").to_string();
    let scenario_page = format!("/scenarios/{id}");
    let pages = [
        "/",
        "/?question=knowledge",
        "/profiles/fra-2019",
        "/profiles/usa-2016",
        "/authorities/corfu-channel-1949",
        "/authorities/general-obligation-2024",
        "/assess",
        "/assess?title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&harm=minor",
        "/assess/report?knowledge=actual",
        "/assess?knowledge=notified,actual&harm=unknown",
        "/assess/report?knowledge=unknown&title=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/assess/report?knowledge=unknown&ts=%3Cscript%3Ealert(1)%3C%2Fscript%3E&as=%3Cscript%3Ealert(1)%3C%2Fscript%3E&nar=%3Cscript%3Ealert(1)%3C%2Fscript%3E&trace=tallinn-manual-2",
        "/assess?ts=%3Cscript%3Ealert(1)%3C%2Fscript%3E&nar=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/assess/interview?knowledge=unknown&title=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/assess/interview?knowledge=unknown&skip=knowledge",
        "/compare?profile=corfu-channel-literal&profile=gge-2021&knowledge=notified,actual",
        "/compare",
        "/compare?profile=tallinn-manual-2&profile=gge-2021",
        "/debate?semantics=PR&audience=general-obligation",
        "/implications",
        "/authorities?q=corfu",
        "/scenarios",
        scenario_page.as_str(),
    ];
    for page in pages {
        let res = http.get(server.url(page)).send().expect("answers");
        assert_eq!(res.status(), 200, "{page}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .expect("text")
            .to_string();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe-inline"));
        let html = res.text().expect("HTML");
        assert!(!html.contains("<script>alert(1)"), "{page} runs user text");
        for attr in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "url(http",
        ] {
            assert!(!html.contains(attr), "{page} loads from outside: {attr}");
        }
        assert!(!html.contains("style=\""), "{page} has an inline style");
    }
    let html = http
        .get(server.url(&scenario_page))
        .send()
        .expect("answers")
        .text()
        .expect("HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let res = http
        .get(server.url("/no/such/page"))
        .send()
        .expect("answers");
    assert_eq!(res.status(), 404);
    let form = |headers: &[(&str, &str)], body: &str| {
        let mut req = http
            .post(server.url("/scenarios"))
            .header("content-type", "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(body.to_string()).send().expect("answers")
    };
    let cross_origin = form(&[("origin", "http://evil.example")], "title=x");
    assert_eq!(cross_origin.status(), 403);
    let cross_site = form(&[("sec-fetch-site", "cross-site")], "title=x");
    assert_eq!(cross_site.status(), 403);
    let res = form(
        &[("sec-fetch-site", "same-origin"), ("origin", "null")],
        "title=From+the+form&harm=minor",
    );
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"]
        .to_str()
        .expect("text")
        .to_string();
    assert!(location.starts_with("/scenarios/"));
}

/// The command line's output for `args`.
fn cli_stdout(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn authorities_and_positions_answer_what_the_command_line_prints_and_link_up() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let http = client();
    let get = |path: &str| http.get(server.url(path)).send().expect("answers");
    for (args, path) in [
        (
            vec!["authority", "corfu-channel-1949", "--format", "json"],
            "/api/v1/authorities/corfu-channel-1949",
        ),
        (
            vec!["profile", "usa-2016", "--format", "json"],
            "/api/v1/profiles/usa-2016",
        ),
        (vec!["profiles", "--format", "json"], "/api/v1/profiles"),
    ] {
        let res = get(path);
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.text().expect("text"), cli_stdout(&args), "{path}");
    }
    let p: Value = get("/api/v1/profiles/usa-2016").json().expect("JSON");
    assert_eq!(p["superseded_by"]["id"], "usa-2021");
    let p: Value = get("/api/v1/profiles/usa-2021").json().expect("JSON");
    assert_eq!(p["earlier_statement"]["id"], "usa-2016");
    let p = problem(
        get("/api/v1/authorities/corfu-chanel-1949"),
        404,
        Some("id"),
    );
    assert!(p["detail"]
        .as_str()
        .expect("detail")
        .contains("corfu-channel-1949"));

    let list = get("/authorities").text().expect("HTML");
    assert!(list.contains("href=\"/authorities/corfu-channel-1949\""));
    let page = get("/authorities/corfu-channel-1949").text().expect("HTML");
    assert!(page.contains("<h1>Corfu Channel"));
    assert!(page.contains("href=\"/profiles/corfu-channel-literal\""));
    assert!(page.contains("<th scope=\"col\">Provenance</th>"));
    let res = get("/authorities/no-such-authority");
    assert_eq!(res.status(), 404);
    let html = res.text().expect("HTML");
    assert!(
        html.contains("No such authority") && html.contains("no authority `no-such-authority`")
    );
    let old = get("/profiles/usa-2016").text().expect("HTML");
    assert!(old.contains("id=\"superseded-by\"") && old.contains("href=\"/profiles/usa-2021\""));
    let index = get("/").text().expect("HTML");
    assert!(index.contains("superseded by <a href=\"/profiles/usa-2021\">"));
}

#[test]
fn forms_without_script_lead_to_the_compact_address() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let http = client();
    let location = |path: &str| {
        let res = http.get(server.url(path)).send().expect("answers");
        assert_eq!(res.status(), 303, "{path}");
        res.headers()["location"]
            .to_str()
            .expect("text")
            .to_string()
    };
    // The Assess form: repeated keys, Unknown among values, a fact with no
    // box ticked.
    let to = location(
        "/assess?from=form&title=T&domain=cyber&conduct_by=non_state_actor&territorial_link=originates\
         &contrary_to_rights=true&contrary_to_rights=false&harm=serious&harm=unknown\
         &knowledge=notified&knowledge=actual&timing=ongoing&capacity=feasible&measures=none&continuing=false",
    );
    assert_eq!(
        to,
        "/assess?domain=cyber&conduct_by=non_state_actor&territorial_link=originates\
         &contrary_to_rights=unknown&harm=unknown&knowledge=notified,actual&timing=ongoing\
         &capacity=feasible&measures=none&title=T"
    );
    let to = location("/assess?from=form&domain=cyber");
    assert!(
        to.contains("harm=unknown") && to.contains("continuing=unknown"),
        "{to}"
    );
    // The interview: an answer, a skip.
    let start = "/assess/interview?knowledge=unknown&title=T";
    let to = location(&format!("{start}&ask=knowledge&answer=actual"));
    assert!(
        to.starts_with("/assess/interview?") && to.contains("knowledge=actual"),
        "{to}"
    );
    assert!(!to.contains("skip="), "{to}");
    let to = location(&format!("{start}&ask=knowledge&answer=skip"));
    assert!(
        to.contains("knowledge=unknown") && to.ends_with("&skip=knowledge"),
        "{to}"
    );
    let page = http
        .get(server.url(&to))
        .send()
        .expect("answers")
        .text()
        .expect("HTML");
    assert!(
        page.contains("No question left to ask"),
        "every other fact is known"
    );
    for bad in [
        format!("{start}&ask=knowledge&answer=grave"),
        format!("{start}&ask=nothing&answer=actual"),
        format!("{start}&skip=bogus"),
        "/assess/interview?knowledge=actual&ask=knowledge&answer=none".to_string(),
    ] {
        let res = http.get(server.url(&bad)).send().expect("answers");
        assert_eq!(res.status(), 400, "{bad}");
    }
}

#[test]
fn the_openapi_document_describes_every_route_and_the_facts() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = Server::start(dir.path());
    let doc: Value = client()
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .expect("answers")
        .json()
        .expect("JSON");
    assert!(doc["openapi"]
        .as_str()
        .expect("a version")
        .starts_with("3."));
    for path in [
        "/api/v1/health",
        "/api/v1/profiles",
        "/api/v1/profiles/{id}",
        "/api/v1/authorities",
        "/api/v1/authorities/{id}",
        "/api/v1/assess",
        "/api/v1/divergence",
        "/api/v1/implications",
        "/api/v1/debate",
        "/api/v1/scenarios",
        "/api/v1/scenarios/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
    let facts = &doc["components"]["schemas"]["FactsSchema"];
    for name in diligence_core::Fact::NAMES {
        assert!(facts["properties"][name].is_object(), "{name}");
    }
    let harm = &facts["properties"]["harm"]["oneOf"];
    assert_eq!(
        harm[0]["enum"],
        json!(["none", "minor", "significant", "serious"])
    );
    assert_eq!(
        harm[1]["items"]["enum"],
        json!(["none", "minor", "significant", "serious"])
    );
    assert_eq!(harm[2]["enum"], json!(["unknown"]));
    let health: Value = client()
        .get(server.url("/api/v1/health"))
        .send()
        .expect("answers")
        .json()
        .expect("JSON");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["profiles"], 34);
}
