//! The assessment answer as a typed view (spec section 4, with the outcomes,
//! decisive facts and questions of sections 4.1 to 4.3): what `diligence
//! assess --format json` prints and `POST /api/v1/assess` answers, and the
//! source of that answer's OpenAPI schema. The views borrow the engine's
//! results and declare their fields in the order the engine writes them,
//! so the bytes are those the spec's examples show.

use crate::schema::{
    citations, CitationView, CodedValue, ConditionView, ElementName, FactName, FactValue,
    FactsView, InferredByName, ParameterName, ProvenanceName, StatusName, VerdictName,
};
use diligence_core::countermeasures::Condition;
use diligence_core::evaluate::ObligationOutcome;
use diligence_core::inference::{Inference, TestedParameter};
use diligence_core::outcome::{Assessments, Change, Conditional, Outcome, Question};
use diligence_core::{Assessment, TraceEntry};
use diligence_kb::Scenario;
use serde::Serialize;
use utoipa::ToSchema;

/// The assessment of a scenario against the profiles.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentView<'a> {
    /// The scenario assessed.
    pub scenario: ScenarioView<'a>,
    /// One result per profile, in the knowledge base's order.
    pub results: Vec<ResultView<'a>>,
    /// For an uncertain scenario, the facts worth establishing first
    /// (section 4.3).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub questions: Option<Vec<QuestionView>>,
}

impl<'a> AssessmentView<'a> {
    /// The view of the engine's results on a scenario.
    pub fn of(scenario: &'a Scenario, report: &'a Assessments) -> AssessmentView<'a> {
        AssessmentView {
            scenario: ScenarioView {
                title: &scenario.title,
                notes: scenario.notes.as_deref(),
                facts: FactsView(&scenario.facts),
            },
            results: report.results.iter().map(ResultView::from).collect(),
            questions: report
                .questions
                .as_ref()
                .map(|qs| qs.iter().map(QuestionView::from).collect()),
        }
    }
}

/// The scenario: its title, notes and facts.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioView<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its notes, where it has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub notes: Option<&'a str>,
    /// Its facts.
    pub facts: FactsView<'a>,
}

/// The result of one profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultView<'a> {
    /// The profile's id.
    pub profile: &'a str,
    /// Its status, or `undetermined` when the completions of an uncertain
    /// scenario disagree.
    pub status: VerdictName,
    /// Whether a breach opens countermeasures (in every completion).
    pub countermeasures: bool,
    /// Where it does, the conditions of lawful countermeasures under the
    /// law of State responsibility, each with its article.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub countermeasure_conditions: Vec<CountermeasureConditionView>,
    /// For an uncertain scenario, each outcome with the conditions under
    /// which it holds (section 4.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub outcomes: Option<Vec<ConditionalView<'a>>>,
    /// When asked, what a change of one known fact would do (section 4.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub decisive: Option<Vec<ChangeView>>,
    /// Every element checked, obligation by obligation.
    pub trace: Vec<TraceView<'a>>,
    /// The status each obligation reached.
    pub obligations: Vec<ObligationStatusView<'a>>,
    /// The inferred parameters on the result's deciding path: empty when
    /// the result rests only on what the sources state.
    pub rests_on_inference: Vec<RestingView<'a>>,
}

impl<'a> From<&'a Assessment> for ResultView<'a> {
    fn from(a: &'a Assessment) -> ResultView<'a> {
        ResultView {
            profile: &a.profile,
            status: VerdictName(a.status),
            countermeasures: a.countermeasures,
            countermeasure_conditions: a
                .countermeasure_conditions
                .iter()
                .map(CountermeasureConditionView::from)
                .collect(),
            outcomes: a
                .outcomes
                .as_ref()
                .map(|os| os.iter().map(ConditionalView::from).collect()),
            decisive: a
                .decisive
                .as_ref()
                .map(|cs| cs.iter().map(ChangeView::from).collect()),
            trace: a.trace.iter().map(TraceView::from).collect(),
            obligations: a
                .obligations
                .iter()
                .map(ObligationStatusView::from)
                .collect(),
            rests_on_inference: a.rests_on_inference.iter().map(RestingView::from).collect(),
        }
    }
}

/// One condition of lawful countermeasures.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountermeasureConditionView {
    /// A short name.
    pub condition: &'static str,
    /// What it requires, in plain words.
    pub requirement: &'static str,
    /// The article of the International Law Commission's articles that
    /// sets it.
    pub pinpoint: &'static str,
}

impl From<&Condition> for CountermeasureConditionView {
    fn from(c: &Condition) -> CountermeasureConditionView {
        CountermeasureConditionView {
            condition: c.condition,
            requirement: c.requirement,
            pinpoint: c.pinpoint,
        }
    }
}

/// An outcome: a status and whether a breach opens countermeasures.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeView {
    /// The status.
    pub status: StatusName,
    /// Whether a breach opens countermeasures.
    pub countermeasures: bool,
}

impl From<&Outcome> for OutcomeView {
    fn from(o: &Outcome) -> OutcomeView {
        OutcomeView {
            status: StatusName(o.status),
            countermeasures: o.countermeasures,
        }
    }
}

/// An outcome of an uncertain scenario with the conditions under which it
/// holds: in any case that meets one of them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionalView<'a> {
    /// The status.
    pub status: StatusName,
    /// Whether a breach opens countermeasures.
    pub countermeasures: bool,
    /// The conditions, any of which suffices.
    pub when: Vec<ConditionView<'a>>,
}

impl<'a> From<&'a Conditional> for ConditionalView<'a> {
    fn from(c: &'a Conditional) -> ConditionalView<'a> {
        ConditionalView {
            status: StatusName(c.status),
            countermeasures: c.countermeasures,
            when: c.when.iter().map(ConditionView).collect(),
        }
    }
}

/// What changing one known fact to another value would do.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeView {
    /// The fact.
    pub fact: FactName,
    /// The other value.
    pub value: FactValue,
    /// The outcomes of the scenario so changed.
    pub outcomes: Vec<OutcomeView>,
}

impl From<&Change> for ChangeView {
    fn from(c: &Change) -> ChangeView {
        ChangeView {
            fact: FactName(c.fact),
            value: FactValue(c.value),
            outcomes: c.outcomes.iter().map(OutcomeView::from).collect(),
        }
    }
}

/// One step of an evaluation: an element of an obligation checked.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceView<'a> {
    /// The obligation's id (`none` for a reading with no obligation).
    pub obligation: &'a str,
    /// The element checked.
    pub element: ElementName,
    /// Whether the element is satisfied; null when it depends on the
    /// uncertain facts of the scenario.
    #[schema(required = true)]
    pub satisfied: Option<bool>,
    /// The uncertain facts an undetermined element depends on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<FactName>,
    /// Why, in plain words.
    pub reason: &'a str,
    /// The ids of the authorities behind the element.
    pub authorities: &'a [String],
    /// The same authorities with their pinpoints.
    pub citations: Vec<CitationView<'a>>,
    /// The obligation parameters the element tested.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<TestedView<'a>>,
    /// `inferred` when any tested parameter is inferred, `explicit` when
    /// all are stated by their sources; absent when the element tests only
    /// facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub provenance: Option<ProvenanceName>,
}

impl<'a> From<&'a TraceEntry> for TraceView<'a> {
    fn from(e: &'a TraceEntry) -> TraceView<'a> {
        TraceView {
            obligation: &e.obligation,
            element: ElementName(e.element),
            satisfied: e.satisfied,
            depends_on: e.depends_on.iter().copied().map(FactName).collect(),
            reason: &e.reason,
            authorities: &e.authorities,
            citations: citations(&e.citations),
            parameters: e.parameters.iter().map(TestedView::from).collect(),
            provenance: e.provenance.map(ProvenanceName),
        }
    }
}

/// One parameter an element tested: its value and provenance, and for an
/// inference, why and whose.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestedView<'a> {
    /// The parameter.
    pub parameter: ParameterName,
    /// Its coded value.
    pub value: CodedValue,
    /// Stated by the source, or inferred.
    pub provenance: ProvenanceName,
    /// Why it was inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reason: Option<&'a str>,
    /// Whose inference: the editors', or a commentator's imputation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub by: Option<InferredByName>,
    /// For an imputation, the passage that imputes the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub imputed_by: Option<CitationView<'a>>,
}

impl<'a> From<&'a TestedParameter> for TestedView<'a> {
    fn from(p: &'a TestedParameter) -> TestedView<'a> {
        TestedView {
            parameter: p.parameter.into(),
            value: CodedValue(p.value),
            provenance: ProvenanceName(p.provenance),
            reason: p.reason.as_deref(),
            by: p.by.map(InferredByName),
            imputed_by: p.imputed_by.as_ref().map(CitationView::from),
        }
    }
}

/// The status one obligation reached.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationStatusView<'a> {
    /// The obligation's id.
    pub obligation: &'a str,
    /// Its status, or `undetermined`.
    pub status: VerdictName,
}

impl<'a> From<&'a ObligationOutcome> for ObligationStatusView<'a> {
    fn from(o: &'a ObligationOutcome) -> ObligationStatusView<'a> {
        ObligationStatusView {
            obligation: &o.obligation,
            status: VerdictName(o.status),
        }
    }
}

/// One inferred parameter a result rests on.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestingView<'a> {
    /// The obligation whose parameter it is.
    pub obligation: &'a str,
    /// The parameter.
    pub parameter: ParameterName,
    /// Its coded value.
    pub value: CodedValue,
    /// Always `inferred` here.
    pub provenance: ProvenanceName,
    /// Why it was inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reason: Option<&'a str>,
    /// Whose inference.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub by: Option<InferredByName>,
    /// For an imputation, the passage that imputes the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub imputed_by: Option<CitationView<'a>>,
}

impl<'a> From<&'a Inference> for RestingView<'a> {
    fn from(i: &'a Inference) -> RestingView<'a> {
        let p = TestedView::from(&i.parameter);
        RestingView {
            obligation: &i.obligation,
            parameter: p.parameter,
            value: p.value,
            provenance: p.provenance,
            reason: p.reason,
            by: p.by,
            imputed_by: p.imputed_by,
        }
    }
}

/// One open question of an uncertain scenario.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionView {
    /// The uncertain fact.
    pub fact: FactName,
    /// The most profiles still undetermined once the fact is known, over
    /// its possible values.
    pub undetermined_after: usize,
    /// The profiles whose outcome this fact alone can change.
    pub relevant: usize,
}

impl From<&Question> for QuestionView {
    fn from(q: &Question) -> QuestionView {
        QuestionView {
            fact: FactName(q.fact),
            undetermined_after: q.undetermined_after,
            relevant: q.relevant,
        }
    }
}

#[cfg(test)]
mod tests {
    //! The view writes the bytes the engine's own serialisation writes, for
    //! every example scenario (definite and uncertain, with and without
    //! decisive facts) and for scenarios with every fact uncertain.

    use super::*;
    use diligence_core::outcome::assess_all;
    use diligence_core::{Profile, UncertainFacts};
    use diligence_kb::KnowledgeBase;

    /// The engine's results serialised as they are, in the spec's order.
    fn engine_bytes(scenario: &Scenario, report: &Assessments) -> String {
        #[derive(Serialize)]
        struct Head<'a> {
            title: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            notes: Option<&'a str>,
            facts: &'a UncertainFacts,
        }
        #[derive(Serialize)]
        struct Document<'a> {
            scenario: Head<'a>,
            results: &'a [Assessment],
            #[serde(skip_serializing_if = "Option::is_none")]
            questions: Option<&'a [Question]>,
        }
        crate::json::to_pretty(&Document {
            scenario: Head {
                title: &scenario.title,
                notes: scenario.notes.as_deref(),
                facts: &scenario.facts,
            },
            results: &report.results,
            questions: report.questions.as_deref(),
        })
    }

    #[test]
    fn the_view_writes_the_engines_bytes() {
        let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
        let profiles: Vec<&Profile> = kb.profiles.iter().collect();
        let mut scenarios: Vec<Scenario> =
            kb.scenarios.iter().map(|s| s.scenario.clone()).collect();
        let text = "title = \"Nothing known\"\n[facts]\n".to_string()
            + &diligence_core::Fact::NAMES
                .iter()
                .map(|f| format!("{f} = \"unknown\"\n"))
                .collect::<String>();
        let unknown =
            diligence_kb::parse_scenario("unknown.toml", text.as_bytes()).expect("a scenario");
        scenarios.push(unknown);
        let (mut uncertain, mut conditions, mut imputed) = (0, 0, 0);
        for sc in &scenarios {
            for decisive in [false, true] {
                let report = assess_all(&profiles, &sc.facts, decisive);
                let view = AssessmentView::of(sc, &report);
                uncertain += usize::from(view.questions.is_some());
                conditions += view.results.iter().filter(|r| r.outcomes.is_some()).count();
                imputed += view
                    .results
                    .iter()
                    .flat_map(|r| &r.rests_on_inference)
                    .filter(|i| i.imputed_by.is_some())
                    .count();
                assert_eq!(
                    crate::json::to_pretty(&view),
                    engine_bytes(sc, &report),
                    "{} (decisive: {decisive})",
                    sc.title
                );
            }
        }
        assert!(uncertain > 2 && conditions > 0 && imputed > 0);
    }
}
