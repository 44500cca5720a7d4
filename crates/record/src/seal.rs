//! The authority's seal on a record file: every byte a verifier uses is bound to the authority's
//! key, the election and the final head, so a host without the key cannot change any of it.
//!
//! A sealed file is the canonical JSON of `{"body": <contents>, "seal": {"head": {"root", "size"},
//! "signature"}}`. The signature is Ed25519 (`verify_strict`) under the manifest's authority key
//! over `tag::FILE_SEAL || 0x00 || canonical {"body_sha256", "election", "head", "path"}`, where
//! `body_sha256` is the SHA-256 of the body's canonical JSON and `head` is the final head's tree.

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::canonical::{canonical_bytes, tag, write_canonical, CanonicalError};
use crate::digest::{lower_hex, Digest};
use crate::merkle::RootHash;

/// The seal of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// The final head's tree the file belongs to.
    pub head: RootHash,
    /// Ed25519 signature, 128 hex digits.
    pub signature: String,
}

/// A sealed file as it is published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sealed {
    /// The file's contents.
    pub body: Value,
    /// The authority's seal on them.
    pub seal: Seal,
}

/// What the authority signs about one file.
#[derive(Debug, Serialize)]
struct Statement<'a> {
    body_sha256: Digest,
    election: &'a Digest,
    head: &'a RootHash,
    path: &'a str,
}

/// The bytes the authority signs to seal `body` at `path`.
pub fn seal_message(
    election: &Digest,
    path: &str,
    head: &RootHash,
    body: &Value,
) -> Result<Vec<u8>, CanonicalError> {
    let mut json = Vec::new();
    write_canonical(body, &mut json)?;
    seal_message_for(election, path, head, &json)
}

/// The bytes the authority signs to seal the body whose canonical JSON is `body_json`.
pub fn seal_message_for(
    election: &Digest,
    path: &str,
    head: &RootHash,
    body_json: &[u8],
) -> Result<Vec<u8>, CanonicalError> {
    let statement = Statement {
        body_sha256: Digest(Sha256::digest(body_json).into()),
        election,
        head,
        path,
    };
    canonical_bytes(tag::FILE_SEAL, &statement)
}

/// Why a seal does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SealError {
    /// The seal is for another final head than the one the signed heads end with.
    OtherHead,
    /// The signature is not 64 bytes of hex.
    MalformedSignature,
    /// The signature is not the authority's over this file at this path.
    BadSignature,
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::OtherHead => "the file is sealed for another final head",
            Self::MalformedSignature => "the seal's signature is malformed",
            Self::BadSignature => "the seal is not the authority's signature on this file",
        })
    }
}

impl std::error::Error for SealError {}

impl Sealed {
    /// Checks the seal for `path` in the election `election` under the final head `head`.
    pub fn verify(
        &self,
        key: &VerifyingKey,
        election: &Digest,
        path: &str,
        head: &RootHash,
    ) -> Result<(), SealError> {
        if self.seal.head != *head {
            return Err(SealError::OtherHead);
        }
        let sig: [u8; 64] = lower_hex(&self.seal.signature).ok_or(SealError::MalformedSignature)?;
        let message =
            seal_message(election, path, head, &self.body).map_err(|_| SealError::BadSignature)?;
        key.verify_strict(&message, &Signature::from_bytes(&sig))
            .map_err(|_| SealError::BadSignature)
    }
}
