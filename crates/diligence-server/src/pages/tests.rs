//! Tests of the pages rendered straight from the knowledge base: every
//! authority page and every position page speaks in words, never in the
//! repository's file names; the succession of a State's statements is
//! shown both ways; an authority known only from a citation, or with a
//! law-report citation the editors added, says so.

use super::authorities::authority_body;
use super::layout;
use super::positions::profile_body;
use diligence_core::profile::ProfileKind;
use diligence_kb::KnowledgeBase;
use serde_json::Value;

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().expect("the shipped data is valid")
}

/// The text a reader sees: the body of the page without tags, entities
/// decoded (attribute values, such as addresses, are not text).
pub(crate) fn visible_text(html: &str) -> String {
    const INLINE: [&str; 6] = ["a", "span", "strong", "code", "em", "mark"];
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut out = String::with_capacity(body.len());
    let mut tag: Option<String> = None;
    for ch in body.chars() {
        match (&mut tag, ch) {
            (None, '<') => tag = Some(String::new()),
            (None, c) => out.push(c),
            (Some(t), '>') => {
                let name = t
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                if !INLINE.contains(&name) {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(t), c) => t.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The page without its `code` elements.
fn without_code(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<code") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("</code>")
            .map_or("", |end| &rest[at + end + "</code>".len()..]);
    }
    out.push_str(rest);
    out
}

/// Every text the data gives (summaries, reasons, notes, titles, claims...),
/// longest first; the ids and the `known_from` and `seed` names are left
/// out, since the pages must put those in words.
pub(crate) fn data_texts(kb: &KnowledgeBase) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.trim().chars().count() >= 4 => {
                out.push(s.clone());
                out.push(s.trim().to_string());
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            Value::Object(map) => {
                for (k, x) in map {
                    if !["id", "known_from", "seed", "authority", "by"].contains(&k.as_str()) {
                        walk(x, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for a in &kb.authorities {
        walk(&serde_json::to_value(a).unwrap_or(Value::Null), &mut out);
    }
    for p in &kb.profiles {
        walk(&serde_json::to_value(p).unwrap_or(Value::Null), &mut out);
    }
    for a in &kb.debate.arguments {
        walk(&serde_json::to_value(a).unwrap_or(Value::Null), &mut out);
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// The repository words found in `text`, each with some context.
pub(crate) fn repository_words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    // Anywhere in a word: `seed-000` as much as `seed`.
    for w in diligence_kb::fidelity::FORBIDDEN {
        for (at, _) in lower.match_indices(w) {
            let from = lower[..at]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(i, _)| i);
            let to = lower[at..]
                .char_indices()
                .nth(60)
                .map_or(lower.len(), |(i, _)| at + i);
            found.push(format!("`{w}` in “…{}…”", &text[from..to]));
        }
    }
    found
}

/// The text of the page that the templates write: the visible text with
/// every text of the data removed.
pub(crate) fn template_text(html: &str, data: &[String]) -> String {
    let mut text = visible_text(html);
    for d in data {
        if text.contains(d.as_str()) {
            text = text.replace(d.as_str(), " ");
        }
    }
    text
}

/// Every authority page and every position page, as HTML.
fn every_page(kb: &KnowledgeBase) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = kb
        .authorities
        .iter()
        .map(|a| {
            (
                format!("/authorities/{}", a.id),
                layout(&a.title, "/authorities", authority_body(kb, a)).into_string(),
            )
        })
        .collect();
    for p in kb
        .profiles
        .iter()
        .filter(|p| p.kind != ProfileKind::Doctrine)
    {
        pages.push((
            format!("/profiles/{}", p.id),
            layout(&p.name, "/", profile_body(kb, p)).into_string(),
        ));
    }
    pages
}

#[test]
fn no_page_template_speaks_of_the_repository_files() {
    let kb = kb();
    let data = data_texts(kb);
    let pages = every_page(kb);
    assert!(pages.len() > kb.authorities.len(), "the position pages too");
    for (url, html) in pages {
        let found = repository_words(&template_text(&html, &data));
        assert!(found.is_empty(), "{url}: {found:?}");
    }
}

/// The same over the whole text, data included (the data check refuses
/// such words in the text people read, so this holds of any data that
/// loads).
#[test]
fn no_page_text_speaks_of_the_repository_files() {
    let kb = kb();
    let mut problems = Vec::new();
    for (url, html) in every_page(kb) {
        for f in repository_words(&visible_text(&html)) {
            problems.push(format!("{url}: {f}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The pages that list profiles, authorities and arguments, as served.
async fn list_pages() -> Vec<(String, String)> {
    use axum::extract::{Query, State};
    use axum::response::IntoResponse;
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = crate::Store::open(dir.path()).expect("a database");
    let state = crate::AppState::new(kb(), store);
    let q = |pairs: &[(&str, &str)]| -> crate::api::Pairs {
        Ok(Query(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
    };
    let mut out = Vec::new();
    for (url, res) in [
        (
            "/",
            super::positions::index(State(state.clone()), q(&[])).await,
        ),
        (
            "/authorities",
            super::authorities::page_handler(State(state.clone()), q(&[])).await,
        ),
        (
            "/debate",
            super::debate::page_handler(State(state.clone()), q(&[])).await,
        ),
        (
            "/compare?profile=usa-2016&profile=usa-2021",
            super::compare::page_handler(
                State(state.clone()),
                q(&[("profile", "usa-2016"), ("profile", "usa-2021")]),
            )
            .await
            .into_response(),
        ),
    ] {
        assert_eq!(res.status(), 200, "{url}");
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("a body");
        out.push((url.to_string(), String::from_utf8_lossy(&body).to_string()));
    }
    out
}

#[tokio::test]
async fn the_lists_speak_in_names_and_words() {
    let kb = kb();
    let data = data_texts(kb);
    for (url, html) in list_pages().await {
        let found = repository_words(&template_text(&html, &data));
        assert!(found.is_empty(), "{url}: {found:?}");
        // Wire names may stand only as secondary information, in code.
        let words_only = visible_text(&without_code(&html));
        for wire in [
            "voluntary_norm",
            "corfu_channel",
            "no_harm",
            "non_state_actor",
        ] {
            assert!(!words_only.contains(wire), "{url} shows `{wire}`");
        }
        if url == "/authorities" {
            for a in &kb.authorities {
                let link = format!("href=\"/authorities/{}\"", a.id);
                assert!(html.contains(&link), "the list links to {}", a.id);
            }
        }
        if url.starts_with("/compare") {
            let text = visible_text(&html);
            assert!(
                text.contains("United States, 2016") && text.contains("United States, 2021"),
                "two statements of one State are told apart by their dates"
            );
        }
    }
}

#[test]
fn the_check_finds_a_repository_word_the_template_writes() {
    let data = vec!["Seed 000 says so".to_string()];
    let html = "<html><body><p>Seed 000 says so</p><p>as seed-000 has it</p></body></html>";
    let found = repository_words(&template_text(html, &data));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(repository_words(&template_text("<body><p>Seed 000 says so</p>", &data)).is_empty());
}

#[test]
fn a_superseded_statement_links_to_the_later_one_and_back() {
    let kb = kb();
    let page = |id: &str| {
        let p = kb.profile(id).expect(id);
        layout(&p.name, "/", profile_body(kb, p)).into_string()
    };
    let old = page("usa-2016");
    let superseded = old
        .split("id=\"superseded-by\"")
        .nth(1)
        .expect("usa-2016 says it is superseded");
    assert!(
        superseded
            .split("</p>")
            .next()
            .is_some_and(|s| s.contains("href=\"/profiles/usa-2021\"")),
        "usa-2016 is superseded by usa-2021"
    );
    assert!(!old.contains("id=\"earlier-statement\""));
    let new = page("usa-2021");
    let earlier = new
        .split("id=\"earlier-statement\"")
        .nth(1)
        .expect("usa-2021 names its earlier statement");
    assert!(earlier
        .split("</p>")
        .next()
        .is_some_and(|s| s.contains("href=\"/profiles/usa-2016\"")));
    assert!(!new.contains("id=\"superseded-by\""));
    let fra = page("fra-2019");
    assert!(!fra.contains("id=\"superseded-by\"") && !fra.contains("id=\"earlier-statement\""));
    assert!(
        visible_text(&fra).contains("Date of the statement: September 2019"),
        "the date as precisely as the sources give it"
    );
}

#[test]
fn an_authority_page_shows_the_whole_entry_in_words() {
    let kb = kb();
    let corfu = kb.authority("corfu-channel-1949").expect("corfu");
    let html = layout("", "", authority_body(kb, corfu)).into_string();
    let text = visible_text(&html);
    assert!(text.contains("judgment of a court"));
    assert!(text.contains(
        "quoted in 'A general obligation of due diligence in international law?' (2024), para 16"
    ));
    assert!(text.contains("Known from"));
    // Every coded value that cites it has a row, linked to its profile.
    let rows = html.matches("<tr data-profile=").count();
    assert_eq!(rows, kb.citing_values(&corfu.id).len());
    assert!(rows > 0);
    assert!(html.contains("href=\"/profiles/corfu-channel-literal\""));
    assert!(text.contains("explicit") && text.contains("inferred by the editors"));
}

#[test]
fn an_authority_says_where_it_can_be_found_and_who_added_it() {
    let kb = kb();
    let mut a = kb.authority("corfu-channel-1949").expect("corfu").clone();
    a.published_in_added_by_editors = true;
    let text = visible_text(&authority_body(kb, &a).into_string());
    assert!(
        text.contains(
            "standard law-report citation added by the editors; not given in the sources"
        ),
        "{text}"
    );
    let mut b = a.clone();
    b.published_in = None;
    b.cited_in = Some(diligence_core::Citation::new(
        "general-obligation-2024",
        "para 16",
    ));
    let html = authority_body(kb, &b).into_string();
    let text = visible_text(&html);
    assert!(
        text.contains(
            "cited by 'A general obligation of due diligence in international law?', para 16; not further identified there"
        ),
        "{text}"
    );
    assert!(html.contains("href=\"/authorities/general-obligation-2024\""));
    let mut c = b.clone();
    c.published_in = Some("International and Comparative Law Quarterly".into());
    c.published_in_added_by_editors = false;
    let text = visible_text(&authority_body(kb, &c).into_string());
    assert!(
        text.contains(
            "International and Comparative Law Quarterly; cited by 'A general obligation"
        ),
        "{text}"
    );
    c.cited_in_title = Some("A general obligation of due diligence in international law?".into());
    assert_eq!(
        c.where_found().as_deref(),
        Some("International and Comparative Law Quarterly; cited by 'A general obligation of due diligence in international law?', para 16; not further identified there")
    );
}
