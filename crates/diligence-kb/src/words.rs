//! The knowledge base's coded values in plain words, for people to read: a
//! profile's kind, basis and answers, an obligation's parameters, the
//! provenance of a coding, the debate's camps and values, and dates. The
//! wire names stay in the data files, the JSON and the addresses.

use crate::debate::{Camp, Value};
use diligence_core::citation::Provenance;
use diligence_core::facts::Harm;
use diligence_core::obligation::{
    Conduct, ConductSet, DomainSet, KnowledgeStandard, Parameter, ParameterValue,
};
use diligence_core::profile::{Answer, Basis, LegalStatus, ProfileKind};

/// Words joined as a list: `a`, `a and b`, `a, b and c`.
pub fn and_list<S: AsRef<str>>(words: &[S]) -> String {
    match words {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// What a profile is: a doctrine, a State's position, an organisation's.
pub fn profile_kind(k: ProfileKind) -> &'static str {
    match k {
        ProfileKind::Doctrine => "doctrine",
        ProfileKind::State => "State",
        ProfileKind::Organisation => "organisation",
    }
}

/// What a reading grounds due diligence in.
pub fn basis(b: Basis) -> &'static str {
    match b {
        Basis::CorfuChannel => "the Corfu Channel dictum",
        Basis::NoHarm => "the no-harm principle",
        Basis::Both => "the Corfu Channel dictum and the no-harm principle",
        Basis::Neither => "neither (no general obligation)",
        Basis::Unspecified => "not specified",
    }
}

/// The legal status a reading gives due diligence.
pub fn legal_status(s: LegalStatus) -> &'static str {
    match s {
        LegalStatus::Binding => "binding obligation",
        LegalStatus::VoluntaryNorm => "voluntary norm",
        LegalStatus::Emerging => "emerging (not yet law)",
        LegalStatus::Ambiguous => "ambiguous",
        LegalStatus::Unspecified => "not specified",
    }
}

/// The least knowledge that triggers an obligation.
pub fn knowledge_standard(k: KnowledgeStandard) -> &'static str {
    match k {
        KnowledgeStandard::Constructive => "knew or should have known (constructive knowledge)",
        KnowledgeStandard::Notified => "was aware or notified in good faith",
        KnowledgeStandard::Actual => "actually knew (actual knowledge)",
    }
}

/// The least harm that triggers an obligation.
pub fn harm_threshold(h: Harm) -> &'static str {
    match h {
        Harm::None => "no threshold",
        Harm::Minor => "minor harm",
        Harm::Significant => "significant harm",
        Harm::Serious => "serious adverse consequences",
    }
}

/// One kind of conduct.
pub fn conduct_one(c: Conduct) -> &'static str {
    match c {
        Conduct::Prevent => "prevent",
        Conduct::Stop => "stop",
        Conduct::Redress => "redress",
    }
}

/// The conduct an obligation requires: `prevent, stop and redress`.
pub fn conduct(c: ConductSet) -> String {
    let all: Vec<&str> = c.iter().map(conduct_one).collect();
    if all.is_empty() {
        "no conduct required".to_string()
    } else {
        and_list(&all)
    }
}

/// The activities an obligation covers: `every activity`, `cyber only`.
pub fn domains(d: DomainSet) -> String {
    if d.is_all() {
        return "every activity".to_string();
    }
    let names: Vec<&str> = d.iter().map(|x| x.as_str()).collect();
    match names.as_slice() {
        [] => "no activity".to_string(),
        [one] => format!("{one} only"),
        _ => and_list(&names),
    }
}

/// An answer to an open question, or `not specified` where the source is
/// silent.
pub fn answer<T: Copy>(a: Answer<T>, words: impl Fn(T) -> String) -> String {
    match a {
        Answer::Known(v) => words(v),
        Answer::Unspecified => "not specified".to_string(),
    }
}

/// The value of a parameter of an obligation.
pub fn parameter_value(p: Parameter, v: ParameterValue) -> String {
    match (p, v) {
        (Parameter::Binding, ParameterValue::Flag(true)) => "binding obligation".to_string(),
        (Parameter::Binding, ParameterValue::Flag(false)) => "voluntary norm".to_string(),
        (_, ParameterValue::Flag(true)) => "yes".to_string(),
        (_, ParameterValue::Flag(false)) => "no".to_string(),
        (_, ParameterValue::Domains(d)) => domains(d),
        (_, ParameterValue::Harm(h)) => harm_threshold(h).to_string(),
        (_, ParameterValue::Knowledge(k)) => knowledge_standard(k).to_string(),
        (_, ParameterValue::Conduct(c)) => conduct(c),
    }
}

/// Whether the source states a coded value or the editors inferred it.
pub fn provenance(p: Provenance) -> &'static str {
    match p {
        Provenance::Explicit => "explicit",
        Provenance::Inferred => "inferred by the editors",
    }
}

/// A camp of the debate.
pub fn camp(c: Camp) -> &'static str {
    match c {
        Camp::General => "for a general obligation",
        Camp::Specific => "only specific rules",
        Camp::Middle => "neither camp",
    }
}

/// A value an argument promotes.
pub fn value(v: Value) -> &'static str {
    match v {
        Value::LegalCertainty => "legal certainty",
        Value::ProtectionOfVictimStates => "protection of victim States",
        Value::Sovereignty => "sovereignty",
        Value::ConsentBasedLawMaking => "law made by consent",
        Value::ConflictAvoidance => "avoiding conflict",
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as the data writes it (`2023-07-21`, `2021-03` or `2016`), in
/// words as precisely as it is given: `21 July 2023`, `March 2021`, `2016`.
/// Anything else is returned as written.
pub fn date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| MONTHS[m - 1])
    };
    match parts.as_slice() {
        [y, m] => match month(m) {
            Some(name) => format!("{name} {y}"),
            None => iso.to_string(),
        },
        [y, m, d] => match (
            month(m),
            d.parse::<u8>().ok().filter(|d| (1..=31).contains(d)),
        ) {
            (Some(name), Some(day)) => format!("{day} {name} {y}"),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_precisely_as_they_are_given() {
        assert_eq!(date("2023-07-21"), "21 July 2023");
        assert_eq!(date("2021-03"), "March 2021");
        assert_eq!(date("2024-11-01"), "1 November 2024");
        assert_eq!(date("2016"), "2016");
        assert_eq!(date("2021-13"), "2021-13");
    }

    #[test]
    fn values_read_in_words() {
        assert_eq!(legal_status(LegalStatus::VoluntaryNorm), "voluntary norm");
        assert_eq!(
            parameter_value(
                Parameter::KnowledgeStandard,
                ParameterValue::Knowledge(KnowledgeStandard::Constructive)
            ),
            "knew or should have known (constructive knowledge)"
        );
        assert_eq!(
            conduct(ConductSet::of(&[Conduct::Prevent, Conduct::Stop])),
            "prevent and stop"
        );
        assert_eq!(
            domains(DomainSet::of(&[diligence_core::facts::Domain::Cyber])),
            "cyber only"
        );
        assert_eq!(domains(DomainSet::ALL), "every activity");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }
}
