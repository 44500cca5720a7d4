//! Verification of a published record: the voter's check and the full audit, both run by one
//! [`Driver`] that is fed the bytes of record files. Nothing here panics or trusts a length it
//! was handed.

mod audit;
mod board;
mod driver;
mod election;
mod parse;
mod precinct;
mod totals;
mod voter;

pub use driver::{
    verify_with, Driver, Job, PrecinctOutcome, Prepared, Progress, UnreachableFile, Verification,
    WorkUnit,
};
pub use election::ElectionContext;
pub use voter::{BallotFound, OpenedContest, Proof, Statement, VoterOutcome};
