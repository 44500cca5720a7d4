//! Record v2: a host without the authority's key cannot change any byte a verifier uses, a
//! relabelled ballot never verifies for its receipt, and crypto values have one encoding.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use castcheck_record::board::EntryKind;
use castcheck_record::files::{index_path, precinct_path, CHECKPOINT_PATH, TOTALS_PATH};
use castcheck_record::reason::Reason;
use castcheck_record::seal::SealError;
use castcheck_record::{CheckId, ReceiptCode, Report, Status, VoterOutcome};
use serde_json::Value;

fn head_size(files: &common::Record) -> u64 {
    common::checkpoint_tree(&files[CHECKPOINT_PATH])
        .unwrap()
        .size
}

/// The V-00 reasons given for `file`.
fn v00_reasons(report: &Report, file: &str) -> Vec<Reason> {
    report
        .check(CheckId::Files)
        .unwrap()
        .failures
        .iter()
        .filter(|f| f.file == file)
        .map(|f| f.reason.clone())
        .collect()
}

fn seal_failures(report: &Report) -> Vec<(String, Reason)> {
    report
        .check(CheckId::Seals)
        .unwrap()
        .failures
        .iter()
        .map(|f| (f.file.clone(), f.reason.clone()))
        .collect()
}

/// A host rewrites the county and election rows of the totals so that they still add up, and
/// leaves the voter's own precinct row alone: the seal gives it away, the voter's check fails,
/// and no totals come out as verified.
#[test]
fn a_keyless_host_rewriting_the_totals_consistently_is_caught() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    common::rewrite(&mut files, TOTALS_PATH, |t| {
        // Move 5 votes from the second option to the first, everywhere above precincts.
        let shift = |area: &mut Value| {
            if let Some(counts) = area["contests"][0]["counts"].as_array_mut() {
                let (a, b) = (counts[0].as_u64().unwrap(), counts[1].as_u64().unwrap());
                if b >= 5 {
                    counts[0] = Value::from(a + 5);
                    counts[1] = Value::from(b - 5);
                }
            }
        };
        t["body"]["counties"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .for_each(shift);
        shift(&mut t["body"]["election"]);
    });
    let audit = common::audit(&files);
    assert_eq!(
        seal_failures(&audit),
        vec![(
            TOTALS_PATH.to_owned(),
            Reason::Seal {
                error: SealError::BadSignature
            }
        )]
    );
    let cast = record
        .receipts
        .iter()
        .find(|r| r.kind == EntryKind::Cast)
        .unwrap();
    let check = common::check(&files, &cast.code);
    assert_eq!(check.voter, Some(VoterOutcome::Failed));
    assert_eq!(check.totals, None);
    assert_eq!(
        check.report.check(CheckId::Rollup).unwrap().status,
        Status::NotRun
    );
}

/// A host changes an index entry to send a code to another precinct: the shard's seal fails.
#[test]
fn a_keyless_host_repointing_an_index_entry_is_caught() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    let r = &record.receipts[0];
    let other = record
        .receipts
        .iter()
        .find(|o| o.precinct != r.precinct)
        .unwrap();
    let shard = index_path(&r.code, head_size(&files));
    common::rewrite(&mut files, &shard, |v| {
        for e in v["body"]["entries"].as_array_mut().unwrap() {
            if common::entry_serves(e, &r.code) {
                e["precinct"] = Value::from(other.precinct.clone());
            }
        }
    });
    let check = common::check(&files, &r.code);
    assert_eq!(check.voter, Some(VoterOutcome::Failed));
    assert!(seal_failures(&check.report)
        .iter()
        .any(|(f, _)| *f == shard));
    // The authority itself could re-seal it; the precinct file then does not hold the code.
    common::reseal(&mut files, &record.authority);
    let check = common::check(&files, &r.code);
    assert_eq!(check.voter, Some(VoterOutcome::Failed));
    assert_eq!(
        check.report.check(CheckId::Index).unwrap().status,
        Status::Failed
    );
}

/// A file sealed for one path and served at another fails its seal.
#[test]
fn a_sealed_file_served_at_another_path_is_caught() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    let ids: Vec<String> = files
        .keys()
        .filter(|p| p.starts_with("precincts/"))
        .cloned()
        .collect();
    let copy = files[&ids[1]].clone();
    files.insert(ids[0].clone(), copy);
    let report = common::audit(&files);
    assert!(seal_failures(&report).iter().any(|(f, r)| *f == ids[0]
        && *r
            == Reason::Seal {
                error: SealError::BadSignature
            }));
    assert!(!report.all_passed());
}

/// The authority relabels a voter's cast ballot as challenged everywhere (board, index, precinct
/// file) and seals it all: the voter's receipt code says "cast", so the record no longer lists
/// it, and the voter is never told "verified".
#[test]
fn a_cast_ballot_relabelled_challenged_never_verifies_for_its_receipt() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    let r = record
        .receipts
        .iter()
        .find(|r| r.kind == EntryKind::Cast)
        .unwrap();
    let path = precinct_path(&r.precinct);
    let body: Value = serde_json::from_slice::<Value>(&files[&path]).unwrap()["body"].clone();
    let manifest: castcheck_record::manifest::Manifest =
        serde_json::from_slice(&files["manifest.json"]).unwrap();
    let fingerprint = manifest.fingerprint().unwrap();
    // A ballot's tracker is its hash (§3.4).
    let tracker_of = |b: &Value| {
        serde_json::from_value::<castcheck_record::ballot::Ballot>(b["ballot"].clone())
            .unwrap()
            .tracker(&fingerprint)
            .unwrap()
    };
    let ballot = body["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| ReceiptCode::for_ballot(&tracker_of(b), EntryKind::Cast) == r.code)
        .unwrap()
        .clone();
    let tracker = tracker_of(&ballot);
    let relabelled = ReceiptCode::for_ballot(&tracker, EntryKind::Challenged);
    assert_ne!(
        relabelled, r.code,
        "the kind is bound into the receipt code"
    );
    common::rewrite(&mut files, &path, |v| {
        let body = &mut v["body"];
        let ballots = body["ballots"].as_array_mut().unwrap();
        let i = ballots.iter().position(|b| *b == ballot).unwrap();
        let mut moved = ballots.remove(i);
        moved["opening"] = body["challenged"][0]["opening"].clone();
        body["challenged"].as_array_mut().unwrap().push(moved);
    });
    // The index entry moves to the relabelled code's shard, as challenged.
    let shard = index_path(&r.code, head_size(&files));
    let to = index_path(&relabelled, head_size(&files));
    let mut entry = Value::Null;
    common::rewrite(&mut files, &shard, |v| {
        let entries = v["body"]["entries"].as_array_mut().unwrap();
        let i = entries
            .iter()
            .position(|e| common::entry_serves(e, &r.code))
            .unwrap();
        entry = entries.remove(i);
    });
    entry["kind"] = Value::from("challenged");
    common::rewrite(&mut files, &to, |v| {
        v["body"]["entries"].as_array_mut().unwrap().push(entry);
    });
    common::reseal(&mut files, &record.authority);
    let check = common::check(&files, &r.code);
    assert!(
        !matches!(check.voter, Some(VoterOutcome::Verified(_))),
        "{:?}",
        check.voter
    );
    assert!(!common::audit(&files).all_passed());
}

/// Extra bytes inside an encrypted choice are not the canonical encoding: V-00, even when the
/// authority seals it (and without the key, the seal fails first).
#[test]
fn extra_bytes_inside_an_encrypted_choice_fail_v00() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    let path = precinct_path(&record.receipts[0].precinct);
    common::rewrite(&mut files, &path, |v| {
        let cts = &mut v["body"]["ballots"][0]["ballot"]["contests"][0]["ciphertexts"];
        // 32 more bytes (43 characters of 'A', then one to round the 32 bytes off).
        *cts = Value::from(format!("{}{}", cts.as_str().unwrap(), "A".repeat(43)));
    });
    let keyless = common::audit(&files);
    assert_eq!(
        keyless.check(CheckId::Seals).unwrap().status,
        Status::Failed
    );
    common::reseal(&mut files, &record.authority);
    let report = common::audit(&files);
    let files_check = report.check(CheckId::Files).unwrap();
    assert_eq!(files_check.status, Status::Failed);
    assert!(files_check
        .failures
        .iter()
        .any(|f| f.file == path && matches!(f.reason, Reason::InvalidBallot { .. })));
    assert_eq!(report.check(CheckId::Seals).unwrap().status, Status::Passed);
}

/// A file whose bytes are not canonical (here: one added space) fails V-00 before anything reads
/// it, even with a valid seal over its contents.
#[test]
fn a_non_canonical_file_fails_v00() {
    let (mut files, _) = common::small_record();
    let mut bytes = files[TOTALS_PATH].clone();
    bytes.insert(1, b' ');
    files.insert(TOTALS_PATH.to_owned(), bytes);
    let report = common::audit(&files);
    assert!(v00_reasons(&report, TOTALS_PATH).contains(&Reason::NotCanonicalFile));
}

/// A value written in another spelling than its normal form (a zero-padded checkpoint size, an
/// extra member in a seal) is refused, though it means the same: one value, one encoding.
#[test]
fn another_spelling_of_the_same_value_is_refused() {
    let (files, _) = common::small_record();
    // The checkpoint's size with a leading zero: the signature would not cover it anyway, but it
    // is refused before that as a malformed checkpoint.
    let text = String::from_utf8(files[CHECKPOINT_PATH].clone()).unwrap();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let padded = format!("0{}", lines[1]);
    lines[1] = &padded;
    let mut zero = files.clone();
    zero.insert(CHECKPOINT_PATH.to_owned(), lines.join("\n").into_bytes());
    let report = common::audit(&zero);
    assert_eq!(
        report.check(CheckId::Checkpoint).unwrap().status,
        Status::Failed
    );
    let mut extra = files;
    common::rewrite(&mut extra, TOTALS_PATH, |v| {
        v["seal"]["head"]["note"] = Value::from("x");
    });
    let report = common::audit(&extra);
    assert!(v00_reasons(&report, TOTALS_PATH).contains(&Reason::NotCanonicalFile));
    // A manifest whose rules are spelt out differently from their normal form, too.
    let (mut manifest, _) = common::small_record();
    common::rewrite(&mut manifest, "manifest.json", |m| {
        m["contests"][0]["rules"]["note"] = Value::from("ignored before format 2");
    });
    let report = common::audit(&manifest);
    assert_eq!(report.check(CheckId::Files).unwrap().status, Status::Failed);
}

/// The authority invents one precinct's counts, adds them up consistently into the county and
/// election rows, seals the totals, and withholds that precinct's file (or breaks its tally):
/// the audit fails V-13 for the row no verified tally backs, and hands out no totals.
#[test]
fn invented_totals_for_a_withheld_precinct_are_never_handed_out() {
    let record = common::small_record_with_key();
    let mut files = record.files;
    let manifest: castcheck_record::manifest::Manifest =
        serde_json::from_slice(&files["manifest.json"]).unwrap();
    let p = &manifest.precincts[0];
    common::rewrite(&mut files, TOTALS_PATH, |t| {
        let body = &mut t["body"];
        let shift = |area: &mut Value| {
            let counts = area["contests"][0]["counts"].as_array_mut().unwrap();
            let (a, b) = (counts[0].as_u64().unwrap(), counts[1].as_u64().unwrap());
            let moved = b.min(3);
            counts[0] = Value::from(a + moved);
            counts[1] = Value::from(b - moved);
        };
        for row in body["precincts"].as_array_mut().unwrap() {
            if row["area"] == p.id.as_str() {
                shift(row);
            }
        }
        for row in body["counties"].as_array_mut().unwrap() {
            if row["area"] == p.county.as_str() {
                shift(row);
            }
        }
        shift(&mut body["election"]);
    });
    common::reseal(&mut files, &record.authority);
    files.remove(&precinct_path(&p.id));
    let v = castcheck_record::verify_with(castcheck_record::Job::Audit, common::reader(&files));
    assert!(!v.report.all_passed());
    assert!(v
        .report
        .check(CheckId::Rollup)
        .unwrap()
        .failures
        .iter()
        .any(|f| f.reason == Reason::TallyNotVerified { area: p.id.clone() }));
    assert_eq!(v.totals, None);
}

/// A voter's check compares only its own precinct's row with a verified tally, so it never hands
/// out totals, even when every check it runs passes.
#[test]
fn a_voters_check_hands_out_no_totals() {
    let record = common::small_record_with_key();
    let cast = record
        .receipts
        .iter()
        .find(|r| r.kind == EntryKind::Cast)
        .unwrap();
    let v = common::check(&record.files, &cast.code);
    assert!(matches!(v.voter, Some(VoterOutcome::Verified(_))));
    assert_eq!(v.totals, None);
}
