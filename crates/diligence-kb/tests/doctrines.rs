//! The seven doctrine profiles are coded exactly as the primer's normative
//! table (the spec's tests depend on them): checked cell by cell.

use diligence_kb::KnowledgeBase;

mod common;

/// One row of the primer's table: profile, obligation, binding, domains
/// (`all` or a list), transit, controlled infrastructure, requires rights,
/// harm threshold, knowledge, conduct, countermeasures.
type Row = (
    &'static str,
    &'static str,
    bool,
    &'static str,
    bool,
    bool,
    bool,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const PRIMER_TABLE: &[Row] = &[
    (
        "corfu-channel-literal",
        "corfu",
        true,
        "all",
        true,
        false,
        true,
        "none",
        "actual",
        "stop",
        true,
    ),
    (
        "tallinn-manual-2",
        "rule-6-7",
        true,
        "cyber",
        true,
        true,
        true,
        "serious",
        "constructive",
        "stop",
        true,
    ),
    (
        "coco-dias-2021",
        "corfu-principle",
        true,
        "all",
        true,
        false,
        true,
        "none",
        "constructive",
        "prevent, stop",
        true,
    ),
    (
        "coco-dias-2021",
        "no-harm",
        true,
        "all",
        false,
        false,
        false,
        "significant",
        "constructive",
        "prevent, redress",
        true,
    ),
    (
        "gge-2015", "norm-13c", false, "cyber", false, false, true, "none", "actual", "stop", false,
    ),
    (
        "gge-2021", "norm-13c", false, "cyber", true, false, true, "none", "notified", "stop",
        false,
    ),
    (
        "ilc-prevention-2001",
        "article-3",
        true,
        "environment",
        false,
        false,
        false,
        "significant",
        "constructive",
        "prevent",
        true,
    ),
];

#[test]
fn doctrine_profiles_match_the_primer_table() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    for &(id, ob_id, binding, domains, transit, infra, rights, harm, knowledge, conduct, cm) in
        PRIMER_TABLE
    {
        let p = kb
            .profile(id)
            .unwrap_or_else(|| panic!("missing doctrine {id}"));
        let ob = p
            .obligations
            .iter()
            .find(|o| o.id == ob_id)
            .unwrap_or_else(|| panic!("{id}: missing obligation {ob_id}"));
        assert_eq!(ob.binding.value, binding, "{id}.{ob_id}.binding");
        assert_eq!(
            ob.domains.value.to_string(),
            domains,
            "{id}.{ob_id}.domains"
        );
        assert_eq!(
            ob.domains.value.is_all(),
            domains == "all",
            "{id}.{ob_id}.domains"
        );
        assert_eq!(
            ob.covers_transit.value, transit,
            "{id}.{ob_id}.covers_transit"
        );
        assert_eq!(
            ob.covers_controlled_infrastructure.value, infra,
            "{id}.{ob_id}.covers_controlled_infrastructure"
        );
        assert_eq!(
            ob.requires_contrary_to_rights.value, rights,
            "{id}.{ob_id}.requires_contrary_to_rights"
        );
        assert_eq!(
            ob.harm_threshold.value.as_str(),
            harm,
            "{id}.{ob_id}.harm_threshold"
        );
        assert_eq!(
            ob.knowledge_standard.value.as_str(),
            knowledge,
            "{id}.{ob_id}.knowledge_standard"
        );
        assert_eq!(
            ob.conduct.value.to_string(),
            conduct,
            "{id}.{ob_id}.conduct"
        );
        assert_eq!(ob.countermeasures.value, cm, "{id}.{ob_id}.countermeasures");
    }
    for id in [
        "corfu-channel-literal",
        "tallinn-manual-2",
        "gge-2015",
        "gge-2021",
        "ilc-prevention-2001",
    ] {
        assert_eq!(
            kb.profile(id).map(|p| p.obligations.len()),
            Some(1),
            "{id} has one obligation"
        );
    }
    assert_eq!(
        kb.profile("coco-dias-2021").map(|p| p.obligations.len()),
        Some(2)
    );
    assert_eq!(
        kb.profile("specific-rules-only")
            .map(|p| p.obligations.len()),
        Some(0)
    );
}

#[test]
fn doctrines_come_first_in_the_spec_order() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let first: Vec<&str> = kb.profiles.iter().take(7).map(|p| p.id.as_str()).collect();
    assert_eq!(first, common::DOCTRINES);
}
