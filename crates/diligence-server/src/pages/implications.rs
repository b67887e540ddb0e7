//! The Implications page: what each reading implies beyond cyber, the
//! catalogue of general-obligation-2024 (paras 36-47) assessed against every
//! profile.

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
            "(general-obligation-2024, paras 36-47) is an example situation assessed against every reading."
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
            input #filter type="search" data-filter="implications-table" placeholder="e.g. tallinn, usa";
        }
        table #implications-table {
            thead { tr { th { "Reading" } @for (k, r) in rows.iter().enumerate() { th title=(r.entry) { (k + 1) } } } }
            tbody {
                @for (i, p) in profiles.iter().enumerate() {
                    tr {
                        th { a href={"/profiles/" (p.id)} { (p.id) } }
                        @for r in &rows {
                            @let (c, class) = code(&r.cells[i]);
                            td class={"cell " (class)} title={(r.entry) ": " (r.cells[i].status.label()) " — " (r.cells[i].reason)} { (c) }
                        }
                    }
                }
            }
        }
        p.small.muted { "B+ breach opening countermeasures · B breach · C complied · N voluntary norm engaged · - not triggered · . out of scope. Hover a cell for the reason." }
    };
    page("Implications", "/implications", body)
}
