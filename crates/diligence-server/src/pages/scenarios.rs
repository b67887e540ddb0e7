//! Saved scenarios: save from the Assess form, list, view with results,
//! delete. Forms from another origin are refused.

use super::{error_page, page};
use crate::app::AppState;
use crate::facts::{facts_from_pairs, first, query_string, MAX_NOTES, MAX_TITLE, UNTITLED};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;

/// Refuses a form posted from a page of another origin: a browser says
/// where a request comes from in `Sec-Fetch-Site`, or failing that in
/// `Origin`; a request with neither (a script, curl) is not a browser's
/// cross-site form and is let through.
fn same_origin(headers: &HeaderMap) -> Result<(), Response> {
    let refuse = || {
        Err(error_page(
            StatusCode::FORBIDDEN,
            "Refused",
            "This form was sent from another site.",
        ))
    };
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.to_str().unwrap_or("") {
            "same-origin" | "none" => Ok(()),
            _ => refuse(),
        };
    }
    let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), headers.get(header::HOST))
    else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or("");
    let host = host.to_str().unwrap_or("");
    let bare = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    if bare == host {
        Ok(())
    } else {
        refuse()
    }
}

/// A saved scenario's id from the path, or the 404 page.
fn saved_id(id: &str) -> Result<i64, Response> {
    crate::api::scenario_id(id).map_err(|_| {
        error_page(
            StatusCode::NOT_FOUND,
            "No such scenario",
            "Saved scenarios have positive integer ids.",
        )
    })
}

/// Runs a database call on a blocking thread; a failure is the 503 page.
async fn db<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, crate::store::StoreError> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(unavailable(e)),
        Err(e) => Err(unavailable(e)),
    }
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!("database: {e}");
    error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "The database failed",
        &e.to_string(),
    )
}

/// `POST /scenarios`: saves the Assess form's scenario and shows it.
pub async fn save(
    State(s): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    if let Err(r) = same_origin(&headers) {
        return r;
    }
    let Ok(Form(pairs)) = form else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Bad form",
            "The form could not be read.",
        );
    };
    let facts = match facts_from_pairs(&pairs) {
        Ok(f) => f,
        Err(p) => return error_page(StatusCode::BAD_REQUEST, "Bad facts", &p.to_string()),
    };
    let title = first(&pairs, "title")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(UNTITLED);
    if title.chars().count() > MAX_TITLE {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Title too long",
            &format!("A title has at most {MAX_TITLE} characters."),
        );
    }
    let notes = first(&pairs, "notes")
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string);
    if notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTES)
    {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Notes too long",
            &format!("Notes have at most {MAX_NOTES} characters."),
        );
    }
    let (store, title) = (s.store.clone(), title.to_string());
    match db(move || store.create(&title, notes.as_deref(), &facts)).await {
        Ok(saved) => {
            tracing::info!(id = saved.id, "scenario saved");
            Redirect::to(&format!("/scenarios/{}", saved.id)).into_response()
        }
        Err(r) => r,
    }
}

/// `GET /scenarios`: every saved scenario.
pub async fn list(State(s): State<AppState>) -> Response {
    let store = s.store.clone();
    let saved = match db(move || store.list()).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let body = html! {
        h1 { "Saved scenarios" }
        p.lead { "Scenarios saved from the Assess page, kept in this server's database." }
        @if saved.is_empty() {
            p.note { "Nothing saved yet. Set the facts on the " a href="/assess" { "Assess" } " page and press Save scenario." }
        } @else {
            table #saved-table {
                thead { tr { th scope="col" { "Title" } th scope="col" { "Saved" } td {} } }
                tbody { @for sc in &saved {
                    tr {
                        td { a href={"/scenarios/" (sc.id)} { (sc.title) } }
                        td.small { (sc.created) }
                        td { a href={"/assess?" (query_string(&sc.facts, Some(&sc.title)))} { "Open in Assess" } }
                    }
                } }
            }
        }
    };
    page("Saved scenarios", "/scenarios", body)
}

/// `GET /scenarios/{id}`: a saved scenario with its results.
pub async fn view(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match saved_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let store = s.store.clone();
    let sc = match db(move || store.get(id)).await {
        Ok(Some(sc)) => sc,
        Ok(None) => {
            return error_page(
                StatusCode::NOT_FOUND,
                "No such scenario",
                &format!("No saved scenario {id}."),
            )
        }
        Err(r) => return r,
    };
    let qs = query_string(&sc.facts, Some(&sc.title));
    let (kb, facts) = (s.kb, sc.facts);
    let results =
        match super::off_thread(move || super::results::results_markup(kb, &facts, false)).await {
            Ok(m) => m,
            Err(r) => return r,
        };
    let body = html! {
        p.small { a href="/scenarios" { "← Saved scenarios" } }
        h1 #saved-title { (sc.title) }
        p.muted.small { "Saved " (sc.created) " as scenario " (sc.id) "." }
        @if let Some(n) = &sc.notes { p { (n) } }
        div.toolbar {
            a.button href={"/assess?" (qs)} { "Open in Assess" }
            a.button.secondary href={"/assess/export.toml?" (qs)} { "TOML" }
            a.button.secondary href={"/assess/export.json?" (qs)} { "JSON" }
            a.button.secondary href={"/assess/report?" (qs)} { "Printable report" }
            @if !sc.facts.is_definite() {
                a.button.secondary href={"/assess/interview?" (qs)} { "Settle the open facts in an interview" }
            }
            form method="post" action={"/scenarios/" (sc.id) "/delete"} {
                button.secondary type="submit" { "Delete" }
            }
        }
        h2 { "Facts" }
        (super::results::facts_list(&sc.facts))
        h2 { "Results" }
        (results)
    };
    page(&sc.title, "/scenarios", body)
}

/// `POST /scenarios/{id}/delete`.
pub async fn delete(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = same_origin(&headers) {
        return r;
    }
    let id = match saved_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let store = s.store.clone();
    match db(move || store.delete(id)).await {
        Ok(_) => Redirect::to("/scenarios").into_response(),
        Err(r) => r,
    }
}
