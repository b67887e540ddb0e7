//! The checks on the debate's argument titles and on the membership lists,
//! run on the shipped data with one thing broken at a time.

use diligence_kb::knowledge_base::embedded_files;
use diligence_kb::KnowledgeBase;

/// The shipped files with `path`'s text passed through `edit`.
fn with(path: &str, edit: impl Fn(&str) -> String) -> Vec<(String, Vec<u8>)> {
    let mut files = embedded_files();
    let file = files.iter_mut().find(|(p, _)| p == path).expect(path);
    let text = String::from_utf8(file.1.clone()).expect("utf-8");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing in {path}");
    file.1 = edited.into_bytes();
    files
}

fn errors(files: Vec<(String, Vec<u8>)>) -> String {
    match KnowledgeBase::from_files(files) {
        Ok(_) => panic!("the broken data loaded"),
        Err(e) => e
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

const ARGUMENTS: &str = "debate/arguments.toml";
const AU: &str = "memberships/african-union.toml";

#[test]
fn every_shipped_argument_has_a_short_unique_title() {
    let kb = KnowledgeBase::embedded().expect("valid");
    let mut seen = std::collections::HashSet::new();
    for a in &kb.debate.arguments {
        assert!(!a.title.trim().is_empty(), "{}", a.id);
        assert!(
            a.title.chars().count() <= diligence_kb::debate::TITLE_MAX,
            "{}",
            a.id
        );
        assert!(seen.insert(a.title.to_lowercase()), "{}", a.title);
    }
}

#[test]
fn a_missing_empty_repeated_or_long_title_is_rejected() {
    let kb = KnowledgeBase::embedded().expect("valid");
    let (first, second) = (&kb.debate.arguments[0], &kb.debate.arguments[1]);
    let line = |t: &str| format!("title = \"{t}\"\n");
    let missing = errors(with(ARGUMENTS, |s| s.replacen(&line(&first.title), "", 1)));
    assert!(missing.contains("title"), "{missing}");
    let empty = errors(with(ARGUMENTS, |s| {
        s.replacen(&line(&first.title), &line(" "), 1)
    }));
    assert!(
        empty.contains(&format!("argument `{}` has an empty title", first.id)),
        "{empty}"
    );
    let repeated = errors(with(ARGUMENTS, |s| {
        s.replacen(&line(&second.title), &line(&first.title), 1)
    }));
    assert!(
        repeated.contains(&format!("argument `{}`: the title", second.id)),
        "{repeated}"
    );
    let long = "x".repeat(diligence_kb::debate::TITLE_MAX + 1);
    let too_long = errors(with(ARGUMENTS, |s| {
        s.replacen(&line(&first.title), &line(&long), 1)
    }));
    assert!(
        too_long.contains(&format!("{} characters", long.len())),
        "{too_long}"
    );
}

#[test]
fn the_african_union_list_loads_with_as_many_members_as_its_profile_says() {
    let kb = KnowledgeBase::embedded().expect("valid");
    let m = kb
        .membership("african-union-2024")
        .expect("the AU's members");
    let profile = kb.profile(&m.organisation).expect("the AU's profile");
    assert_eq!(Some(m.members.len()), profile.members.map(usize::from));
    // A State with a position of its own is still listed if it is a member:
    // the list is a fact list, independent of the profiles.
    assert!(m.member("KEN").is_some() && m.member("FRA").is_none());
}

#[test]
fn a_broken_membership_list_is_rejected() {
    let unknown = errors(with(AU, |s| {
        s.replacen(
            "organisation = \"african-union-2024\"",
            "organisation = \"no-such-union\"",
            1,
        )
    }));
    assert!(
        unknown.contains("unknown organisation profile `no-such-union`"),
        "{unknown}"
    );
    let not_org = errors(with(AU, |s| {
        s.replacen(
            "organisation = \"african-union-2024\"",
            "organisation = \"fra-2019\"",
            1,
        )
    }));
    assert!(
        not_org.contains("not the profile of an organisation"),
        "{not_org}"
    );
    let bad_code = errors(with(AU, |s| {
        s.replacen("alpha3 = \"KEN\"", "alpha3 = \"KENY\"", 1)
    }));
    assert!(
        bad_code.contains("alpha3 `KENY` is not three upper-case letters"),
        "{bad_code}"
    );
    let one_less = errors(with(AU, |s| {
        let i = s.find("[[members]]").expect("a member");
        let j = s[i + 1..].find("[[members]]").expect("two") + i + 1;
        format!("{}{}", &s[..i], &s[j..])
    }));
    assert!(
        one_less.contains("members listed, but the profile"),
        "{one_less}"
    );
}
