//! Saved scenarios: save from the Assess form, list, view with results,
//! delete. Forms from another origin are refused. A scenario belongs to the
//! browser that saved it (an owner cookie): only that browser lists and
//! deletes it; anyone with its link opens it read-only.

use super::{error_page, page};
use crate::app::AppState;
use crate::facts::{
    facts_from_pairs, first, memo_query, scenario, StateNames, MAX_NOTES, MAX_TITLE, NARRATIVE_KEY,
    UNTITLED,
};
use crate::problem::PageError;
use crate::store::Deleted;
use crate::store::Saved;
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

/// The 404 page of a saved scenario.
fn no_such_scenario() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "No such scenario",
        "There is no saved scenario at this address: it was deleted, or the link is incomplete.",
    )
}

/// What the list says to a browser that has saved nothing.
pub const NOTHING_SAVED_HERE: &str =
    "Scenarios you save in this browser are listed here; a shared link opens a scenario read-only.";

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
    // The narrative of the Assess form (`nar`), or `notes`.
    let given = first(&pairs, NARRATIVE_KEY).or_else(|| first(&pairs, "notes"));
    let notes = given
        .map(|n| n.replace("\r\n", "\n"))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    if notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTES)
    {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Narrative too long",
            &format!("A narrative has at most {MAX_NOTES} characters."),
        );
    }
    let (token, cookie) = match crate::store::owner_or_new(&headers) {
        Ok(t) => t,
        Err(e) => return PageError::from(e).into_response(),
    };
    let names = StateNames::from_pairs(&pairs);
    let (store, title) = (s.store.clone(), title.to_string());
    match PageError::off_thread(move || {
        store.create_named(&title, notes.as_deref(), &names, &facts, &token)
    })
    .await
    {
        Ok(saved) => {
            tracing::info!(id = %saved.id, "scenario saved");
            let mut response = Redirect::to(&format!("/scenarios/{}", saved.id)).into_response();
            if let Some(value) = cookie.and_then(|c| header::HeaderValue::from_str(&c).ok()) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /scenarios`: the scenarios saved in this browser.
pub async fn list(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let store = s.store.clone();
    let token = crate::store::owner_token(&headers);
    let saved = match PageError::off_thread(move || store.list_owned(token.as_deref())).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let body = html! {
        h1 { "Saved scenarios" }
        p.lead { "The scenarios saved in this browser, kept in this server's database." }
        @if saved.is_empty() {
            p.note #nothing-saved { (NOTHING_SAVED_HERE) " To save one, set the facts on the " a href="/assess" { "Assess" } " page and press Save scenario." }
        } @else {
            table #saved-table {
                thead { tr { th scope="col" { "Title" } th scope="col" { "Saved" } td {} } }
                tbody { @for sc in &saved {
                    tr {
                        td { a href={"/scenarios/" (sc.id)} { (sc.title) } }
                        td.small { (sc.created) }
                        td { a href={"/assess?" (saved_query(sc))} { "Open in Assess" } }
                    }
                } }
            }
        }
    };
    page("Saved scenarios", "/scenarios", body)
}

/// `GET /scenarios/{id}`: a saved scenario with its results; the delete
/// button only for its owner.
pub async fn view(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let store = s.store.clone();
    let sc = match PageError::off_thread(move || store.get(&id)).await {
        Ok(Some(sc)) => sc,
        Ok(None) => return no_such_scenario(),
        Err(e) => return e.into_response(),
    };
    let owned = sc.owned_by(crate::store::owner_token(&headers).as_deref());
    let qs = saved_query(&sc);
    let (kb, facts) = (s.kb, sc.facts);
    let results =
        match super::off_thread(move || super::results::results_markup(kb, &facts, false)).await {
            Ok(m) => m,
            Err(r) => return r,
        };
    let body = html! {
        p.small { a href="/scenarios" { "← Saved scenarios" } }
        h1 #saved-title { (sc.title) }
        p.muted.small #saved-meta {
            "Saved " (sc.created) "."
            @if owned { " Saved in this browser, which alone can delete it." }
            @else { " Read-only: it was saved in another browser." }
        }
        @if sc.territorial_state.is_some() || sc.affected_state.is_some() {
            dl.params #saved-states {
                @if let Some(n) = &sc.territorial_state { dt { "Territorial State" } dd { (n) } }
                @if let Some(n) = &sc.affected_state { dt { "Affected State" } dd { (n) } }
            }
        }
        @if let Some(n) = &sc.notes {
            div #saved-narrative {
                @for para in n.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) { p { (para) } }
            }
        }
        div.toolbar {
            a.button href={"/assess?" (qs)} { "Open in Assess" }
            a.button.secondary href={"/assess/export.toml?" (qs)} { "TOML" }
            a.button.secondary href={"/assess/export.json?" (qs)} { "JSON" }
            a.button.secondary href={"/assess/report?" (qs)} { "Printable report" }
            a.button.secondary href={"/assess/report.docx?" (qs)} { "Download as Word (.docx)" }
            @if !sc.facts.is_definite() {
                a.button.secondary href={"/assess/interview?" (qs)} { "Settle the open facts in an interview" }
            }
            @if owned {
                form method="post" action={"/scenarios/" (sc.id) "/delete"} {
                    button.secondary type="submit" { "Delete" }
                }
            }
        }
        h2 { "Facts" }
        (super::results::facts_list(&sc.facts))
        h2 { "Results" }
        (results)
    };
    page(&sc.title, "/scenarios", body)
}

/// The Assess address of a saved scenario: its facts, title, names and
/// narrative.
fn saved_query(sc: &Saved) -> String {
    let names = StateNames {
        territorial: sc.territorial_state.clone(),
        affected: sc.affected_state.clone(),
    };
    memo_query(
        &scenario(sc.title.clone(), sc.notes.clone(), sc.facts),
        &names,
    )
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
    let store = s.store.clone();
    let token = crate::store::owner_token(&headers);
    match PageError::off_thread(move || store.delete(&id, token.as_deref())).await {
        Ok(Deleted::Deleted) => Redirect::to("/scenarios").into_response(),
        Ok(Deleted::NotFound) => no_such_scenario(),
        Ok(Deleted::NotOwner) => error_page(
            StatusCode::FORBIDDEN,
            "Not yours to delete",
            "Only the browser that saved this scenario can delete it; anyone with the link can still open it.",
        ),
        Err(e) => e.into_response(),
    }
}
