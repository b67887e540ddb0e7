//! Fixtures shared by the unit tests: two States, their keys, and helpers
//! that write the next entry of a case.

use crate::chain::{Case, Directory};
use crate::model::*;
use crate::sign::{public_key, sign, SignedEntry};
use ed25519_dalek::SigningKey;
use time::OffsetDateTime;

/// A deterministic key from one byte.
pub fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

/// 2026-12-03 08:00 UTC plus `hours`.
pub fn at(hours: i64) -> OffsetDateTime {
    parse_time("t", "2026-12-03T08:00:00Z").expect("a time") + time::Duration::hours(hours)
}

/// The facts a notification asserts in the fixtures.
pub fn asserted_facts() -> serde_json::Value {
    serde_json::json!({"domain": "cyber", "conduct_by": "non_state_actor",
        "territorial_link": "originates", "contrary_to_rights": true,
        "harm": "serious", "knowledge": ["none", "constructive"], "timing": "ongoing",
        "capacity": "feasible", "measures": "none"})
}

/// A notification from France to Germany.
pub fn notification_record() -> Record {
    Record {
        case: CaseId::parse("c-1").expect("id"),
        from_state: StateCode::parse("FRA").expect("code"),
        from_contact: "CERT-FR".into(),
        claimed_time: "2026-12-03T08:00:00Z".into(),
        previous: None,
        body: Body::Notification(Notification {
            to: StateCode::parse("DEU").expect("code"),
            facts: serde_json::from_value(asserted_facts()).expect("facts"),
            summary: "Ransomware operated from servers on your territory.".into(),
            action_requested: "Take the servers down.".into(),
            urgency: Urgency::Urgent,
            reading: None,
        }),
    }
}

/// Two parties (France notifies Germany) and a third State, registered.
pub struct Parties {
    pub notifier: StateCode,
    pub receiver: StateCode,
    pub notifier_key: SigningKey,
    pub receiver_key: SigningKey,
    pub third_key: SigningKey,
    pub directory: Directory,
}

impl Parties {
    pub fn new() -> Parties {
        let notifier = StateCode::parse("FRA").expect("code");
        let receiver = StateCode::parse("DEU").expect("code");
        let (notifier_key, receiver_key, third_key) = (key(1), key(2), key(3));
        let mut directory = Directory::new();
        directory.add(notifier.clone(), "CERT-FR", public_key(&notifier_key));
        directory.add(receiver.clone(), "BSI", public_key(&receiver_key));
        directory.add(
            StateCode::parse("ITA").expect("code"),
            "CSIRT",
            public_key(&third_key),
        );
        Parties {
            notifier,
            receiver,
            notifier_key,
            receiver_key,
            third_key,
            directory,
        }
    }

    pub fn notification_entry(&self) -> SignedEntry {
        sign(&notification_record(), &self.notifier_key)
    }

    pub fn open(&self) -> Case {
        Case::open(self.notification_entry(), at(0), &self.directory).expect("opens")
    }

    fn next(&self, case: &Case, from_receiver: bool, body: Body) -> SignedEntry {
        let (state, contact, key) = if from_receiver {
            (&self.receiver, "BSI", &self.receiver_key)
        } else {
            (&self.notifier, "CERT-FR", &self.notifier_key)
        };
        let record = Record {
            case: case.id().clone(),
            from_state: state.clone(),
            from_contact: contact.into(),
            claimed_time: format!("2026-12-03T{:02}:00:00Z", 8 + case.entries().len()),
            previous: Some(case.last_hash()),
            body,
        };
        sign(&record, key)
    }

    pub fn ack(&self, case: &Case) -> SignedEntry {
        self.next(
            case,
            true,
            Body::Acknowledgement(Acknowledgement {
                note: "Received.".into(),
                reading: None,
            }),
        )
    }

    pub fn step(&self, case: &Case, kind: &str) -> SignedEntry {
        self.next(
            case,
            true,
            Body::Step(Step {
                step: serde_json::from_value(serde_json::json!(kind)).expect("a step kind"),
                date: "2026-12-03".into(),
                account: format!("We did: {kind}."),
            }),
        )
    }

    pub fn request_from_receiver(&self, case: &Case) -> SignedEntry {
        self.next(
            case,
            true,
            Body::Request(Request {
                request: RequestKind::Information,
                text: "Which addresses?".into(),
            }),
        )
    }

    pub fn reply_from_notifier(&self, case: &Case) -> SignedEntry {
        self.next(
            case,
            false,
            Body::Reply(Reply {
                text: "These addresses.".into(),
            }),
        )
    }

    pub fn closure_from_notifier(&self, case: &Case) -> SignedEntry {
        self.next(case, false, Body::Closure(Closure::default()))
    }

    pub fn closure_from_receiver(&self, case: &Case) -> SignedEntry {
        self.next(case, true, Body::Closure(Closure::default()))
    }
}
