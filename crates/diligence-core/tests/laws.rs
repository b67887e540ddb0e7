//! Property tests of the laws of spec section 3 over random obligations,
//! random profiles and random situations: monotonicity in knowledge and harm,
//! compliance by all feasible measures, precedence, and the agreement of the
//! traced and untraced evaluations.

use diligence_core::citation::{Citation, Coded};
use diligence_core::facts::*;
use diligence_core::obligation::{Conduct, ConductSet, DomainSet, KnowledgeStandard, Obligation};
use diligence_core::profile::{Answer, Answers, Basis, LegalStatus, Profile, ProfileKind};
use diligence_core::{assess, space, status_of, Element, Status};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;

fn cited<T>(value: T) -> Coded<T> {
    Coded::explicit(value, vec![Citation::new("test-authority", "p. 1")])
}

fn facts() -> impl Strategy<Value = Facts> {
    (0..space::SIZE).prop_map(|i| space::situation(i).expect("index in range"))
}

fn obligation() -> impl Strategy<Value = Obligation> {
    (
        any::<bool>(),
        prop_oneof![
            Just(None),
            proptest::collection::vec(select(Domain::ALL), 1..4).prop_map(Some)
        ],
        (any::<bool>(), any::<bool>(), any::<bool>()),
        select(Harm::ALL),
        select(KnowledgeStandard::ALL),
        proptest::collection::vec(select(Conduct::ALL), 1..4),
        any::<bool>(),
    )
        .prop_map(
            |(binding, domains, (transit, infra, rights), harm, knowledge, conduct, cm)| {
                Obligation {
                    id: "ob".into(),
                    title: "an obligation".into(),
                    binding: cited(binding),
                    domains: cited(domains.map_or(DomainSet::ALL, |d| DomainSet::of(&d))),
                    covers_transit: cited(transit),
                    covers_controlled_infrastructure: cited(infra),
                    requires_contrary_to_rights: cited(rights),
                    harm_threshold: cited(harm),
                    knowledge_standard: cited(knowledge),
                    conduct: cited(ConductSet::of(&conduct)),
                    countermeasures: cited(cm),
                }
            },
        )
}

fn profile() -> impl Strategy<Value = Profile> {
    proptest::collection::vec(obligation(), 0..4).prop_map(|mut obligations| {
        for (i, ob) in obligations.iter_mut().enumerate() {
            ob.id = format!("ob-{i}");
        }
        Profile {
            id: "test-profile".into(),
            kind: ProfileKind::Doctrine,
            name: "Test".into(),
            year: 2024,
            state: None,
            members: None,
            order: Some(1),
            summary: "test".into(),
            sources: vec![Citation::new("test-authority", "p. 1")],
            basis: cited(Basis::Unspecified),
            answers: Answers {
                legal_status: cited(LegalStatus::Unspecified),
                scope_of_conduct: cited(Answer::Unspecified),
                knowledge: cited(Answer::Unspecified),
                harm_threshold: cited(Answer::Unspecified),
            },
            classifications: vec![],
            obligations,
        }
    })
}

fn triggered(s: Status) -> bool {
    !matches!(s, Status::NotTriggered | Status::OutOfScope)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn more_knowledge_never_untriggers(p in profile(), f in facts(), k in select(Knowledge::ALL)) {
        let (before, _) = status_of(&p, &f);
        let more = Facts { knowledge: f.knowledge.max(k), ..f };
        let (after, _) = status_of(&p, &more);
        prop_assert!(!triggered(before) || triggered(after), "{before} became {after}");
    }

    #[test]
    fn more_harm_never_untriggers(p in profile(), f in facts(), h in select(Harm::ALL)) {
        let (before, _) = status_of(&p, &f);
        let more = Facts { harm: f.harm.max(h), ..f };
        let (after, _) = status_of(&p, &more);
        prop_assert!(!triggered(before) || triggered(after), "{before} became {after}");
    }

    #[test]
    fn all_feasible_measures_never_leave_a_breach(p in profile(), f in facts()) {
        let f = Facts { measures: Measures::AllFeasible, ..f };
        let (status, cm) = status_of(&p, &f);
        prop_assert!(status != Status::Breach && status != Status::NormNotObserved);
        prop_assert!(!cm);
    }

    #[test]
    fn traced_and_untraced_evaluations_agree(p in profile(), f in facts()) {
        let (status, cm) = status_of(&p, &f);
        let a = assess(&p, &f);
        prop_assert_eq!(a.status, status);
        prop_assert_eq!(a.countermeasures, cm);
    }

    #[test]
    fn profile_status_is_the_first_by_precedence(p in profile(), f in facts()) {
        let a = assess(&p, &f);
        let best = a.obligations.iter().map(|o| o.status).min().unwrap_or(Status::OutOfScope);
        prop_assert_eq!(a.status, best);
        prop_assert!(!a.countermeasures || a.status == Status::Breach);
    }

    #[test]
    fn every_trace_stops_at_the_first_failing_element(p in profile(), f in facts()) {
        let a = assess(&p, &f);
        prop_assert!(!a.trace.is_empty());
        for ob in &p.obligations {
            let steps: Vec<_> = a.trace.iter().filter(|e| e.obligation == ob.id).collect();
            prop_assert!(!steps.is_empty());
            for (i, step) in steps.iter().enumerate() {
                let last = i + 1 == steps.len();
                prop_assert!(step.satisfied || last, "an element failed before the end");
                prop_assert!(!step.reason.is_empty());
                prop_assert!(!step.authorities.is_empty());
            }
            let last = steps[steps.len() - 1];
            let outcome = a.obligations.iter().find(|o| o.obligation == ob.id).map(|o| o.status);
            match outcome {
                Some(Status::OutOfScope) => prop_assert!(matches!(last.element, Element::ConductBy | Element::TerritorialLink | Element::Domain)),
                Some(Status::NotTriggered) => prop_assert!(!last.satisfied),
                _ => prop_assert_eq!(last.element, Element::Measures),
            }
        }
    }

    #[test]
    fn own_organs_are_never_a_matter_of_due_diligence(p in profile(), f in facts()) {
        let f = Facts { conduct_by: ConductBy::TerritorialState, ..f };
        prop_assert_eq!(status_of(&p, &f).0, Status::OutOfScope);
    }

    #[test]
    fn fact_space_index_round_trips(i in 0..space::SIZE) {
        let f = space::situation(i).expect("in range");
        prop_assert_eq!(space::index_of(&f), i);
    }
}

#[test]
fn the_fact_space_has_the_spec_size() {
    assert_eq!(space::SIZE, 103_680);
    assert!(space::situation(space::SIZE).is_none());
    assert_eq!(space::all().count(), 103_680);
}

#[test]
fn a_profile_without_obligations_is_out_of_scope_with_an_explaining_trace() {
    let p = Profile {
        obligations: vec![],
        ..profile_fixture()
    };
    let f = space::situation(0).expect("in range");
    let a = assess(&p, &f);
    assert_eq!(a.status, Status::OutOfScope);
    assert_eq!(a.trace.len(), 1);
    assert_eq!(a.trace[0].element, Element::Obligation);
    assert!(!a.trace[0].satisfied);
}

fn profile_fixture() -> Profile {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    profile().new_tree(&mut runner).expect("strategy").current()
}
