//! Every quotation in the knowledge base is copied verbatim from the source
//! text it names, at the paragraph it names. The source texts are read from
//! `$DILIGENCE_SHARED/seeds` (default: the `shared/` folder beside the
//! repository); the test fails if they cannot be found.

use diligence_kb::authority::Seed;
use diligence_kb::KnowledgeBase;
use std::path::PathBuf;

fn seed_text(seed: Seed) -> String {
    let shared = std::env::var_os("DILIGENCE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let name = match seed {
        Seed::Seed000 => "000_5f385cba752d4678.txt",
        Seed::Seed001 => "001_d92c15ebecb0b209.txt",
    };
    let path = shared.join("seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read the source text {} ({e}); set DILIGENCE_SHARED to the folder holding seeds/", path.display())
    })
}

/// The numbered paragraphs of a source text: every non-empty line.
fn paragraphs(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim().is_empty()).collect()
}

#[test]
fn every_quotation_is_verbatim_at_its_paragraph() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let texts = [
        (Seed::Seed000, seed_text(Seed::Seed000)),
        (Seed::Seed001, seed_text(Seed::Seed001)),
    ];
    let mut count = 0;
    for a in &kb.authorities {
        for q in &a.quotes {
            let text = &texts
                .iter()
                .find(|(s, _)| *s == q.seed)
                .expect("both seeds")
                .1;
            let paras = paragraphs(text);
            let para = paras
                .get(usize::from(q.seed_para).wrapping_sub(1))
                .unwrap_or_else(|| {
                    panic!("{}: {:?} has no paragraph {}", a.id, q.seed, q.seed_para)
                });
            assert!(
                para.contains(q.text.as_str()),
                "{}: quotation not verbatim in {:?} para {}:\n  {}",
                a.id,
                q.seed,
                q.seed_para,
                q.text
            );
            count += 1;
        }
    }
    assert!(count >= 10, "only {count} quotations");
}

#[test]
fn the_paragraph_numbering_matches_the_documented_convention() {
    let text = seed_text(Seed::Seed000);
    let paras = paragraphs(&text);
    assert!(paras[0].starts_with("A general obligation of due diligence"));
    assert!(
        paras[15].contains("every State’s obligation not to allow knowingly"),
        "para 16 is the Corfu passage"
    );
    assert!(
        paras[19].contains("The content of the duty to prevent varies"),
        "para 20 is Bosnia v. Serbia"
    );
}
