//! The Positions page (a world map coloured by each State's answer to a
//! chosen question, the organisations beside it, a sortable and filterable
//! table of every profile) and the page of one profile.

use super::{citation, error_page, page, provenance, provenance_parts, query};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::first;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use diligence_core::profile::ProfileKind;
use diligence_core::Profile;
use diligence_kb::{words, KnowledgeBase};
use maud::{html, Markup};

/// The questions the map can show.
const QUESTIONS: &[(&str, &str)] = &[
    ("legal_status", "Legal status of due diligence"),
    ("knowledge", "Knowledge that triggers it"),
    ("harm_threshold", "Harm threshold"),
    ("scope_of_conduct", "Conduct required"),
];

/// A profile's answer to a question: its wire value (for the colour) and
/// the same in words.
fn answer(p: &Profile, question: &str) -> (String, String) {
    let a = &p.answers;
    match question {
        "knowledge" => (
            a.knowledge.value.to_string(),
            words::knowledge_answer(a.knowledge.value),
        ),
        "harm_threshold" => (
            a.harm_threshold.value.to_string(),
            words::harm_answer(a.harm_threshold.value),
        ),
        "scope_of_conduct" => (
            a.scope_of_conduct.value.to_string(),
            words::conduct_answer(a.scope_of_conduct.value),
        ),
        _ => (
            a.legal_status.value.to_string(),
            words::legal_status(a.legal_status.value).to_string(),
        ),
    }
}

/// The CSS class of an answer.
fn answer_class(value: &str) -> String {
    format!("a-{}", value.replace(", ", "-").replace(' ', "_"))
}

/// A profile as a link: its name and the date of its text in words.
fn dated_link(kb: &KnowledgeBase, p: &Profile) -> Markup {
    html! { a href={"/profiles/" (p.id)} { (p.name) ", " (words::date(&kb.statement_date(p))) } }
}

/// `GET /`: the map, the organisations and the table.
pub async fn index(State(s): State<AppState>, q: Pairs) -> Response {
    let pairs = match query(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let question = first(&pairs, "question")
        .filter(|q| QUESTIONS.iter().any(|(k, _)| k == q))
        .unwrap_or("legal_status");
    let kb = s.kb;
    // The latest statement of each State colours the map.
    let latest: Vec<&Profile> = kb
        .profiles
        .iter()
        .filter(|p| p.kind == ProfileKind::State && kb.later_statement(p).is_none())
        .collect();
    let organisations: Vec<&Profile> = kb
        .profiles
        .iter()
        .filter(|p| p.kind == ProfileKind::Organisation)
        .collect();
    let question_label = QUESTIONS
        .iter()
        .find(|(k, _)| *k == question)
        .map_or("", |(_, l)| *l);
    let body = html! {
        h1 { "Positions on due diligence" }
        p.lead {
            "Each State's published position, coded parameter by parameter with pinpoint citations, beside the doctrines. "
            "Choose a question to colour the map; open a profile for every coding, its provenance and its sources."
        }
        form.toolbar method="get" action="/" #question-form {
            label for="question" { "Colour the map by" }
            select #question name="question" {
                @for (k, l) in QUESTIONS {
                    option value=(k) selected[*k == question] { (l) }
                }
            }
            button type="submit" { "Colour the map" }
        }
        div.map-wrap {
            figure {
                (world_map(&s, &latest, question))
                figcaption.small.muted {
                    (question_label) " in each State's latest coded statement; hatched: a member of an organisation whose position speaks for it; dotted: the statement leaves the question open; plain light grey: no statement in the knowledge base. "
                    "Outlines: Natural Earth (public domain)."
                }
            }
            aside {
                h2 { "Legend" }
                (map_legend(kb, &s.cache.countries, &latest, question))
                h2 { "Regional organisations" }
                ul {
                    @for o in &organisations {
                        @let (v, w) = answer(o, question);
                        li {
                            (dated_link(kb, o))
                            @if let Some(m) = o.members { span.muted { ", " (m) " members" } }
                            ": " span class={"swatch " (answer_class(&v))} {} (w)
                        }
                    }
                }
            }
        }
        h2 #profiles { "Every profile" }
        div.toolbar {
            label for="filter" { "Filter" }
            input #filter type="search" data-filter="profiles-table" placeholder="e.g. binding, State, 2021";
            span.muted.small data-count-for="profiles-table" { (kb.profiles.len()) " profiles" }
        }
        div.scroll role="region" aria-labelledby="profiles" tabindex="0" { table #profiles-table .sortable {
            thead { tr {
                th scope="col" { "Profile" } th scope="col" { "Kind" } th scope="col" { "Date" } th scope="col" { "Legal status" }
                th scope="col" { "Knowledge" } th scope="col" { "Harm threshold" } th scope="col" { "Conduct" } th scope="col" { "Basis" } th scope="col" { "Obligations" }
            } }
            tbody {
                @for p in &kb.profiles {
                    @let date = kb.statement_date(p);
                    @let later = kb.later_statement(p);
                    tr data-profile=(p.id) {
                        th scope="row" {
                            a href={"/profiles/" (p.id)} { (p.name) } br; span.small.muted { code { (p.id) } }
                            @if let Some(l) = later { br; span.small.muted { "superseded by " (dated_link(kb, l)) } }
                        }
                        td { (words::profile_kind(p.kind)) }
                        td data-sort=(date) { (words::date(&date)) }
                        td { (words::legal_status(p.answers.legal_status.value)) }
                        td { (answer(p, "knowledge").1) }
                        td { (answer(p, "harm_threshold").1) }
                        td { (answer(p, "scope_of_conduct").1) }
                        td { (words::basis(p.basis.value)) }
                        td data-sort=(p.obligations.len()) { (p.obligations.len()) }
                    }
                }
            }
        } }
    };
    page("Positions", "/", body)
}

/// How the map draws one country for the chosen question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mark<'a> {
    /// The State's own latest statement answers the question.
    Stated(&'a Profile, String, String),
    /// The State's own latest statement does not settle the question.
    NotStated(&'a Profile),
    /// No statement of its own, but a member of an organisation whose
    /// position speaks for it: the organisation's profile, the position's
    /// name, the member's name, the answer (wire value, words).
    Through(&'a Profile, &'a str, &'a str, String, String),
    /// No statement in the knowledge base.
    Nothing,
}

/// The wire value of an answer that the statement leaves open.
const UNSPECIFIED: &str = "unspecified";

/// How to draw the country with this code.
pub(crate) fn mark<'a>(
    kb: &'a KnowledgeBase,
    latest: &[&'a Profile],
    code: &str,
    question: &str,
) -> Mark<'a> {
    if let Some(p) = latest.iter().find(|p| p.state.as_deref() == Some(code)) {
        let (v, w) = answer(p, question);
        return if v == UNSPECIFIED {
            Mark::NotStated(p)
        } else {
            Mark::Stated(p, v, w)
        };
    }
    for m in &kb.memberships {
        if let (Some(member), Some(org)) = (m.member(code), kb.profile(&m.organisation)) {
            let (v, w) = answer(org, question);
            let w = if v == UNSPECIFIED {
                NOT_STATED.to_lowercase()
            } else {
                w
            };
            return Mark::Through(org, &m.position, &member.name, v, w);
        }
    }
    Mark::Nothing
}

/// The legend's words for a statement that leaves the question open.
const NOT_STATED: &str = "Not stated in its position";
/// The legend's words for a country with no statement.
const NO_STATEMENT: &str = "No statement in the knowledge base";

/// A circle of radius `r` around `(x, y)` as path data.
fn circle(x: f64, y: f64, r: f64) -> String {
    format!(
        "M{:.1} {y:.1}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 -{} 0z",
        x - r,
        2.0 * r,
        2.0 * r
    )
}

/// The fill class of a mark.
fn mark_fill(m: &Mark) -> String {
    match m {
        Mark::Stated(_, v, _) | Mark::Through(_, _, _, v, _) => answer_class(v),
        Mark::NotStated(_) => answer_class(UNSPECIFIED),
        Mark::Nothing => "none".to_string(),
    }
}

/// The legend: each answer's colour, then the kinds of mark, in words.
fn map_legend(
    kb: &KnowledgeBase,
    countries: &[crate::assets::Country],
    latest: &[&Profile],
    question: &str,
) -> Markup {
    let marks: Vec<Mark> = countries
        .iter()
        .map(|c| mark(kb, latest, c.code, question))
        .collect();
    let mut stated: Vec<(&str, &str)> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Stated(_, v, w) => Some((v.as_str(), w.as_str())),
            _ => None,
        })
        .collect();
    stated.sort();
    stated.dedup();
    let mut through: Vec<(&str, &str, &str, usize)> = Vec::new();
    for m in &marks {
        if let Mark::Through(_, position, _, v, w) = m {
            match through.iter_mut().find(|t| t.0 == *position && t.1 == v) {
                Some(t) => t.3 += 1,
                None => through.push((position, v, w, 1)),
            }
        }
    }
    let not_stated = marks
        .iter()
        .filter(|m| matches!(m, Mark::NotStated(_)))
        .count();
    let nothing = marks.iter().filter(|m| matches!(m, Mark::Nothing)).count();
    let small = countries.iter().filter(|c| c.is_small()).count();
    html! {
        ul.legend.map-legend #map-legend {
            @for (v, w) in &stated {
                li data-legend="stated" { span class={"swatch " (answer_class(v))} {} (w) }
            }
            @if not_stated > 0 {
                li data-legend="not-stated" { span class={"swatch dots " (answer_class(UNSPECIFIED))} {}
                    (NOT_STATED) span.muted { " (dotted: the State's statement does not settle this question; " (not_stated) ")" } }
            }
            @for (position, v, w, n) in &through {
                li data-legend="through" { span class={"swatch hatch " (answer_class(v))} {}
                    "Through " (position) " (hatched): " (w)
                    span.muted { " (members with no position of their own; " (n) ")" } }
            }
            @if nothing > 0 {
                li data-legend="none" { span.swatch.none {} (NO_STATEMENT) span.muted { " (plain light grey, not a link; " (nothing) ")" } }
            }
            @if small > 0 {
                li data-legend="small" { span.swatch.circle {} "Small States: a circle over them, in the same fill" }
            }
        }
    }
}

/// The radius of a small State's marker, in map units.
const MARKER_RADIUS: f64 = 5.0;

/// One country's shapes: its fill, then the pattern over it that tells the
/// kind of mark without colour (dots: not stated; stripes: through an
/// organisation).
fn shapes(
    d: &str,
    fill: &str,
    kind: &str,
    pattern: Option<&str>,
    title: &str,
    code: &str,
) -> Markup {
    html! {
        path class={(kind) " " (fill)} d=(d) data-state=(code) { title { (title) } }
        @if let Some(p) = pattern { path class={"pattern " (p)} d=(d) {} }
    }
}

fn world_map(s: &AppState, latest: &[&Profile], question: &str) -> Markup {
    let kb = s.kb;
    // Small States are drawn again as a marker, over every outline.
    let draw = |c: &crate::assets::Country, d: &str, marker: bool| {
        let kind = if marker { "marker" } else { "outline" };
        let m = mark(kb, latest, c.code, question);
        match m {
            Mark::Stated(p, v, w) => {
                let name = format!(
                    "{}, statement of {}: {w}",
                    c.name,
                    words::date(&kb.statement_date(p))
                );
                html! { a href={"/profiles/" (p.id)} aria-label=(name) data-mark="stated" {
                    (shapes(d, &format!("coded {}", answer_class(&v)), kind, None, &name, c.code))
                } }
            }
            Mark::NotStated(p) => {
                let name = format!(
                    "{}, statement of {}: {}",
                    c.name,
                    words::date(&kb.statement_date(p)),
                    NOT_STATED.to_lowercase()
                );
                html! { a href={"/profiles/" (p.id)} aria-label=(name) data-mark="not-stated" {
                    (shapes(d, &format!("coded {}", answer_class(UNSPECIFIED)), kind, Some("dots"), &name, c.code))
                } }
            }
            Mark::Through(org, position, member, v, w) => {
                let name = format!("{member}: through {position} — {w}");
                html! { a href={"/profiles/" (org.id)} aria-label=(name) data-mark="through" {
                    (shapes(d, &format!("coded through {}", answer_class(&v)), kind, Some("hatch"), &name, c.code))
                } }
            }
            Mark::Nothing => {
                let name = format!("{}: {}", c.name, NO_STATEMENT.to_lowercase());
                html! { g role="img" aria-label=(name) data-mark="none" { (shapes(d, "none", kind, None, &name, c.code)) } }
            }
        }
    };
    html! {
        svg.map xmlns="http://www.w3.org/2000/svg" viewBox=(crate::assets::MAP_VIEWBOX) role="group" aria-label="World map of the positions: each State with a statement, its own or its organisation's, is a link to that position; small States are circles" {
            defs {
                pattern #map-dots width="3" height="3" patternUnits="userSpaceOnUse" {
                    circle cx="1.5" cy="1.5" r="0.7" fill="#1b1f24" {}
                }
                pattern #map-hatch width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                    rect x="0" y="0" width="1.2" height="4" fill="#ffffff" {}
                    rect x="1.2" y="0" width="0.6" height="4" fill="#1b1f24" {}
                }
            }
            @for c in &s.cache.countries {
                @if c.is_small() {
                    path class={"outline " (mark_fill(&mark(kb, latest, c.code, question)))} d=(c.path) aria-hidden="true" {}
                } @else {
                    (draw(c, c.path, false))
                }
            }
            @for c in s.cache.countries.iter().filter(|c| c.is_small()) {
                @let (x, y) = c.centre();
                (draw(c, &circle(x, y, MARKER_RADIUS), true))
            }
        }
    }
}

/// `GET /profiles/{id}`: every coded parameter with its provenance,
/// reasons, notes and citations.
pub async fn profile(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let kb = s.kb;
    let Some(p) = kb.profile(&id) else {
        let pr = crate::api::unknown_profile(kb, &id);
        return error_page(StatusCode::NOT_FOUND, "No such profile", &pr.detail);
    };
    page(&p.name, "/", profile_body(kb, p))
}

/// The page of one profile, below the navigation.
pub fn profile_body(kb: &KnowledgeBase, p: &Profile) -> Markup {
    let a = &p.answers;
    let date = kb.statement_date(p);
    let position = p.kind != ProfileKind::Doctrine;
    let later = kb.later_statement(p);
    let earlier = kb.earlier_statement(p);
    html! {
        p.small { a href="/#profiles" { "← Every profile" } }
        h1 { (p.name) " (" (words::date(&date)) ")" }
        p.muted { (words::profile_kind(p.kind)) " · " code { (p.id) }
            @if let Some(st) = &p.state { " · " (st) }
            @if let Some(m) = p.members { " · " (m) " members" } }
        @if position {
            p #statement-date { "Date of the statement: " strong { (words::date(&date)) } }
        }
        @if let Some(l) = later {
            p.note #superseded-by { "Superseded by " (dated_link(kb, l)) ": this is not the State's latest statement." }
        }
        @if let Some(e) = earlier {
            p.note #earlier-statement { "Earlier statement: " (dated_link(kb, e)) "." }
        }
        p { (p.summary.trim()) }
        h2 { "Sources" }
        ul.cites { @for c in &p.sources { li { (citation(kb, c)) } } }
        p.downloads {
            "Every authority this reading cites, for a reference manager: "
            a href={"/api/v1/authorities?format=csl-json&profile=" (p.id)} download { "CSL-JSON" } ", "
            a href={"/api/v1/authorities?format=bibtex&profile=" (p.id)} download { "BibTeX" } ", "
            a href={"/api/v1/authorities?format=ris&profile=" (p.id)} download { "RIS" } "."
        }
        h2 { "Answers to the open questions" }
        dl.params {
            dt { "Basis" } dd { (words::basis(p.basis.value)) (provenance(kb, &p.basis)) }
            dt { "Legal status" } dd { (words::legal_status(a.legal_status.value)) (provenance(kb, &a.legal_status)) }
            dt { "Conduct required" } dd { (answer(p, "scope_of_conduct").1) (provenance(kb, &a.scope_of_conduct)) }
            dt { "Knowledge" } dd { (answer(p, "knowledge").1) (provenance(kb, &a.knowledge)) }
            dt { "Harm threshold" } dd { (answer(p, "harm_threshold").1) (provenance(kb, &a.harm_threshold)) }
        }
        @if !p.classifications.is_empty() {
            h2 #classifications { "How observers classify it" }
            div.scroll role="region" aria-labelledby="classifications" tabindex="0" {
                table {
                    thead { tr { th scope="col" { "By" } th scope="col" { "As" } th scope="col" { "Date" } th scope="col" { "Pinpoint" } th scope="col" { "Note" } } }
                    tbody { @for c in &p.classifications {
                        tr {
                            th scope="row" { @match kb.authority(&c.by) {
                                Some(by) => a href={"/authorities/" (by.id)} { (by.title) },
                                None => (c.by),
                            } }
                            td { (words::legal_status(c.status)) }
                            td { (c.date.as_deref().map(words::date).unwrap_or_default()) }
                            td { (c.pinpoint.as_deref().unwrap_or("")) }
                            td { (c.note.as_deref().unwrap_or("")) }
                        }
                    } }
                }
            }
        }
        h2 { "Obligations" }
        @if p.obligations.is_empty() {
            p.note { "This reading recognises no general obligation of due diligence: every situation is outside any general obligation (out of scope), and only the specific primary rules of the activity's field, if any, decide whether the State had to act. Out of scope does not mean that nothing applies." }
        }
        @for o in &p.obligations {
            section.card {
                h3 { (o.title) " " span.small.muted { "(" (o.id) ")" } }
                div.scroll role="region" aria-label={"The parameters of " (o.title)} tabindex="0" {
                    table {
                        thead { tr { th scope="col" { "Parameter" } th scope="col" { "Value" } th scope="col" { "Provenance, reason and sources" } } }
                        tbody {
                            @for prm in o.parameters() {
                                tr data-parameter=(prm.name) {
                                    th scope="row" { (prm.parameter.label()) }
                                    td { (prm.value.words(prm.parameter)) }
                                    td { (provenance_parts(kb, prm.provenance, prm.reason, prm.note, prm.imputed_by, prm.cite)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        p { a.button href={"/compare?profile=" (p.id)} { "Compare with other readings" } }
    }
}

#[cfg(test)]
mod tests {
    //! The map's markup, checked against the knowledge base and the map's
    //! outlines computed independently of the page.

    use crate::assets::countries;
    use diligence_core::profile::ProfileKind;
    use diligence_kb::KnowledgeBase;

    fn kb() -> &'static KnowledgeBase {
        KnowledgeBase::embedded().expect("the shipped data is valid")
    }

    /// The Positions page for a question, as served.
    async fn page(question: &str) -> String {
        use axum::extract::{Query, State};
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = crate::Store::open(dir.path()).expect("a database");
        let state = crate::AppState::new(kb(), store);
        let q = Ok(Query(vec![("question".to_string(), question.to_string())]));
        let res = super::index(State(state), q).await;
        assert_eq!(res.status(), 200);
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("a body");
        String::from_utf8_lossy(&body).to_string()
    }

    /// The SVG map of a page.
    fn map(html: &str) -> &str {
        let start = html.find("<svg class=\"map\"").expect("the map");
        let end = html[start..].find("</svg>").expect("its end") + start;
        &html[start..end]
    }

    /// Every element of the map that opens with `open` (`<a ` or `<g `),
    /// up to its closing tag.
    fn elements<'a>(svg: &'a str, open: &str, close: &str) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find(open) {
            let end = rest[i..].find(close).expect("closed") + i + close.len();
            out.push(&rest[i..end]);
            rest = &rest[end..];
        }
        out
    }

    fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
        let key = format!(" {name}=\"");
        let i = element.find(&key)? + key.len();
        Some(&element[i..i + element[i..].find('"')?])
    }

    /// The latest State statements, by State code, with their answer's
    /// wire value for a question (read from the profile's JSON).
    fn latest_answers(question: &str) -> Vec<(String, String, String)> {
        let kb = kb();
        kb.profiles
            .iter()
            .filter(|p| p.kind == ProfileKind::State && kb.later_statement(p).is_none())
            .map(|p| {
                let json = serde_json::to_value(p).expect("json");
                let v = &json["answers"][question]["value"];
                let value = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (p.state.clone().expect("a State"), p.id.clone(), value)
            })
            .collect()
    }

    #[tokio::test]
    async fn every_country_is_drawn_by_what_the_knowledge_base_says_of_it() {
        let kb = kb();
        let all = countries();
        let au = kb
            .membership("african-union-2024")
            .expect("the AU's members");
        for question in [
            "legal_status",
            "knowledge",
            "harm_threshold",
            "scope_of_conduct",
        ] {
            let html = page(question).await;
            let svg = map(&html);
            let latest = latest_answers(question);
            let links = elements(svg, "<a ", "</a>");
            let blanks = elements(svg, "<g role=\"img\"", "</g>");
            let small = all.iter().filter(|c| c.is_small()).count();
            // Each country once, large ones as outlines, small ones as markers.
            assert_eq!(links.len() + blanks.len(), all.len(), "{question}");
            assert_eq!(svg.matches("class=\"marker ").count(), small, "{question}");
            assert_eq!(
                svg.matches("class=\"outline ").count(),
                all.len(),
                "{question}"
            );
            for c in &all {
                let tag = format!("data-state=\"{}\"", c.code);
                let el = links
                    .iter()
                    .chain(&blanks)
                    .find(|e| e.contains(&tag))
                    .unwrap_or_else(|| panic!("{} is not drawn", c.code));
                let own = latest.iter().find(|(code, _, _)| code == c.code);
                let member = au.member(c.code);
                match (own, member) {
                    (Some((_, id, value)), _) => {
                        assert_eq!(attr(el, "href"), Some(format!("/profiles/{id}").as_str()));
                        if value == "\"unspecified\"" || value == "unspecified" {
                            assert_eq!(attr(el, "data-mark"), Some("not-stated"), "{}", c.code);
                            assert!(
                                el.contains("a-unspecified") && el.contains("pattern dots"),
                                "{el}"
                            );
                            assert!(attr(el, "aria-label")
                                .expect("a name")
                                .ends_with(": not stated in its position"));
                        } else {
                            assert_eq!(attr(el, "data-mark"), Some("stated"), "{}", c.code);
                            assert!(!el.contains("pattern"), "{el}");
                        }
                    }
                    (None, Some(m)) => {
                        assert_eq!(attr(el, "data-mark"), Some("through"), "{}", c.code);
                        assert_eq!(attr(el, "href"), Some("/profiles/african-union-2024"));
                        assert!(el.contains("pattern hatch"), "{el}");
                        let name = attr(el, "aria-label").expect("a name");
                        assert!(
                            name.starts_with(&format!(
                                "{}: through the Common African Position — ",
                                m.name
                            )),
                            "{name}"
                        );
                    }
                    (None, None) => {
                        assert_eq!(attr(el, "data-mark"), Some("none"), "{}", c.code);
                        assert!(!el.contains("href="), "{el}");
                        assert_eq!(
                            attr(el, "aria-label"),
                            Some(
                                format!("{}: no statement in the knowledge base", c.name).as_str()
                            )
                        );
                    }
                }
            }
            // The AU's members with no statement of their own, all hatched.
            let through = au
                .members
                .iter()
                .filter(|m| !latest.iter().any(|(code, _, _)| *code == m.alpha3))
                .count();
            assert_eq!(
                links
                    .iter()
                    .filter(|e| attr(e, "data-mark") == Some("through"))
                    .count(),
                through
            );
            assert_eq!(
                through, 55,
                "no African State has a statement of its own yet"
            );
        }
    }

    #[tokio::test]
    async fn knowledge_tells_not_stated_from_no_statement_in_the_legend() {
        let html = page("knowledge").await;
        let latest = latest_answers("knowledge");
        let unspecified = latest.iter().filter(|(_, _, v)| v == "unspecified").count();
        assert!(unspecified > 0);
        let svg = map(&html);
        assert_eq!(
            elements(svg, "<a ", "</a>")
                .iter()
                .filter(|e| attr(e, "data-mark") == Some("not-stated"))
                .count(),
            unspecified
        );
        let legend = &html[html.find("id=\"map-legend\"").expect("the legend")..];
        let legend = &legend[..legend.find("</ul>").expect("its end")];
        for words in [
            "Not stated in its position",
            "No statement in the knowledge base",
            "Through the Common African Position (hatched)",
            "Small States: a circle",
        ] {
            assert!(legend.contains(words), "{words} is not in the legend");
        }
        assert!(
            legend.contains("swatch dots")
                && legend.contains("swatch hatch")
                && legend.contains("swatch none")
        );
    }

    #[tokio::test]
    async fn a_small_state_with_a_statement_is_a_marker_linking_to_it() {
        let kb = kb();
        let html = page("legal_status").await;
        let svg = map(&html);
        let all = countries();
        let mut checked = 0;
        for (code, id, _) in latest_answers("legal_status") {
            let c = all.iter().find(|c| c.code == code).expect("on the map");
            if !c.is_small() {
                continue;
            }
            let el = elements(svg, "<a ", "</a>")
                .into_iter()
                .find(|e| e.contains(&format!("data-state=\"{code}\"")))
                .expect("a link");
            assert!(el.contains("class=\"marker "), "{el}");
            assert_eq!(attr(el, "href"), Some(format!("/profiles/{id}").as_str()));
            checked += 1;
        }
        assert!(checked > 0, "no small State has a statement");
        assert!(kb.profile("sgp-2021").is_some());
    }
}
