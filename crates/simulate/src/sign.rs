//! The authority's signatures: the board's checkpoint, and the seal on every other record file.

use castcheck_record::board::{authority_note_key, board_origin, CLOSED_PREFIX};
use castcheck_record::digest::Digest;
use castcheck_record::merkle::RootHash;
use castcheck_record::note::{Checkpoint, Note};
use castcheck_record::seal::{seal_message_for, Seal};
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
    seal_json(key, election, head, path, &canonical_json(body)?)
}

/// As [`seal_file`], for a body already written as canonical JSON: the published file is
/// `{"body":<body_json>,"seal":<seal>}`, the canonical JSON of the sealed object (its members
/// sorted, `body` before `seal`).
pub fn seal_json(
    key: &SigningKey,
    election: &Digest,
    head: &RootHash,
    path: &str,
    body_json: &[u8],
) -> Result<Vec<u8>, CanonicalError> {
    let signature = key.sign(&seal_message_for(election, path, head, body_json)?);
    let seal = canonical_json(&Seal {
        head: *head,
        signature: hex::encode(signature.to_bytes()),
    })?;
    let mut out = Vec::with_capacity(body_json.len() + seal.len() + 17);
    out.extend_from_slice(b"{\"body\":");
    out.extend_from_slice(body_json);
    out.extend_from_slice(b",\"seal\":");
    out.extend_from_slice(&seal);
    out.push(b'}');
    Ok(out)
}
