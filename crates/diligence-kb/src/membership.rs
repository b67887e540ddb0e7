//! The member States of an organisation, as a reviewed fact list under
//! `data/memberships/`: which States an organisation's position speaks for
//! when they have no position of their own (the map draws them through it).

use serde::{Deserialize, Serialize};

/// One member State.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// ISO 3166-1 alpha-2 code.
    pub alpha2: String,
    /// ISO 3166-1 alpha-3 code, as the map and the profiles' `state` use it.
    pub alpha3: String,
    /// The State's name.
    pub name: String,
}

/// The members of one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The id of the organisation's profile.
    pub organisation: String,
    /// The organisation's position that speaks for its members, as readers
    /// see it after "through" ("the Common African Position").
    pub position: String,
    /// Its member States.
    pub members: Vec<Member>,
    /// The data file it was loaded from (relative to `data/`).
    #[serde(skip)]
    pub file: String,
}

impl Membership {
    /// The member with this alpha-3 code.
    pub fn member(&self, alpha3: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.alpha3 == alpha3)
    }
}

/// Problems with one membership list, as sentences: malformed or repeated
/// codes, empty names, an empty list.
pub fn problems(m: &Membership) -> Vec<String> {
    let mut out = Vec::new();
    let upper = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_uppercase());
    if m.position.trim().is_empty() {
        out.push(format!("`{}`: the position is empty", m.organisation));
    }
    if m.members.is_empty() {
        out.push(format!(
            "`{}`: the list of members is empty",
            m.organisation
        ));
    }
    let mut seen2 = std::collections::HashSet::new();
    let mut seen3 = std::collections::HashSet::new();
    for x in &m.members {
        if !upper(&x.alpha2, 2) {
            out.push(format!(
                "member `{}`: alpha2 `{}` is not two upper-case letters",
                x.name, x.alpha2
            ));
        }
        if !upper(&x.alpha3, 3) {
            out.push(format!(
                "member `{}`: alpha3 `{}` is not three upper-case letters",
                x.name, x.alpha3
            ));
        }
        if x.name.trim().is_empty() {
            out.push(format!("member `{}`: the name is empty", x.alpha3));
        }
        if !seen2.insert(x.alpha2.as_str()) {
            out.push(format!("alpha2 `{}` is listed twice", x.alpha2));
        }
        if !seen3.insert(x.alpha3.as_str()) {
            out.push(format!("alpha3 `{}` is listed twice", x.alpha3));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(a2: &str, a3: &str, name: &str) -> Member {
        Member {
            alpha2: a2.into(),
            alpha3: a3.into(),
            name: name.into(),
        }
    }

    #[test]
    fn problems_name_each_fault() {
        let ok = Membership {
            organisation: "x".into(),
            position: "the x position".into(),
            members: vec![member("KE", "KEN", "Kenya"), member("GH", "GHA", "Ghana")],
            file: String::new(),
        };
        assert!(problems(&ok).is_empty());
        let bad = Membership {
            members: vec![
                member("KE", "KEN", "Kenya"),
                member("KE", "ken", " "),
                member("K", "KEN", "Kenya again"),
            ],
            ..ok
        };
        let p = problems(&bad);
        for want in [
            "alpha2 `KE` is listed twice",
            "alpha3 `ken` is not three",
            "the name is empty",
            "alpha2 `K` is not two",
            "alpha3 `KEN` is listed twice",
        ] {
            assert!(
                p.iter().any(|x| x.contains(want)),
                "{want} missing in {p:?}"
            );
        }
        let empty = Membership {
            members: vec![],
            ..bad
        };
        assert_eq!(problems(&empty).len(), 1);
    }
}
