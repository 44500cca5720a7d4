//! The audit compiled to wasm32 gives the committed report on the same record.
//!
//! The record is simulated from a fixed seed (deterministic on every target); the committed
//! vector is also checked natively by `native_report_matches_vector`, and its key facts by hand.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_audit_report_equals_the_committed_one() {
    let (files, _) = common::small_record();
    let report = common::audit(&files);
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("vectors/small-audit-report.json")).unwrap();
    assert_eq!(serde_json::to_value(&report).unwrap(), expected);
    assert!(report.all_passed());
    assert_eq!(report.ballots_verified, 43);
}
