//! Plain-language reasons for each element of an evaluation, and the
//! authorities behind each: the parameter's own citations where the element
//! tests a coded parameter, the profile's sources where it applies a rule
//! common to every reading (attribution, no link, capacity).

use crate::citation::Citation;
use crate::facts::{
    Capacity, ConductBy, Fact, Facts, Harm, Knowledge, Measures, TerritorialLink, Timing,
};
use crate::obligation::{Conduct, KnowledgeStandard, Obligation, Parameter};
use crate::outcome::{Condition, Conditional};
use crate::profile::Profile;
use crate::trace::{Element, TraceEntry};
use crate::uncertain::{UncertainFacts, Values};

fn harm_words(h: Harm) -> &'static str {
    match h {
        Harm::None => "no harm",
        Harm::Minor => "minor harm",
        Harm::Significant => "significant harm",
        Harm::Serious => "serious harm",
    }
}

fn threshold_words(h: Harm) -> &'static str {
    match h {
        Harm::None => "no",
        Harm::Minor => "minor-harm",
        Harm::Significant => "significant-harm",
        Harm::Serious => "'serious adverse consequences'",
    }
}

fn knowledge_words(k: Knowledge) -> &'static str {
    match k {
        Knowledge::None => "the State had no way to know of the activity",
        Knowledge::Constructive => "the State should have known of the activity",
        Knowledge::Notified => "the State was notified in good faith by an affected State",
        Knowledge::Actual => "the State actually knew of the activity",
    }
}

fn standard_words(k: KnowledgeStandard) -> &'static str {
    match k {
        KnowledgeStandard::Constructive => "knew or should have known",
        KnowledgeStandard::Notified => "was aware or notified in good faith",
        KnowledgeStandard::Actual => "actually knew",
    }
}

fn conduct_words(c: Conduct, timing: Timing) -> &'static str {
    match (c, timing) {
        (Conduct::Prevent, Timing::Ongoing) => {
            "prevent harm from an ongoing activity, or at any event minimise its risk"
        }
        (Conduct::Prevent, _) => "prevent an imminent activity",
        (Conduct::Stop, _) => "stop an ongoing activity",
        (Conduct::Redress, _) => "redress a completed activity",
    }
}

fn kind(ob: &Obligation) -> &'static str {
    if ob.binding.value {
        "the obligation"
    } else {
        "the voluntary norm"
    }
}

/// Why `element` of `ob` is satisfied or not on these facts.
pub fn reason(ob: &Obligation, element: Element, satisfied: bool, f: &Facts) -> String {
    let it = kind(ob);
    match element {
        Element::Obligation => String::new(),
        Element::ConductBy => match f.conduct_by {
            ConductBy::TerritorialState => {
                "the activity is conducted by the territorial State's own \
                organs: a question of attribution, not of due diligence"
                    .to_string()
            }
            ConductBy::NonStateActor => {
                "the activity is conducted by a non-State actor, so the territorial State's \
                 diligence is in question"
                    .to_string()
            }
            ConductBy::ForeignState => {
                "the activity is conducted by another State, so the territorial State's \
                 diligence is in question"
                    .to_string()
            }
        },
        Element::TerritorialLink => match (f.territorial_link, satisfied) {
            (TerritorialLink::Originates, _) => {
                "the activity is launched from the State's territory".to_string()
            }
            (TerritorialLink::Transits, true) => {
                format!("the activity transits the State's territory, which {it} covers")
            }
            (TerritorialLink::Transits, false) => format!(
                "the activity only transits the State's territory, which {it} does not cover"
            ),
            (TerritorialLink::ControlledInfrastructure, true) => format!(
                "the activity uses infrastructure under the State's governmental control \
                 abroad, which {it} covers"
            ),
            (TerritorialLink::ControlledInfrastructure, false) => format!(
                "the activity uses infrastructure under the State's governmental control \
                 abroad, which {it} does not cover"
            ),
            (TerritorialLink::None, _) => {
                "the activity has no link to the State's territory or infrastructure".to_string()
            }
        },
        Element::Domain => {
            let domains = ob.domains.value;
            let scope = if domains.is_all() {
                "every activity".to_string()
            } else {
                format!("{} activity only", domains)
            };
            if satisfied {
                format!("{} activity is within {it}, which covers {scope}", f.domain)
            } else {
                format!(
                    "{} activity is outside {it}, which covers {scope}",
                    f.domain
                )
            }
        }
        Element::ContraryToRights => {
            match (ob.requires_contrary_to_rights.value, f.contrary_to_rights) {
                (true, true) => format!(
                    "the activity is contrary to a right of the victim State, as {it} requires"
                ),
                (true, false) => format!(
                    "the activity is not contrary to a right of the victim State, and {it} is \
                     triggered only by such activity"
                ),
                (false, _) => format!(
                    "{it} is triggered by harm even from activity that breaches no right of \
                     the victim State"
                ),
            }
        }
        Element::Harm => {
            let threshold = ob.harm_threshold.value;
            if threshold == Harm::None {
                format!("{it} sets no harm threshold")
            } else if satisfied {
                format!(
                    "{} meets the {} threshold",
                    harm_words(f.harm),
                    threshold_words(threshold)
                )
            } else {
                format!(
                    "{} falls below the {} threshold",
                    harm_words(f.harm),
                    threshold_words(threshold)
                )
            }
        }
        Element::Knowledge => {
            let standard = standard_words(ob.knowledge_standard.value);
            if satisfied {
                format!(
                    "{}, which meets the standard (the State {standard})",
                    knowledge_words(f.knowledge)
                )
            } else {
                format!(
                    "{}, which falls short of the standard (the State {standard})",
                    knowledge_words(f.knowledge)
                )
            }
        }
        Element::Timing => {
            let conduct = ob.conduct.value;
            let timing = f.timing;
            let needed = Conduct::for_timing(timing);
            match (satisfied, conduct.covering(timing)) {
                (true, Some(c)) => format!(
                    "the activity is {timing} and {it} requires the State to {}",
                    conduct_words(c, timing)
                ),
                (true, None) => format!(
                    "the operation is {timing}, but the actor's activity goes on from the \
                     territory, so it is also ongoing, and {it} requires the State to {}",
                    conduct
                        .covering(Timing::Ongoing)
                        .map_or("act", |c| conduct_words(c, Timing::Ongoing))
                ),
                (false, _) if f.continuing && timing != Timing::Ongoing => format!(
                    "the operation is {timing} and the actor's activity goes on, but {it} \
                     requires only: {conduct} (not to {} or to {})",
                    conduct_words(needed, timing),
                    conduct_words(Conduct::Stop, Timing::Ongoing)
                ),
                (false, _) => format!(
                    "the activity is {timing}, but {it} requires only: {conduct} (not to {})",
                    conduct_words(needed, timing)
                ),
            }
        }
        Element::Capacity => match f.capacity {
            Capacity::None => "no measures were reasonably available to the State, and due \
                diligence asks only what is feasible"
                .to_string(),
            Capacity::Limited => {
                "limited measures were reasonably available to the State".to_string()
            }
            Capacity::Feasible => {
                "feasible measures were reasonably available to the State".to_string()
            }
        },
        Element::Measures => {
            let did = match f.measures {
                Measures::None => "the State took no measures",
                Measures::Some => "the State took some measures, but not all that were feasible",
                Measures::AllFeasible => "the State took all feasible measures",
            };
            match (ob.binding.value, satisfied) {
                (true, true) => format!("{did}: the obligation is complied with"),
                (false, true) => format!("{did}: the voluntary norm is observed"),
                (true, false) => {
                    let cm = if ob.countermeasures.value {
                        format!(
                            "the injured State may take countermeasures, {}",
                            crate::countermeasures::in_brief()
                        )
                    } else {
                        "this reading opens no countermeasures".to_string()
                    };
                    format!("{did}: breach of a binding obligation; {cm}")
                }
                (false, false) => format!(
                    "{did}: the voluntary norm is not observed, which breaches no rule of \
                     international law"
                ),
            }
        }
    }
}

/// The citations behind `element` of `ob`: those of the parameters it
/// tests ([`crate::inference::tested`]), or the reading's own sources where
/// it tests none; and the law of countermeasures where a breach would open
/// them.
pub fn citations(profile: &Profile, ob: &Obligation, element: Element, f: &Facts) -> Vec<Citation> {
    let tested = crate::inference::tested(ob, element, f);
    let mut cites: Vec<Citation> = if tested.is_empty() {
        profile.sources.clone()
    } else {
        tested
            .iter()
            .flat_map(|&p| ob.get(p).cite.iter().cloned())
            .collect()
    };
    if tested.contains(&Parameter::Countermeasures) && ob.countermeasures.value {
        cites.push(crate::countermeasures::citation());
    }
    let mut unique: Vec<Citation> = Vec::with_capacity(cites.len());
    for c in cites {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    unique
}

/// The single trace entry of a reading that recognises no general obligation.
pub fn no_obligation(profile: &Profile) -> TraceEntry {
    TraceEntry::new(
        "none",
        Element::Obligation,
        Some(false),
        "this reading recognises no general obligation of due diligence, so the situation is \
         outside any general obligation; whether the State had to act is for the specific \
         primary rules of the activity's field, if any (treaty or customary rules tailored to \
         it), which this assessment does not code: out of scope does not mean that nothing \
         applies"
            .to_string(),
        profile.sources.clone(),
    )
}

/// The situations of `facts` that differ only in the `relevant` facts (the
/// others take their first possible value): enough to word an element.
pub(crate) fn variants(facts: &UncertainFacts, relevant: &[Fact]) -> Vec<Facts> {
    let mut out = Vec::with_capacity(relevant.iter().map(|f| facts.get(*f).len()).product());
    out.push(facts.first());
    for &fact in relevant {
        out = out
            .iter()
            .flat_map(|f| facts.get(fact).iter().map(move |v| f.with(fact, v)))
            .collect();
    }
    out
}

/// Why `element` of `ob` is satisfied (or not) in every completion of
/// `facts`, where it looks at the `relevant` facts: the reason of section 3
/// when those facts are known, else the reason for each of their possible
/// values.
pub fn reason_over(
    ob: &Obligation,
    element: Element,
    satisfied: bool,
    facts: &UncertainFacts,
    relevant: &[Fact],
) -> String {
    let mut reasons: Vec<String> = Vec::new();
    for f in variants(facts, relevant) {
        let r = reason(ob, element, satisfied, &f);
        if !reasons.contains(&r) {
            reasons.push(r);
        }
    }
    reasons.join("; or ")
}

/// The citations behind `element` of `ob` over the possible values of the
/// `relevant` facts, each once.
pub fn citations_over(
    profile: &Profile,
    ob: &Obligation,
    element: Element,
    facts: &UncertainFacts,
    relevant: &[Fact],
) -> Vec<Citation> {
    // Only the link and the measures choose among citations by value.
    if !matches!(element, Element::TerritorialLink | Element::Measures) {
        return citations(profile, ob, element, &facts.first());
    }
    let mut out: Vec<Citation> = Vec::new();
    for f in variants(facts, relevant) {
        for c in citations(profile, ob, element, &f) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Words joined as a list: `a`, `a or b`, `a, b or c`.
fn or_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A fact restricted to some of its values, in plain words ("the State
/// actually knew", "the harm is minor or significant"); a set that leaves
/// out one value or a tail of an ordered list is said the short way ("the
/// actor is not the territorial State's own organs", "the harm is at least
/// minor").
pub fn clause(fact: Fact, values: Values) -> String {
    let pick = |words: &[&'static str]| -> String {
        or_list(
            &values
                .iter()
                .filter_map(|v| words.get(v).copied())
                .collect::<Vec<_>>(),
        )
    };
    let all = Values::all(fact);
    let missing = all.difference(values);
    let arity = fact.arity();
    // Ordered facts: an upper or lower tail of at least three values.
    let lowest = values.iter().next().unwrap_or(0);
    let highest = values.iter().last().unwrap_or(0);
    let tail_up = values.len() >= 3 && highest == arity - 1 && values == Values::of(lowest..arity);
    let tail_down = values.len() >= 3 && lowest == 0 && values == Values::of(0..=highest);
    match fact {
        Fact::Domain if values.len() * 2 > arity => format!(
            "the activity concerns anything but {}",
            or_list(
                &missing
                    .iter()
                    .filter_map(|v| DOMAIN_WORDS.get(v).copied())
                    .collect::<Vec<_>>()
            )
        ),
        Fact::Domain => format!("the activity concerns {}", pick(DOMAIN_WORDS)),
        Fact::ConductBy if missing.len() == 1 => format!(
            "the actor is not {}",
            or_list(
                &missing
                    .iter()
                    .filter_map(|v| fact.value_labels().get(v).copied())
                    .collect::<Vec<_>>()
            )
        ),
        Fact::ConductBy => format!("the actor is {}", pick(fact.value_labels())),
        Fact::TerritorialLink => format!(
            "the activity {}",
            pick(&[
                "is launched from the State's territory",
                "only transits the State's territory",
                "uses infrastructure under the State's control abroad",
                "has no link to the State",
            ])
        ),
        Fact::ContraryToRights => format!(
            "the activity {} contrary to the victim State's rights",
            pick(&["is", "is not"])
        ),
        Fact::Harm if tail_up => format!("the harm is at least {}", HARM_WORDS[lowest]),
        Fact::Harm if tail_down => format!("the harm is less than {}", HARM_WORDS[highest + 1]),
        Fact::Harm => format!("the harm is {}", pick(HARM_WORDS)),
        Fact::Knowledge if tail_up && lowest == 1 => {
            "the State knew or should have known".to_string()
        }
        Fact::Knowledge if tail_down && highest == 2 => {
            "the State did not actually know".to_string()
        }
        Fact::Knowledge if values.contains(Knowledge::Actual.index()) => format!(
            "the State {}",
            pick(&[
                "had no way to know",
                "should have known",
                "was notified",
                "actually knew",
            ])
        ),
        Fact::Knowledge => format!(
            "the State {}",
            pick(&[
                "had no way to know",
                "should have known",
                "was only notified",
                "actually knew"
            ])
        ),
        Fact::Timing => format!("the operation is {}", pick(Timing::NAMES)),
        Fact::Capacity if missing == Values::one(Capacity::None.index()) => {
            "measures were reasonably available to the State".to_string()
        }
        Fact::Capacity => format!(
            "the State had {} available",
            pick(&["no measures", "only limited measures", "feasible measures"])
        ),
        Fact::Measures if missing == Values::one(Measures::AllFeasible.index()) => {
            "the State did not take all feasible measures".to_string()
        }
        Fact::Measures => format!(
            "the State took {}",
            pick(&["no measures", "some measures", "all feasible measures"])
        ),
        Fact::Continuing => format!(
            "the actor's activity {}",
            pick(&["goes on beyond the operation", "ends with the operation"])
        ),
    }
}

/// The domains in the words of a condition.
const DOMAIN_WORDS: &[&str] = &[
    "cyber operations",
    "finance",
    "the media",
    "health",
    "migration",
    "the environment",
    "arms",
    "espionage",
    "technology",
    "something else",
];

/// The harm values in the words of a condition.
const HARM_WORDS: &[&str] = &["none", "minor", "significant", "serious"];

/// A condition in plain words: its facts' clauses joined by "and";
/// "in every case" for the empty condition.
pub fn condition_words(c: &Condition) -> String {
    if c.is_empty() {
        return "in every case".to_string();
    }
    c.facts
        .iter()
        .map(|(f, v)| clause(*f, *v))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A disjunction of conditions in plain words.
pub fn conditions_words(conditions: &[Condition]) -> String {
    conditions
        .iter()
        .map(condition_words)
        .collect::<Vec<_>>()
        .join(", or if ")
}

/// An outcome in plain words: its status, and whether it opens
/// countermeasures.
pub fn outcome_words(status: crate::Status, countermeasures: bool) -> String {
    if countermeasures {
        format!("{} (countermeasures open)", status.label())
    } else {
        status.label().to_string()
    }
}

/// Every outcome with its conditions: "breach if the State actually knew;
/// not triggered if it should have known or was only notified".
pub fn outcomes_words(outcomes: &[Conditional]) -> String {
    outcomes
        .iter()
        .map(|o| {
            let what = outcome_words(o.status, o.countermeasures);
            if o.when.iter().all(Condition::is_empty) {
                format!("{what} in every case")
            } else {
                format!("{what} if {}", conditions_words(&o.when))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
