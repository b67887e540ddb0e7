//! Citations in OSCOLA style (4th edition conventions), built from an
//! authority's structured fields, and the choice between that style and the
//! project's short form.
//!
//! A citation is a [`Styled`] text: a list of runs, each italic or not, which
//! reads as plain text, as Markdown, as HTML (`<i>`) or as Word runs. Only
//! the fields the knowledge base holds are used; a field it lacks is left
//! out, never guessed (no "n.d." for a missing date, no invented volume or
//! publisher). The citation ends without a full stop: a footnote adds it.

use crate::authority::{Authority, AuthorityKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How citations are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationStyle {
    /// OSCOLA (4th edition): italic case names and book titles, dates
    /// written out, bare page pinpoints.
    #[default]
    Oscola,
    /// The project's short form, as [`Authority::citation`] writes it.
    Short,
}

impl CitationStyle {
    /// Every style, the default first.
    pub const ALL: [CitationStyle; 2] = [CitationStyle::Oscola, CitationStyle::Short];

    /// Its name on the command line and in query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationStyle::Oscola => "oscola",
            CitationStyle::Short => "short",
        }
    }
}

impl fmt::Display for CitationStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CitationStyle {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CitationStyle::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown citation style '{s}' (expected one of: {})",
                    CitationStyle::ALL.map(CitationStyle::as_str).join(", ")
                )
            })
    }
}

/// A piece of a citation, in italics or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Its words.
    pub text: String,
    /// Whether it is set in italics.
    pub italic: bool,
}

/// A citation as runs of text, each italic or not; adjacent runs of the same
/// kind are merged and no run is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Styled {
    runs: Vec<Run>,
}

impl Styled {
    /// Plain text, with no italics (what every run is, unstyled).
    pub fn plain_text(text: impl Into<String>) -> Styled {
        let mut s = Styled::default();
        s.push(text, false);
        s
    }

    /// Appends words, in italics or not.
    pub fn push(&mut self, text: impl Into<String>, italic: bool) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some(last) if last.italic == italic => last.text.push_str(&text),
            _ => self.runs.push(Run { text, italic }),
        }
    }

    /// The runs, in order.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The words without styling.
    pub fn plain(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Markdown: italics as `*…*`, Markdown's emphasis characters escaped.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for r in &self.runs {
            let text = markdown_escape(&r.text);
            if r.italic {
                // Emphasis may not start or end with a space in Markdown.
                let inner = text.trim();
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                out.push_str(lead);
                if !inner.is_empty() {
                    out.push('*');
                    out.push_str(inner);
                    out.push('*');
                }
                out.push_str(trail);
            } else {
                out.push_str(&text);
            }
        }
        out
    }
}

impl fmt::Display for Styled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.runs {
            f.write_str(&r.text)?;
        }
        Ok(())
    }
}

fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An ISO date as OSCOLA writes it: `2024-03-20` → `20 March 2024`,
/// `2021-03` → `March 2021`, `2015` → `2015`; anything else as written.
pub use crate::words::date;

/// A pinpoint as OSCOLA writes it: page abbreviations dropped before page
/// numbers (`p. 30` → `30`, `Rule 6, p. 30` → `Rule 6, 30`), number ranges
/// with an en dash (`pp. 32-33` → `32–33`, `paras 7-11` → `paras 7–11`),
/// every other word kept.
pub fn pinpoint(p: &str) -> String {
    let tokens: Vec<&str> = p.split(' ').collect();
    let mut kept: Vec<&str> = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let page_word = matches!(*t, "p." | "pp.");
        let number_follows = tokens
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .is_some_and(|c| c.is_ascii_digit());
        if !(page_word && number_follows) {
            kept.push(t);
        }
    }
    let joined = kept.join(" ");
    let chars: Vec<char> = joined.chars().collect();
    let mut out = String::with_capacity(joined.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c == '-' && between_digits {
            out.push('–');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a scholarship's `published_in` is a journal citation in the form
/// `(year) volume journal page`: it opens with a bracketed year.
fn is_journal_citation(p: &str) -> bool {
    p.starts_with('(')
}

/// Words by which a publisher's name is told from a journal's.
const PUBLISHER_WORDS: [&str; 5] = ["Press", "Publishing", "Publishers", "Verlag", "Books"];

/// Whether a scholarship's `published_in` names a publisher (a book):
/// one of its words is a publisher's word ("Cambridge University Press").
fn is_publisher(p: &str) -> bool {
    p.split(|c: char| !c.is_alphanumeric())
        .any(|w| PUBLISHER_WORDS.contains(&w))
}

impl Authority {
    /// The citation in a style, as plain text, with an optional pinpoint.
    pub fn citation_in(&self, style: CitationStyle, pinpoint: Option<&str>) -> String {
        match style {
            CitationStyle::Oscola => self.oscola(pinpoint).plain(),
            CitationStyle::Short => self.citation(pinpoint),
        }
    }

    /// The citation in a style, as styled runs (the short form has no
    /// italics), with an optional pinpoint.
    pub fn citation_styled(&self, style: CitationStyle, pinpoint: Option<&str>) -> Styled {
        match style {
            CitationStyle::Oscola => self.oscola(pinpoint),
            CitationStyle::Short => Styled::plain_text(self.citation(pinpoint)),
        }
    }

    /// Its date as OSCOLA writes it (`20 March 2024`, `March 2021`,
    /// `2015`); `None` when neither a date nor a year is known.
    pub fn oscola_date(&self) -> Option<String> {
        self.date
            .as_deref()
            .map(date)
            .or_else(|| self.year.map(|y| y.to_string()))
    }

    /// The year of publication: the year, else the one its date opens with.
    fn oscola_year(&self) -> Option<String> {
        self.year.map(|y| y.to_string()).or_else(|| {
            self.date
                .as_deref()
                .and_then(|d| d.get(..4))
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string)
        })
    }

    /// The OSCOLA citation, with an optional pinpoint, as styled runs.
    pub fn oscola(&self, pin: Option<&str>) -> Styled {
        let pin = pin.filter(|p| !p.trim().is_empty()).map(pinpoint);
        let mut s = Styled::default();
        if let Some(by) = &self.cited_in {
            let title = self.cited_in_title.as_deref().unwrap_or(&by.authority);
            s.push(
                format!(
                    "{}, cited by '{title}'{}; not further identified there",
                    self.author.as_deref().unwrap_or("A work"),
                    by.pinpoint
                        .as_deref()
                        .map(|p| format!(", {}", pinpoint(p)))
                        .unwrap_or_default()
                ),
                false,
            );
            if let Some(p) = pin {
                s.push(format!(" (at {p})"), false);
            }
            return s;
        }
        let when = self.oscola_date();
        let title = |s: &mut Styled, italic: bool| {
            if self.descriptive_title {
                s.push(self.title.as_str(), false);
            } else if italic {
                s.push(self.title.as_str(), true);
            } else {
                s.push(format!("'{}'", self.title), false);
            }
        };
        let head = |s: &mut Styled, who: Option<&str>| {
            if let Some(w) = who {
                s.push(format!("{w}, "), false);
            }
        };
        let mut pin_after_bracket = false;
        match self.kind {
            AuthorityKind::Case | AuthorityKind::Arbitration => {
                title(&mut s, true);
                match &self.published_in {
                    Some(report) => s.push(format!(" {report}"), false),
                    None => {
                        let said: Vec<&str> = self
                            .body
                            .as_deref()
                            .into_iter()
                            .chain(when.as_deref())
                            .collect();
                        if !said.is_empty() {
                            s.push(format!(" ({})", said.join(", ")), false);
                        }
                    }
                }
            }
            AuthorityKind::Scholarship => {
                head(&mut s, self.author.as_deref().or(self.body.as_deref()));
                match self.published_in.as_deref() {
                    Some(p) if is_journal_citation(p) => {
                        title(&mut s, false);
                        s.push(format!(" {p}"), false);
                    }
                    Some(p) => {
                        let book = is_publisher(p);
                        title(&mut s, book);
                        match self.oscola_year() {
                            Some(y) => s.push(format!(" ({p} {y})"), false),
                            None => s.push(format!(" ({p})"), false),
                        }
                        pin_after_bracket = book;
                    }
                    None => {
                        title(&mut s, false);
                        if let Some(w) = &when {
                            s.push(format!(" ({w})"), false);
                        }
                    }
                }
            }
            AuthorityKind::Instrument | AuthorityKind::Report | AuthorityKind::Position => {
                head(&mut s, self.author.as_deref().or(self.body.as_deref()));
                title(&mut s, false);
                if let Some(w) = &when {
                    s.push(format!(" ({w})"), false);
                }
                if let Some(p) = &self.published_in {
                    s.push(format!(" {p}"), false);
                }
            }
        }
        if let Some(p) = pin {
            s.push(if pin_after_bracket { " " } else { ", " }, false);
            s.push(p, false);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out() {
        assert_eq!(date("2024-03-20"), "20 March 2024");
        assert_eq!(date("2019-07-05"), "5 July 2019");
        assert_eq!(date("2021-03"), "March 2021");
        assert_eq!(date("2015"), "2015");
        assert_eq!(date("2021-13"), "2021-13");
        assert_eq!(date("spring 2020"), "spring 2020");
    }

    #[test]
    fn pinpoints_drop_page_words_and_take_en_dashes() {
        for (given, want) in [
            ("p. 30", "30"),
            ("pp. 32-33", "32–33"),
            ("paras 7-11", "paras 7–11"),
            ("para 22", "para 22"),
            ("Rule 6, p. 30", "Rule 6, 30"),
            ("pp. 32, 43, Rule 6", "32, 43, Rule 6"),
            ("pp. 774, 783-804", "774, 783–804"),
            ("Art. 3, commentary 7", "Art. 3, commentary 7"),
            ("at 2:15", "at 2:15"),
            (
                "appendix, due diligence section",
                "appendix, due diligence section",
            ),
        ] {
            assert_eq!(pinpoint(given), want, "{given}");
        }
    }

    #[test]
    fn styles_parse_from_their_names() {
        for s in CitationStyle::ALL {
            assert_eq!(s.as_str().parse::<CitationStyle>(), Ok(s));
        }
        assert!("chicago".parse::<CitationStyle>().is_err());
        assert_eq!(CitationStyle::default(), CitationStyle::Oscola);
    }

    #[test]
    fn markdown_keeps_spaces_outside_emphasis_and_escapes_stars() {
        let mut s = Styled::default();
        s.push("A, ", false);
        s.push("Title * 2 ", true);
        s.push("(Press 2017)", false);
        assert_eq!(s.markdown(), "A, *Title \\* 2* (Press 2017)");
        assert_eq!(s.plain(), "A, Title * 2 (Press 2017)");
        assert_eq!(s.runs().len(), 3);
    }
}
