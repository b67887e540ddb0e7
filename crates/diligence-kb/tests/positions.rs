//! Every position named in the sources is a cited profile with the spec's id,
//! and every coded parameter carries its provenance.

use diligence_core::citation::Provenance;
use diligence_core::profile::ProfileKind;
use diligence_kb::KnowledgeBase;

/// The 24 States and the organisation named in general-obligation-2024
/// (paras 25, 30, 33), with the year of the statement it cites.
const NAMED_IN_SEED: &[&str] = &[
    "cri-2023",
    "cze-2020",
    "dnk-2023",
    "est-2021",
    "fra-2019",
    "deu-2021",
    "irl-2023",
    "ita-2021",
    "jpn-2021",
    "nld-2019",
    "nor-2021",
    "rou-2021",
    "swe-2022",
    "che-2021",
    "arg-2020",
    "usa-2021",
    "gbr-2021",
    "nzl-2020",
    "isr-2020",
    "sgp-2021",
    "aus-2020",
    "can-2022",
    "chn-2021",
    "pol-2022",
    "african-union-2024",
];

/// Positions the notes on positions source beyond the seed.
const FROM_NOTES: &[&str] = &["fin-2020", "usa-2016"];

#[test]
fn every_named_position_is_a_profile() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    for id in NAMED_IN_SEED.iter().chain(FROM_NOTES) {
        let p = kb
            .profile(id)
            .unwrap_or_else(|| panic!("no profile for {id}"));
        assert!(!p.authorities().is_empty(), "{id} cites no authority");
        assert!(!p.obligations.is_empty(), "{id} has no obligation");
        match p.kind {
            ProfileKind::State => {
                let code = p.state.as_deref().expect("a State has its ISO code");
                assert_eq!(format!("{}-{}", code.to_lowercase(), p.year), p.id);
            }
            ProfileKind::Organisation => assert_eq!(p.id, "african-union-2024"),
            ProfileKind::Doctrine => panic!("{id} is a position, not a doctrine"),
        }
    }
    let states = kb
        .profiles
        .iter()
        .filter(|p| p.kind == ProfileKind::State)
        .count();
    assert_eq!(states, 26, "24 States of the seed and 2 of the notes");
}

#[test]
fn every_coded_parameter_has_provenance_and_a_pinpoint() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let mut inferred = 0;
    for p in &kb.profiles {
        for ob in &p.obligations {
            for param in ob.parameters() {
                let at = format!("{}.{}.{}", p.id, ob.id, param.name);
                assert!(
                    param.cite.iter().any(|c| c.pinpoint.is_some()),
                    "{at}: no pinpoint"
                );
                match param.provenance {
                    Provenance::Explicit => {
                        assert!(!param.cite.is_empty(), "{at}: explicit, no citation")
                    }
                    Provenance::Inferred => {
                        inferred += 1;
                        assert!(
                            param.reason.is_some_and(|r| r.len() > 20),
                            "{at}: inferred, no reason"
                        )
                    }
                }
            }
        }
    }
    assert!(
        inferred > 0,
        "positions the seeds do not quote must be marked inferred"
    );
}

#[test]
fn check_finds_no_problem_in_the_shipped_data() {
    let kb =
        KnowledgeBase::from_files(diligence_kb::knowledge_base::embedded_files()).expect("valid");
    assert!(diligence_kb::check::check(&kb).is_empty());
}
