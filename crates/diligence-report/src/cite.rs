//! Citations rendered from the knowledge base, in OSCOLA style unless the
//! short form is asked for.

use diligence_core::citation::Citation;
use diligence_kb::{CitationStyle, KnowledgeBase, Styled};

/// A citation rendered from the knowledge base in OSCOLA style, with its
/// pinpoint; an authority the knowledge base does not hold is shown by its
/// id.
pub fn render_citation(kb: &KnowledgeBase, c: &Citation) -> String {
    render_citation_in(kb, c, CitationStyle::Oscola)
}

/// A citation rendered from the knowledge base in a style, as plain text.
pub fn render_citation_in(kb: &KnowledgeBase, c: &Citation, style: CitationStyle) -> String {
    render_citation_styled(kb, c, style).plain()
}

/// A citation rendered from the knowledge base in a style, as runs of
/// text in italics or not (for pages, the memo and Word documents).
pub fn render_citation_styled(kb: &KnowledgeBase, c: &Citation, style: CitationStyle) -> Styled {
    match kb.authority(&c.authority) {
        Some(a) => a.citation_styled(style, c.pinpoint.as_deref()),
        None => Styled::plain_text(
            format!("{} {}", c.authority, c.pinpoint.as_deref().unwrap_or(""))
                .trim_end()
                .to_string(),
        ),
    }
}

/// For a State's or organisation's cell of the beyond-cyber catalogue, what
/// its reach rests on: the statement addresses cyberspace, so an obligation
/// reaching this activity is a commentator's imputation, not the State's
/// words. `None` for a doctrine.
pub fn reach_note(
    kb: &KnowledgeBase,
    cell: &diligence_analysis::implications::Cell,
) -> Option<String> {
    reach_note_in(kb, cell, CitationStyle::Oscola)
}

/// [`reach_note`] with the commentator's citation in a style.
pub fn reach_note_in(
    kb: &KnowledgeBase,
    cell: &diligence_analysis::implications::Cell,
    style: CitationStyle,
) -> Option<String> {
    if !cell.position {
        return None;
    }
    Some(match cell.imputed_by() {
        Some(c) => format!(
            "The statement addresses cyberspace; that it reaches this activity is the imputation of \
             {}, not the statement's own words.",
            render_citation_in(kb, c, style)
        ),
        None if cell.binding_obligation => "The statement addresses cyberspace; its reach to this \
            activity rests on the editors' inference, not the statement's own words."
            .to_string(),
        None => "The statement addresses cyberspace and is not read as reaching this activity."
            .to_string(),
    })
}
