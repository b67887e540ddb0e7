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
use diligence_report::debate::{label, label_name, status_words, svg};
use maud::html;

/// Each semantics by what it means for a reader, with its technical name
/// (Dung semantics) in brackets, and the technical name alone for the
/// tooltip.
const SEMANTICS_NAMES: &[(&str, &str, &str)] = &[
    (
        "GR",
        "survives every objection: the sceptical core (grounded)",
        "grounded semantics",
    ),
    (
        "CO",
        "any position that defends itself and takes in all it defends (complete)",
        "complete semantics",
    ),
    (
        "PR",
        "defensible: the widest positions that defend themselves (preferred)",
        "preferred semantics",
    ),
    (
        "ST",
        "a position that answers every argument it leaves out (stable)",
        "stable semantics",
    ),
    (
        "SST",
        "answers as many arguments as it can (semi-stable)",
        "semi-stable semantics",
    ),
    (
        "STG",
        "the widest positions free of internal conflict (stage)",
        "stage semantics",
    ),
    (
        "ID",
        "cautious: what every defensible position accepts (ideal)",
        "ideal semantics",
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
                @for (abbr, name, technical) in SEMANTICS_NAMES {
                    option value=(abbr) title={"Technical name: " (technical) " (" (abbr) ")"} selected[sem.abbreviation() == *abbr] { (name) }
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
        @if let Some((_, name, technical)) = SEMANTICS_NAMES.iter().find(|(a, _, _)| *a == sem.abbreviation()) {
            p.small #semantics-shown { "Reading: " strong { (name.split(" (").next().unwrap_or(name)) } " — technical name: "
                abbr title={"Dung's " (technical) ", abbreviated " (sem.abbreviation())} { (technical) } "." }
        }
        div.debate-svg role="region" aria-label="The argument graph: arguments by short title, arrows from each argument to the ones it attacks; the list below gives the same" tabindex="0" { (trusted_svg(&svg(&kb.debate, &labelled, audience_id))) }
        h2 #argument-list-heading { "The arguments, one by one" }
        p.small.muted { "The same graph as a list: each argument's status and the arguments that attack it." }
        ol.argument-list #argument-list aria-labelledby="argument-list-heading" {
            @for (i, (a, l)) in kb.debate.arguments.iter().zip(&labelled.labels).enumerate() {
                @let attackers: Vec<usize> = labelled.attacks.attack_list().into_iter().filter(|(_, t)| *t == i).map(|(x, _)| x).collect();
                li data-argument=(a.id) data-label=(label_name(*l)) {
                    a href={"#arg-" (a.id)} { strong { (a.title) } }
                    " — " span class={"status status-" (label_name(*l))} { (status_words(*l)) }
                    br;
                    span.small {
                        @if attackers.is_empty() { "Attacked by no argument." } @else {
                            "Attacked by: "
                            @for (k, x) in attackers.iter().enumerate() {
                                @if k > 0 { "; " }
                                a href={"#arg-" (kb.debate.arguments[*x].id)} { (kb.debate.arguments[*x].title) }
                                @if !labelled.defeats.attacks(*x, i) { " (fails for this audience)" }
                            }
                            "."
                        }
                    }
                }
            }
        }
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
                                strong { (a.title) } br;
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

#[cfg(test)]
mod tests {
    //! The Debate page: the list beside the graph gives every argument by
    //! title, its status in words and what attacks it.

    use diligence_kb::KnowledgeBase;

    async fn page(query: &[(&str, &str)]) -> String {
        use axum::extract::{Query, State};
        let kb = KnowledgeBase::embedded().expect("the shipped data is valid");
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = crate::Store::open(dir.path()).expect("a database");
        let state = crate::AppState::new(kb, store);
        let q = Ok(Query(
            query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ));
        let res = super::page_handler(State(state), q).await;
        assert_eq!(res.status(), 200);
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("a body");
        String::from_utf8_lossy(&body).to_string()
    }

    #[tokio::test]
    async fn the_list_gives_each_argument_its_title_status_and_attackers() {
        let kb = KnowledgeBase::embedded().expect("valid");
        let debate = &kb.debate;
        let pairs = debate.attack_pairs();
        for query in [
            vec![],
            vec![("semantics", "PR"), ("audience", "specific-rules")],
        ] {
            let html = page(&query).await;
            let start = html.find("id=\"argument-list\"").expect("the list");
            let list = &html[start..start + html[start..].find("</ol>").expect("its end")];
            let items: Vec<&str> = list.split("<li ").skip(1).collect();
            assert_eq!(items.len(), debate.arguments.len());
            for (i, (a, item)) in debate.arguments.iter().zip(&items).enumerate() {
                assert!(
                    item.contains(&format!(
                        "<strong>{}</strong>",
                        maud::html! { (a.title) }.into_string()
                    )),
                    "{item}"
                );
                let label = item
                    .split("data-label=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .expect("a label");
                let words = match label {
                    "in" => "accepted (in)",
                    "out" => "rejected (out)",
                    _ => "undecided",
                };
                assert!(item.contains(words), "{item}");
                let attackers: Vec<usize> = pairs
                    .iter()
                    .filter(|(_, t)| *t == i)
                    .map(|(x, _)| *x)
                    .collect();
                if attackers.is_empty() {
                    assert!(item.contains("Attacked by no argument."), "{item}");
                }
                for x in attackers {
                    assert!(
                        item.contains(&format!("href=\"#arg-{}\"", debate.arguments[x].id)),
                        "{item}"
                    );
                }
            }
        }
    }

    #[tokio::test]
    async fn the_semantics_are_named_in_words_with_the_technical_name_at_hand() {
        let html = page(&[("semantics", "GR")]).await;
        for (abbr, name, technical) in super::SEMANTICS_NAMES {
            assert!(html.contains(&format!("value=\"{abbr}\"")));
            assert!(html.contains(name), "{name}");
            assert!(
                html.contains(&format!("title=\"Technical name: {technical} ({abbr})\"")),
                "{abbr}"
            );
        }
        assert!(html.contains("id=\"semantics-shown\""));
        assert!(html.contains("<abbr title=\"Dung&#39;s grounded semantics, abbreviated GR\">grounded semantics</abbr>") || html.contains("<abbr title=\"Dung's grounded semantics, abbreviated GR\">grounded semantics</abbr>"), "the technical name");
    }
}
