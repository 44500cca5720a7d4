//! castcheck election record v1: the verifier's side. Types, canonical bytes, receipt codes, the
//! Merkle ballot board, signed heads, encrypted ballots, trustees' decryption proofs, tallies,
//! caucus rules, typed findings, and the one [`Driver`] that plans fetches and checks what it is
//! fed.
//!
//! No I/O: callers hand in the bytes of record files and get typed reports back. What an
//! election authority runs (simulation, key ceremony, encryption, signing) is the separate
//! `castcheck-simulate` crate.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod ballot;
pub mod board;
pub mod canonical;
pub mod caucus;
pub mod digest;
pub mod elgamal;
pub mod files;
pub mod manifest;
pub mod merkle;
pub mod reason;
pub mod receipt;
pub mod report;
pub mod results;
pub mod rollup;
pub mod trustees;
mod verify;

pub use reason::{FetchProblem, Reason};
pub use receipt::{ReceiptCode, ReceiptCodeError};
pub use report::{CheckId, CheckResult, Failure, Report, Status};
pub use verify::{
    verify_with, BallotFound, Driver, Job, OpenedContest, PrecinctOutcome, Prepared, Progress,
    UnreachableFile, Verification, VoterOutcome,
};
