//! The grounded labelling in linear time, and the least complete extension
//! containing a given admissible set, both by counter-based propagation.

use crate::framework::Framework;

/// The label of an argument in a labelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// Accepted: in the extension.
    In,
    /// Rejected: attacked by an accepted argument.
    Out,
    /// Neither.
    Undec,
}

/// The grounded labelling: IN is the grounded extension, OUT what it attacks.
///
/// Runs in O(arguments + attacks): every argument keeps a count of its
/// attackers that are not yet OUT and becomes IN when the count drops to 0.
pub fn grounded_labelling(af: &Framework) -> Vec<Label> {
    closure_labelling(af, &[])
}

/// The grounded extension, ascending.
pub fn grounded_extension(af: &Framework) -> Vec<usize> {
    in_args(&grounded_labelling(af))
}

/// The arguments labelled IN, ascending.
pub fn in_args(labels: &[Label]) -> Vec<usize> {
    labels
        .iter()
        .enumerate()
        .filter(|(_, &l)| l == Label::In)
        .map(|(a, _)| a)
        .collect()
}

/// The least complete labelling whose IN set contains `seed`.
///
/// `seed` must be admissible (then the result is the least complete extension
/// containing it, by Dung's fundamental lemma); with `seed` empty this is the
/// grounded labelling. Linear time.
pub(crate) fn closure_labelling(af: &Framework, seed: &[usize]) -> Vec<Label> {
    let n = af.len();
    let mut label = vec![Label::Undec; n];
    // Number of attackers of each argument that are not OUT yet.
    let mut alive: Vec<u32> = (0..n).map(|a| af.attackers(a).len() as u32).collect();
    let mut stack: Vec<u32> = (0..n as u32).filter(|&a| alive[a as usize] == 0).collect();
    stack.extend(seed.iter().map(|&a| a as u32));
    while let Some(a) = stack.pop() {
        let a = a as usize;
        if label[a] != Label::Undec {
            continue;
        }
        label[a] = Label::In;
        for &t in af.targets(a) {
            let t = t as usize;
            if label[t] != Label::Undec {
                continue;
            }
            label[t] = Label::Out;
            for &u in af.targets(t) {
                let u = u as usize;
                alive[u] -= 1;
                if alive[u] == 0 && label[u] == Label::Undec {
                    stack.push(u as u32);
                }
            }
        }
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_and_cycle() {
        // 0 -> 1 -> 2, 3 <-> 4, 4 -> 5
        let af =
            Framework::new(6, &[(0, 1), (1, 2), (3, 4), (4, 3), (4, 5)]).expect("valid test input");
        let l = grounded_labelling(&af);
        assert_eq!(
            l,
            vec![
                Label::In,
                Label::Out,
                Label::In,
                Label::Undec,
                Label::Undec,
                Label::Undec
            ]
        );
        assert_eq!(grounded_extension(&af), vec![0, 2]);
        // The least complete extension containing {3}.
        assert_eq!(in_args(&closure_labelling(&af, &[3])), vec![0, 2, 3, 5]);
    }

    #[test]
    fn self_attack_and_empty() {
        let af = Framework::new(2, &[(0, 0), (0, 1)]).expect("valid test input");
        assert_eq!(grounded_labelling(&af), vec![Label::Undec, Label::Undec]);
        assert!(grounded_extension(&Framework::default()).is_empty());
    }
}
