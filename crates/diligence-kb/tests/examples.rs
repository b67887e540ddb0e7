//! Data-driven tests: every example scenario under `data/scenarios/` gives
//! the statuses written in its `[expected]` table, which were derived by hand
//! from the spec's rules; and the catalogue covers what the issue asks.

use diligence_core::outcome::verdict_of;
use diligence_core::{Fact, Status};
use diligence_kb::KnowledgeBase;
use std::collections::HashSet;

use common::DOCTRINES;

mod common;

#[test]
fn every_example_gives_its_expected_statuses() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let mut failures = Vec::new();
    let mut checked = 0;
    for s in &kb.scenarios {
        for e in &s.scenario.expected {
            let p = kb
                .profile(&e.profile)
                .expect("expectations name known profiles");
            let got = verdict_of(p, &s.scenario.facts);
            checked += 1;
            if got != e.status {
                failures.push(format!(
                    "{}:{}: {} expected {}, got {}",
                    s.file, e.line, e.profile, e.status, got
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 7 * 20, "only {checked} expectations");
}

#[test]
fn every_example_states_the_status_of_every_doctrine() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    for s in &kb.scenarios {
        let named: HashSet<&str> = s
            .scenario
            .expected
            .iter()
            .map(|e| e.profile.as_str())
            .collect();
        for d in DOCTRINES {
            assert!(named.contains(d), "{} has no expectation for {d}", s.file);
        }
    }
}

#[test]
fn the_examples_cover_every_status_and_every_domain_of_the_catalogue() {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let statuses: HashSet<Status> = kb
        .scenarios
        .iter()
        .flat_map(|s| s.scenario.expected.iter().filter_map(|e| e.status.status()))
        .collect();
    assert_eq!(statuses.len(), Status::ALL.len(), "{statuses:?}");
    let domains: HashSet<String> = kb
        .scenarios
        .iter()
        .map(|s| s.scenario.facts.written(Fact::Domain).to_string())
        .collect();
    for d in [
        "cyber",
        "finance",
        "media",
        "health",
        "migration",
        "environment",
        "arms",
        "espionage",
        "technology",
    ] {
        assert!(domains.contains(d), "no example in domain {d}");
    }
}
