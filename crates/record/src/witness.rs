//! Witnesses and memory: what stops an authority from showing different voters different boards.
//!
//! A *split view* is two checkpoints for one origin that cannot both be true: the same size with
//! different roots, or a larger one whose tree does not extend the smaller. The authority's key can
//! sign both, so a verifier trusts a checkpoint only when independent witnesses cosigned it (each
//! witness cosigns only checkpoints consistent with every one it cosigned before) and when it is
//! consistent with the largest checkpoint this verifier saw before.

use serde::{Deserialize, Serialize};

use crate::merkle::ConsistencyError;
use crate::note::{Checkpoint, Note, NoteError, NoteKey};

/// Which witnesses a verifier trusts, and how many of them must have cosigned the checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessPolicy {
    /// Cosignatures needed from distinct trusted witnesses.
    pub quorum: u64,
    /// The trusted witnesses' verifier keys (`<name>+<key ID>+<base64 key>`, type `0x04`).
    pub witnesses: Vec<String>,
}

impl WitnessPolicy {
    /// The trusted keys, or why one cannot be read.
    pub fn keys(&self) -> Result<Vec<NoteKey>, NoteError> {
        self.witnesses
            .iter()
            .map(|v| NoteKey::from_vkey(v))
            .collect()
    }
}

/// The trusted witnesses whose cosignatures on `note` verify, and those whose do not.
pub fn cosigners(note: &Note, keys: &[NoteKey]) -> (Vec<String>, Vec<String>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for key in keys {
        match note.cosigned_at(key) {
            Ok(_) if !good.contains(&key.name) => good.push(key.name.clone()),
            Ok(_) | Err(NoteError::Unsigned) => {}
            Err(_) => bad.push(key.name.clone()),
        }
    }
    (good, bad)
}

/// Why the checkpoint is not trusted as witnessed, or not consistent with what was seen before
/// (V-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum WitnessProblem {
    /// Fewer trusted witnesses cosigned it than the policy asks.
    NotWitnessed {
        /// Trusted witnesses whose cosignature verified.
        cosigned: u64,
        /// How many the policy asks for.
        quorum: u64,
    },
    /// A trusted witness's cosignature line does not verify.
    BadCosignature {
        /// The witness's name.
        witness: String,
    },
    /// The verifier's own witness policy cannot be read.
    BadPolicy,
    /// It is smaller than a checkpoint this verifier saw before: the board was rolled back.
    Rollback {
        /// The checkpoint seen before (its text).
        remembered: String,
        /// The one seen now.
        seen: String,
    },
    /// Same size as one seen before, another root: two different boards.
    SplitView {
        /// The checkpoint seen before.
        remembered: String,
        /// The one seen now.
        seen: String,
    },
    /// Larger than a checkpoint seen before that closed the board: a closed board is final, so
    /// ballots were added after the count, whether or not the tree extends the closed one.
    AfterClose {
        /// The closing checkpoint seen before.
        remembered: String,
        /// The one seen now.
        seen: String,
    },
    /// Larger than one seen before, but its tree does not extend it: two different boards.
    NotExtension {
        /// The checkpoint seen before.
        remembered: String,
        /// The one seen now.
        seen: String,
        /// What the consistency proof built from the tiles found.
        error: ConsistencyError,
    },
}

impl std::fmt::Display for WitnessProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotWitnessed { cosigned, quorum } => write!(
                f,
                "not witnessed: {cosigned} of the {quorum} witness cosignatures required"
            ),
            Self::BadCosignature { witness } => {
                write!(f, "the cosignature of witness {witness} does not verify")
            }
            Self::BadPolicy => f.write_str("this verifier's witness policy cannot be read"),
            Self::Rollback { .. } => f.write_str(
                "the board is smaller than the one verified here before: it was rolled back",
            ),
            Self::SplitView { .. } => f.write_str(
                "the board has the size of the one verified here before but another root: the authority signed two different boards",
            ),
            Self::AfterClose { .. } => f.write_str(
                "the board is larger than the closed board verified here before: a closed board is final, so ballots were added after the count",
            ),
            Self::NotExtension { error, .. } => write!(
                f,
                "the board does not extend the one verified here before ({error}): the authority signed two different boards"
            ),
        }
    }
}

/// A checkpoint text that was verified before, as remembered (its origin, size and root).
pub fn remembered_checkpoint(text: &str) -> Option<Checkpoint> {
    let note = Note::parse(text.as_bytes()).ok();
    let body = note.as_ref().map_or(text, |n| n.text.as_str());
    Checkpoint::from_text(body).ok()
}
