//! SVG renderings of the divergence analysis, drawn by the program itself:
//! a heat map of the disagreement matrix and a dendrogram of the clusters.
//! Text is escaped; the output is a standalone SVG document.

use crate::cluster::Dendrogram;
use crate::divergence::Divergence;
use std::fmt::Write;

/// Escapes text for SVG.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A colour from white (0) to deep red (1).
fn heat(share: f64) -> String {
    let t = share.clamp(0.0, 1.0);
    let r = 255.0 - 75.0 * t;
    let g = 255.0 - 225.0 * t;
    let b = 255.0 - 215.0 * t;
    format!("rgb({},{},{})", r.round(), g.round(), b.round())
}

/// The longest axis label, in characters; longer names are shortened with
/// an ellipsis (the cells' tooltips keep them whole).
const LABEL_CHARS: usize = 40;

/// A name cut to [`LABEL_CHARS`] characters.
fn short(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        return name.to_string();
    }
    let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The heat map and dendrogram side by side, profiles in dendrogram order,
/// the axes labelled with the profiles' ids.
pub fn divergence_svg(d: &Divergence, tree: &Dendrogram) -> String {
    divergence_svg_named(d, tree, |id| id.to_string())
}

/// The heat map and dendrogram, the axes and tooltips labelled with
/// `name(id)` for each profile (its name, for readers).
pub fn divergence_svg_named(
    d: &Divergence,
    tree: &Dendrogram,
    name: impl Fn(&str) -> String,
) -> String {
    let names: Vec<String> = d.profiles.iter().map(|id| name(id)).collect();
    let order = tree.leaf_order();
    let n = order.len();
    let cell = 16.0;
    // Room for the longest (shortened) label at about 5.6 px a character.
    let longest = names
        .iter()
        .map(|n| short(n).chars().count())
        .max()
        .unwrap_or(0);
    let label = (longest as f64 * 5.6 + 12.0).max(60.0);
    let tree_w = 180.0;
    let grid = cell * n as f64;
    let width = tree_w + label + grid + 40.0;
    let height = label + grid + 60.0;
    let total = d.situations.max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">"#
    );
    let _ = write!(
        out,
        r#"<title>Disagreement between readings of due diligence over {} situations</title>"#,
        d.situations
    );
    let x0 = tree_w + label;
    let y0 = label;
    for (row, &i) in order.iter().enumerate() {
        let y = y0 + cell * row as f64;
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            x0 - 4.0,
            y + cell * 0.75,
            escape(&short(&names[i]))
        );
        let x = x0 + cell * row as f64;
        let _ = write!(
            out,
            r#"<text transform="translate({},{}) rotate(-60)">{}</text>"#,
            x + cell * 0.7,
            y0 - 4.0,
            escape(&short(&names[i]))
        );
        for (col, &j) in order.iter().enumerate() {
            let share = d.disagreements[i][j] as f64 / total;
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{cell}" height="{cell}" fill="{}" stroke="white" stroke-width="0.5"><title>{} / {}: {} situations ({:.1}%)</title></rect>"#,
                x0 + cell * col as f64,
                y,
                heat(share),
                escape(&names[i]),
                escape(&names[j]),
                d.disagreements[i][j],
                share * 100.0
            );
        }
    }
    // Dendrogram, leaves aligned with the rows.
    let nleaves = d.profiles.len();
    let max = tree.merges.last().map_or(1.0, |m| m.distance.max(1e-9));
    let mut pos: Vec<(f64, f64)> = vec![(0.0, 0.0); nleaves + tree.merges.len()];
    for (row, &i) in order.iter().enumerate() {
        pos[i] = (tree_w - 4.0, y0 + cell * row as f64 + cell / 2.0);
    }
    for (k, m) in tree.merges.iter().enumerate() {
        let x = (tree_w - 4.0) * (1.0 - m.distance / max) + 2.0;
        let (lx, ly) = pos[m.left];
        let (rx, ry) = pos[m.right];
        let _ = write!(
            out,
            r##"<path d="M{lx},{ly} H{x} V{ry} H{rx}" fill="none" stroke="#334"><title>{:.1}% apart</title></path>"##,
            m.distance * 100.0
        );
        pos[nleaves + k] = (x, (ly + ry) / 2.0);
    }
    let _ = write!(
        out,
        r#"<text x="{}" y="{}">Share of the {} situations on which two readings decide differently (white 0%, red 100%)</text>"#,
        4.0,
        height - 16.0,
        d.situations
    );
    out.push_str("</svg>\n");
    out
}
