//! Synthetic, deterministic ledger traffic for the tests and the benchmark:
//! States with one point of contact each (keys derived from a seed), and
//! cases between pairs of them, every entry pre-signed in order
//! (notification, acknowledgement, then steps).

use crate::{Store, StoreError};
use diligence_ledger::model::{
    Acknowledgement, Body, CaseId, Notification, Record, StateCode, Step, StepKind,
};
use diligence_ledger::sign::{public_key, sign, SignedEntry};
use ed25519_dalek::SigningKey;

/// A point of contact with its signing key.
#[derive(Debug, Clone)]
pub struct Contact {
    /// Its State.
    pub state: StateCode,
    /// Its name.
    pub name: String,
    /// Its private key.
    pub key: SigningKey,
}

/// States' contacts and pre-signed cases.
#[derive(Debug, Clone)]
pub struct Workload {
    /// One contact per State.
    pub contacts: Vec<Contact>,
    /// Each case's entries, in the order they must be appended.
    pub cases: Vec<Vec<SignedEntry>>,
}

fn state_code(i: usize) -> StateCode {
    let letter = |k: usize| char::from(b'A' + (k % 26) as u8);
    let code: String = [letter(i / 676), letter(i / 26), letter(i)]
        .iter()
        .collect();
    StateCode::parse(&code).unwrap_or_else(|_| unreachable!("three capital letters"))
}

/// The contact of State number `i`, its key derived from `seed`.
pub fn contact(seed: u8, i: usize) -> Contact {
    let mut bytes = [seed; 32];
    bytes[..8].copy_from_slice(&(i as u64).to_be_bytes());
    let state = state_code(i);
    Contact {
        name: format!("CERT-{}", state.as_str()),
        state,
        key: SigningKey::from_bytes(&bytes),
    }
}

/// The notification of case `id` from `from` to `to`.
pub fn notification(id: &CaseId, from: &Contact, to: &StateCode) -> Record {
    let facts = serde_json::json!({"domain": "cyber", "conduct_by": "non_state_actor",
        "territorial_link": "originates", "contrary_to_rights": true,
        "harm": "serious", "knowledge": ["none", "constructive"], "timing": "ongoing",
        "capacity": "feasible", "measures": "none"});
    Record {
        case: id.clone(),
        from_state: from.state.clone(),
        from_contact: from.name.clone(),
        claimed_time: "2026-12-03T08:00:00Z".into(),
        previous: None,
        body: Body::Notification(Notification {
            to: to.clone(),
            facts: serde_json::from_value(facts)
                .unwrap_or_else(|e| unreachable!("the fixed facts read: {e}")),
            summary: format!("Malicious activity from your territory ({id})."),
            action_requested: "Investigate and stop it.".into(),
            urgency: serde_json::from_value(serde_json::json!("urgent"))
                .unwrap_or_else(|e| unreachable!("an urgency: {e}")),
            reading: None,
        }),
    }
}

/// The entry of `case` that follows `previous`, from `from`.
pub fn next(previous: &SignedEntry, from: &Contact, body: Body) -> SignedEntry {
    let record = Record {
        case: previous.record().case.clone(),
        from_state: from.state.clone(),
        from_contact: from.name.clone(),
        claimed_time: "2026-12-03T09:00:00Z".into(),
        previous: Some(previous.hash()),
        body,
    };
    sign(&record, &from.key)
}

/// An acknowledgement body.
pub fn acknowledgement() -> Body {
    Body::Acknowledgement(Acknowledgement {
        note: "Received.".into(),
        reading: None,
    })
}

/// A step body.
pub fn step(n: usize) -> Body {
    let kind = StepKind::ALL[n % StepKind::ALL.len()];
    Body::Step(Step {
        step: kind,
        date: "2026-12-03".into(),
        account: format!("Step {n} taken."),
    })
}

/// `cases` cases of `per_case` entries (at least 1) among `states` States
/// (at least 2), named `<prefix>-<n>`, keys from `seed`.
pub fn workload(seed: u8, prefix: &str, states: usize, cases: usize, per_case: usize) -> Workload {
    let states = states.max(2);
    let contacts: Vec<Contact> = (0..states).map(|i| contact(seed, i)).collect();
    let cases = (0..cases)
        .map(|k| {
            let from = &contacts[k % states];
            let to = &contacts[(k + 1 + k / states) % states];
            let to = if to.state == from.state {
                &contacts[(k + 1) % states]
            } else {
                to
            };
            let id = CaseId::parse(&format!("{prefix}-{k}"))
                .unwrap_or_else(|e| unreachable!("a case id: {e}"));
            let mut entries = vec![sign(&notification(&id, from, &to.state), &from.key)];
            for n in 1..per_case.max(1) {
                let body = if n == 1 { acknowledgement() } else { step(n) };
                let e = next(&entries[n - 1], to, body);
                entries.push(e);
            }
            entries
        })
        .collect();
    Workload { contacts, cases }
}

impl Workload {
    /// Registers every contact with the store (skipping those already
    /// there).
    pub fn register(&self, store: &dyn Store) -> Result<(), StoreError> {
        let known = store.contacts()?;
        for c in &self.contacts {
            if known.iter().any(|k| k.state == c.state && k.name == c.name) {
                continue;
            }
            store.add_contact(&c.state, &c.name, public_key(&c.key))?;
        }
        Ok(())
    }

    /// Every entry, case by case.
    pub fn len(&self) -> usize {
        self.cases.iter().map(Vec::len).sum()
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Splits the cases among `callers`: caller `t` appends cases `t`,
    /// `t + callers`… round by round (the first entry of each, then the
    /// second…), which keeps every case in order.
    pub fn schedule(&self, callers: usize) -> Vec<Vec<SignedEntry>> {
        let callers = callers.max(1);
        (0..callers)
            .map(|t| {
                let mine: Vec<&Vec<SignedEntry>> =
                    self.cases.iter().skip(t).step_by(callers).collect();
                let longest = mine.iter().map(|c| c.len()).max().unwrap_or(0);
                let mut out = Vec::new();
                for round in 0..longest {
                    for case in &mine {
                        if let Some(e) = case.get(round) {
                            out.push(e.clone());
                        }
                    }
                }
                out
            })
            .collect()
    }
}
