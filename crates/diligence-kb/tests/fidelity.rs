//! Fidelity to the sources: explicit values are worded by their sources,
//! imputations are marked, people-facing text names documents and not this
//! project's working files, and every quoted string is verbatim in a source
//! text (read from `$DILIGENCE_SHARED`, default the `shared/` folder beside
//! the repository; the test fails if they cannot be found).

use diligence_kb::fidelity::{
    forbidden_in, forbidden_words, provenance_errors, quotations, quotations_not_in_sources,
    read_texts, Sources,
};
use diligence_kb::KnowledgeBase;
use std::path::PathBuf;

fn sources() -> Sources {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = Sources::default_dir(&repo);
    Sources::load(&dir).unwrap_or_else(|e| {
        panic!(
            "cannot read the source texts in {} ({e}); set DILIGENCE_SHARED to the folder \
             holding seeds/",
            dir.display()
        )
    })
}

#[test]
fn every_quoted_string_people_read_is_verbatim_in_a_source_text() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let sources = sources();
    let errors = quotations_not_in_sources(kb, &sources);
    let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(list.is_empty(), "{}", list.join("\n"));
    let count: usize = read_texts(kb)
        .iter()
        .map(|(_, _, t)| quotations(t).len())
        .sum();
    assert!(
        count > 100,
        "only {count} quotations found: the extraction is broken"
    );
}

#[test]
fn a_misquotation_is_caught() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let sources = sources();
    // The words of the Corfu Channel dictum, and a paraphrase of them.
    assert!(sources.contains("not to allow knowingly"));
    assert!(
        sources.contains("not to allow knowingly … acts contrary to the rights of other States")
    );
    assert!(!sources.contains("not allow knowingly its territory"));
    let mut broken = kb.clone();
    broken.profiles[0].summary = "The Court said 'not allow knowingly its territory'.".into();
    assert_eq!(quotations_not_in_sources(&broken, &sources).len(), 1);
}

#[test]
fn no_text_people_read_names_a_working_file() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    assert!(forbidden_words(kb).is_empty());
    let mut broken = kb.clone();
    broken.authorities[0].summary.push_str(" As seed 000 says.");
    assert_eq!(forbidden_words(&broken).len(), 1);
}

#[test]
fn forbidden_words_match_whole_words_only() {
    assert_eq!(forbidden_in("per the Seeds, para 4"), Some("seeds"));
    assert_eq!(forbidden_in("the primer's table"), Some("primer"));
    assert_eq!(forbidden_in("see positions-notes"), Some("positions-notes"));
    assert_eq!(
        forbidden_in("as in the spec's example"),
        Some("the spec's example")
    );
    assert_eq!(forbidden_in("seeded, seedling and primers"), None);
    assert_eq!(forbidden_in("the 2024 article, para 50"), None);
}

#[test]
fn quotation_marks_and_apostrophes_are_told_apart() {
    assert_eq!(
        quotations("the States' view is 'highly contextualised', says the article"),
        vec!["highly contextualised".to_string()]
    );
    assert_eq!(
        quotations("it was “highly contextualised” and \"not general\""),
        vec![
            "highly contextualised".to_string(),
            "not general".to_string()
        ]
    );
    assert!(quotations("the editors' inference and the States' words").is_empty());
}

#[test]
fn an_explicit_value_no_source_words_is_caught() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    for p in &kb.profiles {
        assert!(
            provenance_errors(kb, p).is_empty(),
            "{}: {:?}",
            p.id,
            provenance_errors(kb, p)
        );
    }
    // An explicit harm threshold whose note and authorities' quotations say
    // nothing of it.
    let mut p = kb
        .profiles
        .iter()
        .find(|p| !p.obligations.is_empty())
        .expect("a profile with obligations")
        .clone();
    let ob = &mut p.obligations[0];
    ob.harm_threshold.provenance = diligence_core::Provenance::Explicit;
    ob.harm_threshold.value = diligence_core::facts::Harm::Minor;
    ob.harm_threshold.note = None;
    ob.harm_threshold.cite = vec![diligence_core::Citation::new("trail-smelter-1941", "p. 1")];
    let errors = provenance_errors(kb, &p);
    assert!(
        errors
            .iter()
            .any(|(what, _)| what.ends_with("harm_threshold")),
        "{errors:?}"
    );
}

#[test]
fn an_imputation_must_be_inferred_and_a_state_reaching_every_activity_must_carry_one() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let mut p = kb
        .profiles
        .iter()
        .find(|p| {
            p.kind != diligence_core::profile::ProfileKind::Doctrine
                && p.obligations.iter().any(|o| o.domains.imputed_by.is_some())
        })
        .expect("a position whose reach beyond cyber is imputed")
        .clone();
    let i = p
        .obligations
        .iter()
        .position(|o| o.domains.imputed_by.is_some())
        .expect("checked above");
    p.obligations[i].domains.provenance = diligence_core::Provenance::Explicit;
    assert!(provenance_errors(kb, &p)
        .iter()
        .any(|(_, m)| m.contains("must be `inferred`")));
    p.obligations[i].domains.provenance = diligence_core::Provenance::Inferred;
    p.obligations[i].domains.imputed_by = None;
    assert!(provenance_errors(kb, &p)
        .iter()
        .any(|(_, m)| m.contains("imputed_by")));
}
