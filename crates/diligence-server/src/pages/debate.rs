//! The Debate page: the argument graph over a general obligation, labelled
//! under a chosen semantics for a chosen audience, drawn and listed with the
//! authorities of every argument.

use super::{citation, error_page, page, query, trusted_svg};
use crate::api::{debate_choice, Pairs};
use crate::app::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use diligence_argue::{Label, Semantics};
use diligence_kb::words;
use diligence_report::debate::{label, label_name, svg};
use maud::html;

/// Each semantics by what it means for a reader, with its technical name
/// (Dung semantics) in brackets.
const SEMANTICS_NAMES: &[(&str, &str)] = &[
    (
        "GR",
        "survives every objection: the sceptical core (grounded)",
    ),
    (
        "CO",
        "any position that defends itself and takes in all it defends (complete)",
    ),
    (
        "PR",
        "defensible: the widest positions that defend themselves (preferred)",
    ),
    (
        "ST",
        "a position that answers every argument it leaves out (stable)",
    ),
    ("SST", "answers as many arguments as it can (semi-stable)"),
    (
        "STG",
        "the widest positions free of internal conflict (stage)",
    ),
    (
        "ID",
        "cautious: what every defensible position accepts (ideal)",
    ),
];

/// `GET /debate?semantics=GR&audience=ID`.
pub async fn page_handler(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let kb = s.kb;
    let (sem, audience) = match debate_choice(kb, &pairs) {
        Ok(x) => x,
        Err(p) => return error_page(StatusCode::BAD_REQUEST, "Bad choice", &p.to_string()),
    };
    let labelled = match tokio::task::spawn_blocking(move || label(&kb.debate, audience, sem)).await
    {
        Ok(Ok(l)) => l,
        Ok(Err(e)) => {
            return error_page(StatusCode::BAD_REQUEST, "The debate cannot be labelled", &e)
        }
        Err(e) => {
            return error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The debate cannot be labelled",
                &e.to_string(),
            )
        }
    };
    let audience_id = audience.map_or("none", |a| a.id.as_str());
    let counts = |want: Label| labelled.labels.iter().filter(|l| **l == want).count();
    let body = html! {
        h1 { "The debate over a general obligation" }
        p.lead {
            "The scholarly and diplomatic debate as an argument graph: which arguments stand depends on the semantics "
            "and, for a value-based reading, on the audience's ranking of values (an attack fails when the attacked argument promotes a value the audience ranks higher)."
        }
        form.toolbar method="get" action="/debate" #debate-form {
            label for="semantics" { "Which arguments stand" }
            select #semantics name="semantics" {
                @for (abbr, name) in SEMANTICS_NAMES {
                    option value=(abbr) selected[sem.abbreviation() == *abbr] { (name) }
                }
            }
            label for="audience" { "Whose ranking of values" }
            select #audience name="audience" {
                option value="none" selected[audience.is_none()] { "none: every attack succeeds" }
                @for a in &kb.debate.audiences {
                    option value=(a.id) selected[audience_id == a.id] { (a.name) }
                }
            }
            button type="submit" { "Label the debate" }
        }
        p #debate-summary {
            (kb.debate.arguments.len()) " arguments, " (labelled.attacks.num_attacks()) " attacks; "
            @if audience.is_some() { (labelled.attacks.num_attacks() - labelled.defeats.num_attacks()) " fail for this audience; " }
            @if sem != Semantics::Grounded { (labelled.extensions) " acceptable set(s) of arguments under this reading; " }
            strong { (counts(Label::In)) " in" } ", " (counts(Label::Out)) " out, " (counts(Label::Undec)) " undecided."
        }
        div.debate-svg role="region" aria-label="The argument graph" tabindex="0" { (trusted_svg(&svg(&kb.debate, &labelled, audience_id))) }
        h2 #arguments { "Arguments" }
        div.scroll role="region" aria-labelledby="arguments" tabindex="0" {
            table #arguments-table .sortable {
                thead { tr {
                    th scope="col" { "Argument" } th scope="col" { "Camp" } th scope="col" { "Promotes" }
                    th scope="col" { "Label" } th scope="col" { "Authorities" }
                } }
                tbody {
                    @for (a, l) in kb.debate.arguments.iter().zip(&labelled.labels) {
                        tr id={"arg-" (a.id)} data-argument=(a.id) {
                            th.plain scope="row" {
                                (a.claim.trim())
                                br; code.small.muted { (a.id) }
                                @if let Some(e) = &a.editorial {
                                    p.small.editorial { (words::editorial(e)) }
                                }
                            }
                            td { (words::camp(a.camp)) }
                            td { (words::and_list(&a.values.iter().map(|v| words::value(*v)).collect::<Vec<_>>())) }
                            td data-label=(label_name(*l)) { (label_name(*l)) }
                            td {
                                ul.cites { @for c in &a.authorities { li { (citation(kb, c)) } } }
                            }
                        }
                    }
                }
            }
        }
    };
    page("Debate", "/debate", body)
}
