//! The ledger's vocabulary: States, points of contact, cases, and the six
//! kinds of entry (notification, acknowledgement, request, step, reply,
//! closure) with their bodies, as JSON with bounded sizes.
//!
//! Every value read from JSON is validated as it is read; a refusal names
//! the field (`body.summary`, `from_state`, …) and what is wrong with it.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use diligence_core::UncertainFacts;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest free-text summary of a notification, in characters.
pub const MAX_SUMMARY: usize = 4000;
/// The longest account of a step, in characters.
pub const MAX_ACCOUNT: usize = 2000;
/// The longest other free text (action requested, request, reply, closure
/// reason, acknowledgement note), in characters.
pub const MAX_TEXT: usize = 4000;
/// The longest point-of-contact name, in characters.
pub const MAX_CONTACT_NAME: usize = 100;
/// The longest case id, in characters.
pub const MAX_CASE_ID: usize = 64;
/// The longest declared reading (a profile id), in bytes.
pub const MAX_PROFILE_ID: usize = 100;

/// A value that cannot be part of a record: the field and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The field, as a dotted JSON path (`body.summary`).
    pub field: String,
    /// What is wrong with it.
    pub problem: String,
}

impl ModelError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> ModelError {
        ModelError {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// The same problem, one level deeper (`summary` under `body`).
    pub fn under(mut self, parent: &str) -> ModelError {
        self.field = format!("{parent}.{}", self.field);
        self
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for ModelError {}

/// Checks a free text: not empty (unless `may_be_empty`), at most `max`
/// characters, no control characters other than line breaks and tabs.
pub fn check_text(
    field: &str,
    text: &str,
    max: usize,
    may_be_empty: bool,
) -> Result<(), ModelError> {
    let n = text.chars().count();
    if n == 0 && !may_be_empty {
        return Err(ModelError::new(field, "must not be empty"));
    }
    if n > max {
        return Err(ModelError::new(
            field,
            format!("is {n} characters long, more than the {max} allowed"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(ModelError::new(field, "contains a control character"));
    }
    Ok(())
}

/// A State, by its ISO 3166-1 alpha-3 code: three upper-case ASCII letters
/// (`FRA`, `DEU`). Whether the code is assigned is not checked here.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StateCode(String);

impl StateCode {
    /// The code, or why it is not one.
    pub fn parse(code: &str) -> Result<StateCode, ModelError> {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(StateCode(code.to_owned()))
        } else {
            Err(ModelError::new(
                "state",
                format!("{code:?} is not an ISO 3166-1 alpha-3 code (three upper-case letters)"),
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StateCode {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        StateCode::parse(&s)
    }
}

impl From<StateCode> for String {
    fn from(s: StateCode) -> String {
        s.0
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A case id: 1 to 64 ASCII letters, digits, `-` or `_`. Who allocates
/// them is the storage's business.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseId(String);

impl CaseId {
    /// The id, or why it is not one.
    pub fn parse(id: &str) -> Result<CaseId, ModelError> {
        if !id.is_empty()
            && id.len() <= MAX_CASE_ID
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            Ok(CaseId(id.to_owned()))
        } else {
            Err(ModelError::new(
                "case",
                format!("{id:?} is not a case id (1 to {MAX_CASE_ID} letters, digits, '-' or '_')"),
            ))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CaseId {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        CaseId::parse(&s)
    }
}

impl From<CaseId> for String {
    fn from(s: CaseId) -> String {
        s.0
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Ed25519 public key (32 bytes), written in standard base64 with
/// padding.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    /// The key read from base64, or why it is not one.
    pub fn from_base64(text: &str) -> Result<PublicKey, ModelError> {
        let bytes = BASE64
            .decode(text)
            .map_err(|_| ModelError::new("public_key", "is not standard base64"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| ModelError::new("public_key", "is not 32 bytes long"))?;
        Ok(PublicKey(bytes))
    }

    /// The key in base64.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_base64())
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl TryFrom<String> for PublicKey {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        PublicKey::from_base64(&s)
    }
}

impl From<PublicKey> for String {
    fn from(k: PublicKey) -> String {
        k.to_base64()
    }
}

/// A State's point of contact: a name unique within the State and the
/// Ed25519 public key its entries are signed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The name (1 to 100 characters).
    pub name: String,
    /// The key its entries are signed with.
    pub public_key: PublicKey,
}

impl Contact {
    /// Checks the name.
    pub fn validate(&self) -> Result<(), ModelError> {
        check_text("name", &self.name, MAX_CONTACT_NAME, false)
    }
}

/// How urgent a notification is; it sets when an acknowledgement is due
/// (see [`crate::deadline`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Harm is under way or imminent.
    Immediate,
    /// Harm is likely soon.
    Urgent,
    /// Everything else.
    Routine,
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Information about the activity or the steps taken.
    Information,
    /// Assistance in detecting, investigating or stopping the activity.
    Assistance,
}

/// The kind of step a State reports, after the steps the 2021 GGE report
/// expects (detect, investigate, stop) and redress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Detecting the activity.
    Detect,
    /// Investigating it.
    Investigate,
    /// Stopping it.
    Stop,
    /// Redressing its consequences.
    Redress,
}

impl StepKind {
    /// Every kind, in order.
    pub const ALL: [StepKind; 4] = [
        StepKind::Detect,
        StepKind::Investigate,
        StepKind::Stop,
        StepKind::Redress,
    ];
}

/// The kind of an entry, as written in the record's `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Opens a case.
    Notification,
    /// The receiver confirms it received the notification.
    Acknowledgement,
    /// A request for information or assistance.
    Request,
    /// A step taken by the receiver.
    Step,
    /// An answer.
    Reply,
    /// Closes the case.
    Closure,
}

impl Kind {
    /// The kind's name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Notification => "notification",
            Kind::Acknowledgement => "acknowledgement",
            Kind::Request => "request",
            Kind::Step => "step",
            Kind::Reply => "reply",
            Kind::Closure => "closure",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A notification: the facts the notifying State asserts (the spec's facts
/// object; a fact may be uncertain: a list of values or `"unknown"`), a
/// summary, the action it requests and how urgent it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    /// The receiving State.
    pub to: StateCode,
    /// The facts asserted.
    pub facts: UncertainFacts,
    /// What happened, in free text.
    pub summary: String,
    /// What the notifying State asks the receiver to do.
    pub action_requested: String,
    /// How urgent it is.
    pub urgency: Urgency,
    /// The reading the notifying State declares it reads the case under: a
    /// profile of the knowledge base, by id. Absent: its own position where
    /// the knowledge base has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// An acknowledgement of the notification, with an optional note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// A note (may be empty).
    #[serde(default)]
    pub note: String,
    /// The reading the receiving State declares it reads the case under (as
    /// in [`Notification::reading`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// A request for information or assistance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// What is asked for.
    pub request: RequestKind,
    /// The request in free text.
    pub text: String,
}

/// A step the receiving State reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Which step.
    pub step: StepKind,
    /// The date it was taken (`YYYY-MM-DD`).
    pub date: String,
    /// A short account of it.
    pub account: String,
}

/// A reply to anything said before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// The reply in free text.
    pub text: String,
}

/// The closure of the case, with an optional reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// Why the case is closed (may be empty).
    #[serde(default)]
    pub reason: String,
}

/// The body of an entry, one variant per [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// See [`Notification`].
    Notification(Notification),
    /// See [`Acknowledgement`].
    Acknowledgement(Acknowledgement),
    /// See [`Request`].
    Request(Request),
    /// See [`Step`].
    Step(Step),
    /// See [`Reply`].
    Reply(Reply),
    /// See [`Closure`].
    Closure(Closure),
}

impl Body {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Body::Notification(_) => Kind::Notification,
            Body::Acknowledgement(_) => Kind::Acknowledgement,
            Body::Request(_) => Kind::Request,
            Body::Step(_) => Kind::Step,
            Body::Reply(_) => Kind::Reply,
            Body::Closure(_) => Kind::Closure,
        }
    }

    /// Checks the sizes and formats of its fields (named relative to the
    /// body: `summary`, `date`, …).
    pub fn validate(&self) -> Result<(), ModelError> {
        match self {
            Body::Notification(n) => {
                check_text("summary", &n.summary, MAX_SUMMARY, false)?;
                check_text("action_requested", &n.action_requested, MAX_TEXT, true)?;
                check_reading(n.reading.as_deref())
            }
            Body::Acknowledgement(a) => {
                check_text("note", &a.note, MAX_TEXT, true)?;
                check_reading(a.reading.as_deref())
            }
            Body::Request(r) => check_text("text", &r.text, MAX_TEXT, false),
            Body::Step(s) => {
                check_date("date", &s.date)?;
                check_text("account", &s.account, MAX_ACCOUNT, false)
            }
            Body::Reply(r) => check_text("text", &r.text, MAX_TEXT, false),
            Body::Closure(c) => check_text("reason", &c.reason, MAX_TEXT, true),
        }
    }

    fn to_value(&self) -> serde_json::Value {
        let v = match self {
            Body::Notification(b) => serde_json::to_value(b),
            Body::Acknowledgement(b) => serde_json::to_value(b),
            Body::Request(b) => serde_json::to_value(b),
            Body::Step(b) => serde_json::to_value(b),
            Body::Reply(b) => serde_json::to_value(b),
            Body::Closure(b) => serde_json::to_value(b),
        };
        // The bodies are plain structs of strings, enums and facts.
        v.unwrap_or(serde_json::Value::Null)
    }

    fn from_value(kind: Kind, value: serde_json::Value) -> Result<Body, ModelError> {
        fn read<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, ModelError> {
            serde_json::from_value(v).map_err(|e| ModelError::new("body", e.to_string()))
        }
        let body = match kind {
            Kind::Notification => Body::Notification(read(value)?),
            Kind::Acknowledgement => Body::Acknowledgement(read(value)?),
            Kind::Request => Body::Request(read(value)?),
            Kind::Step => Body::Step(read(value)?),
            Kind::Reply => Body::Reply(read(value)?),
            Kind::Closure => Body::Closure(read(value)?),
        };
        body.validate().map_err(|e| e.under("body"))?;
        Ok(body)
    }
}

/// Checks a declared reading's form: a profile id (1 to
/// [`MAX_PROFILE_ID`] lower-case letters, digits, `-` or `_`). Whether the
/// knowledge base has that profile is for the server to check.
pub fn check_reading(reading: Option<&str>) -> Result<(), ModelError> {
    let Some(id) = reading else { return Ok(()) };
    let ok = !id.is_empty()
        && id.len() <= MAX_PROFILE_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ModelError::new(
            "reading",
            format!(
                "{id:?} is not a profile id (1 to {MAX_PROFILE_ID} lower-case letters, digits, '-' or '_')"
            ),
        ))
    }
}

/// Checks a calendar date written `YYYY-MM-DD`.
pub fn check_date(field: &str, date: &str) -> Result<(), ModelError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date, &format)
        .map(|_| ())
        .map_err(|_| ModelError::new(field, format!("{date:?} is not a date written YYYY-MM-DD")))
}

/// Checks a time written in RFC 3339 (`2026-12-03T08:00:00Z`).
pub fn parse_time(field: &str, text: &str) -> Result<time::OffsetDateTime, ModelError> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|_| ModelError::new(field, format!("{text:?} is not an RFC 3339 date and time")))
}

/// A SHA-256 hash, written as 64 lower-case hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EntryHash(pub [u8; 32]);

impl EntryHash {
    /// The hash read from hex, or why it is not one.
    pub fn from_hex(text: &str) -> Result<EntryHash, ModelError> {
        let problem = || ModelError::new("previous", "is not 64 lower-case hexadecimal digits");
        if text.len() != 64 {
            return Err(problem());
        }
        let mut out = [0u8; 32];
        for (i, pair) in text.as_bytes().chunks(2).enumerate() {
            let digit = |c: u8| match c {
                b'0'..=b'9' => Some(c - b'0'),
                b'a'..=b'f' => Some(c - b'a' + 10),
                _ => None,
            };
            out[i] =
                digit(pair[0]).ok_or_else(problem)? << 4 | digit(pair[1]).ok_or_else(problem)?;
        }
        Ok(EntryHash(out))
    }

    /// The hash in hex.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryHash({})", self.to_hex())
    }
}

impl fmt::Display for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl TryFrom<String> for EntryHash {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        EntryHash::from_hex(&s)
    }
}

impl From<EntryHash> for String {
    fn from(h: EntryHash) -> String {
        h.to_hex()
    }
}

/// What a sender signs: the case, the kind, who sends it, when the sender
/// says it does, the previous entry of the case and the body.
///
/// In JSON: `{"case", "kind", "from_state", "from_contact", "claimed_time",
/// "previous" (absent for a notification), "body"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RecordJson", into = "RecordJson")]
pub struct Record {
    /// The case.
    pub case: CaseId,
    /// The sending State.
    pub from_state: StateCode,
    /// The sending point of contact, by name.
    pub from_contact: String,
    /// The time the sender claims, in RFC 3339. The log's order is the
    /// order of appends, never this time.
    pub claimed_time: String,
    /// The hash of the case's previous entry (none for a notification).
    pub previous: Option<EntryHash>,
    /// The body, which gives the kind.
    pub body: Body,
}

impl Record {
    /// The kind of the entry.
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// Checks every field; the error names the field.
    pub fn validate(&self) -> Result<(), ModelError> {
        check_text("from_contact", &self.from_contact, MAX_CONTACT_NAME, false)?;
        parse_time("claimed_time", &self.claimed_time)?;
        self.body.validate().map_err(|e| e.under("body"))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordJson {
    case: CaseId,
    kind: Kind,
    from_state: StateCode,
    from_contact: String,
    claimed_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<EntryHash>,
    body: serde_json::Value,
}

impl TryFrom<RecordJson> for Record {
    type Error = ModelError;
    fn try_from(r: RecordJson) -> Result<Record, ModelError> {
        let record = Record {
            case: r.case,
            from_state: r.from_state,
            from_contact: r.from_contact,
            claimed_time: r.claimed_time,
            previous: r.previous,
            body: Body::from_value(r.kind, r.body)?,
        };
        record.validate()?;
        Ok(record)
    }
}

impl From<Record> for RecordJson {
    fn from(r: Record) -> RecordJson {
        RecordJson {
            case: r.case,
            kind: r.body.kind(),
            from_state: r.from_state,
            from_contact: r.from_contact,
            claimed_time: r.claimed_time,
            previous: r.previous,
            body: r.body.to_value(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notification() -> serde_json::Value {
        json!({
            "case": "c-1",
            "kind": "notification",
            "from_state": "FRA",
            "from_contact": "CERT-FR",
            "claimed_time": "2026-12-03T08:00:00Z",
            "body": {
                "to": "DEU",
                "facts": {"domain": "cyber", "conduct_by": "non_state_actor",
                    "territorial_link": "originates", "contrary_to_rights": true,
                    "harm": "serious", "knowledge": "unknown", "timing": "ongoing",
                    "capacity": ["limited", "feasible"], "measures": "none"},
                "summary": "Ransomware operated from servers on your territory.",
                "action_requested": "Stop the servers.",
                "urgency": "immediate"
            }
        })
    }

    fn refusal(v: serde_json::Value) -> String {
        serde_json::from_value::<Record>(v)
            .expect_err("the record is refused")
            .to_string()
    }

    #[test]
    fn a_notification_reads_and_writes_back() {
        let r: Record = serde_json::from_value(notification()).expect("valid");
        assert_eq!(r.kind(), Kind::Notification);
        assert_eq!(r.from_state.as_str(), "FRA");
        let Body::Notification(n) = &r.body else {
            panic!("a notification")
        };
        assert!(!n.facts.is_definite());
        let back: Record =
            serde_json::from_value(serde_json::to_value(&r).expect("writes")).expect("reads");
        assert_eq!(back, r);
    }

    #[test]
    fn state_codes_are_three_upper_case_letters() {
        for good in ["FRA", "DEU", "USA"] {
            assert!(StateCode::parse(good).is_ok(), "{good}");
        }
        for bad in ["fra", "FR", "FRAN", "FR1", "ÉTA", ""] {
            assert!(StateCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refusals_name_the_field() {
        let cases: Vec<(&str, serde_json::Value, &str)> = vec![
            ("from_state", json!("fr"), "alpha-3"),
            ("case", json!("no spaces"), "case id"),
            ("claimed_time", json!("yesterday"), "RFC 3339"),
            ("previous", json!("abc"), "hexadecimal"),
            ("kind", json!("gossip"), "unknown variant"),
        ];
        for (field, value, words) in cases {
            let mut v = notification();
            v[field] = value;
            let message = refusal(v);
            assert!(message.contains(words), "{field}: {message}");
        }
        let mut v = notification();
        v["body"]["summary"] = json!("x".repeat(MAX_SUMMARY + 1));
        let message = refusal(v);
        assert!(message.contains("body.summary"), "{message}");
        assert!(
            message.contains(&format!("{}", MAX_SUMMARY + 1)),
            "{message}"
        );

        let mut v = notification();
        v["body"]["summary"] = json!("");
        assert!(refusal(v).contains("body.summary: must not be empty"));

        let mut v = notification();
        v["body"]["to"] = json!("deu");
        assert!(refusal(v).contains("alpha-3"));

        let mut v = notification();
        v["extra"] = json!(1);
        assert!(refusal(v).contains("unknown field"));
    }

    #[test]
    fn a_summary_at_the_limit_is_accepted_one_more_is_not() {
        let mut v = notification();
        v["body"]["summary"] = json!("é".repeat(MAX_SUMMARY));
        assert!(serde_json::from_value::<Record>(v.clone()).is_ok());
        v["body"]["summary"] = json!("é".repeat(MAX_SUMMARY + 1));
        assert!(serde_json::from_value::<Record>(v).is_err());
    }

    #[test]
    fn steps_need_a_date_and_a_bounded_account() {
        let step = |date: &str, account: String| {
            json!({"case": "c-1", "kind": "step", "from_state": "DEU",
                "from_contact": "BSI", "claimed_time": "2026-12-03T09:00:00+01:00",
                "previous": "00".repeat(32),
                "body": {"step": "stop", "date": date, "account": account}})
        };
        let r: Record = serde_json::from_value(step("2026-12-03", "Servers seized.".into()))
            .expect("valid step");
        assert_eq!(r.kind(), Kind::Step);
        assert!(refusal(step("03/12/2026", "x".into())).contains("body.date"));
        assert!(refusal(step("2026-02-30", "x".into())).contains("body.date"));
        assert!(refusal(step("2026-12-03", "x".repeat(MAX_ACCOUNT + 1))).contains("body.account"));
        let mut v = step("2026-12-03", "x".into());
        v["body"]["step"] = json!("pray");
        assert!(refusal(v).contains("unknown variant"));
    }

    #[test]
    fn hashes_and_keys_round_trip() {
        let h = EntryHash([0xab; 32]);
        assert_eq!(EntryHash::from_hex(&h.to_hex()), Ok(h));
        assert!(EntryHash::from_hex(&"AB".repeat(32)).is_err());
        let k = PublicKey([7; 32]);
        assert_eq!(PublicKey::from_base64(&k.to_base64()), Ok(k));
        assert!(PublicKey::from_base64("AAAA").is_err());
    }

    #[test]
    fn a_declared_reading_is_a_profile_id_and_absent_when_not_declared() {
        // Not declared: the canonical form has no `reading` key, so records
        // written before readings could be declared keep their bytes.
        let r: Record = serde_json::from_value(notification()).expect("valid");
        let written = serde_json::to_value(&r).expect("writes");
        assert!(written["body"].get("reading").is_none());
        let mut v = notification();
        v["body"]["reading"] = json!("tallinn-manual-2");
        let r: Record = serde_json::from_value(v).expect("valid");
        let Body::Notification(n) = &r.body else {
            panic!("a notification")
        };
        assert_eq!(n.reading.as_deref(), Some("tallinn-manual-2"));
        for bad in ["", "Tallinn Manual", "a/b", &"x".repeat(MAX_PROFILE_ID + 1)] {
            let mut v = notification();
            v["body"]["reading"] = json!(bad);
            let refusal = refusal(v);
            assert!(refusal.contains("body.reading"), "{bad:?}: {refusal}");
        }
    }
}
