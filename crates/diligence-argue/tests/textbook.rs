//! Textbook frameworks with hand-computed extensions.

use diligence_argue::{credulous, extensions, ideal_extension, sceptical, Framework, Semantics};
use Semantics::*;

fn af(n: usize, attacks: &[(usize, usize)]) -> Framework {
    Framework::new(n, attacks).expect("valid framework")
}

fn ee(af: &Framework, sem: Semantics) -> Vec<Vec<usize>> {
    extensions(af, sem, None)
}

#[test]
fn empty_framework_has_the_empty_extension_everywhere() {
    let af = af(0, &[]);
    for sem in Semantics::ALL {
        assert_eq!(ee(&af, sem), vec![Vec::<usize>::new()], "{sem:?}");
    }
}

#[test]
fn single_self_attacker() {
    let af = af(1, &[(0, 0)]);
    for sem in [Grounded, Complete, Preferred, SemiStable, Stage, Ideal] {
        assert_eq!(ee(&af, sem), vec![Vec::<usize>::new()], "{sem:?}");
    }
    assert!(ee(&af, Stable).is_empty());
    // No stable extension: sceptical acceptance is vacuous, credulous fails.
    assert!(
        sceptical(&af, Stable, 0)
            .expect("valid test input")
            .accepted
    );
    assert!(
        !credulous(&af, Stable, 0)
            .expect("valid test input")
            .accepted
    );
}

#[test]
fn odd_cycle() {
    let af = af(3, &[(0, 1), (1, 2), (2, 0)]);
    for sem in [Grounded, Complete, Preferred, SemiStable, Ideal] {
        assert_eq!(ee(&af, sem), vec![Vec::<usize>::new()], "{sem:?}");
    }
    assert!(ee(&af, Stable).is_empty());
    assert_eq!(ee(&af, Stage), vec![vec![0], vec![1], vec![2]]);
    assert!(credulous(&af, Stage, 1).expect("valid test input").accepted);
    assert!(!sceptical(&af, Stage, 1).expect("valid test input").accepted);
}

#[test]
fn even_cycles() {
    let two = af(2, &[(0, 1), (1, 0)]);
    for sem in [Preferred, Stable, SemiStable, Stage] {
        assert_eq!(ee(&two, sem), vec![vec![0], vec![1]], "{sem:?}");
    }
    assert_eq!(ee(&two, Complete), vec![vec![], vec![0], vec![1]]);
    assert_eq!(ee(&two, Grounded), vec![Vec::<usize>::new()]);
    let four = af(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
    assert_eq!(ee(&four, Preferred), vec![vec![0, 2], vec![1, 3]]);
    assert_eq!(ee(&four, Stable), vec![vec![0, 2], vec![1, 3]]);
    assert_eq!(ideal_extension(&four), Vec::<usize>::new());
}

#[test]
fn chain_reinstatement() {
    // 0 -> 1 -> 2 -> 3
    let af = af(4, &[(0, 1), (1, 2), (2, 3)]);
    for sem in Semantics::ALL {
        assert_eq!(ee(&af, sem), vec![vec![0, 2]], "{sem:?}");
    }
}

#[test]
fn floating_acceptance_separates_preferred_from_grounded_and_ideal() {
    // 0 <-> 1, both attack 2, 2 attacks 3.
    let af = af(4, &[(0, 1), (1, 0), (0, 2), (1, 2), (2, 3)]);
    assert_eq!(ee(&af, Preferred), vec![vec![0, 3], vec![1, 3]]);
    assert!(
        sceptical(&af, Preferred, 3)
            .expect("valid test input")
            .accepted
    );
    assert!(
        !sceptical(&af, Grounded, 3)
            .expect("valid test input")
            .accepted
    );
    assert!(
        !sceptical(&af, Complete, 3)
            .expect("valid test input")
            .accepted
    );
    // {3} is in every preferred extension but is not admissible on its own.
    assert_eq!(ideal_extension(&af), Vec::<usize>::new());
}

#[test]
fn ideal_can_exceed_grounded() {
    // 0 <-> 1, 1 <-> 1 (self-attack): 0 is in the only preferred extension
    // and defends itself, so the ideal extension is {0}; grounded is empty.
    let af = af(2, &[(0, 1), (1, 0), (1, 1)]);
    assert_eq!(ee(&af, Grounded), vec![Vec::<usize>::new()]);
    assert_eq!(ee(&af, Preferred), vec![vec![0]]);
    assert_eq!(ideal_extension(&af), vec![0]);
}

#[test]
fn stage_differs_from_semi_stable() {
    // 0 -> 1 -> 2 -> 0 (odd cycle) and 2 -> 3: no non-empty admissible set,
    // but the conflict-free sets {0, 3}, {1, 3} and {2} have maximal ranges.
    let af = af(4, &[(0, 1), (1, 2), (2, 0), (2, 3)]);
    assert_eq!(ee(&af, SemiStable), vec![Vec::<usize>::new()]);
    assert_eq!(ee(&af, Stage), vec![vec![0, 3], vec![1, 3], vec![2]]);
}

#[test]
fn out_of_range_queries_are_errors() {
    let af = af(2, &[(0, 1)]);
    assert!(credulous(&af, Preferred, 2).is_err());
    assert!(sceptical(&af, Stage, 9).is_err());
}

#[test]
fn enumeration_respects_the_limit() {
    // Five independent even cycles: 32 preferred extensions.
    let attacks: Vec<(usize, usize)> = (0..5)
        .flat_map(|i| [(2 * i, 2 * i + 1), (2 * i + 1, 2 * i)])
        .collect();
    let af = af(10, &attacks);
    assert_eq!(extensions(&af, Preferred, None).len(), 32);
    assert_eq!(extensions(&af, Preferred, Some(7)).len(), 7);
    assert_eq!(extensions(&af, Complete, None).len(), 243);
    assert_eq!(extensions(&af, Stage, Some(0)).len(), 0);
}
