//! The authorities for reference managers: the CSL-JSON validates against
//! the CSL project's published schema, the BibTeX parses with a biblatex
//! parser into one entry per authority with its title, and the RIS has one
//! well-formed record per authority; a field the knowledge base does not
//! record is never written.

use biblatex::ChunksExt;
use diligence_kb::authority::Authority;
use diligence_kb::KnowledgeBase;
use diligence_report::bibliography::{self, Format};

fn all() -> Vec<&'static Authority> {
    KnowledgeBase::embedded()
        .expect("the shipped data is valid")
        .authorities
        .iter()
        .collect()
}

#[test]
fn csl_json_validates_against_the_csl_schema_and_writes_only_what_is_known() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/csl/csl-data.json")).expect("the schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let authorities = all();
    let written: serde_json::Value =
        serde_json::from_str(&bibliography::write(Format::CslJson, &authorities)).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&written)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let items = written.as_array().expect("an array");
    assert_eq!(items.len(), authorities.len());
    for (item, a) in items.iter().zip(&authorities) {
        assert_eq!(item["id"], a.id.as_str());
        assert_eq!(
            item.get("issued").is_some(),
            a.year.is_some() || a.date.is_some(),
            "{}",
            a.id
        );
        if a.author.is_none() && a.body.is_none() {
            assert!(item.get("author").is_none(), "{}", a.id);
        }
        if a.descriptive_title {
            assert_eq!(item["title"], format!("[{}]", a.title));
        } else {
            assert_eq!(item["title"], a.title.as_str());
        }
        assert_eq!(
            item["note"],
            a.citation_in(diligence_kb::CitationStyle::Oscola, None)
        );
    }
    // The bad are refused: a missing type, an unknown one.
    let bad = serde_json::json!([{"id": "x", "type": "tweet"}]);
    assert!(!validator.is_valid(&bad));
}

#[test]
fn bibtex_parses_into_one_entry_per_authority_with_its_title() {
    let authorities = all();
    let text = bibliography::write(Format::Bibtex, &authorities);
    let bib = biblatex::Bibliography::parse(&text).expect("the BibTeX parses");
    assert_eq!(bib.len(), authorities.len());
    for a in &authorities {
        let entry = bib
            .get(&a.id)
            .unwrap_or_else(|| panic!("no entry {}", a.id));
        let title = entry.title().expect("a title").format_verbatim();
        let expected = if a.descriptive_title {
            format!("[{}]", a.title)
        } else {
            a.title.clone()
        };
        assert_eq!(title, expected, "{}", a.id);
        if let Some(author) = &a.author {
            let people = entry.author().expect("authors");
            assert_eq!(people.len(), author.split(" and ").count(), "{}", a.id);
        }
        assert_eq!(
            entry.get("date").is_some(),
            a.year.is_some() || a.date.is_some(),
            "{}",
            a.id
        );
    }
}

#[test]
fn special_characters_survive_bibtex() {
    let mut a = all()[0].clone();
    a.title = "Costs & 100% of {it}: #1_a ~ b^c \\ d $e".into();
    let text = bibliography::write(Format::Bibtex, &[&a]);
    let bib = biblatex::Bibliography::parse(&text).expect("parses");
    let entry = bib.get(&a.id).expect("the entry");
    assert_eq!(
        entry.title().expect("a title").format_verbatim(),
        "Costs & 100% of {it}: #1_a ~ b^c \\ d $e"
    );
}

#[test]
fn ris_has_one_well_formed_record_per_authority() {
    let authorities = all();
    let text = bibliography::write(Format::Ris, &authorities);
    let records: Vec<&str> = text
        .split("ER  - \n")
        .filter(|r| !r.trim().is_empty())
        .collect();
    assert_eq!(records.len(), authorities.len());
    for (record, a) in records.iter().zip(&authorities) {
        let lines: Vec<&str> = record.lines().filter(|l| !l.is_empty()).collect();
        assert!(lines[0].starts_with("TY  - "), "{record}");
        for l in &lines {
            let tag = &l[..2];
            assert!(
                tag.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
                "{l}"
            );
            assert_eq!(&l[2..6], "  - ", "{l}");
        }
        assert!(lines.contains(&format!("ID  - {}", a.id).as_str()));
        let years = lines.iter().filter(|l| l.starts_with("PY  - ")).count();
        assert_eq!(years, usize::from(a.year.is_some() || a.date.is_some()));
    }
}

#[test]
fn every_format_has_a_name_and_a_media_type() {
    for f in Format::ALL {
        assert_eq!(Format::from_name(f.name()), Some(f));
        assert!(!f.media_type().is_empty() && !f.extension().is_empty());
    }
    assert_eq!(Format::from_name("endnote-xml"), None);
}
