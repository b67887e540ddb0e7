//! Citations rendered from the knowledge base in OSCOLA style.

use diligence_core::citation::Citation;
use diligence_kb::KnowledgeBase;

/// A citation rendered from the knowledge base, with its pinpoint; an
/// authority the knowledge base does not hold is shown by its id.
pub fn render_citation(kb: &KnowledgeBase, c: &Citation) -> String {
    match kb.authority(&c.authority) {
        Some(a) => a.citation(c.pinpoint.as_deref()),
        None => format!("{} {}", c.authority, c.pinpoint.as_deref().unwrap_or(""))
            .trim_end()
            .to_string(),
    }
}
