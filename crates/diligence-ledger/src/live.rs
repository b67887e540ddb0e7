//! The facts a case's record establishes, entry after entry, and their
//! assessment by `diligence-core` under any reading.
//!
//! The notification asserts the spec's facts (some may be uncertain). The
//! record then changes two of them:
//!
//! - **knowledge**: from the moment the log received the notification, the
//!   receiver has been notified, so each asserted value below `notified`
//!   (`none`, `constructive`) becomes `notified`; `actual` stays (it already
//!   includes being told). Before receipt, knowledge is as asserted.
//! - **measures**, from the steps the receiver reported, against the
//!   capacity the notification asserts:
//!   - no step reported: measures as asserted;
//!   - some steps, but not all three of detect, investigate and stop (the
//!     steps the 2021 GGE report expects): `some` when the capacity
//!     asserted is certainly `feasible` (a feasible step is still
//!     missing); otherwise `some` or `all_feasible` (with limited, no or
//!     uncertain capacity, the steps taken may be all that was feasible);
//!   - detect, investigate and stop all reported: `some` or
//!     `all_feasible`. A report says a step was taken, not that it was all
//!     that was feasible, so the record leaves the question open rather
//!     than settle it for the reporting State.
//!
//! Every other fact stays as asserted. The timeline has one point for the
//! facts as asserted, then one after each entry.

use crate::chain::Case;
use crate::model::{Body, Kind, StepKind};
use diligence_core::facts::{Capacity, Knowledge, Measures};
use diligence_core::{status_of, Fact, Profile, Status, UncertainFacts, Values};
use std::collections::BTreeSet;
use time::OffsetDateTime;

/// The facts at one point of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// The entry after which these facts hold (its position in the case),
    /// or `None` for the facts as the notification asserts them.
    pub after: Option<usize>,
    /// That entry's kind.
    pub kind: Option<Kind>,
    /// When the log received that entry.
    pub received: Option<OffsetDateTime>,
    /// The facts.
    pub facts: UncertainFacts,
}

/// The knowledge once notified: each asserted value raised to at least
/// `notified`.
pub fn knowledge_once_notified(asserted: Values) -> Values {
    let notified = Knowledge::Notified.index();
    Values::of(asserted.iter().map(|v| v.max(notified)))
}

/// The measures the steps reported establish (see the module's rule).
pub fn measures_from_steps(
    asserted: Values,
    capacity: Values,
    steps: &BTreeSet<StepKind>,
) -> Values {
    if steps.is_empty() {
        return asserted;
    }
    let some = Measures::Some.index();
    let all = Measures::AllFeasible.index();
    let complete = [StepKind::Detect, StepKind::Investigate, StepKind::Stop]
        .iter()
        .all(|s| steps.contains(s));
    if !complete && capacity == Values::one(Capacity::Feasible.index()) {
        Values::one(some)
    } else {
        Values::of([some, all])
    }
}

/// The facts after each entry of a case (see the module's rules).
pub fn timeline(case: &Case) -> Vec<Point> {
    let asserted = case.notification().facts;
    let mut points = vec![Point {
        after: None,
        kind: None,
        received: None,
        facts: asserted,
    }];
    let mut steps = BTreeSet::new();
    let capacity = asserted.get(Fact::Capacity);
    for (position, accepted) in case.entries().iter().enumerate() {
        if let Body::Step(s) = &accepted.entry.record().body {
            steps.insert(s.step);
        }
        let facts = asserted
            .with(
                Fact::Knowledge,
                knowledge_once_notified(asserted.get(Fact::Knowledge)),
            )
            .with(
                Fact::Measures,
                measures_from_steps(asserted.get(Fact::Measures), capacity, &steps),
            );
        points.push(Point {
            after: Some(position),
            kind: Some(accepted.entry.record().kind()),
            received: Some(accepted.received),
            facts,
        });
    }
    points
}

/// The facts established at `now`: those of the last point whose entry
/// was received at or before `now` (the asserted facts before any).
pub fn facts_at(case: &Case, now: OffsetDateTime) -> UncertainFacts {
    timeline(case)
        .into_iter()
        .rev()
        .find(|p| p.received.is_none_or(|r| r <= now))
        .map_or_else(|| case.notification().facts, |p| p.facts)
}

/// The statuses a profile gives the facts: one when they settle the
/// question, several when what is uncertain matters.
pub fn statuses(profile: &Profile, facts: &UncertainFacts) -> BTreeSet<Status> {
    facts
        .completions()
        .map(|f| status_of(profile, &f).0)
        .collect()
}

/// The statuses under a profile at each point of the timeline.
pub fn assess_timeline(profile: &Profile, points: &[Point]) -> Vec<BTreeSet<Status>> {
    points.iter().map(|p| statuses(profile, &p.facts)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    fn values(fact: Fact, names: &[&str]) -> Values {
        Values::of(
            names
                .iter()
                .map(|n| fact.value_index(n).expect("a value of the fact")),
        )
    }

    #[test]
    fn knowledge_is_at_least_notified_once_notified() {
        let k = Fact::Knowledge;
        let cases: [(&[&str], &[&str]); 5] = [
            (&["none"], &["notified"]),
            (&["constructive"], &["notified"]),
            (&["none", "constructive"], &["notified"]),
            (&["actual"], &["actual"]),
            (&["none", "actual"], &["notified", "actual"]),
        ];
        for (asserted, expected) in cases {
            assert_eq!(
                knowledge_once_notified(values(k, asserted)),
                values(k, expected),
                "{asserted:?}"
            );
        }
    }

    #[test]
    fn measures_follow_the_steps_against_capacity() {
        use StepKind::*;
        let m = Fact::Measures;
        let c = Fact::Capacity;
        let none = values(m, &["none"]);
        let cases: Vec<(&[StepKind], &[&str], &[&str])> = vec![
            (&[], &["feasible"], &["none"]),
            (&[Detect], &["feasible"], &["some"]),
            (&[Detect, Investigate], &["feasible"], &["some"]),
            (&[Redress], &["feasible"], &["some"]),
            (&[Detect], &["limited"], &["some", "all_feasible"]),
            (
                &[Detect],
                &["limited", "feasible"],
                &["some", "all_feasible"],
            ),
            (&[Detect], &["none"], &["some", "all_feasible"]),
            (
                &[Detect, Investigate, Stop],
                &["feasible"],
                &["some", "all_feasible"],
            ),
            (
                &[Stop, Investigate, Detect, Redress],
                &["limited"],
                &["some", "all_feasible"],
            ),
        ];
        for (steps, capacity, expected) in cases {
            let steps: BTreeSet<StepKind> = steps.iter().copied().collect();
            assert_eq!(
                measures_from_steps(none, values(c, capacity), &steps),
                values(m, expected),
                "{steps:?} with capacity {capacity:?}"
            );
        }
        // Without steps, an uncertain assertion stays uncertain.
        let asserted = values(m, &["none", "some"]);
        assert_eq!(
            measures_from_steps(asserted, values(c, &["feasible"]), &BTreeSet::new()),
            asserted
        );
    }

    #[test]
    fn the_timeline_changes_at_receipt_and_at_steps() {
        let p = Parties::new();
        let mut case = p.open();
        for kind in ["detect", "investigate", "stop"] {
            let e = p.step(&case, kind);
            case.append(e, at(case.entries().len() as i64), &p.directory)
                .expect("step");
        }
        let points = timeline(&case);
        assert_eq!(points.len(), case.entries().len() + 1);
        let k = |i: usize| points[i].facts.get(Fact::Knowledge);
        let m = |i: usize| points[i].facts.get(Fact::Measures);
        assert_eq!(k(0), values(Fact::Knowledge, &["none", "constructive"]));
        for i in 1..points.len() {
            assert_eq!(k(i), values(Fact::Knowledge, &["notified"]), "point {i}");
        }
        assert_eq!(m(0), values(Fact::Measures, &["none"]));
        assert_eq!(m(1), values(Fact::Measures, &["none"]));
        assert_eq!(m(2), values(Fact::Measures, &["some"]));
        assert_eq!(m(3), values(Fact::Measures, &["some"]));
        assert_eq!(m(4), values(Fact::Measures, &["some", "all_feasible"]));
        // Every other fact stays as asserted.
        for point in &points {
            for fact in Fact::ALL {
                if fact != Fact::Knowledge && fact != Fact::Measures {
                    assert_eq!(point.facts.get(fact), points[0].facts.get(fact));
                }
            }
        }
        assert_eq!(facts_at(&case, at(-1)), points[0].facts);
        assert_eq!(facts_at(&case, at(2)), points[3].facts);
    }

    #[test]
    fn the_assessment_is_the_engines_at_each_point() {
        let kb = diligence_kb::KnowledgeBase::embedded().expect("shipped data is valid");
        let p = Parties::new();
        let mut case = p.open();
        let e = p.step(&case, "detect");
        case.append(e, at(1), &p.directory).expect("step");
        let points = timeline(&case);
        for profile in &kb.profiles {
            let assessed = assess_timeline(profile, &points);
            assert_eq!(assessed.len(), points.len());
            for (point, statuses) in points.iter().zip(&assessed) {
                // Each completion's status is among those reported, and
                // each status reported comes from a completion.
                let direct: BTreeSet<Status> = point
                    .facts
                    .completions()
                    .map(|f| {
                        diligence_core::assess(profile, &f)
                            .status
                            .status()
                            .expect("a definite situation has a status")
                    })
                    .collect();
                assert_eq!(&direct, statuses, "{}", profile.id);
                assert!(!statuses.is_empty());
            }
        }
        // Being notified changes the outcome under some reading: the
        // record matters.
        assert!(kb.profiles.iter().any(|profile| {
            let a = assess_timeline(profile, &points);
            a[0] != a[1]
        }));
    }
}
