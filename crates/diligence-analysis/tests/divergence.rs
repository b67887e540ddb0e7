//! The fact-space analyses agree with a straightforward one-situation-at-a-
//! time evaluation of the shipped profiles, and their matrices and minimal
//! pairs have the properties they claim.

use diligence_analysis::distinguish::{changed_facts, closest};
use diligence_analysis::{Dendrogram, Divergence, Partition};
use diligence_core::{space, status_of, Profile, Status};
use diligence_kb::KnowledgeBase;

fn profiles() -> Vec<&'static Profile> {
    KnowledgeBase::embedded()
        .expect("shipped data is valid")
        .profiles
        .iter()
        .collect()
}

#[test]
fn counts_equal_a_situation_by_situation_evaluation() {
    let profiles = profiles();
    let partition = Partition::of(&profiles);
    let d = Divergence::of(&partition);
    assert_eq!(d.situations, 207_360);
    let n = profiles.len();
    let mut per_status = vec![[0u64; 6]; n];
    let mut disagreements = vec![vec![0u64; n]; n];
    let mut breach_only = vec![vec![0u64; n]; n];
    for facts in space::all() {
        let statuses: Vec<Status> = profiles.iter().map(|p| status_of(p, &facts).0).collect();
        for i in 0..n {
            per_status[i][statuses[i] as usize] += 1;
            for j in 0..n {
                disagreements[i][j] += u64::from(statuses[i] != statuses[j]);
                breach_only[i][j] +=
                    u64::from(statuses[i] == Status::Breach && statuses[j] != Status::Breach);
            }
        }
    }
    assert_eq!(d.disagreements, disagreements);
    assert_eq!(d.breach_only, breach_only);
    for (i, p) in profiles.iter().enumerate() {
        for s in Status::ALL {
            assert_eq!(
                d.distribution[&p.id][s], per_status[i][*s as usize],
                "{} {s}",
                p.id
            );
        }
    }
    let classes: u64 = partition.classes.iter().map(|c| c.count).sum();
    assert_eq!(classes, d.situations);
}

#[test]
fn matrices_are_symmetric_with_a_zero_diagonal() {
    let d = Divergence::of(&Partition::of(&profiles()));
    let n = d.profiles.len();
    for i in 0..n {
        assert_eq!(d.disagreements[i][i], 0);
        assert_eq!(d.breach_disagreements[i][i], 0);
        for j in 0..n {
            assert_eq!(d.disagreements[i][j], d.disagreements[j][i]);
            assert_eq!(d.breach_disagreements[i][j], d.breach_disagreements[j][i]);
            assert!(d.breach_disagreements[i][j] <= d.disagreements[i][j]);
        }
    }
}

#[test]
fn distinguishing_situations_differ_and_are_minimal() {
    let profiles = profiles();
    let kb = KnowledgeBase::embedded().expect("valid");
    let from = kb
        .scenario("ransomware-hospitals-notified")
        .expect("example")
        .scenario
        .facts;
    for (a, b) in [
        ("tallinn-manual-2", "gge-2021"),
        ("corfu-channel-literal", "coco-dias-2021"),
        ("usa-2021", "fra-2019"),
    ] {
        let pa = profiles.iter().find(|p| p.id == a).expect("profile");
        let pb = profiles.iter().find(|p| p.id == b).expect("profile");
        let found = closest(pa, pb, &from);
        assert!(!found.is_empty(), "{a} and {b} never differ");
        let least = found[0].changed.len();
        for x in &found {
            assert_ne!(status_of(pa, &x.facts).0, status_of(pb, &x.facts).0);
            assert_eq!(x.changed.len(), least);
        }
        // No situation closer than `least` separates them.
        for facts in space::all() {
            if changed_facts(&from, &facts).len() < least {
                assert_eq!(
                    status_of(pa, &facts).0,
                    status_of(pb, &facts).0,
                    "{a} vs {b} closer than {least}"
                );
            }
        }
    }
}

#[test]
fn identical_profiles_never_differ() {
    let profiles = profiles();
    let p = profiles[1];
    let from = space::situation(0).expect("in range").into();
    assert!(closest(p, p, &from).is_empty());
}

#[test]
fn the_dendrogram_merges_every_profile_once_in_increasing_distance() {
    let d = Divergence::of(&Partition::of(&profiles()));
    let tree = Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations);
    assert_eq!(tree.merges.len(), d.profiles.len() - 1);
    let mut order = tree.leaf_order();
    order.sort_unstable();
    assert_eq!(order, (0..d.profiles.len()).collect::<Vec<_>>());
    assert_eq!(tree.merges.last().map(|m| m.size), Some(d.profiles.len()));
    let text = tree.to_text();
    for id in &d.profiles {
        assert!(text.contains(id.as_str()));
    }
}

#[test]
fn from_an_uncertain_scenario_its_own_completions_are_at_distance_zero() {
    let profiles = profiles();
    let kb = KnowledgeBase::embedded().expect("valid");
    let known = kb
        .scenario("ransomware-hospitals-notified")
        .expect("example")
        .scenario
        .facts;
    // With knowledge unknown, the literal Corfu reading (actual knowledge)
    // and GGE 2021 (notification) part within the scenario itself.
    let from = known.with(
        diligence_core::Fact::Knowledge,
        diligence_core::Values::all(diligence_core::Fact::Knowledge),
    );
    let pa = profiles
        .iter()
        .find(|p| p.id == "corfu-channel-literal")
        .expect("profile");
    let pb = profiles
        .iter()
        .find(|p| p.id == "gge-2021")
        .expect("profile");
    let found = closest(pa, pb, &from);
    assert!(!found.is_empty());
    for x in &found {
        assert!(x.changed.is_empty());
        assert!(from.contains(&x.facts));
        assert_ne!(status_of(pa, &x.facts).0, status_of(pb, &x.facts).0);
    }
}

/// The heat map's axes read the names it is given, shortened with an
/// ellipsis past forty characters, and keep the whole names in the cells'
/// tooltips; no profile id is left on an axis.
#[test]
fn heat_map_axes_are_labelled_with_names() {
    let all = profiles();
    let picked: Vec<&Profile> = all.iter().take(4).copied().collect();
    let d = Divergence::of(&Partition::of(&picked));
    let tree = Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations);
    let long = |id: &str| format!("The reading called {id}, with a long descriptive name");
    let svg = diligence_analysis::svg::divergence_svg_named(&d, &tree, long);
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
        })
        .map(|(text, _)| text)
        .collect();
    for p in &picked {
        let whole = long(&p.id);
        let axis = format!("{}…", whole.chars().take(39).collect::<String>().trim_end());
        assert_eq!(
            texts.iter().filter(|t| **t == axis).count(),
            2,
            "{} labels a row and a column: {texts:?}",
            p.id
        );
        assert!(
            !texts.contains(&p.id.as_str()),
            "{} is on an axis as an id",
            p.id
        );
        assert!(
            svg.contains(&format!("<title>{whole} / ")),
            "{whole} whole in a tooltip"
        );
    }
}
