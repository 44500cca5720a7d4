//! Encrypted ballots, their trackers and their validity proofs.

use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice, SingleChoice};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::canonical::{canonical_bytes, tag, CanonicalError};
use crate::digest::Digest;
use crate::elgamal::{self, Ct, DecodeError, Group, Key};
use crate::manifest::{Contest, ContestKind, Manifest};
use base64ct::{Base64UrlUnpadded, Encoding};

/// A ballot as the voter's device sends it: per contest an encrypted choice with proofs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The precinct id.
    pub precinct: String,
    /// One encrypted choice per contest, in the manifest's order.
    pub contests: Vec<EncryptedContest>,
}

/// One contest's encrypted choice with its proofs, in the compact encoding (spec §5.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedContest {
    /// The contest id.
    pub contest: String,
    /// base64url (no padding) of the choice's bytes; see [`compact_choice`].
    pub choice: String,
}

/// The 32-byte values of an elastic-elgamal `EncryptedChoice`, in the order the compact
/// encoding concatenates them:
///
/// ```text
/// for each option i:  R_i || B_i                      (the ciphertext: random, blinded element)
/// range proof:        e || s_1 || … || s_2n            (common challenge, ring responses)
/// sum proof:          c || s                           (single-choice contests only)
/// ```
///
/// Its length is `128·n + 96` bytes for a single-choice contest of `n` options and `128·n + 32`
/// for an approval contest, so it decodes only one way.
pub fn compact_choice(choice: &Value) -> Option<String> {
    let mut fields: Vec<&Value> = Vec::new();
    for ct in choice.get("choices")?.as_array()? {
        fields.push(ct.get("random_element")?);
        fields.push(ct.get("blinded_element")?);
    }
    let range = choice.get("range_proof")?;
    fields.push(range.get("common_challenge")?);
    fields.extend(range.get("ring_responses")?.as_array()?);
    match choice.get("sum_proof")? {
        Value::Null => {}
        sum => {
            fields.push(sum.get("challenge")?);
            fields.push(sum.get("response")?);
        }
    }
    let mut bytes = Vec::with_capacity(fields.len() * 32);
    for f in fields {
        bytes.extend(base64url(f.as_str()?)?);
    }
    Some(Base64UrlUnpadded::encode_string(&bytes))
}

/// The one canonical base64url (unpadded) decoding of `text`.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let bytes = Base64UrlUnpadded::decode_vec(text).ok()?;
    (Base64UrlUnpadded::encode_string(&bytes) == text).then_some(bytes)
}

/// The option count a compact choice of `len` bytes has for a contest of `kind`, if any.
fn options_in(len: usize, kind: ContestKind) -> Option<usize> {
    let fixed = match kind {
        ContestKind::SingleChoice => 96,
        ContestKind::Approval => 32,
    };
    let rest = len.checked_sub(fixed)?;
    (rest % 128 == 0).then_some(rest / 128)
}

/// The compact choice back in elastic-elgamal's `EncryptedChoice` JSON, for `n` options.
fn expand_choice(bytes: &[u8], n: usize, kind: ContestKind) -> Value {
    let mut values = bytes
        .chunks_exact(32)
        .map(|c| Value::String(Base64UrlUnpadded::encode_string(c)));
    let mut next = || values.next().unwrap_or(Value::Null);
    let choices: Vec<Value> = (0..n)
        .map(|_| {
            let random = next();
            let blinded = next();
            serde_json::json!({"blinded_element": blinded, "random_element": random})
        })
        .collect();
    let challenge = next();
    let responses: Vec<Value> = (0..2 * n).map(|_| next()).collect();
    let sum = match kind {
        ContestKind::SingleChoice => {
            let c = next();
            let s = next();
            serde_json::json!({"challenge": c, "response": s})
        }
        ContestKind::Approval => Value::Null,
    };
    serde_json::json!({
        "choices": choices,
        "range_proof": {"common_challenge": challenge, "ring_responses": responses},
        "sum_proof": sum,
    })
}

impl EncryptedContest {
    /// The option ciphertexts, decoded without checking the proofs (for whoever made them).
    pub fn ciphertexts(&self, kind: ContestKind) -> Option<Vec<Ct>> {
        let bytes = base64url(&self.choice)?;
        let n = options_in(bytes.len(), kind)?;
        elgamal::decode(&expand_choice(&bytes, n, kind)["choices"]).ok()
    }

    /// The bytes of the ciphertexts alone (`R_i || B_i` per option), if the choice decodes.
    pub fn ciphertext_bytes(&self, kind: ContestKind) -> Option<Vec<u8>> {
        let bytes = base64url(&self.choice)?;
        let n = options_in(bytes.len(), kind)?;
        Some(bytes[..64 * n].to_vec())
    }
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

fn verify_choice(compact: &str, contest: &Contest, key: &Key) -> Result<Vec<Ct>, BallotError> {
    let n = contest.options.len();
    let malformed = |_: DecodeError| BallotError::Malformed {
        contest: contest.id.clone(),
    };
    let invalid = || BallotError::InvalidProof {
        contest: contest.id.clone(),
    };
    let bytes = base64url(compact).ok_or_else(|| malformed(DecodeError))?;
    let found = options_in(bytes.len(), contest.kind).ok_or_else(|| malformed(DecodeError))?;
    if found != n {
        return Err(BallotError::WrongCiphertextCount {
            contest: contest.id.clone(),
            found: found as u64,
            expected: n as u64,
        });
    }
    let choice = &expand_choice(&bytes, n, contest.kind);
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
