//! Serialised answers of `POST /api/v1/assess`, kept so that a question
//! asked again is answered with bytes already made.
//!
//! An answer is keyed by what decides its bytes, never by the request's
//! bytes: the facts (each fact's possible values as a set, so the order in
//! which a list names them does not matter), the profiles asked (as their
//! places in the knowledge base, so the order and repetitions of the
//! `profile` parameters do not matter; the results come in the knowledge
//! base's order, as `diligence assess --profile` prints them), whether the
//! decisive facts are asked for, and the scenario's title and notes, which
//! the answer repeats. Equivalent requests share one entry.
//!
//! Each entry holds the JSON and its gzip and brotli encodings, made once
//! when the entry is computed, and a strong `ETag` per encoding. The cache
//! is bounded by a number of entries and a number of bytes, and forgets the
//! least recently used entry first. A hit clones reference-counted bytes;
//! a miss computes, serialises and compresses on the blocking pool, off the
//! async workers, once per key: requests for an answer under way wait for
//! it rather than compute it again.
//!
//! The answer is sent in the encoding the client prefers by its
//! `Accept-Encoding` (q-values respected; brotli, then gzip, on a tie; the
//! JSON as it is when the client asks for identity or accepts neither),
//! with `Vary: Accept-Encoding`. The router's compression layer leaves a
//! response that has a `Content-Encoding` alone, so nothing is compressed
//! twice. Assessing changes nothing on the server, so, as for a `GET`, an
//! `If-None-Match` that names the `ETag` of the encoding that would be sent
//! is answered 304 Not Modified with no body.

use crate::app::AppState;
use crate::problem::Problem;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use diligence_core::outcome::assess_all;
use diligence_core::uncertain::UncertainFacts;
use diligence_core::Profile;
use diligence_kb::{KnowledgeBase, Scenario};
use lru::LruCache;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OnceCell;

/// The most answers kept by [`Answers::default`].
pub const MAX_ENTRIES: usize = 1024;
/// The most bytes (JSON, both encodings and the key's texts) kept by
/// [`Answers::default`].
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// The gzip level: 6 is zlib's default, close to the smallest output at a
/// fraction of the time of 9.
pub const GZIP_LEVEL: u32 = 6;
/// The brotli quality: 9 is much smaller than gzip yet some tens of times
/// faster than 11, the slowest.
pub const BROTLI_QUALITY: u32 = 9;
/// The brotli window, as a power of two (4 MiB: more than any answer).
const BROTLI_WINDOW: u32 = 22;

/// What decides the bytes of an answer.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Key {
    facts: UncertainFacts,
    /// The places of the profiles in the knowledge base, ascending, once
    /// each.
    profiles: Box<[u32]>,
    decisive: bool,
    title: Box<str>,
    notes: Option<Box<str>>,
}

impl Key {
    /// The key of an assessment of `scenario` against `profiles` (each a
    /// profile of `kb`), with the decisive facts when `decisive`.
    pub fn new(
        kb: &KnowledgeBase,
        profiles: &[&Profile],
        scenario: &Scenario,
        decisive: bool,
    ) -> Key {
        let mut places: Vec<u32> = profiles
            .iter()
            .filter_map(|p| place(kb, p))
            .map(|i| u32::try_from(i).expect("fewer profiles than u32::MAX"))
            .collect();
        places.sort_unstable();
        places.dedup();
        Key {
            facts: scenario.facts,
            profiles: places.into(),
            decisive,
            title: scenario.title.as_str().into(),
            notes: scenario.notes.as_deref().map(Into::into),
        }
    }

    /// The profiles of the key, in the knowledge base's order.
    pub fn profiles<'a>(&self, kb: &'a KnowledgeBase) -> Vec<&'a Profile> {
        self.profiles
            .iter()
            .map(|&i| &kb.profiles[i as usize])
            .collect()
    }

    /// The bytes the key holds beyond its fixed size.
    fn weight(&self) -> usize {
        std::mem::size_of::<Key>()
            + self.profiles.len() * std::mem::size_of::<u32>()
            + self.title.len()
            + self.notes.as_ref().map_or(0, |n| n.len())
    }
}

/// The place of `profile` in the knowledge base. A profile borrowed from
/// `kb` (as every caller's is) is found by its address, without comparing
/// ids: this runs on every request, for every profile asked.
fn place(kb: &KnowledgeBase, profile: &Profile) -> Option<usize> {
    let size = std::mem::size_of::<Profile>();
    let start = kb.profiles.as_ptr() as usize;
    let at = profile as *const Profile as usize;
    let offset = at.wrapping_sub(start);
    if size > 0 && at >= start && offset / size < kb.profiles.len() {
        let i = offset / size;
        if std::ptr::eq(&kb.profiles[i], profile) {
            return Some(i);
        }
    }
    kb.profiles.iter().position(|q| q.id == profile.id)
}

/// A content coding of an answer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Coding {
    /// The JSON as it is.
    Identity,
    /// gzip.
    Gzip,
    /// brotli.
    Brotli,
}

impl Coding {
    /// The three codings, identity first.
    pub const ALL: [Coding; 3] = [Coding::Identity, Coding::Gzip, Coding::Brotli];

    fn index(self) -> usize {
        self as usize
    }

    /// Its name in `Content-Encoding`, none for identity.
    pub fn content_encoding(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }

    /// The coding to send for these request headers: the acceptable coding
    /// (q above zero) with the highest q-value among brotli and gzip,
    /// brotli on a tie, unless the client gives identity a higher q-value
    /// by name; identity when neither is acceptable. A coding the header
    /// does not name takes the q-value of `*`, if any; identity stays
    /// acceptable unless excluded.
    pub fn negotiate(headers: &HeaderMap) -> Coding {
        let (mut br, mut gzip, mut identity, mut any) = (None, None, None, None);
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim();
                let q = match parts
                    .map(str::trim)
                    .find(|p| p.starts_with(['q', 'Q']) && p[1..].trim_start().starts_with('='))
                {
                    None => Some(1000),
                    Some(param) => qvalue(param),
                };
                let Some(q) = q else { continue };
                let slot = if name.eq_ignore_ascii_case("br") {
                    &mut br
                } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                    &mut gzip
                } else if name.eq_ignore_ascii_case("identity") {
                    &mut identity
                } else if name == "*" {
                    &mut any
                } else {
                    continue;
                };
                // A coding named twice keeps its better q-value.
                *slot = Some(slot.map_or(q, |old: u16| old.max(q)));
            }
        }
        let br = br.or(any).unwrap_or(0);
        let gzip = gzip.or(any).unwrap_or(0);
        let best = if br >= gzip {
            (Coding::Brotli, br)
        } else {
            (Coding::Gzip, gzip)
        };
        match identity {
            _ if best.1 == 0 => Coding::Identity,
            Some(q) if q > best.1 => Coding::Identity,
            _ => best.0,
        }
    }
}

/// A q-value parameter (`q=0.5`) in thousandths, or none if it is not one.
fn qvalue(param: &str) -> Option<u16> {
    let (name, value) = param.split_once('=')?;
    if !name.trim().eq_ignore_ascii_case("q") {
        return None;
    }
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// One answer: the JSON and its encodings, each with its strong `ETag`.
#[derive(Debug)]
pub struct Answer {
    bodies: [Bytes; 3],
    etags: [HeaderValue; 3],
}

impl Answer {
    /// The answer of this JSON text, compressed once.
    pub fn new(json: String) -> Answer {
        let json = Bytes::from(json);
        let digest = Sha256::digest(&json);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{hex}{suffix}\"")).expect("hex is a header value")
        };
        Answer {
            bodies: [json.clone(), gzipped(&json), brotlied(&json)],
            etags: [etag(""), etag("-gzip"), etag("-br")],
        }
    }

    /// The bytes in this coding.
    pub fn body(&self, coding: Coding) -> &Bytes {
        &self.bodies[coding.index()]
    }

    /// The `ETag` of the bytes in this coding (with its quotes).
    pub fn etag(&self, coding: Coding) -> &HeaderValue {
        &self.etags[coding.index()]
    }

    /// The bytes the answer holds.
    fn weight(&self) -> usize {
        std::mem::size_of::<Answer>() + self.bodies.iter().map(Bytes::len).sum::<usize>()
    }

    /// The response for these request headers: the body in the coding the
    /// client prefers, or 304 Not Modified when `If-None-Match` names its
    /// `ETag`.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let coding = Coding::negotiate(request);
        let etag = self.etag(coding);
        let fresh = request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| none_match(v, etag.to_str().unwrap_or("")));
        let mut res = if fresh {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::NOT_MODIFIED;
            res
        } else {
            let mut res = Response::new(Body::from(self.body(coding).clone()));
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            if let Some(name) = coding.content_encoding() {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
            }
            res
        };
        let h = res.headers_mut();
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(header::ETAG, etag.clone());
        res
    }
}

/// Whether an `If-None-Match` value (`*` or a list of tags) names `etag`,
/// by the weak comparison that `If-None-Match` uses.
fn none_match(value: &str, etag: &str) -> bool {
    value.split(',').map(str::trim).any(|t| {
        t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag.strip_prefix("W/").unwrap_or(etag)
    })
}

fn gzipped(bytes: &[u8]) -> Bytes {
    let mut out = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 8),
        flate2::Compression::new(GZIP_LEVEL),
    );
    out.write_all(bytes).expect("writing to memory succeeds");
    Bytes::from(out.finish().expect("writing to memory succeeds"))
}

fn brotlied(bytes: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 8);
    {
        let mut w =
            brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW);
        w.write_all(bytes).expect("writing to memory succeeds");
        w.flush().expect("writing to memory succeeds");
    }
    Bytes::from(out)
}

/// The bounded cache of answers, shared by the handlers.
#[derive(Debug)]
pub struct Answers {
    inner: Mutex<Inner>,
    max_bytes: usize,
    /// The answers being computed, each awaited by the requests for it.
    pending: Mutex<HashMap<Key, Pending>>,
    hits: AtomicU64,
    misses: AtomicU64,
    computed: AtomicU64,
}

/// An answer being computed.
type Pending = Arc<OnceCell<Arc<Answer>>>;

#[derive(Debug)]
struct Inner {
    entries: LruCache<Key, Arc<Answer>>,
    bytes: usize,
}

impl Default for Answers {
    fn default() -> Answers {
        Answers::new(MAX_ENTRIES, MAX_BYTES)
    }
}

impl Answers {
    /// An empty cache of at most `max_entries` answers (at least one) and
    /// `max_bytes` bytes.
    pub fn new(max_entries: usize, max_bytes: usize) -> Answers {
        Answers {
            inner: Mutex::new(Inner {
                entries: LruCache::new(NonZeroUsize::new(max_entries).unwrap_or(NonZeroUsize::MIN)),
                bytes: 0,
            }),
            max_bytes,
            pending: Mutex::new(HashMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            computed: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The map is consistent between statements: a panic elsewhere
        // leaves nothing half done.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The answer of `key`, if kept (counted as a hit or a miss); it
    /// becomes the most recently used.
    pub fn get(&self, key: &Key) -> Option<Arc<Answer>> {
        let found = self.lock().entries.get(key).cloned();
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps `answer` under `key`, forgetting the least recently used
    /// answers while the bounds are exceeded. An answer larger than the
    /// whole bound in bytes is not kept.
    pub fn insert(&self, key: Key, answer: Arc<Answer>) {
        let weight = key.weight() + answer.weight();
        if weight > self.max_bytes {
            return;
        }
        let mut inner = self.lock();
        if let Some((old_key, old)) = inner.entries.push(key, answer) {
            // The same key replaced, or the least recently used evicted.
            inner.bytes -= old_key.weight() + old.weight();
        }
        inner.bytes += weight;
        while inner.bytes > self.max_bytes {
            match inner.entries.pop_lru() {
                Some((k, a)) => inner.bytes -= k.weight() + a.weight(),
                None => break,
            }
        }
    }

    /// The answer of `key` if kept, without counting the lookup or
    /// touching its recency.
    fn peek(&self, key: &Key) -> Option<Arc<Answer>> {
        self.lock().entries.peek(key).cloned()
    }

    /// The computation of `key`'s answer: the one under way, or a new one.
    fn pending(&self, key: &Key) -> Pending {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(pending.entry(key.clone()).or_default())
    }

    /// Keeps the computed answer of `key` and ends its computation.
    fn computed(&self, key: Key, answer: Arc<Answer>) {
        self.computed.fetch_add(1, Ordering::Relaxed);
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key);
        self.insert(key, answer);
    }

    /// Whether `key` is kept (without touching its recency).
    pub fn contains(&self, key: &Key) -> bool {
        self.lock().entries.contains(key)
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether no answer is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many bytes the kept answers and their keys hold.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// How many lookups found their answer.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// How many lookups did not.
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }

    /// How many answers were computed.
    pub fn computations(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }
}

/// The answer of `POST /api/v1/assess` for this scenario, these profiles
/// and `decisive`, from the cache or computed (on the blocking pool) and
/// kept; sent as the request's headers ask.
pub async fn assess(
    s: &AppState,
    request: &HeaderMap,
    profiles: &[&Profile],
    scenario: Scenario,
    decisive: bool,
) -> Result<Response, Problem> {
    let key = Key::new(s.kb, profiles, &scenario, decisive);
    if let Some(answer) = s.answers.get(&key) {
        return Ok(answer.respond(request));
    }
    let pending = s.answers.pending(&key);
    let answer = pending
        .get_or_try_init(|| async {
            // Computed and kept since the lookup above?
            if let Some(answer) = s.answers.peek(&key) {
                return Ok(answer);
            }
            let kb = s.kb;
            let answers = Arc::clone(&s.answers);
            let key = key.clone();
            // Kept even if every request for it has gone meanwhile.
            tokio::task::spawn_blocking(move || {
                let report = assess_all(&key.profiles(kb), &scenario.facts, decisive);
                let answer = Arc::new(Answer::new(diligence_report::json::assessment(
                    &scenario, &report,
                )));
                answers.computed(key, Arc::clone(&answer));
                answer
            })
            .await
            .map_err(|e| Problem::unavailable(e.to_string()))
        })
        .await?;
    Ok(answer.respond(request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use diligence_core::facts::Fact;
    use diligence_core::uncertain::Values;

    fn kb() -> &'static KnowledgeBase {
        KnowledgeBase::embedded().expect("the embedded knowledge base is valid")
    }

    fn scenario(facts: UncertainFacts) -> Scenario {
        Scenario {
            title: crate::facts::UNTITLED.to_string(),
            notes: None,
            catalogue: None,
            facts,
            sources: Vec::new(),
            expected: Vec::new(),
        }
    }

    fn example() -> UncertainFacts {
        UncertainFacts::definite(&crate::facts::default_facts())
    }

    #[test]
    fn the_order_of_the_profiles_and_repetitions_share_a_key() {
        let kb = kb();
        let all: Vec<&Profile> = kb.profiles.iter().collect();
        assert!(all.len() >= 3);
        let mut reversed = all.clone();
        reversed.reverse();
        let mut twice = all.clone();
        twice.extend(all.iter().copied());
        let sc = scenario(example());
        let key = Key::new(kb, &all, &sc, false);
        assert_eq!(key, Key::new(kb, &reversed, &sc, false));
        assert_eq!(key, Key::new(kb, &twice, &sc, false));
        // The profiles come back in the knowledge base's order.
        let ids = |ps: Vec<&Profile>| ps.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(Key::new(kb, &reversed, &sc, false).profiles(kb)),
            ids(all.clone())
        );
        let pair = [all[2], all[0]];
        let swapped = [all[0], all[2]];
        assert_eq!(
            Key::new(kb, &pair, &sc, false),
            Key::new(kb, &swapped, &sc, false)
        );
        assert_ne!(key, Key::new(kb, &pair, &sc, false));
        assert_ne!(
            key,
            Key::new(kb, &all, &sc, true),
            "decisive changes the bytes"
        );
    }

    #[test]
    fn a_profile_is_placed_by_address_or_else_by_id() {
        let kb = kb();
        for (i, p) in kb.profiles.iter().enumerate() {
            assert_eq!(place(kb, p), Some(i), "{}", p.id);
            // A copy lives elsewhere: found by its id.
            let copy = p.clone();
            assert_eq!(place(kb, &copy), Some(i), "{}", p.id);
        }
        let mut stranger = kb.profiles[0].clone();
        stranger.id = "no-such-profile".to_string();
        assert_eq!(place(kb, &stranger), None);
    }

    #[test]
    fn the_order_of_an_uncertain_facts_values_shares_a_key() {
        let kb = kb();
        let all: Vec<&Profile> = kb.profiles.iter().collect();
        let read = |knowledge: &str| {
            let text = format!(
                r#"{{"domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates",
                "contrary_to_rights":true,"harm":"serious","knowledge":{knowledge},"timing":"ongoing",
                "capacity":"feasible","measures":"none"}}"#
            );
            crate::facts::scenario_from_json(text.as_bytes()).expect("valid facts")
        };
        let a = read(r#"["notified","actual"]"#);
        let b = read(r#"["actual","notified"]"#);
        assert_eq!(
            a.facts.get(Fact::Knowledge).len(),
            2,
            "the fact is uncertain"
        );
        assert_eq!(Key::new(kb, &all, &a, false), Key::new(kb, &all, &b, false));
        let c = read(r#"["notified","constructive"]"#);
        assert_ne!(Key::new(kb, &all, &a, false), Key::new(kb, &all, &c, false));
        let three = read(r#"["none","actual","notified"]"#);
        let shuffled = read(r#"["notified","none","actual"]"#);
        assert_eq!(
            Key::new(kb, &all, &three, false),
            Key::new(kb, &all, &shuffled, false)
        );
        assert_ne!(
            Key::new(kb, &all, &a, false),
            Key::new(kb, &all, &three, false)
        );
        let d = read(r#""notified""#);
        assert_ne!(Key::new(kb, &all, &a, false), Key::new(kb, &all, &d, false));
    }

    #[test]
    fn different_facts_titles_or_notes_do_not_share_a_key() {
        let kb = kb();
        let all: Vec<&Profile> = kb.profiles.iter().collect();
        let base = scenario(example());
        let key = Key::new(kb, &all, &base, false);
        for fact in Fact::ALL {
            let values = Values::all(fact);
            let changed = base.facts.with(fact, values);
            assert_ne!(
                key,
                Key::new(kb, &all, &scenario(changed), false),
                "{fact:?} unknown"
            );
        }
        let titled = Scenario {
            title: "Another".into(),
            ..scenario(example())
        };
        assert_ne!(key, Key::new(kb, &all, &titled, false));
        let noted = Scenario {
            notes: Some("Some notes".into()),
            ..scenario(example())
        };
        assert_ne!(key, Key::new(kb, &all, &noted, false));
    }

    /// Keys of the example with one fact's set changed, all different.
    fn keys(n: usize) -> Vec<Key> {
        let kb = kb();
        let all: Vec<&Profile> = kb.profiles.iter().collect();
        (0..n)
            .map(|i| {
                let sc = Scenario {
                    title: format!("Scenario {i}"),
                    ..scenario(example())
                };
                Key::new(kb, &all, &sc, false)
            })
            .collect()
    }

    fn answer(i: usize) -> Arc<Answer> {
        Arc::new(Answer::new(format!(
            "{{\"n\": {i}, \"padding\": \"{}\"}}",
            "x".repeat(1000)
        )))
    }

    #[test]
    fn the_least_recently_used_answer_goes_first_when_the_entries_are_full() {
        let cache = Answers::new(3, usize::MAX);
        let keys = keys(4);
        for (i, k) in keys.iter().take(3).enumerate() {
            cache.insert(k.clone(), answer(i));
        }
        assert_eq!(cache.len(), 3);
        // Using the first makes the second the least recently used.
        assert!(cache.get(&keys[0]).is_some());
        cache.insert(keys[3].clone(), answer(3));
        assert_eq!(cache.len(), 3);
        assert!(cache.contains(&keys[0]));
        assert!(!cache.contains(&keys[1]), "the least recently used is gone");
        assert!(cache.contains(&keys[2]));
        assert!(cache.contains(&keys[3]));
        let expected: usize = [0, 2, 3]
            .iter()
            .map(|&i| keys[i].weight() + answer(i).weight())
            .sum();
        assert_eq!(cache.bytes(), expected, "the bytes follow the evictions");
    }

    #[test]
    fn the_bytes_are_bounded() {
        let keys = keys(10);
        let one = keys[0].weight() + answer(0).weight();
        let cache = Answers::new(100, 3 * one + one / 2);
        for (i, k) in keys.iter().enumerate() {
            cache.insert(k.clone(), answer(i));
            assert!(cache.bytes() <= 3 * one + one / 2);
        }
        assert_eq!(cache.len(), 3, "three answers fit");
        assert!(keys[7..].iter().all(|k| cache.contains(k)));
        assert!(keys[..7].iter().all(|k| !cache.contains(k)));
        // An answer larger than the bound is not kept.
        let small = Answers::new(100, one / 2);
        small.insert(keys[0].clone(), answer(0));
        assert!(small.is_empty());
        assert_eq!(small.bytes(), 0);
    }

    #[test]
    fn replacing_an_answer_counts_its_bytes_once() {
        let cache = Answers::new(10, usize::MAX);
        let keys = keys(1);
        cache.insert(keys[0].clone(), answer(0));
        let once = cache.bytes();
        cache.insert(keys[0].clone(), answer(0));
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.bytes(), once);
    }

    #[test]
    fn hits_and_misses_are_counted() {
        let cache = Answers::new(10, usize::MAX);
        let keys = keys(2);
        assert!(cache.get(&keys[0]).is_none());
        cache.insert(keys[0].clone(), answer(0));
        assert!(cache.get(&keys[0]).is_some());
        assert!(cache.get(&keys[1]).is_none());
        assert_eq!((cache.hits(), cache.misses()), (1, 2));
    }

    fn accepting(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(v).expect("a value"),
            );
        }
        h
    }

    #[test]
    fn the_coding_follows_accept_encoding_and_its_q_values() {
        use Coding::{Brotli, Gzip, Identity};
        for (values, expected) in [
            (&[][..], Identity),
            (&[""][..], Identity),
            (&["gzip"][..], Gzip),
            (&["x-gzip"][..], Gzip),
            (&["br"][..], Brotli),
            (&["gzip, deflate, br"][..], Brotli),
            (&["gzip, deflate, br, zstd"][..], Brotli),
            (&["br;q=0.5, gzip"][..], Gzip),
            (&["br;q=0.5, gzip;q=0.8"][..], Gzip),
            (&["br;q=0.8, gzip;q=0.8"][..], Brotli),
            (&["BR;Q=1.0"][..], Brotli),
            (&["gzip;q=0.5", "br"][..], Brotli),
            (&["identity"][..], Identity),
            (&["identity, gzip;q=0.5"][..], Identity),
            (&["identity;q=0.2, gzip;q=0.5"][..], Gzip),
            (&["gzip;q=0.5"][..], Gzip),
            (&["gzip;q=0, br;q=0"][..], Identity),
            (&["br;q=0, gzip"][..], Gzip),
            (&["*"][..], Brotli),
            (&["*;q=0.5, gzip"][..], Gzip),
            (&["*;q=0, identity"][..], Identity),
            (&["deflate"][..], Identity),
            (&["br;q=2"][..], Identity),
            (&["br;q=0.1234"][..], Identity),
            (&["br;q=abc, gzip"][..], Gzip),
            (&["gzip;q=0.001"][..], Gzip),
        ] {
            assert_eq!(
                Coding::negotiate(&accepting(values)),
                expected,
                "{values:?}"
            );
        }
    }

    #[test]
    fn each_coding_decodes_to_the_json_and_has_its_own_etag() {
        use std::io::Read;
        let json = "{\"results\": [1, 2, 3]}".repeat(50);
        let a = Answer::new(json.clone());
        assert_eq!(a.body(Coding::Identity), json.as_bytes());
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&a.body(Coding::Gzip)[..])
            .read_to_end(&mut out)
            .expect("valid gzip");
        assert_eq!(out, json.as_bytes());
        let mut out = Vec::new();
        brotli::Decompressor::new(&a.body(Coding::Brotli)[..], 4096)
            .read_to_end(&mut out)
            .expect("valid brotli");
        assert_eq!(out, json.as_bytes());
        let tags: Vec<&HeaderValue> = Coding::ALL.iter().map(|&c| a.etag(c)).collect();
        assert!(tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2]);
        let other = Answer::new(json.replace('3', "4"));
        assert_ne!(a.etag(Coding::Identity), other.etag(Coding::Identity));
    }

    #[test]
    fn if_none_match_is_compared_weakly_over_a_list() {
        assert!(none_match("\"abc\"", "\"abc\""));
        assert!(none_match("W/\"abc\"", "\"abc\""));
        assert!(none_match("\"x\", \"abc\"", "\"abc\""));
        assert!(none_match("*", "\"abc\""));
        assert!(!none_match("\"abcd\"", "\"abc\""));
        assert!(!none_match("\"abc-gzip\"", "\"abc\""));
    }
}
