//! The audit of the small simulated record gives the committed report vector, and the facts a
//! person counted in that record independently of the verifier.
//!
//! The vector is compared, never written, by this test; `scripts/update-vectors.sh` rewrites it
//! on purpose (then review the diff). The wasm test compares its report with the same file.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use castcheck_record::{CheckId, Status};

#[test]
fn native_report_matches_vector() {
    let (files, _) = common::small_record();
    let report = common::audit(&files);
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("vectors/small-audit-report.json")).unwrap();
    assert_eq!(serde_json::to_value(&report).unwrap(), expected);
}

/// Counted from the spec of `common::small_spec`: 40 voters, 3 of whom challenged a ballot
/// first, in 3 precincts; the demo has no approval contests, so every check applies except none.
#[test]
fn the_small_record_audits_as_counted_by_hand() {
    let (files, receipts) = common::small_record();
    let report = common::audit(&files);
    assert!(report.all_passed());
    assert_eq!(report.ballots_verified, 43);
    assert_eq!(report.precincts_verified, 3);
    assert_eq!(receipts.len(), 43);
    for c in &report.checks {
        // Witnesses: no policy and no memory were given, so there is nothing to check.
        let expected = if c.id == CheckId::Witnesses {
            Status::NotApplicable
        } else {
            Status::Passed
        };
        assert_eq!(c.status, expected, "{}", c.id);
        assert_eq!(c.failed, 0);
    }
    // Every ballot's proofs and placement were checked once each.
    for id in [CheckId::BallotProofs, CheckId::Placement] {
        assert_eq!(report.check(id).unwrap().checked, 43, "{id}");
    }
    // 43 leaves: one partial tile, its entry bundle, and the frontier.
    assert_eq!(report.check(CheckId::Inclusion).unwrap().checked, 3);
    assert_eq!(report.check(CheckId::Challenged).unwrap().checked, 3);
}
