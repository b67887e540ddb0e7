//! Plain-language reasons for each element of an evaluation, and the
//! authorities behind each: the parameter's own citations where the element
//! tests a coded parameter, the profile's sources where it applies a rule
//! common to every reading (attribution, no link, capacity).

use crate::citation::Citation;
use crate::facts::{Capacity, ConductBy, Facts, Harm, Knowledge, Measures, TerritorialLink};
use crate::obligation::{Conduct, KnowledgeStandard, Obligation};
use crate::profile::Profile;
use crate::trace::{Element, TraceEntry};

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

fn conduct_words(c: Conduct) -> &'static str {
    match c {
        Conduct::Prevent => "prevent an imminent activity",
        Conduct::Stop => "stop an ongoing activity",
        Conduct::Redress => "redress a completed activity",
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
            let needed = Conduct::for_timing(f.timing);
            if satisfied {
                format!(
                    "the activity is {} and {it} requires the State to {}",
                    f.timing,
                    conduct_words(needed)
                )
            } else {
                format!(
                    "the activity is {}, but {it} requires only: {} (not to {})",
                    f.timing,
                    ob.conduct.value,
                    conduct_words(needed)
                )
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
                        "the injured State may take countermeasures"
                    } else {
                        "this reading opens no countermeasures"
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

/// The citations behind `element` of `ob`.
pub fn citations(profile: &Profile, ob: &Obligation, element: Element, f: &Facts) -> Vec<Citation> {
    let cites: Vec<Citation> = match element {
        Element::Obligation | Element::ConductBy | Element::Capacity => profile.sources.clone(),
        Element::TerritorialLink => match f.territorial_link {
            TerritorialLink::Transits => ob.covers_transit.cite.clone(),
            TerritorialLink::ControlledInfrastructure => {
                ob.covers_controlled_infrastructure.cite.clone()
            }
            TerritorialLink::Originates | TerritorialLink::None => profile.sources.clone(),
        },
        Element::Domain => ob.domains.cite.clone(),
        Element::ContraryToRights => ob.requires_contrary_to_rights.cite.clone(),
        Element::Harm => ob.harm_threshold.cite.clone(),
        Element::Knowledge => ob.knowledge_standard.cite.clone(),
        Element::Timing => ob.conduct.cite.clone(),
        Element::Measures => {
            let mut c = ob.binding.cite.clone();
            if ob.binding.value && f.measures != Measures::AllFeasible {
                c.extend(ob.countermeasures.cite.iter().cloned());
            }
            c
        }
    };
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
    let citations = profile.sources.clone();
    let mut authorities: Vec<String> = Vec::new();
    for c in &citations {
        if !authorities.contains(&c.authority) {
            authorities.push(c.authority.clone());
        }
    }
    TraceEntry {
        obligation: "none".to_string(),
        element: Element::Obligation,
        satisfied: false,
        reason: "this reading recognises no general obligation of due diligence: only specific \
                 primary rules bind, so no general obligation applies to the situation"
            .to_string(),
        authorities,
        citations,
    }
}
