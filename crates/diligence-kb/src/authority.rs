//! Authorities: cases, instruments, reports, scholarship and positions, with
//! structured citation fields, an OSCOLA-style rendered citation, short
//! quotations from the source texts, and full-text search.

use diligence_core::Citation;
use serde::{Deserialize, Serialize};

/// What an authority is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AuthorityKind {
    /// A judgment of a court.
    Case,
    /// An arbitral award.
    Arbitration,
    /// A treaty or draft articles.
    Instrument,
    /// A report of a UN body or an institution.
    Report,
    /// A manual, article, book or blog post.
    Scholarship,
    /// A State's or organisation's statement of its position.
    Position,
}

impl AuthorityKind {
    /// Every kind, in the order of the knowledge base's listing.
    pub const ALL: [AuthorityKind; 6] = [
        AuthorityKind::Case,
        AuthorityKind::Arbitration,
        AuthorityKind::Instrument,
        AuthorityKind::Report,
        AuthorityKind::Scholarship,
        AuthorityKind::Position,
    ];

    /// What the kind is, in words.
    pub fn words(self) -> &'static str {
        match self {
            AuthorityKind::Case => "judgment of a court",
            AuthorityKind::Arbitration => "arbitral award",
            AuthorityKind::Instrument => "treaty or draft articles",
            AuthorityKind::Report => "report",
            AuthorityKind::Scholarship => "scholarship",
            AuthorityKind::Position => "statement of position",
        }
    }
}

/// One of the two source texts quotations may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SourceText")]
pub enum Seed {
    /// The 2024 article 'A general obligation of due diligence in international law?' (`general-obligation-2024`).
    #[serde(rename = "seed-000")]
    Seed000,
    /// UNIDIR's 2026 announcement of a side event on due diligence in cyberspace (`unidir-2026`).
    #[serde(rename = "seed-001")]
    Seed001,
}

impl Seed {
    /// The knowledge-base id of the source text.
    pub fn authority(self) -> &'static str {
        match self {
            Seed::Seed000 => "general-obligation-2024",
            Seed::Seed001 => "unidir-2026",
        }
    }
}

/// Where the project's information on an authority comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KnownFrom {
    /// The 2024 article 'A general obligation of due diligence in international law?' (`general-obligation-2024`).
    #[serde(rename = "seed-000")]
    Seed000,
    /// UNIDIR's 2026 announcement of a side event on due diligence in cyberspace (`unidir-2026`).
    #[serde(rename = "seed-001")]
    Seed001,
    /// The editors' model of the law of due diligence.
    Primer,
    /// The editors' record of State positions.
    PositionsNotes,
}

impl KnownFrom {
    /// The knowledge-base id of the document, where the information comes
    /// from one of the two source texts.
    pub fn authority(self) -> Option<&'static str> {
        match self {
            KnownFrom::Seed000 => Some(Seed::Seed000.authority()),
            KnownFrom::Seed001 => Some(Seed::Seed001.authority()),
            KnownFrom::Primer | KnownFrom::PositionsNotes => None,
        }
    }

    /// The editors' own documents in words; `None` for a source text, which
    /// is named by its title (`KnowledgeBase::known_from_words`).
    pub fn editors_words(self) -> Option<&'static str> {
        match self {
            KnownFrom::Primer => Some("the project's legal model (editors)"),
            KnownFrom::PositionsNotes => Some("the editors' notes on State positions"),
            KnownFrom::Seed000 | KnownFrom::Seed001 => None,
        }
    }
}

/// A short quotation from a source text, attributed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The words, verbatim.
    pub text: String,
    /// Where in the quoted authority, as the source text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<String>,
    /// The source text the words are taken from.
    pub seed: Seed,
    /// The paragraph of the source text.
    pub seed_para: u16,
}

/// An authority of the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Id cited by profiles and traces.
    pub id: String,
    /// What it is.
    pub kind: AuthorityKind,
    /// Its title, or the editors' description of it.
    pub title: String,
    /// Whether `title` is a description, not the document's title.
    #[serde(default)]
    pub descriptive_title: bool,
    /// Authors, for scholarship.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// ISO 3166-1 alpha-3 code, for a State's position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Court, tribunal, organ or institution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Year, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Exact date, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Law report, journal or publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_in: Option<String>,
    /// Whether `published_in` is a standard law-report citation the editors
    /// added: true when no source text of the knowledge base gives it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub published_in_added_by_editors: bool,
    /// For a work known only because another document cites it without
    /// identifying it further: the citing document and where it cites it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_in: Option<Citation>,
    /// The title of the `cited_in` document, resolved when the knowledge
    /// base is loaded.
    #[serde(skip)]
    pub cited_in_title: Option<String>,
    /// What it contributes, in the editors' words.
    pub summary: String,
    /// Where the information comes from.
    pub known_from: Vec<KnownFrom>,
    /// What is not known of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// Short quotations.
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

impl Authority {
    /// The short form of its citation, with an optional pinpoint (the
    /// OSCOLA citation is [`Authority::oscola`], in `oscola.rs`).
    pub fn citation(&self, pinpoint: Option<&str>) -> String {
        if let Some(by) = &self.cited_in {
            let title = self.cited_in_title.as_deref().unwrap_or(&by.authority);
            let mut out = format!(
                "{}, cited by '{title}'{}; not further identified there",
                self.author.as_deref().unwrap_or("A work"),
                by.pinpoint
                    .as_deref()
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default()
            );
            if let Some(p) = pinpoint.filter(|p| !p.is_empty()) {
                out.push_str(&format!(" (at {p})"));
            }
            return out;
        }
        let title = if self.descriptive_title {
            self.title.clone()
        } else {
            match self.kind {
                AuthorityKind::Case | AuthorityKind::Arbitration => self.title.clone(),
                _ => format!("'{}'", self.title),
            }
        };
        let who = self.author.as_deref().or(self.body.as_deref());
        let year = self
            .year
            .map_or_else(|| "n.d.".to_string(), |y| y.to_string());
        let when = self.date.clone().unwrap_or_else(|| year.clone());
        let mut out = match self.kind {
            AuthorityKind::Case | AuthorityKind::Arbitration => match &self.published_in {
                Some(report) => format!("{title} {report}"),
                None => format!(
                    "{title} ({}, {year})",
                    self.body.as_deref().unwrap_or("award")
                ),
            },
            AuthorityKind::Scholarship => {
                let head = who.map_or(title.clone(), |w| format!("{w}, {title}"));
                match &self.published_in {
                    Some(p) if p.starts_with('(') => format!("{head} {p}"),
                    Some(p) => format!("{head} ({p} {year})"),
                    None => format!("{head} ({when})"),
                }
            }
            AuthorityKind::Instrument | AuthorityKind::Report | AuthorityKind::Position => {
                let head = who.map_or(title.clone(), |w| format!("{w}, {title}"));
                match &self.published_in {
                    Some(p) => format!("{head} ({when}) {p}"),
                    None => format!("{head} ({when})"),
                }
            }
        };
        if let Some(p) = pinpoint.filter(|p| !p.is_empty()) {
            out.push_str(", ");
            out.push_str(p);
        }
        out
    }

    /// Its date as precisely as the sources give it (`2023-07-21`,
    /// `2021-03`), else its year.
    pub fn when(&self) -> Option<String> {
        self.date
            .clone()
            .or_else(|| self.year.map(|y| y.to_string()))
    }

    /// How prose names it: the title in quotes with the year
    /// (`'A general obligation of due diligence in international law?'
    /// (2024)`); a description the editors wrote, with the body and year
    /// (`Announcement of a side event ... (UNIDIR, 2026)`).
    pub fn name_in_prose(&self) -> String {
        let year = self.year.map(|y| y.to_string());
        if self.descriptive_title {
            let said: Vec<String> = self.body.iter().cloned().chain(year).collect();
            if said.is_empty() {
                self.title.clone()
            } else {
                format!("{} ({})", self.title, said.join(", "))
            }
        } else {
            match year {
                Some(y) => format!("'{}' ({y})", self.title),
                None => format!("'{}'", self.title),
            }
        }
    }

    /// Where the document can be found, as far as a source gives it: the
    /// law report, journal or publisher (saying so where the editors added a
    /// standard law-report citation), or the document that cites a work
    /// known only from that citation.
    pub fn where_found(&self) -> Option<String> {
        let published = self.published_in.as_deref().map(|p| {
            if self.published_in_added_by_editors {
                format!(
                    "{p} (standard law-report citation added by the editors; not given in the sources)"
                )
            } else {
                p.to_string()
            }
        });
        let cited = self.cited_in.as_ref().map(|by| {
            let title = self.cited_in_title.as_deref().unwrap_or(&by.authority);
            let at = by
                .pinpoint
                .as_deref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default();
            format!("cited by '{title}'{at}; not further identified there")
        });
        match (published, cited) {
            (Some(p), Some(c)) => Some(format!("{p}; {c}")),
            (p, c) => p.or(c),
        }
    }

    /// Whether every word matches somewhere in the authority (id, title,
    /// author, body, summary, quotations), ignoring case.
    pub fn matches(&self, words: &[String]) -> bool {
        let mut hay = format!(
            "{} {} {} {} {} {} {}",
            self.id,
            self.title,
            self.author.as_deref().unwrap_or(""),
            self.body.as_deref().unwrap_or(""),
            self.state.as_deref().unwrap_or(""),
            self.summary,
            self.year.map(|y| y.to_string()).unwrap_or_default()
        );
        for q in &self.quotes {
            hay.push(' ');
            hay.push_str(&q.text);
        }
        let hay = hay.to_lowercase();
        words.iter().all(|w| hay.contains(&w.to_lowercase()))
    }
}
