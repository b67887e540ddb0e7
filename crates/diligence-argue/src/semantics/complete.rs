//! Complete semantics: credulous acceptance through an admissible-set SAT call
//! (then closed to the least complete extension), and enumeration.

use super::Reduced;
use crate::encode::{Base, Encoding};
use crate::framework::Framework;
use crate::grounded::{closure_labelling, in_args};

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
