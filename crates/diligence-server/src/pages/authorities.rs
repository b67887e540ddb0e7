//! The Authorities page (full-text search over the knowledge base, each
//! authority with its citation to copy, a link to its page and the profiles
//! that rely on it) and the page of one authority: the full entry, its
//! quotations, and every coded value, source, classification and debate
//! argument that cites it.

use super::{error_page, page, query};
use crate::api::Pairs;
use crate::app::AppState;
use crate::facts::first;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use diligence_kb::words;
use diligence_kb::{Authority, KnowledgeBase};
use maud::{html, Markup};

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
        @if !found.is_empty() {
            @let query = if text.is_empty() { String::new() } else { format!("&q={}", crate::facts::encode(&text)) };
            p.downloads {
                "Download " @if words.is_empty() { "all of them" } @else { "these" } " for a reference manager: "
                a href={"/api/v1/authorities?format=csl-json" (query)} download { "CSL-JSON" } " (Zotero, Mendeley), "
                a href={"/api/v1/authorities?format=bibtex" (query)} download { "BibTeX" } ", "
                a href={"/api/v1/authorities?format=ris" (query)} download { "RIS" } " (EndNote, Citavi)."
            }
        }
        @for a in &found {
            @let users: Vec<&diligence_core::Profile> = kb.profiles.iter().filter(|p| p.authorities().contains(&a.id)).collect();
            section.card id={"a-" (a.id)} {
                h2 { a href={"/authorities/" (a.id)} { (a.title) } }
                p.small.muted {
                    (a.kind.words())
                    @if let Some(w) = a.when() { " · " (words::date(&w)) }
                    " · " code { (a.id) }
                }
                p { (super::citation_with_short_form(a)) }
                @if !users.is_empty() {
                    p.small { "Relied on by: " @for (i, u) in users.iter().enumerate() {
                        @if i > 0 { ", " } a href={"/profiles/" (u.id)} { (u.name) " (" (words::date(&kb.statement_date(u))) ")" }
                    } }
                }
            }
        }
    };
    page("Authorities", "/authorities", body)
}

/// `GET /authorities/{id}`: one authority in full.
pub async fn authority(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let kb = s.kb;
    match kb.authority(&id) {
        Some(a) => page(&a.title, "/authorities", authority_body(kb, a)),
        None => {
            let pr = crate::api::unknown_authority(kb, &id);
            error_page(StatusCode::NOT_FOUND, "No such authority", &pr.detail)
        }
    }
}

/// A profile as a link: its name and the date of its text.
fn profile_link(kb: &KnowledgeBase, p: &diligence_core::Profile) -> Markup {
    html! { a href={"/profiles/" (p.id)} { (p.name) " (" (words::date(&kb.statement_date(p))) ")" } }
}

/// Where the document can be found, with a link to the document that cites
/// a work known only from that citation.
fn where_found(kb: &KnowledgeBase, a: &Authority) -> Markup {
    if let Some(by) = &a.cited_in {
        let citing = kb.authority(&by.authority);
        return html! {
            @if let Some(p) = &a.published_in {
                (p)
                @if a.published_in_added_by_editors { " (standard law-report citation added by the editors; not given in the sources)" }
                "; "
            }
            "cited by "
            @match citing {
                Some(c) => { "'" a href={"/authorities/" (c.id)} { (c.title) } "'" }
                None => { (by.authority) }
            }
            @if let Some(p) = &by.pinpoint { ", " (p) }
            "; not further identified there"
        };
    }
    match a.where_found() {
        Some(w) => html! { (w) },
        None => html! { span.muted { "not given in the sources" } },
    }
}

/// The page of one authority, below the navigation.
pub fn authority_body(kb: &KnowledgeBase, a: &Authority) -> Markup {
    let values = kb.citing_values(&a.id);
    let sourcing = kb.profiles_sourcing(&a.id);
    let classifications = kb.classifications_by(&a.id);
    let arguments = kb.arguments_citing(&a.id);
    let known_from: Vec<String> = a
        .known_from
        .iter()
        .map(|k| kb.known_from_words(*k))
        .collect();
    html! {
        p.small { a href="/authorities" { "← Every authority" } }
        h1 { (a.title) }
        p.muted {
            (a.kind.words())
            @if let Some(w) = a.when() { " · " (words::date(&w)) }
            " · " code { (a.id) }
        }
        p { (super::citation_with_short_form(a)) }
        h2 { "The entry" }
        dl.params #entry {
            dt { "Title" }
            dd {
                (a.title)
                @if a.descriptive_title { br; span.small.muted { "The editors' description; the document's own title is not given in the sources." } }
            }
            @if let Some(x) = &a.author { dt { "Author" } dd { (x) } }
            @if let Some(x) = &a.body { dt { "Court, organ or institution" } dd { (x) } }
            @if let Some(x) = &a.state { dt { "State" } dd { (x) } }
            dt { "Kind" } dd { (a.kind.words()) }
            dt { "Date" }
            dd { @match a.when() { Some(w) => (words::date(&w)), None => span.muted { "not known" } } }
            dt { "Where to find it" } dd { (where_found(kb, a)) }
            dt { "Known from" } dd { (words::and_list(&known_from)) }
        }
        h2 { "Summary" }
        p { (a.summary.trim()) }
        @if let Some(m) = &a.missing {
            h2 { "What is not known" }
            p { (m) }
        }
        @if !a.quotes.is_empty() {
            h2 { "Quotations" }
            @for q in &a.quotes {
                figure.quote {
                    blockquote { "“" (q.text) "”" }
                    figcaption.small.muted { (kb.quotation_place(a, q)) }
                }
            }
        }
        h2 #codings { "Codings that cite it" }
        @if values.is_empty() {
            p.muted { "No coded value of a profile cites it." }
        } @else {
            p.small.muted { (values.len()) " coded values cite it." }
            div.scroll role="region" aria-labelledby="codings" tabindex="0" {
                table #citing-values .sortable {
                    thead { tr {
                        th scope="col" { "Profile" } th scope="col" { "Obligation" } th scope="col" { "Parameter" }
                        th scope="col" { "Value" } th scope="col" { "Provenance" } th scope="col" { "Pinpoint" }
                    } }
                    tbody {
                        @for v in &values {
                            tr data-profile=(v.profile.id) data-parameter=(v.parameter) {
                                th scope="row" { (profile_link(kb, v.profile)) }
                                td { @match v.obligation {
                                    Some(o) => (o.title),
                                    None => span.muted { "the answers to the open questions" },
                                } }
                                td { (v.label) }
                                td { (v.value) }
                                td {
                                    span class={"prov prov-" (super::prov_class(v.provenance))} { (words::provenance(v.provenance, v.imputed)) }
                                    @if v.imputation { br; span.small { "this authority imputes the value to the reading" } }
                                }
                                td { @match v.pinpoint { Some(p) => (p), None => span.muted { "none given" } } }
                            }
                        }
                    }
                }
            }
        }
        @if !sourcing.is_empty() {
            h2 { "Profiles that code it as a source" }
            ul {
                @for (p, pin) in &sourcing {
                    li { (profile_link(kb, p)) @if let Some(pin) = pin { ", " (pin) } }
                }
            }
        }
        @if !classifications.is_empty() {
            h2 { "How it classifies positions" }
            ul {
                @for (p, c) in &classifications {
                    li {
                        (profile_link(kb, p)) ": " (words::legal_status(c.status))
                        @if let Some(d) = &c.date { " (" (words::date(d)) ")" }
                        @if let Some(pin) = &c.pinpoint { ", " (pin) }
                        @if let Some(n) = &c.note { br; span.small.muted { (n) } }
                    }
                }
            }
        }
        h2 { "Debate arguments that cite it" }
        @if arguments.is_empty() {
            p.muted { "No argument of the debate cites it." }
        } @else {
            ul #citing-arguments {
                @for (arg, pin) in &arguments {
                    li {
                        a href={"/debate#arg-" (arg.id)} { (arg.claim.trim()) }
                        @if let Some(pin) = pin { " (" (pin) ")" }
                        " " span.small.muted { "(" (words::camp(arg.camp)) ")" }
                        @if let Some(e) = &arg.editorial { br; span.small { (words::editorial(e)) } }
                    }
                }
            }
        }
    }
}
