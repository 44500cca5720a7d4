//! Encrypted choices and their zero-knowledge proofs in commitment form (spec §5.2).
//!
//! A contest's choice is one exponential ElGamal ciphertext per option over Ristretto255,
//! `(R, B) = ([r]G, [r]K + [m]G)` under the trustees' joint key `K`, with
//!
//! * per option a disjunctive Chaum–Pedersen proof (Cramer–Damgård–Schoenmakers) that `m` is 0
//!   or 1: commitments `(A_0, B_0, A_1, B_1)`, the branch-0 challenge `c_0` and responses
//!   `z_0, z_1`, with `c_1 = c − c_0` for the Fiat–Shamir challenge `c`;
//! * for a single-choice contest a Chaum–Pedersen proof `(U, V, z)` that the options' ciphertexts
//!   add up to an encryption of 1.
//!
//! Every proof is verified through linear equations in group elements, which is what lets
//! [`crate::batch`] check a whole precinct with one multiscalar multiplication. The Fiat–Shamir
//! challenges come from one Merlin transcript per ballot ([`ballot_transcript`]) that binds the
//! election, the joint key, the precinct and every contest's ciphertexts, forked per proof.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use merlin::Transcript;

use crate::digest::Digest;

/// Bytes of one encoded group element or scalar.
pub const VALUE_BYTES: usize = 32;
/// Bytes of one option's ciphertext, `enc(R) || enc(B)`.
pub const CIPHERTEXT_BYTES: usize = 2 * VALUE_BYTES;
/// Bytes of one option's 0/1 proof, `enc(A_0) || enc(B_0) || enc(A_1) || enc(B_1) || c_0 || z_0 || z_1`.
pub const BIT_PROOF_BYTES: usize = 7 * VALUE_BYTES;
/// Bytes of a contest's sum proof, `enc(U) || enc(V) || z`.
pub const SUM_PROOF_BYTES: usize = 3 * VALUE_BYTES;

/// The Merlin label of every ballot's transcript.
pub const TRANSCRIPT_LABEL: &[u8] = b"castcheck/v2/ballot-proofs";

/// One option's ciphertext `(R, B)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ciphertext {
    /// `R = [r]G`.
    pub random: RistrettoPoint,
    /// `B = [r]K + [m]G`.
    pub blinded: RistrettoPoint,
}

impl Ciphertext {
    /// The encryption of zero with zero randomness: both elements the identity.
    pub fn zero() -> Self {
        Self {
            random: RistrettoPoint::identity(),
            blinded: RistrettoPoint::identity(),
        }
    }

    /// `enc(R) || enc(B)`.
    pub fn to_bytes(&self) -> [u8; CIPHERTEXT_BYTES] {
        let mut out = [0u8; CIPHERTEXT_BYTES];
        out[..VALUE_BYTES].copy_from_slice(self.random.compress().as_bytes());
        out[VALUE_BYTES..].copy_from_slice(self.blinded.compress().as_bytes());
        out
    }
}

impl std::ops::Add for Ciphertext {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self {
            random: self.random + other.random,
            blinded: self.blinded + other.blinded,
        }
    }
}

impl std::ops::AddAssign for Ciphertext {
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

/// A disjunctive proof that one ciphertext encrypts 0 or 1, in commitment form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitProof {
    /// `A_0, B_0, A_1, B_1`.
    pub commitments: [RistrettoPoint; 4],
    /// Their encodings, as hashed into the transcript.
    pub commitment_bytes: [u8; 4 * VALUE_BYTES],
    /// The challenge of branch 0; branch 1's is `c − c_0`.
    pub c0: Scalar,
    /// The response of branch 0.
    pub z0: Scalar,
    /// The response of branch 1.
    pub z1: Scalar,
}

/// A proof that a contest's ciphertexts add up to an encryption of 1, in commitment form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumProof {
    /// `U, V`.
    pub commitments: [RistrettoPoint; 2],
    /// Their encodings, as hashed into the transcript.
    pub commitment_bytes: [u8; 2 * VALUE_BYTES],
    /// The response.
    pub z: Scalar,
}

/// One contest's proofs: a [`BitProof`] per option and, for single-choice contests, a
/// [`SumProof`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContestProof {
    /// One per option, in option order.
    pub bits: Vec<BitProof>,
    /// Present exactly for single-choice contests.
    pub sum: Option<SumProof>,
}

/// A value that is not the one canonical encoding of a group element or scalar, or bytes of a
/// length that fits no contest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

fn point(bytes: &[u8]) -> Result<RistrettoPoint, Malformed> {
    CompressedRistretto::from_slice(bytes)
        .ok()
        .and_then(|c| c.decompress())
        .ok_or(Malformed)
}

fn scalar(bytes: &[u8]) -> Result<Scalar, Malformed> {
    let bytes: [u8; VALUE_BYTES] = bytes.try_into().map_err(|_| Malformed)?;
    Option::from(Scalar::from_canonical_bytes(bytes)).ok_or(Malformed)
}

/// How many options `len` bytes of ciphertexts hold, if the length fits.
pub fn options_in_ciphertexts(len: usize) -> Option<usize> {
    len.is_multiple_of(CIPHERTEXT_BYTES)
        .then_some(len / CIPHERTEXT_BYTES)
}

/// Decodes `R_0 || B_0 || … || R_{n−1} || B_{n−1}`.
pub fn decode_ciphertexts(bytes: &[u8]) -> Result<Vec<Ciphertext>, Malformed> {
    options_in_ciphertexts(bytes.len()).ok_or(Malformed)?;
    bytes
        .chunks_exact(CIPHERTEXT_BYTES)
        .map(|c| {
            Ok(Ciphertext {
                random: point(&c[..VALUE_BYTES])?,
                blinded: point(&c[VALUE_BYTES..])?,
            })
        })
        .collect()
}

/// The byte length of a contest proof for `options` options, with or without a sum proof.
pub fn proof_len(options: usize, with_sum: bool) -> usize {
    options * BIT_PROOF_BYTES + if with_sum { SUM_PROOF_BYTES } else { 0 }
}

/// Decodes a contest proof for `options` options (`with_sum` for single-choice contests): the
/// bit proofs in option order, then the sum proof.
pub fn decode_proof(
    bytes: &[u8],
    options: usize,
    with_sum: bool,
) -> Result<ContestProof, Malformed> {
    if bytes.len() != proof_len(options, with_sum) {
        return Err(Malformed);
    }
    let (bits, sum) = bytes.split_at(options * BIT_PROOF_BYTES);
    let bits = bits
        .chunks_exact(BIT_PROOF_BYTES)
        .map(|b| {
            let v = |i: usize| &b[i * VALUE_BYTES..(i + 1) * VALUE_BYTES];
            Ok(BitProof {
                commitments: [point(v(0))?, point(v(1))?, point(v(2))?, point(v(3))?],
                commitment_bytes: b[..4 * VALUE_BYTES].try_into().map_err(|_| Malformed)?,
                c0: scalar(v(4))?,
                z0: scalar(v(5))?,
                z1: scalar(v(6))?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sum = if with_sum {
        Some(SumProof {
            commitments: [point(&sum[..32])?, point(&sum[32..64])?],
            commitment_bytes: sum[..64].try_into().map_err(|_| Malformed)?,
            z: scalar(&sum[64..])?,
        })
    } else {
        None
    };
    Ok(ContestProof { bits, sum })
}

/// Encodes a contest proof as [`decode_proof`] reads it.
pub fn encode_proof(proof: &ContestProof) -> Vec<u8> {
    let mut out = Vec::with_capacity(proof_len(proof.bits.len(), proof.sum.is_some()));
    for b in &proof.bits {
        out.extend_from_slice(&b.commitment_bytes);
        for s in [b.c0, b.z0, b.z1] {
            out.extend_from_slice(s.as_bytes());
        }
    }
    if let Some(s) = &proof.sum {
        out.extend_from_slice(&s.commitment_bytes);
        out.extend_from_slice(s.z.as_bytes());
    }
    out
}

/// One contest of a ballot as its transcript sees it: the contest id and its ciphertext bytes.
#[derive(Debug, Clone, Copy)]
pub struct ContestStatement<'a> {
    /// The contest id.
    pub contest: &'a str,
    /// `R_0 || B_0 || …`, exactly as published.
    pub ciphertexts: &'a [u8],
}

/// The transcript every proof of one ballot forks from:
///
/// ```text
/// T = Transcript("castcheck/v2/ballot-proofs")
/// T.msg("election", fingerprint)  T.msg("key", enc(K))  T.msg("precinct", id)
/// for each contest in manifest order: T.msg("contest", id)  T.msg("ciphertexts", R_0 || B_0 || …)
/// ```
pub fn ballot_transcript(
    election: &Digest,
    key: &CompressedRistretto,
    precinct: &str,
    contests: &[ContestStatement<'_>],
) -> Transcript {
    let mut t = Transcript::new(TRANSCRIPT_LABEL);
    t.append_message(b"election", &election.0);
    t.append_message(b"key", key.as_bytes());
    t.append_message(b"precinct", precinct.as_bytes());
    for c in contests {
        t.append_message(b"contest", c.contest.as_bytes());
        t.append_message(b"ciphertexts", c.ciphertexts);
    }
    t
}

fn challenge(mut t: Transcript) -> Scalar {
    let mut wide = [0u8; 64];
    t.challenge_bytes(b"challenge", &mut wide);
    Scalar::from_bytes_mod_order_wide(&wide)
}

/// The challenge `c` of option `option`'s 0/1 proof in contest `contest` (0-based, manifest
/// order): `T.u64("contest", contest); T.u64("option", option);
/// T.msg("zero-or-one", enc(A_0) || enc(B_0) || enc(A_1) || enc(B_1)); c = T.chal("challenge")`.
pub fn bit_challenge(
    ballot: &Transcript,
    contest: u64,
    option: u64,
    commitments: &[u8; 4 * VALUE_BYTES],
) -> Scalar {
    let mut t = ballot.clone();
    t.append_u64(b"contest", contest);
    t.append_u64(b"option", option);
    t.append_message(b"zero-or-one", commitments);
    challenge(t)
}

/// The challenge `c` of contest `contest`'s sum proof: `T.u64("contest", contest);
/// T.msg("sum-is-one", enc(U) || enc(V)); c = T.chal("challenge")`.
pub fn sum_challenge(
    ballot: &Transcript,
    contest: u64,
    commitments: &[u8; 2 * VALUE_BYTES],
) -> Scalar {
    let mut t = ballot.clone();
    t.append_u64(b"contest", contest);
    t.append_message(b"sum-is-one", commitments);
    challenge(t)
}

/// The 32-byte encodings of points, concatenated.
pub fn encode_points<const N: usize, const B: usize>(points: &[RistrettoPoint; N]) -> [u8; B] {
    let mut out = [0u8; B];
    for (chunk, p) in out.chunks_exact_mut(VALUE_BYTES).zip(points) {
        chunk.copy_from_slice(p.compress().as_bytes());
    }
    out
}
