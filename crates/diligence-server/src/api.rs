//! The JSON API under `/api/v1`, mirroring the command line: profiles,
//! authorities, assess, divergence, implications, the debate and saved
//! scenarios. Every error is an [`ApiError`], answered as a problem-details
//! document.

use crate::app::AppState;
use crate::facts::scenario_from_json;
use crate::problem::{ApiError, Problem};
use crate::store::{Deleted, Saved};
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use diligence_analysis::{Dendrogram, Divergence, Partition};
use diligence_argue::Semantics;
use diligence_core::Profile;
use diligence_kb::KnowledgeBase;
use diligence_report::assessment::AssessmentView;
use diligence_report::authorities::{AuthorityView, Cited, CitedAuthorityView};
use diligence_report::json::to_pretty;
use diligence_report::profiles::{CitedProfileView, ProfileView};
use serde::Serialize;

/// The routes, to be nested under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi_json))
        .route("/profiles", get(list_profiles))
        .route("/profiles/{id}", get(get_profile))
        .route("/authorities", get(list_authorities))
        .route("/authorities/{id}", get(get_authority))
        .route("/assess", axum::routing::post(assess))
        .route("/divergence", get(divergence))
        .route("/implications", get(implications))
        .route("/debate", get(debate))
        .route("/export", get(export))
        .route("/schemas", get(list_schemas))
        .route("/schemas/{name}", get(get_schema))
        .route("/scenarios", get(list_scenarios).post(create_scenario))
        .route("/scenarios/{id}", get(get_scenario).delete(delete_scenario))
        .nest("/ledger", crate::ledger::routes())
        .fallback(api_not_found)
}

/// Query pairs, or a 400 problem when the query string cannot be read.
pub type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The pairs of a query string.
pub fn pairs(q: Pairs) -> Result<Vec<(String, String)>, Problem> {
    q.map(|Query(p)| p)
        .map_err(|e| Problem::bad_request(format!("the query string cannot be read: {e}")))
}

/// A JSON body exactly as the command line prints it.
fn json_text(text: impl Into<axum::body::Body>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text.into()).into_response()
}

fn reject_unknown(pairs: &[(String, String)], known: &[&str]) -> Result<(), Problem> {
    match pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        Some((k, _)) => Err(
            Problem::bad_request(format!("unknown query parameter `{k}`"))
                .field(k.as_str())
                .allowed(known),
        ),
        None => Ok(()),
    }
}

/// The profiles named by `profile` parameters, or every profile when none
/// is named; an unknown id is a 404 naming the closest ids.
pub fn selected<'a>(
    kb: &'a KnowledgeBase,
    pairs: &[(String, String)],
) -> Result<Vec<&'a Profile>, Problem> {
    let ids = crate::facts::all(pairs, "profile");
    if ids.is_empty() {
        return Ok(kb.profiles.iter().collect());
    }
    let mut out: Vec<&Profile> = Vec::new();
    for id in ids {
        let p = kb.profile(id).ok_or_else(|| unknown_profile(kb, id))?;
        if !out.iter().any(|q| q.id == p.id) {
            out.push(p);
        }
    }
    Ok(out)
}

/// A 404 for an unknown profile id, with the closest ids as the allowed
/// values.
pub fn unknown_profile(kb: &KnowledgeBase, id: &str) -> Problem {
    let mut close: Vec<(f64, &str)> = kb
        .profiles
        .iter()
        .map(|p| (strsim::jaro_winkler(id, &p.id), p.id.as_str()))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    let suggestions: Vec<&str> = close.iter().take(3).map(|(_, id)| *id).collect();
    let shown: String = id.chars().take(80).collect();
    Problem::not_found(format!(
        "no profile `{shown}`; did you mean {}?",
        suggestions.join(", ")
    ))
    .field("profile")
    .value(shown)
    .allowed(
        &kb.profiles
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
    )
}

/// A 404 for an unknown authority id, with the closest ids as the allowed
/// values.
pub fn unknown_authority(kb: &KnowledgeBase, id: &str) -> Problem {
    let mut close: Vec<(f64, &str)> = kb
        .authorities
        .iter()
        .map(|a| (strsim::jaro_winkler(id, &a.id), a.id.as_str()))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    let suggestions: Vec<&str> = close.iter().take(3).map(|(_, id)| *id).collect();
    let shown: String = id.chars().take(80).collect();
    Problem::not_found(format!(
        "no authority `{shown}`; did you mean {}?",
        suggestions.join(", ")
    ))
    .field("id")
    .value(shown)
    .allowed(
        &kb.authorities
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
    )
}

/// The server's health.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// `ok` when the server answers and the database can be read.
    pub status: &'static str,
    /// The program's version.
    pub version: &'static str,
    /// How many profiles the knowledge base holds.
    pub profiles: usize,
    /// How many authorities it holds.
    pub authorities: usize,
}

/// Health of the server and its database.
#[utoipa::path(get, path = "/api/v1/health", tag = "server",
    responses((status = 200, description = "The server answers", body = Health),
              (status = 503, description = "The database cannot be read", body = Problem)))]
pub async fn health(State(s): State<AppState>) -> Result<Json<Health>, ApiError> {
    let store = s.store.clone();
    ApiError::off_thread(move || store.ping()).await?;
    Ok(Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        profiles: s.kb.profiles.len(),
        authorities: s.kb.authorities.len(),
    }))
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "server",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json")))]
pub async fn openapi_json(State(s): State<AppState>) -> Response {
    json_text(s.cache.openapi.clone())
}

/// Every profile, as `diligence profiles --format json` prints them.
#[utoipa::path(get, path = "/api/v1/profiles", tag = "profiles",
    responses((status = 200, description = "Every profile with the provenance of every parameter", body = Vec<ProfileView<'static>>)))]
pub async fn list_profiles(State(s): State<AppState>) -> Response {
    json_text(s.cache.profiles_json.clone())
}

/// The JSON of every profile, as `diligence profiles --format json`
/// prints it (kept by the server from its start).
pub fn profiles_text(kb: &KnowledgeBase) -> String {
    to_pretty(&diligence_report::profiles::all(kb))
}

/// One profile with its citations, as `diligence profile ID --format json`.
#[utoipa::path(get, path = "/api/v1/profiles/{id}", tag = "profiles",
    params(("id" = String, Path, description = "A profile id, e.g. `tallinn-manual-2` or `fra-2019`")),
    responses((status = 200, description = "The profile", body = CitedProfileView<'static>),
              (status = 404, description = "No such profile", body = Problem)))]
pub async fn get_profile(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let p =
        s.kb.profile(&id)
            .ok_or_else(|| unknown_profile(s.kb, &id))?;
    Ok(json_text(to_pretty(&CitedProfileView::of(s.kb, p))))
}

/// The authorities, or those matching every word of `q`, as `diligence
/// authorities --search Q --format json`.
#[utoipa::path(get, path = "/api/v1/authorities", tag = "authorities",
    params(("q" = Option<String>, Query, description = "Words that must all occur (case-insensitive)"),
           ("profile" = Option<String>, Query, description = "Only the authorities this profile cites"),
           ("format" = Option<String>, Query, description = "json (default); for reference managers csl-json, bibtex (biblatex types) or ris, sent as a download")),
    responses((status = 200, description = "The matching authorities", content(
                  (Vec<AuthorityView<'static>> = "application/json"),
                  (crate::openapi::CslItemsSchema = "application/vnd.citationstyles.csl+json"),
                  (String = "application/x-bibtex"),
                  (String = "application/x-research-info-systems"))),
              (status = 400, description = "A bad query", body = Problem)))]
pub async fn list_authorities(State(s): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    reject_unknown(&pairs, &["q", "profile", "format"])?;
    let words: Vec<String> = crate::facts::all(&pairs, "q")
        .iter()
        .flat_map(|w| w.split_whitespace().map(str::to_string))
        .collect();
    let mut found = s.kb.search(&words);
    if let Some(id) = crate::facts::first(&pairs, "profile") {
        let p = s.kb.profile(id).ok_or_else(|| {
            unknown_profile(s.kb, id)
                .with_status(StatusCode::BAD_REQUEST)
                .field("profile")
        })?;
        let cited = p.authorities();
        found.retain(|a| cited.contains(&a.id));
    }
    use diligence_report::bibliography::Format;
    match crate::facts::first(&pairs, "format").unwrap_or("json") {
        "json" => {}
        name => {
            let Some(format) = Format::from_name(name) else {
                let shown: String = name.chars().take(40).collect();
                let mut allowed = vec!["json"];
                allowed.extend(Format::ALL.iter().map(|f| f.name()));
                return Err(Problem::bad_request(format!("unknown format `{shown}`"))
                    .field("format")
                    .value(shown)
                    .allowed(&allowed)
                    .into());
            };
            let text = diligence_report::bibliography::write(format, &found);
            return Ok((
                [
                    (header::CONTENT_TYPE, format.media_type().to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!(
                            "attachment; filename=\"diligence-authorities.{}\"",
                            format.extension()
                        ),
                    ),
                ],
                text,
            )
                .into_response());
        }
    }
    let v: Vec<AuthorityView> = found.iter().map(|a| AuthorityView::of(a)).collect();
    Ok(json_text(to_pretty(&v)))
}

/// One authority, with every coded value and debate argument that cites it,
/// as `diligence authority ID --format json`.
#[utoipa::path(get, path = "/api/v1/authorities/{id}", tag = "authorities",
    params(("id" = String, Path, description = "An authority id, e.g. `corfu-channel`")),
    responses((status = 200, description = "The authority", body = CitedAuthorityView<'static>),
              (status = 404, description = "No such authority", body = Problem)))]
pub async fn get_authority(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let a =
        s.kb.authority(&id)
            .ok_or_else(|| unknown_authority(s.kb, &id))?;
    Ok(json_text(to_pretty(&Cited::of(s.kb, a).view())))
}

/// Assesses a scenario against every profile (or those named by `profile`);
/// the response is what `diligence assess FILE --format json` prints.
#[utoipa::path(post, path = "/api/v1/assess", tag = "assess",
    params(("profile" = Option<Vec<String>>, Query, description = "Limit the results to these profiles (repeatable)"),
           ("decisive" = Option<bool>, Query, description = "Add to each result what a change of one known fact would do (spec section 4.2)")),
    request_body(content = crate::openapi::ScenarioInput, description = "The facts object of the spec (each fact a value, a list of possible values, or \"unknown\"), or a scenario with `title`, optional `notes` and `facts`"),
    responses((status = 200, description = "One result per profile with its trace", body = AssessmentView<'static>),
              (status = 400, description = "The body is not a JSON object, or a bad query", body = Problem),
              (status = 404, description = "An unknown profile", body = Problem),
              (status = 413, description = "The body is larger than 64 KiB"),
              (status = 422, description = "A missing, unknown or invalid fact", body = Problem)))]
pub async fn assess(
    State(s): State<AppState>,
    headers: HeaderMap,
    q: Pairs,
    body: Bytes,
) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    reject_unknown(&pairs, &["profile", "decisive"])?;
    let decisive = flag(&pairs, "decisive")?;
    let profiles = selected(s.kb, &pairs)?;
    let scenario = scenario_from_json(&body)?;
    // Kept serialised and compressed; computed off the async workers.
    Ok(crate::answers::assess(&s, &headers, &profiles, scenario, decisive).await?)
}

/// A true-or-false query parameter (`decisive=true`); absent is false.
pub fn flag(pairs: &[(String, String)], key: &str) -> Result<bool, Problem> {
    match crate::facts::all(pairs, key).as_slice() {
        [] => Ok(false),
        ["true"] => Ok(true),
        ["false"] => Ok(false),
        [v] => Err(Problem::bad_request(format!(
            "`{key}` is true or false, not `{}`",
            v.chars().take(40).collect::<String>()
        ))
        .field(key)
        .value(v.chars().take(40).collect::<String>())
        .allowed(&["true", "false"])),
        _ => Err(Problem::bad_request(format!("`{key}` is given more than once")).field(key)),
    }
}

/// The divergence of the profiles over the whole fact space, as
/// `diligence divergence --format json`.
#[utoipa::path(get, path = "/api/v1/divergence", tag = "analysis",
    params(("profile" = Option<Vec<String>>, Query, description = "At least two profiles to compare (repeatable); all when none is named")),
    responses((status = 200, description = "Status counts, disagreement matrices and clusters", body = crate::views::DivergenceView),
              (status = 400, description = "Fewer than two profiles, or a bad query", body = Problem),
              (status = 404, description = "An unknown profile", body = Problem)))]
pub async fn divergence(State(s): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    reject_unknown(&pairs, &["profile"])?;
    if pairs.is_empty() {
        return Ok(json_text(s.cache.divergence_json.clone()));
    }
    let profiles: Vec<Profile> = selected(s.kb, &pairs)?.into_iter().cloned().collect();
    if profiles.len() < 2 {
        return Err(Problem::bad_request(
            "name at least two different profiles (or none, for all)",
        )
        .field("profile")
        .into());
    }
    let text = tokio::task::spawn_blocking(move || {
        let refs: Vec<&Profile> = profiles.iter().collect();
        divergence_text(&refs)
    })
    .await?;
    Ok(json_text(text))
}

/// The divergence JSON of these profiles.
pub fn divergence_text(profiles: &[&Profile]) -> String {
    let partition = Partition::of(profiles);
    let d = Divergence::of(&partition);
    let tree = Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations);
    diligence_report::json::to_pretty(&crate::views::DivergenceView::of(&d, &tree))
}

/// The beyond-cyber catalogue assessed against every profile, as
/// `diligence implications --format json`.
#[utoipa::path(get, path = "/api/v1/implications", tag = "analysis",
    responses((status = 200, description = "One row per catalogue entry, one cell per profile", body = crate::views::ImplicationsView)))]
pub async fn implications(State(s): State<AppState>) -> Response {
    json_text(s.cache.implications_json.clone())
}

/// The debate labelled under a semantics for an audience, as `diligence
/// debate --format json`.
#[utoipa::path(get, path = "/api/v1/debate", tag = "debate",
    params(("semantics" = Option<String>, Query, description = "GR (default), CO, PR, ST, SST, STG or ID"),
           ("audience" = Option<String>, Query, description = "A shipped audience id; none: every attack succeeds"),
           ("format" = Option<String>, Query, description = "json (default): every argument with its label; aif: the argument graph in the Argument Interchange Format (AIFdb's JSON), for OVA, AIFdb or Carneades")),
    responses((status = 200, description = "Every argument with its label, or the debate in AIF", body = crate::openapi::DebateAnswerSchema),
              (status = 400, description = "A bad semantics or audience", body = Problem)))]
pub async fn debate(State(s): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    reject_unknown(&pairs, &["semantics", "audience", "format"])?;
    let (sem, audience) = debate_choice(s.kb, &pairs)?;
    let kb = s.kb;
    match crate::facts::first(&pairs, "format").unwrap_or("json") {
        "json" => {}
        "aif" => {
            return Ok(json_text(diligence_report::json::to_pretty(
                &diligence_report::aif::write(kb, &kb.debate),
            )))
        }
        other => {
            let shown: String = other.chars().take(40).collect();
            return Err(Problem::bad_request(format!("unknown format `{shown}`"))
                .field("format")
                .value(shown)
                .allowed(&["json", "aif"])
                .into());
        }
    }
    let labelled = tokio::task::spawn_blocking(move || {
        diligence_report::debate::label(&kb.debate, audience, sem)
    })
    .await?
    .map_err(Problem::bad_request)?;
    Ok(json_text(diligence_report::json::to_pretty(
        &crate::views::DebateView::of(&kb.debate, audience, &labelled),
    )))
}

/// The whole knowledge base as a Frictionless data package in a zip
/// archive, as `diligence export --format datapackage --zip`.
#[utoipa::path(get, path = "/api/v1/export", tag = "authorities",
    responses((status = 200, description = "A zip archive: datapackage.json, one CSV per table, knowledge-base.json", content_type = "application/zip", body = crate::openapi::ZipSchema)))]
pub async fn export(State(s): State<AppState>) -> Result<Response, ApiError> {
    let kb = s.kb;
    let version = env!("CARGO_PKG_VERSION");
    let bytes =
        tokio::task::spawn_blocking(move || diligence_report::datapackage::zip(kb, version))
            .await?
            .map_err(|e| {
                Problem::unavailable(format!("the data package could not be built: {e}"))
                    .with_status(StatusCode::INTERNAL_SERVER_ERROR)
            })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"diligence-knowledge-base-{version}.zip\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Every published JSON Schema, as `diligence schema` lists them.
#[utoipa::path(get, path = "/api/v1/schemas", tag = "server",
    responses((status = 200, description = "The name and subject of every schema: the files people write, the API's answers and request bodies", body = Vec<crate::schemas::SchemaEntry>)))]
pub async fn list_schemas() -> Response {
    json_text(to_pretty(&crate::schemas::list()))
}

/// One JSON Schema, as `diligence schema NAME` prints it: draft 7 for the
/// files (what editors read), 2020-12 for the API's answers and requests.
#[utoipa::path(get, path = "/api/v1/schemas/{name}", tag = "server",
    params(("name" = String, Path, description = "A schema's name, e.g. `scenario`, `profile` or `answer-assess` (`GET /api/v1/schemas` lists them)")),
    responses((status = 200, description = "The JSON Schema", content_type = "application/schema+json", body = Object),
              (status = 404, description = "No such schema", body = Problem)))]
pub async fn get_schema(Path(name): Path<String>) -> Result<Response, ApiError> {
    let name = name.strip_suffix(".json").unwrap_or(&name);
    let name = name.strip_suffix(".schema").unwrap_or(name);
    let schema = crate::schemas::get(name).ok_or_else(|| {
        let shown: String = name.chars().take(80).collect();
        Problem::not_found(format!("no schema `{shown}`"))
            .field("name")
            .value(shown)
            .allowed(&crate::schemas::names())
    })?;
    Ok((
        [(header::CONTENT_TYPE, "application/schema+json")],
        to_pretty(&schema),
    )
        .into_response())
}

/// The semantics and audience of a query (`semantics`, `audience`).
pub fn debate_choice<'a>(
    kb: &'a KnowledgeBase,
    pairs: &[(String, String)],
) -> Result<(Semantics, Option<&'a diligence_kb::debate::Audience>), Problem> {
    let sem_name = crate::facts::first(pairs, "semantics").unwrap_or("GR");
    let sem = Semantics::from_abbreviation(&sem_name.to_uppercase()).ok_or_else(|| {
        let all: Vec<&str> = Semantics::ALL.iter().map(|s| s.abbreviation()).collect();
        Problem::bad_request(format!(
            "unknown semantics `{}`",
            sem_name.chars().take(40).collect::<String>()
        ))
        .field("semantics")
        .value(sem_name.chars().take(40).collect::<String>())
        .allowed(&all)
    })?;
    let audience = match crate::facts::first(pairs, "audience")
        .filter(|a| !a.is_empty() && *a != "none")
    {
        None => None,
        Some(id) => Some(kb.debate.audience(id).ok_or_else(|| {
            let mut ids: Vec<&str> = kb.debate.audiences.iter().map(|a| a.id.as_str()).collect();
            ids.push("none");
            Problem::bad_request(format!(
                "unknown audience `{}`",
                id.chars().take(40).collect::<String>()
            ))
            .field("audience")
            .value(id.chars().take(40).collect::<String>())
            .allowed(&ids)
        })?),
    };
    Ok((sem, audience))
}

/// The scenarios saved with this client's owner cookie, newest first.
#[utoipa::path(get, path = "/api/v1/scenarios", tag = "scenarios",
    responses((status = 200, description = "The scenarios saved with the owner cookie sent (none without one)", body = Vec<Saved>)))]
pub async fn list_scenarios(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<Saved>>, ApiError> {
    let store = s.store.clone();
    let token = crate::store::owner_token(&headers);
    Ok(Json(
        ApiError::off_thread(move || store.list_owned(token.as_deref())).await?,
    ))
}

/// Saves a scenario; returns 201 once it is on disk. A client without an
/// owner cookie is given one: it alone lists and deletes the scenario.
#[utoipa::path(post, path = "/api/v1/scenarios", tag = "scenarios",
    request_body(content = crate::openapi::SavedScenarioInput, description = "A scenario with `title`, optional `notes` (the narrative), optional `territorial_state` and `affected_state` (the user's names for the States) and `facts` (or bare facts, saved as untitled)"),
    responses((status = 201, description = "Saved; a client that sent no owner cookie is given one in `Set-Cookie`", body = Saved),
              (status = 400, description = "The body is not a JSON object", body = Problem),
              (status = 413, description = "The body is larger than 64 KiB"),
              (status = 422, description = "A missing, unknown or invalid field", body = Problem)))]
pub async fn create_scenario(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (scenario, names) = crate::facts::saved_scenario_from_json(&body)?;
    let (token, cookie) = crate::store::owner_or_new(&headers)?;
    let store = s.store.clone();
    let saved = ApiError::off_thread(move || {
        store.create_named(
            &scenario.title,
            scenario.notes.as_deref(),
            &names,
            &scenario.facts,
            &token,
        )
    })
    .await?;
    tracing::info!(id = %saved.id, "scenario saved");
    let location = format!("/api/v1/scenarios/{}", saved.id);
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(saved),
    )
        .into_response();
    if let Some(value) = cookie.and_then(|c| header::HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

fn no_such_scenario(id: &str) -> Problem {
    Problem::not_found(format!(
        "no saved scenario `{}`: ids are the 32 hex digits given when it was saved",
        id.chars().take(40).collect::<String>()
    ))
    .field("id")
}

/// One saved scenario: anyone with its id may read it.
#[utoipa::path(get, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = String, Path, description = "The id given when it was saved (32 hex digits)")),
    responses((status = 200, description = "The saved scenario", body = Saved),
              (status = 404, description = "No such scenario", body = Problem)))]
pub async fn get_scenario(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Saved>, ApiError> {
    let store = s.store.clone();
    let key = id.clone();
    ApiError::off_thread(move || store.get(&key))
        .await?
        .map(Json)
        .ok_or_else(|| no_such_scenario(&id).into())
}

/// Deletes a saved scenario; only with the owner cookie it was saved with.
#[utoipa::path(delete, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = String, Path, description = "The id given when it was saved (32 hex digits)")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "The owner cookie sent is not the one it was saved with", body = Problem),
              (status = 404, description = "No such scenario", body = Problem)))]
pub async fn delete_scenario(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let store = s.store.clone();
    let token = crate::store::owner_token(&headers);
    let key = id.clone();
    match ApiError::off_thread(move || store.delete(&key, token.as_deref())).await? {
        Deleted::Deleted => Ok(StatusCode::NO_CONTENT),
        Deleted::NotFound => Err(no_such_scenario(&id).into()),
        Deleted::NotOwner => Err(Problem::new(
            StatusCode::FORBIDDEN,
            "only the client that saved this scenario (with its owner cookie) can delete it",
        )
        .field("id")
        .into()),
    }
}

async fn api_not_found(uri: axum::http::Uri) -> Problem {
    Problem::not_found(format!(
        "no API endpoint `{}`; the document at /api/v1/openapi.json lists them",
        uri.path().chars().take(120).collect::<String>()
    ))
}
