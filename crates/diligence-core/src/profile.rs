//! Profiles: one reading of due diligence (a doctrine, or a State's or
//! organisation's position), its obligations, its basis and its answers to
//! the four open questions.

use crate::citation::{Citation, Coded};
use crate::facts::{closed_set, Harm};
use crate::obligation::{ConductSet, KnowledgeStandard, Obligation};
use serde::de::{self, value::SeqAccessDeserializer, Deserializer, IntoDeserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

closed_set! {
    /// What a profile is.
    ProfileKind {
        /// A manual, report, instrument or scholarly account.
        Doctrine = "doctrine",
        /// A State's position.
        State = "state",
        /// An international organisation's position.
        Organisation = "organisation",
    }
}

closed_set! {
    /// What a reading grounds due diligence in.
    Basis {
        /// The Corfu Channel dictum.
        CorfuChannel = "corfu_channel",
        /// The no-harm principle of international environmental law.
        NoHarm = "no_harm",
        /// Both.
        Both = "both",
        /// Neither: no general obligation.
        Neither = "neither",
        /// The source does not say.
        Unspecified = "unspecified",
    }
}

closed_set! {
    /// The legal status a reading gives due diligence (open question 1).
    LegalStatus {
        /// A binding obligation of international law.
        Binding = "binding",
        /// A voluntary, non-binding norm.
        VoluntaryNorm = "voluntary_norm",
        /// Not yet law; to be developed or crystallising.
        Emerging = "emerging",
        /// The source is ambiguous.
        Ambiguous = "ambiguous",
        /// The source does not say.
        Unspecified = "unspecified",
    }
}

/// An answer to an open question: a value, or `unspecified` where the source
/// is silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer<T> {
    /// The source's answer.
    Known(T),
    /// The source does not say.
    Unspecified,
}

impl<T: fmt::Display> fmt::Display for Answer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Known(v) => v.fmt(f),
            Answer::Unspecified => f.write_str("unspecified"),
        }
    }
}

impl<T: Serialize> Serialize for Answer<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Known(v) => v.serialize(s),
            Answer::Unspecified => s.serialize_str("unspecified"),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Answer<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Answer<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or \"unspecified\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer<T>, E> {
                if v == "unspecified" {
                    return Ok(Answer::Unspecified);
                }
                T::deserialize(v.into_deserializer()).map(Answer::Known)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Answer<T>, A::Error> {
                T::deserialize(SeqAccessDeserializer::new(seq)).map(Answer::Known)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A profile's answers to the four open questions UNIDIR sets out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// The legal status of due diligence.
    pub legal_status: Coded<LegalStatus>,
    /// The scope of expected conduct.
    pub scope_of_conduct: Coded<Answer<ConductSet>>,
    /// The required level of knowledge.
    pub knowledge: Coded<Answer<KnowledgeStandard>>,
    /// The harm threshold.
    pub harm_threshold: Coded<Answer<Harm>>,
}

/// How an observer classifies a position, attributed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    /// The authority that classifies the position.
    pub by: String,
    /// The legal status it ascribes.
    #[serde(rename = "as")]
    pub status: LegalStatus,
    /// When the classification was made (`YYYY` or `YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where in the authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<String>,
    /// A remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One reading of due diligence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The profile's id (`tallinn-manual-2`, `usa-2021`).
    pub id: String,
    /// Doctrine, State or organisation.
    pub kind: ProfileKind,
    /// Display name.
    pub name: String,
    /// Year of the text coded.
    pub year: u16,
    /// ISO 3166-1 alpha-3 code, for States.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Number of member States, for organisations, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<u16>,
    /// Listing order, for doctrines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u16>,
    /// The reading, in the editors' words.
    pub summary: String,
    /// The texts this profile codes.
    pub sources: Vec<Citation>,
    /// What the reading grounds due diligence in.
    pub basis: Coded<Basis>,
    /// The four answers.
    pub answers: Answers,
    /// How observers classify it.
    #[serde(default)]
    pub classifications: Vec<Classification>,
    /// Its obligations; none where it recognises no general obligation.
    #[serde(default)]
    pub obligations: Vec<Obligation>,
}

impl Profile {
    /// The name people read: a doctrine's name; a position's name with the
    /// year of its statement ("United States (2021)").
    pub fn label(&self) -> String {
        match self.kind {
            ProfileKind::Doctrine => self.name.clone(),
            _ => format!("{} ({})", self.name, self.year),
        }
    }

    /// The ids of every authority the profile cites (sources, answers and
    /// obligations), each once, in order of first citation.
    pub fn authorities(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        let mut add = |id: &str| {
            if !ids.iter().any(|x| x == id) {
                ids.push(id.to_string());
            }
        };
        self.sources.iter().for_each(|c| add(&c.authority));
        self.basis.cite.iter().for_each(|c| add(&c.authority));
        let a = &self.answers;
        a.legal_status.cite.iter().for_each(|c| add(&c.authority));
        a.scope_of_conduct
            .cite
            .iter()
            .for_each(|c| add(&c.authority));
        a.knowledge.cite.iter().for_each(|c| add(&c.authority));
        a.harm_threshold.cite.iter().for_each(|c| add(&c.authority));
        for ob in &self.obligations {
            ob.citations().for_each(|c| add(&c.authority));
        }
        self.classifications.iter().for_each(|c| add(&c.by));
        ids
    }
}
