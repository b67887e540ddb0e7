//! Validation of the knowledge base as a whole (`diligence check`): unknown
//! authority ids, duplicate ids, parameters without a citation or pinpoint,
//! inferred values without a reason, malformed ids, and example scenarios
//! whose expected statuses name unknown profiles.

use crate::error::DataError;
use crate::knowledge_base::KnowledgeBase;
use crate::source::find;
use diligence_core::citation::{Citation, Coded, Provenance};
use diligence_core::profile::ProfileKind;
use diligence_core::Profile;
use std::collections::HashSet;

/// Every problem in the knowledge base; empty when it is valid.
pub fn check(kb: &KnowledgeBase) -> Vec<DataError> {
    let mut errors = Vec::new();
    let known: HashSet<&str> = kb.authorities.iter().map(|a| a.id.as_str()).collect();

    let mut seen = HashSet::new();
    for a in &kb.authorities {
        let file = "authorities/";
        if !seen.insert(a.id.as_str()) {
            errors.push(err(
                file,
                None,
                format!("duplicate authority id `{}`", a.id),
            ));
        }
        if !is_kebab(&a.id) {
            errors.push(err(
                file,
                None,
                format!("authority id `{}` is not lower-case kebab-case", a.id),
            ));
        }
        if a.known_from.is_empty() {
            errors.push(err(
                file,
                None,
                format!("authority `{}`: `known_from` is empty", a.id),
            ));
        }
        for q in &a.quotes {
            let words = q.text.split_whitespace().count();
            if words > 60 {
                errors.push(err(
                    file,
                    None,
                    format!(
                        "authority `{}`: a quotation of {words} words is not short (60 at most)",
                        a.id
                    ),
                ));
            }
        }
    }

    let mut seen = HashSet::new();
    for p in &kb.profiles {
        let (file, text) = kb.profile_file(&p.id).unwrap_or(("profiles/", ""));
        let mut report = |needle: &str, message: String| {
            errors.push(DataError {
                file: file.to_string(),
                position: find(text, needle),
                message,
            });
        };
        if !seen.insert(p.id.as_str()) {
            report(&p.id, format!("duplicate profile id `{}`", p.id));
        }
        check_profile_shape(p, &mut report);
        let mut unknown: Vec<(&str, Vec<String>)> = Vec::new();
        for (what, cite) in citations(p) {
            if !known.contains(cite.authority.as_str()) {
                match unknown.iter_mut().find(|(id, _)| *id == cite.authority) {
                    Some((_, places)) => places.push(what),
                    None => unknown.push((cite.authority.as_str(), vec![what])),
                }
            }
        }
        for (id, places) in unknown {
            let shown: Vec<&str> = places.iter().take(3).map(String::as_str).collect();
            let more = if places.len() > 3 {
                format!(" and {} more", places.len() - 3)
            } else {
                String::new()
            };
            report(
                &format!("\"{id}\""),
                format!(
                    "unknown authority id `{id}` (cited in {}{more})",
                    shown.join(", ")
                ),
            );
        }
        for c in &p.classifications {
            if !known.contains(c.by.as_str())
                && citations(p).iter().all(|(_, x)| x.authority != c.by)
            {
                report(
                    &format!("\"{}\"", c.by),
                    format!("classifications: unknown authority id `{}`", c.by),
                );
            }
        }
        for (what, provenance, cite, reason) in coded_values(p) {
            if provenance == Provenance::Explicit && cite.is_empty() {
                report(
                    what.as_str(),
                    format!("{what}: explicit but cites no authority"),
                );
            }
            if provenance == Provenance::Inferred && reason.is_none_or(|r| r.trim().is_empty()) {
                report(
                    what.as_str(),
                    format!("{what}: inferred but gives no `reason`"),
                );
            }
            if !cite
                .iter()
                .any(|c| c.pinpoint.as_deref().is_some_and(|p| !p.trim().is_empty()))
            {
                report(
                    what.as_str(),
                    format!("{what}: no citation with a pinpoint"),
                );
            }
        }
    }

    errors.extend(check_debate(&kb.debate, &known));
    errors.extend(check_memberships(kb));
    let opens_countermeasures = kb
        .profiles
        .iter()
        .flat_map(|p| &p.obligations)
        .any(|o| o.countermeasures.value);
    if opens_countermeasures && !known.contains(diligence_core::countermeasures::AUTHORITY) {
        errors.push(err(
            "authorities/",
            None,
            format!(
                "profiles open countermeasures, whose conditions cite the authority `{}` (the \
                 International Law Commission's articles on State responsibility, arts 49-53), \
                 but no authority has that id",
                diligence_core::countermeasures::AUTHORITY
            ),
        ));
    }
    errors.extend(crate::fidelity::provenance(kb));
    errors.extend(crate::fidelity::forbidden_words(kb));

    let profile_ids: HashSet<&str> = kb.profiles.iter().map(|p| p.id.as_str()).collect();
    for s in &kb.scenarios {
        for e in &s.scenario.expected {
            if !profile_ids.contains(e.profile.as_str()) {
                errors.push(DataError {
                    file: s.file.clone(),
                    position: Some(crate::source::Position {
                        line: e.line,
                        column: 1,
                    }),
                    message: format!("expected: unknown profile id `{}`", e.profile),
                });
            }
        }
        if s.scenario.catalogue.is_some() && !s.scenario.facts.is_definite() {
            errors.push(DataError {
                file: s.file.clone(),
                position: find(&s.text, "catalogue"),
                message: "catalogue: an entry of the beyond-cyber catalogue must give one value \
                          for every fact"
                    .to_string(),
            });
        }
        for c in &s.scenario.sources {
            if !known.contains(c.authority.as_str()) {
                errors.push(DataError {
                    file: s.file.clone(),
                    position: find(&s.text, &c.authority),
                    message: format!("sources: unknown authority id `{}`", c.authority),
                });
            }
        }
    }
    errors
}

fn err(file: &str, position: Option<crate::source::Position>, message: String) -> DataError {
    DataError {
        file: file.to_string(),
        position,
        message,
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_profile_shape(p: &Profile, report: &mut impl FnMut(&str, String)) {
    if !is_kebab(&p.id) {
        report(
            &p.id,
            format!("profile id `{}` is not lower-case kebab-case", p.id),
        );
    }
    if p.sources.is_empty() {
        report(
            "sources",
            "`sources` is empty: a profile must cite the texts it codes".into(),
        );
    }
    match p.kind {
        ProfileKind::State => match &p.state {
            Some(code) if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) => {
                let want = format!("{}-{}", code.to_lowercase(), p.year);
                if p.id != want {
                    report("id", format!("a State's profile id is its ISO code and year: expected `{want}`, found `{}`", p.id));
                }
            }
            _ => report(
                "state",
                "a State's profile needs `state`, its ISO 3166-1 alpha-3 code".into(),
            ),
        },
        ProfileKind::Doctrine if p.order.is_none() => {
            report(
                "id",
                "a doctrine needs `order`, its place in listings".into(),
            );
        }
        _ => {}
    }
    let mut ids = HashSet::new();
    for ob in &p.obligations {
        if !ids.insert(ob.id.as_str()) {
            report(&ob.id, format!("duplicate obligation id `{}`", ob.id));
        }
        if ob.domains.value.is_empty() {
            report(
                "domains",
                format!("obligation `{}`: `domains` is an empty list", ob.id),
            );
        }
        if ob.conduct.value.is_empty() {
            report(
                "conduct",
                format!("obligation `{}`: `conduct` is empty", ob.id),
            );
        }
    }
}

/// Every citation of a profile, with where it stands.
fn citations(p: &Profile) -> Vec<(String, &Citation)> {
    let mut out: Vec<(String, &Citation)> = p
        .sources
        .iter()
        .map(|c| ("sources".to_string(), c))
        .collect();
    for (what, _, cite, _) in coded_values(p) {
        out.extend(cite.iter().map(|c| (what.clone(), c)));
    }
    out
}

type CodedRef<'a> = (String, Provenance, &'a [Citation], Option<&'a str>);

/// Every coded value of a profile: where it stands, provenance, citations, reason.
fn coded_values(p: &Profile) -> Vec<CodedRef<'_>> {
    fn one<'a, T>(what: &str, c: &'a Coded<T>) -> CodedRef<'a> {
        (what.to_string(), c.provenance, &c.cite, c.reason.as_deref())
    }
    let a = &p.answers;
    let mut out = vec![
        one("basis", &p.basis),
        one("answers.legal_status", &a.legal_status),
        one("answers.scope_of_conduct", &a.scope_of_conduct),
        one("answers.knowledge", &a.knowledge),
        one("answers.harm_threshold", &a.harm_threshold),
    ];
    for ob in &p.obligations {
        for param in ob.parameters() {
            out.push((
                format!("obligations.{}.{}", ob.id, param.name),
                param.provenance,
                param.cite,
                param.reason,
            ));
        }
    }
    out
}

/// Every expected status of the example scenarios that the engine does not
/// give, as errors at the expectation's line.
pub fn expectations(kb: &KnowledgeBase) -> Vec<DataError> {
    let mut errors = Vec::new();
    for s in &kb.scenarios {
        for e in &s.scenario.expected {
            let Some(profile) = kb.profile(&e.profile) else {
                continue;
            };
            let status = diligence_core::outcome::verdict_of(profile, &s.scenario.facts);
            if status != e.status {
                errors.push(DataError {
                    file: s.file.clone(),
                    position: Some(crate::source::Position {
                        line: e.line,
                        column: 1,
                    }),
                    message: format!(
                        "`{}` is expected to give {}, but gives {}",
                        e.profile, e.status, status
                    ),
                });
            }
        }
    }
    errors
}

/// The debate: unique kebab-case ids, short unique titles, attacks and supports that name
/// arguments, no self-attack, values and citations with pinpoints, known
/// authorities, and audiences that order every value once.
fn check_debate(debate: &crate::debate::Debate, known: &HashSet<&str>) -> Vec<DataError> {
    use crate::debate::Value;
    let file = "debate/arguments.toml";
    let mut errors = Vec::new();
    let mut report = |message: String| errors.push(err(file, None, message));
    let ids: HashSet<&str> = debate.arguments.iter().map(|a| a.id.as_str()).collect();
    if ids.len() != debate.arguments.len() {
        report("duplicate argument ids".to_string());
    }
    let mut titles = HashSet::new();
    for a in &debate.arguments {
        let title = a.title.trim();
        if title.is_empty() {
            report(format!("argument `{}` has an empty title", a.id));
        } else if !titles.insert(title.to_lowercase()) {
            report(format!(
                "argument `{}`: the title `{title}` is another argument's",
                a.id
            ));
        }
        let length = title.chars().count();
        if length > crate::debate::TITLE_MAX {
            report(format!(
                "argument `{}`: the title has {length} characters ({} at most)",
                a.id,
                crate::debate::TITLE_MAX
            ));
        }
        if !is_kebab(&a.id) {
            report(format!(
                "argument id `{}` is not lower-case kebab-case",
                a.id
            ));
        }
        if a.values.is_empty() {
            report(format!("argument `{}` promotes no value", a.id));
        }
        if !a
            .authorities
            .iter()
            .any(|c| c.pinpoint.as_deref().is_some_and(|p| !p.trim().is_empty()))
        {
            report(format!(
                "argument `{}` has no citation with a pinpoint",
                a.id
            ));
        }
        for c in &a.authorities {
            if !known.contains(c.authority.as_str()) {
                report(format!(
                    "argument `{}`: unknown authority id `{}`",
                    a.id, c.authority
                ));
            }
        }
        for (relation, targets) in [("attacks", &a.attacks), ("supports", &a.supports)] {
            for t in targets {
                if !ids.contains(t.as_str()) {
                    report(format!(
                        "argument `{}` {relation} unknown argument `{t}`",
                        a.id
                    ));
                }
                if *t == a.id {
                    report(format!("argument `{}` {relation} itself", a.id));
                }
            }
        }
    }
    for aud in &debate.audiences {
        let file = format!("debate/audiences/{}.toml", aud.id);
        let distinct: HashSet<Value> = aud.values.iter().copied().collect();
        if aud.values.len() != Value::ALL.len() || distinct.len() != Value::ALL.len() {
            errors.push(err(
                &file,
                None,
                format!(
                    "audience `{}` must order each of the {} values exactly once",
                    aud.id,
                    Value::ALL.len()
                ),
            ));
        }
        for c in &aud.sources {
            if !known.contains(c.authority.as_str()) {
                errors.push(err(
                    &file,
                    None,
                    format!(
                        "audience `{}`: unknown authority id `{}`",
                        aud.id, c.authority
                    ),
                ));
            }
        }
    }
    errors
}

/// The membership lists: well-formed unique codes, an organisation profile
/// they belong to, and as many members as that profile's `members`. (That
/// every code is on the map is checked where the map is, by `diligence
/// check`.)
fn check_memberships(kb: &KnowledgeBase) -> Vec<DataError> {
    let mut errors = Vec::new();
    for m in &kb.memberships {
        let mut report = |message: String| errors.push(err(&m.file, None, message));
        for p in crate::membership::problems(m) {
            report(p);
        }
        match kb.profile(&m.organisation) {
            None => report(format!("unknown organisation profile `{}`", m.organisation)),
            Some(p) if p.kind != ProfileKind::Organisation => report(format!(
                "`{}` is not the profile of an organisation",
                m.organisation
            )),
            Some(p) => {
                if let Some(n) = p.members {
                    if n as usize != m.members.len() {
                        report(format!(
                            "{} members listed, but the profile `{}` says {n}",
                            m.members.len(),
                            m.organisation
                        ));
                    }
                }
            }
        }
    }
    errors
}
