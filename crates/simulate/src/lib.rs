//! castcheck's election generator: what an election authority runs.
//!
//! It plans a mock election from a seed, runs the trustees' key ceremony, encrypts every ballot,
//! builds and signs the board, has the trustees decrypt the tallies and challenged ballots, and
//! writes the public record that `castcheck-record` verifies. The verifier never links this crate.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod ceremony;
mod election;
mod encrypt;
mod record;
mod sign;
mod spec;
mod tree;

pub use ceremony::{key_ceremony, TrusteeSecrets};
pub use election::{Receipt, Simulation};
pub use encrypt::{random_scalar, EncryptedBallot, Encryptor};
pub use record::{simulate_in_memory, write_record, InMemory, RecordFiles, RecordSink};
pub use sign::{seal_file, seal_json, sign_checkpoint};
pub use spec::{SimulationSpec, SpecError};
pub use tree::{consistency_proof, inclusion_proof, Tree};
