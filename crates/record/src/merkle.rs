//! The ballot board's Merkle log, hashed as in RFC 6962 / RFC 9162 §2.1.
//!
//! Leaves are hashed with a `0x00` prefix and interior nodes with `0x01`, so a leaf can never be
//! passed off as a node. Proof verification follows the RFC 9162 algorithms step by step.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::digest::Digest;

/// A tree's root hash and number of leaves: what a signed head commits to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RootHash {
    /// The Merkle tree hash.
    pub root: Digest,
    /// Number of leaves.
    pub size: u64,
}

/// A proof never needs more hashes than this (trees of up to 2^64 leaves).
pub const MAX_PROOF_LEN: usize = 64;

/// `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Digest {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    Digest(h.finalize().into())
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Digest, right: &Digest) -> Digest {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left.0);
    h.update(right.0);
    Digest(h.finalize().into())
}

/// The root of the empty tree: SHA-256 of no bytes.
pub fn empty_root() -> Digest {
    Digest(Sha256::digest([]).into())
}

/// Largest power of two strictly below `n` (for `n >= 2`): where RFC 9162 splits a tree.
pub fn split_point(n: usize) -> usize {
    debug_assert!(n >= 2);
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// Merkle tree hash (MTH) of a list of leaf hashes.
pub fn root(leaves: &[Digest]) -> Digest {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split_point(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// Why an inclusion proof was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InclusionError {
    /// The leaf index is not below the tree size.
    IndexOutOfRange,
    /// The proof has the wrong number of hashes for this index and size.
    WrongLength,
    /// The recomputed root differs from the expected one.
    RootMismatch,
}

impl std::fmt::Display for InclusionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::IndexOutOfRange => "the position is beyond the tree",
            Self::WrongLength => "the proof has the wrong length",
            Self::RootMismatch => "the proof leads to another root",
        })
    }
}

impl std::error::Error for InclusionError {}

/// Checks that `leaf` is at `index` in `tree`.
pub fn verify_inclusion(
    leaf: &Digest,
    index: u64,
    proof: &[Digest],
    tree: &RootHash,
) -> Result<(), InclusionError> {
    let RootHash { root, size } = *tree;
    if index >= size {
        return Err(InclusionError::IndexOutOfRange);
    }
    if proof.len() > MAX_PROOF_LEN {
        return Err(InclusionError::WrongLength);
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return Err(InclusionError::WrongLength);
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(InclusionError::WrongLength);
    }
    if r != root {
        return Err(InclusionError::RootMismatch);
    }
    Ok(())
}

/// Why a consistency proof was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsistencyError {
    /// The old tree is larger than the new one.
    OldLargerThanNew,
    /// The proof has the wrong number of hashes for these sizes.
    WrongLength,
    /// The proof does not lead to the old root.
    OldRootMismatch,
    /// The proof does not lead to the new root.
    NewRootMismatch,
}

impl std::fmt::Display for ConsistencyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::OldLargerThanNew => "the older tree is larger than the newer one",
            Self::WrongLength => "the proof has the wrong length",
            Self::OldRootMismatch => "the proof does not lead to the older root",
            Self::NewRootMismatch => "the proof does not lead to the newer root",
        })
    }
}

impl std::error::Error for ConsistencyError {}

/// Checks that the `old` tree is a prefix of the `new` one.
pub fn verify_consistency(
    old: &RootHash,
    new: &RootHash,
    proof: &[Digest],
) -> Result<(), ConsistencyError> {
    let (old_size, old_root) = (old.size, &old.root);
    let (new_size, new_root) = (new.size, &new.root);
    if old_size > new_size {
        return Err(ConsistencyError::OldLargerThanNew);
    }
    if proof.len() > MAX_PROOF_LEN {
        return Err(ConsistencyError::WrongLength);
    }
    if old_size == new_size || old_size == 0 {
        if !proof.is_empty() {
            return Err(ConsistencyError::WrongLength);
        }
        if old_size == new_size && old_root != new_root {
            return Err(ConsistencyError::NewRootMismatch);
        }
        if old_size == 0 && *old_root != empty_root() {
            return Err(ConsistencyError::OldRootMismatch);
        }
        return Ok(());
    }
    let mut path: Vec<Digest> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return Err(ConsistencyError::WrongLength);
    };
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return Err(ConsistencyError::WrongLength);
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(ConsistencyError::WrongLength);
    }
    if fr != *old_root {
        return Err(ConsistencyError::OldRootMismatch);
    }
    if sr != *new_root {
        return Err(ConsistencyError::NewRootMismatch);
    }
    Ok(())
}
