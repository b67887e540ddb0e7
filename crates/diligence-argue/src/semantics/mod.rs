//! Extension-based semantics and the reasoning tasks over them: credulous (DC)
//! and sceptical (DS) acceptance, one extension (SE), and enumeration (EE).
//!
//! Every complete-based semantics first computes the grounded labelling in
//! linear time. Arguments it labels IN or OUT decide many queries at once, and
//! the SAT encodings only see the sub-framework of the UNDEC arguments: the
//! complete (preferred, stable, semi-stable) extensions of the framework are
//! exactly the grounded extension joined with those of that sub-framework.

mod complete;
mod ideal;
mod preferred;
mod range;
mod stable;

use crate::check;
use crate::encode::{Base, Encoding};
use crate::error::Error;
use crate::framework::Framework;
use crate::grounded::{grounded_extension, grounded_labelling, in_args, Label};
use crate::sat::Lit;

/// An argumentation semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Semantics {
    /// The least complete extension (GR).
    Grounded,
    /// Admissible sets containing everything they defend (CO).
    Complete,
    /// Maximal admissible sets (PR).
    Preferred,
    /// Conflict-free sets attacking every outside argument (ST).
    Stable,
    /// Complete extensions with maximal range (SST).
    SemiStable,
    /// Conflict-free sets with maximal range (STG).
    Stage,
    /// The largest admissible set inside every preferred extension (ID).
    Ideal,
}

impl Semantics {
    /// Every semantics, in a fixed order.
    pub const ALL: [Semantics; 7] = [
        Semantics::Grounded,
        Semantics::Complete,
        Semantics::Preferred,
        Semantics::Stable,
        Semantics::SemiStable,
        Semantics::Stage,
        Semantics::Ideal,
    ];

    /// The ICCMA abbreviation: GR, CO, PR, ST, SST, STG, ID.
    pub fn abbreviation(self) -> &'static str {
        match self {
            Semantics::Grounded => "GR",
            Semantics::Complete => "CO",
            Semantics::Preferred => "PR",
            Semantics::Stable => "ST",
            Semantics::SemiStable => "SST",
            Semantics::Stage => "STG",
            Semantics::Ideal => "ID",
        }
    }

    /// Parses an ICCMA abbreviation (case-sensitive).
    pub fn from_abbreviation(s: &str) -> Option<Semantics> {
        Semantics::ALL
            .into_iter()
            .find(|sem| sem.abbreviation() == s)
    }
}

/// The answer to an acceptance question, with its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Is the argument accepted (credulously or sceptically, as asked)?
    pub accepted: bool,
    /// For a credulous YES: an extension containing the argument. For a
    /// sceptical NO: an extension not containing it. Otherwise `None`.
    /// Ascending argument indices.
    pub witness: Option<Vec<usize>>,
}

/// Credulous acceptance (DC): is `arg` in at least one `sem`-extension?
///
/// On YES the witness is such an extension.
pub fn credulous(af: &Framework, sem: Semantics, arg: usize) -> Result<Decision, Error> {
    af.check_arg(arg)?;
    let witness = match sem {
        Semantics::Grounded => unique_member(grounded_extension(af), arg),
        Semantics::Ideal => unique_member(ideal::ideal(&Reduced::new(af)), arg),
        Semantics::Complete => complete::credulous(af, &Reduced::new(af), arg),
        Semantics::Preferred => preferred::find(&Reduced::new(af), Some((arg, true))),
        Semantics::Stable => stable::find(&Reduced::new(af), Some((arg, true))),
        Semantics::SemiStable => range::find_semi_stable(&Reduced::new(af), Some((arg, true))),
        Semantics::Stage => range::find_stage(af, Some((arg, true))),
    };
    Ok(Decision {
        accepted: witness.is_some(),
        witness,
    })
}

/// Sceptical acceptance (DS): is `arg` in every `sem`-extension?
///
/// On NO the witness is an extension without `arg`. When there is no
/// extension at all (only possible for stable), every argument is accepted.
pub fn sceptical(af: &Framework, sem: Semantics, arg: usize) -> Result<Decision, Error> {
    af.check_arg(arg)?;
    let counter = match sem {
        Semantics::Grounded | Semantics::Complete => unique_non_member(grounded_extension(af), arg),
        Semantics::Ideal => unique_non_member(ideal::ideal(&Reduced::new(af)), arg),
        Semantics::Preferred => preferred::find(&Reduced::new(af), Some((arg, false))),
        Semantics::Stable => stable::find(&Reduced::new(af), Some((arg, false))),
        Semantics::SemiStable => range::find_semi_stable(&Reduced::new(af), Some((arg, false))),
        Semantics::Stage => range::find_stage(af, Some((arg, false))),
    };
    Ok(Decision {
        accepted: counter.is_none(),
        witness: counter,
    })
}

/// One `sem`-extension (SE), or `None` when there is none (only possible for stable).
pub fn some_extension(af: &Framework, sem: Semantics) -> Option<Vec<usize>> {
    match sem {
        Semantics::Grounded | Semantics::Complete => Some(grounded_extension(af)),
        Semantics::Ideal => Some(ideal::ideal(&Reduced::new(af))),
        Semantics::Preferred => preferred::find(&Reduced::new(af), None),
        Semantics::Stable => stable::find(&Reduced::new(af), None),
        Semantics::SemiStable => range::find_semi_stable(&Reduced::new(af), None),
        Semantics::Stage => range::find_stage(af, None),
    }
}

/// All `sem`-extensions (EE), at most `limit` of them when a limit is given.
///
/// Each extension is ascending; the list is sorted.
pub fn extensions(af: &Framework, sem: Semantics, limit: Option<usize>) -> Vec<Vec<usize>> {
    let limit = limit.unwrap_or(usize::MAX);
    if limit == 0 {
        return Vec::new();
    }
    let mut all = match sem {
        Semantics::Grounded => vec![grounded_extension(af)],
        Semantics::Ideal => vec![ideal::ideal(&Reduced::new(af))],
        Semantics::Complete => enumerate_models(&Reduced::new(af), Base::Complete, limit),
        Semantics::Stable => enumerate_models(&Reduced::new(af), Base::Stable, limit),
        Semantics::Preferred => preferred::enumerate(&Reduced::new(af), limit),
        Semantics::SemiStable => range::enumerate_semi_stable(&Reduced::new(af), limit),
        Semantics::Stage => range::enumerate_stage(af, limit),
    };
    all.sort();
    all
}

/// The ideal extension, ascending.
pub fn ideal_extension(af: &Framework) -> Vec<usize> {
    ideal::ideal(&Reduced::new(af))
}

/// Is `set` (any order, no duplicates needed) a `sem`-extension of `af`?
///
/// Polynomial for GR, CO, ST; one SAT call for PR, SST, STG; computes the
/// ideal extension for ID.
pub fn is_extension(af: &Framework, sem: Semantics, set: &[usize]) -> bool {
    let Some(m) = check::membership(af, set) else {
        return false;
    };
    let sorted = crate::encode::members(&m);
    match sem {
        Semantics::Grounded => sorted == grounded_extension(af),
        Semantics::Ideal => sorted == ideal_extension(af),
        Semantics::Complete => check::is_complete(af, &sorted),
        Semantics::Stable => check::is_stable(af, &sorted),
        // Both contain the grounded extension and avoid what it attacks, so
        // maximality only needs checking on the UNDEC part.
        Semantics::Preferred => {
            check::is_admissible(af, &sorted) && {
                let red = Reduced::new(af);
                red.project(&m)
                    .is_some_and(|sub_m| preferred::is_maximal(&red.sub, &sub_m))
            }
        }
        Semantics::SemiStable => {
            check::is_complete(af, &sorted) && {
                let red = Reduced::new(af);
                red.project(&m).is_some_and(|sub_m| {
                    range::is_range_maximal(&red.sub, &crate::encode::members(&sub_m), true)
                })
            }
        }
        Semantics::Stage => {
            check::is_conflict_free(af, &sorted) && range::is_range_maximal(af, &sorted, false)
        }
    }
}

fn unique_member(ext: Vec<usize>, arg: usize) -> Option<Vec<usize>> {
    ext.binary_search(&arg).is_ok().then_some(ext)
}

fn unique_non_member(ext: Vec<usize>, arg: usize) -> Option<Vec<usize>> {
    ext.binary_search(&arg).is_err().then_some(ext)
}

/// A framework split by its grounded labelling: the IN and OUT arguments are
/// settled, the UNDEC ones form the sub-framework `sub`.
pub(crate) struct Reduced {
    /// Grounded labelling of the original framework.
    pub(crate) labels: Vec<Label>,
    /// The sub-framework induced by the UNDEC arguments.
    pub(crate) sub: Framework,
    /// Original index of each argument of `sub`.
    pub(crate) to_orig: Vec<usize>,
    /// Index in `sub` of each original argument (`u32::MAX` if settled).
    pub(crate) to_sub: Vec<u32>,
}

impl Reduced {
    pub(crate) fn new(af: &Framework) -> Reduced {
        let labels = grounded_labelling(af);
        let keep: Vec<bool> = labels.iter().map(|&l| l == Label::Undec).collect();
        let (sub, to_orig) = af.restrict(&keep);
        let mut to_sub = vec![u32::MAX; af.len()];
        for (i, &a) in to_orig.iter().enumerate() {
            to_sub[a] = i as u32;
        }
        Reduced {
            labels,
            sub,
            to_orig,
            to_sub,
        }
    }

    /// The grounded extension of the original framework.
    pub(crate) fn grounded(&self) -> Vec<usize> {
        in_args(&self.labels)
    }

    /// The original-framework extension made of the grounded extension and the
    /// sub-framework set `m` (membership over `sub`), ascending.
    pub(crate) fn lift(&self, m: &[bool]) -> Vec<usize> {
        let mut out = self.grounded();
        out.extend(
            m.iter()
                .enumerate()
                .filter(|(_, &b)| b)
                .map(|(i, _)| self.to_orig[i]),
        );
        out.sort_unstable();
        out
    }

    /// The part of `m` (membership over the original framework) on `sub`, or
    /// `None` if `m` misses a grounded argument or contains one it attacks.
    pub(crate) fn project(&self, m: &[bool]) -> Option<Vec<bool>> {
        let settled_ok = self.labels.iter().zip(m).all(|(&l, &inside)| match l {
            Label::In => inside,
            Label::Out => !inside,
            Label::Undec => true,
        });
        settled_ok.then(|| self.to_orig.iter().map(|&a| m[a]).collect())
    }

    /// What the grounded labelling says about a query `(arg, want_in)`:
    /// `Some(true)` if it is settled as satisfied by every complete extension,
    /// `Some(false)` if by none, `None` if `arg` is UNDEC (then `sub_index` is valid).
    pub(crate) fn settled(&self, arg: usize, want_in: bool) -> Option<bool> {
        match self.labels[arg] {
            Label::In => Some(want_in),
            Label::Out => Some(!want_in),
            Label::Undec => None,
        }
    }

    /// Translates a query on an UNDEC argument to a query on `sub`.
    pub(crate) fn sub_query(&self, arg: usize) -> usize {
        self.to_sub[arg] as usize
    }
}

/// A query "the extension contains (`true`) / avoids (`false`) this argument".
pub(crate) type Query = Option<(usize, bool)>;

/// Up to `limit` extensions whose labellings are exactly the models of the
/// `base` encoding (complete, stable), each blocked once found.
pub(super) fn enumerate_models(red: &Reduced, base: Base, limit: usize) -> Vec<Vec<usize>> {
    let mut enc = Encoding::new(&red.sub, base, false);
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
