//! The fact space evaluated against a set of profiles, grouped into classes
//! of situations that every profile decides alike.

use diligence_core::evaluate::status_of_bits;
use diligence_core::{space, Profile, Status};
use rayon::prelude::*;
use std::collections::HashMap;

/// Situations that every profile decides alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// The status of each profile, in the partition's profile order.
    pub statuses: Vec<Status>,
    /// How many situations give these statuses.
    pub count: u64,
    /// The lowest-indexed such situation (see [`space::situation`]).
    pub example: usize,
}

/// The whole fact space against a list of profiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// The profiles' ids, in the order of every vector and matrix.
    pub profiles: Vec<String>,
    /// The number of situations.
    pub situations: u64,
    /// The classes, ordered by their example situation.
    pub classes: Vec<Class>,
}

/// Situations evaluated per parallel task.
const CHUNK: usize = 4096;

type Tally = HashMap<Vec<u8>, (u64, usize)>;

impl Partition {
    /// Evaluates every situation of the spec's fact space against `profiles`,
    /// in parallel on all cores.
    pub fn of(profiles: &[&Profile]) -> Partition {
        let chunks = space::SIZE.div_ceil(CHUNK);
        let tally = (0..chunks)
            .into_par_iter()
            .map(|chunk| {
                let mut tally: Tally = HashMap::new();
                let mut key = vec![0u8; profiles.len()];
                let end = ((chunk + 1) * CHUNK).min(space::SIZE);
                for index in chunk * CHUNK..end {
                    let situation = space::bits(index);
                    for (slot, p) in key.iter_mut().zip(profiles) {
                        *slot = status_of_bits(p, situation).0 as u8;
                    }
                    match tally.get_mut(key.as_slice()) {
                        Some(entry) => entry.0 += 1,
                        None => {
                            tally.insert(key.clone(), (1, index));
                        }
                    }
                }
                tally
            })
            .reduce(HashMap::new, merge);
        let mut classes: Vec<Class> = tally
            .into_iter()
            .map(|(key, (count, example))| Class {
                statuses: key.iter().map(|&k| Status::ALL[usize::from(k)]).collect(),
                count,
                example,
            })
            .collect();
        classes.sort_by_key(|c| c.example);
        Partition {
            profiles: profiles.iter().map(|p| p.id.clone()).collect(),
            situations: space::SIZE as u64,
            classes,
        }
    }

    /// The position of a profile in the partition's order.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.profiles.iter().position(|p| p == id)
    }
}

fn merge(mut a: Tally, b: Tally) -> Tally {
    if a.len() < b.len() {
        return merge(b, a);
    }
    for (key, (count, example)) in b {
        let entry = a.entry(key).or_insert((0, example));
        entry.0 += count;
        entry.1 = entry.1.min(example);
    }
    a
}
