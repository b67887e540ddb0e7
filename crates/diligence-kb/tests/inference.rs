//! What results on the shipped data rest on: a State's statement addresses
//! cyberspace, so wherever a State's position reaches a situation beyond
//! cyber (the catalogue of the 2024 article), the result says it rests on
//! the article's imputation (para 50), not on the State's words.

use diligence_core::inference::InferredBy;
use diligence_core::obligation::Parameter;
use diligence_core::profile::ProfileKind;
use diligence_core::{assess, Citation, Status, Verdict};
use diligence_kb::KnowledgeBase;

#[test]
fn every_position_bound_beyond_cyber_rests_on_the_articles_imputation() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let mut bound = 0;
    for s in kb
        .scenarios
        .iter()
        .filter(|s| s.scenario.catalogue.is_some())
    {
        let facts = s.scenario.facts.first();
        assert_ne!(
            facts.domain.as_str(),
            "cyber",
            "{}: the catalogue is beyond cyber",
            s.name
        );
        for p in kb
            .profiles
            .iter()
            .filter(|p| p.kind != ProfileKind::Doctrine)
        {
            let a = assess(p, &facts);
            if !matches!(
                a.status,
                Verdict::Determined(Status::Breach | Status::Complied)
            ) {
                continue;
            }
            bound += 1;
            let imputed = a.rests_on_inference.iter().find(|i| {
                i.parameter.parameter == Parameter::Domains
                    && i.parameter.by == Some(InferredBy::Imputation)
            });
            let imputed = imputed.unwrap_or_else(|| {
                panic!(
                    "{} on {}: {} without the imputation: {:?}",
                    p.id, s.name, a.status, a.rests_on_inference
                )
            });
            assert_eq!(
                imputed.parameter.imputed_by,
                Some(Citation::new("general-obligation-2024", "para 50")),
                "{} on {}",
                p.id,
                s.name
            );
        }
    }
    assert!(
        bound > 50,
        "only {bound} bound positions: the catalogue is not exercised"
    );
}
