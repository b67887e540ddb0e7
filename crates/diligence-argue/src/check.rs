//! Polynomial checks of set properties (conflict-free, admissible, complete,
//! stable, range) used to validate extensions and certificates.
//!
//! Sets are slices of 0-based argument indices; an index out of range makes
//! every check return `false`.

use crate::framework::Framework;

/// Membership vector of `set`, or `None` if it names an argument out of range.
pub fn membership(af: &Framework, set: &[usize]) -> Option<Vec<bool>> {
    let mut m = vec![false; af.len()];
    for &a in set {
        *m.get_mut(a)? = true;
    }
    Some(m)
}

/// The arguments attacked by `inside` (its "plus" set), as a membership vector.
fn attacked_by(af: &Framework, inside: &[bool]) -> Vec<bool> {
    let mut hit = vec![false; af.len()];
    for (a, _) in inside.iter().enumerate().filter(|(_, &i)| i) {
        for &t in af.targets(a) {
            hit[t as usize] = true;
        }
    }
    hit
}

/// The range of `set`: the set itself together with everything it attacks.
pub fn range(af: &Framework, set: &[usize]) -> Option<Vec<bool>> {
    let m = membership(af, set)?;
    let mut r = attacked_by(af, &m);
    for (ri, mi) in r.iter_mut().zip(&m) {
        *ri |= *mi;
    }
    Some(r)
}

/// No member attacks a member.
pub fn is_conflict_free(af: &Framework, set: &[usize]) -> bool {
    match membership(af, set) {
        Some(m) => cf(af, &m),
        None => false,
    }
}

fn cf(af: &Framework, m: &[bool]) -> bool {
    (0..af.len()).all(|a| !m[a] || af.targets(a).iter().all(|&t| !m[t as usize]))
}

/// Conflict-free, and every attacker of a member is attacked by the set.
pub fn is_admissible(af: &Framework, set: &[usize]) -> bool {
    let Some(m) = membership(af, set) else {
        return false;
    };
    cf(af, &m) && {
        let hit = attacked_by(af, &m);
        defended_all(af, &m, &hit)
    }
}

fn defended_all(af: &Framework, m: &[bool], hit: &[bool]) -> bool {
    (0..af.len()).all(|a| !m[a] || af.attackers(a).iter().all(|&b| hit[b as usize]))
}

/// Admissible, and contains every argument it defends.
pub fn is_complete(af: &Framework, set: &[usize]) -> bool {
    let Some(m) = membership(af, set) else {
        return false;
    };
    if !cf(af, &m) {
        return false;
    }
    let hit = attacked_by(af, &m);
    (0..af.len()).all(|a| {
        let defended = af.attackers(a).iter().all(|&b| hit[b as usize]);
        defended == m[a]
    })
}

/// Conflict-free, and attacks every argument outside it.
pub fn is_stable(af: &Framework, set: &[usize]) -> bool {
    let Some(m) = membership(af, set) else {
        return false;
    };
    cf(af, &m) && {
        let hit = attacked_by(af, &m);
        (0..af.len()).all(|a| m[a] || hit[a])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_on_a_small_framework() {
        // 0 <-> 1, 1 -> 2
        let af = Framework::new(3, &[(0, 1), (1, 0), (1, 2)]).expect("valid test input");
        assert!(is_conflict_free(&af, &[0, 2]));
        assert!(!is_conflict_free(&af, &[0, 1]));
        assert!(is_admissible(&af, &[0]));
        assert!(!is_admissible(&af, &[2]));
        assert!(!is_complete(&af, &[0]));
        assert!(is_complete(&af, &[0, 2]));
        assert!(is_complete(&af, &[]));
        assert!(is_stable(&af, &[1]));
        assert!(is_stable(&af, &[0, 2]));
        assert!(!is_stable(&af, &[0]));
        assert!(!is_admissible(&af, &[5]));
        assert_eq!(range(&af, &[0]), Some(vec![true, true, false]));
    }
}
