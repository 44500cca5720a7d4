mod common;

use castcheck_record::board::EntryKind;
use castcheck_record::files::{index_path, precinct_path};
use castcheck_record::manifest::Manifest;
use castcheck_record::receipt::ReceiptCode;
use castcheck_record::report::Status;
use castcheck_record::verify::{
    audit_with, check_receipt, find_in_index, VoterInputs, VoterOutcome,
};

#[test]
fn a_simulated_record_passes_the_full_audit() {
    let (files, _) = common::small_record();
    let report = audit_with(&|p| files.get(p).cloned().ok_or_else(|| format!("no {p}")));
    let failed: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.status != Status::Passed && c.status != Status::NotApplicable)
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(report.all_passed());
    assert_eq!(report.ballots_verified, 43);
}

#[test]
fn every_receipt_verifies_and_challenged_ones_open() {
    let (files, receipts) = common::small_record();
    let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
    for r in &receipts {
        let index = &files[&index_path(&r.code, manifest.index_prefix_len)];
        let entry = find_in_index(&r.code, index, manifest.index_prefix_len)
            .unwrap()
            .expect("listed");
        let out = check_receipt(
            &r.code,
            VoterInputs {
                manifest: &files["manifest.json"],
                heads: &files["heads.json"],
                totals: &files["totals.json"],
                index,
                precinct: files
                    .get(&precinct_path(&entry.precinct))
                    .map(Vec::as_slice),
            },
        );
        let VoterOutcome::Verified(found) = &out.outcome else {
            panic!("{:#?}", out.report.checks)
        };
        assert_eq!(found.kind, r.kind);
        assert_eq!(found.opened.is_some(), r.kind == EntryKind::Challenged);
    }
}

#[test]
fn a_well_formed_unknown_code_is_not_found() {
    let (files, _) = common::small_record();
    let code = ReceiptCode::from_tracker(&castcheck_record::digest::Digest([9; 32]));
    let out = check_receipt(
        &code,
        VoterInputs {
            manifest: &files["manifest.json"],
            heads: &files["heads.json"],
            totals: &files["totals.json"],
            index: &files[&index_path(&code, 1)],
            precinct: None,
        },
    );
    assert_eq!(out.outcome, VoterOutcome::NotFound);
}
