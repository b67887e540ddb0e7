//! Range-maximal semantics: semi-stable (complete extensions) and stage
//! (conflict-free sets), by range maximisation with incremental SAT and a
//! counter-example guided loop for queries.

use super::{stable, Query, Reduced};
use crate::check;
use crate::encode::{Base, Encoding, Which};
use crate::framework::Framework;
use crate::sat::Lit;

/// A semi-stable extension satisfying `query`, if there is one.
///
/// Works on the UNDEC part: the grounded extension and what it attacks are in
/// the range of every complete extension anyway.
pub(super) fn find_semi_stable(red: &Reduced, query: Query) -> Option<Vec<usize>> {
    let mut enc = Encoding::new(&red.sub, Base::Complete, true);
    let lit = match query {
        None => None,
        Some((arg, want_in)) => match red.settled(arg, want_in) {
            Some(false) => return None,
            Some(true) => None,
            None => {
                let x = enc.x[red.sub_query(arg)];
                Some(if want_in { x } else { !x })
            }
        },
    };
    range_maximal(&mut enc, lit).map(|m| red.lift(&m))
}

/// A stage extension satisfying `query`.
///
/// When the framework has a stable extension, the stage extensions are exactly
/// the stable ones, which the grounded split makes cheap to reason about.
pub(super) fn find_stage(af: &Framework, query: Query) -> Option<Vec<usize>> {
    let red = Reduced::new(af);
    if stable::exists(&red) {
        return stable::find(&red, query);
    }
    let mut enc = Encoding::new(af, Base::ConflictFree, true);
    let lit = query.map(|(arg, want_in)| if want_in { enc.x[arg] } else { !enc.x[arg] });
    range_maximal(&mut enc, lit).map(|m| crate::encode::members(&m))
}

/// A model whose range is maximal among all models and that satisfies `q`.
///
/// Repeatedly: take a model satisfying `q`, grow its range as far as possible
/// while keeping `q`, then ask whether any model at all has a strictly larger
/// range. If none has, the model is range-maximal. Otherwise no answer has a
/// range inside this one, which a clause (guarded by `q`) records.
fn range_maximal(enc: &mut Encoding, q: Option<Lit>) -> Option<Vec<bool>> {
    let assumptions: Vec<Lit> = q.into_iter().collect();
    loop {
        if !enc.sat.solve(&assumptions) {
            return None;
        }
        let (start_set, start_range) = (enc.model_set(), enc.model_range());
        let (s, r) = enc.maximise(&assumptions, Which::Range, start_set, start_range);
        let Some(q) = q else {
            return Some(s);
        };
        if !enc.solve_strictly_above(&[], Which::Range, &r) {
            return Some(s);
        }
        let mut block = vec![!q];
        block.extend(outside(enc, &r));
        enc.sat.add_clause(&block);
    }
}

/// The range literals of the arguments outside `range`.
fn outside(enc: &Encoding, range: &[bool]) -> Vec<Lit> {
    range
        .iter()
        .zip(&enc.r)
        .filter(|(&inside, _)| !inside)
        .map(|(_, &r)| r)
        .collect()
}

/// Up to `limit` semi-stable extensions.
pub(super) fn enumerate_semi_stable(red: &Reduced, limit: usize) -> Vec<Vec<usize>> {
    let mut enc = Encoding::new(&red.sub, Base::Complete, true);
    enumerate(&mut enc, limit)
        .iter()
        .map(|m| red.lift(m))
        .collect()
}

/// Up to `limit` stage extensions.
pub(super) fn enumerate_stage(af: &Framework, limit: usize) -> Vec<Vec<usize>> {
    let red = Reduced::new(af);
    if stable::exists(&red) {
        return super::enumerate_models(&red, Base::Stable, limit);
    }
    let mut enc = Encoding::new(af, Base::ConflictFree, true);
    enumerate(&mut enc, limit)
        .iter()
        .map(|m| crate::encode::members(m))
        .collect()
}

/// Up to `limit` models with maximal range: for each maximal range in turn,
/// every set having exactly that range.
fn enumerate(enc: &mut Encoding, limit: usize) -> Vec<Vec<bool>> {
    let mut out = Vec::new();
    while out.len() < limit && enc.sat.solve(&[]) {
        let (start_set, start_range) = (enc.model_set(), enc.model_range());
        let (_, r) = enc.maximise(&[], Which::Range, start_set, start_range);
        // All sets whose range contains (hence equals) `r`.
        let act = enc.fresh();
        let mut assume = vec![act];
        assume.extend(r.iter().zip(&enc.r).filter(|(&i, _)| i).map(|(_, &l)| l));
        while out.len() < limit && enc.sat.solve(&assume) {
            let m = enc.model_set();
            let mut block = vec![!act];
            block.extend(
                m.iter()
                    .zip(&enc.x)
                    .map(|(&inside, &x)| if inside { !x } else { x }),
            );
            enc.sat.add_clause(&block);
            out.push(m);
        }
        enc.sat.add_clause(&[!act]);
        // Later ranges are not inside `r`.
        let block = outside(enc, &r);
        enc.sat.add_clause(&block);
    }
    out
}

/// Does no set of the right kind (complete when `complete`, else conflict-free)
/// have a range strictly larger than that of `set`?
pub(super) fn is_range_maximal(af: &Framework, set: &[usize], complete: bool) -> bool {
    let Some(r) = check::range(af, set) else {
        return false;
    };
    if r.iter().all(|&b| b) {
        return true;
    }
    let base = if complete {
        Base::Complete
    } else {
        Base::ConflictFree
    };
    let mut enc = Encoding::new(af, base, true);
    !enc.solve_strictly_above(&[], Which::Range, &r)
}
