//! The memo as a Word document (.docx): the same content as the printable
//! report, in the same order (title, date and permalink, the States and the
//! narrative, the facts in words, the summary by outcome and condition, the
//! caveats, the open questions, the traces of the readings picked with
//! their citations), built in memory with `docx-rs`. A4 pages, each trace
//! on a new page.

use crate::memo::Memo;
use diligence_kb::words;
use docx_rs::{Docx, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType};

/// The content type of a Word document.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Twentieths of a point in a millimetre, rounded.
fn mm(v: u32) -> u32 {
    v * 1440 * 10 / 254
}

fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{level}"))
        .keep_next(true)
        .add_run(Run::new().add_text(text))
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// A paragraph of muted, smaller text.
fn small(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).size(18).color("555555"))
}

/// A bulleted item at `level` (0 or 1), with an optional bold lead.
fn item(level: i32, lead: Option<&str>, text: &str) -> Paragraph {
    let indent = 360 * (level + 1);
    let mut p = Paragraph::new()
        .indent(
            Some(indent),
            Some(SpecialIndentType::Hanging(240)),
            None,
            None,
        )
        .add_run(Run::new().add_text(if level == 0 { "•\t" } else { "–\t" }));
    if let Some(lead) = lead {
        p = p.add_run(Run::new().add_text(lead).bold());
    }
    p.add_run(Run::new().add_text(text))
}

/// A citation as a bulleted item under a step: its OSCOLA runs, case names
/// and book titles in italics.
fn cited(c: &diligence_kb::Styled) -> Paragraph {
    let mut p = item(1, None, "");
    for r in c.runs() {
        let run = Run::new().add_text(&r.text);
        p = p.add_run(if r.italic { run.italic() } else { run });
    }
    p
}

fn styles(doc: Docx) -> Docx {
    doc.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .size(36)
            .bold(),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("Heading 1")
            .size(28)
            .bold(),
    )
    .add_style(
        Style::new("Heading2", StyleType::Paragraph)
            .name("Heading 2")
            .size(24)
            .bold(),
    )
}

/// The memo as the bytes of a .docx file; `permalink` is the report's
/// address.
pub fn memo_docx(memo: &Memo, permalink: &str) -> Result<Vec<u8>, String> {
    let mut doc = styles(Docx::new())
        .page_size(mm(210), mm(297))
        .page_margin(
            PageMargin::new()
                .top(mm(20) as i32)
                .bottom(mm(20) as i32)
                .left(mm(20) as i32)
                .right(mm(20) as i32),
        )
        .default_size(22)
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"));
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(&memo.title)),
        )
        .add_paragraph(small(&format!(
            "Assessed on {} by diligence {} against {} readings of due diligence.",
            memo.date,
            env!("CARGO_PKG_VERSION"),
            memo.readings
        )))
        .add_paragraph(small(&format!("Permalink: {permalink}")));

    doc = doc.add_paragraph(heading(1, "Facts"));
    for (role, name) in &memo.parties {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("{role}: ")).bold())
                .add_run(Run::new().add_text(name)),
        );
    }
    if let Some(n) = &memo.narrative {
        for line in n.lines().filter(|l| !l.trim().is_empty()) {
            doc = doc.add_paragraph(para(line));
        }
    }
    if memo.uncertain {
        doc = doc.add_paragraph(small(
            "Where a fact is not known, the memo gives the values it may have; the summary says under which condition each reading finds what.",
        ));
    }
    for (_, sentence) in &memo.facts {
        doc = doc.add_paragraph(item(0, None, sentence));
    }

    doc = doc.add_paragraph(heading(1, "Summary"));
    for g in &memo.summary {
        let lead = format!("{} ({})", words::capitalised(&g.heading), g.readings);
        match g.by_condition.as_slice() {
            [(None, names)] => {
                doc = doc.add_paragraph(item(
                    0,
                    Some(&format!("{lead}: ")),
                    &crate::memo::names(names),
                ));
            }
            conditions => {
                doc = doc.add_paragraph(item(0, Some(&lead), ""));
                for (when, names) in conditions {
                    let when = when.as_deref().unwrap_or("in every case");
                    doc = doc.add_paragraph(item(
                        1,
                        Some(&format!("{when}: ")),
                        &crate::memo::names(names),
                    ));
                }
            }
        }
    }

    doc = doc.add_paragraph(heading(2, "Caveats"));
    for c in &memo.caveats {
        doc = doc.add_paragraph(item(0, None, c));
    }

    if !memo.questions.is_empty() {
        doc = doc.add_paragraph(heading(2, "Open questions"));
        for q in &memo.questions {
            doc = doc.add_paragraph(item(0, None, q));
        }
    }

    for t in &memo.traces {
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .page_break_before(true)
                .keep_next(true)
                .add_run(Run::new().add_text(format!("Trace: {}", t.label))),
        );
        doc = doc.add_paragraph(para(&t.result));
        if t.rests_on.is_empty() {
            doc = doc.add_paragraph(small("Rests on what the sources state."));
        } else {
            doc = doc.add_paragraph(small("Rests on inference, not the text's own words:"));
            for r in &t.rests_on {
                doc = doc.add_paragraph(item(0, None, r));
            }
        }
        for (obligation, steps) in &t.obligations {
            doc = doc.add_paragraph(heading(2, obligation));
            for s in steps {
                doc = doc.add_paragraph(item(
                    0,
                    Some(&format!("{} — {}: ", s.element, s.mark)),
                    &s.reason,
                ));
                for i in &s.inferred {
                    doc = doc.add_paragraph(item(1, Some("Rests on inference: "), i));
                }
                for c in &s.citations {
                    doc = doc.add_paragraph(cited(c));
                }
            }
        }
    }

    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("the Word document could not be written: {e}"))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::StateNames;
    use diligence_core::outcome::assess_all;
    use diligence_kb::KnowledgeBase;
    use std::io::Read;

    fn kb() -> &'static KnowledgeBase {
        KnowledgeBase::embedded().expect("the shipped data is valid")
    }

    fn scenario(name: &str) -> diligence_kb::Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/scenarios")
            .join(format!("{name}.toml"));
        let bytes = std::fs::read(&path).expect("the example scenario is readable");
        diligence_kb::parse_scenario(&path.display().to_string(), &bytes)
            .expect("the example scenario is valid")
    }

    /// The word/document.xml of a .docx.
    fn document_xml(bytes: &[u8]) -> String {
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip archive");
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .expect("the archive holds word/document.xml")
            .read_to_string(&mut xml)
            .expect("document.xml is UTF-8");
        xml
    }

    /// The text of a .docx: the `w:t` runs of word/document.xml, each
    /// paragraph on its own line, entities decoded.
    fn document_text(bytes: &[u8]) -> String {
        let xml = document_xml(bytes);
        let mut out = String::new();
        for para in xml.split("</w:p>") {
            for run in para.split("<w:t").skip(1) {
                let Some(start) = run.find('>') else { continue };
                let text = &run[start + 1..];
                let end = text.find("</w:t>").unwrap_or(0);
                out.push_str(&text[..end]);
            }
            out.push('\n');
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn the_ransomware_memo_as_a_word_document() {
        let kb = kb();
        let sc = scenario("ransomware-hospitals-notified");
        let names = StateNames {
            territorial: Some("Ruritania".into()),
            affected: Some("Freedonia & Co".into()),
        };
        let picked = "tallinn-manual-2".to_string();
        let memo = crate::memo::memo(
            kb,
            &sc,
            &names,
            std::slice::from_ref(&picked),
            diligence_kb::CitationStyle::Oscola,
        );
        let bytes = memo_docx(&memo, "http://example.test/assess/report?x=1").expect("builds");
        let text = document_text(&bytes);

        assert!(text.contains(&sc.title), "the title");
        assert!(text.contains("Territorial State: Ruritania"), "{text}");
        assert!(text.contains("Affected State: Freedonia & Co"), "{text}");
        assert!(
            text.contains("territorial State (Ruritania)"),
            "the facts use the names: {text}"
        );
        assert!(text.contains("Permalink: http://example.test/assess/report?x=1"));
        // The narrative, paragraph by paragraph.
        let first_line = sc
            .notes
            .as_deref()
            .and_then(|n| n.lines().next())
            .expect("notes");
        assert!(text.contains(first_line.trim()), "the narrative");

        // Every outcome of the engine's results is a heading with its count,
        // and every reading is named.
        let all: Vec<_> = kb.profiles.iter().collect();
        let report = assess_all(&all, &sc.facts, false);
        let words: Vec<String> = report
            .results
            .iter()
            .map(|r| {
                let status = r.status.status().expect("a definite scenario");
                if r.countermeasures {
                    format!("{}, opening countermeasures on conditions", status.label())
                } else {
                    status.label().to_string()
                }
            })
            .collect();
        let mut outcomes: Vec<&String> = words.iter().collect();
        outcomes.sort();
        outcomes.dedup();
        assert!(outcomes.len() > 1);
        for o in outcomes {
            let n = words.iter().filter(|w| *w == o).count();
            let heading = format!("{}{} ({n})", o[..1].to_uppercase(), &o[1..]);
            assert!(text.contains(&heading), "the outcome heading {heading:?}");
        }
        for p in &kb.profiles {
            assert!(text.contains(&p.label()), "{} is named", p.label());
        }

        // The trace of the reading picked, with its citations; no other.
        assert_eq!(text.matches("Trace: ").count(), 1);
        let tallinn = kb
            .profiles
            .iter()
            .position(|p| p.id == picked)
            .expect("a reading");
        let cited: Vec<String> = report.results[tallinn]
            .trace
            .iter()
            .flat_map(|e| &e.citations)
            .map(|c| diligence_report::render_citation(kb, c))
            .collect();
        assert!(!cited.is_empty());
        for c in &cited {
            assert!(text.contains(c.as_str()), "the citation {c:?}");
        }
    }

    #[test]
    fn open_facts_give_the_conditions() {
        let kb = kb();
        let sc = scenario("ransomware-hospitals-knowledge-unknown");
        assert!(!sc.facts.is_definite());
        let memo = crate::memo::memo(
            kb,
            &sc,
            &StateNames::default(),
            &[],
            diligence_kb::CitationStyle::Oscola,
        );
        let text = document_text(&memo_docx(&memo, "/assess/report").expect("builds"));
        let conditions: Vec<&str> = memo
            .summary
            .iter()
            .flat_map(|g| &g.by_condition)
            .filter_map(|(w, _)| w.as_deref())
            .collect();
        assert!(
            !conditions.is_empty(),
            "some outcome holds only on a condition"
        );
        for w in conditions {
            assert!(text.contains(&format!("{w}: ")), "the condition {w:?}");
        }
        assert!(!text.contains("Trace: "), "no trace picked, none shown");
    }

    /// The Word runs in italics, in order.
    fn italic_runs(bytes: &[u8]) -> Vec<String> {
        let xml = document_xml(bytes);
        xml.split("<w:r>")
            .skip(1)
            .filter_map(|run| {
                let run = &run[..run.find("</w:r>").unwrap_or(run.len())];
                let props = &run[..run.find("<w:t").unwrap_or(0)];
                let text = run.split_once("<w:t").map(|(_, t)| t)?;
                let text = &text[text.find('>')? + 1..text.find("</w:t>")?];
                (props.contains("<w:i />") || props.contains("<w:i/>")).then(|| text.to_string())
            })
            .collect()
    }

    #[test]
    fn citations_in_the_word_memo_set_case_names_and_book_titles_in_italics() {
        let kb = kb();
        let sc = scenario("ransomware-hospitals-notified");
        let picked = "tallinn-manual-2".to_string();
        let memo = crate::memo::memo(
            kb,
            &sc,
            &StateNames::default(),
            std::slice::from_ref(&picked),
            diligence_kb::CitationStyle::Oscola,
        );
        let cited: Vec<&diligence_kb::Styled> = memo
            .traces
            .iter()
            .flat_map(|t| &t.obligations)
            .flat_map(|(_, steps)| steps)
            .flat_map(|s| &s.citations)
            .collect();
        let want: Vec<String> = cited
            .iter()
            .flat_map(|c| c.runs())
            .filter(|r| r.italic)
            .map(|r| r.text.clone())
            .collect();
        assert!(
            want.iter().any(|t| t == "Tallinn Manual 2.0"),
            "the trace cites the Manual, a book: {want:?}"
        );
        let bytes = memo_docx(&memo, "/assess/report").expect("builds");
        assert_eq!(italic_runs(&bytes), want);
        let text = document_text(&bytes);
        for c in cited {
            assert!(text.contains(&c.plain()), "the citation {:?}", c.plain());
        }
    }

    #[test]
    fn the_word_memo_in_the_short_form_has_no_italics() {
        let kb = kb();
        let sc = scenario("ransomware-hospitals-notified");
        let picked = ["tallinn-manual-2".to_string()];
        let memo = |style| crate::memo::memo(kb, &sc, &StateNames::default(), &picked, style);
        let (oscola, short) = (
            memo(diligence_kb::CitationStyle::Oscola),
            memo(diligence_kb::CitationStyle::Short),
        );
        let steps = |m: &crate::memo::Memo| -> Vec<crate::memo::TraceStep> {
            m.traces
                .iter()
                .flat_map(|t| &t.obligations)
                .flat_map(|(_, steps)| steps.clone())
                .collect()
        };
        let (o, s) = (steps(&oscola), steps(&short));
        assert_eq!(o.len(), s.len());
        let mut differ = 0;
        for (o, s) in o.iter().zip(&s) {
            assert_eq!(o.citations.len(), s.citations.len());
            for (oc, sc) in o.citations.iter().zip(&s.citations) {
                assert!(sc.runs().iter().all(|r| !r.italic), "{}", sc.plain());
                differ += usize::from(oc.plain() != sc.plain());
            }
        }
        assert!(
            differ > 0,
            "the Manual's citations differ between the styles"
        );
        let bytes = memo_docx(&short, "/assess/report").expect("builds");
        assert!(italic_runs(&bytes).is_empty());
        let text = document_text(&bytes);
        let manual = kb.authority("tallinn-manual-2").expect("shipped");
        assert!(
            text.contains(&manual.citation(Some("Rule 6, p. 30"))),
            "{text}"
        );
    }
}
