//! Preferred semantics: iterative maximisation of complete extensions with
//! incremental SAT, and a counter-example guided loop for sceptical acceptance.

use super::{Query, Reduced};
use crate::encode::{members, Base, Encoding, Which};
use crate::framework::Framework;
use crate::sat::Lit;

/// A preferred extension satisfying `query`, if there is one.
pub(super) fn find(red: &Reduced, query: Query) -> Option<Vec<usize>> {
    let mut enc = Encoding::new(&red.sub, Base::Complete, false);
    let Some((arg, want_in)) = query else {
        return Some(red.lift(&grow(&mut enc, &[], vec![false; red.sub.len()])));
    };
    match red.settled(arg, want_in) {
        Some(false) => None,
        Some(true) => Some(red.lift(&grow(&mut enc, &[], vec![false; red.sub.len()]))),
        None if want_in => {
            // Maximal among complete extensions containing `arg` is preferred.
            let x = enc.x[red.sub_query(arg)];
            if !enc.sat.solve(&[x]) {
                return None;
            }
            let start = enc.model_set();
            Some(red.lift(&grow(&mut enc, &[x], start)))
        }
        None => avoiding(&mut enc, red.sub_query(arg)).map(|m| red.lift(&m)),
    }
}

/// Grows `set` to a maximal set among the models satisfying `assumptions`.
fn grow(enc: &mut Encoding, assumptions: &[Lit], set: Vec<bool>) -> Vec<bool> {
    enc.maximise(assumptions, Which::Set, set, Vec::new()).0
}

/// A preferred extension (of the encoded framework) without argument `a`.
///
/// Repeatedly: take a complete extension without `a`, grow it as far as
/// possible while keeping `a` out, and ask whether the result can still be
/// extended by `a`. If not, it is preferred. If so, no preferred extension
/// without `a` is contained in it, which a clause records before trying again.
fn avoiding(enc: &mut Encoding, a: usize) -> Option<Vec<bool>> {
    let xa = enc.x[a];
    loop {
        if !enc.sat.solve(&[!xa]) {
            return None;
        }
        let start = enc.model_set();
        let s = grow(enc, &[!xa], start);
        let mut assume: Vec<Lit> = members(&s).into_iter().map(|b| enc.x[b]).collect();
        assume.push(xa);
        if !enc.sat.solve(&assume) {
            return Some(s);
        }
        let mut block = vec![xa];
        block.extend(
            s.iter()
                .zip(&enc.x)
                .filter(|(&inside, _)| !inside)
                .map(|(_, &x)| x)
                .filter(|&x| x != xa),
        );
        enc.sat.add_clause(&block);
    }
}

/// Up to `limit` preferred extensions.
pub(super) fn enumerate(red: &Reduced, limit: usize) -> Vec<Vec<usize>> {
    let mut enc = Encoding::new(&red.sub, Base::Complete, false);
    let mut out = Vec::new();
    while out.len() < limit && enc.sat.solve(&[]) {
        let start = enc.model_set();
        let s = grow(&mut enc, &[], start);
        out.push(red.lift(&s));
        // Every further preferred extension has an argument outside `s`.
        let block: Vec<Lit> = s
            .iter()
            .zip(&enc.x)
            .filter(|(&inside, _)| !inside)
            .map(|(_, &x)| x)
            .collect();
        enc.sat.add_clause(&block);
    }
    out
}

/// Is the admissible set `m` (membership over `af`) not strictly contained in
/// any admissible set?
pub(super) fn is_maximal(af: &Framework, m: &[bool]) -> bool {
    let mut enc = Encoding::new(af, Base::Admissible, false);
    !enc.solve_strictly_above(&[], Which::Set, m)
}
