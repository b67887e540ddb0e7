//! The rules of a case's chain of entries.
//!
//! - The first entry of a case is a **notification** from a point of
//!   contact of the notifying State to another State, the receiver; it
//!   names no previous entry. No later entry is a notification.
//! - Every later entry names the hash of the case's previous entry and the
//!   same case id.
//! - Only the two parties write in a case: the **receiver** acknowledges
//!   (once) and reports **steps**; **either** party sends requests and
//!   replies; **either** party closes the case, after which nothing more is
//!   accepted.
//! - Every entry is signed (strictly) by the key registered for the point
//!   of contact it names ([`Directory`]).
//! - An entry already in the case (same entry hash) is a replay and is
//!   refused, and so is a record already in the case re-signed by another
//!   key.
//!
//! The claimed times are the senders' and are not compared: the order of a
//! case is the order in which the log accepted its entries. Each accepted
//! entry carries the time the log received it, given by the caller.

use crate::model::{Body, CaseId, Kind, Notification, PublicKey, StateCode};
use crate::sign::{EntryHash, SignatureError, SignedEntry};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use time::OffsetDateTime;

/// The registered points of contact: (State, contact name) → key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    keys: BTreeMap<(StateCode, String), PublicKey>,
}

impl Directory {
    /// An empty directory.
    pub fn new() -> Directory {
        Directory::default()
    }

    /// Registers (or replaces) a point of contact's key.
    pub fn add(&mut self, state: StateCode, contact: impl Into<String>, key: PublicKey) {
        self.keys.insert((state, contact.into()), key);
    }

    /// The key registered for a State's point of contact.
    pub fn key(&self, state: &StateCode, contact: &str) -> Option<PublicKey> {
        self.keys.get(&(state.clone(), contact.to_owned())).copied()
    }
}

/// A rule of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The signature must verify strictly for the entry's key.
    Signature,
    /// The key must be the one registered for the named point of contact.
    RegisteredKey,
    /// The entry must name the case it is appended to.
    SameCase,
    /// The first entry must be a notification and only the first.
    OpensWithNotification,
    /// A notification goes to another State.
    NotifiesAnotherState,
    /// A later entry must name the previous entry's hash; the first none.
    NamesPrevious,
    /// Only the parties write in a case.
    PartiesOnly,
    /// Only the receiver acknowledges or reports steps.
    ReceiverOnly,
    /// The notification is acknowledged at most once.
    AcknowledgedOnce,
    /// Nothing follows a closure.
    ClosedCase,
    /// An entry or a record is accepted once.
    NoReplay,
}

impl Rule {
    /// The rule in words.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Signature => "the signature must verify for the entry's key",
            Rule::RegisteredKey => "the key must be the one registered for the point of contact",
            Rule::SameCase => "the entry must name the case it is added to",
            Rule::OpensWithNotification => {
                "a case opens with a notification, and only its first entry is one"
            }
            Rule::NotifiesAnotherState => "a notification goes to another State",
            Rule::NamesPrevious => "each entry names the hash of the case's previous entry",
            Rule::PartiesOnly => "only the notifying and the notified State write in a case",
            Rule::ReceiverOnly => "only the notified State acknowledges and reports steps",
            Rule::AcknowledgedOnce => "a notification is acknowledged once",
            Rule::ClosedCase => "nothing is added to a closed case",
            Rule::NoReplay => "an entry is accepted once",
        }
    }
}

/// An entry refused by a case: which entry (its position in the case and
/// its hash), which rule it breaks, and details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainError {
    /// The position the entry would have in the case (0 for the first).
    pub position: usize,
    /// The entry's hash.
    pub entry: EntryHash,
    /// The rule broken.
    pub rule: Rule,
    /// Details.
    pub detail: String,
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "entry {} ({}) refused: {}",
            self.position,
            self.entry,
            self.rule.describe()
        )?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for ChainError {}

/// An entry of a case as the log accepted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The signed entry.
    pub entry: SignedEntry,
    /// Its hash.
    pub hash: EntryHash,
    /// When the log received it (from the caller: this crate reads no
    /// clock).
    pub received: OffsetDateTime,
}

/// A case: its accepted entries in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    id: CaseId,
    notifier: StateCode,
    receiver: StateCode,
    entries: Vec<Accepted>,
    hashes: BTreeSet<EntryHash>,
    records: BTreeSet<Vec<u8>>,
}

impl Case {
    /// Opens a case with its notification, received at `received`.
    pub fn open(
        entry: SignedEntry,
        received: OffsetDateTime,
        directory: &Directory,
    ) -> Result<Case, ChainError> {
        Case::open_checking(entry, received, directory, true)
    }

    /// [`Case::open`] for an entry whose signature the caller has already
    /// verified with [`SignedEntry::verify`] (a store verifies signatures
    /// in parallel before its one writer applies the rules): every other
    /// rule, the registered key included, is checked.
    pub fn open_verified(
        entry: SignedEntry,
        received: OffsetDateTime,
        directory: &Directory,
    ) -> Result<Case, ChainError> {
        Case::open_checking(entry, received, directory, false)
    }

    fn open_checking(
        entry: SignedEntry,
        received: OffsetDateTime,
        directory: &Directory,
        verify: bool,
    ) -> Result<Case, ChainError> {
        let hash = entry.hash();
        let refuse = |rule, detail: String| ChainError {
            position: 0,
            entry: hash,
            rule,
            detail,
        };
        check_signer(&entry, directory, verify).map_err(|(rule, d)| refuse(rule, d))?;
        let record = entry.record();
        let Body::Notification(n) = &record.body else {
            return Err(refuse(
                Rule::OpensWithNotification,
                format!("the first entry is a {}", record.kind()),
            ));
        };
        if record.previous.is_some() {
            return Err(refuse(
                Rule::NamesPrevious,
                "a notification names no previous entry".into(),
            ));
        }
        if n.to == record.from_state {
            return Err(refuse(
                Rule::NotifiesAnotherState,
                format!("{} notifies itself", n.to),
            ));
        }
        let mut case = Case {
            id: record.case.clone(),
            notifier: record.from_state.clone(),
            receiver: n.to.clone(),
            entries: Vec::new(),
            hashes: BTreeSet::new(),
            records: BTreeSet::new(),
        };
        case.push(entry, hash, received);
        Ok(case)
    }

    /// Builds a case from its entries in order (each with the time it was
    /// received), checking every rule.
    pub fn from_entries(
        entries: impl IntoIterator<Item = (SignedEntry, OffsetDateTime)>,
        directory: &Directory,
    ) -> Result<Case, ChainError> {
        let mut entries = entries.into_iter();
        let (first, received) = entries.next().ok_or_else(|| ChainError {
            position: 0,
            entry: EntryHash([0; 32]),
            rule: Rule::OpensWithNotification,
            detail: "the case has no entry".into(),
        })?;
        let mut case = Case::open(first, received, directory)?;
        for (entry, received) in entries {
            case.append(entry, received, directory)?;
        }
        Ok(case)
    }

    /// Appends an entry received at `received`, or says which rule it
    /// breaks; the case is unchanged on refusal.
    pub fn append(
        &mut self,
        entry: SignedEntry,
        received: OffsetDateTime,
        directory: &Directory,
    ) -> Result<(), ChainError> {
        self.append_checking(entry, received, directory, true)
    }

    /// [`Case::append`] for an entry whose signature the caller has already
    /// verified with [`SignedEntry::verify`]: every other rule, the
    /// registered key included, is checked.
    pub fn append_verified(
        &mut self,
        entry: SignedEntry,
        received: OffsetDateTime,
        directory: &Directory,
    ) -> Result<(), ChainError> {
        self.append_checking(entry, received, directory, false)
    }

    fn append_checking(
        &mut self,
        entry: SignedEntry,
        received: OffsetDateTime,
        directory: &Directory,
        verify: bool,
    ) -> Result<(), ChainError> {
        let hash = entry.hash();
        let position = self.entries.len();
        let refuse = |rule, detail: String| ChainError {
            position,
            entry: hash,
            rule,
            detail,
        };
        if self.hashes.contains(&hash) {
            return Err(refuse(
                Rule::NoReplay,
                "this entry is already in the case".into(),
            ));
        }
        if self.records.contains(&entry.canonical_record()) {
            return Err(refuse(
                Rule::NoReplay,
                "this record is already in the case, signed by another key".into(),
            ));
        }
        check_signer(&entry, directory, verify).map_err(|(rule, d)| refuse(rule, d))?;
        let record = entry.record();
        if record.case != self.id {
            return Err(refuse(
                Rule::SameCase,
                format!("it names case {}, not {}", record.case, self.id),
            ));
        }
        let last = self.last_hash();
        if record.previous != Some(last) {
            let named = record
                .previous
                .map_or_else(|| "none".to_owned(), |h| h.to_hex());
            return Err(refuse(
                Rule::NamesPrevious,
                format!("it names {named}, the previous entry is {last}"),
            ));
        }
        if self.is_closed() {
            return Err(refuse(Rule::ClosedCase, String::new()));
        }
        let from = &record.from_state;
        if *from != self.notifier && *from != self.receiver {
            return Err(refuse(
                Rule::PartiesOnly,
                format!("{from} is not {} or {}", self.notifier, self.receiver),
            ));
        }
        match record.kind() {
            Kind::Notification => {
                return Err(refuse(
                    Rule::OpensWithNotification,
                    "a later entry is a notification".into(),
                ))
            }
            Kind::Acknowledgement | Kind::Step if *from != self.receiver => {
                return Err(refuse(
                    Rule::ReceiverOnly,
                    format!("{from} sends a {}", record.kind()),
                ))
            }
            Kind::Acknowledgement if self.acknowledgement().is_some() => {
                return Err(refuse(Rule::AcknowledgedOnce, String::new()))
            }
            _ => {}
        }
        self.push(entry, hash, received);
        Ok(())
    }

    fn push(&mut self, entry: SignedEntry, hash: EntryHash, received: OffsetDateTime) {
        self.hashes.insert(hash);
        self.records.insert(entry.canonical_record());
        self.entries.push(Accepted {
            entry,
            hash,
            received,
        });
    }

    /// The case id.
    pub fn id(&self) -> &CaseId {
        &self.id
    }

    /// The notifying State.
    pub fn notifier(&self) -> &StateCode {
        &self.notifier
    }

    /// The notified State.
    pub fn receiver(&self) -> &StateCode {
        &self.receiver
    }

    /// The entries, in order.
    pub fn entries(&self) -> &[Accepted] {
        &self.entries
    }

    /// The notification.
    pub fn notification(&self) -> &Notification {
        match &self.entries[0].entry.record().body {
            Body::Notification(n) => n,
            // `open` accepts only a notification first.
            _ => unreachable!("a case opens with a notification"),
        }
    }

    /// The hash the next entry must name.
    pub fn last_hash(&self) -> EntryHash {
        self.entries[self.entries.len() - 1].hash
    }

    /// The acknowledgement, if any.
    pub fn acknowledgement(&self) -> Option<&Accepted> {
        self.entries
            .iter()
            .find(|e| e.entry.record().kind() == Kind::Acknowledgement)
    }

    /// The readings the parties declared: the notifier's in its
    /// notification, the receiver's in its acknowledgement (each `None`
    /// when not declared).
    pub fn declared_readings(&self) -> (Option<&str>, Option<&str>) {
        let receiver = self
            .acknowledgement()
            .and_then(|a| match &a.entry.record().body {
                Body::Acknowledgement(a) => a.reading.as_deref(),
                _ => None,
            });
        (self.notification().reading.as_deref(), receiver)
    }

    /// Whether the case is closed.
    pub fn is_closed(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.entry.record().kind() == Kind::Closure)
    }
}

fn check_signer(
    entry: &SignedEntry,
    directory: &Directory,
    verify: bool,
) -> Result<(), (Rule, String)> {
    if verify {
        entry
            .verify()
            .map_err(|e| (Rule::Signature, e.to_string()))?;
    }
    let record = entry.record();
    match directory.key(&record.from_state, &record.from_contact) {
        Some(key) if key == entry.public_key() => Ok(()),
        Some(_) => Err((
            Rule::RegisteredKey,
            format!(
                "signed by {}, not the key of {} of {}",
                entry.public_key(),
                record.from_contact,
                record.from_state
            ),
        )),
        None => Err((
            Rule::RegisteredKey,
            format!(
                "{} of {} is not a registered point of contact",
                record.from_contact, record.from_state
            ),
        )),
    }
}

impl From<SignatureError> for (Rule, String) {
    fn from(e: SignatureError) -> Self {
        (Rule::Signature, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn a_whole_case_is_accepted() {
        let p = Parties::new();
        let mut case = p.open();
        let makers: [&dyn Fn(&Case) -> SignedEntry; 6] = [
            &|c| p.ack(c),
            &|c| p.request_from_receiver(c),
            &|c| p.reply_from_notifier(c),
            &|c| p.step(c, "detect"),
            &|c| p.step(c, "stop"),
            &|c| p.closure_from_notifier(c),
        ];
        for (hour, make) in (1..).zip(makers) {
            let entry = make(&case);
            case.append(entry, at(hour), &p.directory)
                .expect("accepted");
        }
        assert_eq!(case.entries().len(), 7);
        assert!(case.is_closed());
        assert!(case.acknowledgement().is_some());
        // Rebuilt from its entries, the case is the same.
        let again = Case::from_entries(
            case.entries().iter().map(|a| (a.entry.clone(), a.received)),
            &p.directory,
        )
        .expect("the same entries");
        assert_eq!(again, case);
    }

    /// Each broken rule, the entry that breaks it and the rule named.
    #[test]
    fn each_rule_refuses_what_breaks_it() {
        let p = Parties::new();
        let case = p.open();
        let ack = p.ack(&case);
        let mut acked = case.clone();
        acked
            .append(ack.clone(), at(1), &p.directory)
            .expect("acknowledged");

        let mut checks: Vec<(&str, Case, SignedEntry, Rule)> = Vec::new();
        // Replays: the same entry, and the same record signed by the
        // notifier's second key.
        checks.push(("replay", acked.clone(), ack.clone(), Rule::NoReplay));
        let mut r = ack.record().clone();
        r.from_state = p.receiver.clone();
        checks.push((
            "record re-signed",
            acked.clone(),
            crate::sign::sign(&r, &key(9)),
            Rule::NoReplay,
        ));
        // A step by the notifier.
        let mut r = p.step(&case, "stop").record().clone();
        r.from_state = p.notifier.clone();
        r.from_contact = "CERT-FR".into();
        checks.push((
            "step by notifier",
            case.clone(),
            crate::sign::sign(&r, &p.notifier_key),
            Rule::ReceiverOnly,
        ));
        // An acknowledgement by the notifier.
        let mut r = p.ack(&case).record().clone();
        r.from_state = p.notifier.clone();
        r.from_contact = "CERT-FR".into();
        checks.push((
            "ack by notifier",
            case.clone(),
            crate::sign::sign(&r, &p.notifier_key),
            Rule::ReceiverOnly,
        ));
        // A second acknowledgement.
        let mut r = p.ack(&acked).record().clone();
        r.previous = Some(acked.last_hash());
        r.claimed_time = "2026-12-04T00:00:00Z".into();
        checks.push((
            "second ack",
            acked.clone(),
            crate::sign::sign(&r, &p.receiver_key),
            Rule::AcknowledgedOnce,
        ));
        // Wrong previous hash.
        let mut r = p.step(&case, "detect").record().clone();
        r.previous = Some(EntryHash([1; 32]));
        checks.push((
            "wrong previous",
            case.clone(),
            crate::sign::sign(&r, &p.receiver_key),
            Rule::NamesPrevious,
        ));
        // No previous hash.
        r.previous = None;
        checks.push((
            "no previous",
            case.clone(),
            crate::sign::sign(&r, &p.receiver_key),
            Rule::NamesPrevious,
        ));
        // Another case.
        let mut r = p.step(&case, "detect").record().clone();
        r.case = crate::model::CaseId::parse("other").expect("id");
        checks.push((
            "other case",
            case.clone(),
            crate::sign::sign(&r, &p.receiver_key),
            Rule::SameCase,
        ));
        // A third State.
        let mut r = p.step(&case, "detect").record().clone();
        r.body = Body::Reply(crate::model::Reply {
            text: "Not yours.".into(),
        });
        r.from_state = StateCode::parse("ITA").expect("code");
        r.from_contact = "CSIRT".into();
        checks.push((
            "third State",
            case.clone(),
            crate::sign::sign(&r, &p.third_key),
            Rule::PartiesOnly,
        ));
        // A key other than the registered one.
        let r = p.step(&case, "detect").record().clone();
        checks.push((
            "unregistered key",
            case.clone(),
            crate::sign::sign(&r, &key(7)),
            Rule::RegisteredKey,
        ));
        // An unknown contact.
        let mut r = p.step(&case, "detect").record().clone();
        r.from_contact = "Nobody".into();
        checks.push((
            "unknown contact",
            case.clone(),
            crate::sign::sign(&r, &p.receiver_key),
            Rule::RegisteredKey,
        ));
        // A broken signature.
        let good = p.step(&case, "detect");
        let mut v = good.to_json();
        v["record"]["body"]["account"] = serde_json::json!("Edited afterwards.");
        checks.push((
            "edited record",
            case.clone(),
            SignedEntry::from_json(v).expect("well formed"),
            Rule::Signature,
        ));
        // A second notification.
        let mut r = p.notification_entry().record().clone();
        r.previous = Some(case.last_hash());
        r.claimed_time = "2026-12-05T00:00:00Z".into();
        checks.push((
            "second notification",
            case.clone(),
            crate::sign::sign(&r, &p.notifier_key),
            Rule::OpensWithNotification,
        ));
        // After closure.
        let mut closed = case.clone();
        closed
            .append(p.closure_from_notifier(&case), at(2), &p.directory)
            .expect("closed");
        checks.push((
            "after closure",
            closed.clone(),
            p.step(&closed, "stop"),
            Rule::ClosedCase,
        ));

        for (name, mut case, entry, rule) in checks {
            let before = case.clone();
            let hash = entry.hash();
            let e = case.append(entry, at(3), &p.directory).expect_err(name);
            assert_eq!(e.rule, rule, "{name}: {e}");
            assert_eq!(e.entry, hash, "{name}: names the entry");
            assert_eq!(e.position, before.entries().len(), "{name}");
            assert!(e.to_string().contains(&hash.to_hex()), "{name}");
            assert_eq!(case, before, "{name}: the case is unchanged");
        }
    }

    #[test]
    fn a_case_opens_only_with_a_notification_to_another_state() {
        let p = Parties::new();
        let case = p.open();
        let step = p.step(&case, "detect");
        let e = Case::open(step, at(0), &p.directory).expect_err("not a notification");
        assert_eq!(e.rule, Rule::OpensWithNotification);

        let mut r = p.notification_entry().record().clone();
        if let Body::Notification(n) = &mut r.body {
            n.to = p.notifier.clone();
        }
        let e = Case::open(crate::sign::sign(&r, &p.notifier_key), at(0), &p.directory)
            .expect_err("to itself");
        assert_eq!(e.rule, Rule::NotifiesAnotherState);

        let mut r = p.notification_entry().record().clone();
        r.previous = Some(EntryHash([2; 32]));
        let e = Case::open(crate::sign::sign(&r, &p.notifier_key), at(0), &p.directory)
            .expect_err("names a previous entry");
        assert_eq!(e.rule, Rule::NamesPrevious);

        let e = Case::from_entries(Vec::new(), &p.directory).expect_err("empty");
        assert_eq!(e.rule, Rule::OpensWithNotification);
    }

    #[test]
    fn either_party_requests_replies_and_closes() {
        let p = Parties::new();
        for closer_is_receiver in [false, true] {
            let mut case = p.open();
            let e = p.request_from_receiver(&case);
            case.append(e, at(1), &p.directory).expect("receiver asks");
            let e = p.reply_from_notifier(&case);
            case.append(e, at(2), &p.directory)
                .expect("notifier replies");
            let e = if closer_is_receiver {
                p.closure_from_receiver(&case)
            } else {
                p.closure_from_notifier(&case)
            };
            case.append(e, at(3), &p.directory).expect("either closes");
            assert!(case.is_closed());
        }
    }
}
