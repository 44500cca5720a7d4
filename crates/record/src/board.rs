//! The ballot board: leaf entries and Ed25519-signed tree heads.

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::canonical::{canonical_bytes, canonical_hash, tag, CanonicalError};
use crate::digest::{lower_hex, Digest};
use crate::merkle::{self, RootHash};

/// Whether a board entry was cast (counted) or challenged (opened, never counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// Cast and counted.
    Cast,
    /// Challenged: opened by the trustees, never counted.
    Challenged,
}

/// What one board leaf commits to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardEntry {
    /// Cast or challenged.
    pub kind: EntryKind,
    /// The ballot's precinct id.
    pub precinct: String,
    /// The ballot's tracker.
    pub tracker: Digest,
}

impl BoardEntry {
    /// The RFC 6962 leaf hash of this entry's canonical bytes.
    pub fn leaf_hash(&self) -> Result<Digest, CanonicalError> {
        Ok(merkle::leaf_hash(&canonical_bytes(tag::BOARD_LEAF, self)?))
    }
}

/// The statement the authority signs about the board at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeHead {
    /// The election fingerprint.
    pub election: Digest,
    /// Number of leaves.
    pub size: u64,
    /// The Merkle tree hash of those leaves.
    pub root: Digest,
    /// Unix seconds.
    pub time: u64,
    /// True only on the head published when voting closed.
    #[serde(rename = "final")]
    pub is_final: bool,
}

/// A tree head with the authority's Ed25519 signature over its canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedHead {
    /// What is signed.
    pub head: TreeHead,
    /// 128 hex digits.
    pub signature: String,
}

/// Why a signed head was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadError {
    /// The authority's key is not a valid Ed25519 key.
    MalformedKey,
    /// The signature is not 64 bytes of hex.
    MalformedSignature,
    /// The signature does not verify under the authority's key.
    BadSignature,
    /// The head is signed for another election.
    WrongElection,
}

impl std::error::Error for HeadError {}

impl std::fmt::Display for HeadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::MalformedKey => "the authority's signing key is malformed",
            Self::MalformedSignature => "the signature is malformed",
            Self::BadSignature => "the signature is not the authority's",
            Self::WrongElection => "the head names another election",
        })
    }
}

impl TreeHead {
    /// What the authority signs: the head's canonical bytes.
    pub fn signed_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        canonical_bytes(tag::TREE_HEAD, self)
    }

    /// The tree the head commits to.
    pub fn root_hash(&self) -> RootHash {
        RootHash {
            root: self.root,
            size: self.size,
        }
    }
}

/// Parses the authority's hex public key.
pub fn parse_verifying_key(hex_key: &str) -> Result<VerifyingKey, HeadError> {
    let bytes: [u8; 32] = lower_hex(hex_key).ok_or(HeadError::MalformedKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| HeadError::MalformedKey)
}

/// Fingerprint of the authority's key, for people to compare with announcements.
pub fn key_fingerprint(key: &VerifyingKey) -> Digest {
    canonical_hash(tag::AUTHORITY_KEY, &hex::encode(key.as_bytes())).expect("a string is canonical")
}

impl SignedHead {
    /// Checks the signature with `verify_strict` (no small-order keys, canonical `s`) and the
    /// election binding.
    pub fn verify(&self, key: &VerifyingKey, election: &Digest) -> Result<(), HeadError> {
        let sig: [u8; 64] = lower_hex(&self.signature).ok_or(HeadError::MalformedSignature)?;
        let sig = Signature::from_bytes(&sig);
        let bytes = self
            .head
            .signed_bytes()
            .map_err(|_| HeadError::MalformedSignature)?;
        key.verify_strict(&bytes, &sig)
            .map_err(|_| HeadError::BadSignature)?;
        if self.head.election != *election {
            return Err(HeadError::WrongElection);
        }
        Ok(())
    }
}
