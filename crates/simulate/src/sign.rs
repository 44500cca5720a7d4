//! The authority's signatures: tree heads, and the seal on every other record file.

use castcheck_record::board::{SignedHead, TreeHead};
use castcheck_record::digest::Digest;
use castcheck_record::merkle::RootHash;
use castcheck_record::seal::{seal_message, Seal, Sealed};
use castcheck_record::{canonical_json, CanonicalError};
use ed25519_dalek::{Signer, SigningKey};
use serde::Serialize;

/// Signs the canonical bytes of `head` with the authority's key.
pub fn sign_head(head: TreeHead, key: &SigningKey) -> Result<SignedHead, CanonicalError> {
    let signature = key.sign(&head.signed_bytes()?);
    Ok(SignedHead {
        head,
        signature: hex::encode(signature.to_bytes()),
    })
}

/// The published bytes of the record file at `path` with contents `body`, sealed by the
/// authority for the election `election` and the final head's tree `head`.
pub fn seal_file<T: Serialize>(
    key: &SigningKey,
    election: &Digest,
    head: &RootHash,
    path: &str,
    body: &T,
) -> Result<Vec<u8>, CanonicalError> {
    let body = serde_json::to_value(body).map_err(|e| CanonicalError::NotJson(e.to_string()))?;
    let signature = key.sign(&seal_message(election, path, head, &body)?);
    canonical_json(&Sealed {
        body,
        seal: Seal {
            head: *head,
            signature: hex::encode(signature.to_bytes()),
        },
    })
}
