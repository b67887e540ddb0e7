//! OSCOLA citations: the shipped authorities of every kind rendered with the
//! pinpoints the profiles cite them at, compared with the citation written
//! out by hand; then properties over arbitrary authorities and pinpoints.

use diligence_core::Citation;
use diligence_kb::authority::{Authority, AuthorityKind};
use diligence_kb::{CitationStyle, KnowledgeBase};
use proptest::prelude::*;

/// (authority, pinpoint, OSCOLA plain text, the words in italics).
const TABLE: &[(&str, Option<&str>, &str, Option<&str>)] = &[
    (
        "corfu-channel-1949",
        Some("p. 22"),
        "Corfu Channel (United Kingdom v Albania) (Merits) [1949] ICJ Rep 4, 22",
        Some("Corfu Channel (United Kingdom v Albania) (Merits)"),
    ),
    (
        "bosnia-genocide-2007",
        Some("para 429"),
        "Application of the Convention on the Prevention and Punishment of the Crime of Genocide \
         (Bosnia and Herzegovina v Serbia and Montenegro) [2007] ICJ Rep 43, para 429",
        Some(
            "Application of the Convention on the Prevention and Punishment of the Crime of \
             Genocide (Bosnia and Herzegovina v Serbia and Montenegro)",
        ),
    ),
    (
        "trail-smelter-1941",
        None,
        "Trail Smelter (United States v Canada) (1938 and 1941) 3 RIAA 1905",
        Some("Trail Smelter (United States v Canada)"),
    ),
    (
        "island-of-palmas-1928",
        None,
        "Island of Palmas (Netherlands v United States) (1928) 2 RIAA 829",
        Some("Island of Palmas (Netherlands v United States)"),
    ),
    (
        "ilc-prevention-2001",
        Some("Art. 3 and commentary 7"),
        "International Law Commission, 'Draft articles on Prevention of Transboundary Harm from \
         Hazardous Activities' (2001), Art. 3 and commentary 7",
        None,
    ),
    (
        "ilc-arsiwa-2001",
        None,
        "International Law Commission, 'Articles on Responsibility of States for Internationally \
         Wrongful Acts' (2001) UN Doc A/56/10",
        None,
    ),
    ("hague-viii-1907", None, "Hague Convention VIII (1907)", None),
    (
        "gge-2015",
        Some("pp. 7, 8"),
        "UN Group of Governmental Experts on Developments in the Field of Information and \
         Telecommunications in the Context of International Security, Consensus report (2015), 7, 8",
        None,
    ),
    (
        "ccdcoe-toolkit",
        None,
        "NATO CCD COE and partners, 'Due diligence' Cyber Law Toolkit (cyberlaw.ccdcoe.org)",
        None,
    ),
    (
        "unidir-2026",
        Some("para 10"),
        "UNIDIR, Announcement of a side event on due diligence in cyberspace at the 77th session \
         of the International Law Commission (2026), para 10",
        None,
    ),
    (
        "ilc-first-report-2026",
        None,
        "Penelope Ridings, First report of the Special Rapporteur on due diligence in \
         international law (April 2026)",
        None,
    ),
    (
        "cri-2023",
        Some("pp. 8-9"),
        "Position of Costa Rica on the application of international law in cyberspace submitted \
         to the UN Open-Ended Working Group (21 July 2023), 8–9",
        None,
    ),
    (
        "fra-2019",
        Some("pp. 6, 9-10"),
        "French Ministry of the Armies, 'International law applied to operations in cyberspace' \
         (September 2019), 6, 9–10",
        None,
    ),
    (
        "nld-2019",
        Some("appendix, due diligence section"),
        "Minister of Foreign Affairs of the Netherlands, Letter to parliament on international \
         law in cyberspace (5 July 2019), appendix, due diligence section",
        None,
    ),
    (
        "african-union-2024",
        Some("pp. 3-4"),
        "African Union Peace and Security Council, 'Common African Position on the application \
         of international law to the use of ICTs in cyberspace' (29 January 2024) Communiqué \
         1196, 3–4",
        None,
    ),
    (
        "arg-2020",
        Some("at 2:15"),
        "Statement of Argentina on the application of international law in cyberspace (2020), \
         at 2:15",
        None,
    ),
    (
        "coco-dias-2021",
        Some("p. 774"),
        "Coco and Dias, 'Cyber due diligence: a patchwork of protective obligations' (2021) 32 \
         EJIL 771, 774",
        None,
    ),
    (
        "tallinn-manual-2",
        Some("Rule 6, p. 30"),
        "Tallinn Manual 2.0 (Cambridge University Press 2017) Rule 6, 30",
        Some("Tallinn Manual 2.0"),
    ),
    (
        "general-obligation-2024",
        Some("para 10"),
        "'A general obligation of due diligence in international law?' (20 March 2024), para 10",
        None,
    ),
    (
        "kenny-2023",
        None,
        "Jack Kenny, 'Cyber operations and the status of due diligence obligations in \
         international law' (International and Comparative Law Quarterly 2023)",
        None,
    ),
    (
        "moynihan",
        Some("p. 10"),
        "Moynihan, cited by 'A general obligation of due diligence in international law?', \
         para 25; not further identified there (at 10)",
        None,
    ),
    (
        "ollino",
        Some("pp. 54-57"),
        "Ollino, cited by 'A general obligation of due diligence in international law?', para \
         18; not further identified there (at 54–57)",
        None,
    ),
];

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().expect("the shipped data is valid")
}

#[test]
fn shipped_authorities_of_every_kind_render_as_written_out_by_hand() {
    let kb = kb();
    let mut kinds = std::collections::BTreeSet::new();
    for &(id, pin, plain, italic) in TABLE {
        let a = kb
            .authority(id)
            .unwrap_or_else(|| panic!("{id} is in the data"));
        kinds.insert(a.kind);
        let styled = a.oscola(pin);
        assert_eq!(styled.plain(), plain, "{id}");
        assert_eq!(a.citation_in(CitationStyle::Oscola, pin), plain, "{id}");
        let italics: Vec<&str> = styled
            .runs()
            .iter()
            .filter(|r| r.italic)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(italics, italic.into_iter().collect::<Vec<_>>(), "{id}");
        if let Some(i) = italic {
            assert_eq!(
                styled.markdown(),
                plain.replacen(i, &format!("*{i}*"), 1),
                "{id}"
            );
        }
        // The short form is the one the knowledge base has always written.
        assert_eq!(
            a.citation_in(CitationStyle::Short, pin),
            a.citation(pin),
            "{id}"
        );
    }
    assert_eq!(kinds, AuthorityKind::ALL.into_iter().collect());
}

#[test]
fn every_shipped_authority_renders_without_guessed_fields() {
    let kb = kb();
    for a in &kb.authorities {
        let plain = a.oscola(None).plain();
        assert!(!plain.contains("n.d."), "{}: {plain}", a.id);
        assert!(!plain.ends_with('.'), "{}: {plain}", a.id);
        if a.cited_in.is_none() {
            assert!(plain.contains(&a.title), "{}: {plain}", a.id);
        }
        if let Some(d) = &a.date {
            // An ISO date is written out, never left as digits and hyphens.
            assert!(!plain.contains(d.as_str()), "{}: {plain}", a.id);
        }
        if a.year.is_none() && a.date.is_none() {
            assert!(
                four_digit_numbers(&plain).iter().all(|n| held(a, n)),
                "{}: {plain}",
                a.id
            );
        }
    }
}

fn four_digit_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() == 4 {
                out.push(run.clone());
            }
            run.clear();
        }
    }
    out
}

/// Whether the words appear in one of the fields the authority holds.
fn held(a: &Authority, words: &str) -> bool {
    let year = a.year.map(|y| y.to_string());
    let fields: Vec<&str> = [
        Some(a.title.as_str()),
        a.author.as_deref(),
        a.body.as_deref(),
        a.published_in.as_deref(),
        a.date.as_deref(),
        year.as_deref(),
        a.cited_in_title.as_deref(),
        a.cited_in.as_ref().map(|c| c.authority.as_str()),
        a.cited_in.as_ref().and_then(|c| c.pinpoint.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    fields.iter().any(|f| f.contains(words))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn name() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{2,9}( and [A-Z][a-z]{2,9})?"
}

fn title() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{2,9}( [a-z]{2,8}){0,4}"
}

fn iso_date() -> impl Strategy<Value = String> {
    (
        1900u16..2030,
        proptest::option::of((1u8..=12, proptest::option::of(1u8..=28))),
    )
        .prop_map(|(y, md)| match md {
            None => format!("{y}"),
            Some((m, None)) => format!("{y}-{m:02}"),
            Some((m, Some(d))) => format!("{y}-{m:02}-{d:02}"),
        })
}

fn published_in() -> impl Strategy<Value = String> {
    prop_oneof![
        (1950u16..2030, 1u16..99, "[A-Z]{3,5}", 1u16..999)
            .prop_map(|(y, v, j, p)| format!("({y}) {v} {j} {p}")),
        "[A-Z][a-z]{3,9} University Press",
        "[A-Z][a-z]{3,9} (Law Review|Quarterly|Journal)",
        (1u16..80, 1u16..99).prop_map(|(s, n)| format!("UN Doc A/{s}/{n}")),
    ]
}

fn pinpoint_part() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u16..999).prop_map(|n| format!("p. {n}")),
        (1u16..500, 1u16..50).prop_map(|(n, k)| format!("pp. {n}-{}", n + k)),
        (1u16..999).prop_map(|n| format!("para {n}")),
        (1u16..500, 1u16..50).prop_map(|(n, k)| format!("paras {n}-{}", n + k)),
        (1u16..99).prop_map(|n| format!("Rule {n}")),
        (1u16..99).prop_map(|n| format!("Art. {n}")),
    ]
}

fn pinpoint() -> impl Strategy<Value = String> {
    proptest::collection::vec(pinpoint_part(), 1..4).prop_map(|p| p.join(", "))
}

fn kind() -> impl Strategy<Value = AuthorityKind> {
    prop_oneof![
        Just(AuthorityKind::Case),
        Just(AuthorityKind::Arbitration),
        Just(AuthorityKind::Instrument),
        Just(AuthorityKind::Report),
        Just(AuthorityKind::Scholarship),
        Just(AuthorityKind::Position),
    ]
}

prop_compose! {
    fn authority()(
        kind in kind(),
        title in title(),
        descriptive_title in any::<bool>(),
        author in proptest::option::of(name()),
        body in proptest::option::of(name()),
        year in proptest::option::of(1900u16..2030),
        date in proptest::option::of(iso_date()),
        published_in in proptest::option::of(published_in()),
        cited_in in proptest::option::of((proptest::option::of(pinpoint()), title())),
    ) -> Authority {
        let (cited_in, cited_in_title) = match cited_in {
            Some((pinpoint, t)) => (
                Some(Citation { authority: "citing-work".to_string(), pinpoint }),
                Some(t),
            ),
            None => (None, None),
        };
        Authority {
            id: "generated".to_string(),
            kind,
            title,
            descriptive_title,
            author,
            state: None,
            body,
            year,
            date,
            published_in,
            published_in_added_by_editors: false,
            cited_in,
            cited_in_title,
            summary: String::new(),
            known_from: Vec::new(),
            missing: None,
            quotes: Vec::new(),
        }
    }
}

/// Whether a page abbreviation is left before a number.
fn has_page_abbreviation(text: &str) -> bool {
    ["p. ", "pp. "].iter().any(|abbr| {
        text.match_indices(abbr).any(|(i, _)| {
            let before_ok = i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric());
            let next = text[i + abbr.len()..].chars().next();
            before_ok && next.is_some_and(|c| c.is_ascii_digit())
        })
    })
}

/// The words the renderer may add of its own: connectives of a work known
/// only as cited by another.
const OWN_WORDS: &[&str] = &[
    "cited",
    "by",
    "not",
    "further",
    "identified",
    "there",
    "at",
    "A",
    "work",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn oscola_citations_hold_only_what_the_authority_holds(
        a in authority(),
        pin in proptest::option::of(pinpoint()),
    ) {
        let styled = a.oscola(pin.as_deref());
        let plain = styled.plain();
        let runs = styled.runs();
        prop_assert_eq!(
            runs.iter().map(|r| r.text.as_str()).collect::<String>(),
            plain.clone()
        );
        prop_assert!(runs.iter().all(|r| !r.text.is_empty()));
        prop_assert!(runs.windows(2).all(|w| w[0].italic != w[1].italic));
        prop_assert_eq!(a.citation_in(CitationStyle::Oscola, pin.as_deref()), plain.clone());
        prop_assert!(!plain.contains("n.d."), "{}", plain);
        prop_assert!(!has_page_abbreviation(&plain), "{}", plain);
        prop_assert!(!plain.ends_with('.'), "{}", plain);
        if a.cited_in.is_none() {
            prop_assert!(plain.contains(&a.title), "{}", plain);
        }
        if a.descriptive_title || a.cited_in.is_some() {
            prop_assert!(runs.iter().all(|r| !r.italic), "{}", plain);
        }
        // Every word is one the authority or the pinpoint holds, a month of
        // its date, or a connective of the renderer's own.
        let pin_text = pin.clone().unwrap_or_default();
        for word in plain.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let month = a.date.as_deref().is_some_and(|d| d.len() >= 7) && MONTHS.contains(&word);
            let day = a
                .date
                .as_deref()
                .is_some_and(|d| d.len() == 10 && d[8..].trim_start_matches('0') == word);
            prop_assert!(
                held(&a, word) || pin_text.contains(word) || month || day
                    || (a.cited_in.is_some() && OWN_WORDS.contains(&word)),
                "'{}' is not in the authority: {}", word, plain
            );
        }
        if a.year.is_none() && a.date.is_none() {
            for n in four_digit_numbers(&plain) {
                prop_assert!(held(&a, &n), "{} in {}", n, plain);
            }
        }
        // The short form stays what `citation` writes.
        prop_assert_eq!(a.citation_in(CitationStyle::Short, pin.as_deref()), a.citation(pin.as_deref()));
    }

    #[test]
    fn pinpoint_ranges_take_an_en_dash_and_pages_lose_their_abbreviation(
        from in 1u16..900,
        span in 1u16..90,
    ) {
        let to = from + span;
        prop_assert_eq!(
            diligence_kb::oscola::pinpoint(&format!("pp. {from}-{to}")),
            format!("{from}–{to}")
        );
        prop_assert_eq!(
            diligence_kb::oscola::pinpoint(&format!("paras {from}-{to}")),
            format!("paras {from}–{to}")
        );
        prop_assert_eq!(diligence_kb::oscola::pinpoint(&format!("p. {from}")), from.to_string());
    }

    #[test]
    fn iso_dates_are_written_out(d in iso_date()) {
        let written = diligence_kb::oscola::date(&d);
        let parts: Vec<&str> = d.split('-').collect();
        prop_assert!(written.ends_with(parts[0]));
        if let Some(m) = parts.get(1) {
            let m: usize = m.parse().expect("month");
            prop_assert!(written.contains(MONTHS[m - 1]));
        }
        if let Some(day) = parts.get(2) {
            let want = format!("{} ", day.trim_start_matches('0'));
            prop_assert!(written.starts_with(&want), "{}", written);
        }
        prop_assert!(!written.contains('-'));
    }
}
