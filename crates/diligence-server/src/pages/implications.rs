//! The Implications page: what each reading implies beyond cyber, the
//! catalogue of the 2024 article (paras 36-47) assessed against every
//! profile; each State's cell says that its reach beyond cyber is the
//! critique's imputation, not the State's statement.

use super::page;
use crate::app::AppState;
use axum::extract::State;
use axum::response::Response;
use diligence_analysis::implications::Cell;
use diligence_core::Status;
use maud::html;

fn code(cell: &Cell) -> (&'static str, &'static str) {
    match cell.status {
        Status::Breach if cell.countermeasures => ("B+", "c-bplus"),
        Status::Breach => ("B", "c-b"),
        Status::Complied => ("C", "c-c"),
        Status::NormNotObserved | Status::NormObserved => ("N", "c-n"),
        Status::NotTriggered => ("-", "c-dash"),
        Status::OutOfScope => (".", "c-dot"),
    }
}

/// `GET /implications`.
pub async fn page_handler(State(s): State<AppState>) -> Response {
    let kb = s.kb;
    let profiles: Vec<&diligence_core::Profile> = kb.profiles.iter().collect();
    let rows = diligence_report::json::implication_rows(kb, &profiles);
    let body = html! {
        h1 { "Beyond cyber" }
        p.lead {
            "If due diligence is a general obligation, it reaches every activity. Each entry of the catalogue "
            "of the 2024 article ‘A general obligation of due diligence in international law?’ (paras 36-47) "
            "is an example situation assessed against every reading."
        }
        p.note {
            "Every State's statement coded here addresses cyberspace. Where a State's position is shown as "
            "reaching these activities (cells marked *), that reach is the article's imputation (para 50: such "
            "States “must also accept that such a position entails obligations beyond the cyber context”), "
            "not the State's own words."
        }
        ol {
            @for r in &rows {
                li {
                    strong { (r.entry) } " — binding obligation under " (r.binding().count()) " of " (r.cells.len())
                    " readings; countermeasures under " (r.cells.iter().filter(|c| c.countermeasures).count()) ". "
                    a.small href={"/assess?" (kb.scenario(&r.scenario).map(|e| crate::facts::query_string(&e.scenario.facts, Some(&e.scenario.title))).unwrap_or_default())} { "Assess it" }
                }
            }
        }
        div.toolbar {
            label for="filter" { "Filter readings" }
            input #filter type="search" data-filter="implications-table" placeholder="e.g. Tallinn, United States";
        }
        table #implications-table {
            thead { tr { th scope="col" { "Reading" } @for (k, r) in rows.iter().enumerate() { th scope="col" title=(r.entry) { (k + 1) span.offscreen { ". " (r.entry) } } } } }
            tbody {
                @for (i, p) in profiles.iter().enumerate() {
                    tr {
                        th scope="row" { a href={"/profiles/" (p.id)} { (p.label()) } }
                        @for r in &rows {
                            @let cell = &r.cells[i];
                            @let (c, class) = code(cell);
                            @let reach = diligence_report::cite::reach_note(kb, cell);
                            @let imputed = cell.imputed_by().is_some();
                            td class={"cell " (class)} data-imputed[imputed] title={(r.entry) ": " (cell.status.label()) " — " (cell.reason) @if let Some(n) = &reach { " " (n) }} {
                                (c) @if imputed { "*" }
                                span.offscreen { " " (r.entry) ": " (cell.status.label()) @if let Some(n) = &reach { ". " (n) } }
                            }
                        }
                    }
                }
            }
        }
        p.small.muted { "B+ breach opening countermeasures · B breach · C complied · N voluntary norm engaged · - not triggered · . out of scope · * rests on the article's imputation, not the State's statement. Hover a cell for the reason." }
    };
    page("Implications", "/implications", body)
}
