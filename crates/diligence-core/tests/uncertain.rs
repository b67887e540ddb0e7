//! Uncertain scenarios (spec sections 4.1 to 4.3) against a brute-force
//! enumeration of their completions, on random profiles and random
//! scenarios: the outcomes, the three properties of every cover (exact,
//! prime, irredundant), the partial trace, the decisive facts and the
//! questions.

use common::*;
use diligence_core::facts::Fact;
use diligence_core::outcome::{assess_all, Condition, Outcome};
use diligence_core::profile::Profile;
use diligence_core::{assess, Assessment, Facts, Status, UncertainFacts, Values, Verdict};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};

mod common;

/// Every completion with its outcome.
fn brute(p: &Profile, u: &UncertainFacts) -> Vec<(Facts, Outcome)> {
    u.completions().map(|f| (f, Outcome::of(p, &f))).collect()
}

fn outcome_set(p: &Profile, u: &UncertainFacts) -> Vec<Outcome> {
    let set: BTreeSet<Outcome> = u.completions().map(|f| Outcome::of(p, &f)).collect();
    set.into_iter().collect()
}

fn satisfies(c: &Condition, f: &Facts) -> bool {
    c.facts.iter().all(|(fact, v)| v.contains(f.get(*fact)))
}

/// Checks one result against the completions; returns a failure message.
fn check_result(p: &Profile, u: &UncertainFacts, a: &Assessment) -> Result<(), String> {
    let all = brute(p, u);
    let outcomes = a
        .outcomes
        .as_ref()
        .ok_or("an uncertain result has outcomes")?;
    let expected: BTreeSet<Outcome> = all.iter().map(|(_, o)| *o).collect();
    let got: Vec<Outcome> = outcomes.iter().map(|o| o.outcome()).collect();
    if got != expected.iter().copied().collect::<Vec<_>>() {
        return Err(format!("outcomes {got:?}, expected {expected:?}"));
    }
    let statuses: BTreeSet<Status> = expected.iter().map(|o| o.status).collect();
    let status = if statuses.len() == 1 {
        Verdict::Determined(*statuses.iter().next().ok_or("a status")?)
    } else {
        Verdict::Undetermined
    };
    if a.status != status {
        return Err(format!("status {}, expected {status}", a.status));
    }
    if a.countermeasures != expected.iter().all(|o| o.countermeasures) {
        return Err("countermeasures must hold in every completion".into());
    }
    for o in outcomes {
        let me = o.outcome();
        if o.when.is_empty() {
            return Err("an outcome with no condition".into());
        }
        for c in &o.when {
            let mut last = None;
            for (fact, v) in &c.facts {
                let possible = u.get(*fact);
                if v.is_empty() || *v == possible || !v.is_subset(possible) {
                    return Err(format!("{fact} names {v:?} of {possible:?}"));
                }
                if last.is_some_and(|l| l >= *fact) {
                    return Err("facts out of order".into());
                }
                last = Some(*fact);
            }
        }
        // 1. Exact.
        for (f, out) in &all {
            let covered = o.when.iter().any(|c| satisfies(c, f));
            if covered != (*out == me) {
                return Err(format!("cover of {me:?} not exact at {f:?}"));
            }
        }
        // 2. Prime: no single value can be added to any uncertain fact.
        for c in &o.when {
            let cube = c.within(u);
            for fact in u.uncertain() {
                for v in u.get(fact).difference(cube.get(fact)).iter() {
                    let grown = cube.with(fact, cube.get(fact).union(Values::one(v)));
                    if grown.completions().all(|f| Outcome::of(p, &f) == me) {
                        return Err(format!("{c:?} of {me:?} can grow by {fact}={v}"));
                    }
                }
            }
        }
        // 3. Irredundant.
        for (k, c) in o.when.iter().enumerate() {
            let needed = all.iter().any(|(f, out)| {
                *out == me
                    && satisfies(c, f)
                    && !o
                        .when
                        .iter()
                        .enumerate()
                        .any(|(j, d)| j != k && satisfies(d, f))
            });
            if !needed {
                return Err(format!("{c:?} of {me:?} is redundant"));
            }
        }
    }
    check_trace(p, u, a)
}

/// The partial trace against the definite traces of every completion.
fn check_trace(p: &Profile, u: &UncertainFacts, a: &Assessment) -> Result<(), String> {
    let traces: Vec<Assessment> = u.completions().map(|f| assess(p, &f)).collect();
    for ob in &p.obligations {
        let mine: Vec<_> = a.trace.iter().filter(|e| e.obligation == ob.id).collect();
        let per: Vec<Vec<_>> = traces
            .iter()
            .map(|t| t.trace.iter().filter(|e| e.obligation == ob.id).collect())
            .collect();
        for (k, entry) in mine.iter().enumerate() {
            let sats: BTreeSet<bool> = per
                .iter()
                .map(|t| {
                    t.get(k)
                        .and_then(|e| e.satisfied)
                        .ok_or("reached in every completion")
                })
                .collect::<Result<_, _>>()?;
            let expected = if sats.len() == 1 {
                sats.first().copied()
            } else {
                None
            };
            if entry.satisfied != expected {
                return Err(format!(
                    "{} {}: {:?}, expected {expected:?}",
                    ob.id, entry.element, entry.satisfied
                ));
            }
            if per[0][k].element != entry.element {
                return Err("elements out of order".into());
            }
            let last = k + 1 == mine.len();
            // The trace stops at the first element not met in every
            // completion, or after the last element when all are met.
            let complete = k + 1 == per[0].len() && expected == Some(true);
            if last != (expected != Some(true) || complete) {
                return Err(format!(
                    "{}: the trace must stop at the first element not always met",
                    ob.id
                ));
            }
            if expected.is_none() && entry.depends_on.is_empty() {
                return Err("an undetermined element names the facts it depends on".into());
            }
            if entry.depends_on.iter().any(|f| u.get(*f).len() < 2) {
                return Err("depends only on uncertain facts".into());
            }
        }
        if mine.is_empty() {
            return Err(format!("{}: no trace", ob.id));
        }
    }
    Ok(())
}

fn check_decisive(p: &Profile, u: &UncertainFacts, a: &Assessment) -> Result<(), String> {
    let own = outcome_set(p, u);
    let mut expected = Vec::new();
    for fact in Fact::ALL {
        let Some(current) = u.get(fact).single() else {
            continue;
        };
        for v in (0..fact.arity()).filter(|v| *v != current) {
            let changed = outcome_set(p, &u.with(fact, Values::one(v)));
            if changed != own {
                expected.push((fact, v, changed));
            }
        }
    }
    let got: Vec<_> = a
        .decisive
        .as_ref()
        .ok_or("decisive was asked")?
        .iter()
        .map(|c| (c.fact, c.value.1, c.outcomes.clone()))
        .collect();
    if got != expected {
        return Err(format!("decisive {got:?}, expected {expected:?}"));
    }
    Ok(())
}

fn check_questions(
    profiles: &[&Profile],
    u: &UncertainFacts,
    qs: &[diligence_core::outcome::Question],
) -> Result<(), String> {
    let mut expected = Vec::new();
    for fact in u.uncertain() {
        let undetermined_after = u
            .get(fact)
            .iter()
            .map(|v| {
                let answered = u.with(fact, Values::one(v));
                profiles
                    .iter()
                    .filter(|p| {
                        let s: BTreeSet<Status> = answered
                            .completions()
                            .map(|f| Outcome::of(p, &f).status)
                            .collect();
                        s.len() > 1
                    })
                    .count()
            })
            .max()
            .unwrap_or(0);
        let relevant = profiles
            .iter()
            .filter(|p| {
                let mut groups: HashMap<Facts, BTreeSet<Outcome>> = HashMap::new();
                for f in u.completions() {
                    let key = f.with(fact, 0);
                    groups.entry(key).or_default().insert(Outcome::of(p, &f));
                }
                groups.values().any(|g| g.len() > 1)
            })
            .count();
        expected.push((fact, undetermined_after, relevant));
    }
    expected.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let got: Vec<_> = qs
        .iter()
        .map(|q| (q.fact, q.undetermined_after, q.relevant))
        .collect();
    if got != expected {
        return Err(format!("questions {got:?}, expected {expected:?}"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn outcomes_covers_and_traces_match_the_completions(p in profile(), u in uncertain(2_000)) {
        prop_assume!(!u.is_definite());
        let report = assess_all(&[&p], &u, true);
        let a = &report.results[0];
        if let Err(e) = check_result(&p, &u, a) { return Err(TestCaseError::fail(e)); }
        if let Err(e) = check_decisive(&p, &u, a) { return Err(TestCaseError::fail(e)); }
    }

    #[test]
    fn questions_match_the_completions(ps in proptest::collection::vec(profile(), 1..4), u in uncertain(1_500)) {
        prop_assume!(!u.is_definite());
        let refs: Vec<&Profile> = ps.iter().collect();
        let report = assess_all(&refs, &u, false);
        let qs = report.questions.as_ref().expect("an uncertain scenario has questions");
        if let Err(e) = check_questions(&refs, &u, qs) { return Err(TestCaseError::fail(e)); }
        for (p, a) in refs.iter().zip(&report.results) {
            if let Err(e) = check_result(p, &u, a) { return Err(TestCaseError::fail(e)); }
        }
    }

    #[test]
    fn a_definite_scenario_gives_the_v1_result(p in profile(), f in facts()) {
        let report = assess_all(&[&p], &UncertainFacts::definite(&f), true);
        let a = &report.results[0];
        prop_assert!(report.questions.is_none());
        prop_assert!(a.outcomes.is_none());
        let v1 = assess(&p, &f);
        prop_assert_eq!(&a.trace, &v1.trace);
        prop_assert_eq!(a.status, v1.status);
        if let Err(e) = check_decisive(&p, &UncertainFacts::definite(&f), a) { return Err(TestCaseError::fail(e)); }
    }

    #[test]
    fn the_same_scenario_always_gives_the_same_answer(p in profile(), u in uncertain(5_000)) {
        let once = assess_all(&[&p], &u, true);
        let again = assess_all(&[&p], &u, true);
        prop_assert_eq!(once, again);
    }
}

#[test]
fn every_fact_unknown_covers_the_whole_fact_space() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..8 {
        let p = proptest::strategy::ValueTree::current(
            &profile().new_tree(&mut runner).expect("strategy"),
        );
        let u = UncertainFacts::everything();
        let report = assess_all(&[&p], &u, true);
        let a = &report.results[0];
        // Exactness over all 207,360 situations; the decisive list is empty
        // (no fact is known).
        let outcomes = a.outcomes.as_ref().expect("outcomes");
        for f in u.completions() {
            let me = Outcome::of(&p, &f);
            for o in outcomes {
                let covered = o.when.iter().any(|c| satisfies(c, &f));
                assert_eq!(covered, o.outcome() == me, "{f:?}");
            }
        }
        assert_eq!(a.decisive.as_deref(), Some(&[][..]));
    }
}
