//! Per-profile status counts and pairwise disagreement over the fact space.

use crate::partition::Partition;
use diligence_core::Status;
use serde::Serialize;
use std::collections::BTreeMap;

/// How the profiles decide the fact space, and how much they disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Divergence {
    /// The size of the fact space.
    pub situations: u64,
    /// Profile ids, in matrix order.
    pub profiles: Vec<String>,
    /// For each profile, the number of situations per status.
    pub distribution: BTreeMap<String, BTreeMap<Status, u64>>,
    /// `disagreements[i][j]`: situations where profiles i and j give
    /// different statuses (symmetric, zero diagonal).
    pub disagreements: Vec<Vec<u64>>,
    /// `breach_disagreements[i][j]`: situations where exactly one of the two
    /// finds a breach (symmetric, zero diagonal).
    pub breach_disagreements: Vec<Vec<u64>>,
    /// `breach_only[i][j]`: situations where profile i finds a breach and
    /// profile j does not.
    pub breach_only: Vec<Vec<u64>>,
    /// The number of classes of situations every profile decides alike.
    pub classes: usize,
}

impl Divergence {
    /// Counts over a partition of the fact space.
    pub fn of(partition: &Partition) -> Divergence {
        let n = partition.profiles.len();
        let mut disagreements = vec![vec![0u64; n]; n];
        let mut breach_only = vec![vec![0u64; n]; n];
        let mut per_status = vec![[0u64; 6]; n];
        for class in &partition.classes {
            let s = &class.statuses;
            for i in 0..n {
                per_status[i][s[i] as usize] += class.count;
                for j in 0..n {
                    if s[i] != s[j] {
                        disagreements[i][j] += class.count;
                    }
                    if s[i] == Status::Breach && s[j] != Status::Breach {
                        breach_only[i][j] += class.count;
                    }
                }
            }
        }
        let breach_disagreements = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| breach_only[i][j] + breach_only[j][i])
                    .collect()
            })
            .collect();
        let distribution = partition
            .profiles
            .iter()
            .zip(&per_status)
            .map(|(id, counts)| {
                let by_status = Status::ALL
                    .iter()
                    .map(|s| (*s, counts[*s as usize]))
                    .collect();
                (id.clone(), by_status)
            })
            .collect();
        Divergence {
            situations: partition.situations,
            profiles: partition.profiles.clone(),
            distribution,
            disagreements,
            breach_disagreements,
            breach_only,
            classes: partition.classes.len(),
        }
    }
}
