//! A profile as a typed view: its answers, its obligations with every
//! parameter's value, the provenance and citations of each coded value,
//! and the date of its statement with the same State's statements before
//! and after it. What `diligence profiles` and `diligence profile ID`
//! print with `--format json` and `GET /api/v1/profiles[/{id}]` answers,
//! and the source of those answers' OpenAPI schemas. Fields are declared
//! in alphabetical order, the order the command line has always written
//! these keys in.

use crate::named;
use crate::schema::{closed, CitationView, ProvenanceName};
use diligence_core::citation::{Citation, Coded};
use diligence_core::facts::{Domain, Harm};
use diligence_core::obligation::{Conduct, ConductSet, DomainSet, KnowledgeStandard, Obligation};
use diligence_core::profile::{Answer, Basis, Classification, LegalStatus, ProfileKind};
use diligence_core::Profile;
use diligence_kb::{CitationStyle, KnowledgeBase};
use serde::Serialize;
use utoipa::openapi::schema::{ArrayBuilder, OneOfBuilder, Schema};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// The word an answer has where the source is silent.
const UNSPECIFIED: &str = "unspecified";

named! {
    /// What a profile is.
    ProfileKindName(ProfileKind) => ProfileKind::NAMES.iter()
}

named! {
    /// What a reading grounds due diligence in.
    BasisName(Basis) => Basis::NAMES.iter()
}

named! {
    /// The legal status a reading gives due diligence.
    LegalStatusName(LegalStatus) => LegalStatus::NAMES.iter()
}

named! {
    /// The least harm that triggers an obligation.
    HarmName(Harm) => Harm::NAMES.iter()
}

named! {
    /// The least knowledge that triggers an obligation.
    KnowledgeStandardName(KnowledgeStandard) => KnowledgeStandard::NAMES.iter()
}

named! {
    /// A harm threshold, or `unspecified` where the source is silent.
    HarmAnswer(Answer<Harm>) => Harm::NAMES.iter().chain(&[UNSPECIFIED])
}

named! {
    /// A knowledge standard, or `unspecified` where the source is silent.
    KnowledgeAnswer(Answer<KnowledgeStandard>) => KnowledgeStandard::NAMES.iter().chain(&[UNSPECIFIED])
}

/// The schema of a list of kinds of conduct.
fn conduct_list() -> ArrayBuilder {
    ArrayBuilder::new()
        .items(closed(Conduct::NAMES.iter()))
        .unique_items(true)
}

/// What an obligation requires: some of prevent, stop and redress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ConductView(pub ConductSet);

impl PartialSchema for ConductView {
    fn schema() -> RefOr<Schema> {
        conduct_list().into()
    }
}
impl ToSchema for ConductView {}

/// The scope of expected conduct: a list of kinds of conduct, or
/// `unspecified` where the source is silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ConductAnswer(pub Answer<ConductSet>);

impl PartialSchema for ConductAnswer {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(conduct_list())
            .item(closed([UNSPECIFIED]))
            .into()
    }
}
impl ToSchema for ConductAnswer {}

/// The activities an obligation covers: `all`, or a list of domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DomainsView(pub DomainSet);

impl PartialSchema for DomainsView {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(closed(["all"]))
            .item(
                ArrayBuilder::new()
                    .items(closed(Domain::NAMES.iter()))
                    .unique_items(true),
            )
            .into()
    }
}
impl ToSchema for DomainsView {}

/// How a coded value is known: stated by its sources or inferred, with the
/// citations and, for an inference, the reason.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodingView<'a> {
    /// The passages the value comes from.
    pub cite: Vec<CitationView<'a>>,
    /// A remark for reviewers.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub note: Option<&'a str>,
    /// Stated by the sources, or inferred by the editors.
    pub provenance: ProvenanceName,
    /// Why the editors inferred it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reason: Option<&'a str>,
}

impl<'a> CodingView<'a> {
    fn of(
        provenance: diligence_core::Provenance,
        cite: &'a [Citation],
        reason: Option<&'a str>,
        note: Option<&'a str>,
    ) -> Self {
        CodingView {
            cite: crate::schema::citations(cite),
            note,
            provenance: ProvenanceName(provenance),
            reason,
        }
    }
}

impl<'a, T> From<&'a Coded<T>> for CodingView<'a> {
    fn from(c: &'a Coded<T>) -> CodingView<'a> {
        CodingView::of(
            c.provenance,
            &c.cite,
            c.reason.as_deref(),
            c.note.as_deref(),
        )
    }
}

/// The provenance of a profile's basis and of its four answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersProvenance<'a> {
    /// Of the basis.
    pub basis: CodingView<'a>,
    /// Of the harm threshold.
    pub harm_threshold: CodingView<'a>,
    /// Of the knowledge required.
    pub knowledge: CodingView<'a>,
    /// Of the legal status.
    pub legal_status: CodingView<'a>,
    /// Of the scope of conduct.
    pub scope_of_conduct: CodingView<'a>,
}

/// The provenance of each of an obligation's nine parameters.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParametersProvenance<'a> {
    /// Of `binding`.
    pub binding: CodingView<'a>,
    /// Of `conduct`.
    pub conduct: CodingView<'a>,
    /// Of `countermeasures`.
    pub countermeasures: CodingView<'a>,
    /// Of `covers_controlled_infrastructure`.
    pub covers_controlled_infrastructure: CodingView<'a>,
    /// Of `covers_transit`.
    pub covers_transit: CodingView<'a>,
    /// Of `domains`.
    pub domains: CodingView<'a>,
    /// Of `harm_threshold`.
    pub harm_threshold: CodingView<'a>,
    /// Of `knowledge_standard`.
    pub knowledge_standard: CodingView<'a>,
    /// Of `requires_contrary_to_rights`.
    pub requires_contrary_to_rights: CodingView<'a>,
}

/// One obligation with the value of each parameter.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationView<'a> {
    /// The authorities its parameters cite, each once.
    pub authorities: Vec<String>,
    /// A legal obligation (true) or a voluntary, non-binding norm.
    pub binding: bool,
    /// What it requires.
    pub conduct: ConductView,
    /// Whether a breach lets the injured State take countermeasures.
    pub countermeasures: bool,
    /// Whether it applies where infrastructure under governmental control
    /// abroad is used.
    pub covers_controlled_infrastructure: bool,
    /// Whether it applies where the activity only transits the territory.
    pub covers_transit: bool,
    /// The activities it covers.
    pub domains: DomainsView,
    /// The least harm that triggers it.
    pub harm_threshold: HarmName,
    /// Its id within the profile.
    pub id: &'a str,
    /// The least knowledge that triggers it.
    pub knowledge_standard: KnowledgeStandardName,
    /// The provenance of each parameter.
    pub provenance: ParametersProvenance<'a>,
    /// Whether only activity contrary to the victim's rights triggers it.
    pub requires_contrary_to_rights: bool,
    /// A short title.
    pub title: &'a str,
}

impl<'a> From<&'a Obligation> for ObligationView<'a> {
    fn from(o: &'a Obligation) -> ObligationView<'a> {
        ObligationView {
            authorities: o.authorities(),
            binding: o.binding.value,
            conduct: ConductView(o.conduct.value),
            countermeasures: o.countermeasures.value,
            covers_controlled_infrastructure: o.covers_controlled_infrastructure.value,
            covers_transit: o.covers_transit.value,
            domains: DomainsView(o.domains.value),
            harm_threshold: HarmName(o.harm_threshold.value),
            id: &o.id,
            knowledge_standard: KnowledgeStandardName(o.knowledge_standard.value),
            provenance: ParametersProvenance {
                binding: (&o.binding).into(),
                conduct: (&o.conduct).into(),
                countermeasures: (&o.countermeasures).into(),
                covers_controlled_infrastructure: (&o.covers_controlled_infrastructure).into(),
                covers_transit: (&o.covers_transit).into(),
                domains: (&o.domains).into(),
                harm_threshold: (&o.harm_threshold).into(),
                knowledge_standard: (&o.knowledge_standard).into(),
                requires_contrary_to_rights: (&o.requires_contrary_to_rights).into(),
            },
            requires_contrary_to_rights: o.requires_contrary_to_rights.value,
            title: &o.title,
        }
    }
}

/// How an observer classifies a position.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassificationView<'a> {
    /// The legal status it ascribes.
    #[serde(rename = "as")]
    pub status: LegalStatusName,
    /// The authority that classifies the position.
    pub by: &'a str,
    /// When (`YYYY` or `YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub date: Option<&'a str>,
    /// A remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub note: Option<&'a str>,
    /// Where in the authority.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pinpoint: Option<&'a str>,
}

impl<'a> From<&'a Classification> for ClassificationView<'a> {
    fn from(c: &'a Classification) -> ClassificationView<'a> {
        ClassificationView {
            status: LegalStatusName(c.status),
            by: &c.by,
            date: c.date.as_deref(),
            note: c.note.as_deref(),
            pinpoint: c.pinpoint.as_deref(),
        }
    }
}

/// Another statement of the same State.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementView<'a> {
    /// Its profile id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// The date of its text.
    pub statement_date: String,
}

impl<'a> StatementView<'a> {
    fn of(kb: &KnowledgeBase, p: &'a Profile) -> StatementView<'a> {
        StatementView {
            id: &p.id,
            name: &p.name,
            statement_date: kb.statement_date(p),
        }
    }
}

/// An authority a profile relies on, with its OSCOLA citation.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileCitationView<'a> {
    /// The OSCOLA citation.
    pub citation: String,
    /// The short form of the citation.
    pub citation_short: String,
    /// The authority's id.
    pub id: &'a str,
}

/// Declares the two views of a profile from one list of fields: the view
/// the list of profiles gives ([`ProfileView`]) and the view of one profile
/// ([`CitedProfileView`]), which adds `citations` in its alphabetical
/// place.
macro_rules! profile_views {
    (
        { $($(#[$hm:meta])* $hf:ident: $ht:ty,)* }
        citations
        { $($(#[$tm:meta])* $tf:ident: $tt:ty,)* }
    ) => {
        /// A profile, as the list of profiles gives it: its answers, its
        /// obligations, and the provenance and citations of every coded
        /// value.
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct ProfileView<'a> {
            $($(#[$hm])* pub $hf: $ht,)*
            $($(#[$tm])* pub $tf: $tt,)*
        }

        /// One profile, with the OSCOLA citation of every authority it
        /// cites.
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct CitedProfileView<'a> {
            $($(#[$hm])* pub $hf: $ht,)*
            /// The OSCOLA citation of every authority it cites.
            pub citations: Vec<ProfileCitationView<'a>>,
            $($(#[$tm])* pub $tf: $tt,)*
        }

        impl<'a> CitedProfileView<'a> {
            fn with(v: ProfileView<'a>, citations: Vec<ProfileCitationView<'a>>) -> Self {
                CitedProfileView {
                    $($hf: v.$hf,)*
                    citations,
                    $($tf: v.$tf,)*
                }
            }
        }
    };
}

profile_views! {
    {
        /// Every authority it cites, each once, in order of first citation.
        authorities: Vec<String>,
        /// What it grounds due diligence in.
        basis: BasisName,
    }
    citations
    {
        /// How observers classify it.
        classifications: Vec<ClassificationView<'a>>,
        /// The same State's previous statement, or null.
        #[schema(required = true)]
        earlier_statement: Option<StatementView<'a>>,
        /// Its answer on the harm threshold.
        harm_threshold: HarmAnswer,
        /// Its id.
        id: &'a str,
        /// A doctrine, a State's or an organisation's position.
        kind: ProfileKindName,
        /// Its answer on the knowledge required.
        knowledge: KnowledgeAnswer,
        /// Its answer on the legal status.
        legal_status: LegalStatusName,
        /// For an organisation, its number of member States where known;
        /// else null.
        #[schema(required = true)]
        members: Option<u16>,
        /// Its name.
        name: &'a str,
        /// Its obligations; none where it recognises no general obligation.
        obligations: Vec<ObligationView<'a>>,
        /// The provenance of its basis and answers.
        provenance: AnswersProvenance<'a>,
        /// Its answer on the scope of conduct.
        scope_of_conduct: ConductAnswer,
        /// The texts it codes.
        sources: Vec<CitationView<'a>>,
        /// For a State, its ISO 3166-1 alpha-3 code; else null.
        #[schema(required = true)]
        state: Option<&'a str>,
        /// The date of the text coded, as precisely as the sources give
        /// it: YYYY-MM-DD, YYYY-MM or YYYY.
        statement_date: String,
        /// The reading, in the editors' words.
        summary: &'a str,
        /// The same State's next statement, which supersedes it, or null.
        #[schema(required = true)]
        superseded_by: Option<StatementView<'a>>,
        /// The year of the text coded.
        year: u16,
    }
}

impl<'a> ProfileView<'a> {
    /// The view of a profile, as the list of profiles gives it.
    pub fn of(kb: &'a KnowledgeBase, p: &'a Profile) -> ProfileView<'a> {
        let a = &p.answers;
        ProfileView {
            authorities: p.authorities(),
            basis: BasisName(p.basis.value),
            classifications: p.classifications.iter().map(Into::into).collect(),
            earlier_statement: kb.earlier_statement(p).map(|q| StatementView::of(kb, q)),
            harm_threshold: HarmAnswer(a.harm_threshold.value),
            id: &p.id,
            kind: ProfileKindName(p.kind),
            knowledge: KnowledgeAnswer(a.knowledge.value),
            legal_status: LegalStatusName(a.legal_status.value),
            members: p.members,
            name: &p.name,
            obligations: p.obligations.iter().map(Into::into).collect(),
            provenance: AnswersProvenance {
                basis: (&p.basis).into(),
                harm_threshold: (&a.harm_threshold).into(),
                knowledge: (&a.knowledge).into(),
                legal_status: (&a.legal_status).into(),
                scope_of_conduct: (&a.scope_of_conduct).into(),
            },
            scope_of_conduct: ConductAnswer(a.scope_of_conduct.value),
            sources: crate::schema::citations(&p.sources),
            state: p.state.as_deref(),
            statement_date: kb.statement_date(p),
            summary: p.summary.trim(),
            superseded_by: kb.later_statement(p).map(|q| StatementView::of(kb, q)),
            year: p.year,
        }
    }
}

impl<'a> CitedProfileView<'a> {
    /// The view of one profile, as `GET /api/v1/profiles/{id}` and
    /// `diligence profile ID --format json` give it.
    pub fn of(kb: &'a KnowledgeBase, p: &'a Profile) -> CitedProfileView<'a> {
        let citations = p
            .authorities()
            .iter()
            .filter_map(|id| kb.authority(id))
            .map(|a| ProfileCitationView {
                citation: a.citation_in(CitationStyle::Oscola, None),
                citation_short: a.citation_in(CitationStyle::Short, None),
                id: &a.id,
            })
            .collect();
        CitedProfileView::with(ProfileView::of(kb, p), citations)
    }
}

/// Every profile of the knowledge base, as `diligence profiles --format
/// json` prints them.
pub fn all(kb: &KnowledgeBase) -> Vec<ProfileView<'_>> {
    kb.profiles.iter().map(|p| ProfileView::of(kb, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static KnowledgeBase {
        KnowledgeBase::embedded().expect("the embedded knowledge base is valid")
    }

    /// Whether a value fits one of the `enum`s of a schema (itself or one
    /// of its `oneOf` items).
    fn allowed<V: Serialize + PartialSchema>(v: &V) -> bool {
        let written = serde_json::to_value(v).expect("serialises");
        let schema = serde_json::to_value(V::schema()).expect("a schema");
        let mut enums = vec![schema["enum"].clone()];
        enums.extend(
            schema["oneOf"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|s| [s["enum"].clone(), s["items"]["enum"].clone()]),
        );
        enums.push(schema["items"]["enum"].clone());
        let fits = |x: &serde_json::Value| {
            enums
                .iter()
                .any(|e| e.as_array().is_some_and(|e| e.contains(x)))
        };
        match &written {
            serde_json::Value::Array(items) => items.iter().all(fits),
            x => fits(x),
        }
    }

    #[test]
    fn every_coded_value_of_every_profile_is_in_its_closed_set() {
        for p in &kb().profiles {
            let a = &p.answers;
            assert!(allowed(&ProfileKindName(p.kind)), "{}", p.id);
            assert!(allowed(&BasisName(p.basis.value)), "{}", p.id);
            assert!(allowed(&LegalStatusName(a.legal_status.value)), "{}", p.id);
            assert!(allowed(&HarmAnswer(a.harm_threshold.value)), "{}", p.id);
            assert!(allowed(&KnowledgeAnswer(a.knowledge.value)), "{}", p.id);
            assert!(
                allowed(&ConductAnswer(a.scope_of_conduct.value)),
                "{}",
                p.id
            );
            for o in &p.obligations {
                assert!(allowed(&ConductView(o.conduct.value)), "{} {}", p.id, o.id);
                assert!(allowed(&DomainsView(o.domains.value)), "{} {}", p.id, o.id);
                assert!(
                    allowed(&HarmName(o.harm_threshold.value)),
                    "{} {}",
                    p.id,
                    o.id
                );
                assert!(
                    allowed(&KnowledgeStandardName(o.knowledge_standard.value)),
                    "{} {}",
                    p.id,
                    o.id
                );
            }
        }
    }

    #[test]
    fn an_unspecified_answer_is_allowed_and_a_known_one_is_its_name() {
        assert!(allowed(&HarmAnswer(Answer::Unspecified)));
        assert!(allowed(&KnowledgeAnswer(Answer::Unspecified)));
        assert!(allowed(&ConductAnswer(Answer::Unspecified)));
        for h in Harm::ALL {
            assert!(allowed(&HarmAnswer(Answer::Known(*h))));
        }
        assert!(allowed(&DomainsView(DomainSet::ALL)));
        assert!(allowed(&DomainsView(DomainSet::of(Domain::ALL))));
    }
}
