//! Every record file kind and both verifier entry points: the first byte picks which file of a
//! small genuine record the rest of the input replaces, and whether a voter's check or the full
//! audit reads it. Whatever the bytes, verification ends without a panic, a hang or an unbounded
//! allocation, and the audit never passes a changed file.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use castcheck_record::{verify_with, FetchProblem, Job};
use castcheck_simulate::{simulate_in_memory, Receipt, SimulationSpec};
use libfuzzer_sys::fuzz_target;

struct Small {
    files: BTreeMap<String, Vec<u8>>,
    receipts: Vec<Receipt>,
    paths: Vec<String>,
}

fn small() -> &'static Small {
    static SMALL: OnceLock<Small> = OnceLock::new();
    SMALL.get_or_init(|| {
        let spec = SimulationSpec {
            voters: 12,
            precincts: 2,
            trustees: 2,
            threshold: 1,
            challenged: 1,
            seed: 3,
            ..SimulationSpec::default()
        };
        let record = simulate_in_memory(&spec).expect("the small spec simulates");
        let paths = record.files.keys().cloned().collect();
        Small {
            files: record.files,
            receipts: record.receipts,
            paths,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let small = small();
    let path = &small.paths[usize::from(choice) % small.paths.len()];
    if small.files[path] == bytes {
        return;
    }
    let read = |p: &str| {
        if p == path {
            Ok(bytes.to_vec())
        } else {
            small.files.get(p).cloned().ok_or(FetchProblem::NotFound)
        }
    };
    if choice & 0x80 == 0 {
        let code = small.receipts[usize::from(choice) % small.receipts.len()].code;
        verify_with(Job::Voter(code), read);
    } else {
        // The audit reads every file: no changed byte may pass it.
        assert!(!verify_with(Job::Audit, read).report.all_passed());
    }
});
