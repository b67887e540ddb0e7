//! Property tests of what results rest on: every trace entry carries the
//! provenance of the parameters its element tests, and `rests_on_inference`
//! lists exactly the inferred parameters on the deciding path (for a
//! breach, the obligations in breach; otherwise every obligation).

use common::*;
use diligence_core::citation::{Citation, Provenance};
use diligence_core::inference::{self, InferredBy};
use diligence_core::obligation::Parameter;
use diligence_core::outcome::assess_all;
use diligence_core::{assess, Facts, Profile, Status, Verdict};
use proptest::prelude::*;

mod common;

/// The profile with the parameters in `mask` (bit i = parameter i) of every
/// obligation marked inferred; `domains` imputed when bit 9 is set.
fn with_inferred(mut p: Profile, mask: u16) -> Profile {
    for ob in &mut p.obligations {
        macro_rules! mark {
            ($field:ident, $bit:expr) => {
                if mask & (1 << $bit) != 0 {
                    ob.$field.provenance = Provenance::Inferred;
                    ob.$field.reason = Some(format!("reason {}", $bit));
                }
            };
        }
        mark!(binding, 0);
        mark!(domains, 1);
        mark!(covers_transit, 2);
        mark!(covers_controlled_infrastructure, 3);
        mark!(requires_contrary_to_rights, 4);
        mark!(harm_threshold, 5);
        mark!(knowledge_standard, 6);
        mark!(conduct, 7);
        mark!(countermeasures, 8);
        if mask & (1 << 9) != 0 && mask & (1 << 1) != 0 {
            ob.domains.imputed_by = Some(Citation::new("a-critique", "para 50"));
        }
    }
    p
}

/// The inferred (obligation, parameter) pairs the trace of the deciding
/// obligations tests.
fn expected(p: &Profile, f: &Facts) -> Vec<(String, Parameter)> {
    let a = assess(p, f);
    let breach = a.status == Verdict::Determined(Status::Breach);
    let mut out = Vec::new();
    for e in &a.trace {
        let deciding = !breach
            || a.obligations.iter().any(|o| {
                o.obligation == e.obligation && o.status == Verdict::Determined(Status::Breach)
            });
        if !deciding {
            continue;
        }
        let Some(ob) = p.obligations.iter().find(|o| o.id == e.obligation) else {
            continue;
        };
        for param in inference::tested(ob, e.element, f) {
            if ob.get(param).provenance == Provenance::Inferred
                && !out.contains(&(ob.id.clone(), param))
            {
                out.push((ob.id.clone(), param));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn each_step_carries_the_provenance_of_what_it_tests(p in profile(), f in facts(), mask in 0u16..1024) {
        let p = with_inferred(p, mask);
        let a = assess(&p, &f);
        for e in &a.trace {
            let Some(ob) = p.obligations.iter().find(|o| o.id == e.obligation) else {
                prop_assert!(e.parameters.is_empty());
                continue;
            };
            let tested = inference::tested(ob, e.element, &f);
            let listed: Vec<Parameter> = e.parameters.iter().map(|t| t.parameter).collect();
            prop_assert_eq!(&listed, &tested);
            let any_inferred = tested.iter().any(|&t| ob.get(t).provenance == Provenance::Inferred);
            prop_assert_eq!(e.is_inferred(), any_inferred);
            prop_assert_eq!(e.provenance.is_none(), tested.is_empty());
        }
    }

    #[test]
    fn a_result_lists_exactly_the_inferences_on_its_deciding_path(p in profile(), f in facts(), mask in 0u16..1024) {
        let p = with_inferred(p, mask);
        let a = assess(&p, &f);
        let got: Vec<(String, Parameter)> = a
            .rests_on_inference
            .iter()
            .map(|i| (i.obligation.clone(), i.parameter.parameter))
            .collect();
        prop_assert_eq!(got, expected(&p, &f));
        for i in &a.rests_on_inference {
            prop_assert_eq!(i.parameter.provenance, Provenance::Inferred);
            prop_assert!(i.parameter.reason.is_some());
            let imputed = i.parameter.imputed_by.is_some();
            prop_assert_eq!(i.parameter.by == Some(InferredBy::Imputation), imputed);
        }
    }

    #[test]
    fn nothing_inferred_means_a_result_resting_on_the_sources(p in profile(), f in facts()) {
        prop_assert!(assess(&p, &f).rests_on_inference.is_empty());
    }

    #[test]
    fn an_uncertain_scenario_keeps_the_inferences_of_its_partial_trace(p in profile(), u in uncertain(64), mask in 0u16..1024) {
        let p = with_inferred(p, mask);
        let report = assess_all(&[&p], &u, false);
        let a = &report.results[0];
        for i in &a.rests_on_inference {
            prop_assert!(a.trace.iter().any(|e| e.obligation == i.obligation
                && e.parameters.iter().any(|t| t.parameter == i.parameter.parameter && t.provenance == Provenance::Inferred)));
        }
        for e in &a.trace {
            let Some(ob) = p.obligations.iter().find(|o| o.id == e.obligation) else { continue };
            for t in &e.parameters {
                prop_assert_eq!(t.provenance, ob.get(t.parameter).provenance);
            }
        }
    }
}

#[test]
fn an_obligation_reaching_every_activity_by_imputation_says_so_beyond_cyber() {
    use diligence_core::facts::{ConductBy, Domain, TerritorialLink};
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut ob = obligation()
        .new_tree(&mut runner)
        .expect("strategy")
        .current();
    ob.domains.value = diligence_core::obligation::DomainSet::ALL;
    ob.domains.provenance = Provenance::Inferred;
    ob.domains.reason = Some("the statement addresses cyberspace".into());
    ob.domains.imputed_by = Some(Citation::new("a-critique", "para 50"));
    let mut p = profile_fixture();
    p.obligations = vec![ob];
    let f = Facts {
        domain: Domain::Finance,
        conduct_by: ConductBy::NonStateActor,
        territorial_link: TerritorialLink::Originates,
        ..diligence_core::space::situation(0).expect("a situation")
    };
    let a = assess(&p, &f);
    assert!(a
        .trace
        .iter()
        .any(|e| e.element == diligence_core::Element::Domain));
    let imputed: Vec<_> = a
        .rests_on_inference
        .iter()
        .filter(|i| i.parameter.by == Some(InferredBy::Imputation))
        .collect();
    assert_eq!(imputed.len(), 1, "{:?}", a.rests_on_inference);
    assert_eq!(imputed[0].parameter.parameter, Parameter::Domains);
    assert_eq!(
        imputed[0].parameter.imputed_by,
        Some(Citation::new("a-critique", "para 50"))
    );
    assert_eq!(
        inference::rests_on_words(&a.rests_on_inference),
        "imputation"
    );
}
