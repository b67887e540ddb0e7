//! The JSON of the public contract, pretty-printed as every command prints
//! it: the assessment (spec section 4, from its typed view), the divergence
//! over the fact space, and the beyond-cyber implications.

use crate::assessment::AssessmentView;
use diligence_analysis::implications::{implications as implications_rows, Entry, Row};
use diligence_analysis::{Dendrogram, Divergence};
use diligence_core::outcome::Assessments;
use diligence_core::Profile;
use diligence_kb::{KnowledgeBase, Scenario};
use serde::Serialize;
use serde_json::{json, Value};

/// Pretty JSON with a final newline, as every command prints it.
pub fn pretty(v: &Value) -> String {
    to_pretty(v)
}

/// Any serialisable value as pretty JSON (two-space indent, `": "` after
/// keys) with a final newline: the same text as `serde_json`'s pretty
/// printer, written with one call per line break instead of one per indent
/// level.
pub fn to_pretty<T: Serialize + ?Sized>(v: &T) -> String {
    let mut out = Vec::with_capacity(8192);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Indent::default());
    if v.serialize(&mut ser).is_err() {
        return "null\n".to_string();
    }
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// A line break followed by enough spaces for 63 levels of indentation.
const BREAK: &[u8; 127] = b"\n                                                                                                                              ";

/// The pretty formatter of [`to_pretty`].
#[derive(Default)]
struct Indent {
    depth: usize,
    has_value: bool,
}

impl Indent {
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        let n = 1 + 2 * self.depth;
        if n <= BREAK.len() {
            w.write_all(&BREAK[..n])
        } else {
            w.write_all(b"\n")?;
            (0..self.depth).try_for_each(|_| w.write_all(b"  "))
        }
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.line(w)
    }
}

impl serde_json::ser::Formatter for Indent {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The spec's JSON (section 4), pretty, with a final newline: what
/// `diligence assess --format json` prints and `POST /api/v1/assess`
/// answers, written from its typed view ([`AssessmentView`]): the
/// scenario, then the results; an uncertain scenario adds its questions
/// (section 4.3) after the results.
pub fn assessment(scenario: &Scenario, report: &Assessments) -> String {
    to_pretty(&AssessmentView::of(scenario, report))
}

/// The divergence of the profiles over the fact space, with the clusters.
pub fn divergence(d: &Divergence, tree: &Dendrogram) -> Value {
    json!({
        "situations": d.situations,
        "profiles": d.profiles,
        "distribution": d.distribution,
        "disagreements": d.disagreements,
        "breach_disagreements": d.breach_disagreements,
        "breach_only": d.breach_only,
        "classes": d.classes,
        "clusters": tree.merges,
        "cluster_order": tree.leaf_order().iter().map(|&i| &d.profiles[i]).collect::<Vec<_>>(),
    })
}

/// The catalogue entries of the knowledge base (the scenarios that carry a
/// `catalogue` label), in the knowledge base's order.
pub fn catalogue(kb: &KnowledgeBase) -> Vec<Entry<'_>> {
    kb.scenarios
        .iter()
        .filter_map(|s| {
            // `diligence check` requires every catalogue entry to be definite.
            let facts = s.scenario.facts.as_definite()?;
            s.scenario.catalogue.as_deref().map(|label| Entry {
                label,
                scenario: &s.name,
                facts,
            })
        })
        .collect()
}

/// Every catalogue entry assessed against every profile given.
pub fn implication_rows(kb: &KnowledgeBase, profiles: &[&Profile]) -> Vec<Row> {
    implications_rows(&catalogue(kb), profiles)
}

/// The implications table as JSON.
/// Each State's or organisation's cell says what its reach rests on
/// (`reach`): the statement addresses cyberspace, so a reach beyond it is an
/// imputation or an inference, never the State's words.
pub fn implications(kb: &KnowledgeBase, profiles: &[&Profile], rows: &[Row]) -> Value {
    let mut catalogue = json!(rows);
    for (row, r) in catalogue.as_array_mut().into_iter().flatten().zip(rows) {
        for (cell, c) in row["cells"]
            .as_array_mut()
            .into_iter()
            .flatten()
            .zip(&r.cells)
        {
            if let Some(note) = crate::cite::reach_note(kb, c) {
                cell["reach"] = json!(note);
            }
        }
    }
    json!({ "profiles": profiles.iter().map(|p| &p.id).collect::<Vec<_>>(), "catalogue": catalogue })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pretty_printer_writes_what_serde_json_writes() {
        let deep = (0..80).fold(json!("leaf"), |v, k| json!({ "k": [v, k, {}, []] }));
        for v in [
            json!(null),
            json!([]),
            json!({}),
            json!({ "a": [1, 2, { "b": [], "c": {} }], "d": "x\"y", "e": [[[]]] }),
            deep,
        ] {
            let mut expected = serde_json::to_string_pretty(&v).expect("serialises");
            expected.push('\n');
            assert_eq!(to_pretty(&v), expected);
        }
    }
}

#[cfg(test)]
mod key_order {
    //! The profiles and authorities are written with their keys in
    //! alphabetical order at every level, as a JSON object of `serde_json`
    //! (a sorted map) writes them: the order the command line has always
    //! printed.

    use super::*;
    use crate::authorities::{AuthorityView, Cited};
    use crate::profiles::CitedProfileView;

    /// The text, re-read as a sorted map and written again.
    fn sorted(text: &str) -> String {
        let v: Value = serde_json::from_str(text).expect("JSON");
        to_pretty(&v)
    }

    #[test]
    fn profiles_and_authorities_write_their_keys_in_order() {
        let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
        let mut texts = vec![to_pretty(&crate::profiles::all(kb))];
        texts.extend(
            kb.profiles
                .iter()
                .map(|p| to_pretty(&CitedProfileView::of(kb, p))),
        );
        texts.push(to_pretty(
            &kb.authorities
                .iter()
                .map(AuthorityView::of)
                .collect::<Vec<_>>(),
        ));
        texts.extend(
            kb.authorities
                .iter()
                .map(|a| to_pretty(&Cited::of(kb, a).view())),
        );
        for text in &texts {
            assert_eq!(*text, sorted(text));
        }
        assert!(texts.len() > kb.profiles.len() + kb.authorities.len());
    }
}
