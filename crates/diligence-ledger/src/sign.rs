//! Canonical form, signatures and entry hashes.
//!
//! - **Canonical form**: a record's JSON canonicalised by RFC 8785 (JCS):
//!   keys sorted, no white space, strings and numbers in their one form.
//!   The canonical form is taken from the JSON *as received*, so a signer
//!   who writes the same record with its keys in another order, or the
//!   facts as `["actual","notified"]` rather than `["notified","actual"]`,
//!   signs the bytes it canonicalised itself, and they are the bytes
//!   checked.
//! - **Signature**: Ed25519 over [`SIGNING_CONTEXT`] followed by the
//!   canonical record, by the sender's point of contact; verified with
//!   `verify_strict` (no small-order keys, no non-canonical signatures).
//!   The context keeps an entry signature from ever being taken for a
//!   signature of anything else made with the same key.
//! - **Signed entry**: `{"record", "signature", "public_key"}`, the
//!   signature (64 bytes) and the key (32 bytes) in standard base64 with
//!   padding.
//! - **Entry hash**: SHA-256 of the canonical form (JCS) of the whole
//!   signed entry, record, signature and key. The hash thus names who
//!   signed as well as what; the same bytes are the entry's leaf in the
//!   log (whose leaf hash is SHA-256 of `0x00` then these bytes, RFC 6962).

use crate::model::{ModelError, PublicKey, Record};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

pub use crate::model::EntryHash;

/// The bytes put before the canonical record in the signed message.
pub const SIGNING_CONTEXT: &[u8] = b"diligence-ledger-entry-v1\n";

/// The largest canonical signed entry, in bytes: an entry bundle of the log
/// stores lengths on 16 bits.
pub const MAX_ENTRY_BYTES: usize = 65_535;

/// Why a signed entry is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The JSON is not a signed entry; the field is named.
    Malformed(ModelError),
    /// The public key is not a valid Ed25519 key.
    BadKey,
    /// The signature does not verify for this key and these bytes.
    BadSignature,
    /// The canonical entry is larger than [`MAX_ENTRY_BYTES`].
    TooLarge(usize),
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::Malformed(e) => write!(f, "malformed entry: {e}"),
            SignatureError::BadKey => f.write_str("public_key: not a valid Ed25519 key"),
            SignatureError::BadSignature => {
                f.write_str("signature: does not verify for the record and the key")
            }
            SignatureError::TooLarge(n) => {
                write!(
                    f,
                    "entry: {n} bytes, more than the {MAX_ENTRY_BYTES} allowed"
                )
            }
        }
    }
}

impl std::error::Error for SignatureError {}

/// An Ed25519 signature (64 bytes), in standard base64.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Signature(pub [u8; 64]);

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", BASE64.encode(self.0))
    }
}

impl TryFrom<String> for Signature {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        let bytes = BASE64
            .decode(&s)
            .map_err(|_| ModelError::new("signature", "is not standard base64"))?;
        Ok(Signature(bytes.try_into().map_err(|_| {
            ModelError::new("signature", "is not 64 bytes long")
        })?))
    }
}

impl From<Signature> for String {
    fn from(s: Signature) -> String {
        BASE64.encode(s.0)
    }
}

/// A record, its signature and the signer's key, with the record's JSON as
/// it was signed (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedEntry {
    record: Record,
    record_json: serde_json::Value,
    /// The canonical bytes of `record_json`, made once.
    record_bytes: Vec<u8>,
    signature: Signature,
    public_key: PublicKey,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedEntryJson {
    record: serde_json::Value,
    signature: Signature,
    public_key: PublicKey,
}

impl SignedEntry {
    /// The record.
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// The signer's key.
    pub fn public_key(&self) -> PublicKey {
        self.public_key
    }

    /// The signature.
    pub fn signature(&self) -> Signature {
        self.signature
    }

    /// The record's canonical bytes, as signed.
    pub fn canonical_record(&self) -> Vec<u8> {
        self.record_bytes.clone()
    }

    /// The whole entry's canonical bytes: the log's leaf data. They are
    /// the RFC 8785 form of [`SignedEntry::to_json`], written from the
    /// record's canonical bytes: the keys in order (`public_key`,
    /// `record`, `signature`) and the two base64 strings, which need no
    /// escaping.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let key = self.public_key.to_base64();
        let signature = String::from(self.signature);
        let mut out =
            Vec::with_capacity(self.record_bytes.len() + key.len() + signature.len() + 48);
        out.extend_from_slice(b"{\"public_key\":\"");
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\",\"record\":");
        out.extend_from_slice(&self.record_bytes);
        out.extend_from_slice(b",\"signature\":\"");
        out.extend_from_slice(signature.as_bytes());
        out.extend_from_slice(b"\"}");
        out
    }

    /// The entry hash: SHA-256 of [`SignedEntry::canonical_bytes`].
    pub fn hash(&self) -> EntryHash {
        EntryHash(Sha256::digest(self.canonical_bytes()).into())
    }

    /// The entry read from JSON, its record validated, its signature not
    /// yet checked (see [`SignedEntry::verify`]).
    pub fn from_json(value: serde_json::Value) -> Result<SignedEntry, SignatureError> {
        // The problem text starts with the field at fault, which the
        // server names (`signature`, `record.kind`, `record.body.to`).
        let under = |outer: &str, e: ModelError| {
            let problem = if e.field.is_empty() {
                e.problem
            } else {
                e.to_string()
            };
            SignatureError::Malformed(ModelError::new(outer, problem))
        };
        let wire: SignedEntryJson =
            crate::model::read_json(value).map_err(|e| under("entry", e))?;
        let record: Record =
            crate::model::read_json(wire.record.clone()).map_err(|e| under("record", e))?;
        let entry = SignedEntry {
            record,
            record_bytes: jcs(&wire.record),
            record_json: wire.record,
            signature: wire.signature,
            public_key: wire.public_key,
        };
        let n = entry.canonical_bytes().len();
        if n > MAX_ENTRY_BYTES {
            return Err(SignatureError::TooLarge(n));
        }
        Ok(entry)
    }

    /// The entry read from bytes (JSON text).
    pub fn from_slice(bytes: &[u8]) -> Result<SignedEntry, SignatureError> {
        if bytes.len() > 4 * MAX_ENTRY_BYTES {
            return Err(SignatureError::TooLarge(bytes.len()));
        }
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| SignatureError::Malformed(ModelError::new("entry", e.to_string())))?;
        SignedEntry::from_json(value)
    }

    /// The entry as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "record": self.record_json,
            "signature": String::from(self.signature),
            "public_key": self.public_key.to_base64(),
        })
    }

    /// Checks the signature strictly against the entry's own key.
    pub fn verify(&self) -> Result<(), SignatureError> {
        self.verify_with(&self.verifying_key()?)
    }

    /// The entry's key, decompressed (a caller that verifies many entries
    /// of the same senders keeps it, see [`SignedEntry::verify_with`]).
    pub fn verifying_key(&self) -> Result<VerifyingKey, SignatureError> {
        VerifyingKey::from_bytes(&self.public_key.0).map_err(|_| SignatureError::BadKey)
    }

    /// [`SignedEntry::verify`] with the entry's key already decompressed:
    /// a key other than the entry's own is refused.
    pub fn verify_with(&self, key: &VerifyingKey) -> Result<(), SignatureError> {
        if key.as_bytes() != &self.public_key.0 {
            return Err(SignatureError::BadKey);
        }
        let signature = ed25519_dalek::Signature::from_bytes(&self.signature.0);
        key.verify_strict(&signed_message(&self.record_bytes), &signature)
            .map_err(|_| SignatureError::BadSignature)
    }
}

impl Serialize for SignedEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for SignedEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        SignedEntry::from_json(value).map_err(serde::de::Error::custom)
    }
}

/// RFC 8785 canonical bytes of any JSON value.
pub fn jcs(value: &serde_json::Value) -> Vec<u8> {
    // A `serde_json::Value` holds only finite numbers, strings, booleans,
    // nulls, arrays and objects, all of which JCS writes.
    serde_jcs::to_vec(value).unwrap_or_default()
}

/// The canonical bytes of a record.
pub fn canonical_bytes(record: &Record) -> Vec<u8> {
    jcs(&record_value(record))
}

fn record_value(record: &Record) -> serde_json::Value {
    // A record is plain strings, enums and facts: it always writes.
    serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
}

/// The message an entry's signature is over.
pub fn signed_message(canonical_record: &[u8]) -> Vec<u8> {
    [SIGNING_CONTEXT, canonical_record].concat()
}

/// The record signed by `key`.
pub fn sign(record: &Record, key: &SigningKey) -> SignedEntry {
    let record_json = record_value(record);
    let signature = key.sign(&signed_message(&jcs(&record_json)));
    SignedEntry {
        record: record.clone(),
        record_bytes: jcs(&record_json),
        record_json,
        signature: Signature(signature.to_bytes()),
        public_key: PublicKey(key.verifying_key().to_bytes()),
    }
}

/// The public key of a signing key.
pub fn public_key(key: &SigningKey) -> PublicKey {
    PublicKey(key.verifying_key().to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{key, notification_record};
    use serde_json::json;

    #[test]
    fn a_signed_entry_verifies_and_reads_back() {
        let entry = sign(&notification_record(), &key(1));
        entry.verify().expect("verifies");
        let text = serde_json::to_vec(&entry).expect("writes");
        let back = SignedEntry::from_slice(&text).expect("reads");
        back.verify().expect("still verifies");
        assert_eq!(back.hash(), entry.hash());
    }

    #[test]
    fn the_canonical_bytes_are_the_jcs_of_the_whole_entry() {
        for n in 1..=5 {
            let mut record = notification_record();
            record.from_contact = "é \"quoted\" \u{1F600} ".repeat(n);
            let entry = sign(&record, &key(n as u8));
            assert_eq!(entry.canonical_bytes(), jcs(&entry.to_json()), "{n}");
            let back = SignedEntry::from_json(entry.to_json()).expect("reads");
            assert_eq!(back.canonical_bytes(), jcs(&back.to_json()), "{n}");
        }
    }

    #[test]
    fn reordered_keys_and_spaces_do_not_change_the_canonical_bytes() {
        let entry = sign(&notification_record(), &key(1));
        let compact = serde_json::to_string(&entry.to_json()).expect("writes");
        // Rebuild the same JSON with every object's keys reversed and
        // spaces added.
        fn reversed(v: &serde_json::Value) -> String {
            match v {
                serde_json::Value::Object(m) => {
                    let parts: Vec<String> = m
                        .iter()
                        .rev()
                        .map(|(k, v)| format!("{} : {}", json!(k), reversed(v)))
                        .collect();
                    format!("{{ {} }}", parts.join(" ,\n "))
                }
                serde_json::Value::Array(a) => {
                    format!(
                        "[ {} ]",
                        a.iter().map(reversed).collect::<Vec<_>>().join(", ")
                    )
                }
                other => other.to_string(),
            }
        }
        let shuffled = reversed(&entry.to_json());
        assert_ne!(shuffled, compact);
        let back = SignedEntry::from_slice(shuffled.as_bytes()).expect("reads");
        assert_eq!(back.canonical_bytes(), entry.canonical_bytes());
        assert_eq!(back.hash(), entry.hash());
        back.verify()
            .expect("reordering does not break the signature");
    }

    #[test]
    fn every_changed_value_breaks_the_signature() {
        let entry = sign(&notification_record(), &key(1));
        let edits: Vec<(&str, serde_json::Value)> = vec![
            ("/record/case", json!("c-2")),
            ("/record/from_state", json!("GBR")),
            ("/record/from_contact", json!("Someone else")),
            ("/record/claimed_time", json!("2026-12-03T08:00:01Z")),
            ("/record/body/to", json!("ITA")),
            ("/record/body/summary", json!("Another summary.")),
            ("/record/body/urgency", json!("routine")),
            ("/record/body/facts/harm", json!("minor")),
        ];
        for (pointer, value) in edits {
            let mut v = entry.to_json();
            *v.pointer_mut(pointer).expect(pointer) = value;
            let changed = SignedEntry::from_json(v).expect("still a valid record");
            assert_eq!(
                changed.verify(),
                Err(SignatureError::BadSignature),
                "{pointer}"
            );
            assert_ne!(changed.hash(), entry.hash(), "{pointer}");
        }
    }

    #[test]
    fn a_flipped_bit_in_the_signature_or_the_key_fails() {
        let entry = sign(&notification_record(), &key(1));
        for byte in [0, 31, 32, 63] {
            for bit in [0, 7] {
                let mut bad = entry.clone();
                bad.signature.0[byte] ^= 1 << bit;
                assert!(bad.verify().is_err(), "signature byte {byte} bit {bit}");
            }
        }
        for byte in [0, 15, 31] {
            let mut bad = entry.clone();
            bad.public_key.0[byte] ^= 1;
            assert!(bad.verify().is_err(), "key byte {byte}");
        }
    }

    #[test]
    fn a_kept_key_verifies_only_its_own_entries() {
        let a = sign(&notification_record(), &key(1));
        let b = sign(&notification_record(), &key(2));
        let ka = a.verifying_key().expect("a key");
        a.verify_with(&ka).expect("its own key");
        assert_eq!(b.verify_with(&ka), Err(SignatureError::BadKey));
        let mut bad = a.clone();
        bad.signature.0[40] ^= 1;
        assert_eq!(bad.verify_with(&ka), Err(SignatureError::BadSignature));
    }

    #[test]
    fn a_record_re_signed_by_another_key_is_another_entry() {
        let a = sign(&notification_record(), &key(1));
        let b = sign(&notification_record(), &key(2));
        b.verify().expect("a valid signature by key 2");
        assert_ne!(a.hash(), b.hash());
        // Key 2's signature with key 1's name on it fails.
        let mut swapped = b.clone();
        swapped.public_key = a.public_key;
        assert_eq!(swapped.verify(), Err(SignatureError::BadSignature));
    }

    #[test]
    fn a_small_order_key_is_refused_by_strict_verification() {
        // The identity point (y = 1) has order 1: a zero "signature"
        // R = identity, s = 0 satisfies the lax equation for any message.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut entry = sign(&notification_record(), &key(1));
        entry.public_key = PublicKey(identity);
        let mut sig = [0u8; 64];
        sig[0] = 1;
        entry.signature = Signature(sig);
        assert!(entry.verify().is_err());
    }

    #[test]
    fn malformed_entries_name_the_field() {
        let entry = sign(&notification_record(), &key(1));
        let mut v = entry.to_json();
        v["signature"] = json!("AAAA");
        let e = SignedEntry::from_json(v).expect_err("refused");
        assert!(e.to_string().contains("signature"), "{e}");
        let mut v = entry.to_json();
        v["record"]["body"]["summary"] = json!("");
        let e = SignedEntry::from_json(v).expect_err("refused");
        assert!(e.to_string().contains("body.summary"), "{e}");
        let mut v = entry.to_json();
        v["record"]["body"]["summary"] = json!("x".repeat(crate::model::MAX_SUMMARY));
        v["record"]["body"]["action_requested"] = json!("y".repeat(crate::model::MAX_TEXT));
        let facts = v["record"]["body"]["facts"].clone();
        assert!(facts.is_object());
        // Within every field's bound, the whole entry still fits.
        assert!(SignedEntry::from_json(v).is_ok());
    }

    /// RFC 8785, section 3.2.2 and appendix B: the canonical form of the
    /// numbers and strings examples.
    #[test]
    fn jcs_matches_the_rfc_8785_examples() {
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50,
                      2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let value: serde_json::Value = serde_json::from_str(input).expect("json");
        let expected = concat!(
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"#,
            r#""string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
        assert_eq!(String::from_utf8(jcs(&value)).expect("utf-8"), expected);

        // Section 3.2.3: keys sorted by their UTF-16 code units.
        let input = r#"{
          "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let value: serde_json::Value = serde_json::from_str(input).expect("json");
        let text = String::from_utf8(jcs(&value)).expect("utf-8");
        let order: Vec<&str> = [
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh",
        ]
        .into();
        let positions: Vec<usize> = order
            .iter()
            .map(|v| text.find(v).expect("present"))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    }
}
