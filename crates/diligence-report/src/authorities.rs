//! An authority of the knowledge base as a typed view: the entry with its
//! OSCOLA citation and, for one authority, every coded value and debate
//! argument that cites it. What `diligence authorities` and `diligence
//! authority ID` print with `--format json` and `GET
//! /api/v1/authorities[/{id}]` answers, and the source of those answers'
//! OpenAPI schemas. Fields are declared in alphabetical order, the order
//! the command line has always written these keys in.

use crate::named;
use crate::schema::{serde_names, CitationView, ProvenanceName};
use diligence_core::obligation::Parameter;
use diligence_kb::authority::{KnownFrom, Quote, Seed};
use diligence_kb::references::CitingValue;
use diligence_kb::{Authority, AuthorityKind, CitationStyle, KnowledgeBase};
use serde::Serialize;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

named! {
    /// What an authority is.
    AuthorityKindName(AuthorityKind) => serde_names(&AuthorityKind::ALL)
}

named! {
    /// Where the information on an authority comes from: one of the two
    /// source texts, or the editors' own documents.
    KnownFromName(KnownFrom) => serde_names(&[
        KnownFrom::Seed000,
        KnownFrom::Seed001,
        KnownFrom::Primer,
        KnownFrom::PositionsNotes,
    ])
}

named! {
    /// The source text a quotation is taken from.
    QuotedFromName(Seed) => serde_names(&[Seed::Seed000, Seed::Seed001])
}

/// The names of a profile's own coded values: its basis and its four
/// answers.
const ANSWER_NAMES: [&str; 5] = [
    "basis",
    "legal_status",
    "scope_of_conduct",
    "knowledge",
    "harm_threshold",
];

/// The names of the coded values that can cite an authority: the basis,
/// the four answers and the nine parameters of an obligation, each once.
pub fn coded_names() -> Vec<&'static str> {
    let mut names = ANSWER_NAMES.to_vec();
    for p in Parameter::NAMES {
        if !names.contains(&p) {
            names.push(p);
        }
    }
    names
}

/// The name of a coded value of a profile: its basis, one of its answers,
/// or a parameter of one of its obligations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CodedName(pub &'static str);

impl PartialSchema for CodedName {
    fn schema() -> RefOr<Schema> {
        crate::schema::closed(coded_names()).into()
    }
}
impl ToSchema for CodedName {}

/// A value as the profile's JSON writes it: a boolean, a string or a list
/// of strings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct WrittenCodedValue<'a>(pub &'a serde_json::Value);

impl PartialSchema for WrittenCodedValue<'_> {
    fn schema() -> RefOr<Schema> {
        crate::schema::CodedValue::schema()
    }
}
impl ToSchema for WrittenCodedValue<'_> {
    fn name() -> std::borrow::Cow<'static, str> {
        crate::schema::CodedValue::name()
    }
}

/// A short quotation from a source text, attributed.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteView<'a> {
    /// Where in the quoted authority, as the source text gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pinpoint: Option<&'a str>,
    /// The source text the words are taken from.
    pub seed: QuotedFromName,
    /// The paragraph of the source text.
    pub seed_para: u16,
    /// The words, verbatim.
    pub text: &'a str,
}

impl<'a> From<&'a Quote> for QuoteView<'a> {
    fn from(q: &'a Quote) -> QuoteView<'a> {
        QuoteView {
            pinpoint: q.pinpoint.as_deref(),
            seed: QuotedFromName(q.seed),
            seed_para: q.seed_para,
            text: &q.text,
        }
    }
}

/// A coded value of a profile that cites the authority.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CitingValueView<'a> {
    /// Whether the authority is cited as the commentator who imputes the
    /// value to the reading, rather than as its source.
    pub imputation: bool,
    /// The obligation, for a parameter of one; null for the basis and the
    /// answers.
    #[schema(required = true)]
    pub obligation: Option<&'a str>,
    /// The obligation's title, or null.
    #[schema(required = true)]
    pub obligation_title: Option<&'a str>,
    /// The value's name.
    pub parameter: CodedName,
    /// Where in the authority, or null.
    #[schema(required = true)]
    pub pinpoint: Option<&'a str>,
    /// The profile's id.
    pub profile: &'a str,
    /// The profile's name.
    pub profile_name: &'a str,
    /// Stated by the source, or inferred.
    pub provenance: ProvenanceName,
    /// The value.
    pub value: WrittenCodedValue<'a>,
}

impl<'a> From<&'a CitingValue<'a>> for CitingValueView<'a> {
    fn from(c: &'a CitingValue<'a>) -> CitingValueView<'a> {
        CitingValueView {
            imputation: c.imputation,
            obligation: c.obligation.map(|o| o.id.as_str()),
            obligation_title: c.obligation.map(|o| o.title.as_str()),
            parameter: CodedName(c.parameter),
            pinpoint: c.pinpoint,
            profile: &c.profile.id,
            profile_name: &c.profile.name,
            provenance: ProvenanceName(c.provenance),
            value: WrittenCodedValue(&c.value_json),
        }
    }
}

/// Declares the two views of an authority from one list of fields: the
/// view the list of authorities gives ([`AuthorityView`]) and the view of
/// one authority ([`CitedAuthorityView`]), which adds `citing_values` and
/// `debate_arguments` in their alphabetical places.
macro_rules! authority_views {
    (
        { $($(#[$am:meta])* $af:ident: $at:ty,)* }
        citing_values
        { $($(#[$bm:meta])* $bf:ident: $bt:ty,)* }
        debate_arguments
        { $($(#[$cm:meta])* $cf:ident: $ct:ty,)* }
    ) => {
        /// An authority of the knowledge base, with its OSCOLA citation.
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct AuthorityView<'a> {
            $($(#[$am])* pub $af: $at,)*
            $($(#[$bm])* pub $bf: $bt,)*
            $($(#[$cm])* pub $cf: $ct,)*
        }

        /// One authority with its OSCOLA citation, and every coded value
        /// and debate argument that cites it.
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct CitedAuthorityView<'a> {
            $($(#[$am])* pub $af: $at,)*
            /// Every coded value of a profile that cites it.
            pub citing_values: Vec<CitingValueView<'a>>,
            $($(#[$bm])* pub $bf: $bt,)*
            /// The ids of the debate's arguments that cite it.
            pub debate_arguments: Vec<&'a str>,
            $($(#[$cm])* pub $cf: $ct,)*
        }

        impl<'a> CitedAuthorityView<'a> {
            fn with(
                v: AuthorityView<'a>,
                citing_values: Vec<CitingValueView<'a>>,
                debate_arguments: Vec<&'a str>,
            ) -> Self {
                CitedAuthorityView {
                    $($af: v.$af,)*
                    citing_values,
                    $($bf: v.$bf,)*
                    debate_arguments,
                    $($cf: v.$cf,)*
                }
            }
        }
    };
}

authority_views! {
    {
        /// Authors, for scholarship.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        author: Option<&'a str>,
        /// Court, tribunal, organ or institution.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        body: Option<&'a str>,
        /// The OSCOLA citation.
        citation: String,
        /// The short form of the citation.
        citation_short: String,
        /// For a work known only because another document cites it: the
        /// citing document and where it cites it.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        cited_in: Option<CitationView<'a>>,
    }
    citing_values
    {
        /// The exact date, where known.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        date: Option<&'a str>,
    }
    debate_arguments
    {
        /// Whether `title` is the editors' description, not the document's
        /// title.
        descriptive_title: bool,
        /// Its id.
        id: &'a str,
        /// What it is.
        kind: AuthorityKindName,
        /// Where the information on it comes from.
        known_from: Vec<KnownFromName>,
        /// What is not known of it.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        missing: Option<&'a str>,
        /// Law report, journal or publisher.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        published_in: Option<&'a str>,
        /// Present (true) when `published_in` is a standard law-report
        /// citation the editors added, which no source text gives.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        published_in_added_by_editors: Option<bool>,
        /// Short quotations from the source texts.
        quotes: Vec<QuoteView<'a>>,
        /// For a State's position, its ISO 3166-1 alpha-3 code.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        state: Option<&'a str>,
        /// What it contributes, in the editors' words.
        summary: &'a str,
        /// Its title, or the editors' description of it.
        title: &'a str,
        /// The year, where known.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schema(nullable = false)]
        year: Option<u16>,
    }
}

impl<'a> AuthorityView<'a> {
    /// The view of an authority, as the list of authorities gives it.
    pub fn of(a: &'a Authority) -> AuthorityView<'a> {
        AuthorityView {
            author: a.author.as_deref(),
            body: a.body.as_deref(),
            citation: a.citation_in(CitationStyle::Oscola, None),
            citation_short: a.citation_in(CitationStyle::Short, None),
            cited_in: a.cited_in.as_ref().map(CitationView::from),
            date: a.date.as_deref(),
            descriptive_title: a.descriptive_title,
            id: &a.id,
            kind: AuthorityKindName(a.kind),
            known_from: a.known_from.iter().copied().map(KnownFromName).collect(),
            missing: a.missing.as_deref(),
            published_in: a.published_in.as_deref(),
            published_in_added_by_editors: a.published_in_added_by_editors.then_some(true),
            quotes: a.quotes.iter().map(QuoteView::from).collect(),
            state: a.state.as_deref(),
            summary: &a.summary,
            title: &a.title,
            year: a.year,
        }
    }
}

/// One authority with everything that cites it: holds the knowledge
/// base's list of citing values, which its view borrows.
pub struct Cited<'a> {
    authority: &'a Authority,
    citing: Vec<CitingValue<'a>>,
    arguments: Vec<&'a str>,
}

impl<'a> Cited<'a> {
    /// The authority with the coded values and debate arguments that cite
    /// it.
    pub fn of(kb: &'a KnowledgeBase, a: &'a Authority) -> Cited<'a> {
        let mut arguments: Vec<&str> = Vec::new();
        for (arg, _) in kb.arguments_citing(&a.id) {
            if !arguments.contains(&arg.id.as_str()) {
                arguments.push(&arg.id);
            }
        }
        Cited {
            authority: a,
            citing: kb.citing_values(&a.id),
            arguments,
        }
    }

    /// Its view, as `GET /api/v1/authorities/{id}` and `diligence authority
    /// ID --format json` give it.
    pub fn view(&self) -> CitedAuthorityView<'_> {
        CitedAuthorityView::with(
            AuthorityView::of(self.authority),
            self.citing.iter().map(CitingValueView::from).collect(),
            self.arguments.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_citing_value_has_a_known_name() {
        let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
        let mut seen = 0;
        for a in &kb.authorities {
            for c in kb.citing_values(&a.id) {
                assert!(coded_names().contains(&c.parameter), "{}", c.parameter);
                seen += 1;
            }
        }
        assert!(seen > kb.profiles.len());
    }
}
