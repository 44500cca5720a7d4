//! Encrypting a voter's selections and proving them valid, as the voting device does (spec §5.2).

use base64ct::{Base64UrlUnpadded, Encoding};
use castcheck_record::ballot::{Ballot, EncryptedContest};
use castcheck_record::choice::{
    ballot_transcript, bit_challenge, encode_points, encode_proof, sum_challenge, BitProof,
    Ciphertext, ContestProof, ContestStatement, SumProof,
};
use castcheck_record::digest::Digest;
use castcheck_record::manifest::{ContestKind, Manifest};
use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_POINT as G, RISTRETTO_BASEPOINT_TABLE};
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoBasepointTable, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use merlin::Transcript;
use rand_core::{CryptoRng, RngCore};
use subtle::{Choice, ConditionallySelectable};

/// The joint key with a precomputed table, so encrypting costs fixed-base multiplications only.
pub struct Encryptor {
    key: RistrettoPoint,
    key_bytes: CompressedRistretto,
    table: RistrettoBasepointTable,
    /// 1/2 mod ℓ: points are computed halved, so that one batch doubles and encodes them all
    /// (curve25519-dalek's `double_and_compress_batch`, one field inversion for the batch).
    half: Scalar,
    /// `[1/2]G`, the halved vote of 1.
    half_base: RistrettoPoint,
}

/// `[m]P` for a vote `m` of 0 or 1, without a branch on the vote.
fn vote_point(m: u64, p: &RistrettoPoint) -> RistrettoPoint {
    RistrettoPoint::conditional_select(&RistrettoPoint::identity(), p, Choice::from(m as u8))
}

/// Doubles halved points and encodes them, in one batch.
fn doubled(halves: &[RistrettoPoint]) -> (Vec<RistrettoPoint>, Vec<CompressedRistretto>) {
    let encoded = RistrettoPoint::double_and_compress_batch(halves);
    (halves.iter().map(|p| p + p).collect(), encoded)
}

impl std::fmt::Debug for Encryptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encryptor({:?})", self.key_bytes)
    }
}

/// A ballot as the voting device posts it: the ballot (its ciphertexts), the proofs of each
/// contest (published in the precinct's proofs file), and each contest's ciphertexts.
#[derive(Debug, Clone)]
pub struct EncryptedBallot {
    /// The ballot; its tracker is its hash.
    pub ballot: Ballot,
    /// Per contest, base64url of its proof bytes.
    pub proofs: Vec<String>,
    /// Per contest, the option ciphertexts.
    pub ciphertexts: Vec<Vec<Ciphertext>>,
}

/// A uniformly random scalar.
pub fn random_scalar<R: RngCore + CryptoRng>(rng: &mut R) -> Scalar {
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    Scalar::from_bytes_mod_order_wide(&wide)
}

impl Encryptor {
    /// For ballots encrypted to `key`.
    pub fn new(key: RistrettoPoint) -> Self {
        let half = Scalar::from(2u8).invert();
        Self {
            key,
            key_bytes: key.compress(),
            table: RistrettoBasepointTable::create(&key),
            half,
            half_base: half * G,
        }
    }

    /// Encrypts a voter's selections (`selections[c]` lists the chosen option indexes of contest
    /// `c`) and proves every contest valid, drawing the randomness from `rng`.
    ///
    /// # Panics
    /// If the selections do not fit the manifest (a generator-side programming error).
    pub fn encrypt<R: RngCore + CryptoRng>(
        &self,
        manifest: &Manifest,
        election: &Digest,
        precinct: &str,
        selections: &[Vec<usize>],
        rng: &mut R,
    ) -> EncryptedBallot {
        self.encrypt_with(manifest, election, precinct, selections, &mut || {
            random_scalar(rng)
        })
    }

    /// As [`encrypt`](Self::encrypt), with the random scalars taken from `next` in a fixed
    /// order (so that known-answer vectors can fix them): per contest, first `r_i` of every
    /// option; then, once every contest is encrypted, per contest and option the 0/1 proof's
    /// simulated challenge, simulated response and commitment nonce, and for a single-choice
    /// contest then the sum proof's nonce.
    pub fn encrypt_with(
        &self,
        manifest: &Manifest,
        election: &Digest,
        precinct: &str,
        selections: &[Vec<usize>],
        next: &mut dyn FnMut() -> Scalar,
    ) -> EncryptedBallot {
        assert_eq!(
            selections.len(),
            manifest.contests.len(),
            "one selection list per contest"
        );
        let mut values: Vec<Vec<u64>> = Vec::new();
        let mut randomness: Vec<Vec<Scalar>> = Vec::new();
        let mut ciphertexts: Vec<Vec<Ciphertext>> = Vec::new();
        let mut bytes: Vec<Vec<u8>> = Vec::new();
        for (contest, chosen) in manifest.contests.iter().zip(selections) {
            if contest.kind == ContestKind::SingleChoice {
                assert_eq!(chosen.len(), 1, "single-choice contests take one option");
            }
            let m: Vec<u64> = (0..contest.options.len())
                .map(|i| u64::from(chosen.contains(&i)))
                .collect();
            let r: Vec<Scalar> = m.iter().map(|_| next()).collect();
            // R_i = [r_i]G, B_i = [r_i]K + [m_i]G, computed halved and doubled in one batch.
            let halves: Vec<RistrettoPoint> = m
                .iter()
                .zip(&r)
                .flat_map(|(&m, r)| {
                    let h = r * self.half;
                    [
                        &h * RISTRETTO_BASEPOINT_TABLE,
                        &h * &self.table + vote_point(m, &self.half_base),
                    ]
                })
                .collect();
            let (points, encoded) = doubled(&halves);
            let cts: Vec<Ciphertext> = points
                .chunks_exact(2)
                .map(|p| Ciphertext {
                    random: p[0],
                    blinded: p[1],
                })
                .collect();
            bytes.push(encoded.iter().flat_map(|c| c.to_bytes()).collect());
            values.push(m);
            randomness.push(r);
            ciphertexts.push(cts);
        }
        let statements: Vec<ContestStatement> = manifest
            .contests
            .iter()
            .zip(&bytes)
            .map(|(c, b)| ContestStatement {
                contest: &c.id,
                ciphertexts: b,
            })
            .collect();
        let transcript = ballot_transcript(election, &self.key_bytes, precinct, &statements);
        let proofs = manifest
            .contests
            .iter()
            .enumerate()
            .map(|(k, contest)| {
                let bits = (0..contest.options.len())
                    .map(|i| {
                        self.prove_bit(
                            &transcript,
                            (k as u64, i as u64),
                            values[k][i],
                            &randomness[k][i],
                            next,
                        )
                    })
                    .collect();
                let sum = (contest.kind == ContestKind::SingleChoice).then(|| {
                    let r: Scalar = randomness[k].iter().sum();
                    self.prove_sum(&transcript, k as u64, &r, next)
                });
                Base64UrlUnpadded::encode_string(&encode_proof(&ContestProof { bits, sum }))
            })
            .collect();
        let ballot = Ballot {
            precinct: precinct.to_owned(),
            contests: manifest
                .contests
                .iter()
                .zip(&bytes)
                .map(|(c, b)| EncryptedContest {
                    contest: c.id.clone(),
                    ciphertexts: Base64UrlUnpadded::encode_string(b),
                })
                .collect(),
        };
        EncryptedBallot {
            ballot,
            proofs,
            ciphertexts,
        }
    }

    /// The disjunctive proof that the option's ciphertext (randomness `r`) encrypts `m ∈ {0, 1}`: the other branch
    /// is simulated with a chosen challenge and response, the true one answers `c − c_other`.
    fn prove_bit(
        &self,
        transcript: &Transcript,
        (contest, option): (u64, u64),
        m: u64,
        r: &Scalar,
        next: &mut dyn FnMut() -> Scalar,
    ) -> BitProof {
        let (c_other, z_other, w) = (next(), next(), next());
        // The commitments, halved. The other branch j = 1 − m is simulated from its chosen
        // challenge and response: [z]G − [c]R and [z]K − [c](B − [j]G). Knowing r, and
        // B − [j]G = [r]K + [m − j]G, they are [z − c·r]G and [z − c·r]K − [c·(m − j)]G, so
        // fixed-base multiplications only, with m − j = 2m − 1 computed without a branch.
        let offset = (z_other - c_other * r) * self.half;
        let sign = Scalar::from(2 * m) - Scalar::ONE;
        let simulated = [
            &offset * RISTRETTO_BASEPOINT_TABLE,
            &offset * &self.table - &(c_other * sign * self.half) * RISTRETTO_BASEPOINT_TABLE,
        ];
        let w_half = w * self.half;
        let real = [&w_half * RISTRETTO_BASEPOINT_TABLE, &w_half * &self.table];
        // Branch 0 is the real one when m = 0, branch 1 when m = 1; chosen without a branch.
        let real_first = Choice::from((1 - m) as u8);
        let pick = |i: usize, is_real: Choice| {
            RistrettoPoint::conditional_select(&simulated[i], &real[i], is_real)
        };
        let halves = [
            pick(0, real_first),
            pick(1, real_first),
            pick(0, !real_first),
            pick(1, !real_first),
        ];
        let (points, encoded) = doubled(&halves);
        let commitments = [points[0], points[1], points[2], points[3]];
        let mut commitment_bytes = [0u8; 128];
        for (chunk, c) in commitment_bytes.chunks_exact_mut(32).zip(&encoded) {
            chunk.copy_from_slice(c.as_bytes());
        }
        let c = bit_challenge(transcript, contest, option, &commitment_bytes);
        let c_real = c - c_other;
        let z_real = w + c_real * r;
        let (c0, z0, z1) = if m == 0 {
            (c_real, z_real, z_other)
        } else {
            (c_other, z_other, z_real)
        };
        BitProof {
            commitments,
            commitment_bytes,
            c0,
            z0,
            z1,
        }
    }

    /// The proof that a contest's ciphertexts (randomness summing to `r`) add up to an
    /// encryption of 1.
    fn prove_sum(
        &self,
        transcript: &Transcript,
        contest: u64,
        r: &Scalar,
        next: &mut dyn FnMut() -> Scalar,
    ) -> SumProof {
        let w = next();
        let commitments = [&w * RISTRETTO_BASEPOINT_TABLE, &w * &self.table];
        let commitment_bytes = encode_points(&commitments);
        let c = sum_challenge(transcript, contest, &commitment_bytes);
        SumProof {
            commitments,
            commitment_bytes,
            z: w + c * r,
        }
    }

    /// The joint key.
    pub fn key(&self) -> &RistrettoPoint {
        &self.key
    }
}
