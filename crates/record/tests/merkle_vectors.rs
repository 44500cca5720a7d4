//! RFC 6962 reference vectors (transparency-dev/merkle) against `castcheck_record::merkle`
//! (verification) and `castcheck_simulate`'s tree (proof building).
//!
//! Every vector is checked both ways: our builders must produce the reference values, and our
//! verifiers must accept them and reject every small tampering of index, size, path and roots.

use castcheck_record::digest::Digest;
use castcheck_record::merkle::{
    empty_root, leaf_hash, root, verify_consistency, verify_inclusion, ConsistencyError,
    InclusionError, RootHash,
};
use castcheck_simulate::{consistency_proof, inclusion_proof, Tree};
use serde_json::Value;

/// The RFC's argument order (leaf, index, size, proof, root), as the vectors list them.
fn check_inclusion(
    leaf: &Digest,
    index: u64,
    size: u64,
    proof: &[Digest],
    root: &Digest,
) -> Result<(), InclusionError> {
    verify_inclusion(leaf, index, proof, &RootHash { root: *root, size })
}

/// The RFC's argument order (sizes, proof, roots), as the vectors list them.
fn check_consistency(
    old_size: u64,
    new_size: u64,
    proof: &[Digest],
    old_root: &Digest,
    new_root: &Digest,
) -> Result<(), ConsistencyError> {
    let old = RootHash {
        root: *old_root,
        size: old_size,
    };
    let new = RootHash {
        root: *new_root,
        size: new_size,
    };
    verify_consistency(&old, &new, proof)
}

struct Vectors {
    leaves: Vec<Vec<u8>>,
    roots: Vec<(usize, Digest)>,
    inclusion: Vec<(usize, usize, Vec<Digest>)>,
    consistency: Vec<(usize, usize, Vec<Digest>)>,
}

fn digest(v: &Value) -> Digest {
    let s = v.as_str().expect("hex string");
    let bytes = hex::decode(s).expect("valid hex");
    Digest(bytes.try_into().expect("32 bytes"))
}

fn digests(v: &Value) -> Vec<Digest> {
    v.as_array().expect("array").iter().map(digest).collect()
}

fn num(v: &Value) -> usize {
    usize::try_from(v.as_u64().expect("integer")).expect("fits")
}

fn load() -> Vectors {
    let text = include_str!("vectors/rfc6962.json");
    let v: Value = serde_json::from_str(text).expect("vector file is JSON");
    let leaves = v["leaves_hex"]
        .as_array()
        .expect("leaves")
        .iter()
        .map(|l| hex::decode(l.as_str().expect("hex")).expect("valid hex"))
        .collect();
    let roots = v["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .map(|r| (num(&r["size"]), digest(&r["root_hex"])))
        .collect();
    let inclusion = v["inclusion"]
        .as_array()
        .expect("inclusion")
        .iter()
        .map(|p| (num(&p["size"]), num(&p["index"]), digests(&p["path_hex"])))
        .collect();
    let consistency = v["consistency"]
        .as_array()
        .expect("consistency")
        .iter()
        .map(|p| (num(&p["size1"]), num(&p["size2"]), digests(&p["proof_hex"])))
        .collect();
    Vectors {
        leaves,
        roots,
        inclusion,
        consistency,
    }
}

fn leaf_hashes(v: &Vectors) -> Vec<Digest> {
    v.leaves.iter().map(|l| leaf_hash(l)).collect()
}

fn root_of(v: &Vectors, size: usize) -> Digest {
    v.roots
        .iter()
        .find(|r| r.0 == size)
        .unwrap_or_else(|| panic!("no reference root for size {size}"))
        .1
}

/// Every digest obtained by flipping one byte (a few bit patterns, every position) of `d`.
fn byte_flips(d: &Digest) -> impl Iterator<Item = Digest> + '_ {
    (0..32).flat_map(move |i| {
        [0x01u8, 0x80, 0xff].into_iter().map(move |x| {
            let mut t = *d;
            t.0[i] ^= x;
            t
        })
    })
}

/// Proofs made from `proof` by flipping one byte of one element.
fn tampered_elements(proof: &[Digest]) -> Vec<Vec<Digest>> {
    let mut out = Vec::new();
    for (i, d) in proof.iter().enumerate() {
        for flipped in byte_flips(d) {
            let mut p = proof.to_vec();
            p[i] = flipped;
            out.push(p);
        }
    }
    out
}

/// Proofs one element too short (from either end) or too long (at either end, with a
/// copied element or an unrelated hash).
fn wrong_lengths(proof: &[Digest]) -> Vec<Vec<Digest>> {
    let mut out = Vec::new();
    if !proof.is_empty() {
        out.push(proof[..proof.len() - 1].to_vec());
        out.push(proof[1..].to_vec());
        out.push(Vec::new());
    }
    let extras = [
        leaf_hash(b"extra"),
        proof.last().copied().unwrap_or_default(),
        proof.first().copied().unwrap_or_default(),
        empty_root(),
    ];
    for extra in extras {
        let mut longer = proof.to_vec();
        longer.push(extra);
        out.push(longer);
        let mut longer = vec![extra];
        longer.extend_from_slice(proof);
        out.push(longer);
    }
    out
}

#[test]
fn the_vector_file_has_what_the_tests_rely_on() {
    let v = load();
    assert_eq!(v.leaves.len(), 8);
    let sizes: Vec<usize> = v.roots.iter().map(|r| r.0).collect();
    assert_eq!(sizes, (0..=8).collect::<Vec<_>>());
    assert!(v.inclusion.len() >= 5, "inclusion vectors");
    assert!(v.consistency.len() >= 5, "consistency vectors");
}

#[test]
fn leaf_hashes_are_sha256_of_zero_prefix_and_leaf() {
    use sha2::{Digest as _, Sha256};
    let v = load();
    for leaf in &v.leaves {
        let mut h = Sha256::new();
        h.update([0u8]);
        h.update(leaf);
        let expected: [u8; 32] = h.finalize().into();
        assert_eq!(
            leaf_hash(leaf),
            Digest(expected),
            "leaf {}",
            hex::encode(leaf)
        );
    }
    // The first leaf is the empty string: its hash is the size-1 root of the vectors.
    assert_eq!(leaf_hash(&v.leaves[0]), root_of(&v, 1));
    // A leaf hash is never the plain SHA-256 of the data (that is the empty root for "").
    assert_ne!(leaf_hash(b""), empty_root());
}

#[test]
fn roots_match_the_reference_for_every_size() {
    let v = load();
    let hashes = leaf_hashes(&v);
    assert_eq!(
        empty_root(),
        Digest::from_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            .unwrap()
    );
    for &(size, expected) in &v.roots {
        assert_eq!(root(&hashes[..size]), expected, "root() of size {size}");
        assert_eq!(
            Tree::new(hashes[..size].to_vec()).root(),
            expected,
            "Tree::root() of size {size}"
        );
        assert_eq!(Tree::new(hashes[..size].to_vec()).size(), size);
    }
    assert_eq!(root_of(&v, 0), empty_root());
    assert_eq!(root(&[]), empty_root());
    assert_eq!(Tree::new(Vec::new()).root(), empty_root());
}

#[test]
fn inclusion_proofs_match_the_reference_paths() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for (size, index, path) in &v.inclusion {
        let (size, index) = (*size, *index);
        let leaves = &hashes[..size];
        assert_eq!(
            inclusion_proof(leaves, index).as_ref(),
            Some(path),
            "inclusion_proof size {size} index {index}"
        );
        assert_eq!(
            Tree::new(leaves.to_vec()).inclusion_proof(index).as_ref(),
            Some(path),
            "Tree::inclusion_proof size {size} index {index}"
        );
        assert_eq!(inclusion_proof(leaves, size), None, "index == size");
        assert_eq!(Tree::new(leaves.to_vec()).inclusion_proof(size), None);
    }
}

#[test]
fn reference_inclusion_proofs_verify() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for (size, index, path) in &v.inclusion {
        let r = root_of(&v, *size);
        assert_eq!(
            check_inclusion(&hashes[*index], *index as u64, *size as u64, path, &r),
            Ok(()),
            "size {size} index {index}"
        );
    }
}

/// Largest power of two strictly below `n` (`n >= 2`), as in RFC 6962 §2.1.
fn split(n: u64) -> u64 {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// Length of the RFC 6962 `PATH(index, D[size])`, computed independently of the crate.
fn path_len(index: u64, size: u64) -> usize {
    if size <= 1 {
        return 0;
    }
    let k = split(size);
    1 + if index < k {
        path_len(index, k)
    } else {
        path_len(index - k, size - k)
    }
}

/// Length of the RFC 6962 `PROOF(m, D[n])`, computed independently of the crate.
fn proof_len(m: u64, n: u64) -> usize {
    fn sub(m: u64, n: u64, complete: bool) -> usize {
        if m == n {
            return usize::from(!complete);
        }
        let k = split(n);
        1 + if m <= k {
            sub(m, k, complete)
        } else {
            sub(m - k, n - k, false)
        }
    }
    if m == 0 || m >= n {
        0
    } else {
        sub(m, n, true)
    }
}

#[test]
fn independent_proof_lengths_agree_with_the_vectors() {
    let v = load();
    for (size, index, path) in &v.inclusion {
        assert_eq!(path_len(*index as u64, *size as u64), path.len());
    }
    for (m, n, proof) in &v.consistency {
        assert_eq!(proof_len(*m as u64, *n as u64), proof.len());
    }
}

#[test]
fn reference_inclusion_proofs_reject_a_wrong_index() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for (size, index, path) in &v.inclusion {
        let (size, index) = (*size as u64, *index as u64);
        let leaf = &hashes[index as usize];
        let r = root_of(&v, size as usize);
        for other in 0..size + 3 {
            if other != index {
                assert!(
                    check_inclusion(leaf, other, size, path, &r).is_err(),
                    "size {size}: index {index}'s proof accepted at index {other}"
                );
            }
        }
        for huge in [u64::MAX, u64::MAX - 1, 1 << 63] {
            assert!(check_inclusion(leaf, huge, size, path, &r).is_err());
        }
    }
}

/// The size is not bound by the path itself (RFC 9162 §2.1.3.2 relies on the signed head for
/// it): a wrong size is refused whenever it calls for a path of another length, including
/// transparency-dev's own probes `size * 2` and `size / 2`.
#[test]
fn reference_inclusion_proofs_reject_a_wrong_size() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for (size, index, path) in &v.inclusion {
        let (size, index) = (*size as u64, *index as u64);
        let leaf = &hashes[index as usize];
        let r = root_of(&v, size as usize);
        for other in (0..=70u64).chain([size * 2, size / 2]) {
            if other == size {
                continue;
            }
            let must_fail = other <= index
                || other == size * 2
                || other == size / 2
                || path_len(index, other) != path.len();
            if must_fail {
                assert!(
                    check_inclusion(leaf, index, other, path, &r).is_err(),
                    "size {size} index {index}: proof accepted with size {other}"
                );
            }
        }
        for huge in [u64::MAX, u64::MAX - 1, 1 << 63] {
            assert!(check_inclusion(leaf, index, huge, path, &r).is_err());
        }
    }
}

#[test]
fn reference_inclusion_proofs_reject_tampered_paths_leaves_and_roots() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for (size, index, path) in &v.inclusion {
        let (s, i) = (*size as u64, *index as u64);
        let leaf = hashes[*index];
        let r = root_of(&v, *size);
        for p in tampered_elements(path) {
            assert!(
                check_inclusion(&leaf, i, s, &p, &r).is_err(),
                "size {size} index {index}: flipped path accepted"
            );
        }
        for p in wrong_lengths(path) {
            assert!(
                check_inclusion(&leaf, i, s, &p, &r).is_err(),
                "size {size} index {index}: path of length {} accepted",
                p.len()
            );
        }
        for bad_leaf in byte_flips(&leaf) {
            assert!(check_inclusion(&bad_leaf, i, s, path, &r).is_err());
        }
        for bad_root in byte_flips(&r) {
            assert!(check_inclusion(&leaf, i, s, path, &bad_root).is_err());
        }
        // Another leaf of the tree, or the raw (unprefixed) data hash, is not this leaf.
        for (j, other) in hashes[..*size].iter().enumerate() {
            if j != *index && *other != leaf {
                assert!(check_inclusion(other, i, s, path, &r).is_err());
            }
        }
        // Swapping two path elements breaks the proof.
        for a in 0..path.len() {
            for b in a + 1..path.len() {
                if path[a] != path[b] {
                    let mut p = path.clone();
                    p.swap(a, b);
                    assert!(check_inclusion(&leaf, i, s, &p, &r).is_err());
                }
            }
        }
    }
}

#[test]
fn every_generated_inclusion_proof_over_the_vector_leaves_verifies() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for size in 1..=hashes.len() {
        let leaves = &hashes[..size];
        let r = root_of(&v, size);
        for index in 0..size {
            let p = inclusion_proof(leaves, index).unwrap();
            assert_eq!(
                check_inclusion(&leaves[index], index as u64, size as u64, &p, &r),
                Ok(())
            );
        }
    }
}

#[test]
fn consistency_proofs_match_the_reference() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for (size1, size2, proof) in &v.consistency {
        assert_eq!(
            consistency_proof(&hashes[..*size2], *size1).as_ref(),
            Some(proof),
            "consistency_proof {size1} -> {size2}"
        );
        assert_eq!(consistency_proof(&hashes[..*size2], *size2 + 1), None);
    }
}

#[test]
fn reference_consistency_proofs_verify() {
    let v = load();
    for (size1, size2, proof) in &v.consistency {
        let (r1, r2) = (root_of(&v, *size1), root_of(&v, *size2));
        assert_eq!(
            check_consistency(*size1 as u64, *size2 as u64, proof, &r1, &r2),
            Ok(()),
            "{size1} -> {size2}"
        );
    }
}

/// A wrong old size is always refused; a wrong new size whenever it calls for a proof of
/// another length (the new size is otherwise bound by the signed head, as in RFC 9162).
#[test]
fn reference_consistency_proofs_reject_wrong_sizes() {
    let v = load();
    for (size1, size2, proof) in &v.consistency {
        let (m, n) = (*size1 as u64, *size2 as u64);
        let (r1, r2) = (root_of(&v, *size1), root_of(&v, *size2));
        for other in 0..=70u64 {
            if other != m {
                assert!(
                    check_consistency(other, n, proof, &r1, &r2).is_err(),
                    "{m} -> {n} accepted with old size {other}"
                );
            }
            let must_fail = other < m || other == n * 2 || proof_len(m, other) != proof.len();
            if other != n && must_fail {
                assert!(
                    check_consistency(m, other, proof, &r1, &r2).is_err(),
                    "{m} -> {n} accepted with new size {other}"
                );
            }
        }
        // Old and new swapped.
        if m != n {
            assert!(check_consistency(n, m, proof, &r2, &r1).is_err());
            assert_eq!(
                check_consistency(n, m, proof, &r1, &r2),
                Err(ConsistencyError::OldLargerThanNew)
            );
        }
        for huge in [u64::MAX, 1 << 63] {
            assert!(check_consistency(m, huge, proof, &r1, &r2).is_err());
            assert!(check_consistency(huge, n, proof, &r1, &r2).is_err());
        }
    }
}

#[test]
fn reference_consistency_proofs_reject_tampered_proofs_and_roots() {
    let v = load();
    for (size1, size2, proof) in &v.consistency {
        let (m, n) = (*size1 as u64, *size2 as u64);
        let (r1, r2) = (root_of(&v, *size1), root_of(&v, *size2));
        for p in tampered_elements(proof) {
            assert!(
                check_consistency(m, n, &p, &r1, &r2).is_err(),
                "{m} -> {n}: flipped proof accepted"
            );
        }
        for p in wrong_lengths(proof) {
            assert!(
                check_consistency(m, n, &p, &r1, &r2).is_err(),
                "{m} -> {n}: proof of length {} accepted",
                p.len()
            );
        }
        for bad in byte_flips(&r1) {
            assert!(
                check_consistency(m, n, proof, &bad, &r2).is_err(),
                "{m} -> {n}: tampered old root accepted"
            );
        }
        for bad in byte_flips(&r2) {
            assert!(
                check_consistency(m, n, proof, &r1, &bad).is_err(),
                "{m} -> {n}: tampered new root accepted"
            );
        }
        // Another size's reference root is not this tree's root.
        for &(other_size, other_root) in &v.roots {
            if other_root != r1 {
                assert!(
                    check_consistency(m, n, proof, &other_root, &r2).is_err(),
                    "{m} -> {n}: old root of size {other_size} accepted"
                );
            }
            if other_root != r2 {
                assert!(
                    check_consistency(m, n, proof, &r1, &other_root).is_err(),
                    "{m} -> {n}: new root of size {other_size} accepted"
                );
            }
        }
        for a in 0..proof.len() {
            for b in a + 1..proof.len() {
                if proof[a] != proof[b] {
                    let mut p = proof.clone();
                    p.swap(a, b);
                    assert!(check_consistency(m, n, &p, &r1, &r2).is_err());
                }
            }
        }
    }
}

#[test]
fn every_generated_consistency_proof_over_the_vector_leaves_verifies() {
    let v = load();
    let hashes = leaf_hashes(&v);
    for n in 0..=hashes.len() {
        for m in 0..=n {
            let p = consistency_proof(&hashes[..n], m).unwrap();
            let (r1, r2) = (root_of(&v, m), root_of(&v, n));
            assert_eq!(
                check_consistency(m as u64, n as u64, &p, &r1, &r2),
                Ok(()),
                "{m} -> {n}"
            );
            if m > 0 && m < n {
                // An old tree that is not a prefix (last old leaf replaced) is refused.
                let mut forked = hashes[..m].to_vec();
                forked[m - 1] = leaf_hash(b"forked");
                assert!(check_consistency(m as u64, n as u64, &p, &root(&forked), &r2).is_err());
            }
        }
    }
}

#[test]
fn empty_old_tree_is_consistent_only_with_the_empty_root_and_no_proof() {
    let v = load();
    for n in 0..=8usize {
        let r2 = root_of(&v, n);
        assert_eq!(
            check_consistency(0, n as u64, &[], &empty_root(), &r2),
            Ok(())
        );
        assert!(check_consistency(0, n as u64, &[r2], &empty_root(), &r2).is_err());
        for bad in byte_flips(&empty_root()).take(6) {
            assert!(check_consistency(0, n as u64, &[], &bad, &r2).is_err());
        }
    }
}
