//! Uncertain scenarios on the shipped profiles: with every fact unknown the
//! conditions of every profile cover the whole fact space exactly; and the
//! ransomware example with knowledge unknown gives, reading by reading, the
//! conditions and the first question derived by hand from the spec.

use diligence_core::facts::{Fact, Knowledge};
use diligence_core::outcome::{assess_all, Condition, Outcome};
use diligence_core::{Profile, Status, UncertainFacts, Values, Verdict};
use diligence_kb::KnowledgeBase;

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().expect("shipped data is valid")
}

fn satisfies(c: &Condition, f: &diligence_core::Facts) -> bool {
    c.facts.iter().all(|(fact, v)| v.contains(f.get(*fact)))
}

#[test]
fn with_every_fact_unknown_each_profile_covers_the_whole_fact_space_exactly() {
    let kb = kb();
    let all: Vec<&Profile> = kb.profiles.iter().collect();
    let everything = UncertainFacts::everything();
    let report = assess_all(&all, &everything, true);
    for (p, a) in all.iter().zip(&report.results) {
        let outcomes = a
            .outcomes
            .as_ref()
            .expect("an uncertain result has outcomes");
        for f in everything.completions() {
            let me = Outcome::of(p, &f);
            let holding: Vec<Outcome> = outcomes
                .iter()
                .filter(|o| o.when.iter().any(|c| satisfies(c, &f)))
                .map(|o| o.outcome())
                .collect();
            assert_eq!(holding, vec![me], "{} at {f:?}", p.id);
        }
        // Nothing is known, so no known fact can change the result.
        assert_eq!(a.decisive.as_deref(), Some(&[][..]), "{}", p.id);
    }
    let questions = report.questions.expect("questions");
    assert_eq!(questions.len(), Fact::COUNT);
}

/// The knowledge values at or above a standard.
fn from(k: Knowledge) -> Values {
    Values::of(k.index()..Knowledge::ALL.len())
}

fn below(k: Knowledge) -> Values {
    Values::of(0..k.index())
}

#[test]
fn the_ransomware_case_with_knowledge_unknown_turns_on_the_knowledge_standard() {
    let kb = kb();
    let example = kb
        .scenario("ransomware-hospitals-knowledge-unknown")
        .expect("the example");
    let facts = example.scenario.facts;
    assert_eq!(facts.uncertain().collect::<Vec<_>>(), [Fact::Knowledge]);
    let all: Vec<&Profile> = kb.profiles.iter().collect();
    let report = assess_all(&all, &facts, false);
    let by_id = |id: &str| {
        report
            .results
            .iter()
            .find(|r| r.profile == id)
            .expect("a result per profile")
    };
    // Spec section 3 on the doctrine table: every other element is met
    // (cyber, launched from the territory, contrary to rights, serious harm,
    // ongoing, feasible, nothing done), so knowledge alone decides.
    let expected: [(&str, Status, Knowledge); 5] = [
        ("corfu-channel-literal", Status::Breach, Knowledge::Actual),
        ("tallinn-manual-2", Status::Breach, Knowledge::Constructive),
        ("coco-dias-2021", Status::Breach, Knowledge::Constructive),
        ("gge-2015", Status::NormNotObserved, Knowledge::Actual),
        ("gge-2021", Status::NormNotObserved, Knowledge::Notified),
    ];
    for (id, engaged, standard) in expected {
        let r = by_id(id);
        assert_eq!(r.status, Verdict::Undetermined, "{id}");
        let outcomes = r.outcomes.as_ref().expect("outcomes");
        let got: Vec<(Status, Vec<Condition>)> = outcomes
            .iter()
            .map(|o| (o.status, o.when.clone()))
            .collect();
        let when = |v: Values| {
            vec![Condition {
                facts: vec![(Fact::Knowledge, v)],
            }]
        };
        assert_eq!(
            got,
            vec![
                (engaged, when(from(standard))),
                (Status::NotTriggered, when(below(standard))),
            ],
            "{id}"
        );
        let breach = outcomes
            .iter()
            .find(|o| o.status == engaged)
            .expect("engaged");
        assert_eq!(breach.countermeasures, engaged == Status::Breach, "{id}");
        // The partial trace stops at knowledge, which depends on the open fact.
        let last = r.trace.last().expect("a trace");
        assert_eq!(last.satisfied, None, "{id}");
        assert_eq!(last.depends_on, [Fact::Knowledge], "{id}");
    }
    for id in ["ilc-prevention-2001", "specific-rules-only"] {
        assert_eq!(by_id(id).status, Verdict::Determined(Status::OutOfScope));
    }
    // The one question settles every reading.
    let questions = report.questions.expect("questions");
    assert_eq!(questions.len(), 1);
    assert_eq!(questions[0].fact, Fact::Knowledge);
    assert_eq!(questions[0].undetermined_after, 0);
    let undetermined = report
        .results
        .iter()
        .filter(|r| r.is_undetermined())
        .count();
    assert_eq!(questions[0].relevant, undetermined);
}
