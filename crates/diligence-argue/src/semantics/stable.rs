//! Stable semantics: one SAT call on the stable encoding of the UNDEC part.

use super::{Query, Reduced};
use crate::encode::{Base, Encoding};

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
