//! The Authorities page: full-text search over the knowledge base, each
//! authority with its citation to copy and the profiles that rely on it.

use super::{page, query};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::first;
use axum::extract::State;
use axum::response::Response;
use maud::html;

/// `GET /authorities?q=words`.
pub async fn page_handler(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let kb = s.kb;
    let text = first(&pairs, "q")
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let found = kb.search(&words);
    let body = html! {
        h1 { "Authorities" }
        p.lead { "Cases, instruments, reports, scholarship and State positions that the codings cite. Every word must occur." }
        form.toolbar method="get" action="/authorities" role="search" {
            label for="q" { "Search" }
            input #q type="search" name="q" value=(text) placeholder="e.g. Corfu Channel, knowledge, Tallinn";
            button type="submit" { "Search" }
        }
        p #found.muted {
            (found.len()) " of " (kb.authorities.len()) " authorities"
            @if !words.is_empty() { " match “" (text) "”" } "."
        }
        @for a in &found {
            @let cite = a.citation(None);
            @let users: Vec<&str> = kb.profiles.iter().filter(|p| p.authorities().contains(&a.id)).map(|p| p.id.as_str()).collect();
            section.card id={"a-" (a.id)} {
                p { span.citation { (cite) } " " button.copy type="button" data-copy=(cite) { "Copy" } }
                p.small.muted { code { (a.id) } }
                @if !users.is_empty() {
                    p.small { "Cited by: " @for (i, u) in users.iter().enumerate() {
                        @if i > 0 { ", " } a href={"/profiles/" (u)} { (u) }
                    } }
                }
            }
        }
    };
    page("Authorities", "/authorities", body)
}
