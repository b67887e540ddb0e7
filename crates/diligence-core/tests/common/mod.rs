//! Generators shared by the core's property tests: random obligations,
//! profiles, situations and uncertain scenarios.
#![allow(dead_code)]

use diligence_core::citation::{Citation, Coded};
use diligence_core::facts::*;
use diligence_core::obligation::{Conduct, ConductSet, DomainSet, KnowledgeStandard, Obligation};
use diligence_core::profile::{Answer, Answers, Basis, LegalStatus, Profile, ProfileKind};
use diligence_core::{space, UncertainFacts, Values};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;

pub fn cited<T>(value: T) -> Coded<T> {
    Coded::explicit(value, vec![Citation::new("test-authority", "p. 1")])
}

pub fn facts() -> impl Strategy<Value = Facts> {
    (0..space::SIZE).prop_map(|i| space::situation(i).expect("index in range"))
}

pub fn obligation() -> impl Strategy<Value = Obligation> {
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

pub fn profile() -> impl Strategy<Value = Profile> {
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

/// A random uncertain scenario: each fact known (mostly), a random set of
/// its values, or unknown; at most `max` completions.
pub fn uncertain(max: u64) -> impl Strategy<Value = UncertainFacts> {
    let one = |fact: Fact| {
        let all = Values::all(fact).bits();
        prop_oneof![
            6 => (0..fact.arity()).prop_map(Values::one),
            3 => (1..=all).prop_map(Values::from_bits),
            1 => Just(Values::all(fact)),
        ]
    };
    let sets: Vec<_> = Fact::ALL.iter().map(|f| one(*f)).collect();
    sets.prop_filter_map("too many completions", move |sets| {
        let arr: [Values; Fact::COUNT] = sets.try_into().ok()?;
        let u = UncertainFacts::from_sets(arr)?;
        (u.count() <= max).then_some(u)
    })
}

pub fn profile_fixture() -> Profile {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    profile().new_tree(&mut runner).expect("strategy").current()
}
