//! Encrypted ballots, their trackers, and decoding their ciphertexts and proofs (spec §4.4, §5.2).

use base64ct::{Base64UrlUnpadded, Encoding};
use merlin::Transcript;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::canonical::{canonical_bytes, tag, CanonicalError};
use crate::choice::{
    ballot_transcript, decode_ciphertexts, decode_proof, options_in_ciphertexts, Ciphertext,
    ContestProof, ContestStatement,
};
use crate::digest::Digest;
use crate::manifest::{ContestKind, Manifest};

/// A ballot as the voter's device posts it: per contest the option ciphertexts. Its proofs are
/// published apart, in the precinct's proofs file; they are bound to these ciphertexts by their
/// transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The precinct id.
    pub precinct: String,
    /// One entry per contest, in the manifest's order.
    pub contests: Vec<EncryptedContest>,
}

/// One contest's option ciphertexts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedContest {
    /// The contest id.
    pub contest: String,
    /// base64url (no padding) of `R_0 || B_0 || … || R_{n−1} || B_{n−1}`.
    pub ciphertexts: String,
}

/// The one canonical base64url (unpadded) decoding of `text`.
pub fn base64url(text: &str) -> Option<Vec<u8>> {
    let bytes = Base64UrlUnpadded::decode_vec(text).ok()?;
    (Base64UrlUnpadded::encode_string(&bytes) == text).then_some(bytes)
}

/// Why a ballot is not valid for an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum BallotError {
    /// The ballot names a precinct other than the expected one.
    WrongPrecinct {
        /// The precinct the ballot names.
        found: String,
    },
    /// The ballot's (or its proofs') contests are not the manifest's, in order.
    WrongContests,
    /// A contest has another number of ciphertexts than options.
    WrongCiphertextCount {
        /// The contest id.
        contest: String,
        /// Ciphertexts in the ballot.
        found: u64,
        /// Options in the contest.
        expected: u64,
    },
    /// A contest's ciphertexts or proofs do not decode (bad encoding, invalid point or scalar,
    /// a length that fits no proof).
    Malformed {
        /// The contest id.
        contest: String,
    },
    /// A contest's zero-knowledge proofs do not verify.
    InvalidProof {
        /// The contest id.
        contest: String,
    },
    /// The proofs file lists no proofs for this ballot.
    MissingProof,
    /// This device could not draw the random numbers that checking proofs needs.
    NoRandomness,
}

impl std::fmt::Display for BallotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WrongPrecinct { found } => write!(f, "names precinct '{found}'"),
            Self::WrongContests => write!(f, "its contests are not the election's contests"),
            Self::WrongCiphertextCount {
                contest,
                found,
                expected,
            } => write!(
                f,
                "contest '{contest}' has {found} ciphertexts for {expected} options"
            ),
            Self::Malformed { contest } => write!(f, "contest '{contest}' is malformed"),
            Self::InvalidProof { contest } => {
                write!(f, "contest '{contest}' has an invalid proof")
            }
            Self::MissingProof => write!(f, "has no proofs in the proofs file"),
            Self::NoRandomness => write!(
                f,
                "could not be checked: this device gave no random numbers for the check"
            ),
        }
    }
}

impl std::error::Error for BallotError {}

/// One contest of a ballot, decoded: its ciphertext bytes (as the transcript hashes them) and
/// points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedContest {
    /// `R_0 || B_0 || …`, as published.
    pub bytes: Vec<u8>,
    /// The option ciphertexts.
    pub ciphertexts: Vec<Ciphertext>,
}

impl Ballot {
    /// SHA-256 over the tracker tag, the election fingerprint and the ballot's canonical bytes.
    pub fn tracker(&self, fingerprint: &Digest) -> Result<Digest, CanonicalError> {
        let body = canonical_bytes(tag::TRACKER, self)?;
        let (tag_part, json) = body.split_at(tag::TRACKER.len() + 1);
        let mut h = Sha256::new();
        h.update(tag_part);
        h.update(fingerprint.0);
        h.update(json);
        Ok(Digest(h.finalize().into()))
    }

    /// Checks the ballot's precinct and contests and decodes every ciphertext.
    pub fn decode(
        &self,
        manifest: &Manifest,
        precinct: &str,
    ) -> Result<Vec<DecodedContest>, BallotError> {
        if self.precinct != precinct {
            return Err(BallotError::WrongPrecinct {
                found: self.precinct.clone(),
            });
        }
        if self.contests.len() != manifest.contests.len()
            || self
                .contests
                .iter()
                .zip(&manifest.contests)
                .any(|(b, c)| b.contest != c.id)
        {
            return Err(BallotError::WrongContests);
        }
        self.contests
            .iter()
            .zip(&manifest.contests)
            .map(|(enc, contest)| {
                let malformed = || BallotError::Malformed {
                    contest: contest.id.clone(),
                };
                let bytes = base64url(&enc.ciphertexts).ok_or_else(malformed)?;
                let found = options_in_ciphertexts(bytes.len()).ok_or_else(malformed)?;
                if found != contest.options.len() {
                    return Err(BallotError::WrongCiphertextCount {
                        contest: contest.id.clone(),
                        found: found as u64,
                        expected: contest.options.len() as u64,
                    });
                }
                let ciphertexts = decode_ciphertexts(&bytes).map_err(|_| malformed())?;
                Ok(DecodedContest { bytes, ciphertexts })
            })
            .collect()
    }
}

/// The transcript of a decoded ballot's proofs (spec §5.2, [`ballot_transcript`]).
pub fn transcript(
    manifest: &Manifest,
    election: &Digest,
    key: &curve25519_dalek::ristretto::CompressedRistretto,
    precinct: &str,
    contests: &[DecodedContest],
) -> Transcript {
    let statements: Vec<ContestStatement> = manifest
        .contests
        .iter()
        .zip(contests)
        .map(|(c, d)| ContestStatement {
            contest: &c.id,
            ciphertexts: &d.bytes,
        })
        .collect();
    ballot_transcript(election, key, precinct, &statements)
}

/// Decodes a ballot's proofs, one base64url string per manifest contest.
pub fn decode_proofs(
    manifest: &Manifest,
    proofs: &[String],
) -> Result<Vec<ContestProof>, BallotError> {
    if proofs.len() != manifest.contests.len() {
        return Err(BallotError::WrongContests);
    }
    proofs
        .iter()
        .zip(&manifest.contests)
        .map(|(text, contest)| {
            let with_sum = contest.kind == ContestKind::SingleChoice;
            base64url(text)
                .and_then(|b| decode_proof(&b, contest.options.len(), with_sum).ok())
                .ok_or_else(|| BallotError::Malformed {
                    contest: contest.id.clone(),
                })
        })
        .collect()
}
