//! The committed report vector is what the native audit of the small record produces; the wasm
//! test compares its own report with the same vector.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use castcheck_record::verify::audit_with;

#[test]
fn native_report_matches_vector() {
    let (files, _) = common::small_record();
    let report = audit_with(&|p| files.get(p).cloned().ok_or_else(|| format!("no {p}")));
    let actual = serde_json::to_value(&report).unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/small-audit-report.json"
    );
    if std::env::var_os("CASTCHECK_WRITE_VECTORS").is_some() {
        std::fs::write(path, serde_json::to_string_pretty(&actual).unwrap()).unwrap();
    }
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(actual, expected);
    assert!(report.all_passed());
}
