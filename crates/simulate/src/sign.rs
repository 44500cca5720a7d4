//! The authority's signatures: the board's checkpoint, and the seal on every other record file.

use castcheck_record::board::{authority_note_key, board_origin, CLOSED_PREFIX};
use castcheck_record::digest::Digest;
use castcheck_record::merkle::RootHash;
use castcheck_record::note::{Checkpoint, Note};
use castcheck_record::seal::{seal_message, Seal, Sealed};
use castcheck_record::{canonical_json, CanonicalError};
use ed25519_dalek::{Signer, SigningKey};
use serde::Serialize;

/// The checkpoint that closes the board of `election` at `tree` at time `closed`, as a signed
/// note with the authority's signature (C2SP tlog-checkpoint).
pub fn sign_checkpoint(
    election: &Digest,
    tree: &RootHash,
    closed: u64,
    key: &SigningKey,
) -> String {
    let text = Checkpoint {
        origin: board_origin(election),
        size: tree.size,
        root: tree.root.0,
        extensions: vec![format!("{CLOSED_PREFIX}{closed}")],
    }
    .text();
    let mut note = Note {
        text,
        signatures: Vec::new(),
    };
    note.sign(
        &authority_note_key(election, &key.verifying_key()).name,
        key,
    );
    note.to_text()
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
