//! What the record-file targets share: a small genuine record, one of whose files the fuzzer's
//! bytes replace, read by a voter's check (first input byte even) or the full audit (odd).
//! Whatever the bytes, verification ends without a panic, a hang or an unbounded allocation,
//! and the audit never passes a changed file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use castcheck_record::{verify_with, FetchProblem, Job, ReceiptCode};
use castcheck_simulate::{simulate_in_memory, SimulationSpec};

struct Small {
    files: BTreeMap<String, Vec<u8>>,
    codes: Vec<ReceiptCode>,
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
        Small {
            files: record.files,
            codes: record.receipts.iter().map(|r| r.code).collect(),
        }
    })
}

/// Replaces the first file whose path starts with `prefix` by `data[1..]` and verifies.
pub fn fuzz_file(prefix: &str, data: &[u8]) {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let small = small();
    let Some(path) = small.files.keys().find(|p| p.starts_with(prefix)) else {
        return;
    };
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
    if choice % 2 == 0 {
        let code = small.codes[usize::from(choice) % small.codes.len()];
        verify_with(Job::Voter(code), read);
    } else {
        // The audit reads every file: no changed byte may pass it.
        assert!(!verify_with(Job::Audit, read).report.all_passed());
    }
}
