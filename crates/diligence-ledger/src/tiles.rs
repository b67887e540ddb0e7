//! The log's public layout, after the C2SP tlog-tiles specification: tiles
//! of 256 hashes (`tile/<L>/<N>[.p/<W>]`), entry bundles
//! (`tile/entries/<N>[.p/<W>]`) and their checking against a checkpoint.
//!
//! `<N>` is written in groups of three digits, every group but the last
//! prefixed with `x` (`1234067` is `x001/x234/067`); `.p/<W>` marks a
//! partial tile of `W` < 256 hashes or entries. An entry bundle is its
//! entries one after another, each preceded by its length as a big-endian
//! 16-bit number.
//!
//! The tile arithmetic and the authentication of tiles against a tree head
//! are `tlog_tiles`' (its [`tlog_tiles::Tile`] at height 8); this module
//! writes and reads the C2SP paths, which name no height.

use crate::log::{leaf_hash, Hash, MemoryLog, HASH_SIZE};
use std::collections::BTreeMap;
use std::fmt;
use tlog_tiles::{HashReader, Tile, TileHashReader, TileReader};

/// The height of every tile: 2⁸ = 256 hashes or entries.
pub const HEIGHT: u8 = 8;
/// The width of a full tile.
pub const FULL_WIDTH: u32 = 1 << HEIGHT;

/// A tile or an entry bundle, by its coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TileRef {
    /// The level of a hash tile, or `None` for an entry bundle.
    pub level: Option<u8>,
    /// Its index within the level.
    pub index: u64,
    /// How many hashes or entries it holds (1 to 256).
    pub width: u32,
}

/// A path or a tile that is not one of the log's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileError(pub String);

impl fmt::Display for TileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TileError {}

fn write_index(n: u64) -> String {
    let mut out = format!("{:03}", n % 1000);
    let mut rest = n / 1000;
    while rest > 0 {
        out = format!("x{:03}/{out}", rest % 1000);
        rest /= 1000;
    }
    out
}

impl TileRef {
    /// The C2SP path of the tile.
    pub fn path(&self) -> String {
        let level = self
            .level
            .map_or_else(|| "entries".to_owned(), |l| l.to_string());
        let partial = if self.width < FULL_WIDTH {
            format!(".p/{}", self.width)
        } else {
            String::new()
        };
        format!("tile/{level}/{}{partial}", write_index(self.index))
    }

    /// The tile at a C2SP path; only the path's canonical form is
    /// accepted.
    pub fn from_path(path: &str) -> Result<TileRef, TileError> {
        let bad = || TileError(format!("{path:?} is not a tile path"));
        if path.len() > 80 {
            return Err(bad());
        }
        let rest = path.strip_prefix("tile/").ok_or_else(bad)?;
        let (level, rest) = rest.split_once('/').ok_or_else(bad)?;
        let level = if level == "entries" {
            None
        } else {
            let l: u8 = level.parse().map_err(|_| bad())?;
            if l > 63 || l.to_string() != level {
                return Err(bad());
            }
            Some(l)
        };
        let (digits, width) = match rest.split_once(".p/") {
            Some((d, w)) => {
                let w: u32 = w.parse().map_err(|_| bad())?;
                (d, w)
            }
            None => (rest, FULL_WIDTH),
        };
        let mut index: u64 = 0;
        let groups: Vec<&str> = digits.split('/').collect();
        for (i, group) in groups.iter().enumerate() {
            let g = if i + 1 < groups.len() {
                group.strip_prefix('x').ok_or_else(bad)?
            } else {
                group
            };
            if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let g: u64 = g.parse().map_err(|_| bad())?;
            index = index
                .checked_mul(1000)
                .and_then(|i| i.checked_add(g))
                .ok_or_else(bad)?;
        }
        let tile = TileRef {
            level,
            index,
            width,
        };
        if width == 0 || width > FULL_WIDTH || tile.path() != path {
            return Err(bad());
        }
        Ok(tile)
    }

    fn to_tile(self) -> Tile {
        let mut t = Tile::new(
            HEIGHT,
            self.level.unwrap_or(0),
            self.index,
            self.width,
            false,
        );
        if self.level.is_none() {
            t.set_is_data();
        }
        t
    }

    pub(crate) fn from_tile(t: &Tile) -> TileRef {
        TileRef {
            level: (!t.is_data()).then_some(t.level()),
            index: t.level_index(),
            width: t.width(),
        }
    }

    /// The entry bundle that goes with a level-0 tile.
    pub fn bundle(&self) -> Option<TileRef> {
        (self.level == Some(0)).then_some(TileRef {
            level: None,
            ..*self
        })
    }
}

/// The tiles to publish when the log grows from `old` to `new` leaves:
/// every hash tile that changed, and the entry bundle of each level-0 one.
pub fn new_tiles(old: u64, new: u64) -> Vec<TileRef> {
    let mut out = Vec::new();
    for t in Tile::new_tiles(HEIGHT, old, new) {
        let r = TileRef::from_tile(&t);
        out.push(r);
        out.extend(r.bundle());
    }
    out
}

/// The contents of a hash tile of `log` (its hashes one after another).
pub fn tile_data(log: &MemoryLog, tile: TileRef) -> Result<Vec<u8>, TileError> {
    tile_data_of(log, log.size(), tile)
}

/// The contents of a hash tile of the tree of `size` leaves whose stored
/// hashes `log` reads (a [`MemoryLog`], or a database's table of them).
pub fn tile_data_of<R: HashReader>(
    log: &R,
    size: u64,
    tile: TileRef,
) -> Result<Vec<u8>, TileError> {
    let Some(level) = tile.level else {
        return Err(TileError("an entry bundle is not made from hashes".into()));
    };
    // Level `level` of tiles holds the hashes of stored level 8 × level,
    // of which a tree of `size` leaves has size >> (8 × level).
    let available = if level > 7 {
        0
    } else {
        size >> (u32::from(level) * u32::from(HEIGHT))
    };
    let end = tile
        .index
        .checked_mul(u64::from(FULL_WIDTH))
        .and_then(|i| i.checked_add(u64::from(tile.width)));
    if end.is_none_or(|end| end > available) {
        return Err(TileError(format!(
            "{} is beyond the log of {} leaves",
            tile.path(),
            size
        )));
    }
    tile.to_tile()
        .read_data(log)
        .map_err(|e| TileError(e.to_string()))
}

/// An entry bundle: each entry preceded by its length (16 bits, big
/// endian).
pub fn encode_bundle<'a>(
    entries: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Vec<u8>, TileError> {
    let mut out = Vec::new();
    for (i, e) in entries.into_iter().enumerate() {
        let n = u16::try_from(e.len())
            .map_err(|_| TileError(format!("entry {i} is longer than 65,535 bytes")))?;
        out.extend(n.to_be_bytes());
        out.extend(e);
    }
    Ok(out)
}

/// The entries of a bundle.
pub fn decode_bundle(bytes: &[u8]) -> Result<Vec<&[u8]>, TileError> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        if rest.len() < 2 || out.len() >= FULL_WIDTH as usize {
            return Err(TileError(format!(
                "the bundle is malformed after entry {}",
                out.len()
            )));
        }
        let n = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        if rest.len() < 2 + n {
            return Err(TileError(format!(
                "entry {} of the bundle is cut short",
                out.len()
            )));
        }
        out.push(&rest[2..2 + n]);
        rest = &rest[2 + n..];
    }
    Ok(out)
}

/// Tiles fetched from somewhere (a directory, a server), to be
/// authenticated against a checkpoint.
#[derive(Debug, Clone, Default)]
pub struct TileSet {
    tiles: BTreeMap<TileRef, Vec<u8>>,
}

impl TileSet {
    /// An empty set.
    pub fn new() -> TileSet {
        TileSet::default()
    }

    /// Adds a tile's contents.
    pub fn insert(&mut self, tile: TileRef, data: Vec<u8>) {
        self.tiles.insert(tile, data);
    }

    /// The tiles a tree of `size` leaves is published as (full tiles and
    /// the partial ones at its right edge), hash tiles only.
    pub fn tiles_of(size: u64) -> Vec<TileRef> {
        new_tiles(0, size)
            .into_iter()
            .filter(|t| t.level.is_some())
            .collect()
    }

    /// The leaf hashes of leaves `from..to`, each authenticated against the
    /// tree of `size` leaves and root `root`: an error if a tile is missing
    /// or does not agree with the root.
    pub fn leaf_hashes(
        &self,
        size: u64,
        root: Hash,
        from: u64,
        to: u64,
    ) -> Result<Vec<Hash>, TileError> {
        if from > to || to > size {
            return Err(TileError(format!(
                "leaves {from} to {to} are not in a tree of size {size}"
            )));
        }
        let reader = TileHashReader::new(size, root, self);
        let indexes: Vec<u64> = (from..to)
            .map(|i| tlog_tiles::stored_hash_index(0, i))
            .collect();
        if indexes.is_empty() {
            return Ok(Vec::new());
        }
        reader
            .read_hashes(&indexes)
            .map_err(|e| TileError(format!("the tiles do not match the checkpoint: {e}")))
    }

    /// Checks an entry bundle against the tiles and the tree head: each
    /// entry's leaf hash must be the authenticated one. Returns the
    /// entries.
    pub fn check_bundle<'a>(
        &self,
        size: u64,
        root: Hash,
        bundle: TileRef,
        bytes: &'a [u8],
    ) -> Result<Vec<&'a [u8]>, TileError> {
        if bundle.level.is_some() {
            return Err(TileError(format!(
                "{} is not an entry bundle",
                bundle.path()
            )));
        }
        let entries = decode_bundle(bytes)?;
        if entries.len() != bundle.width as usize {
            return Err(TileError(format!(
                "{} holds {} entries, not {}",
                bundle.path(),
                entries.len(),
                bundle.width
            )));
        }
        let from = bundle
            .index
            .checked_mul(u64::from(FULL_WIDTH))
            .ok_or_else(|| TileError("the bundle is beyond any log".into()))?;
        let hashes = self.leaf_hashes(size, root, from, from + u64::from(bundle.width))?;
        for (i, (entry, hash)) in entries.iter().zip(&hashes).enumerate() {
            if leaf_hash(entry) != *hash {
                return Err(TileError(format!(
                    "entry {} (leaf {}) does not match the log",
                    i,
                    from + i as u64
                )));
            }
        }
        Ok(entries)
    }
}

impl TileReader for TileSet {
    fn height(&self) -> u8 {
        HEIGHT
    }

    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, tlog_tiles::Error> {
        tiles
            .iter()
            .map(|t| {
                let r = TileRef::from_tile(t);
                // A wider tile of the same coordinates holds the narrower
                // one as its prefix.
                let data = self
                    .tiles
                    .range(
                        TileRef {
                            width: r.width,
                            ..r
                        }..=TileRef {
                            width: FULL_WIDTH,
                            ..r
                        },
                    )
                    .next()
                    .map(|(_, d)| d)
                    .ok_or(tlog_tiles::Error::InvalidTile)?;
                let n = r.width as usize * HASH_SIZE;
                data.get(..n)
                    .map(<[u8]>::to_vec)
                    .ok_or(tlog_tiles::Error::InvalidTile)
            })
            .collect()
    }

    fn save_tiles(&self, _tiles: &[Tile], _data: &[Vec<u8>]) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_c2sp() {
        let cases = [
            (Some(0), 0, 256, "tile/0/000"),
            (Some(0), 1, 3, "tile/0/001.p/3"),
            (Some(1), 1234067, 256, "tile/1/x001/x234/067"),
            (Some(2), 1000, 255, "tile/2/x001/000.p/255"),
            (None, 0, 1, "tile/entries/000.p/1"),
            (None, 1234067, 256, "tile/entries/x001/x234/067"),
        ];
        for (level, index, width, path) in cases {
            let t = TileRef {
                level,
                index,
                width,
            };
            assert_eq!(t.path(), path);
            assert_eq!(TileRef::from_path(path), Ok(t), "{path}");
        }
        for bad in [
            "tile/0/1",
            "tile/0/0001",
            "tile/0/x000/001",
            "tile/0/001.p/0",
            "tile/0/001.p/256",
            "tile/0/001.p/007",
            "tile/64/000",
            "tile/01/000",
            "tile/data/000",
            "tile/8/0/000",
            "tiles/0/000",
            "tile/0/001/002",
            "tile/0/x001",
            "tile/0/x018/x446/x744/x073/x709/x551/616",
        ] {
            assert!(TileRef::from_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bundles_round_trip_and_refuse_truncation() {
        let entries: Vec<Vec<u8>> = vec![b"a".to_vec(), Vec::new(), vec![7; 300]];
        let bytes = encode_bundle(entries.iter().map(Vec::as_slice)).expect("encodes");
        assert_eq!(&bytes[..3], &[0, 1, b'a']);
        let back = decode_bundle(&bytes).expect("decodes");
        assert_eq!(back, entries.iter().map(Vec::as_slice).collect::<Vec<_>>());
        for cut in 1..bytes.len() {
            if decode_bundle(&bytes[..cut]).is_ok() {
                // Only cuts at an entry boundary decode.
                assert!(cut == 3 || cut == 5, "cut at {cut}");
            }
        }
        assert!(encode_bundle([vec![0u8; 70_000].as_slice()]).is_err());
    }

    fn log_of(n: u64) -> (MemoryLog, Vec<Vec<u8>>) {
        let mut log = MemoryLog::new();
        let entries: Vec<Vec<u8>> = (0..n).map(|i| format!("entry {i}").into_bytes()).collect();
        for e in &entries {
            log.append(e);
        }
        (log, entries)
    }

    fn publish(log: &MemoryLog, entries: &[Vec<u8>]) -> (TileSet, BTreeMap<TileRef, Vec<u8>>) {
        let mut tiles = TileSet::new();
        let mut bundles = BTreeMap::new();
        for t in new_tiles(0, log.size()) {
            if t.level.is_some() {
                tiles.insert(t, tile_data(log, t).expect("tile"));
            } else {
                let from = (t.index * 256) as usize;
                let bundle = encode_bundle(
                    entries[from..from + t.width as usize]
                        .iter()
                        .map(Vec::as_slice),
                )
                .expect("bundle");
                bundles.insert(t, bundle);
            }
        }
        (tiles, bundles)
    }

    #[test]
    fn the_published_tiles_authenticate_every_entry() {
        for n in [1, 255, 256, 257, 600, 65_537] {
            let (log, entries) = log_of(n);
            let root = log.root(n).expect("root");
            let (tiles, bundles) = publish(&log, &entries);
            let mut seen = 0;
            for (t, bytes) in &bundles {
                let got = tiles.check_bundle(n, root, *t, bytes).expect("verifies");
                seen += got.len() as u64;
            }
            assert_eq!(seen, n);
            if n == 65_537 {
                assert!(tiles.tiles.contains_key(&TileRef {
                    level: Some(2),
                    index: 0,
                    width: 1
                }));
            }
        }
    }

    #[test]
    fn a_tampered_tile_entry_or_tree_head_fails() {
        let n = 600;
        let (log, entries) = log_of(n);
        let root = log.root(n).expect("root");
        let (tiles, bundles) = publish(&log, &entries);
        let (first, bytes) = bundles.iter().next().expect("a bundle");
        let all_verify = |tiles: &TileSet| {
            bundles
                .iter()
                .all(|(t, b)| tiles.check_bundle(n, root, *t, b).is_ok())
        };
        assert!(all_verify(&tiles));

        // A flipped bit in an entry.
        let mut bad = bytes.clone();
        bad[5] ^= 1;
        assert!(tiles.check_bundle(n, root, *first, &bad).is_err());
        // A flipped bit in the root, a wrong size.
        let mut wrong = root;
        wrong.0[0] ^= 1;
        assert!(tiles.check_bundle(n, wrong, *first, bytes).is_err());
        assert!(tiles.check_bundle(n + 1, root, *first, bytes).is_err());
        // A flipped bit in any hash tile: the bundles it covers fail.
        for (t, data) in &tiles.tiles {
            let mut forged = tiles.clone();
            let mut d = data.clone();
            d[HASH_SIZE / 2] ^= 0x10;
            forged.insert(*t, d);
            assert!(!all_verify(&forged), "{}", t.path());
        }
        // A missing tile.
        let mut missing = tiles.clone();
        let key = *missing.tiles.keys().next().expect("a tile");
        missing.tiles.remove(&key);
        assert!(missing.check_bundle(n, root, *first, bytes).is_err());
        // A bundle with an entry more or less.
        let mut short = decode_bundle(bytes).expect("bundle");
        short.pop();
        let short = encode_bundle(short).expect("bundle");
        assert!(tiles.check_bundle(n, root, *first, &short).is_err());
    }

    #[test]
    fn growing_the_log_publishes_only_what_changed() {
        let t = new_tiles(256, 300);
        let paths: Vec<String> = t.iter().map(TileRef::path).collect();
        // The level-1 tile already holds the one full level-0 tile.
        assert_eq!(paths, ["tile/0/001.p/44", "tile/entries/001.p/44"]);
        let paths: Vec<String> = new_tiles(255, 256).iter().map(TileRef::path).collect();
        assert_eq!(paths, ["tile/0/000", "tile/entries/000", "tile/1/000.p/1"]);
        assert!(new_tiles(300, 300).is_empty());
    }
}
