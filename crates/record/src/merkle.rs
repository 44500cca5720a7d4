//! The ballot board's Merkle log, hashed as in RFC 6962 / RFC 9162 §2.1.
//!
//! Leaves are hashed with a `0x00` prefix and interior nodes with `0x01`, so a leaf can never be
//! passed off as a node. Proof verification follows the RFC 9162 algorithms step by step.

use sha2::{Digest as _, Sha256};

use crate::digest::Digest;

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

/// Largest power of two strictly below `n` (for `n >= 2`).
fn split_point(n: usize) -> usize {
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

/// The audit path of leaf `index` in the tree of `leaves` (RFC 9162 `PATH`), or `None` if the
/// index is out of range.
pub fn inclusion_proof(leaves: &[Digest], index: usize) -> Option<Vec<Digest>> {
    if index >= leaves.len() {
        return None;
    }
    let mut path = Vec::new();
    inclusion_path(leaves, index, &mut path);
    Some(path)
}

fn inclusion_path(leaves: &[Digest], index: usize, path: &mut Vec<Digest>) {
    if leaves.len() <= 1 {
        return;
    }
    let k = split_point(leaves.len());
    if index < k {
        inclusion_path(&leaves[..k], index, path);
        path.push(root(&leaves[k..]));
    } else {
        inclusion_path(&leaves[k..], index - k, path);
        path.push(root(&leaves[..k]));
    }
}

/// The consistency proof between the first `old_size` leaves and all of `leaves`
/// (RFC 9162 `PROOF`), or `None` if `old_size` exceeds the tree.
pub fn consistency_proof(leaves: &[Digest], old_size: usize) -> Option<Vec<Digest>> {
    if old_size > leaves.len() {
        return None;
    }
    let mut path = Vec::new();
    if old_size > 0 && old_size < leaves.len() {
        subproof(old_size, leaves, true, &mut path);
    }
    Some(path)
}

fn subproof(m: usize, leaves: &[Digest], complete: bool, path: &mut Vec<Digest>) {
    let n = leaves.len();
    if m == n {
        if !complete {
            path.push(root(leaves));
        }
        return;
    }
    let k = split_point(n);
    if m <= k {
        subproof(m, &leaves[..k], complete, path);
        path.push(root(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, path);
        path.push(root(&leaves[..k]));
    }
}

/// A whole tree kept level by level, so that every leaf's proof costs O(log n).
///
/// Pairing nodes left to right and carrying a lone last node up unchanged gives exactly the
/// RFC 6962 tree (whose left subtrees are the largest powers of two).
#[derive(Debug, Clone)]
pub struct Tree {
    levels: Vec<Vec<Digest>>,
}

impl Tree {
    pub fn new(leaves: Vec<Digest>) -> Self {
        let mut levels = vec![leaves];
        while levels.last().is_some_and(|l| l.len() > 1) {
            let below = levels.last().map(Vec::as_slice).unwrap_or_default();
            let above = below
                .chunks(2)
                .map(|pair| match pair {
                    [l, r] => node_hash(l, r),
                    [lone] => *lone,
                    _ => unreachable!("chunks of two"),
                })
                .collect();
            levels.push(above);
        }
        Self { levels }
    }

    pub fn size(&self) -> usize {
        self.levels[0].len()
    }

    pub fn leaves(&self) -> &[Digest] {
        &self.levels[0]
    }

    pub fn root(&self) -> Digest {
        match self.levels.last() {
            Some(top) if top.len() == 1 => top[0],
            _ => empty_root(),
        }
    }

    /// The same path as [`inclusion_proof`], in O(log n).
    pub fn inclusion_proof(&self, index: usize) -> Option<Vec<Digest>> {
        if index >= self.size() {
            return None;
        }
        let mut path = Vec::new();
        let mut i = index;
        for level in &self.levels[..self.levels.len() - 1] {
            if let Some(sibling) = level.get(i ^ 1) {
                path.push(*sibling);
            }
            i >>= 1;
        }
        Some(path)
    }
}

/// Why an inclusion proof was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InclusionError {
    /// The leaf index is not below the tree size.
    IndexOutOfRange,
    /// The proof has the wrong number of hashes for this index and size.
    WrongLength,
    /// The recomputed root differs from the expected one.
    RootMismatch,
}

/// Checks that `leaf` is at `index` in the tree of `size` leaves with root `root`.
pub fn verify_inclusion(
    leaf: &Digest,
    index: u64,
    size: u64,
    proof: &[Digest],
    root: &Digest,
) -> Result<(), InclusionError> {
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
    if r != *root {
        return Err(InclusionError::RootMismatch);
    }
    Ok(())
}

/// Why a consistency proof was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Checks that the tree of `old_size` leaves with root `old_root` is a prefix of the tree of
/// `new_size` leaves with root `new_root`.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    proof: &[Digest],
    old_root: &Digest,
    new_root: &Digest,
) -> Result<(), ConsistencyError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Digest> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn every_inclusion_proof_verifies_and_a_wrong_index_does_not() {
        for n in 1..=33 {
            let l = leaves(n);
            let r = root(&l);
            for i in 0..n {
                let p = inclusion_proof(&l, i).unwrap();
                assert_eq!(verify_inclusion(&l[i], i as u64, n as u64, &p, &r), Ok(()));
                if n > 1 {
                    let other = (i + 1) % n;
                    assert!(verify_inclusion(&l[i], other as u64, n as u64, &p, &r).is_err());
                }
            }
        }
    }

    #[test]
    fn level_tree_matches_the_recursive_definition() {
        for n in 0..=40 {
            let l = leaves(n);
            let t = Tree::new(l.clone());
            assert_eq!(t.root(), root(&l), "size {n}");
            for i in 0..n {
                assert_eq!(
                    t.inclusion_proof(i),
                    inclusion_proof(&l, i),
                    "size {n} index {i}"
                );
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_a_changed_leaf_does_not() {
        for n in 1..=33 {
            let l = leaves(n);
            let r = root(&l);
            for m in 0..=n {
                let p = consistency_proof(&l, m).unwrap();
                let old = root(&l[..m]);
                assert_eq!(verify_consistency(m as u64, n as u64, &p, &old, &r), Ok(()));
                if m > 0 {
                    let mut forked = l[..m].to_vec();
                    forked[m - 1] = leaf_hash(b"forked");
                    let forked_root = root(&forked);
                    assert!(verify_consistency(m as u64, n as u64, &p, &forked_root, &r).is_err());
                }
            }
        }
    }
}
