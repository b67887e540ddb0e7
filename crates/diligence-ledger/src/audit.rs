//! The audit of a published log from outside, as a monitor does it: from
//! nothing but the files of the C2SP tlog-tiles layout (`checkpoint`,
//! `key`, `tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`), whoever
//! serves them (a server, a directory, a CDN).
//!
//! The files come through [`Fetch`], a function from a path to its bytes;
//! the caller does the I/O (HTTP, files), so that every source is checked by
//! the same code. [`audit`] checks:
//!
//! 1. the checkpoint's signature against the log's verifier key;
//! 2. with a checkpoint saved earlier, that today's tree extends it: a
//!    smaller tree, or the same size with another root, fails at once;
//!    otherwise the RFC 6962/9162 consistency proof between the two sizes is
//!    built from the hash tiles (authenticated against today's root, as
//!    `tlog_tiles` does) and checked against both roots;
//! 3. unless only consistency is asked for, every entry bundle and hash
//!    tile: each entry's leaf hash against its level-0 tile, every tile
//!    against the tree the entries make, that tree's root against the
//!    checkpoint, then each entry's signature and its case's chain, in log
//!    order. A point of contact's key is the one its first entry in the log
//!    used.
//!
//! The first failure is returned, naming the file or the leaf (and its
//! case) and what failed. Nothing here panics on hostile bytes.

use crate::chain::{Case, Directory};
use crate::checkpoint::{self, TreeHead};
use crate::log::{leaf_hash, verify_consistency, MemoryLog, HASH_SIZE};
use crate::sign::SignedEntry;
use crate::tiles::{decode_bundle, new_tiles, tile_data, TileRef, FULL_WIDTH, HEIGHT};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use time::OffsetDateTime;
use tlog_tiles::{Tile, TileHashReader, TileReader};

/// A source of the log's published files: the bytes at a path relative to
/// the log's root (`checkpoint`, `key`, a tile's path), or why they cannot
/// be had.
pub trait Fetch {
    /// The file at `path`.
    fn fetch(&self, path: &str) -> Result<Vec<u8>, String>;
}

impl<F: Fn(&str) -> Result<Vec<u8>, String>> Fetch for F {
    fn fetch(&self, path: &str) -> Result<Vec<u8>, String> {
        self(path)
    }
}

/// What failed, first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditError {
    /// A file could not be had.
    Fetch {
        /// Its path.
        path: String,
        /// Why.
        detail: String,
    },
    /// The checkpoint does not verify against the key.
    Checkpoint(String),
    /// Today's tree does not extend the saved one.
    Inconsistent {
        /// The saved tree's size.
        old: u64,
        /// Today's tree's size.
        new: u64,
        /// Why.
        detail: String,
    },
    /// A hash tile is malformed or does not match.
    Tile {
        /// Its path.
        path: String,
        /// Why.
        detail: String,
    },
    /// An entry bundle is malformed.
    Bundle {
        /// Its path.
        path: String,
        /// Why.
        detail: String,
    },
    /// An entry does not verify.
    Entry {
        /// Its leaf index.
        leaf: u64,
        /// Its case, when it names one.
        case: Option<String>,
        /// What failed.
        detail: String,
    },
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditError::Fetch { path, detail } => write!(f, "{path} cannot be read: {detail}"),
            AuditError::Checkpoint(d) => write!(f, "the checkpoint does not verify: {d}"),
            AuditError::Inconsistent { old, new, detail } => write!(
                f,
                "the logs are inconsistent: today's tree (size {new}) does not extend the saved checkpoint's tree (size {old}): {detail}"
            ),
            AuditError::Tile { path, detail } | AuditError::Bundle { path, detail } => {
                write!(f, "{path}: {detail}")
            }
            AuditError::Entry { leaf, case, detail } => match case {
                Some(c) => write!(f, "leaf {leaf} (case {c}): {detail}"),
                None => write!(f, "leaf {leaf}: {detail}"),
            },
        }
    }
}

impl std::error::Error for AuditError {}

/// How today's tree extends a saved one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consistency {
    /// The saved tree's size.
    pub old: u64,
    /// Today's tree's size.
    pub new: u64,
    /// The number of hashes in the consistency proof.
    pub proof_hashes: usize,
}

/// What an audit checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Today's tree head, from the verified checkpoint.
    pub head: TreeHead,
    /// The number of cases, when the entries were checked.
    pub cases: Option<usize>,
    /// The consistency with the saved checkpoint, when one was given.
    pub consistency: Option<Consistency>,
    /// How many hash tiles were read.
    pub tiles_read: usize,
    /// How many entry bundles were read.
    pub bundles_read: usize,
}

/// The largest tree checked: far beyond any log, and small enough that no
/// index of a stored hash overflows.
pub const MAX_SIZE: u64 = 1 << 56;

/// The verifier key a source publishes at `key`.
pub fn published_key(source: &dyn Fetch) -> Result<String, AuditError> {
    let bytes = source.fetch("key").map_err(|detail| AuditError::Fetch {
        path: "key".into(),
        detail,
    })?;
    String::from_utf8(bytes)
        .map(|k| k.trim().to_owned())
        .map_err(|_| AuditError::Fetch {
            path: "key".into(),
            detail: "not text".into(),
        })
}

/// Audits the log `source` publishes against `verifier_key`; with `since`
/// (a tree head from a checkpoint saved earlier), checks that today's tree
/// extends it. With `consistency_only`, reads only the checkpoint and the
/// hash tiles the consistency proof needs, and no entry.
pub fn audit(
    source: &dyn Fetch,
    verifier_key: &str,
    since: Option<TreeHead>,
    consistency_only: bool,
) -> Result<Report, AuditError> {
    let note = source
        .fetch("checkpoint")
        .map_err(|detail| AuditError::Fetch {
            path: "checkpoint".into(),
            detail,
        })?;
    let head = checkpoint::verify(&note, verifier_key)
        .map_err(|e| AuditError::Checkpoint(e.to_string()))?;
    if head.size > MAX_SIZE {
        return Err(AuditError::Checkpoint(format!(
            "a tree of {} entries is beyond what can be checked (at most 2^56)",
            head.size
        )));
    }
    let tiles = Tiles::new(source);
    let consistency = since
        .map(|old| consistency(&tiles, head, old))
        .transpose()?;
    let cases = if consistency_only {
        None
    } else {
        Some(entries(&tiles, head)?)
    };
    let tiles_read = tiles.cache.borrow().len();
    Ok(Report {
        head,
        cases,
        consistency,
        tiles_read,
        bundles_read: tiles.bundles.get(),
    })
}

/// The hash tiles read so far, and the first failure of a read made on
/// behalf of `tlog_tiles` (whose errors name no tile).
struct Tiles<'a> {
    source: &'a dyn Fetch,
    cache: RefCell<BTreeMap<TileRef, Vec<u8>>>,
    failure: RefCell<Option<AuditError>>,
    bundles: Cell<usize>,
}

impl<'a> Tiles<'a> {
    fn new(source: &'a dyn Fetch) -> Tiles<'a> {
        Tiles {
            source,
            cache: RefCell::new(BTreeMap::new()),
            failure: RefCell::new(None),
            bundles: Cell::new(0),
        }
    }

    /// A hash tile, read once, of exactly its width.
    fn tile(&self, tile: TileRef) -> Result<Vec<u8>, AuditError> {
        if let Some(data) = self.cache.borrow().get(&tile) {
            return Ok(data.clone());
        }
        let path = tile.path();
        let data = self
            .source
            .fetch(&path)
            .map_err(|detail| AuditError::Fetch {
                path: path.clone(),
                detail,
            })?;
        let want = tile.width as usize * HASH_SIZE;
        if data.len() != want {
            return Err(AuditError::Tile {
                path,
                detail: format!(
                    "{} bytes, not the {want} of {} hashes (truncated or padded)",
                    data.len(),
                    tile.width
                ),
            });
        }
        self.cache.borrow_mut().insert(tile, data.clone());
        Ok(data)
    }

    fn bundle(&self, bundle: TileRef) -> Result<Vec<u8>, AuditError> {
        let path = bundle.path();
        self.bundles.set(self.bundles.get() + 1);
        self.source
            .fetch(&path)
            .map_err(|detail| AuditError::Fetch {
                path: path.clone(),
                detail,
            })
    }
}

impl TileReader for Tiles<'_> {
    fn height(&self) -> u8 {
        HEIGHT
    }

    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, tlog_tiles::Error> {
        tiles
            .iter()
            .map(|t| {
                self.tile(TileRef::from_tile(t)).map_err(|e| {
                    self.failure.borrow_mut().get_or_insert(e);
                    tlog_tiles::Error::InvalidTile
                })
            })
            .collect()
    }

    fn save_tiles(&self, _tiles: &[Tile], _data: &[Vec<u8>]) {}
}

/// Checks that the tree of `head` extends the saved tree `old`.
fn consistency(tiles: &Tiles, head: TreeHead, old: TreeHead) -> Result<Consistency, AuditError> {
    let fail = |detail: String| AuditError::Inconsistent {
        old: old.size,
        new: head.size,
        detail,
    };
    let done = |proof_hashes| Consistency {
        old: old.size,
        new: head.size,
        proof_hashes,
    };
    if old.size > head.size {
        return Err(fail(format!(
            "the tree has shrunk from {} entries to {}",
            old.size, head.size
        )));
    }
    if old.size == head.size {
        return if old.root == head.root {
            Ok(done(0))
        } else {
            Err(fail("the same size with another root hash".into()))
        };
    }
    if old.size == 0 {
        return if old.root == tlog_tiles::EMPTY_HASH {
            Ok(done(0))
        } else {
            Err(fail(
                "the saved checkpoint's empty tree has a root other than the empty hash".into(),
            ))
        };
    }
    let reader = TileHashReader::new(head.size, head.root, tiles);
    let proof = tlog_tiles::prove_tree(head.size, old.size, &reader).map_err(|e| {
        tiles
            .failure
            .borrow_mut()
            .take()
            .unwrap_or_else(|| AuditError::Tile {
                path: "the hash tiles of the consistency proof".into(),
                detail: format!("they do not match the checkpoint's root ({e})"),
            })
    })?;
    verify_consistency(&proof, old.size, old.root, head.size, head.root).map_err(|e| {
        fail(format!(
            "the consistency proof read from the tiles ({} hash{}) fails: {e}",
            proof.len(),
            if proof.len() == 1 { "" } else { "es" }
        ))
    })?;
    Ok(done(proof.len()))
}

/// Checks every entry bundle and hash tile of the tree of `head`, then
/// every entry's signature and case chain; returns the number of cases.
fn entries(tiles: &Tiles, head: TreeHead) -> Result<usize, AuditError> {
    let mut log = MemoryLog::new();
    let mut directory = Directory::new();
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    let full = u64::from(FULL_WIDTH);
    for n in 0..head.size.div_ceil(full) {
        let width = u32::try_from((head.size - n * full).min(full)).unwrap_or(FULL_WIDTH);
        let tile = TileRef {
            level: Some(0),
            index: n,
            width,
        };
        let hashes = tiles.tile(tile)?;
        let bundle = TileRef {
            level: None,
            ..tile
        };
        let bytes = tiles.bundle(bundle)?;
        let bundle_error = |detail: String| AuditError::Bundle {
            path: bundle.path(),
            detail,
        };
        let raw = decode_bundle(&bytes).map_err(|e| bundle_error(e.to_string()))?;
        if raw.len() != width as usize {
            return Err(bundle_error(format!(
                "it holds {} entries, not the {width} of the checkpoint's tree",
                raw.len()
            )));
        }
        for ((i, raw), stored) in (n * full..).zip(raw).zip(hashes.chunks_exact(HASH_SIZE)) {
            let hash = leaf_hash(raw);
            if hash.0 != stored {
                let case = SignedEntry::from_slice(raw)
                    .ok()
                    .map(|e| e.record().case.to_string());
                return Err(AuditError::Entry {
                    leaf: i,
                    case,
                    detail: format!(
                        "the entry in {} does not have the leaf hash in {} (the entry or the tile was changed)",
                        bundle.path(),
                        tile.path()
                    ),
                });
            }
            log.append_leaf_hash(hash);
            check_entry(i, raw, &mut directory, &mut cases)?;
        }
    }
    // The level-0 tiles hold the entries' hashes; every higher tile must
    // hold the hashes of the tree they make, and that tree the root signed.
    for t in new_tiles(0, head.size) {
        if t.level.is_none_or(|l| l == 0) {
            continue;
        }
        let got = tiles.tile(t)?;
        let want = tile_data(&log, t).map_err(|e| AuditError::Tile {
            path: t.path(),
            detail: e.to_string(),
        })?;
        if got != want {
            return Err(AuditError::Tile {
                path: t.path(),
                detail: "its hashes are not those of the log's entries".into(),
            });
        }
    }
    let root = log
        .root(head.size)
        .map_err(|e| AuditError::Checkpoint(e.to_string()))?;
    if root != head.root {
        return Err(AuditError::Checkpoint(format!(
            "its root hash is not that of the {} entries and their tiles",
            head.size
        )));
    }
    Ok(cases.len())
}

/// Checks one entry's signature and its place in its case.
fn check_entry(
    leaf: u64,
    raw: &[u8],
    directory: &mut Directory,
    cases: &mut BTreeMap<String, Case>,
) -> Result<(), AuditError> {
    let entry = SignedEntry::from_slice(raw).map_err(|e| AuditError::Entry {
        leaf,
        case: None,
        detail: format!("not a signed entry: {e}"),
    })?;
    let id = entry.record().case.to_string();
    let fail = |detail: String| AuditError::Entry {
        leaf,
        case: Some(id.clone()),
        detail,
    };
    entry.verify().map_err(|e| fail(e.to_string()))?;
    let r = entry.record();
    if directory.key(&r.from_state, &r.from_contact).is_none() {
        directory.add(
            r.from_state.clone(),
            r.from_contact.clone(),
            entry.public_key(),
        );
    }
    // The log's order is the order of the case; times are not compared.
    let epoch = OffsetDateTime::UNIX_EPOCH;
    match cases.get_mut(&id) {
        Some(case) => case
            .append_verified(entry, epoch, directory)
            .map_err(|e| fail(e.to_string()))?,
        None => {
            let case =
                Case::open_verified(entry, epoch, directory).map_err(|e| fail(e.to_string()))?;
            cases.insert(id, case);
        }
    }
    Ok(())
}

/// The files a log of `entries` publishes, path and bytes: its checkpoint
/// signed by `key`, its verifier key, and every hash tile and entry bundle
/// of its tree (what `diligence ledger export` writes, built from the
/// entries alone).
pub fn publish(
    entries: &[Vec<u8>],
    key: &crate::checkpoint::LogKey,
) -> Result<BTreeMap<String, Vec<u8>>, AuditError> {
    let mut log = MemoryLog::new();
    for e in entries {
        log.append(e);
    }
    let size = log.size();
    let invalid = |e: String| AuditError::Checkpoint(e);
    let root = log.root(size).map_err(|e| invalid(e.to_string()))?;
    let mut files = BTreeMap::new();
    files.insert(
        "checkpoint".to_owned(),
        key.sign(TreeHead { size, root })
            .map_err(|e| invalid(e.to_string()))?,
    );
    files.insert(
        "key".to_owned(),
        format!("{}\n", key.verifier_key()).into_bytes(),
    );
    for t in new_tiles(0, size) {
        let bad = |e: crate::tiles::TileError| AuditError::Tile {
            path: t.path(),
            detail: e.to_string(),
        };
        let data = if t.level.is_some() {
            tile_data(&log, t).map_err(bad)?
        } else {
            let from = usize::try_from(t.index * u64::from(FULL_WIDTH)).unwrap_or(usize::MAX);
            let slice = entries
                .get(from..from.saturating_add(t.width as usize))
                .unwrap_or_default();
            crate::tiles::encode_bundle(slice.iter().map(Vec::as_slice)).map_err(bad)?
        };
        files.insert(t.path(), data);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::LogKey;
    use crate::model::CaseId;
    use crate::sign::sign;
    use crate::testing::*;
    use crate::tiles::encode_bundle;
    use ed25519_dalek::SigningKey;

    type Files = BTreeMap<String, Vec<u8>>;

    /// `n` cases, each a notification and an acknowledgement, as entries.
    fn entries_of(cases: usize) -> Vec<Vec<u8>> {
        let p = Parties::new();
        let mut out = Vec::new();
        for c in 0..cases {
            let mut r = notification_record();
            r.case = CaseId::parse(&format!("c-{c}")).expect("id");
            let first = sign(&r, &p.notifier_key);
            let case = Case::open(first.clone(), at(0), &p.directory).expect("opens");
            out.push(first.canonical_bytes());
            out.push(p.ack(&case).canonical_bytes());
        }
        out
    }

    fn log_key() -> LogKey {
        LogKey::new("audit.test/log", SigningKey::from_bytes(&[42; 32])).expect("a key")
    }

    fn publish(entries: &[Vec<u8>], key: &LogKey) -> Files {
        super::publish(entries, key).expect("published")
    }

    fn run(files: &Files, since: Option<TreeHead>, only: bool) -> Result<Report, AuditError> {
        let fetch = |path: &str| {
            files
                .get(path)
                .cloned()
                .ok_or_else(|| "not found".to_string())
        };
        let key = published_key(&fetch)?;
        audit(&fetch, &key, since, only)
    }

    fn head_of(files: &Files) -> TreeHead {
        checkpoint::verify(&files["checkpoint"], &log_key().verifier_key()).expect("verifies")
    }

    #[test]
    fn a_published_log_verifies_and_extends_its_prefixes() {
        // 600 entries: two full level-0 tiles, a partial one, a level-1 tile.
        let entries = entries_of(300);
        let key = log_key();
        let files = publish(&entries, &key);
        let report = run(&files, None, false).expect("verifies");
        assert_eq!(report.head.size, 600);
        assert_eq!(report.cases, Some(300));
        assert_eq!(report.tiles_read, 4);
        assert_eq!(report.bundles_read, 3);
        for old in [0, 1, 255, 256, 257, 599, 600] {
            let saved = head_of(&publish(&entries[..old], &key));
            for only in [false, true] {
                let r = run(&files, Some(saved), only).expect("consistent");
                let c = r.consistency.expect("checked");
                assert_eq!((c.old, c.new), (old as u64, 600));
                assert_eq!(r.cases.is_none(), only);
            }
        }
        // Only the tiles the proof needs are read.
        let saved = head_of(&publish(&entries[..300], &key));
        let r = run(&files, Some(saved), true).expect("consistent");
        assert_eq!(r.bundles_read, 0);
        assert!(r.tiles_read < 4, "{}", r.tiles_read);
    }

    /// Each lie, made to the files of a log of 600 entries, and the words
    /// naming what failed.
    #[test]
    fn every_lie_is_caught_and_named() {
        let entries = entries_of(300);
        let lk = log_key();
        let honest = publish(&entries, &lk);
        let saved = head_of(&honest);
        let other_key =
            LogKey::new("audit.test/log", SigningKey::from_bytes(&[43; 32])).expect("a key");
        // A fork: the same key and origin, another history (its last two
        // cases replaced by three others), itself a valid log.
        let mut forked_entries = entries[..596].to_vec();
        forked_entries.extend_from_slice(&entries_of(303)[600..]);
        type Lie = Box<dyn Fn(&mut Files)>;
        let flip = |path: &'static str, at: usize| -> Lie {
            Box::new(move |f: &mut Files| {
                let d = f.get_mut(path).expect("the file");
                d[at] ^= 0x04;
            })
        };
        let re_sign = |entries: Vec<Vec<u8>>| -> Lie {
            let files = publish(&entries, &log_key());
            Box::new(move |f: &mut Files| *f = files.clone())
        };
        let mut edited = entries.clone();
        edited[301] = String::from_utf8(edited[301].clone())
            .expect("text")
            .replace("Received.", "Refused.")
            .into_bytes();
        let mut resigned = entries.clone();
        let ack = SignedEntry::from_slice(&entries[301]).expect("an entry");
        resigned[301] = sign(ack.record(), &key(9)).canonical_bytes();
        let smaller = publish(&entries[..598], &lk)["checkpoint"].clone();
        let same_size_other_root = lk
            .sign(TreeHead {
                size: 600,
                root: crate::log::Hash([7; 32]),
            })
            .expect("signs");
        let by_other_key = other_key.sign(saved).expect("signs");
        let checkpoint = |note: Vec<u8>| -> Lie {
            Box::new(move |f: &mut Files| {
                f.insert("checkpoint".into(), note.clone());
            })
        };
        let edit_bundle = |path: &'static str, edit: fn(&mut Vec<Vec<u8>>)| -> Lie {
            Box::new(move |f: &mut Files| {
                let b = f.get_mut(path).expect("a bundle");
                let mut e: Vec<Vec<u8>> = decode_bundle(b)
                    .expect("bundle")
                    .iter()
                    .map(|e| e.to_vec())
                    .collect();
                edit(&mut e);
                *b = encode_bundle(e.iter().map(Vec::as_slice)).expect("bundle");
            })
        };
        let cases: Vec<(&str, Lie, bool, &str)> = vec![
            (
                "fork",
                re_sign(forked_entries),
                true,
                "the logs are inconsistent",
            ),
            (
                "smaller",
                checkpoint(smaller),
                true,
                "the tree has shrunk from 600 entries to 598",
            ),
            (
                "same size, other root",
                checkpoint(same_size_other_root),
                true,
                "the same size with another root hash",
            ),
            (
                "other key",
                checkpoint(by_other_key),
                false,
                "the checkpoint does not verify",
            ),
            ("level-0 tile", flip("tile/0/001", 40), false, "leaf 257"),
            (
                "level-1 tile",
                flip("tile/1/000.p/2", 33),
                false,
                "tile/1/000.p/2: its hashes",
            ),
            (
                "bundle byte",
                flip("tile/entries/001", 100),
                false,
                "leaf 256",
            ),
            (
                "edited entry, log rebuilt",
                re_sign(edited),
                false,
                "leaf 301 (case c-150): signature",
            ),
            (
                "re-signed entry, log rebuilt",
                re_sign(resigned),
                false,
                "leaf 301 (case c-150)",
            ),
            (
                "missing tile",
                Box::new(|f: &mut Files| {
                    f.remove("tile/0/002.p/88");
                }),
                false,
                "tile/0/002.p/88 cannot be read",
            ),
            (
                "truncated tile",
                Box::new(|f: &mut Files| {
                    f.get_mut("tile/0/000").expect("a tile").truncate(100);
                }),
                false,
                "tile/0/000: 100 bytes",
            ),
            (
                "entry removed",
                edit_bundle("tile/entries/000", |e| {
                    e.pop();
                }),
                false,
                "tile/entries/000: it holds 255 entries",
            ),
            (
                "entry added",
                edit_bundle("tile/entries/002.p/88", |e| e.push(e[0].clone())),
                false,
                "it holds 89 entries",
            ),
        ];
        for (name, lie, with_since, words) in cases {
            let mut files = honest.clone();
            lie(&mut files);
            let since = with_since.then_some(saved);
            let e = run(&files, since, false).expect_err(name).to_string();
            assert!(e.contains(words), "{name}: {e}");
            if with_since {
                // A monitor reading only the proof's tiles sees it too.
                let e = run(&files, since, true).expect_err(name).to_string();
                assert!(e.contains(words), "{name}, consistency only: {e}");
            }
        }
    }

    #[test]
    fn impossible_sizes_are_errors_not_panics() {
        let lk = log_key();
        let vkey = lk.verifier_key();
        for size in [u64::MAX, MAX_SIZE + 1, MAX_SIZE, MAX_SIZE - 1, 1 << 40, 257] {
            let note = lk
                .sign(TreeHead {
                    size,
                    root: crate::log::Hash([3; 32]),
                })
                .expect("signs");
            // Every tile is served, all zeros, at whatever width is asked.
            let fetch = |path: &str| -> Result<Vec<u8>, String> {
                if path == "checkpoint" {
                    return Ok(note.clone());
                }
                let t = TileRef::from_path(path).map_err(|e| e.to_string())?;
                Ok(vec![0; t.width as usize * HASH_SIZE])
            };
            for old in [1, 5, size - 1] {
                let since = TreeHead {
                    size: old,
                    root: crate::log::Hash([4; 32]),
                };
                assert!(
                    audit(&fetch, &vkey, Some(since), true).is_err(),
                    "{size}, {old}"
                );
            }
            assert!(audit(&fetch, &vkey, None, false).is_err(), "{size}");
        }
    }

    #[test]
    fn a_re_signed_first_entry_is_caught_by_the_next_one_of_its_contact() {
        let entries = entries_of(2);
        let mut resigned = entries.clone();
        let first = SignedEntry::from_slice(&entries[0]).expect("an entry");
        resigned[0] = sign(first.record(), &key(9)).canonical_bytes();
        let files = publish(&resigned, &log_key());
        let e = run(&files, None, false).expect_err("caught").to_string();
        // The case's next entry names the original notification's hash.
        assert!(e.contains("leaf 1 (case c-0)"), "{e}");
    }
}
