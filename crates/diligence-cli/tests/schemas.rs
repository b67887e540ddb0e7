//! The published JSON Schemas hold for what diligence ships and answers:
//! every data file of the repository validates against the schema of its
//! kind (and every data file has one); every answer of the API, and the
//! JSON the command line prints, validates against the schema named for
//! it; `GET /api/v1/schemas/NAME` serves what `diligence schema NAME`
//! prints; the copies in `schemas/` (which editors read) are up to date.

mod common;

use common::{files_with_extension, json, ok, run, whole_case, Server};
use globset::Glob;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The schema `diligence schema NAME` prints, compiled.
fn validator(name: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&ok(&["schema", name])).expect("JSON");
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"))
}

/// Asserts that `v` validates, listing every error with its place.
fn assert_valid(validator: &jsonschema::Validator, v: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(v)
        .take(10)
        .map(|e| format!("  {} (at `{}`)", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}",
        errors.join("\n")
    );
}

/// The file schemas and the globs of the files each describes, from
/// `diligence schema` (the answer of `GET /api/v1/schemas` lists them).
fn file_kinds() -> Vec<(String, Vec<String>)> {
    let server = Server::start(tempfile::tempdir().expect("a folder").path());
    let list: Value = reqwest::blocking::get(server.url("/api/v1/schemas"))
        .expect("an answer")
        .json()
        .expect("JSON");
    assert_valid(&validator("answer-schemas"), &list, "GET /api/v1/schemas");
    list.as_array()
        .expect("a list")
        .iter()
        .filter(|e| e["kind"] == "file")
        .map(|e| {
            let globs = e["files"]
                .as_array()
                .map(|g| {
                    g.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            (e["name"].as_str().expect("a name").to_string(), globs)
        })
        .collect()
}

#[test]
fn every_data_file_validates_against_the_schema_of_its_kind() {
    let root = root();
    let files = files_with_extension(&root.join("data"), "toml");
    assert!(files.len() > 60, "the data files: {}", files.len());
    let kinds = file_kinds();
    let mut checked = 0;
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        let kind = kinds.iter().find(|(_, globs)| {
            globs.iter().any(|g| {
                Glob::new(g)
                    .expect("a glob")
                    .compile_matcher()
                    .is_match(&rel)
            })
        });
        let Some((name, _)) = kind else {
            panic!("no published schema describes {rel}");
        };
        let text = std::fs::read_to_string(file).expect("UTF-8");
        let v: Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_valid(&validator(name), &v, &rel);
        checked += 1;
    }
    assert_eq!(checked, files.len());
}

#[test]
fn a_draft_position_written_like_a_profile_validates_and_a_bad_one_does_not() {
    let profile = std::fs::read_to_string(root().join("data/profiles/doctrines/gge-2015.toml"))
        .expect("a profile");
    let mut draft: Value = toml::from_str(&profile).expect("TOML");
    draft["id"] = json!("my-draft");
    let v = validator("draft");
    assert_valid(&v, &draft, "a draft");
    draft["obligations"][0]["harm_threshold"]["value"] = json!("catastrophic");
    assert!(
        !v.is_valid(&draft),
        "a harm threshold outside the list is refused"
    );
    draft["obligations"][0]["harm_threshold"]["value"] = json!("serious");
    draft["obligations"][0]["binding"]["provenance"] = json!("assumed");
    assert!(
        !v.is_valid(&draft),
        "a provenance outside the list is refused"
    );
}

/// The facts of an example scenario as the API's request body.
fn body_of(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("UTF-8");
    let v: Value = toml::from_str(&text).expect("TOML");
    let mut body = json!({ "title": v["title"], "facts": v["facts"] });
    if let Some(notes) = v.get("notes") {
        body["notes"] = notes.clone();
    }
    body
}

fn examples() -> Vec<PathBuf> {
    let mut files = files_with_extension(&root().join("data/scenarios"), "toml");
    files.sort();
    files
}

#[test]
fn every_answer_of_the_api_validates_against_its_schema() {
    let dir = tempfile::tempdir().expect("a folder");
    let server = Server::start(dir.path());
    let client = reqwest::blocking::Client::new();
    let get = |path: &str| -> (u16, Value) {
        let r = client.get(server.url(path)).send().expect("an answer");
        (r.status().as_u16(), r.json().expect("JSON"))
    };
    let check = |schema: &str, path: &str| {
        let (status, v) = get(path);
        assert_eq!(status, 200, "{path}: {v}");
        assert_valid(&validator(schema), &v, path);
        v
    };
    check("answer-health", "/api/v1/health");
    let profiles = check("answer-profiles", "/api/v1/profiles");
    let profile = validator("answer-profile");
    for p in profiles.as_array().expect("profiles") {
        let path = format!("/api/v1/profiles/{}", p["id"].as_str().expect("an id"));
        assert_valid(&profile, &get(&path).1, &path);
    }
    let authorities = check("answer-authorities", "/api/v1/authorities");
    check("answer-authorities", "/api/v1/authorities?q=corfu");
    check("answer-authorities", "/api/v1/authorities?profile=usa-2021");
    let authority = validator("answer-authority");
    for a in authorities.as_array().expect("authorities") {
        let path = format!("/api/v1/authorities/{}", a["id"].as_str().expect("an id"));
        assert_valid(&authority, &get(&path).1, &path);
    }
    check("answer-divergence", "/api/v1/divergence");
    check(
        "answer-divergence",
        "/api/v1/divergence?profile=gge-2015&profile=usa-2021",
    );
    check("answer-implications", "/api/v1/implications");
    check("answer-debate", "/api/v1/debate");
    check("answer-debate", "/api/v1/debate?format=aif");
    check(
        "answer-debate",
        "/api/v1/debate?semantics=PR&audience=gge-consensus",
    );

    // Every example scenario, as the request and as the answer, with and
    // without the decisive facts.
    let request = validator("request-assess");
    let answer = validator("answer-assess");
    for file in examples() {
        let body = body_of(&file);
        let name = file.display().to_string();
        assert_valid(&request, &body, &name);
        for query in ["", "?decisive=true"] {
            let r = client
                .post(server.url(&format!("/api/v1/assess{query}")))
                .json(&body)
                .send()
                .expect("an answer");
            assert_eq!(r.status().as_u16(), 200, "{name}");
            assert_valid(&answer, &r.json().expect("JSON"), &format!("{name}{query}"));
        }
    }

    // Saved scenarios.
    let body = body_of(&examples()[0]);
    assert_valid(&validator("request-scenario"), &body, "the scenario saved");
    let r = client
        .post(server.url("/api/v1/scenarios"))
        .json(&body)
        .send()
        .expect("an answer");
    assert_eq!(r.status().as_u16(), 201);
    let cookie = r
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .expect("an owner cookie")
        .to_string();
    let saved: Value = r.json().expect("JSON");
    assert_valid(
        &validator("answer-scenario"),
        &saved,
        "POST /api/v1/scenarios",
    );
    let id = saved["id"].as_str().expect("an id");
    check("answer-scenario", &format!("/api/v1/scenarios/{id}"));
    let list: Value = client
        .get(server.url("/api/v1/scenarios"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .expect("an answer")
        .json()
        .expect("JSON");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_valid(
        &validator("answer-scenarios"),
        &list,
        "GET /api/v1/scenarios",
    );

    // Errors are problem details.
    let problem = validator("answer-problem");
    let (status, v) = get("/api/v1/profiles/no-such-profile");
    assert_eq!(status, 404);
    assert_valid(&problem, &v, "a 404");
    let r = client
        .post(server.url("/api/v1/assess"))
        .json(&json!({ "facts": { "harm": "catastrophic" } }))
        .send()
        .expect("an answer");
    assert_eq!(r.status().as_u16(), 422);
    assert_valid(&problem, &r.json().expect("JSON"), "a 422");
    let (status, v) = get("/api/v1/schemas/no-such-schema");
    assert_eq!(status, 404);
    assert_valid(&problem, &v, "an unknown schema");
    assert!(
        v["allowed"]
            .as_array()
            .is_some_and(|a| a.contains(&json!("scenario"))),
        "{v}"
    );
}

#[test]
fn the_command_lines_json_validates_against_the_answers_schemas() {
    let answer = validator("answer-assess");
    for file in examples() {
        let path = file.to_str().expect("a path");
        let (code, out, err) = run(&["assess", path, "--format", "json", "--decisive"]);
        assert_eq!(code, 0, "{err}");
        assert_valid(&answer, &json(&out), path);
    }
    assert_valid(
        &validator("answer-profiles"),
        &json(&ok(&["profiles", "--format", "json"])),
        "diligence profiles --format json",
    );
    assert_valid(
        &validator("answer-profile"),
        &json(&ok(&["profile", "tallinn-manual-2", "--format", "json"])),
        "diligence profile tallinn-manual-2 --format json",
    );
    assert_valid(
        &validator("answer-authorities"),
        &json(&ok(&["authorities", "--format", "json"])),
        "diligence authorities --format json",
    );
    assert_valid(
        &validator("answer-authority"),
        &json(&ok(&[
            "authority",
            "corfu-channel-1949",
            "--format",
            "json",
        ])),
        "diligence authority corfu-channel-1949 --format json",
    );
}

#[test]
fn the_ledgers_answers_validate_against_their_schemas() {
    let case = whole_case(tempfile::tempdir().expect("a folder"));
    let server = Server::start(&case.data);
    let client = reqwest::blocking::Client::new();
    let get = |path: &str| -> Value {
        let r = client
            .get(server.url(path))
            .bearer_auth(&case.tokens[1])
            .send()
            .expect("an answer");
        assert_eq!(r.status().as_u16(), 200, "{path}");
        r.json().expect("JSON")
    };
    assert_valid(
        &validator("answer-ledger-me"),
        &get("/api/v1/ledger/me"),
        "me",
    );
    let cases = get("/api/v1/ledger/cases");
    assert_eq!(cases.as_array().map(Vec::len), Some(1), "{cases}");
    assert_valid(&validator("answer-ledger-cases"), &cases, "cases");
    let one = get(&format!("/api/v1/ledger/cases/{}", case.case));
    assert_valid(&validator("answer-ledger-case"), &one, "the case");
}

#[test]
fn the_api_serves_what_the_command_prints_and_the_repositorys_copies_are_current() {
    let server = Server::start(tempfile::tempdir().expect("a folder").path());
    let list: Value = reqwest::blocking::get(server.url("/api/v1/schemas"))
        .expect("an answer")
        .json()
        .expect("JSON");
    let names: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(names.len() > 20, "{names:?}");
    let folder = root().join("schemas");
    let mut stale = Vec::new();
    for name in &names {
        let printed = ok(&["schema", name]);
        let r = reqwest::blocking::get(server.url(&format!("/api/v1/schemas/{name}")))
            .expect("an answer");
        assert_eq!(
            r.headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/schema+json")
        );
        let served: Value = r.json().expect("JSON");
        assert_eq!(served, json(&printed), "{name}");
        let copy = std::fs::read_to_string(folder.join(format!("{name}.schema.json")));
        if copy.ok().as_deref() != Some(printed.as_str()) {
            stale.push(*name);
        }
    }
    let copies = std::fs::read_dir(&folder)
        .expect("the schemas folder")
        .count();
    assert!(
        stale.is_empty() && copies == names.len(),
        "schemas/ is out of date ({stale:?}; {copies} files for {} schemas): run `cargo run -q -- schema --out schemas` and commit it",
        names.len()
    );
}
