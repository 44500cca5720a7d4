//! Verification of a published record: the voter's check and the full audit.
//!
//! Both take the bytes of record files and return a [`Report`](crate::report::Report); nothing
//! here panics or trusts a length it was handed.

mod audit;
mod election;
mod parse;
mod precinct;
mod totals;
mod voter;

pub use audit::{audit_scope, audit_with, Auditor};
pub use election::ElectionContext;
pub use precinct::{verify_precinct, PrecinctSummary};
pub use voter::{
    check_receipt, find_in_index, index_shard_for, precinct_file_for, voter_scope, BallotFound,
    VoterInputs, VoterOutcome, VoterReport,
};
