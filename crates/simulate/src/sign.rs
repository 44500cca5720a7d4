//! The authority's signature on tree heads.

use castcheck_record::board::{SignedHead, TreeHead};
use castcheck_record::CanonicalError;
use ed25519_dalek::{Signer, SigningKey};

/// Signs the canonical bytes of `head` with the authority's key.
pub fn sign_head(head: TreeHead, key: &SigningKey) -> Result<SignedHead, CanonicalError> {
    let signature = key.sign(&head.signed_bytes()?);
    Ok(SignedHead {
        head,
        signature: hex::encode(signature.to_bytes()),
    })
}
