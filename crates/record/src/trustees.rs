//! Trustees: the t-of-n key set, their proofs of possession, and verifiable decryption.

use elastic_elgamal::group::{Group as _, Ristretto, ScalarOps};
use elastic_elgamal::sharing::{Params, PublicKeySet};
use elastic_elgamal::{CandidateDecryption, LogEqualityProof, ProofOfPossession};
use serde::{Deserialize, Serialize};

use crate::elgamal::{self, Ct, Group, Key};
use crate::files::{limits, ContestDecryption};
use crate::manifest::TrusteeSet;

/// Why the published trustee set is not usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum TrusteeError {
    /// The threshold is 0 or more than the trustees (or there are too many trustees).
    BadThreshold {
        /// The published threshold.
        threshold: u64,
        /// Trustees listed.
        trustees: u64,
    },
    /// A trustee's key share is not a valid group element.
    MalformedKey {
        /// 0-based trustee index.
        trustee: u64,
    },
    /// The key shares do not lie on one polynomial.
    InconsistentKeys,
    /// The joint key is not the one the shares define.
    JointKeyMismatch,
    /// A trustee's proof of possession does not verify.
    BadProofOfPossession {
        /// 0-based trustee index.
        trustee: u64,
    },
}

impl std::error::Error for TrusteeError {}

impl std::fmt::Display for TrusteeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadThreshold {
                threshold,
                trustees,
            } => {
                write!(
                    f,
                    "a threshold of {threshold} is impossible with {trustees} trustees"
                )
            }
            Self::MalformedKey { trustee } => {
                write!(f, "trustee {trustee}'s key is malformed")
            }
            Self::InconsistentKeys => write!(
                f,
                "the trustees' key shares do not belong to one shared key"
            ),
            Self::JointKeyMismatch => write!(
                f,
                "the published joint key is not the one the trustees' shares define"
            ),
            Self::BadProofOfPossession { trustee } => {
                write!(f, "trustee {trustee}'s proof of possession does not verify")
            }
        }
    }
}

/// Checks the key shares, their proofs of possession and the joint key.
pub fn verify_trustees(set: &TrusteeSet) -> Result<PublicKeySet<Group>, TrusteeError> {
    let n = set.trustees.len();
    if set.threshold == 0 || set.threshold > n as u64 || n > limits::TRUSTEES {
        return Err(TrusteeError::BadThreshold {
            threshold: set.threshold,
            trustees: n as u64,
        });
    }
    let keys = set
        .trustees
        .iter()
        .enumerate()
        .map(|(i, t)| {
            elgamal::decode_key(&t.public_key)
                .map_err(|_| TrusteeError::MalformedKey { trustee: i as u64 })
        })
        .collect::<Result<Vec<Key>, _>>()?;
    let params = Params::new(n, set.threshold as usize);
    let key_set = PublicKeySet::from_participants(params, keys)
        .map_err(|_| TrusteeError::InconsistentKeys)?;
    let joint = elgamal::decode_key(&set.joint_key).map_err(|_| TrusteeError::JointKeyMismatch)?;
    if joint.as_bytes() != key_set.shared_key().as_bytes() {
        return Err(TrusteeError::JointKeyMismatch);
    }
    for (i, t) in set.trustees.iter().enumerate() {
        let proof: ProofOfPossession<Group> = elgamal::decode(&t.proof_of_possession)
            .map_err(|_| TrusteeError::BadProofOfPossession { trustee: i as u64 })?;
        key_set
            .verify_participant(i, &proof)
            .map_err(|_| TrusteeError::BadProofOfPossession { trustee: i as u64 })?;
    }
    Ok(key_set)
}

/// Why a published decryption was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum DecryptionError {
    /// Fewer distinct trustees than the threshold took part.
    TooFewTrustees {
        /// Trustees that took part.
        found: u64,
        /// The threshold.
        needed: u64,
    },
    /// A trustee index is out of range or repeated.
    BadTrustee {
        /// The index given.
        trustee: u64,
    },
    /// A trustee gave the wrong number of shares.
    WrongShareCount {
        /// 0-based trustee index.
        trustee: u64,
    },
    /// A share or its proof is malformed or does not verify.
    InvalidShare {
        /// 0-based trustee index.
        trustee: u64,
        /// 0-based option index.
        option: u64,
    },
    /// The values list has the wrong length.
    WrongValueCount,
    /// The decryption is labelled with another contest.
    WrongContest,
    /// The shares decrypt to another value than the published one.
    ValueMismatch {
        /// 0-based option index.
        option: u64,
    },
}

impl std::error::Error for DecryptionError {}

impl std::fmt::Display for DecryptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooFewTrustees { found, needed } => {
                write!(f, "{found} trustees decrypted; {needed} are needed")
            }
            Self::BadTrustee { trustee } => {
                write!(f, "trustee number {trustee} is unknown or appears twice")
            }
            Self::WrongShareCount { trustee } => {
                write!(f, "trustee {trustee} gave the wrong number of shares")
            }
            Self::InvalidShare { trustee, option } => {
                write!(
                    f,
                    "trustee {trustee}'s decryption proof for option {} does not verify",
                    option + 1
                )
            }
            Self::WrongContest => write!(f, "the decryption is labelled with another contest"),
            Self::WrongValueCount => write!(
                f,
                "the number of decrypted values does not match the options"
            ),
            Self::ValueMismatch { option } => {
                write!(
                    f,
                    "option {} decrypts to another value than the one published",
                    option + 1
                )
            }
        }
    }
}

/// Splits [`verify_decryption`]'s two concerns so reports can name the right check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecryptionFailure {
    /// The trustees' shares or proofs are wrong.
    Shares(DecryptionError),
    /// The proofs are right but the published values are not what they decrypt to.
    Values(DecryptionError),
}

/// Checks every share's proof, combines `threshold` of them and compares with the values.
pub fn verify_decryption(
    key_set: &PublicKeySet<Group>,
    ciphertexts: &[Ct],
    decryption: &ContestDecryption,
) -> Result<(), DecryptionFailure> {
    let params = key_set.params();
    let mut seen = vec![false; params.shares];
    let mut verified: Vec<(usize, Vec<elastic_elgamal::VerifiableDecryption<Group>>)> = Vec::new();
    for trustee in &decryption.shares {
        let index = usize::try_from(trustee.trustee)
            .ok()
            .filter(|&i| i < params.shares && !seen[i]);
        let Some(index) = index else {
            return Err(DecryptionFailure::Shares(DecryptionError::BadTrustee {
                trustee: trustee.trustee,
            }));
        };
        seen[index] = true;
        if trustee.shares.len() != ciphertexts.len() {
            return Err(DecryptionFailure::Shares(
                DecryptionError::WrongShareCount {
                    trustee: trustee.trustee,
                },
            ));
        }
        let mut shares = Vec::with_capacity(ciphertexts.len());
        for (option, (share, ct)) in trustee.shares.iter().zip(ciphertexts).enumerate() {
            let invalid = || {
                DecryptionFailure::Shares(DecryptionError::InvalidShare {
                    trustee: trustee.trustee,
                    option: option as u64,
                })
            };
            let candidate = decode_share(&share.share).ok_or_else(invalid)?;
            let proof: LogEqualityProof<Group> =
                elgamal::decode(&share.proof).map_err(|_| invalid())?;
            shares.push(
                key_set
                    .verify_share(candidate, *ct, index, &proof)
                    .map_err(|_| invalid())?,
            );
        }
        verified.push((index, shares));
    }
    if verified.len() < params.threshold {
        return Err(DecryptionFailure::Shares(DecryptionError::TooFewTrustees {
            found: verified.len() as u64,
            needed: params.threshold as u64,
        }));
    }
    if decryption.values.len() != ciphertexts.len() {
        return Err(DecryptionFailure::Values(DecryptionError::WrongValueCount));
    }
    for (option, (ct, value)) in ciphertexts.iter().zip(&decryption.values).enumerate() {
        let combined = params
            .combine_shares(verified.iter().map(|(i, s)| (*i, s[option])))
            .ok_or(DecryptionFailure::Shares(DecryptionError::TooFewTrustees {
                found: verified.len() as u64,
                needed: params.threshold as u64,
            }))?;
        let expected =
            Ristretto::vartime_mul_generator(&<Ristretto as ScalarOps>::Scalar::from(*value));
        if combined.decrypt_to_element(*ct) != expected {
            return Err(DecryptionFailure::Values(DecryptionError::ValueMismatch {
                option: option as u64,
            }));
        }
    }
    Ok(())
}

fn decode_share(value: &serde_json::Value) -> Option<CandidateDecryption<Group>> {
    elgamal::decode(value).ok()
}
