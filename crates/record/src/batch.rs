//! Batch verification of ballot proofs (spec §5.2).
//!
//! Every proof of [`crate::choice`] holds iff a few linear equations in group elements hold:
//!
//! ```text
//! option (R, B), bit proof (A_0, B_0, A_1, B_1, c_0, z_0, z_1), c = bit challenge, c_1 = c − c_0:
//!   [z_0]G = A_0 + [c_0]R          [z_0]K = B_0 + [c_0]B
//!   [z_1]G = A_1 + [c_1]R          [z_1]K = B_1 + [c_1](B − G)
//! sum proof (U, V, z), c = sum challenge, R_Σ = Σ R_i, B_Σ = Σ B_i:
//!   [z]G = U + [c]R_Σ              [z]K = V + [c](B_Σ − G)
//! ```
//!
//! Written as `LHS − RHS = O` and multiplied by independent random 128-bit weights, all equations of
//! many ballots add up to one multiscalar multiplication. If any equation fails, the sum is the
//! identity with probability at most 2^−128 over the weights, which come from the operating
//! system's CSPRNG (expanded by a Merlin transcript keyed with it). One contest in a batch of its
//! own is the single check that names a bad ballot.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use merlin::Transcript;

use crate::choice::{bit_challenge, sum_challenge, Ciphertext, ContestProof};

/// Equations of ballot proofs, weighted and summed, waiting for one multiscalar multiplication.
pub struct BatchVerifier {
    weights: Transcript,
    /// The coefficient of `G`.
    g: Scalar,
    /// The coefficient of the joint key `K`.
    k: Scalar,
    scalars: Vec<Scalar>,
    points: Vec<RistrettoPoint>,
    /// False once a contest's proofs did not match its ciphertexts in number.
    shapes_match: bool,
}

impl std::fmt::Debug for BatchVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BatchVerifier({} terms)", self.points.len())
    }
}

impl BatchVerifier {
    /// An empty batch, or `None` when the platform has no source of randomness for the weights.
    pub fn new() -> Option<Self> {
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).ok()?;
        let mut weights = Transcript::new(b"castcheck/v2/batch-weights");
        weights.append_message(b"seed", &seed);
        Some(Self {
            weights,
            g: Scalar::ZERO,
            k: Scalar::ZERO,
            scalars: Vec::new(),
            points: Vec::new(),
            shapes_match: true,
        })
    }

    fn weight(&mut self) -> Scalar {
        let mut bytes = [0u8; 32];
        self.weights.challenge_bytes(b"weight", &mut bytes[..16]);
        Scalar::from_bytes_mod_order(bytes)
    }

    /// Adds the equations of contest `contest` (0-based, manifest order) of the ballot whose
    /// transcript is `ballot`: one 0/1 proof per ciphertext and the sum proof if there is one.
    pub fn add_contest(
        &mut self,
        ballot: &Transcript,
        contest: u64,
        ciphertexts: &[Ciphertext],
        proof: &ContestProof,
    ) {
        if ciphertexts.len() != proof.bits.len() {
            self.shapes_match = false;
            return;
        }
        // The coefficients of each option's R and B, gathered so each point enters the sum once.
        let mut on_r = vec![Scalar::ZERO; ciphertexts.len()];
        let mut on_b = vec![Scalar::ZERO; ciphertexts.len()];
        for (i, bit) in proof.bits.iter().enumerate() {
            let c = bit_challenge(ballot, contest, i as u64, &bit.commitment_bytes);
            let c1 = c - bit.c0;
            let [w1, w2, w3, w4] = [self.weight(), self.weight(), self.weight(), self.weight()];
            // w1·([z_0]G − [c_0]R − A_0) + w2·([z_0]K − [c_0]B − B_0)
            // + w3·([z_1]G − [c_1]R − A_1) + w4·([z_1]K − [c_1]B + [c_1]G − B_1)
            self.g += w1 * bit.z0 + w3 * bit.z1 + w4 * c1;
            self.k += w2 * bit.z0 + w4 * bit.z1;
            on_r[i] -= w1 * bit.c0 + w3 * c1;
            on_b[i] -= w2 * bit.c0 + w4 * c1;
            for (w, a) in [w1, w2, w3, w4].into_iter().zip(bit.commitments) {
                self.scalars.push(-w);
                self.points.push(a);
            }
        }
        if let Some(sum) = &proof.sum {
            let c = sum_challenge(ballot, contest, &sum.commitment_bytes);
            let [w5, w6] = [self.weight(), self.weight()];
            // w5·([z]G − [c]R_Σ − U) + w6·([z]K − [c]B_Σ + [c]G − V)
            self.g += w5 * sum.z + w6 * c;
            self.k += w6 * sum.z;
            for i in 0..ciphertexts.len() {
                on_r[i] -= w5 * c;
                on_b[i] -= w6 * c;
            }
            for (w, a) in [w5, w6].into_iter().zip(sum.commitments) {
                self.scalars.push(-w);
                self.points.push(a);
            }
        }
        for ((ct, r), b) in ciphertexts.iter().zip(on_r).zip(on_b) {
            self.scalars.extend([r, b]);
            self.points.extend([ct.random, ct.blinded]);
        }
    }

    /// Whether every equation added holds (for joint key `key`), up to the batch's 2^−128 error.
    pub fn verify(self, key: &RistrettoPoint) -> bool {
        self.shapes_match
            && RistrettoPoint::vartime_multiscalar_mul(
                self.scalars.iter().chain([&self.g, &self.k]),
                self.points.iter().chain([&RISTRETTO_BASEPOINT_POINT, key]),
            )
            .is_identity()
    }
}

/// Checks one contest's proofs on their own: a batch of just this contest.
pub fn verify_contest(
    ballot: &Transcript,
    contest: u64,
    ciphertexts: &[Ciphertext],
    proof: &ContestProof,
    key: &RistrettoPoint,
) -> Option<bool> {
    let mut batch = BatchVerifier::new()?;
    batch.add_contest(ballot, contest, ciphertexts, proof);
    Some(batch.verify(key))
}
