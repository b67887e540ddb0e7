//! Stable semantics: one SAT call on the stable encoding of the UNDEC part.

use super::{Query, Reduced};
use crate::encode::{Base, Encoding};
use crate::sat::Lit;

/// A stable extension satisfying `query`, if there is one.
pub(super) fn find(red: &Reduced, query: Query) -> Option<Vec<usize>> {
    let mut assumptions = Vec::new();
    let mut enc = Encoding::new(&red.sub, Base::Stable, false);
    if let Some((arg, want_in)) = query {
        match red.settled(arg, want_in) {
            Some(false) => return None,
            Some(true) => {}
            None => {
                let x = enc.x[red.sub_query(arg)];
                assumptions.push(if want_in { x } else { !x });
            }
        }
    }
    enc.sat
        .solve(&assumptions)
        .then(|| red.lift(&enc.model_set()))
}

/// Does the framework have a stable extension?
pub(super) fn exists(red: &Reduced) -> bool {
    Encoding::new(&red.sub, Base::Stable, false).sat.solve(&[])
}

/// Up to `limit` stable extensions.
pub(super) fn enumerate(red: &Reduced, limit: usize) -> Vec<Vec<usize>> {
    let mut enc = Encoding::new(&red.sub, Base::Stable, false);
    let mut out = Vec::new();
    while out.len() < limit && enc.sat.solve(&[]) {
        let m = enc.model_set();
        let block: Vec<Lit> = m
            .iter()
            .zip(&enc.x)
            .map(|(&inside, &x)| if inside { !x } else { x })
            .collect();
        out.push(red.lift(&m));
        enc.sat.add_clause(&block);
    }
    out
}
