//! The knowledge base read from the other end: every coded value, source,
//! classification and debate argument that cites an authority; where the
//! information on an authority and its quotations come from, by title; and
//! the succession of a State's statements (the date of each, the earlier and
//! the later one).

use crate::authority::{KnownFrom, Quote};
use crate::debate::Argument;
use crate::words;
use crate::KnowledgeBase;
use diligence_core::citation::{Citation, Coded, Provenance};
use diligence_core::obligation::Obligation;
use diligence_core::profile::{Classification, ProfileKind};
use diligence_core::Profile;
use serde_json::{json, Value};

/// One coded value of a profile (its basis, an answer to an open question,
/// or a parameter of an obligation) that cites an authority.
#[derive(Debug, Clone)]
pub struct CitingValue<'a> {
    /// The profile.
    pub profile: &'a Profile,
    /// The obligation, for a parameter of one; `None` for the basis and the
    /// answers, which belong to the profile.
    pub obligation: Option<&'a Obligation>,
    /// The value's name in the data and the JSON (`knowledge_standard`).
    pub parameter: &'static str,
    /// The value's name in words (`Knowledge standard`).
    pub label: &'static str,
    /// The value in words (`voluntary norm`).
    pub value: String,
    /// The value as the JSON writes it.
    pub value_json: Value,
    /// Whether the source states it or the editors inferred it.
    pub provenance: Provenance,
    /// Where in the authority.
    pub pinpoint: Option<&'a str>,
    /// Whether the authority is cited as the commentator who imputes the
    /// value to the reading, rather than as its source.
    pub imputation: bool,
    /// Whether a commentator imputes the value to the reading (whichever
    /// authority this is).
    pub imputed: bool,
}

impl CitingValue<'_> {
    /// The JSON of the citing value: ids and wire values.
    pub fn to_json(&self) -> Value {
        json!({
            "profile": self.profile.id,
            "profile_name": self.profile.name,
            "obligation": self.obligation.map(|o| &o.id),
            "obligation_title": self.obligation.map(|o| &o.title),
            "parameter": self.parameter,
            "value": self.value_json,
            "provenance": self.provenance,
            "pinpoint": self.pinpoint,
            "imputation": self.imputation,
        })
    }
}

/// One coded value, whatever its type, as [`CitingValue`] needs it.
struct Coding<'a> {
    parameter: &'static str,
    label: &'static str,
    value: String,
    value_json: Value,
    provenance: Provenance,
    cite: &'a [Citation],
    imputed_by: Option<&'a Citation>,
}

impl<'a> Coding<'a> {
    fn of<T: serde::Serialize>(
        c: &'a Coded<T>,
        parameter: &'static str,
        label: &'static str,
        value: String,
    ) -> Self {
        Coding {
            parameter,
            label,
            value,
            value_json: serde_json::to_value(&c.value).unwrap_or(Value::Null),
            provenance: c.provenance,
            cite: &c.cite,
            imputed_by: c.imputed_by.as_ref(),
        }
    }

    /// Adds to `out` each citation of the authority `id` (as a source, or
    /// as the commentator who imputes the value).
    fn cited(
        &self,
        id: &str,
        profile: &'a Profile,
        obligation: Option<&'a Obligation>,
        out: &mut Vec<CitingValue<'a>>,
    ) {
        let cites = self.cite.iter().map(|c| (c, false));
        for (c, imputation) in cites.chain(self.imputed_by.map(|c| (c, true))) {
            if c.authority == id {
                out.push(CitingValue {
                    profile,
                    obligation,
                    parameter: self.parameter,
                    label: self.label,
                    value: self.value.clone(),
                    value_json: self.value_json.clone(),
                    provenance: self.provenance,
                    pinpoint: c.pinpoint.as_deref(),
                    imputation,
                    imputed: self.imputed_by.is_some(),
                });
            }
        }
    }
}

impl KnowledgeBase {
    /// Every coded value of every profile that cites the authority `id`, in
    /// the profiles' order, then basis, answers and obligations in order.
    pub fn citing_values(&self, id: &str) -> Vec<CitingValue<'_>> {
        let mut out = Vec::new();
        for p in &self.profiles {
            let a = &p.answers;
            let profile_values = [
                Coding::of(
                    &p.basis,
                    "basis",
                    "Basis",
                    words::basis(p.basis.value).into(),
                ),
                Coding::of(
                    &a.legal_status,
                    "legal_status",
                    "Legal status",
                    words::legal_status(a.legal_status.value).into(),
                ),
                Coding::of(
                    &a.scope_of_conduct,
                    "scope_of_conduct",
                    "Conduct required",
                    words::conduct_answer(a.scope_of_conduct.value),
                ),
                Coding::of(
                    &a.knowledge,
                    "knowledge",
                    "Knowledge",
                    words::knowledge_answer(a.knowledge.value),
                ),
                Coding::of(
                    &a.harm_threshold,
                    "harm_threshold",
                    "Harm threshold",
                    words::harm_answer(a.harm_threshold.value),
                ),
            ];
            for coding in profile_values {
                coding.cited(id, p, None, &mut out);
            }
            for o in &p.obligations {
                for prm in o.parameters() {
                    Coding {
                        parameter: prm.name,
                        label: prm.parameter.label(),
                        value: prm.value.words(prm.parameter),
                        value_json: serde_json::to_value(prm.value).unwrap_or(Value::Null),
                        provenance: prm.provenance,
                        cite: prm.cite,
                        imputed_by: prm.imputed_by,
                    }
                    .cited(id, p, Some(o), &mut out);
                }
            }
        }
        out
    }

    /// The profiles whose sources cite the authority `id`, with the
    /// pinpoint of each citation.
    pub fn profiles_sourcing(&self, id: &str) -> Vec<(&Profile, Option<&str>)> {
        self.profiles
            .iter()
            .flat_map(|p| {
                p.sources
                    .iter()
                    .filter(|c| c.authority == id)
                    .map(move |c| (p, c.pinpoint.as_deref()))
            })
            .collect()
    }

    /// The classifications of positions the authority `id` makes.
    pub fn classifications_by(&self, id: &str) -> Vec<(&Profile, &Classification)> {
        self.profiles
            .iter()
            .flat_map(|p| {
                p.classifications
                    .iter()
                    .filter(|c| c.by == id)
                    .map(move |c| (p, c))
            })
            .collect()
    }

    /// The debate's arguments that cite the authority `id`, with the
    /// pinpoint of each citation.
    pub fn arguments_citing(&self, id: &str) -> Vec<(&Argument, Option<&str>)> {
        self.debate
            .arguments
            .iter()
            .flat_map(|a| {
                a.authorities
                    .iter()
                    .filter(|c| c.authority == id)
                    .map(move |c| (a, c.pinpoint.as_deref()))
            })
            .collect()
    }

    /// Where the information on an authority comes from, in words: a
    /// source text by its title and year, the editors' documents by what
    /// they are.
    pub fn known_from_words(&self, k: KnownFrom) -> String {
        if let Some(words) = k.editors_words() {
            return words.to_string();
        }
        let id = k.authority().unwrap_or_default();
        self.authority(id)
            .map_or_else(|| id.to_string(), |a| a.name_in_prose())
    }

    /// Where a quotation is quoted from, by title: `quoted in 'A general
    /// obligation of due diligence in international law?' (2024), para 16`.
    pub fn quoted_in(&self, q: &Quote) -> String {
        let id = q.seed.authority();
        let title = self
            .authority(id)
            .map_or_else(|| id.to_string(), |a| a.name_in_prose());
        format!("quoted in {title}, para {}", q.seed_para)
    }

    /// Where one of `a`'s quotations stands, for its own page: `at p. 22;
    /// quoted in '...' (2024), para 16`, or `para 18 of this document` for a
    /// source text's own words.
    pub fn quotation_place(&self, a: &crate::Authority, q: &Quote) -> String {
        if q.seed.authority() == a.id {
            return format!("para {} of this document", q.seed_para);
        }
        let at = q
            .pinpoint
            .as_deref()
            .map(|p| format!("at {p}; "))
            .unwrap_or_default();
        format!("{at}{}", self.quoted_in(q))
    }

    /// The date of the text a profile codes, as precisely as the sources
    /// give it: the `date` of the authority with the profile's id, else its
    /// `year`, else the profile's year.
    pub fn statement_date(&self, p: &Profile) -> String {
        self.authority(&p.id)
            .and_then(|a| a.when())
            .unwrap_or_else(|| p.year.to_string())
    }

    /// Every statement of the State whose position `p` is, oldest first
    /// (by date, then id); empty for a doctrine or an organisation.
    pub fn statements_of_state(&self, p: &Profile) -> Vec<&Profile> {
        let Some(state) = p.state.as_deref().filter(|_| p.kind == ProfileKind::State) else {
            return Vec::new();
        };
        let mut all: Vec<(String, &Profile)> = self
            .profiles
            .iter()
            .filter(|q| q.kind == ProfileKind::State && q.state.as_deref() == Some(state))
            .map(|q| (self.statement_date(q), q))
            .collect();
        all.sort_by(|a, b| (&a.0, &a.1.id).cmp(&(&b.0, &b.1.id)));
        all.into_iter().map(|(_, q)| q).collect()
    }

    /// The same State's next statement after `p`, which supersedes it.
    pub fn later_statement(&self, p: &Profile) -> Option<&Profile> {
        let all = self.statements_of_state(p);
        let at = all.iter().position(|q| q.id == p.id)?;
        all.get(at + 1).copied()
    }

    /// The same State's statement before `p`.
    pub fn earlier_statement(&self, p: &Profile) -> Option<&Profile> {
        let all = self.statements_of_state(p);
        let at = all.iter().position(|q| q.id == p.id)?;
        at.checked_sub(1).and_then(|i| all.get(i).copied())
    }

    /// A statement's date and its neighbours, as the JSON gives them:
    /// `statement_date`, `superseded_by` and `earlier_statement` (each
    /// `{ id, name, statement_date }`, or null).
    pub fn statement_json(&self, p: &Profile) -> Value {
        let other = |q: Option<&Profile>| {
            q.map_or(
                Value::Null,
                |q| json!({ "id": q.id, "name": q.name, "statement_date": self.statement_date(q) }),
            )
        };
        json!({
            "statement_date": self.statement_date(p),
            "superseded_by": other(self.later_statement(p)),
            "earlier_statement": other(self.earlier_statement(p)),
        })
    }

    /// Adds [`KnowledgeBase::statement_json`]'s keys to a profile's JSON
    /// object.
    pub fn add_statement_json(&self, p: &Profile, v: &mut Value) {
        if let (Some(obj), Value::Object(add)) = (v.as_object_mut(), self.statement_json(p)) {
            obj.extend(add);
        }
    }

    /// Adds to an authority's JSON object what cites it: `citing_values`
    /// (every coded value, with its profile, obligation, parameter, value,
    /// provenance and pinpoint) and `debate_arguments` (ids).
    pub fn add_citing_json(&self, id: &str, v: &mut Value) {
        let Some(obj) = v.as_object_mut() else {
            return;
        };
        obj.insert(
            "citing_values".into(),
            Value::Array(
                self.citing_values(id)
                    .iter()
                    .map(CitingValue::to_json)
                    .collect(),
            ),
        );
        let mut args: Vec<&str> = Vec::new();
        for (a, _) in self.arguments_citing(id) {
            if !args.contains(&a.id.as_str()) {
                args.push(&a.id);
            }
        }
        obj.insert("debate_arguments".into(), json!(args));
    }
}

#[cfg(test)]
mod tests {
    use crate::KnowledgeBase;

    fn kb() -> &'static KnowledgeBase {
        KnowledgeBase::embedded().expect("the shipped data is valid")
    }

    #[test]
    fn the_2021_us_statement_supersedes_the_2016_one() {
        let kb = kb();
        let old = kb.profile("usa-2016").expect("usa-2016");
        let new = kb.profile("usa-2021").expect("usa-2021");
        assert_eq!(kb.later_statement(old).map(|p| &p.id), Some(&new.id));
        assert_eq!(kb.earlier_statement(new).map(|p| &p.id), Some(&old.id));
        assert!(kb.later_statement(new).is_none());
        assert!(kb.earlier_statement(old).is_none());
        let v = kb.statement_json(old);
        assert_eq!(v["superseded_by"]["id"], "usa-2021");
        assert!(v["earlier_statement"].is_null());
    }

    #[test]
    fn a_state_with_one_statement_and_a_doctrine_have_no_neighbours() {
        let kb = kb();
        for id in ["fra-2019", "tallinn-manual-2", "african-union-2024"] {
            let p = kb.profile(id).expect(id);
            assert!(kb.later_statement(p).is_none(), "{id}");
            assert!(kb.earlier_statement(p).is_none(), "{id}");
        }
    }

    #[test]
    fn the_statement_date_is_as_precise_as_the_sources() {
        let kb = kb();
        for p in &kb.profiles {
            let date = kb.statement_date(p);
            let a = kb.authority(&p.id);
            match a.and_then(|a| a.date.clone()) {
                Some(d) => assert_eq!(date, d, "{}", p.id),
                None => assert!(date.len() == 4, "{}: {date}", p.id),
            }
        }
    }

    #[test]
    fn known_from_and_quotations_are_named_by_title() {
        let kb = kb();
        let seed = kb.known_from_words(crate::authority::KnownFrom::Seed000);
        assert_eq!(
            seed,
            "'A general obligation of due diligence in international law?' (2024)"
        );
        let unidir = kb.known_from_words(crate::authority::KnownFrom::Seed001);
        assert!(
            unidir.contains("UNIDIR") && unidir.contains("2026"),
            "{unidir}"
        );
        let corfu = kb.authority("corfu-channel-1949").expect("corfu");
        let q = corfu.quotes.first().expect("a quotation");
        let at = kb.quoted_in(q);
        assert!(at.starts_with("quoted in 'A general obligation"), "{at}");
        assert!(!at.to_lowercase().contains("seed"), "{at}");
    }

    #[test]
    fn citing_values_find_every_citation_of_an_authority() {
        let kb = kb();
        for a in &kb.authorities {
            let found = kb.citing_values(&a.id).len();
            let expected: usize = kb
                .profiles
                .iter()
                .map(|p| {
                    let an = &p.answers;
                    let count =
                        |cite: &[diligence_core::Citation],
                         imp: Option<&diligence_core::Citation>| {
                            cite.iter()
                                .chain(imp)
                                .filter(|c| c.authority == a.id)
                                .count()
                        };
                    count(&p.basis.cite, p.basis.imputed_by.as_ref())
                        + count(&an.legal_status.cite, an.legal_status.imputed_by.as_ref())
                        + count(
                            &an.scope_of_conduct.cite,
                            an.scope_of_conduct.imputed_by.as_ref(),
                        )
                        + count(&an.knowledge.cite, an.knowledge.imputed_by.as_ref())
                        + count(
                            &an.harm_threshold.cite,
                            an.harm_threshold.imputed_by.as_ref(),
                        )
                        + p.obligations
                            .iter()
                            .flat_map(|o| o.parameters())
                            .map(|prm| count(prm.cite, prm.imputed_by))
                            .sum::<usize>()
                })
                .sum();
            assert_eq!(found, expected, "{}", a.id);
        }
    }
}
