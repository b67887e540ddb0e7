//! The Implications page: what each reading implies beyond cyber, the
//! catalogue of the 2024 article (paras 36-47) assessed against every
//! profile; each State's cell says that its reach beyond cyber is the
//! critique's imputation, not the State's statement.

use super::compare::{percent, share_words};
use super::page;
use crate::app::AppState;
use axum::extract::State;
use axum::response::Response;
use diligence_analysis::implications::Cell;
use diligence_core::Status;
use maud::html;

/// A cell's status in words and its colour class.
fn code(cell: &Cell) -> (&'static str, &'static str) {
    match cell.status {
        Status::Breach if cell.countermeasures => ("breach, countermeasures", "c-bplus"),
        Status::Breach => ("breach", "c-b"),
        Status::Complied => ("complied", "c-c"),
        Status::NormNotObserved | Status::NormObserved => ("voluntary norm", "c-n"),
        Status::NotTriggered => ("not triggered", "c-dash"),
        Status::OutOfScope => ("out of scope", "c-dot"),
    }
}

/// Why each reading decides one situation as it does: the readings grouped
/// by status and reason, then what each position's reach rests on; shown
/// in full, so no reason is only a tooltip.
fn why(
    kb: &diligence_kb::KnowledgeBase,
    r: &diligence_analysis::implications::Row,
    profiles: &[&diligence_core::Profile],
) -> maud::Markup {
    let mut groups: Vec<(&str, &str, Vec<String>)> = Vec::new();
    let mut reaches: Vec<(String, Vec<String>)> = Vec::new();
    for (c, p) in r.cells.iter().zip(profiles) {
        let (words, _) = code(c);
        match groups
            .iter_mut()
            .find(|(w, reason, _)| *w == words && *reason == c.reason)
        {
            Some(g) => g.2.push(p.label()),
            None => groups.push((words, c.reason.as_str(), vec![p.label()])),
        }
        if let Some(note) = diligence_report::cite::reach_note(kb, c) {
            match reaches.iter_mut().find(|(n, _)| *n == note) {
                Some(g) => g.1.push(p.label()),
                None => reaches.push((note, vec![p.label()])),
            }
        }
    }
    html! {
        section.card {
            h3 { (r.entry) }
            ul.small {
                @for (words, reason, names) in &groups {
                    li { strong { (words) } ": " (names.join(", ")) " — " (reason) }
                }
            }
            @for (note, names) in &reaches {
                p.small.muted { "Positions of " (names.join(", ")) ": " (note) }
            }
        }
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
                    @let (n, bound, cm) = (r.cells.len() as u64, r.binding().count() as u64, r.cells.iter().filter(|c| c.countermeasures).count() as u64);
                    strong { (r.entry) } " — binding obligation under " (bound) " of the " (n)
                    " readings (" (percent(bound, n)) ", " (share_words(bound, n)) "); countermeasures under "
                    (cm) " (" (percent(cm, n)) "). "
                    a.small href={"/assess?" (kb.scenario(&r.scenario).map(|e| crate::facts::query_string(&e.scenario.facts, Some(&e.scenario.title))).unwrap_or_default())} { "Assess it" }
                }
            }
        }
        div.toolbar {
            label for="filter" { "Filter readings" }
            input #filter type="search" data-filter="implications-table" placeholder="e.g. Tallinn, United States";
        }
        div.scroll role="region" aria-label="Every reading against every situation of the catalogue" tabindex="0" {
            table #implications-table {
                thead { tr { th scope="col" { "Reading" } @for r in &rows { th scope="col" { (r.entry) } } } }
                tbody {
                    @for (i, p) in profiles.iter().enumerate() {
                        tr {
                            th scope="row" { a href={"/profiles/" (p.id)} { (p.label()) } }
                            @for r in &rows {
                                @let cell = &r.cells[i];
                                @let (words, class) = code(cell);
                                @let imputed = cell.imputed_by().is_some();
                                td class={"cell " (class)} data-status=(cell.status.as_str()) data-imputed[imputed] {
                                    (words)
                                    @if imputed { " *" span.offscreen { " (through the article's imputation)" } }
                                }
                            }
                        }
                    }
                }
            }
        }
        p.small.muted { "* the position reaches this activity only through the 2024 article's imputation (para 50), not through the State's own statement." }
        h2 #why { "Why, situation by situation" }
        @for r in &rows {
            (why(kb, r, &profiles))
        }
    };
    page("Implications", "/implications", body)
}
