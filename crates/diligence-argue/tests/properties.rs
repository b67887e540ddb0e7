//! Property tests: every semantics and every task agrees with the brute-force
//! enumerator on random small frameworks.

mod common;

use common::Brute;
use diligence_argue::{
    credulous, extensions, iccma, is_extension, sceptical, some_extension, Audience, Framework,
    Semantics, ValueFramework,
};
use proptest::prelude::*;

/// Random frameworks with 0..=max_n arguments and a random attack density.
fn frameworks(max_n: usize) -> impl Strategy<Value = Framework> {
    frameworks_between(0, max_n)
}

/// Random frameworks with min_n..=max_n arguments and a random attack density.
fn frameworks_between(min_n: usize, max_n: usize) -> impl Strategy<Value = Framework> {
    (min_n..=max_n)
        .prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec(0u8..100, n * n),
                0u8..=100,
            )
        })
        .prop_map(|(n, coins, density)| {
            let mut attacks = Vec::new();
            for a in 0..n {
                for b in 0..n {
                    // Self-attacks are rarer than other attacks.
                    let bar = if a == b { density / 4 } else { density / 2 };
                    if coins[a * n + b] < bar {
                        attacks.push((a, b));
                    }
                }
            }
            Framework::new(n, &attacks).expect("in range")
        })
}

fn check_semantics(af: &Framework, sem: Semantics) -> Result<(), TestCaseError> {
    let brute = Brute::new(af);
    let expected = brute.extensions(sem);
    let name = sem.abbreviation();
    // EE
    prop_assert_eq!(&extensions(af, sem, None), &expected, "EE-{}", name);
    let limited = extensions(af, sem, Some(1));
    prop_assert_eq!(limited.len(), expected.len().min(1), "EE-{} limit 1", name);
    prop_assert!(limited.iter().all(|e| expected.contains(e)));
    // SE
    match some_extension(af, sem) {
        Some(e) => prop_assert!(expected.contains(&e), "SE-{} gave {:?}", name, e),
        None => prop_assert!(expected.is_empty(), "SE-{} said none", name),
    }
    // DC and DS with certificates
    for a in 0..af.len() {
        let dc = credulous(af, sem, a).expect("in range");
        let want = expected.iter().any(|e| e.contains(&a));
        prop_assert_eq!(dc.accepted, want, "DC-{} {}", name, a);
        match &dc.witness {
            Some(w) => prop_assert!(dc.accepted && w.contains(&a) && expected.contains(w)),
            None => prop_assert!(!dc.accepted),
        }
        let ds = sceptical(af, sem, a).expect("in range");
        let want = expected.iter().all(|e| e.contains(&a));
        prop_assert_eq!(ds.accepted, want, "DS-{} {}", name, a);
        match &ds.witness {
            Some(w) => prop_assert!(!ds.accepted && !w.contains(&a) && expected.contains(w)),
            None => prop_assert!(ds.accepted),
        }
    }
    // Verification of candidate sets.
    if af.len() <= 6 {
        for mask in 0u32..(1 << af.len()) {
            let set = brute.members(mask);
            prop_assert_eq!(
                is_extension(af, sem, &set),
                expected.contains(&set),
                "is_extension {} {:?}",
                name,
                set
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn grounded_matches_brute_force(af in frameworks(10)) {
        check_semantics(&af, Semantics::Grounded)?;
    }

    #[test]
    fn complete_matches_brute_force(af in frameworks(9)) {
        check_semantics(&af, Semantics::Complete)?;
    }

    #[test]
    fn preferred_matches_brute_force(af in frameworks(9)) {
        check_semantics(&af, Semantics::Preferred)?;
    }

    #[test]
    fn stable_matches_brute_force(af in frameworks(9)) {
        check_semantics(&af, Semantics::Stable)?;
    }

    #[test]
    fn semi_stable_matches_brute_force(af in frameworks(9)) {
        check_semantics(&af, Semantics::SemiStable)?;
    }

    #[test]
    fn stage_matches_brute_force(af in frameworks(9)) {
        check_semantics(&af, Semantics::Stage)?;
    }

    #[test]
    fn ideal_matches_brute_force(af in frameworks(9)) {
        check_semantics(&af, Semantics::Ideal)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Bigger frameworks exercise the multi-round loops (maximisation,
    /// counter-examples) more; brute force is still affordable at 12 arguments.
    #[test]
    fn all_semantics_on_larger_frameworks(af in frameworks_between(10, 12)) {
        for sem in Semantics::ALL {
            check_semantics(&af, sem)?;
        }
    }
}

/// The ICCMA text interface, end to end: parse, solve, print, re-read.
fn check_iccma(af: &Framework) -> Result<(), TestCaseError> {
    let brute = Brute::new(af);
    let mut text = format!("p af {}\n# a comment\n", af.len());
    for (a, b) in af.attack_list() {
        text.push_str(&format!("{} {}\n", a + 1, b + 1));
    }
    let read_w = |line: &str| -> Vec<usize> {
        let mut it = line.split(' ');
        assert_eq!(it.next(), Some("w"));
        it.map(|t| t.parse::<usize>().expect("number") - 1)
            .collect()
    };
    for task in iccma::problems() {
        let (kind, sem) = task.split_once('-').expect("TASK-SEM");
        let sem = Semantics::from_abbreviation(sem).expect("known semantics");
        let expected = brute.extensions(sem);
        if kind == "SE" {
            let out = iccma::solve(task, &text, None).expect("solves");
            if expected.is_empty() {
                prop_assert_eq!(out, "NO\n");
            } else {
                prop_assert!(out.ends_with('\n') && out.lines().count() == 1);
                let w = read_w(out.trim_end());
                prop_assert!(w.windows(2).all(|p| p[0] < p[1]), "ascending");
                prop_assert!(expected.contains(&w), "{} {:?}", task, w);
            }
            continue;
        }
        for a in 0..af.len() {
            let out = iccma::solve(task, &text, Some(a + 1)).expect("solves");
            let lines: Vec<&str> = out.lines().collect();
            let (yes, cert_expected) = if kind == "DC" {
                let yes = expected.iter().any(|e| e.contains(&a));
                (yes, yes)
            } else {
                let yes = expected.iter().all(|e| e.contains(&a));
                (yes, !yes)
            };
            prop_assert_eq!(
                lines[0],
                if yes { "YES" } else { "NO" },
                "{} {}",
                task,
                a + 1
            );
            prop_assert_eq!(lines.len(), if cert_expected { 2 } else { 1 });
            if cert_expected {
                let w = read_w(lines[1]);
                prop_assert!(expected.contains(&w));
                prop_assert_eq!(w.contains(&a), kind == "DC");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn iccma_solve_matches_brute_force(af in frameworks(7)) {
        check_iccma(&af)?;
    }

    #[test]
    fn parsers_never_panic(text in "(p af [0-9]{1,3}\n)?([-0-9 #a-z()p,.\t]{0,12}\n){0,8}") {
        let _ = iccma::parse_iccma(&text);
        let _ = iccma::parse_apx(&text);
        let _ = iccma::parse(&text);
        for task in ["DC-PR", "SE-ST", "DS-XX"] {
            let _ = iccma::solve(task, &text, Some(1));
            let _ = iccma::solve(task, &text, None);
        }
    }

    #[test]
    fn apx_and_iccma_agree(af in frameworks(8)) {
        let mut iccma_text = format!("p af {}\n", af.len());
        let mut apx = String::new();
        for a in 0..af.len() {
            apx.push_str(&format!("arg(a{a}).\n"));
        }
        for (a, b) in af.attack_list() {
            iccma_text.push_str(&format!("{} {}\n", a + 1, b + 1));
            apx.push_str(&format!("att(a{a},a{b}).\n"));
        }
        prop_assert_eq!(&iccma::parse_iccma(&iccma_text).expect("parses"), &af);
        prop_assert_eq!(&iccma::parse_apx(&apx).expect("parses").framework, &af);
        if !af.is_empty() {
            prop_assert_eq!(&iccma::parse(&apx).expect("parses"), &af);
        }
    }

    /// Bench-Capon: with a total audience and no cycle of attacks within one
    /// value, the defeat graph has exactly one preferred extension, which is
    /// also its grounded and its stable extension.
    #[test]
    fn value_based_total_audience_gives_unique_preferred(
        af in frameworks(8),
        seed in proptest::collection::vec(0usize..3, 8),
        perm in Just(vec![0usize, 1, 2]).prop_shuffle(),
    ) {
        let values: Vec<usize> = (0..af.len()).map(|a| seed[a]).collect();
        // Drop attacks that would close a single-value cycle (keep a <-forward-> order).
        let kept: Vec<(usize, usize)> = af
            .attack_list()
            .into_iter()
            .filter(|&(a, b)| values[a] != values[b] || a < b)
            .collect();
        let af = Framework::new(af.len(), &kept).expect("in range");
        let vaf = ValueFramework::new(af.clone(), values.clone(), 3).expect("valid");
        let audience = Audience::total(&perm).expect("a permutation");
        let defeats = vaf.defeat_graph(&audience);
        for (a, b) in defeats.attack_list() {
            prop_assert!(af.attacks(a, b));
            prop_assert!(!audience.prefers(values[b], values[a]));
        }
        let pr = extensions(&defeats, Semantics::Preferred, None);
        prop_assert_eq!(pr.len(), 1);
        prop_assert_eq!(&pr[0], &diligence_argue::grounded_extension(&defeats));
        prop_assert_eq!(extensions(&defeats, Semantics::Stable, None), pr);
    }
}
