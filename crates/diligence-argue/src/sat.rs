//! A thin wrapper around the incremental SAT solver (batsat, a pure-Rust
//! descendant of MiniSat): variables, clauses, solving under assumptions, models.
//!
//! Everything else in the crate talks to the solver through this module, so the
//! backend can be swapped in one place.

use batsat::{lbool, BasicSolver, SolverInterface};

pub(crate) use batsat::Lit;

/// An incremental SAT solver.
pub(crate) struct Sat {
    solver: BasicSolver,
    scratch: Vec<Lit>,
}

impl Sat {
    /// An empty solver.
    pub(crate) fn new() -> Sat {
        Sat {
            solver: BasicSolver::default(),
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
    pub(crate) fn solve(&mut self, assumptions: &[Lit]) -> bool {
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
}
