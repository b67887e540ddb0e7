//! A thin wrapper around the incremental SAT solver (batsat, a pure-Rust
//! descendant of MiniSat): variables, clauses, solving under assumptions, models.
//!
//! Everything else in the crate talks to the solver through this module, so the
//! backend can be swapped in one place.

use crate::error::Error;
use batsat::{lbool, BasicSolver, SolverInterface};
use std::cell::Cell;
use std::time::Instant;

pub(crate) use batsat::Lit;

thread_local! {
    /// The deadline of the innermost [`with_deadline`] on this thread.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Set once a solver call on this thread was cut short by the deadline.
    static EXPIRED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with a time limit on every SAT call it makes (on this thread).
///
/// Once the deadline passes, SAT calls give up at once and report
/// "unsatisfiable", which makes every algorithm in this crate wind down
/// quickly; the (then meaningless) result of `f` is discarded and
/// [`Error::Timeout`] returned instead. Polynomial work (parsing, grounded
/// labelling) is not interrupted.
pub fn with_deadline<T>(deadline: Instant, f: impl FnOnce() -> T) -> Result<T, Error> {
    let outer_deadline = DEADLINE.with(|d| d.replace(Some(deadline)));
    let outer_expired = EXPIRED.with(|e| e.replace(false));
    let result = f();
    let expired = EXPIRED.with(|e| e.replace(outer_expired));
    DEADLINE.with(|d| d.set(outer_deadline));
    if expired {
        Err(Error::Timeout)
    } else {
        Ok(result)
    }
}

/// An incremental SAT solver.
pub(crate) struct Sat {
    solver: BasicSolver,
    scratch: Vec<Lit>,
}

impl Sat {
    /// An empty solver.
    pub(crate) fn new() -> Sat {
        let mut solver = BasicSolver::default();
        if let Some(deadline) = DEADLINE.with(Cell::get) {
            // Looking at the clock is cheap next to the work between two checks.
            solver.cb_mut().set_stop(move || {
                let late = Instant::now() >= deadline;
                if late {
                    EXPIRED.with(|e| e.set(true));
                }
                late
            });
        }
        Sat {
            solver,
            scratch: Vec::new(),
        }
    }

    /// A fresh variable, returned as its positive literal.
    pub(crate) fn new_lit(&mut self) -> Lit {
        Lit::new(self.solver.new_var_default(), true)
    }

    /// A fresh variable the solver tries `true` first when it branches on it.
    pub(crate) fn new_lit_prefer_true(&mut self) -> Lit {
        Lit::new(self.solver.new_var(lbool::TRUE, true), true)
    }

    /// Adds a clause (a disjunction). An empty clause makes the formula unsatisfiable.
    pub(crate) fn add_clause(&mut self, lits: &[Lit]) {
        self.scratch.clear();
        self.scratch.extend_from_slice(lits);
        // `false` means the formula is now unsatisfiable at level 0; the solver
        // remembers that and every later `solve` answers `false`.
        let _ = self.solver.add_clause_reuse(&mut self.scratch);
    }

    /// Is the formula satisfiable with all `assumptions` true?
    ///
    /// Under an expired [`with_deadline`] this answers `false` at once.
    pub(crate) fn solve(&mut self, assumptions: &[Lit]) -> bool {
        if EXPIRED.with(Cell::get) {
            return false;
        }
        self.solver.solve_limited(assumptions) == lbool::TRUE
    }

    /// The value of `lit` in the last model (only meaningful after `solve` returned true).
    pub(crate) fn value(&self, lit: Lit) -> bool {
        self.solver.value_lit(lit) == lbool::TRUE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_with_assumptions() {
        let mut s = Sat::new();
        let a = s.new_lit();
        let b = s.new_lit();
        s.add_clause(&[a, b]);
        assert!(s.solve(&[!a]));
        assert!(s.value(b));
        s.add_clause(&[!b]);
        assert!(!s.solve(&[!a]));
        assert!(s.solve(&[]));
        assert!(s.value(a));
        s.add_clause(&[]);
        assert!(!s.solve(&[]));
    }

    #[test]
    fn deadlines_interrupt_and_restore() {
        let past = Instant::now();
        let r = with_deadline(past, || {
            let mut s = Sat::new();
            let a = s.new_lit();
            s.add_clause(&[a]);
            s.solve(&[])
        });
        assert_eq!(r, Err(Error::Timeout));
        // Outside the deadline everything works again.
        let mut s = Sat::new();
        let a = s.new_lit();
        s.add_clause(&[a]);
        assert!(s.solve(&[]));
        let far = Instant::now() + std::time::Duration::from_secs(3600);
        assert_eq!(with_deadline(far, || 7), Ok(7));
    }
}
