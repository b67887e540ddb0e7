//! The debate over a general obligation, labelled under a semantics and for
//! an audience, and shown as JSON, Graphviz dot or SVG.

use diligence_analysis::svg::escape;
use diligence_argue::{
    extensions, grounded_labelling, Framework, Label, Semantics, ValueFramework,
};
use diligence_kb::debate::{Audience, Debate, Value};
use serde_json::json;
use std::fmt::Write;

/// The debate labelled: the attack graph, the defeat graph for the audience
/// (the attack graph itself without one), each argument's label, and the
/// number of extensions of the semantics.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// Every attack of the debate.
    pub attacks: Framework,
    /// The attacks that succeed for the audience.
    pub defeats: Framework,
    /// One label per argument, in the debate's order.
    pub labels: Vec<Label>,
    /// How many extensions the semantics has (1 for grounded).
    pub extensions: usize,
    /// The semantics.
    pub semantics: Semantics,
}

/// Labels the debate under `sem` for `audience` (every attack succeeds
/// without one). The error is a sentence about the debate data or the
/// audience.
pub fn label(
    debate: &Debate,
    audience: Option<&Audience>,
    sem: Semantics,
) -> Result<Labelled, String> {
    let values: Vec<Option<Value>> = debate.arguments.iter().map(|a| a.main_value()).collect();
    label_graph(&values, &debate.attack_pairs(), audience, sem)
}

/// Labels any argument graph: `values[i]` is argument `i`'s main value (if
/// it has one), `attacks` the pairs `(attacker, target)`. For an audience, an
/// attack fails when both arguments have a value and the audience prefers
/// the target's to the attacker's (Bench-Capon's value-based frameworks); an
/// attack from or on an argument without a value always succeeds.
pub fn label_graph(
    values: &[Option<Value>],
    attacks: &[(usize, usize)],
    audience: Option<&Audience>,
    sem: Semantics,
) -> Result<Labelled, String> {
    let (attacks, defeats) = frameworks(values, attacks, audience)?;
    let (labels, extensions) = labelling(&defeats, sem);
    Ok(Labelled {
        attacks,
        defeats,
        labels,
        extensions,
        semantics: sem,
    })
}

/// The plain name of a label: in, out, undecided.
pub fn label_name(l: Label) -> &'static str {
    match l {
        Label::In => "in",
        Label::Out => "out",
        Label::Undec => "undecided",
    }
}

fn value_index(v: Value) -> usize {
    Value::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// The attack graph and, with an audience, the defeat graph.
fn frameworks(
    values: &[Option<Value>],
    pairs: &[(usize, usize)],
    audience: Option<&Audience>,
) -> Result<(Framework, Framework), String> {
    let internal = |e: diligence_argue::Error| format!("the debate graph: {e}");
    let af = Framework::new(values.len(), pairs).map_err(internal)?;
    let Some(aud) = audience else {
        return Ok((af.clone(), af));
    };
    let order: Vec<usize> = aud.values.iter().map(|v| value_index(*v)).collect();
    let audience = diligence_argue::Audience::total(&order)
        .map_err(|e| format!("audience `{}`: {e}", aud.id))?;
    let Some(valued) = values.iter().copied().collect::<Option<Vec<Value>>>() else {
        // Some argument has no value: filter the attacks one by one.
        let kept: Vec<(usize, usize)> = pairs
            .iter()
            .copied()
            .filter(|&(x, y)| match (values[x], values[y]) {
                (Some(vx), Some(vy)) => !audience.prefers(value_index(vy), value_index(vx)),
                _ => true,
            })
            .collect();
        return Ok((af, Framework::new(values.len(), &kept).map_err(internal)?));
    };
    let indices = valued.into_iter().map(value_index).collect();
    let vaf = ValueFramework::new(af.clone(), indices, Value::ALL.len()).map_err(internal)?;
    let defeats = vaf.defeat_graph(&audience);
    Ok((af, defeats))
}

/// Labels every argument: the grounded labelling, or for the other
/// semantics in = in every extension, out = attacked by every extension.
fn labelling(af: &Framework, sem: Semantics) -> (Vec<Label>, usize) {
    if sem == Semantics::Grounded {
        return (grounded_labelling(af), 1);
    }
    let exts = extensions(af, sem, None);
    let n = af.len();
    let labels = (0..n)
        .map(|a| {
            if exts.is_empty() {
                Label::Undec
            } else if exts.iter().all(|e| e.contains(&a)) {
                Label::In
            } else if exts.iter().all(|e| e.iter().any(|&x| af.attacks(x, a))) {
                Label::Out
            } else {
                Label::Undec
            }
        })
        .collect();
    (labels, exts.len())
}

/// The labelled debate as JSON.
pub fn to_json(debate: &Debate, audience: Option<&Audience>, l: &Labelled) -> serde_json::Value {
    let arguments: Vec<_> = debate
        .arguments
        .iter()
        .zip(&l.labels)
        .map(|(a, lab)| {
            json!({
                "id": a.id, "title": a.title, "claim": a.claim, "camp": a.camp, "values": a.values,
                "label": label_name(*lab), "authorities": a.authorities,
                "attacks": a.attacks, "supports": a.supports,
            })
        })
        .collect();
    let pairs = |af: &Framework| -> Vec<[&str; 2]> {
        af.attack_list()
            .iter()
            .map(|&(x, y)| {
                [
                    debate.arguments[x].id.as_str(),
                    debate.arguments[y].id.as_str(),
                ]
            })
            .collect()
    };
    json!({
        "semantics": l.semantics.abbreviation(),
        "audience": audience.map(|a| &a.id),
        "extensions": l.extensions,
        "arguments": arguments,
        "attacks": pairs(&l.attacks),
        "defeats": pairs(&l.defeats),
        "accepted": debate.arguments.iter().zip(&l.labels).filter(|(_, lab)| **lab == Label::In).map(|(a, _)| &a.id).collect::<Vec<_>>(),
    })
}

/// The colour of a label in the drawings.
pub fn colour(l: Label) -> &'static str {
    match l {
        Label::In => "#1f6f43",
        Label::Out => "#b3261e",
        Label::Undec => "#4b5563",
    }
}

/// The labelled debate as a Graphviz digraph.
pub fn dot(debate: &Debate, l: &Labelled) -> String {
    let (labels, attacks, defeats) = (&l.labels, &l.attacks, &l.defeats);
    let mut out = String::from("digraph debate {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n");
    for (a, l) in debate.arguments.iter().zip(labels) {
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\", color=\"{}\", xlabel=\"{}\"];",
            a.id,
            a.title.replace('"', "\\\""),
            colour(*l),
            label_name(*l)
        );
    }
    for (x, y) in attacks.attack_list() {
        let style = if defeats.attacks(x, y) {
            "solid"
        } else {
            "dashed"
        };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [style={style}];",
            debate.arguments[x].id, debate.arguments[y].id
        );
    }
    for a in &debate.arguments {
        for s in &a.supports {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [color=\"#1565c0\", arrowhead=empty];",
                a.id, s
            );
        }
    }
    out.push_str("}\n");
    out
}

/// A label for a legal reader: what the status means, the technical label
/// in brackets.
pub fn status_words(l: Label) -> &'static str {
    match l {
        Label::In => "accepted (in)",
        Label::Out => "rejected (out)",
        Label::Undec => "undecided",
    }
}

/// The box of a label, drawn so that the shape alone tells the label:
/// accepted, a solid rectangle with a tick; rejected, a dashed outline with
/// a cross; undecided, a rounded box with a dotted outline and a question
/// mark. Returns the SVG attributes of the `rect` and the mark.
fn label_shape(l: Label) -> (&'static str, &'static str) {
    match l {
        Label::In => (
            r##"rx="0" fill="#e7f3e8" stroke="#1f6f43" stroke-width="2.5""##,
            "✓",
        ),
        Label::Out => (
            r##"rx="0" fill="#ffffff" stroke="#b3261e" stroke-width="2" stroke-dasharray="7 4""##,
            "✗",
        ),
        Label::Undec => (
            r##"rx="12" fill="#f3f4f6" stroke="#4b5563" stroke-width="2" stroke-dasharray="2 3""##,
            "?",
        ),
    }
}

/// The labelled debate drawn as SVG: a layered layout of the attack graph
/// (attackers to the left of what they attack, few crossings; see
/// `diligence_analysis::layered`), each argument a box with its short
/// title whose shape and colour give its label, each attack an arrow
/// (dashed where it fails for the audience), and a legend in words.
/// `audience` names the audience in the heading.
pub fn svg(debate: &Debate, l: &Labelled, audience: &str) -> String {
    let (labels, attacks, defeats, sem) = (&l.labels, &l.attacks, &l.defeats, l.semantics);
    let layered =
        diligence_analysis::layered::layout(debate.arguments.len(), &attacks.attack_list(), 24);
    let (col_w, row_h, box_w, box_h, left, top) = (340.0, 40.0, 290.0, 28.0, 20.0, 48.0);
    let at = |node: usize| {
        let (layer, slot) = layered.coordinates(node);
        (left + col_w * layer, top + row_h * slot)
    };
    let layers = layered.order.len().max(1) as f64;
    let rows = layered.order.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let legend_top = top + row_h * rows + 16.0;
    let width = (left * 2.0 + col_w * (layers - 1.0) + box_w).max(760.0);
    let height = legend_top + 110.0;
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#374151"/></marker></defs>"##
    );
    let _ = write!(
        out,
        r#"<text x="{left}" y="24" font-size="14">The debate over a general obligation of due diligence — {} semantics, audience: {}. An arrow runs from an argument to the one it attacks.</text>"#,
        sem.abbreviation(),
        escape(audience)
    );
    // Edges first, under the boxes: through the dummy nodes of long edges.
    for r in &layered.routes {
        let (x, y) = r.edge;
        let points: Vec<(f64, f64)> = r
            .chain
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let (nx, ny) = at(n);
                let mid = ny + box_h / 2.0;
                if layered.is_dummy(n) {
                    (nx + box_w / 2.0, mid)
                } else if i == 0 {
                    // Leave by the side facing the next point.
                    (if r.reversed { nx } else { nx + box_w }, mid)
                } else {
                    (if r.reversed { nx + box_w } else { nx }, mid)
                }
            })
            .collect();
        let mut d = format!("M{:.1},{:.1}", points[0].0, points[0].1);
        for w in points.windows(2) {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            let bend = (x2 - x1) / 2.0;
            let _ = write!(
                d,
                " C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
                x1 + bend,
                x2 - bend
            );
        }
        let fails = !defeats.attacks(x, y);
        let style = if fails {
            r##"stroke="#6b7280" stroke-dasharray="5 4""##
        } else {
            r##"stroke="#374151""##
        };
        let _ = write!(
            out,
            r#"<path d="{d}" fill="none" {style} stroke-width="1.3" marker-end="url(#arrow)"><title>{} attacks {}{}</title></path>"#,
            escape(&debate.arguments[x].title),
            escape(&debate.arguments[y].title),
            if fails {
                " (the attack fails for this audience)"
            } else {
                ""
            }
        );
    }
    for (i, (a, lab)) in debate.arguments.iter().zip(labels).enumerate() {
        let (x, y) = at(i);
        let (shape, mark) = label_shape(*lab);
        let _ = write!(
            out,
            r##"<g data-argument="{}"><title>{} ({}): {}. {}</title><rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" {shape}/><text x="{}" y="{}" font-weight="bold" fill="{}">{mark}</text><text x="{}" y="{}" fill="#111827">{}</text></g>"##,
            escape(&a.id),
            escape(&a.title),
            escape(&a.id),
            status_words(*lab),
            escape(a.claim.trim()),
            x + 8.0,
            y + 18.5,
            colour(*lab),
            x + 24.0,
            y + 18.5,
            escape(&a.title)
        );
    }
    // The legend: each shape with its words.
    let _ = write!(
        out,
        r#"<text x="{left}" y="{legend_top}" font-weight="bold">Legend</text>"#
    );
    for (i, lab) in [Label::In, Label::Out, Label::Undec]
        .into_iter()
        .enumerate()
    {
        let (shape, mark) = label_shape(lab);
        let (x, y) = (left + 250.0 * i as f64, legend_top + 12.0);
        let words = match lab {
            Label::In => "accepted (in): solid box, ✓",
            Label::Out => "rejected (out): dashed box, ✗",
            Label::Undec => "undecided: rounded dotted box, ?",
        };
        let _ = write!(
            out,
            r##"<rect x="{x}" y="{y}" width="36" height="22" {shape}/><text x="{}" y="{}" font-weight="bold" fill="{}">{mark}</text><text x="{}" y="{}" fill="#111827">{words}</text>"##,
            x + 8.0,
            y + 16.0,
            colour(lab),
            x + 44.0,
            y + 16.0
        );
    }
    let y = legend_top + 56.0;
    let _ = write!(
        out,
        r##"<path d="M{left},{y} L{},{y}" stroke="#374151" stroke-width="1.3" marker-end="url(#arrow)"/><text x="{}" y="{}" fill="#111827">an attack that succeeds</text><path d="M{},{y} L{},{y}" stroke="#6b7280" stroke-width="1.3" stroke-dasharray="5 4" marker-end="url(#arrow)"/><text x="{}" y="{}" fill="#111827">an attack that fails for this audience (the attacked argument promotes a value it ranks higher)</text></svg>"##,
        left + 40.0,
        left + 48.0,
        y + 4.0,
        left + 250.0,
        left + 290.0,
        left + 298.0,
        y + 4.0
    );
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use diligence_kb::KnowledgeBase;

    fn shipped() -> &'static Debate {
        &KnowledgeBase::embedded().expect("valid").debate
    }

    #[test]
    fn the_drawing_shows_titles_shapes_by_label_and_one_arrow_per_attack() {
        let debate = shipped();
        for audience in [None, Some("specific-rules"), Some("general-obligation")] {
            let aud = audience.and_then(|a| debate.audience(a));
            let l = label(debate, aud, Semantics::Grounded).expect("labelled");
            let svg = svg(debate, &l, audience.unwrap_or("none"));
            for a in &debate.arguments {
                let text = format!(r##"fill="#111827">{}</text>"##, escape(&a.title));
                assert_eq!(svg.matches(&text).count(), 1, "{}", a.title);
                assert!(svg.contains(&format!("data-argument=\"{}\"", a.id)));
            }
            let count = |want: Label| l.labels.iter().filter(|x| **x == want).count();
            // One box per argument with its label's shape, plus one in the legend.
            for lab in [Label::In, Label::Out, Label::Undec] {
                let (shape, _) = label_shape(lab);
                assert_eq!(svg.matches(shape).count(), count(lab) + 1, "{lab:?}");
            }
            let arrows = svg.matches("marker-end=\"url(#arrow)\"><title>").count();
            assert_eq!(arrows, l.attacks.num_attacks());
            let failing = svg
                .matches("(the attack fails for this audience)</title>")
                .count();
            assert_eq!(failing, l.attacks.num_attacks() - l.defeats.num_attacks());
            for words in [
                "accepted (in): solid box",
                "rejected (out): dashed box",
                "undecided: rounded dotted box",
            ] {
                assert!(svg.contains(words), "{words}");
            }
        }
    }

    #[test]
    fn the_layout_of_the_shipped_debate_adds_no_crossings_to_file_order() {
        let debate = shipped();
        let l = label(debate, None, Semantics::Grounded).expect("labelled");
        let layered = diligence_analysis::layered::layout(
            debate.arguments.len(),
            &l.attacks.attack_list(),
            24,
        );
        println!(
            "crossings of the shipped debate: {} in file order, {} after ordering",
            layered.crossings_before, layered.crossings_after
        );
        assert!(layered.crossings_after <= layered.crossings_before);
        assert_eq!(
            layered.layer.iter().take(layered.nodes).count(),
            debate.arguments.len()
        );
    }
}
