//! A draft position compared with every profile: how often it agrees with
//! each over the fact space, which parameters differ, and how each
//! one-parameter edit of the draft would move its agreement with every
//! other position.

use diligence_core::evaluate::status_of_bits;
use diligence_core::obligation::Parameter;
use diligence_core::{space, Profile};
use rayon::prelude::*;
use serde::Serialize;

/// The statuses of a profile over the whole fact space, one byte per situation.
pub fn statuses(profile: &Profile) -> Vec<u8> {
    (0..space::SIZE)
        .into_par_iter()
        .map(|i| status_of_bits(profile, space::bits(i)).0 as u8)
        .collect()
}

/// The number of situations on which two status vectors agree.
pub fn agreement(a: &[u8], b: &[u8]) -> u64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as u64
}

/// A one-parameter edit of the draft and what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The obligation edited.
    pub obligation: String,
    /// The parameter edited.
    pub parameter: &'static str,
    /// Its value in the draft.
    pub from: String,
    /// The value tried.
    pub to: String,
    /// For each other profile (in the order given), the change in the number
    /// of situations on which it agrees with the draft.
    pub delta: Vec<i64>,
}

/// Every draft obtained by changing one parameter of one obligation, with
/// the obligation, the parameter, its value and the value tried.
pub fn one_parameter_edits(
    draft: &Profile,
) -> Vec<(String, &'static str, String, String, Profile)> {
    let mut out = Vec::new();
    for (k, ob) in draft.obligations.iter().enumerate() {
        for parameter in Parameter::ALL {
            let current = ob.get(parameter).value;
            for to in parameter.alternatives(current) {
                let mut variant = draft.clone();
                if variant.obligations[k].set(parameter, to) {
                    out.push((
                        ob.id.clone(),
                        parameter.name(),
                        current.to_string(),
                        to.to_string(),
                        variant,
                    ));
                }
            }
        }
    }
    out
}

/// The change in agreement with each of `others` (given as status vectors)
/// for every one-parameter edit of the draft, whose own statuses are `base`
/// (from [`statuses`]).
pub fn sensitivity(draft: &Profile, base: &[u8], others: &[Vec<u8>]) -> Vec<Edit> {
    let base_agreement: Vec<u64> = others.iter().map(|o| agreement(base, o)).collect();
    one_parameter_edits(draft)
        .into_par_iter()
        .map(|(obligation, parameter, from, to, variant)| {
            let s = statuses(&variant);
            let delta = others
                .iter()
                .zip(&base_agreement)
                .map(|(o, &before)| agreement(&s, o) as i64 - before as i64)
                .collect();
            Edit {
                obligation,
                parameter,
                from,
                to,
                delta,
            }
        })
        .collect()
}
