//! Hostile numbers in a record: a threshold with a huge denominator, counts near `u64::MAX`,
//! decrypted values that overflow a sum. Each ends in a failed check with a clear reason, never
//! a panic, a wrap or a hang. The record is changed as the authority could (files sealed again
//! with its key), so the number checks themselves must catch it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use castcheck_record::caucus::RulesError;
use castcheck_record::files::precinct_path;
use castcheck_record::manifest::Manifest;
use castcheck_record::reason::Reason;
use castcheck_record::{CheckId, Report, Status};
use castcheck_simulate::sign_checkpoint;
use ed25519_dalek::SigningKey;
use serde_json::{json, Value};

type Record = std::collections::BTreeMap<String, Vec<u8>>;

fn edit(files: &mut Record, path: &str, f: impl FnOnce(&mut Value)) {
    common::rewrite(files, path, f);
}

fn reseal(files: &mut Record, key: &SigningKey) {
    common::reseal(files, key);
}

/// Changes the manifest as `f` says, then plays the authority: a new key, the checkpoint re-signed and
/// files sealed again for the new fingerprint, so that signatures and seals still verify.
fn with_manifest(f: impl FnOnce(&mut Value)) -> Record {
    let (mut files, _) = common::small_record();
    let key = SigningKey::from_bytes(&[9; 32]);
    edit(&mut files, "manifest.json", |m| {
        f(m);
        m["authority"]["signing_key"] = Value::from(hex::encode(key.verifying_key().as_bytes()));
        // Written in its normal form, as an authority would: defaults spelt out.
        let normal: Manifest = serde_json::from_value(m.clone()).unwrap();
        *m = serde_json::to_value(normal).unwrap();
    });
    let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let fingerprint = manifest.fingerprint().unwrap();
    let tree = common::checkpoint_tree(&files["board/checkpoint"]).unwrap();
    let checkpoint = sign_checkpoint(&fingerprint, &tree, manifest.voting_closes, &key);
    files.insert("board/checkpoint".to_owned(), checkpoint.into_bytes());
    reseal(&mut files, &key);
    files
}

fn failures(report: &Report, id: CheckId) -> Vec<Reason> {
    report
        .check(id)
        .unwrap()
        .failures
        .iter()
        .map(|f| f.reason.clone())
        .collect()
}

#[test]
fn a_threshold_above_100_percent_with_a_huge_denominator_fails_v01() {
    let files = with_manifest(|m| {
        m["contests"][0]["rules"] = json!({
            "kind": "proportional",
            "viability_percent": "18446744073709551615/3",
        });
    });
    let report = common::audit(&files);
    assert_eq!(
        report.check(CheckId::Manifest).unwrap().status,
        Status::Failed
    );
    assert!(failures(&report, CheckId::Manifest)
        .iter()
        .any(|r| matches!(
            r,
            Reason::InvalidRules {
                error: RulesError::ViabilityOver100 { .. },
                ..
            }
        )));
}

#[test]
fn a_threshold_of_one_millionth_percent_is_applied_to_the_end() {
    let files = with_manifest(|m| {
        m["contests"][0]["rules"] = json!({
            "kind": "proportional",
            "viability_percent": "1/1048576",
        });
    });
    let report = common::audit(&files);
    // The rules are valid and applied to every precinct (the published delegates were made
    // under other rules, and the trackers bind the old fingerprint); the audit ends.
    assert_eq!(
        report.check(CheckId::Manifest).unwrap().status,
        Status::Passed
    );
    let results = report.check(CheckId::Results).unwrap();
    assert_ne!(results.status, Status::NotRun);
    assert!(results.checked >= 3, "{results:?}");
    assert!(!report.all_passed());
}

/// Numbers beyond 2^53 cannot be in a record at all: no canonical encoding holds them.
#[test]
fn counts_near_the_top_of_u64_fail_v00_even_when_sealed() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    edit(&mut files, "totals.json", |t| {
        for c in t["body"]["precincts"][0]["contests"][0]["counts"]
            .as_array_mut()
            .unwrap()
        {
            *c = Value::from(u64::MAX - 1);
        }
    });
    let report = common::audit(&files);
    assert!(failures(&report, CheckId::Files)
        .iter()
        .any(|r| matches!(r, Reason::NotCanonicalFile)));
    assert_eq!(
        report.check(CheckId::Rollup).unwrap().status,
        Status::NotRun
    );
}

/// Counts that are canonical but cannot be real: far more votes than the precinct has voters.
/// The rules still run to the end and name the row.
#[test]
fn impossible_counts_in_the_totals_fail_v13_and_v14() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    edit(&mut files, "totals.json", |t| {
        let counts = t["body"]["precincts"][0]["contests"][0]["counts"]
            .as_array_mut()
            .unwrap();
        for (i, c) in counts.iter_mut().enumerate() {
            *c = Value::from(if i == 0 { (1u64 << 53) - 1 } else { 0 });
        }
    });
    reseal(&mut files, &record.authority);
    let report = common::audit(&files);
    let rollup = failures(&report, CheckId::Rollup);
    assert!(
        rollup
            .iter()
            .any(|r| matches!(r, Reason::DiffersFromTally { .. })),
        "{rollup:?}"
    );
    assert_eq!(
        report.check(CheckId::Results).unwrap().status,
        Status::Failed
    );
}

#[test]
fn decrypted_values_beyond_the_ballots_fail_v12() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let path = precinct_path(&manifest.precincts[0].id);
    edit(&mut files, &path, |p| {
        let values = p["body"]["tally"][0]["decryption"]["values"]
            .as_array_mut()
            .unwrap();
        values[0] = Value::from((1u64 << 53) - 1);
        values[1] = Value::from((1u64 << 53) - 1);
    });
    reseal(&mut files, &record.authority);
    let report = common::audit(&files);
    assert_eq!(
        report.check(CheckId::Counts).unwrap().status,
        Status::Failed
    );
    assert!(failures(&report, CheckId::Counts)
        .iter()
        .all(|r| matches!(r, Reason::Decryption { .. })));
}
