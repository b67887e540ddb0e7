//! `--citations`: every text output that prints citations writes them in
//! OSCOLA style by default and in the short form with `--citations short`,
//! and nothing else changes between the two.

mod common;

use common::{ok, run};
use diligence_kb::{Authority, CitationStyle, KnowledgeBase};

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().expect("the shipped data is valid")
}

fn example(name: &str) -> String {
    format!(
        "{}/../../data/scenarios/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Whether `short` becomes `oscola` when one authority's short citation in
/// it, with whatever pinpoint follows it, is written in OSCOLA style.
fn one_citation_restyled(kb: &KnowledgeBase, short: &str, oscola: &str) -> bool {
    let restyled = |a: &Authority, at: usize| {
        let bare = a.citation(None);
        let (before, rest) = (&short[..at], &short[at + bare.len()..]);
        // The pinpoint, if any, is what follows ", " (or " (at " for a
        // work known as cited by another) up to some point.
        let mut ends: Vec<usize> = rest.char_indices().map(|(i, _)| i).collect();
        ends.push(rest.len());
        ends.into_iter().any(|end| {
            let head = &rest[..end];
            let pin = head
                .strip_prefix(", ")
                .or_else(|| head.strip_prefix(" (at ").and_then(|p| p.strip_suffix(')')));
            let pin = match pin {
                _ if end == 0 => None,
                Some(p) if !p.is_empty() => Some(p),
                _ => return false,
            };
            short == format!("{before}{}{}", a.citation(pin), &rest[end..])
                && oscola == format!("{before}{}{}", a.oscola(pin).plain(), &rest[end..])
        })
    };
    kb.authorities.iter().any(|a| {
        short
            .match_indices(&a.citation(None))
            .any(|(at, _)| restyled(a, at))
    })
}

/// Runs a command in both styles: the default prints OSCOLA, `--citations
/// short` the short form, line for line, and the two differ only in the
/// citations. Returns how many lines differ.
fn styles_differ_only_in_citations(args: &[&str]) -> usize {
    let kb = kb();
    let default = ok(args);
    let oscola = ok(&[args, &["--citations", "oscola"]].concat());
    assert_eq!(default, oscola, "{args:?}: OSCOLA is the default");
    let short = ok(&[&["--citations", "short"], args].concat());
    let (d, s): (Vec<&str>, Vec<&str>) = (default.lines().collect(), short.lines().collect());
    assert_eq!(d.len(), s.len(), "{args:?}");
    let mut differ = 0;
    for (o, s) in d.iter().zip(&s) {
        if o != s {
            differ += 1;
            assert!(
                one_citation_restyled(kb, s, o),
                "{args:?}: the lines differ in more than one citation:\n  {s}\n  {o}"
            );
        }
    }
    differ
}

#[test]
fn authorities_list_every_citation_in_the_style_asked_for() {
    let kb = kb();
    let every = kb.search(&[]);
    for (style, name) in [
        (CitationStyle::Oscola, None),
        (CitationStyle::Oscola, Some("oscola")),
        (CitationStyle::Short, Some("short")),
    ] {
        let mut args = vec!["authorities"];
        args.extend(name.map(|n| ["--citations", n]).iter().flatten());
        let out = ok(&args);
        let cited: Vec<&str> = out
            .lines()
            .take_while(|l| !l.is_empty())
            .filter(|l| !l.starts_with(' '))
            .collect();
        let want: Vec<String> = every.iter().map(|a| a.citation_in(style, None)).collect();
        assert_eq!(cited, want, "{name:?}");
    }
    // The short form is the one `Authority::citation` has always written.
    let short = ok(&["authorities", "--citations", "short"]);
    for a in &kb.authorities {
        assert!(
            short.contains(&format!("{}\n", a.citation(None))),
            "{}",
            a.id
        );
    }
    assert!(styles_differ_only_in_citations(&["authorities"]) > 0);
}

#[test]
fn one_authority_shows_its_citation_in_the_style_asked_for() {
    let kb = kb();
    for id in [
        "corfu-channel-1949",
        "tallinn-manual-2",
        "general-obligation-2024",
    ] {
        let a = kb.authority(id).expect("shipped");
        for (style, args) in [
            (CitationStyle::Oscola, vec!["authority", id]),
            (
                CitationStyle::Short,
                vec!["authority", id, "--citations", "short"],
            ),
        ] {
            let out = ok(&args);
            let line = format!("{:<18} {}\n", "Citation:", a.citation_in(style, None));
            assert!(out.contains(&line), "{args:?}: {out}");
        }
    }
    // Corfu Channel's two forms agree; the Manual's do not.
    assert_eq!(
        styles_differ_only_in_citations(&["authority", "corfu-channel-1949"]),
        0
    );
    assert!(styles_differ_only_in_citations(&["authority", "tallinn-manual-2"]) > 0);
}

#[test]
fn explained_assessments_profiles_and_the_debate_take_the_style() {
    let file = example("ransomware-hospitals-notified");
    for args in [
        vec!["assess", file.as_str(), "--explain"],
        vec!["profile", "tallinn-manual-2"],
        vec!["profile", "deu-2021"],
        vec!["debate"],
        vec!["implications"],
    ] {
        assert!(
            styles_differ_only_in_citations(&args) > 0,
            "{args:?}: no citation differs between the styles"
        );
    }
}

#[test]
fn pinpoints_in_the_default_output_are_oscola_ones() {
    let file = example("ransomware-hospitals-notified");
    let out = ok(&[
        "assess",
        &file,
        "--explain",
        "--profile",
        "tallinn-manual-2",
    ]);
    let short = ok(&[
        "assess",
        &file,
        "--explain",
        "--profile",
        "tallinn-manual-2",
        "--citations",
        "short",
    ]);
    let cited = |a: &Authority, pin: &str| (a.oscola(Some(pin)).plain(), a.citation(Some(pin)));
    let manual = kb().authority("tallinn-manual-2").expect("shipped");
    let (oscola, short_form) = cited(manual, "Rule 6, p. 30");
    assert!(out.contains(&oscola), "{out}");
    assert!(short.contains(&short_form), "{short}");
    assert!(!out.contains(&short_form));
    assert!(!out.contains("n.d."));
}

#[test]
fn an_unknown_style_is_refused_with_the_allowed_ones() {
    let (code, _, err) = run(&["authorities", "--citations", "chicago"]);
    assert_eq!(code, 2, "{err}");
    for s in CitationStyle::ALL {
        assert!(err.contains(s.as_str()), "{err}");
    }
}
