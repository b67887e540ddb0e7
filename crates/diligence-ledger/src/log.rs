//! The log's Merkle tree (RFC 6962 / RFC 9162 hashing), its inclusion and
//! consistency proofs, and their verification.
//!
//! The tree, the proofs and their checks are those of the `tlog_tiles`
//! crate (C2SP tlog-tiles, from the Go `tlog` package): a leaf hash is
//! SHA-256(`0x00` ‖ data), an interior node SHA-256(`0x01` ‖ left ‖ right).
//! [`MemoryLog`] keeps every stored hash in memory, in `tlog`'s storage
//! order; storage crates keep the same hashes in a database and read them
//! back through [`tlog_tiles::HashReader`].
//!
//! The verification functions never panic on hostile input: a proof, a
//! size or an index that cannot be right is an error.

use std::fmt;
pub use tlog_tiles::{Hash, HASH_SIZE};
use tlog_tiles::{HashReader, RecordProof, TreeProof};

/// The hash of a leaf: SHA-256(`0x00` ‖ data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    tlog_tiles::record_hash(data)
}

/// The hash of an interior node: SHA-256(`0x01` ‖ left ‖ right).
pub fn node_hash(left: Hash, right: Hash) -> Hash {
    tlog_tiles::node_hash(left, right)
}

/// Why a proof or a tree operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofError(pub String);

impl fmt::Display for ProofError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProofError {}

impl From<tlog_tiles::Error> for ProofError {
    fn from(e: tlog_tiles::Error) -> Self {
        ProofError(e.to_string())
    }
}

/// An append-only log held in memory: the stored hashes of its tree.
#[derive(Debug, Clone, Default)]
pub struct MemoryLog {
    size: u64,
    hashes: Vec<Hash>,
}

impl HashReader for MemoryLog {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.hashes.get(i).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl MemoryLog {
    /// An empty log.
    pub fn new() -> MemoryLog {
        MemoryLog::default()
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf; returns its index.
    pub fn append(&mut self, data: &[u8]) -> u64 {
        self.append_leaf_hash(leaf_hash(data))
    }

    /// Appends a leaf given by its leaf hash; returns its index.
    pub fn append_leaf_hash(&mut self, leaf: Hash) -> u64 {
        let n = self.size;
        // Every index `stored_hashes_for_record_hash` reads is of a complete
        // subtree to the left of `n`, which this log holds.
        let new = tlog_tiles::stored_hashes_for_record_hash(n, leaf, self)
            .expect("the log holds every earlier stored hash");
        self.hashes.extend(new);
        self.size += 1;
        n
    }

    /// The hash of the leaf at `index`.
    pub fn leaf(&self, index: u64) -> Option<Hash> {
        if index >= self.size {
            return None;
        }
        self.read_hashes(&[tlog_tiles::stored_hash_index(0, index)])
            .ok()
            .map(|h| h[0])
    }

    /// The root hash of the tree of the first `size` leaves.
    pub fn root(&self, size: u64) -> Result<Hash, ProofError> {
        if size > self.size {
            return Err(ProofError(format!(
                "no tree of size {size}: the log has {} leaves",
                self.size
            )));
        }
        Ok(tlog_tiles::tree_hash(size, self)?)
    }

    /// The proof that leaf `index` is in the tree of size `size`.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        if index >= size || size > self.size {
            return Err(ProofError(format!(
                "no leaf {index} in a tree of size {size} (the log has {})",
                self.size
            )));
        }
        Ok(tlog_tiles::prove_record(size, index, self)?)
    }

    /// The proof that the tree of size `old` is a prefix of the tree of
    /// size `new`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, ProofError> {
        if old == 0 || old > new || new > self.size {
            return Err(ProofError(format!(
                "no consistency proof from size {old} to size {new} (the log has {})",
                self.size
            )));
        }
        Ok(tlog_tiles::prove_tree(new, old, self)?)
    }
}

/// The most proof hashes a tree of up to 2⁶⁴ leaves can need; longer proofs
/// are refused before any hashing.
const MAX_PROOF: usize = 2 * 64;

/// Checks that `leaf` is the hash of leaf `index` in the tree of size
/// `size` and root `root`.
pub fn verify_inclusion(
    proof: &[Hash],
    size: u64,
    root: Hash,
    index: u64,
    leaf: Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError(format!(
            "leaf {index} is not in a tree of size {size}"
        )));
    }
    if proof.len() > MAX_PROOF {
        return Err(ProofError("the proof is too long".into()));
    }
    let p: RecordProof = proof.to_vec();
    tlog_tiles::check_record(&p, size, root, index, leaf).map_err(|_| {
        ProofError(format!(
            "leaf {index} is not proven in the tree of size {size}"
        ))
    })
}

/// Checks that the tree of size `old` and root `old_root` is a prefix of
/// the tree of size `new` and root `new_root`.
pub fn verify_consistency(
    proof: &[Hash],
    old: u64,
    old_root: Hash,
    new: u64,
    new_root: Hash,
) -> Result<(), ProofError> {
    if old == 0 || old > new {
        return Err(ProofError(format!(
            "no consistency between sizes {old} and {new}"
        )));
    }
    if proof.len() > MAX_PROOF {
        return Err(ProofError("the proof is too long".into()));
    }
    let p: TreeProof = proof.to_vec();
    tlog_tiles::check_tree(&p, new, new_root, old, old_root).map_err(|_| {
        ProofError(format!(
            "the tree of size {new} does not extend the tree of size {old}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};

    fn hex(h: &Hash) -> String {
        h.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The leaves of the RFC 6962 reference tests (also those of the Go
    /// Certificate Transparency `merkle` package): the empty leaf, then
    /// 0x00, 0x10, 0x2021, 0x3031, 0x40414243…, 0x5051…57, 0x6061…6e,
    /// 0x7071…7f.
    fn reference_leaves() -> Vec<Vec<u8>> {
        vec![
            vec![],
            vec![0x00],
            vec![0x10],
            vec![0x20, 0x21],
            vec![0x30, 0x31],
            vec![0x40, 0x41, 0x42, 0x43],
            (0x50..=0x57).collect(),
            (0x60..=0x6f).collect(),
        ]
    }

    /// The roots of the trees of the first 1 to 8 reference leaves.
    const REFERENCE_ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    #[test]
    fn hashing_follows_rfc_6962() {
        // The empty tree and the empty leaf.
        assert_eq!(
            hex(&tlog_tiles::EMPTY_HASH),
            hex(&Hash(Sha256::digest(b"").into()))
        );
        assert_eq!(
            hex(&leaf_hash(b"")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
        let (l, r) = (leaf_hash(b"a"), leaf_hash(b"b"));
        let mut by_hand = vec![1u8];
        by_hand.extend(l.0);
        by_hand.extend(r.0);
        assert_eq!(
            node_hash(l, r).0,
            <[u8; 32]>::from(Sha256::digest(&by_hand))
        );
        let mut by_hand = vec![0u8];
        by_hand.extend(b"a");
        assert_eq!(l.0, <[u8; 32]>::from(Sha256::digest(&by_hand)));
    }

    #[test]
    fn the_reference_trees_have_the_reference_roots() {
        let mut log = MemoryLog::new();
        for (leaf, root) in reference_leaves().iter().zip(REFERENCE_ROOTS) {
            log.append(leaf);
            assert_eq!(
                hex(&log.root(log.size()).expect("root")),
                root,
                "size {}",
                log.size()
            );
        }
        // Every earlier root is still reachable.
        for (size, root) in (1..).zip(REFERENCE_ROOTS) {
            assert_eq!(hex(&log.root(size).expect("root")), root);
        }
    }

    /// RFC 6962 reference inclusion proofs in the tree of the 8 leaves.
    #[test]
    fn reference_inclusion_proofs() {
        let mut log = MemoryLog::new();
        for leaf in reference_leaves() {
            log.append(&leaf);
        }
        let cases: [(u64, u64, &[&str]); 7] = [
            (
                0,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                8,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                6,
                8,
                &[
                    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                7,
                8,
                &[
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                3,
                &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ),
            (
                1,
                5,
                &[
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
            (0, 1, &[]),
        ];
        for (index, size, expected) in cases {
            let proof = log.inclusion_proof(index, size).expect("proof");
            let got: Vec<String> = proof.iter().map(hex).collect();
            assert_eq!(got, expected, "leaf {index} of {size}");
            let root = log.root(size).expect("root");
            verify_inclusion(&proof, size, root, index, log.leaf(index).expect("leaf"))
                .expect("verifies");
        }
    }

    /// RFC 6962 reference consistency proofs between trees of the 8 leaves.
    #[test]
    fn reference_consistency_proofs() {
        let mut log = MemoryLog::new();
        for leaf in reference_leaves() {
            log.append(&leaf);
        }
        let cases: [(u64, u64, &[&str]); 4] = [
            (1, 1, &[]),
            (
                1,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (old, new, expected) in cases {
            let proof = log.consistency_proof(old, new).expect("proof");
            let got: Vec<String> = proof.iter().map(hex).collect();
            assert_eq!(got, expected, "{old} to {new}");
            verify_consistency(
                &proof,
                old,
                log.root(old).expect("old"),
                new,
                log.root(new).expect("new"),
            )
            .expect("verifies");
        }
    }

    fn log_of(n: u64) -> MemoryLog {
        let mut log = MemoryLog::new();
        for i in 0..n {
            log.append(format!("entry {i}").as_bytes());
        }
        log
    }

    /// Every mutation of a valid inclusion proof's inputs fails.
    fn inclusion_mutations_fail(log: &MemoryLog, index: u64, size: u64, bit: usize) {
        let root = log.root(size).expect("root");
        let leaf = log.leaf(index).expect("leaf");
        let proof = log.inclusion_proof(index, size).expect("proof");
        verify_inclusion(&proof, size, root, index, leaf).expect("the true proof verifies");
        let flip = |h: Hash| {
            let mut h = h;
            h.0[bit / 8 % 32] ^= 1 << (bit % 8);
            h
        };
        assert!(
            verify_inclusion(&proof, size, root, index, flip(leaf)).is_err(),
            "leaf bit"
        );
        assert!(
            verify_inclusion(&proof, size, flip(root), index, leaf).is_err(),
            "root bit"
        );
        for k in 0..proof.len() {
            let mut p = proof.clone();
            p[k] = flip(p[k]);
            assert!(
                verify_inclusion(&p, size, root, index, leaf).is_err(),
                "proof hash {k}"
            );
            let mut p = proof.clone();
            p.remove(k);
            assert!(
                verify_inclusion(&p, size, root, index, leaf).is_err(),
                "removed {k}"
            );
        }
        let mut p = proof.clone();
        p.push(leaf);
        assert!(
            verify_inclusion(&p, size, root, index, leaf).is_err(),
            "added"
        );
        let mut p = proof.clone();
        p.insert(0, root);
        assert!(
            verify_inclusion(&p, size, root, index, leaf).is_err(),
            "added first"
        );
        // A wrong size: the proof checked against the head of a tree of
        // another size fails. (The size itself is bound to its root by the
        // signed checkpoint; see `checkpoint`.)
        for wrong in [size + 1, size.saturating_sub(1), 2 * size] {
            if wrong == size || wrong > log.size() {
                continue;
            }
            let wrong_root = if wrong == 0 {
                tlog_tiles::EMPTY_HASH
            } else {
                log.root(wrong).expect("root")
            };
            assert!(
                verify_inclusion(&proof, wrong, wrong_root, index, leaf).is_err(),
                "size {wrong} for {size}"
            );
        }
        if size > 1 {
            let other = (index + 1) % size;
            assert!(
                verify_inclusion(&proof, size, root, other, leaf).is_err(),
                "index"
            );
        }
    }

    /// Every mutation of a valid consistency proof's inputs fails.
    fn consistency_mutations_fail(log: &MemoryLog, old: u64, new: u64, bit: usize) {
        let (r1, r2) = (log.root(old).expect("old"), log.root(new).expect("new"));
        let proof = log.consistency_proof(old, new).expect("proof");
        verify_consistency(&proof, old, r1, new, r2).expect("the true proof verifies");
        let flip = |h: Hash| {
            let mut h = h;
            h.0[bit / 8 % 32] ^= 1 << (bit % 8);
            h
        };
        assert!(verify_consistency(&proof, old, flip(r1), new, r2).is_err());
        assert!(verify_consistency(&proof, old, r1, new, flip(r2)).is_err());
        for k in 0..proof.len() {
            let mut p = proof.clone();
            p[k] = flip(p[k]);
            assert!(
                verify_consistency(&p, old, r1, new, r2).is_err(),
                "hash {k}"
            );
            let mut p = proof.clone();
            p.remove(k);
            assert!(
                verify_consistency(&p, old, r1, new, r2).is_err(),
                "removed {k}"
            );
        }
        let mut p = proof.clone();
        p.push(r1);
        assert!(verify_consistency(&p, old, r1, new, r2).is_err(), "added");
        // Wrong sizes, each with the root of a tree of that size.
        for (o, n) in [
            (old, new + 1),
            (old, new - 1),
            (old + 1, new),
            (old - 1, new),
        ] {
            if (o, n) == (old, new) || o == 0 || o > n || n > log.size() || o == n {
                continue;
            }
            let (ro, rn) = (log.root(o).expect("root"), log.root(n).expect("root"));
            assert!(
                verify_consistency(&proof, o, ro, n, rn).is_err(),
                "{old}..{new} checked as {o}..{n}"
            );
        }
    }

    #[test]
    fn mutations_fail_on_every_small_tree() {
        let log = log_of(33);
        for size in 1..=33 {
            for index in 0..size {
                inclusion_mutations_fail(&log, index, size, (index * 7 + size) as usize);
            }
            for old in 1..=size {
                consistency_mutations_fail(&log, old, size, (old * 13 + size) as usize);
            }
        }
    }

    #[test]
    fn impossible_requests_are_errors_not_panics() {
        let log = log_of(5);
        assert!(log.inclusion_proof(5, 5).is_err());
        assert!(log.inclusion_proof(0, 6).is_err());
        assert!(log.consistency_proof(0, 5).is_err());
        assert!(log.consistency_proof(4, 3).is_err());
        assert!(log.root(6).is_err());
        let root = log.root(5).expect("root");
        let leaf = log.leaf(0).expect("leaf");
        assert!(verify_inclusion(&[], 5, root, 7, leaf).is_err());
        assert!(verify_inclusion(&[], 0, root, 0, leaf).is_err());
        assert!(verify_inclusion(&vec![root; 200], 5, root, 0, leaf).is_err());
        assert!(verify_consistency(&[], 0, root, 5, root).is_err());
        assert!(verify_consistency(&[], 6, root, 5, root).is_err());
        assert!(verify_consistency(&[], u64::MAX, root, u64::MAX, root).is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn every_inclusion_proof_of_a_random_tree_verifies(
            leaves in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..120),
        ) {
            let mut log = MemoryLog::new();
            for leaf in &leaves {
                log.append(leaf);
            }
            let size = log.size();
            let root = log.root(size).expect("root");
            for (index, leaf) in (0..).zip(&leaves) {
                let proof = log.inclusion_proof(index, size).expect("proof");
                prop_assert!(verify_inclusion(&proof, size, root, index, leaf_hash(leaf)).is_ok());
            }
        }

        #[test]
        fn random_proofs_are_refused_without_panicking(
            size in any::<u64>(), index in any::<u64>(),
            hashes in prop::collection::vec(any::<[u8; 32]>(), 0..70),
        ) {
            let proof: Vec<Hash> = hashes.iter().copied().map(Hash).collect();
            let h = Hash([9; 32]);
            // Random hashes prove nothing about the leaf or the old tree.
            prop_assert!(verify_inclusion(&proof, size, h, index, Hash([8; 32])).is_err());
            prop_assert!(verify_consistency(&proof, index.min(size), Hash([8; 32]), size, h).is_err());
        }

        #[test]
        fn every_consistency_proof_between_random_sizes_verifies(
            n in 1u64..300, a in any::<u64>(), b in any::<u64>(), bit in 0usize..256,
        ) {
            let log = log_of(n);
            let (x, y) = (a % n + 1, b % n + 1);
            let (old, new) = (x.min(y), x.max(y));
            let proof = log.consistency_proof(old, new).expect("proof");
            prop_assert!(verify_consistency(
                &proof, old, log.root(old).expect("old"), new, log.root(new).expect("new")
            ).is_ok());
            consistency_mutations_fail(&log, old, new, bit);
            inclusion_mutations_fail(&log, old - 1, new, bit);
        }
    }
}
