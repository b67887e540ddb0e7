//! Hierarchical clustering of profiles by how often they disagree (average
//! linkage), as a dendrogram.

use serde::Serialize;

/// One merge of two clusters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merge {
    /// The clusters merged: ids below the number of profiles are profiles,
    /// the others are earlier merges (profiles + index of the merge).
    pub left: usize,
    /// See `left`.
    pub right: usize,
    /// The average share of situations on which members of the two clusters
    /// disagree (0 to 1).
    pub distance: f64,
    /// The number of profiles in the merged cluster.
    pub size: usize,
}

/// A dendrogram over profiles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dendrogram {
    /// The profiles (leaves), in matrix order.
    pub profiles: Vec<String>,
    /// The merges, in increasing distance.
    pub merges: Vec<Merge>,
}

impl Dendrogram {
    /// Average-linkage clustering of a symmetric disagreement matrix
    /// (counts out of `situations`). Ties are broken by the lowest indices,
    /// so the result is deterministic.
    pub fn average_linkage(
        profiles: &[String],
        disagreements: &[Vec<u64>],
        situations: u64,
    ) -> Dendrogram {
        let n = profiles.len();
        let total = situations.max(1) as f64;
        // Active clusters: (id, members).
        let mut active: Vec<(usize, Vec<usize>)> = (0..n).map(|i| (i, vec![i])).collect();
        let mut merges = Vec::new();
        let dist = |a: &[usize], b: &[usize]| -> f64 {
            let sum: u64 = a
                .iter()
                .flat_map(|&i| b.iter().map(move |&j| disagreements[i][j]))
                .sum();
            sum as f64 / (a.len() * b.len()) as f64 / total
        };
        while active.len() > 1 {
            let mut best = (f64::INFINITY, 0, 1);
            for x in 0..active.len() {
                for y in x + 1..active.len() {
                    let d = dist(&active[x].1, &active[y].1);
                    if d < best.0 {
                        best = (d, x, y);
                    }
                }
            }
            let (d, x, y) = best;
            let (right_id, right) = active.remove(y);
            let (left_id, mut left) = active.remove(x);
            left.extend(right);
            let size = left.len();
            merges.push(Merge {
                left: left_id,
                right: right_id,
                distance: d,
                size,
            });
            active.push((n + merges.len() - 1, left));
        }
        Dendrogram {
            profiles: profiles.to_vec(),
            merges,
        }
    }

    /// The leaves in dendrogram order (so that close profiles sit together).
    pub fn leaf_order(&self) -> Vec<usize> {
        let n = self.profiles.len();
        let Some(root) = self.merges.len().checked_sub(1) else {
            return (0..n).collect();
        };
        let mut out = Vec::with_capacity(n);
        let mut stack = vec![n + root];
        while let Some(node) = stack.pop() {
            if node < n {
                out.push(node);
            } else {
                let m = &self.merges[node - n];
                stack.push(m.right);
                stack.push(m.left);
            }
        }
        out
    }

    /// A text dendrogram: one line per profile, with the merges drawn as a
    /// tree on the left and distances on the branches.
    pub fn to_text(&self) -> String {
        let n = self.profiles.len();
        let mut out = String::new();
        if n == 0 {
            return out;
        }
        let Some(root) = self.merges.len().checked_sub(1) else {
            return format!("{}\n", self.profiles[0]);
        };
        self.draw(n + root, "", "", &mut out);
        out
    }

    fn draw(&self, node: usize, lead: &str, child_lead: &str, out: &mut String) {
        let n = self.profiles.len();
        if node < n {
            out.push_str(&format!("{lead}{}\n", self.profiles[node]));
            return;
        }
        let m = &self.merges[node - n];
        out.push_str(&format!("{lead}┬ {:.1}% apart\n", m.distance * 100.0));
        self.draw(
            m.left,
            &format!("{child_lead}├─"),
            &format!("{child_lead}│ "),
            out,
        );
        self.draw(
            m.right,
            &format!("{child_lead}└─"),
            &format!("{child_lead}  "),
            out,
        );
    }
}
