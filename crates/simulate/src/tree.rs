//! Building the board's Merkle tree and its proofs (RFC 9162 `PATH` and `PROOF`).
//!
//! The verifier only checks proofs; making them is the authority's side.

use castcheck_record::digest::Digest;
use castcheck_record::merkle::{empty_root, node_hash, root, split_point};

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
    /// Hashes every level above `leaves`.
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

    /// Number of leaves.
    pub fn size(&self) -> usize {
        self.levels[0].len()
    }

    /// The leaf hashes.
    pub fn leaves(&self) -> &[Digest] {
        &self.levels[0]
    }

    /// The Merkle tree hash (the empty root for no leaves).
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

#[cfg(test)]
mod tests {
    use super::*;
    use castcheck_record::merkle::{leaf_hash, verify_consistency, verify_inclusion, RootHash};

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
                let tree = RootHash {
                    root: r,
                    size: n as u64,
                };
                assert_eq!(verify_inclusion(&l[i], i as u64, &p, &tree), Ok(()));
                if n > 1 {
                    let other = (i + 1) % n;
                    assert!(verify_inclusion(&l[i], other as u64, &p, &tree).is_err());
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
                let new = RootHash {
                    root: r,
                    size: n as u64,
                };
                let old = RootHash {
                    root: root(&l[..m]),
                    size: m as u64,
                };
                assert_eq!(verify_consistency(&old, &new, &p), Ok(()));
                if m > 0 {
                    let mut forked = l[..m].to_vec();
                    forked[m - 1] = leaf_hash(b"forked");
                    let forked = RootHash {
                        root: root(&forked),
                        size: m as u64,
                    };
                    assert!(verify_consistency(&forked, &new, &p).is_err());
                }
            }
        }
    }
}
