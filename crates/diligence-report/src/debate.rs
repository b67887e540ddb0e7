//! The debate over a general obligation, labelled under a semantics and for
//! an audience, and shown as JSON, Graphviz dot or SVG.

use diligence_analysis::svg::escape;
use diligence_argue::{
    extensions, grounded_labelling, Framework, Label, Semantics, ValueFramework,
};
use diligence_kb::debate::{Audience, Camp, Debate, Value};
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
    let (attacks, defeats) = frameworks(debate, audience)?;
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
    debate: &Debate,
    audience: Option<&Audience>,
) -> Result<(Framework, Framework), String> {
    let internal = |e: diligence_argue::Error| format!("the debate graph: {e}");
    let af = Framework::new(debate.arguments.len(), &debate.attack_pairs()).map_err(internal)?;
    let Some(aud) = audience else {
        return Ok((af.clone(), af));
    };
    let values: Vec<usize> = debate
        .arguments
        .iter()
        .map(|a| a.main_value().map_or(0, value_index))
        .collect();
    let order: Vec<usize> = aud.values.iter().map(|v| value_index(*v)).collect();
    let vaf = ValueFramework::new(af.clone(), values, Value::ALL.len()).map_err(internal)?;
    let audience = diligence_argue::Audience::total(&order)
        .map_err(|e| format!("audience `{}`: {e}", aud.id))?;
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
                "id": a.id, "claim": a.claim, "camp": a.camp, "values": a.values,
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
        Label::In => "#2e7d32",
        Label::Out => "#c62828",
        Label::Undec => "#9e9e9e",
    }
}

/// The labelled debate as a Graphviz digraph.
pub fn dot(debate: &Debate, l: &Labelled) -> String {
    let (labels, attacks, defeats) = (&l.labels, &l.attacks, &l.defeats);
    let mut out = String::from("digraph debate {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n");
    for (a, l) in debate.arguments.iter().zip(labels) {
        let _ = writeln!(
            out,
            "  \"{}\" [color=\"{}\", xlabel=\"{}\"];",
            a.id,
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

/// The labelled debate drawn as SVG, in columns by camp; `audience` names
/// the audience in the title.
pub fn svg(debate: &Debate, l: &Labelled, audience: &str) -> String {
    let (labels, attacks, defeats, sem) = (&l.labels, &l.attacks, &l.defeats, l.semantics);
    let columns = [Camp::General, Camp::Middle, Camp::Specific];
    let (col_w, row_h, box_w, box_h, top) = (330.0, 34.0, 250.0, 24.0, 70.0);
    let mut pos = vec![(0.0, 0.0); debate.arguments.len()];
    let mut rows = [0usize; 3];
    for (i, a) in debate.arguments.iter().enumerate() {
        let c = columns.iter().position(|x| *x == a.camp).unwrap_or(1);
        pos[i] = (40.0 + col_w * c as f64, top + row_h * rows[c] as f64);
        rows[c] += 1;
    }
    let height = top + row_h * *rows.iter().max().unwrap_or(&1) as f64 + 40.0;
    let width = 40.0 + col_w * 3.0;
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>"##
    );
    let _ = write!(
        out,
        r#"<text x="40" y="22" font-size="14">The debate over a general obligation of due diligence — {} semantics, audience: {}</text>"#,
        sem.abbreviation(),
        escape(audience)
    );
    for (c, title) in [
        "A general obligation exists",
        "Neither camp",
        "Only specific primary rules",
    ]
    .iter()
    .enumerate()
    {
        let _ = write!(
            out,
            r#"<text x="{}" y="50" font-weight="bold">{title}</text>"#,
            40.0 + col_w * c as f64
        );
    }
    for (x, y) in attacks.attack_list() {
        let (sx, sy) = pos[x];
        let (tx, ty) = pos[y];
        let (x1, y1) = (sx + if tx > sx { box_w } else { 0.0 }, sy + box_h / 2.0);
        let (x2, y2) = (
            tx + if tx > sx {
                0.0
            } else if tx < sx {
                box_w
            } else {
                0.0
            },
            ty + box_h / 2.0,
        );
        let bend = if (tx - sx).abs() < 1.0 { -60.0 } else { 0.0 };
        let dash = if defeats.attacks(x, y) {
            ""
        } else {
            r#" stroke-dasharray="4 3""#
        };
        let _ = write!(
            out,
            r##"<path d="M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}" fill="none" stroke="#555" stroke-opacity="0.6"{dash} marker-end="url(#arrow)"><title>{} attacks {}</title></path>"##,
            x1 + bend + (x2 - x1) / 3.0,
            x2 + bend - (x2 - x1) / 3.0,
            escape(&debate.arguments[x].id),
            escape(&debate.arguments[y].id)
        );
    }
    for ((a, l), (x, y)) in debate.arguments.iter().zip(labels).zip(&pos) {
        let _ = write!(
            out,
            r#"<g><title>{} ({}): {}</title><rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="5" fill="white" stroke="{}" stroke-width="2"/><text x="{}" y="{}">{}</text></g>"#,
            escape(&a.id),
            label_name(*l),
            escape(a.claim.trim()),
            colour(*l),
            x + 6.0,
            y + 16.0,
            escape(&a.id)
        );
    }
    let _ = write!(
        out,
        r##"<text x="40" y="{}">green: in; red: out; grey: undecided; dashed: an attack that fails for this audience</text></svg>"##,
        height - 12.0
    );
    out.push('\n');
    out
}
