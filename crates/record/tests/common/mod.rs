//! A small simulated election shared by the integration tests.

use std::collections::BTreeMap;

use castcheck_record::{verify_with, FetchProblem, Job, ReceiptCode, Report, Verification};
use castcheck_simulate::{simulate_in_memory, Receipt, SimulationSpec};

pub fn small_spec() -> SimulationSpec {
    SimulationSpec {
        voters: 40,
        precincts: 3,
        trustees: 3,
        threshold: 2,
        challenged: 3,
        seed: 7,
        ..SimulationSpec::default()
    }
}

pub fn small_record() -> (BTreeMap<String, Vec<u8>>, Vec<Receipt>) {
    simulate_in_memory(&small_spec()).expect("the small spec simulates")
}

/// Reads files from an in-memory record, as a fetcher would.
pub fn reader(
    files: &BTreeMap<String, Vec<u8>>,
) -> impl FnMut(&str) -> Result<Vec<u8>, FetchProblem> + '_ {
    |p| files.get(p).cloned().ok_or(FetchProblem::NotFound)
}

/// The full audit of an in-memory record.
#[allow(dead_code)]
pub fn audit(files: &BTreeMap<String, Vec<u8>>) -> Report {
    verify_with(Job::Audit, reader(files)).report
}

/// The voter's check of `code` against an in-memory record.
#[allow(dead_code)]
pub fn check(files: &BTreeMap<String, Vec<u8>>, code: &ReceiptCode) -> Verification {
    verify_with(Job::Voter(*code), reader(files))
}
