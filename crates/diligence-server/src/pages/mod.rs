//! The server-rendered pages. Every page is complete HTML without script;
//! `assets/app.js` adds sorting, filtering, copying and live updates. Every
//! string from a user or the data is escaped by the templates.

mod assess;
mod authorities;
mod compare;
mod debate;
mod implications;
mod interview;
mod ledger;
mod positions;
mod results;
mod scenarios;
#[cfg(test)]
mod tests;

use crate::app::AppState;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use diligence_core::citation::{Citation, Coded};
use diligence_core::Status;
use diligence_kb::KnowledgeBase;
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// Results computed once when the server starts, shared by every
/// response without copying.
#[derive(Debug)]
pub struct Cache {
    /// `GET /api/v1/profiles`.
    pub profiles_json: Bytes,
    /// `GET /api/v1/divergence` for every profile.
    pub divergence_json: Bytes,
    /// `GET /api/v1/implications`.
    pub implications_json: Bytes,
    /// The OpenAPI document.
    pub openapi: Bytes,
    /// The countries of the map.
    pub countries: Vec<crate::assets::Country>,
}

impl Cache {
    /// Computes everything for this knowledge base.
    pub fn new(kb: &KnowledgeBase) -> Cache {
        let all: Vec<&diligence_core::Profile> = kb.profiles.iter().collect();
        let rows = diligence_report::json::implication_rows(kb, &all);
        let implications = crate::views::ImplicationsView::of(kb, &all, &rows);
        Cache {
            profiles_json: crate::api::profiles_text(kb).into(),
            divergence_json: crate::api::divergence_text(&all).into(),
            implications_json: diligence_report::json::to_pretty(&implications).into(),
            openapi: crate::openapi::document().into(),
            countries: crate::assets::countries(),
        }
    }
}

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(positions::index))
        .route("/profiles/{id}", get(positions::profile))
        .route("/assess", get(assess::form_page))
        .route("/assess/results", get(assess::results))
        .route("/assess/export.json", get(assess::export_json))
        .route("/assess/export.toml", get(assess::export_toml))
        .route("/assess/report", get(assess::report))
        .route("/assess/report.docx", get(assess::report_docx))
        .route("/assess/interview", get(interview::page_handler))
        .route("/scenarios", get(scenarios::list).post(scenarios::save))
        .route("/scenarios/{id}", get(scenarios::view))
        .route("/scenarios/{id}/delete", post(scenarios::delete))
        .route("/compare", get(compare::page_handler))
        .route("/debate", get(debate::page_handler))
        .route("/implications", get(implications::page_handler))
        .route("/authorities", get(authorities::page_handler))
        .route("/authorities/{id}", get(authorities::authority))
        // The ledger's pages.
        .route("/ledger", get(ledger::home))
        .route("/ledger/sign-in", post(ledger::sign_in))
        .route("/ledger/sign-out", post(ledger::sign_out))
        .route("/ledger/cases", get(ledger::inbox))
        .route("/ledger/cases/{case}", get(ledger::timeline))
}

/// The sections of the site, for the navigation bar.
const NAV: &[(&str, &str)] = &[
    ("/", "Positions"),
    ("/assess", "Assess"),
    ("/compare", "Compare"),
    ("/debate", "Debate"),
    ("/implications", "Implications"),
    ("/authorities", "Authorities"),
    ("/scenarios", "Saved"),
    ("/ledger", "Ledger"),
];

/// A whole page: the navigation, `body`, and the footer.
pub fn layout(title: &str, current: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — diligence" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href=(crate::assets::style_href());
                script src=(crate::assets::script_href()) defer {}
            }
            body {
                a.skip href="#main" { "Skip to the content" }
                header.site {
                    a.brand href="/" { "diligence" }
                    nav aria-label="Sections" {
                        @for (href, label) in NAV {
                            @if *href == current {
                                a href=(href) aria-current="page" { (label) }
                            } @else {
                                a href=(href) { (label) }
                            }
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer.site {
                    "Due diligence in international law, every reading side by side. "
                    "Codings cite their sources with pinpoints; inferred codings say why. "
                    a href="/api/v1/openapi.json" { "API" }
                    " · "
                    a href="/api/v1/schemas" { "JSON Schemas" }
                }
            }
        }
    }
}

/// A page as a response.
pub fn page(title: &str, current: &str, body: Markup) -> Response {
    Html(layout(title, current, body).into_string()).into_response()
}

/// An error page with a status.
pub fn error_page(status: StatusCode, title: &str, detail: &str) -> Response {
    let body = html! {
        h1 { (title) }
        p.error { (detail) }
        p { a href="/" { "Back to the positions" } }
    };
    (status, Html(layout(title, "", body).into_string())).into_response()
}

/// The error page of a problem: its heading, the detail, and where one
/// field is at fault, its name, the value given and the values allowed.
pub fn problem_page(
    status: StatusCode,
    heading: &str,
    problem: &crate::problem::Problem,
) -> Response {
    let body = html! {
        h1 { (heading) }
        p.error { (problem.detail) }
        @if let Some(field) = &problem.field {
            p.problem-field { "The field at fault: " code { (field) }
                @if let Some(v) = &problem.value { ", given as " code { (v) } } "." }
        }
        @if let Some(allowed) = &problem.allowed {
            details.allowed {
                summary { "The values it allows (" (allowed.len()) ")" }
                ul { @for a in allowed { li { code { (a) } } } }
            }
        }
        p { a href="/" { "Back to the positions" } }
    };
    (status, Html(layout(heading, "", body).into_string())).into_response()
}

/// The fallback: a 404 page.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Not found",
        &format!("There is no page at {}.", uri.path()),
    )
}

/// A status as a coloured label.
pub fn status_badge(s: Status) -> Markup {
    html! { span class={"status s-" (s.as_str())} { (s.label()) } }
}

/// A profile's result (a status, or undetermined) as a coloured label.
pub fn verdict_badge(v: diligence_core::Verdict) -> Markup {
    match v.status() {
        Some(s) => status_badge(s),
        None => html! { span class="status s-undetermined" { (v.label()) } },
    }
}

/// A citation rendered from the knowledge base, linked to the authority's
/// page, with a copy button.
pub fn citation(kb: &KnowledgeBase, c: &Citation) -> Markup {
    citation_in(kb, c, diligence_kb::CitationStyle::Oscola)
}

/// The CSS class suffix of a provenance.
pub fn prov_class(p: diligence_core::Provenance) -> &'static str {
    match p {
        diligence_core::Provenance::Explicit => "explicit",
        diligence_core::Provenance::Inferred => "inferred",
    }
}

/// The provenance of a coded value: explicit or inferred by the editors,
/// the reason, the commentator who imputes it, the note and every citation.
pub fn provenance<T>(kb: &KnowledgeBase, c: &Coded<T>) -> Markup {
    provenance_parts(
        kb,
        c.provenance,
        c.reason.as_deref(),
        c.note.as_deref(),
        c.imputed_by.as_ref(),
        &c.cite,
    )
}

/// The provenance of one coded value from its parts.
pub fn provenance_parts(
    kb: &KnowledgeBase,
    provenance: diligence_core::Provenance,
    reason: Option<&str>,
    note: Option<&str>,
    imputed_by: Option<&Citation>,
    cite: &[Citation],
) -> Markup {
    html! {
        span class={"prov prov-" (prov_class(provenance))} { (diligence_kb::words::provenance(provenance, imputed_by.is_some())) }
        @if let Some(r) = reason { div.small { "Why: " (r) } }
        @if let Some(by) = imputed_by { div.small { "Imputed to the reading by: " (citation(kb, by)) } }
        @if let Some(n) = note { div.small.muted { "Note: " (n) } }
        @if !cite.is_empty() {
            ul.cites { @for ci in cite { li { (citation(kb, ci)) } } }
        }
    }
}

/// Inline SVG made by the program (its text is escaped where it is built).
pub fn trusted_svg(svg: &str) -> Markup {
    PreEscaped(svg.to_string())
}

/// Runs `f` on a blocking thread (an assessment of an uncertain scenario
/// takes more than a millisecond); a failure is the 503 page of
/// [`crate::problem::PageError`].
pub async fn off_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| crate::problem::PageError::from(e).into_response())
}

/// The query pairs of a page, or an error page.
pub fn query(q: crate::api::Pairs) -> Result<Vec<(String, String)>, Response> {
    crate::api::pairs(q).map_err(|p| {
        crate::problem::PageError::from(p)
            .heading("Bad address")
            .into_response()
    })
}

// Citations in OSCOLA style.

/// A citation rendered from the knowledge base in a style (OSCOLA: case
/// names and book titles in `<i>`), linked to the authority's page, with a
/// button copying its plain text.
pub fn citation_in(kb: &KnowledgeBase, c: &Citation, style: diligence_kb::CitationStyle) -> Markup {
    let styled = diligence_report::render_citation_styled(kb, c, style);
    let text = styled.plain();
    html! {
        span.citation {
            @if kb.authority(&c.authority).is_some() {
                a href={"/authorities/" (c.authority)} { (styled_runs(&styled)) }
            } @else {
                (styled_runs(&styled))
            }
        }
        " "
        button.copy type="button" data-copy=(text) title="Copy this citation" aria-label={"Copy the citation: " (text)} { "Copy" }
    }
}

/// A citation's runs of text, the italic ones in `<i>` (case names, book
/// titles).
pub fn styled_runs(s: &diligence_kb::Styled) -> Markup {
    html! {
        @for r in s.runs() {
            @if r.italic { i { (r.text) } } @else { (r.text) }
        }
    }
}

/// An authority's citation in OSCOLA style, with a button copying it and a
/// second one copying its short form.
pub fn citation_with_short_form(a: &diligence_kb::Authority) -> Markup {
    let styled = a.oscola(None);
    let text = styled.plain();
    let short = a.citation_in(diligence_kb::CitationStyle::Short, None);
    html! {
        span.citation { (styled_runs(&styled)) }
        " "
        button.copy type="button" data-copy=(text) title="Copy this citation" aria-label={"Copy the citation: " (text)} { "Copy" }
        " "
        button.copy.copy-short type="button" data-copy=(short) title="Copy the short form of this citation" aria-label={"Copy the short form of the citation: " (short)} { "Copy the short form" }
    }
}
