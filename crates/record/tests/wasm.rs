//! The audit compiled to wasm32 gives the same report as native on the same record.
//!
//! The record is simulated from a fixed seed (deterministic on every target); the expected
//! report was produced natively and is checked natively by `native_report_matches_vector`.
#![cfg(target_arch = "wasm32")]

mod common;

use castcheck_record::verify::audit_with;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_audit_report_equals_the_native_one() {
    let (files, _) = common::small_record();
    let report = audit_with(&|p| files.get(p).cloned().ok_or_else(|| format!("no {p}")));
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("vectors/small-audit-report.json")).unwrap();
    assert_eq!(serde_json::to_value(&report).unwrap(), expected);
}
