//! The election manifest and its fingerprint.

use serde::{Deserialize, Serialize};

use crate::canonical::{canonical_hash, tag, CanonicalError};
pub use crate::caucus::Rules;
use crate::digest::Digest;

/// The format string of a v2 record.
pub const FORMAT: &str = "castcheck-record/2";

/// Everything fixed before voting opens. Its hash is the election fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// A short id, unique to the election.
    pub election_id: String,
    /// The title people see.
    pub title: String,
    /// Who runs the election and signs the board.
    pub authority: Authority,
    /// The questions on the ballot, in order.
    pub contests: Vec<Contest>,
    /// The counties.
    pub counties: Vec<County>,
    /// The precincts.
    pub precincts: Vec<Precinct>,
    /// The trustees who hold the election key.
    pub trustees: TrusteeSet,
    /// Where the verifier app lives; receipts' QR codes open `<verifier_url>#/check/<code>`.
    pub verifier_url: String,
    /// Unix seconds.
    pub voting_opens: u64,
    /// Unix seconds.
    pub voting_closes: u64,
}

/// Who runs the election and signs the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// The name people see.
    pub name: String,
    /// Ed25519 public key, 64 hex digits.
    pub signing_key: String,
}

/// One question on the ballot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contest {
    /// A short id: lowercase letters, digits and dashes.
    pub id: String,
    /// The title people see.
    pub title: String,
    /// How many options a voter may select.
    pub kind: ContestKind,
    /// The options, in ballot order.
    pub options: Vec<ContestOption>,
    /// How counts become results.
    pub rules: Rules,
}

/// How many options a voter may select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContestKind {
    /// Exactly one option.
    SingleChoice,
    /// Any number of options, including none.
    Approval,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// One option of a contest.
pub struct ContestOption {
    /// A short id: lowercase letters, digits and dashes.
    pub id: String,
    /// The name people see.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// A county: precincts roll up into it.
pub struct County {
    /// A short id: lowercase letters, digits and dashes.
    pub id: String,
    /// The name people see.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// A precinct: where ballots are counted.
pub struct Precinct {
    /// Also the file name under `precincts/`: lowercase letters, digits and dashes.
    pub id: String,
    /// The name people see.
    pub name: String,
    /// The county id.
    pub county: String,
    /// Delegates this precinct elects (0 when the rules award none).
    pub delegates: u64,
    /// State delegate equivalents per delegate elected here, in millionths (Iowa-style rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sde_weight_millionths: Option<u64>,
}

/// The trustees who jointly hold the decryption key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrusteeSet {
    /// How many trustees must take part to decrypt.
    pub threshold: u64,
    /// The trustees, in key-share order.
    pub trustees: Vec<Trustee>,
    /// The joint ElGamal public key ballots are encrypted to (base64url, 32 bytes).
    pub joint_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// One trustee and their public key share.
pub struct Trustee {
    /// The name people see.
    pub name: String,
    /// The trustee's public key share (base64url Ristretto255 point).
    pub public_key: String,
    /// elastic-elgamal `ProofOfPossession` of the key share, bound to the key set and index.
    pub proof_of_possession: serde_json::Value,
}

impl Manifest {
    /// The election fingerprint: SHA-256 of the manifest's canonical bytes.
    pub fn fingerprint(&self) -> Result<Digest, CanonicalError> {
        canonical_hash(tag::MANIFEST, self)
    }

    /// The contest with id `id`.
    pub fn contest(&self, id: &str) -> Option<&Contest> {
        self.contests.iter().find(|c| c.id == id)
    }

    /// The precinct with id `id`.
    pub fn precinct(&self, id: &str) -> Option<&Precinct> {
        self.precincts.iter().find(|p| p.id == id)
    }
}

/// Whether `id` may be used as a precinct, county, contest or option id (and file name).
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}
