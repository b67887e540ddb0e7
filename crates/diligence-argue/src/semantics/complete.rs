//! Complete semantics: credulous acceptance through an admissible-set SAT call
//! (then closed to the least complete extension), and enumeration.

use super::Reduced;
use crate::encode::{Base, Encoding};
use crate::framework::Framework;
use crate::grounded::{closure_labelling, in_args};
use crate::sat::Lit;

/// A complete extension containing `arg`, if there is one.
///
/// Credulous acceptance under complete, admissible and preferred semantics coincide.
pub(super) fn credulous(af: &Framework, red: &Reduced, arg: usize) -> Option<Vec<usize>> {
    match red.settled(arg, true) {
        Some(true) => return Some(red.grounded()),
        Some(false) => return None,
        None => {}
    }
    let mut enc = Encoding::new(&red.sub, Base::Admissible, false);
    let q = enc.x[red.sub_query(arg)];
    if !enc.sat.solve(&[q]) {
        return None;
    }
    // Grounded + an admissible set of the sub-framework is admissible; its
    // least complete superset is the witness.
    let admissible = red.lift(&enc.model_set());
    Some(in_args(&closure_labelling(af, &admissible)))
}

/// Up to `limit` complete extensions.
pub(super) fn enumerate(red: &Reduced, limit: usize) -> Vec<Vec<usize>> {
    let mut enc = Encoding::new(&red.sub, Base::Complete, false);
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
