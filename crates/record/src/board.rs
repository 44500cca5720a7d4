//! The ballot board: leaf entries and the authority's signed checkpoint.

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::canonical::{canonical_bytes, canonical_hash, tag, CanonicalError};
use crate::digest::{lower_hex, Digest};
use crate::merkle::{self, RootHash};
use crate::note::{Checkpoint, Note, NoteError, NoteKey, TYPE_ED25519};

/// Whether a board entry was cast (counted) or challenged (opened, never counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

/// The checkpoint origin of an election's board: `castcheck/election/<fingerprint in hex>`. The
/// authority's checkpoint signature is made under a key of the same name.
pub fn board_origin(election: &Digest) -> String {
    format!("castcheck/election/{}", election.to_hex())
}

/// The authority's key as signed-note verifiers know it: an Ed25519 key named by the origin.
pub fn authority_note_key(election: &Digest, key: &VerifyingKey) -> NoteKey {
    NoteKey {
        name: board_origin(election),
        kind: TYPE_ED25519,
        key: key.to_bytes(),
    }
}

/// The extension line of the checkpoint that closes the board: `closed <Unix seconds>`.
pub const CLOSED_PREFIX: &str = "closed ";

/// The board's final checkpoint, opened and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardCheckpoint {
    /// The tree it commits to.
    pub tree: RootHash,
    /// When the authority closed the board.
    pub closed: u64,
    /// The signed note, with every signature line it came with.
    pub note: Note,
}

/// Why the board's checkpoint was rejected (V-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum CheckpointProblem {
    /// It is not a signed note holding a checkpoint.
    Malformed {
        /// What was wrong.
        error: NoteError,
    },
    /// Its origin is not this election's.
    WrongOrigin {
        /// The origin line found.
        found: String,
    },
    /// The authority's signature is missing or wrong.
    Signature {
        /// What the signature check found.
        error: NoteError,
    },
    /// It has no `closed` line: voting may still be open, or the final checkpoint was withheld.
    NotFinal,
    /// It closes the board before voting closed.
    FinalBeforeClose,
}

impl std::fmt::Display for CheckpointProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed { error } => write!(f, "it is not a signed checkpoint ({error})"),
            Self::WrongOrigin { found } => write!(f, "it is for another log ({found})"),
            Self::Signature { error } => write!(f, "the authority's signature: {error}"),
            Self::NotFinal => f.write_str(
                "it does not close the board: voting may still be open or the final checkpoint was withheld",
            ),
            Self::FinalBeforeClose => f.write_str("it closes the board before voting closed"),
        }
    }
}

impl BoardCheckpoint {
    /// Opens `board/checkpoint`: a signed note whose text is this election's checkpoint, signed
    /// by the authority (`verify_strict`) and closing the board no earlier than `voting_closes`.
    pub fn open(
        bytes: &[u8],
        election: &Digest,
        authority: &VerifyingKey,
        voting_closes: u64,
    ) -> Result<Self, CheckpointProblem> {
        let malformed = |error| CheckpointProblem::Malformed { error };
        let note = Note::parse(bytes).map_err(malformed)?;
        let checkpoint = Checkpoint::from_text(&note.text).map_err(malformed)?;
        let origin = board_origin(election);
        if checkpoint.origin != origin {
            return Err(CheckpointProblem::WrongOrigin {
                found: checkpoint.origin,
            });
        }
        note.verify(&authority_note_key(election, authority))
            .map_err(|error| CheckpointProblem::Signature { error })?;
        let closed = checkpoint
            .extensions
            .iter()
            .find_map(|line| line.strip_prefix(CLOSED_PREFIX))
            .and_then(crate::note::parse_decimal)
            .ok_or(CheckpointProblem::NotFinal)?;
        if closed < voting_closes {
            return Err(CheckpointProblem::FinalBeforeClose);
        }
        Ok(Self {
            tree: RootHash {
                root: Digest(checkpoint.root),
                size: checkpoint.size,
            },
            closed,
            note,
        })
    }

    /// The checkpoint's text without signatures: what witnesses cosign and people compare.
    pub fn text(&self) -> &str {
        &self.note.text
    }
}

/// Parses the authority's hex public key.
pub fn parse_verifying_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = lower_hex(hex_key)?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Fingerprint of the authority's key, for people to compare with announcements.
pub fn key_fingerprint(key: &VerifyingKey) -> Digest {
    canonical_hash(tag::AUTHORITY_KEY, &hex::encode(key.as_bytes())).expect("a string is canonical")
}
