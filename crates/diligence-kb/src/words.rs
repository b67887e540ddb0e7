//! The knowledge base's coded values in plain words, for people to read: a
//! profile's kind, basis and answers (in the words the core gives the
//! parameters, [`ParameterValue::words`]), the provenance of a coding, the
//! debate's camps and values, and dates. The wire names stay in the data
//! files, the JSON and the addresses.

use crate::debate::{Camp, Value};
use diligence_core::citation::Provenance;
use diligence_core::facts::Harm;
use diligence_core::obligation::{
    ConductSet, DomainSet, KnowledgeStandard, Parameter, ParameterValue,
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

/// An answer to the knowledge question, in the words of the parameter
/// (`should have known (constructive knowledge)`).
pub fn knowledge_answer(a: Answer<KnowledgeStandard>) -> String {
    answer(a, |k| {
        ParameterValue::Knowledge(k).words(Parameter::KnowledgeStandard)
    })
}

/// An answer to the harm question, in the words of the parameter.
pub fn harm_answer(a: Answer<Harm>) -> String {
    answer(a, |h| {
        ParameterValue::Harm(h).words(Parameter::HarmThreshold)
    })
}

/// An answer to the conduct question, in the words of the parameter;
/// `no conduct required` for an empty list.
pub fn conduct_answer(a: Answer<ConductSet>) -> String {
    answer(a, |c| {
        if c.is_empty() {
            "no conduct required".to_string()
        } else {
            ParameterValue::Conduct(c).words(Parameter::Conduct)
        }
    })
}

/// The activities an obligation covers, in the words of the parameter.
pub fn domains(d: DomainSet) -> String {
    ParameterValue::Domains(d).words(Parameter::Domains)
}

/// An answer to an open question, or `not specified` where the source is
/// silent.
pub fn answer<T: Copy>(a: Answer<T>, words: impl Fn(T) -> String) -> String {
    match a {
        Answer::Known(v) => words(v),
        Answer::Unspecified => "not specified".to_string(),
    }
}

/// Whether the source states a coded value, the editors inferred it, or a
/// commentator imputes it to the reading (`imputed`: the value names the
/// passage that does).
pub fn provenance(p: Provenance, imputed: bool) -> &'static str {
    match (p, imputed) {
        (Provenance::Explicit, _) => "explicit",
        (Provenance::Inferred, false) => "inferred by the editors",
        (Provenance::Inferred, true) => "imputed by a commentator",
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

/// An argument's `editorial` field as people read it: `Editors'
/// reconstruction: ...`, whether or not the text already opens so.
pub fn editorial(text: &str) -> String {
    const HEAD: &str = "the editors' reconstruction:";
    let text = text.trim();
    let rest = match text.get(..HEAD.len()) {
        Some(head) if head.eq_ignore_ascii_case(HEAD) => text[HEAD.len()..].trim_start(),
        _ => text,
    };
    let mut chars = rest.chars();
    let rest = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("Editors' reconstruction: {rest}")
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
    let number = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let month = |s: &str| {
        number(s, 2)
            .filter(|m| (1..=12).contains(m))
            .map(|m| MONTHS[m as usize - 1])
    };
    match parts.as_slice() {
        [y] if number(y, 4).is_some() => (*y).to_string(),
        [y, m] if number(y, 4).is_some() => match month(m) {
            Some(m) => format!("{m} {y}"),
            None => iso.to_string(),
        },
        [y, m, d] if number(y, 4).is_some() => {
            match (month(m), number(d, 2).filter(|d| (1..=31).contains(d))) {
                (Some(m), Some(d)) => format!("{d} {m} {y}"),
                _ => iso.to_string(),
            }
        }
        _ => iso.to_string(),
    }
}

/// The text with its first letter in upper case (a sentence's start).
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
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
        use diligence_core::obligation::Conduct;
        assert_eq!(legal_status(LegalStatus::VoluntaryNorm), "voluntary norm");
        assert_eq!(
            knowledge_answer(Answer::Known(KnowledgeStandard::Constructive)),
            "should have known (constructive knowledge)"
        );
        assert_eq!(knowledge_answer(Answer::Unspecified), "not specified");
        assert_eq!(
            conduct_answer(Answer::Known(ConductSet::of(&[]))),
            "no conduct required"
        );
        assert!(!conduct_answer(Answer::Known(ConductSet::of(&[Conduct::Stop]))).is_empty());
        assert_eq!(
            provenance(Provenance::Inferred, false),
            "inferred by the editors"
        );
        assert_eq!(
            provenance(Provenance::Inferred, true),
            "imputed by a commentator"
        );
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            editorial("The editors' reconstruction: the report says so."),
            "Editors' reconstruction: The report says so."
        );
        assert_eq!(
            editorial("a reply built from p. 32"),
            "Editors' reconstruction: A reply built from p. 32"
        );
    }
}
