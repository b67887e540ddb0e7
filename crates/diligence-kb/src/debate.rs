//! The scholarly debate over a general obligation of due diligence, as data:
//! arguments (claim, camp, values promoted, authorities, attacks, supports)
//! and audiences (orders on values), loaded from `data/debate/`.

use diligence_core::citation::Citation;
use serde::{Deserialize, Serialize};

/// A value an argument promotes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Value {
    /// Clear, predictable law.
    LegalCertainty,
    /// Protection of the States harmed from abroad.
    ProtectionOfVictimStates,
    /// Sovereignty of the territorial State.
    Sovereignty,
    /// Law made by the consent of States (practice and opinio juris, treaties).
    ConsentBasedLawMaking,
    /// Avoiding escalation and conflict.
    ConflictAvoidance,
}

impl Value {
    /// Every value.
    pub const ALL: [Value; 5] = [
        Value::LegalCertainty,
        Value::ProtectionOfVictimStates,
        Value::Sovereignty,
        Value::ConsentBasedLawMaking,
        Value::ConflictAvoidance,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Value::LegalCertainty => "legal-certainty",
            Value::ProtectionOfVictimStates => "protection-of-victim-states",
            Value::Sovereignty => "sovereignty",
            Value::ConsentBasedLawMaking => "consent-based-law-making",
            Value::ConflictAvoidance => "conflict-avoidance",
        }
    }
}

/// The camp an argument belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Camp {
    /// A general obligation of due diligence exists.
    General,
    /// Only specific primary rules bind.
    Specific,
    /// Neither camp (the GGE consensus, crystallisation, the ILC).
    Middle,
}

/// One argument of the debate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    /// Kebab-case id.
    pub id: String,
    /// A short name for the argument, written from its claim (at most
    /// [`TITLE_MAX`] characters), shown on the graph and in lists.
    pub title: String,
    /// The claim, in the editors' words.
    pub claim: String,
    /// Its camp.
    pub camp: Camp,
    /// The values it promotes, the main one first.
    pub values: Vec<Value>,
    /// The authorities behind it.
    pub authorities: Vec<Citation>,
    /// The arguments it attacks.
    #[serde(default)]
    pub attacks: Vec<String>,
    /// The arguments it supports.
    #[serde(default)]
    pub supports: Vec<String>,
    /// Where the argument is the editors' reconstruction rather than a
    /// claim a source makes in terms: what the editors read into it, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editorial: Option<String>,
}

impl Argument {
    /// The value the argument mainly promotes.
    pub fn main_value(&self) -> Option<Value> {
        self.values.first().copied()
    }
}

/// The longest an argument's title may be, in characters.
pub const TITLE_MAX: usize = 40;

/// An audience: a total order on values, most preferred first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// Kebab-case id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who holds this view and why the order, in the editors' words.
    pub description: String,
    /// Every value, most preferred first.
    pub values: Vec<Value>,
    /// Where the audience's view is stated.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// The whole debate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Debate {
    /// The arguments, in file order.
    pub arguments: Vec<Argument>,
    /// The audiences, by id.
    pub audiences: Vec<Audience>,
}

impl Debate {
    /// The argument with this id.
    pub fn argument(&self, id: &str) -> Option<&Argument> {
        self.arguments.iter().find(|a| a.id == id)
    }

    /// The audience with this id.
    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }

    /// The attacks as index pairs `(attacker, target)` over `arguments`,
    /// skipping any id that names no argument.
    pub fn attack_pairs(&self) -> Vec<(usize, usize)> {
        let index = |id: &str| self.arguments.iter().position(|a| a.id == id);
        let mut pairs = Vec::new();
        for (i, a) in self.arguments.iter().enumerate() {
            for t in &a.attacks {
                if let Some(j) = index(t) {
                    pairs.push((i, j));
                }
            }
        }
        pairs
    }
}

/// A file of `[[arguments]]` (`data/debate/arguments.toml`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArgumentFile {
    /// The arguments of the debate.
    pub arguments: Vec<Argument>,
}
