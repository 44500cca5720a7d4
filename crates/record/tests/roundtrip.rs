mod common;

use castcheck_record::board::EntryKind;
use castcheck_record::receipt::ReceiptCode;
use castcheck_record::report::Status;
use castcheck_record::VoterOutcome;

#[test]
fn a_simulated_record_passes_the_full_audit() {
    let (files, _) = common::small_record();
    let report = common::audit(&files);
    let failed: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.status != Status::Passed && c.status != Status::NotApplicable)
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(report.all_passed());
    assert_eq!(report.ballots_verified, 43);
    // Totals that every check backs are handed out, as published.
    let v = castcheck_record::verify_with(castcheck_record::Job::Audit, common::reader(&files));
    let totals = v.totals.expect("verified totals");
    assert_eq!(totals.election.ballots, 40);
    assert_eq!(totals.precincts.len(), 3);
}

#[test]
fn every_receipt_verifies_and_challenged_ones_open() {
    let (files, receipts) = common::small_record();
    for r in &receipts {
        let out = common::check(&files, &r.code);
        let Some(VoterOutcome::Verified(found)) = &out.voter else {
            panic!("{:#?}", out.report.checks)
        };
        assert_eq!(found.kind, r.kind);
        assert_eq!(found.opened.is_some(), r.kind == EntryKind::Challenged);
    }
}

#[test]
fn a_well_formed_unknown_code_is_not_found() {
    let (files, _) = common::small_record();
    let code = ReceiptCode::from_digest(&castcheck_record::digest::Digest([9; 32]));
    let out = common::check(&files, &code);
    assert_eq!(out.voter, Some(VoterOutcome::NotFound));
}
