//! Encrypted ballots, their trackers and their validity proofs.

use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice, SingleChoice};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::canonical::{canonical_bytes, tag, CanonicalError};
use crate::digest::Digest;
use crate::elgamal::{self, Ct, Group, Key};
use crate::manifest::{Contest, ContestKind, Manifest};

/// A ballot as the voter's device sends it: per contest an encrypted choice with proofs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    pub precinct: String,
    pub contests: Vec<EncryptedContest>,
}

/// One contest's encrypted choice: elastic-elgamal's `EncryptedChoice` JSON
/// (`choices`: one ciphertext per option, `range_proof`, `sum_proof`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedContest {
    pub contest: String,
    pub choice: Value,
}

/// Why a ballot is not valid for an election.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BallotError {
    /// The ballot names a precinct other than the expected one.
    WrongPrecinct { found: String },
    /// The ballot's contests are not the manifest's, in order.
    WrongContests,
    /// A contest's encrypted choice is malformed (bad encoding, invalid point, wrong length).
    Malformed { contest: String, reason: String },
    /// A contest's zero-knowledge proofs do not verify.
    InvalidProof { contest: String, reason: String },
}

impl std::fmt::Display for BallotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WrongPrecinct { found } => write!(f, "names precinct '{found}'"),
            Self::WrongContests => write!(f, "its contests are not the election's contests"),
            Self::Malformed { contest, reason } => {
                write!(f, "contest '{contest}' is malformed: {reason}")
            }
            Self::InvalidProof { contest, reason } => {
                write!(f, "contest '{contest}' has an invalid proof: {reason}")
            }
        }
    }
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
    let malformed = |reason: String| BallotError::Malformed {
        contest: contest.id.clone(),
        reason,
    };
    let invalid = |reason: String| BallotError::InvalidProof {
        contest: contest.id.clone(),
        reason,
    };
    // Refuse absurd sizes before decoding: a choice has one ciphertext per option.
    let choices = choice
        .get("choices")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("no choices".into()))?;
    if choices.len() != n {
        return Err(malformed(format!(
            "{} ciphertexts for {n} options",
            choices.len()
        )));
    }
    match contest.kind {
        ContestKind::SingleChoice => {
            let c: EncryptedChoice<Group, SingleChoice> =
                elgamal::decode(choice).map_err(malformed)?;
            let params = ChoiceParams::single(key.clone(), n);
            c.verify(&params)
                .map(<[Ct]>::to_vec)
                .map_err(|e| invalid(e.to_string()))
        }
        ContestKind::Approval => {
            let c: EncryptedChoice<Group, MultiChoice> =
                elgamal::decode(choice).map_err(malformed)?;
            let params = ChoiceParams::multi(key.clone(), n);
            c.verify(&params)
                .map(<[Ct]>::to_vec)
                .map_err(|e| invalid(e.to_string()))
        }
    }
}
