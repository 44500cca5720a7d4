//! Encrypted ballots, their trackers and their validity proofs.

use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice, SingleChoice};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::canonical::{canonical_bytes, tag, CanonicalError};
use crate::digest::Digest;
use crate::elgamal::{self, Ct, DecodeError, Group, Key};
use crate::manifest::{Contest, ContestKind, Manifest};

/// A ballot as the voter's device sends it: per contest an encrypted choice with proofs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The precinct id.
    pub precinct: String,
    /// One encrypted choice per contest, in the manifest's order.
    pub contests: Vec<EncryptedContest>,
}

/// One contest's encrypted choice: elastic-elgamal's `EncryptedChoice` JSON
/// (`choices`: one ciphertext per option, `range_proof`, `sum_proof`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedContest {
    /// The contest id.
    pub contest: String,
    /// elastic-elgamal's `EncryptedChoice` JSON.
    pub choice: Value,
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
    /// The ballot's contests are not the manifest's, in order.
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
    /// A contest's encrypted choice does not decode (bad encoding, invalid point).
    Malformed {
        /// The contest id.
        contest: String,
    },
    /// A contest's zero-knowledge proofs do not verify.
    InvalidProof {
        /// The contest id.
        contest: String,
    },
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
        }
    }
}

impl std::error::Error for BallotError {}

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

    /// Checks the ballot's shape and every proof; returns each contest's option ciphertexts.
    pub fn verify(
        &self,
        manifest: &Manifest,
        joint_key: &Key,
        precinct: &str,
    ) -> Result<Vec<Vec<Ct>>, BallotError> {
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
            .map(|(enc, contest)| verify_choice(&enc.choice, contest, joint_key))
            .collect()
    }
}

fn verify_choice(choice: &Value, contest: &Contest, key: &Key) -> Result<Vec<Ct>, BallotError> {
    let n = contest.options.len();
    let malformed = |_: DecodeError| BallotError::Malformed {
        contest: contest.id.clone(),
    };
    let invalid = || BallotError::InvalidProof {
        contest: contest.id.clone(),
    };
    // Refuse absurd sizes before decoding: a choice has one ciphertext per option.
    let choices = choice
        .get("choices")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(DecodeError))?;
    if choices.len() != n {
        return Err(BallotError::WrongCiphertextCount {
            contest: contest.id.clone(),
            found: choices.len() as u64,
            expected: n as u64,
        });
    }
    match contest.kind {
        ContestKind::SingleChoice => {
            let c: EncryptedChoice<Group, SingleChoice> =
                elgamal::decode(choice).map_err(malformed)?;
            let params = ChoiceParams::single(key.clone(), n);
            c.verify(&params).map(<[Ct]>::to_vec).map_err(|_| invalid())
        }
        ContestKind::Approval => {
            let c: EncryptedChoice<Group, MultiChoice> =
                elgamal::decode(choice).map_err(malformed)?;
            let params = ChoiceParams::multi(key.clone(), n);
            c.verify(&params).map(<[Ct]>::to_vec).map_err(|_| invalid())
        }
    }
}
