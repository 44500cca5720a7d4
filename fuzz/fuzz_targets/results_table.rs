//! The results-table audit (CSV import and the caucus rules) on any pair of texts: it reports or
//! refuses, never panics, wraps or hangs.
#![no_main]

use castcheck_record::caucus::audit::audit_results_table;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (results, delegates) = input;
    let _ = audit_results_table(results, delegates);
});
