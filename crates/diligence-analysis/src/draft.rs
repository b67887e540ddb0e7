//! A draft position compared with every profile: how often it agrees with
//! each over the fact space, which parameters differ, and how each
//! one-parameter edit of the draft would move its agreement with every
//! other position.

use diligence_core::facts::Harm;
use diligence_core::obligation::{Conduct, ConductSet, DomainSet, KnowledgeStandard, Obligation};
use diligence_core::{space, status_of, Profile};
use rayon::prelude::*;
use serde::Serialize;

/// The statuses of a profile over the whole fact space, one byte per situation.
pub fn statuses(profile: &Profile) -> Vec<u8> {
    (0..space::SIZE)
        .into_par_iter()
        .map(|i| space::situation(i).map_or(u8::MAX, |f| status_of(profile, &f).0 as u8))
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

/// Every draft obtained by changing one parameter of one obligation.
pub fn one_parameter_edits(
    draft: &Profile,
) -> Vec<(String, &'static str, String, String, Profile)> {
    let mut out = Vec::new();
    for (k, ob) in draft.obligations.iter().enumerate() {
        let mut push =
            |parameter: &'static str, from: String, to: String, edit: &dyn Fn(&mut Obligation)| {
                let mut variant = draft.clone();
                edit(&mut variant.obligations[k]);
                out.push((ob.id.clone(), parameter, from, to, variant));
            };
        type Flag = fn(&mut Obligation) -> &mut bool;
        let flags: [(&'static str, Flag); 5] = [
            ("binding", |o| &mut o.binding.value),
            ("covers_transit", |o| &mut o.covers_transit.value),
            ("covers_controlled_infrastructure", |o| {
                &mut o.covers_controlled_infrastructure.value
            }),
            ("requires_contrary_to_rights", |o| {
                &mut o.requires_contrary_to_rights.value
            }),
            ("countermeasures", |o| &mut o.countermeasures.value),
        ];
        for (name, field) in flags {
            let value = *field(&mut ob.clone());
            push(
                name,
                value.to_string(),
                (!value).to_string(),
                &|o: &mut Obligation| *field(o) = !value,
            );
        }
        for h in Harm::ALL
            .iter()
            .copied()
            .filter(|h| *h != ob.harm_threshold.value)
        {
            push(
                "harm_threshold",
                ob.harm_threshold.value.to_string(),
                h.to_string(),
                &|o: &mut Obligation| o.harm_threshold.value = h,
            );
        }
        for k in KnowledgeStandard::ALL
            .iter()
            .copied()
            .filter(|k| *k != ob.knowledge_standard.value)
        {
            push(
                "knowledge_standard",
                ob.knowledge_standard.value.to_string(),
                k.to_string(),
                &|o: &mut Obligation| o.knowledge_standard.value = k,
            );
        }
        for c in Conduct::ALL.iter().copied() {
            let mut set: Vec<Conduct> = ob.conduct.value.iter().collect();
            if set.contains(&c) {
                if set.len() == 1 {
                    continue;
                }
                set.retain(|x| *x != c);
            } else {
                set.push(c);
            }
            let to = ConductSet::of(&set);
            push(
                "conduct",
                ob.conduct.value.to_string(),
                to.to_string(),
                &|o: &mut Obligation| o.conduct.value = to,
            );
        }
        let domains = ob.domains.value;
        let to = if domains.is_all() {
            DomainSet::of(&[diligence_core::facts::Domain::Cyber])
        } else {
            DomainSet::ALL
        };
        push(
            "domains",
            domains.to_string(),
            to.to_string(),
            &|o: &mut Obligation| o.domains.value = to,
        );
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
