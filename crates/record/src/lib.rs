//! castcheck election record v2: the verifier's side. Types, canonical bytes, receipt codes, the
//! Merkle ballot board, signed heads, encrypted ballots, trustees' decryption proofs, tallies,
//! caucus rules, typed findings, and the one [`Driver`] that plans fetches and checks what it is
//! fed.
//!
//! No I/O: callers hand in the bytes of record files and get typed reports back.
//!
//! The public modules are the record format's data model (files, manifest, board, ballots,
//! trustees, receipt codes, caucus rules, reports and reasons); the verification itself is the
//! [`Driver`], re-exported here with the few helpers the generator shares. What an
//! election authority runs (simulation, key ceremony, encryption, signing) is the separate
//! `castcheck-simulate` crate.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod archive;
pub mod ballot;
pub mod batch;
pub mod board;
mod canonical;
pub mod caucus;
pub mod choice;
pub mod digest;
pub mod elgamal;
mod export;
pub mod files;
pub mod manifest;
pub mod merkle;
pub mod names;
pub mod note;
pub mod reason;
pub mod receipt;
pub mod report;
mod results;
mod rollup;
pub mod seal;
pub mod tiles;
mod trust;
pub mod trustees;
mod verdict;
mod verify;
pub mod witness;

pub use archive::{read_archive, ArchiveError, RecordFiles};
pub use canonical::{canonical_bytes, canonical_hash, canonical_json, tag, CanonicalError};
pub use export::{nist_1500_100, nist_document, ExportError};
pub use reason::{FetchProblem, Reason};
pub use receipt::{ElectionCode, ReceiptCode, ReceiptCodeError, ReceiptLink, ReceiptLinkError};
pub use report::{CheckId, CheckResult, Failure, Report, Status};
pub use results::{allowed_delegates, default_rules, validate_rules};
pub use rollup::{sum_areas, Overflow};
pub use trust::{ListedElection, TrustList};
pub use verdict::{Answer, Comparison, Listing, TwoBoardsKind, Verdict, Witnessing};
pub use verify::{
    verify_with, BallotFound, Driver, ElectionContext, Job, OpenedContest, PrecinctOutcome,
    Prepared, Progress, Proof, Statement, UnreachableFile, Verification, VoterOutcome, WorkUnit,
};
