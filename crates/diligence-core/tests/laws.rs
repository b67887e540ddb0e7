//! Property tests of the laws of spec section 3 over random obligations,
//! random profiles and random situations: monotonicity in knowledge and harm,
//! compliance by all feasible measures, precedence, and the agreement of the
//! traced and untraced evaluations.

use common::*;
use diligence_core::facts::*;
use diligence_core::obligation::{Conduct, ConductSet};
use diligence_core::profile::Profile;
use diligence_core::{assess, space, status_of, Element, Status, Verdict};
use proptest::prelude::*;
use proptest::sample::select;

mod common;

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
        let best = a.obligations.iter().filter_map(|o| o.status.status()).min().unwrap_or(Status::OutOfScope);
        prop_assert_eq!(a.status, Verdict::Determined(best));
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
                prop_assert!(step.satisfied == Some(true) || last, "an element failed before the end");
                prop_assert!(!step.reason.is_empty());
                prop_assert!(!step.authorities.is_empty());
            }
            let last = steps[steps.len() - 1];
            let outcome = a.obligations.iter().find(|o| o.obligation == ob.id).and_then(|o| o.status.status());
            match outcome {
                Some(Status::OutOfScope) => prop_assert!(matches!(last.element, Element::ConductBy | Element::TerritorialLink | Element::Domain)),
                Some(Status::NotTriggered) => prop_assert_eq!(last.satisfied, Some(false)),
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
    assert_eq!(space::SIZE, 207_360);
    assert!(space::situation(space::SIZE).is_none());
    assert_eq!(space::all().count(), 207_360);
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
    assert_eq!(a.trace[0].satisfied, Some(false));
}

/// One obligation with the given conduct and nothing else in its way.
fn open_obligation(conduct: &[Conduct]) -> Profile {
    let mut p = profile_fixture();
    let mut ob = obligation_fixture();
    ob.conduct = cited(ConductSet::of(conduct));
    ob.binding = cited(true);
    ob.domains = cited(diligence_core::obligation::DomainSet::ALL);
    ob.requires_contrary_to_rights = cited(false);
    ob.harm_threshold = cited(Harm::None);
    ob.knowledge_standard = cited(diligence_core::obligation::KnowledgeStandard::Constructive);
    p.obligations = vec![ob];
    p
}

fn obligation_fixture() -> diligence_core::Obligation {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    proptest::strategy::ValueTree::current(&obligation().new_tree(&mut runner).expect("strategy"))
}

#[test]
fn v2_prevent_covers_an_ongoing_activity_and_a_continuing_one_is_ongoing() {
    let f = Facts {
        knowledge: Knowledge::Actual,
        harm: Harm::Serious,
        capacity: Capacity::Feasible,
        ..Facts::FIRST
    };
    let at = |timing, continuing| Facts {
        timing,
        continuing,
        ..f
    };
    let prevent = open_obligation(&[Conduct::Prevent]);
    let stop = open_obligation(&[Conduct::Stop]);
    let redress = open_obligation(&[Conduct::Redress]);
    let status = |p: &Profile, f: Facts| status_of(p, &f).0;
    // v2 correction: prevent reaches an activity under way.
    assert_eq!(
        status(&prevent, at(Timing::Imminent, false)),
        Status::Breach
    );
    assert_eq!(status(&prevent, at(Timing::Ongoing, false)), Status::Breach);
    assert_eq!(
        status(&prevent, at(Timing::Completed, false)),
        Status::NotTriggered
    );
    // A completed operation by a group still operating leaves an ongoing
    // activity to stop (or prevent).
    assert_eq!(
        status(&stop, at(Timing::Completed, false)),
        Status::NotTriggered
    );
    assert_eq!(status(&stop, at(Timing::Completed, true)), Status::Breach);
    assert_eq!(
        status(&prevent, at(Timing::Completed, true)),
        Status::Breach
    );
    assert_eq!(status(&stop, at(Timing::Imminent, true)), Status::Breach);
    // Continuing adds an ongoing activity; it takes none away.
    assert_eq!(
        status(&redress, at(Timing::Completed, true)),
        Status::Breach
    );
    assert_eq!(
        status(&redress, at(Timing::Ongoing, true)),
        Status::NotTriggered
    );
}
