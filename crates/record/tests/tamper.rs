//! Tampering with a simulated record: every change must fail the audit, under the check id a
//! careful verifier would name, and must never let a voter's check read as verified.
//!
//! Files are edited as `serde_json::Value`s. Each deterministic test asserts the exact set of
//! failed checks (with the reason for the secondary ones); the proptests pick random positions
//! and values and assert the primary check.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use castcheck_record::board::{CheckpointProblem, EntryKind};
use castcheck_record::canonical_json;
use castcheck_record::files::IndexShard;
use castcheck_record::files::{index_path, precinct_path, proofs_path};
use castcheck_record::manifest::Manifest;
use castcheck_record::note::{Checkpoint, Note, NoteKey, TYPE_COSIGNATURE};
use castcheck_record::reason::Reason;
use castcheck_record::receipt::ReceiptCode;
use castcheck_record::report::{CheckId, Report, Status};
use castcheck_record::witness::{WitnessPolicy, WitnessProblem};
use castcheck_record::VoterOutcome;
use castcheck_simulate::{sign_checkpoint, Receipt};
use ed25519_dalek::SigningKey;
use proptest::prelude::*;
use proptest::sample::Index as Pick;
use serde_json::Value;

type Record = BTreeMap<String, Vec<u8>>;

/// A named change to one JSON file.
type Edit = Box<dyn Fn(&mut Value)>;

const MANIFEST: &str = "manifest.json";
const CHECKPOINT: &str = "board/checkpoint";
const TOTALS: &str = "totals.json";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The small record, simulated once per test binary, with the authority's key.
fn base() -> &'static (Record, Vec<Receipt>, SigningKey) {
    static RECORD: OnceLock<(Record, Vec<Receipt>, SigningKey)> = OnceLock::new();
    RECORD.get_or_init(|| {
        let r = common::small_record_with_key();
        (r.files, r.receipts, r.authority)
    })
}

fn files() -> Record {
    base().0.clone()
}

fn receipts() -> &'static [Receipt] {
    &base().1
}

/// Every file but the manifest and the board carries the authority's seal.
fn is_sealed(path: &str) -> bool {
    path != MANIFEST && !path.starts_with("board/")
}

/// A file's contents (the body of a sealed file).
fn read(files: &Record, path: &str) -> Value {
    let v: Value = serde_json::from_slice(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"));
    if is_sealed(path) {
        v["body"].clone()
    } else {
        v
    }
}

/// Writes a file's contents, sealed as the authority would.
fn write(files: &mut Record, path: &str, value: &Value) {
    let placeholder = serde_json::json!({"body": value, "seal": {"head": {"root": "00".repeat(32), "size": 0}, "signature": ""}});
    let bytes = if is_sealed(path) { &placeholder } else { value };
    // Numbers beyond 2^53 have no canonical form; such a file is written as plain JSON.
    let written = canonical_json(bytes).unwrap_or_else(|_| serde_json::to_vec(bytes).unwrap());
    files.insert(path.to_owned(), written);
}

fn reseal(files: &mut Record, key: &SigningKey) {
    common::reseal(files, key);
}

/// Changes one file's contents, then plays the authority: the change is sealed, so only the
/// deeper checks can catch it.
fn edit(files: &mut Record, path: &str, f: impl FnOnce(&mut Value)) {
    let mut v = read(files, path);
    f(&mut v);
    write(files, path, &v);
    reseal(files, &base().2);
}

/// A copy of the record with one file edited.
fn tampered(path: &str, f: impl FnOnce(&mut Value)) -> Record {
    let mut fs = files();
    edit(&mut fs, path, f);
    fs
}

/// The checkpoint's size, which decides the index shards.
fn head_size() -> u64 {
    common::checkpoint_tree(&base().0[CHECKPOINT]).unwrap().size
}

/// A posted ballot's tracker: the hash of its ballot and the election fingerprint (§3.4).
fn tracker_of(posted: &Value) -> castcheck_record::digest::Digest {
    serde_json::from_value::<castcheck_record::ballot::Ballot>(posted["ballot"].clone())
        .unwrap()
        .tracker(&manifest().fingerprint().unwrap())
        .unwrap()
}

fn manifest() -> Manifest {
    serde_json::from_slice(&base().0[MANIFEST]).unwrap()
}

/// Precinct ids in manifest order.
fn precinct_ids() -> Vec<String> {
    manifest().precincts.into_iter().map(|p| p.id).collect()
}

/// The precinct with the most cast ballots and at least one challenged ballot.
fn busy_precinct() -> String {
    precinct_ids()
        .into_iter()
        .filter(|p| {
            let v = read(&base().0, &precinct_path(p));
            !v["challenged"].as_array().unwrap().is_empty()
        })
        .max_by_key(|p| ballots_in(p))
        .expect("the small record has challenged ballots")
}

fn ballots_in(precinct: &str) -> usize {
    read(&base().0, &precinct_path(precinct))["ballots"]
        .as_array()
        .unwrap()
        .len()
}

fn audit(files: &Record) -> Report {
    common::audit(files)
}

fn status(report: &Report, id: CheckId) -> Status {
    report.check(id).expect("every check is reported").status
}

fn failures(report: &Report) -> String {
    report
        .checks
        .iter()
        .filter(|c| c.status == Status::Failed)
        .map(|c| {
            let reasons: Vec<String> = c.failures.iter().take(3).map(|f| f.to_string()).collect();
            format!("{}: {}", c.id, reasons.join(" | "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The audit fails, and every check in `expected` is among the failed ones.
#[track_caller]
fn assert_caught(report: &Report, expected: &[CheckId]) {
    assert!(!report.all_passed(), "the tampering passed the audit");
    for &id in expected {
        assert_eq!(
            status(report, id),
            Status::Failed,
            "{id} should fail; failed:\n{}",
            failures(report)
        );
    }
}

/// The audit fails with exactly the checks in `expected` failed.
#[track_caller]
fn assert_failed_exactly(report: &Report, expected: &[CheckId]) {
    assert_caught(report, expected);
    let failed = primary_failures(report, expected);
    let expected: BTreeSet<CheckId> = expected.iter().copied().collect();
    assert_eq!(failed, expected, "failed:\n{}", failures(report));
}

/// The failed checks, less one consequence: a precinct whose tally did not verify leaves its row
/// in the totals unbacked, which V-13 reports as `tally-not-verified` unless `expected` names
/// V-13 itself. Any other V-13 failure stays.
fn primary_failures(report: &Report, expected: &[CheckId]) -> BTreeSet<CheckId> {
    let unbacked_only = report
        .check(CheckId::Rollup)
        .unwrap()
        .failures
        .iter()
        .all(|f| matches!(f.reason, Reason::TallyNotVerified { .. }));
    report
        .failed_checks()
        .into_iter()
        .filter(|&id| id != CheckId::Rollup || expected.contains(&id) || !unbacked_only)
        .collect()
}

/// A changed character in a ballot: either a value that is not the one canonical encoding
/// (V-00) or a valid value whose proof fails (V-07); either way the tracker (V-08) and the
/// precinct's sum (V-10) fail, and nothing else.
#[track_caller]
fn assert_ballot_rejected(report: &Report) {
    // The ballot's tracker is its hash, so its board leaf and receipt code change with it: the
    // board (V-05) and the index (V-16) no longer match, and it is left out of the sum (V-10).
    assert_failed_within(
        report,
        &[CheckId::BoardRoot, CheckId::EncryptedTally, CheckId::Index],
        &[CheckId::Files, CheckId::BallotProofs],
    );
    assert!(
        [CheckId::Files, CheckId::BallotProofs]
            .iter()
            .any(|&id| status(report, id) == Status::Failed),
        "the ballot itself was not rejected:\n{}",
        failures(report)
    );
}

/// The audit fails with every check in `must` failed and no others but those in `may`.
#[track_caller]
fn assert_failed_within(report: &Report, must: &[CheckId], may: &[CheckId]) {
    assert_caught(report, must);
    let allowed: Vec<CheckId> = must.iter().chain(may).copied().collect();
    let failed = primary_failures(report, &allowed);
    let allowed: BTreeSet<CheckId> = allowed.into_iter().collect();
    assert!(failed.is_subset(&allowed), "failed:\n{}", failures(report));
}

/// The voter's check for `code` against `files`, driven the way the web app drives it.
fn voter(files: &Record, code: &ReceiptCode) -> VoterOutcome {
    common::check(files, code)
        .voter
        .expect("a voter's check answers")
}

/// Every voter of `precinct` gets `Failed`.
#[track_caller]
fn assert_voters_fail(files: &Record, precinct: &str) {
    let mut n = 0;
    for r in receipts().iter().filter(|r| r.precinct == precinct) {
        let out = voter(files, &r.code);
        assert_eq!(out, VoterOutcome::Failed, "{} ({:?})", r.code, r.kind);
        n += 1;
    }
    assert!(n > 0, "no receipts in {precinct}");
}

/// Every voter outside `precinct` is still verified.
#[track_caller]
fn assert_other_voters_verified(files: &Record, precinct: &str) {
    for r in receipts().iter().filter(|r| r.precinct != precinct) {
        let out = voter(files, &r.code);
        assert!(
            matches!(out, VoterOutcome::Verified(_)),
            "{} in {}: {out:?}",
            r.code,
            r.precinct
        );
    }
}

/// Replaces the character at `at` of a base64url string by another base64url character.
fn change_char(s: &str, at: usize, step: usize) -> String {
    let mut bytes = s.as_bytes().to_vec();
    let i = BASE64URL
        .iter()
        .position(|&c| c == bytes[at])
        .expect("a base64url character");
    bytes[at] = BASE64URL[(i + 1 + step % 63) % 64];
    String::from_utf8(bytes).unwrap()
}

/// Where a value sits in a single-choice contest's proof bytes (spec §5.2), for `n` options.
#[derive(Debug, Clone, Copy)]
enum ProofField {
    /// Option `i`'s commitment `j` (0: A_0, 1: B_0, 2: A_1, 3: B_1).
    Commitment(usize, usize),
    C0(usize),
    Z0(usize),
    Z1(usize),
    SumResponse,
}

impl ProofField {
    fn offset(self) -> usize {
        match self {
            Self::Commitment(i, j) => 224 * i + 32 * j,
            Self::C0(i) => 224 * i + 128,
            Self::Z0(i) => 224 * i + 160,
            Self::Z1(i) => 224 * i + 192,
            Self::SumResponse => 224 * 6 + 64,
        }
    }
}

/// Adds `delta` to byte `byte` (0: the lowest) of a 32-byte value at `offset` in the base64url
/// string at `pointer`. A low byte of a scalar keeps it canonical but wrong.
fn change_bytes(v: &mut Value, pointer: &str, offset: usize, byte: usize, delta: u8) {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let s = v.pointer_mut(pointer).expect("pointer exists");
    let mut bytes = Base64UrlUnpadded::decode_vec(s.as_str().unwrap()).unwrap();
    bytes[offset + byte] = bytes[offset + byte].wrapping_add(delta);
    *s = Value::String(Base64UrlUnpadded::encode_string(&bytes));
}

/// Changes one value of the proof of contest 0 of the `entry`th ballot of a proofs file.
fn change_proof(v: &mut Value, entry: usize, field: ProofField, byte: usize, delta: u8) {
    let pointer = format!("/ballots/{entry}/proofs/0");
    change_bytes(v, &pointer, field.offset(), byte, delta);
}

/// Changes byte `byte` of option `option`'s blinded element `B` in the ciphertexts at `pointer`.
fn change_blinded(v: &mut Value, pointer: &str, option: usize, byte: usize, delta: u8) {
    change_bytes(v, pointer, 64 * option + 32, byte, delta);
}

/// A changed value in a proofs file: a value that is not the one canonical encoding (V-00) or a
/// proof that fails (V-07), and nothing else: proofs are not part of the tracker.
#[track_caller]
fn assert_proof_rejected(report: &Report) {
    assert_failed_within(report, &[], &[CheckId::Files, CheckId::BallotProofs]);
}

fn change_string_at(v: &mut Value, pointer: &str, at: usize, step: usize) {
    let s = v.pointer_mut(pointer).expect("pointer exists");
    let old = s.as_str().unwrap().to_owned();
    *s = Value::String(change_char(&old, at % old.len(), step));
}

fn bump(v: &mut Value, delta: i64) {
    let old = v.as_u64().expect("a count");
    *v = Value::from(old.checked_add_signed(delta).expect("stays non-negative"));
}

/// The checkpoint's text (no signatures).
fn checkpoint(files: &Record) -> Checkpoint {
    Checkpoint::from_text(&Note::parse(&files[CHECKPOINT]).unwrap().text).unwrap()
}

/// Replaces the checkpoint with `c` signed by `key` under the checkpoint's key name (the origin).
fn resign(files: &mut Record, key: &SigningKey, c: &Checkpoint) {
    let mut note = Note {
        text: c.text(),
        signatures: Vec::new(),
    };
    note.sign(&c.origin, key);
    files.insert(CHECKPOINT.to_owned(), note.to_text().into_bytes());
}

// ---------------------------------------------------------------------------------------------
// Baseline: the helpers alone change nothing
// ---------------------------------------------------------------------------------------------

#[test]
fn record_rewritten_through_json_values_still_passes() {
    let mut fs = files();
    let paths: Vec<String> = fs
        .keys()
        .filter(|p| !p.starts_with("board/"))
        .cloned()
        .collect();
    for p in paths {
        edit(&mut fs, &p, |_| {});
    }
    let report = audit(&fs);
    assert!(report.all_passed(), "{}", failures(&report));
    for r in receipts() {
        assert!(matches!(voter(&fs, &r.code), VoterOutcome::Verified(_)));
    }
    assert!(precinct_ids().len() >= 3);
    assert!(receipts().iter().any(|r| r.kind == EntryKind::Challenged));
}

// ---------------------------------------------------------------------------------------------
// V-12: published counts
// ---------------------------------------------------------------------------------------------

#[test]
fn a_count_changed_in_a_precinct_tally_fails_counts() {
    for p in precinct_ids() {
        let fs = tampered(&precinct_path(&p), |v| {
            bump(&mut v["tally"][0]["decryption"]["values"][0], 1)
        });
        // The proofs are fine (V-11) but the values are not what they decrypt to.
        assert_failed_exactly(&audit(&fs), &[CheckId::Counts]);
        assert_voters_fail(&fs, &p);
    }
}

#[test]
fn a_vote_moved_between_options_in_a_tally_fails_counts() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        let values = &mut v["tally"][0]["decryption"]["values"];
        let from = (0..6).find(|&i| values[i].as_u64().unwrap() > 0).unwrap();
        bump(&mut values[from], -1);
        bump(&mut values[(from + 1) % 6], 1);
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Counts]);
    assert_voters_fail(&fs, &p);
}

// ---------------------------------------------------------------------------------------------
// V-13: roll-up in totals.json
// ---------------------------------------------------------------------------------------------

#[test]
fn a_count_changed_in_totals_fails_rollup() {
    let edits: Vec<(&str, Edit)> = vec![
        (
            "precinct",
            Box::new(|v| bump(&mut v["precincts"][1]["contests"][0]["counts"][2], 1)),
        ),
        (
            "county",
            Box::new(|v| bump(&mut v["counties"][0]["contests"][0]["counts"][0], 1)),
        ),
        (
            "election",
            Box::new(|v| bump(&mut v["election"]["contests"][0]["counts"][5], 1)),
        ),
        (
            "precinct ballots",
            Box::new(|v| bump(&mut v["precincts"][0]["ballots"], 1)),
        ),
        (
            "election ballots",
            Box::new(|v| bump(&mut v["election"]["ballots"], -1)),
        ),
    ];
    for (what, f) in edits {
        let fs = tampered(TOTALS, f);
        let report = audit(&fs);
        assert!(!report.all_passed(), "{what}");
        assert_failed_exactly(&report, &[CheckId::Rollup]);
        for r in receipts() {
            assert_eq!(voter(&fs, &r.code), VoterOutcome::Failed, "{what}");
        }
    }
}

/// Moving a vote in a precinct and its county and the election keeps the sums right, but the
/// precinct no longer matches its verified tally.
#[test]
fn a_consistent_change_through_all_totals_still_fails_rollup() {
    let fs = tampered(TOTALS, |v| {
        for area in ["/precincts/0", "/counties/0", "/election"] {
            let counts = v
                .pointer_mut(&format!("{area}/contests/0/counts/0"))
                .unwrap();
            bump(counts, 1);
        }
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Rollup]);
}

// ---------------------------------------------------------------------------------------------
// V-07 / V-08: a ballot's bytes
// ---------------------------------------------------------------------------------------------

/// A changed challenge or response is an invalid proof (V-07) and nothing else: the proofs are
/// not part of the ballot's tracker, so the board and the index stand. Every voter of the
/// precinct is told (their check proves every ballot of the precinct).
#[test]
fn a_changed_proof_value_fails_proofs() {
    let p = busy_precinct();
    for (entry, field) in [
        (0, ProofField::C0(0)),
        (3, ProofField::Z1(5)),
        (2, ProofField::Z0(3)),
        (1, ProofField::SumResponse),
    ] {
        let fs = tampered(&proofs_path(&p), |v| change_proof(v, entry, field, 7, 1));
        assert_failed_exactly(&audit(&fs), &[CheckId::BallotProofs]);
        assert_voters_fail(&fs, &p);
    }
}

/// A changed commitment is either not a group element (V-00) or a wrong one (V-07).
#[test]
fn a_changed_commitment_fails_proofs() {
    let p = busy_precinct();
    for j in 0..4 {
        let fs = tampered(&proofs_path(&p), |v| {
            change_proof(v, 1, ProofField::Commitment(2, j), 0, 1)
        });
        assert_proof_rejected(&audit(&fs));
    }
}

#[test]
fn a_changed_ciphertext_fails_proofs_and_the_board() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        change_blinded(v, "/ballots/2/ballot/contests/0/ciphertexts", 1, 3, 3)
    });
    assert_ballot_rejected(&audit(&fs));
}

/// A base64url string whose last character carries set unused bits (or one character too many)
/// is not the one canonical encoding of its bytes: the same bytes cannot be read twice.
fn non_canonical(v: &mut Value, field: &str) {
    let s = v.pointer_mut(field).unwrap();
    let old = s.as_str().unwrap().to_owned();
    // An extra, non-canonical final character: the same bytes cannot be read twice.
    let last = old.as_bytes()[old.len() - 1];
    let i = BASE64URL.iter().position(|&c| c == last).unwrap();
    let mut bytes = old.into_bytes();
    let len = bytes.len();
    bytes[len - 1] = BASE64URL[i ^ 1];
    bytes.push(b'A');
    *s = Value::String(String::from_utf8(bytes).unwrap());
}

#[test]
fn non_canonical_base64_in_a_ballot_or_a_proof_is_rejected() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        non_canonical(v, "/ballots/0/ballot/contests/0/ciphertexts")
    });
    // Not the one canonical encoding: a malformed file (V-00), not a failed proof; the ballot's
    // tracker changed with its bytes.
    assert_failed_exactly(
        &audit(&fs),
        &[
            CheckId::Files,
            CheckId::BoardRoot,
            CheckId::EncryptedTally,
            CheckId::Index,
        ],
    );
    let fs = tampered(&proofs_path(&p), |v| {
        non_canonical(v, "/ballots/0/proofs/0")
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Files]);
}

/// A scalar written as its value plus the group order ℓ is not canonical: V-00.
#[test]
fn a_scalar_above_the_group_order_is_rejected() {
    use curve25519_dalek::scalar::Scalar;
    let p = busy_precinct();
    let fs = tampered(&proofs_path(&p), |v| {
        use base64ct::{Base64UrlUnpadded, Encoding};
        let s = v.pointer_mut("/ballots/0/proofs/0").unwrap();
        let mut bytes = Base64UrlUnpadded::decode_vec(s.as_str().unwrap()).unwrap();
        let at = ProofField::Z0(0).offset();
        let z: [u8; 32] = bytes[at..at + 32].try_into().unwrap();
        // z + ℓ as a 256-bit little-endian number (it fits: z < ℓ < 2^253).
        let ell = (Scalar::ZERO - Scalar::ONE).to_bytes();
        let mut carry = 1u16; // ℓ = (ℓ − 1) + 1
        for i in 0..32 {
            let sum = u16::from(z[i]) + u16::from(ell[i]) + carry;
            bytes[at + i] = sum as u8;
            carry = sum >> 8;
        }
        *s = Value::String(Base64UrlUnpadded::encode_string(&bytes));
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Files]);
}

// ---------------------------------------------------------------------------------------------
// V-02: trustees
// ---------------------------------------------------------------------------------------------

#[test]
fn a_changed_trustee_key_fails_trustees() {
    for trustee in 0..3 {
        for at in [0, 17, 42] {
            let fs = tampered(MANIFEST, |v| {
                change_string_at(
                    v,
                    &format!("/trustees/trustees/{trustee}/public_key"),
                    at,
                    7,
                )
            });
            assert_failed_exactly(&audit(&fs), &[CheckId::Trustees]);
        }
    }
    let fs = tampered(MANIFEST, |v| {
        change_string_at(v, "/trustees/joint_key", 20, 1)
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Trustees]);
}

#[test]
fn swapped_trustee_keys_fail_trustees() {
    let fs = tampered(MANIFEST, |v| {
        let t = v["trustees"]["trustees"].as_array_mut().unwrap();
        let k0 = t[0]["public_key"].clone();
        t[0]["public_key"] = t[1]["public_key"].clone();
        t[1]["public_key"] = k0;
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Trustees]);
}

// ---------------------------------------------------------------------------------------------
// Precinct ids: V-09, V-01, V-03
// ---------------------------------------------------------------------------------------------

#[test]
fn a_precinct_file_naming_another_precinct_fails_placement() {
    let ids = precinct_ids();
    let fs = tampered(&precinct_path(&ids[0]), |v| {
        v["precinct"] = Value::from(ids[1].clone())
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Placement]);
    assert_voters_fail(&fs, &ids[0]);
}

/// A ballot whose own precinct field is changed: misfiled (V-09), and its tracker (its hash)
/// changes, so its leaf and code are not on the board (V-05) or in the index (V-16); as it does
/// not verify, it is left out of the sum (V-10).
#[test]
fn a_ballot_naming_another_precinct_fails_placement_and_the_board() {
    let ids = precinct_ids();
    let fs = tampered(&precinct_path(&ids[0]), |v| {
        v["ballots"][0]["ballot"]["precinct"] = Value::from(ids[1].clone())
    });
    assert_failed_exactly(
        &audit(&fs),
        &[
            CheckId::BoardRoot,
            CheckId::Placement,
            CheckId::EncryptedTally,
            CheckId::Index,
        ],
    );
    assert_voters_fail(&fs, &ids[0]);
}

#[test]
fn an_invalid_precinct_id_in_the_manifest_fails_manifest() {
    for bad in ["Adams-001", "adams 001", "", "-adams", "adams-002"] {
        let fs = tampered(MANIFEST, |v| {
            v["precincts"][0]["id"] = Value::from(bad);
        });
        let report = audit(&fs);
        assert_failed_exactly(&report, &[CheckId::Manifest]);
        assert!(report.election.is_none());
    }
}

/// Names that could lie fail V-01, named: an escape sequence in the title, a right-to-left
/// override in a precinct's name, an overlong county name, and an option whose name looks like
/// another's in the same contest (a Cyrillic А).
#[test]
fn names_that_could_lie_fail_manifest() {
    type Change = fn(&mut Value);
    let cases: [(&str, Change); 4] = [
        ("title", |v| {
            v["title"] = Value::from("Demo\u{1b}[2K\rVERIFIED")
        }),
        ("precinct", |v| {
            v["precincts"][0]["name"] = Value::from("Ad\u{202e}ams")
        }),
        ("county", |v| {
            v["counties"][0]["name"] = Value::from("x".repeat(201))
        }),
        ("option", |v| {
            let first = v["contests"][0]["options"][0]["name"]
                .as_str()
                .unwrap()
                .to_owned();
            let look_alike = first
                .replacen('A', "\u{410}", 1)
                .replacen('a', "\u{430}", 1);
            assert_ne!(look_alike, first);
            v["contests"][0]["options"][1]["name"] = Value::from(look_alike);
        }),
    ];
    for (what, change) in cases {
        let fs = tampered(MANIFEST, change);
        let report = audit(&fs);
        assert_failed_exactly(&report, &[CheckId::Manifest]);
        let reasons: Vec<_> = report
            .check(CheckId::Manifest)
            .unwrap()
            .failures
            .iter()
            .map(|f| &f.reason)
            .collect();
        assert!(
            matches!(reasons[..], [Reason::BadName { .. }]),
            "{what}: {reasons:?}"
        );
    }
}

/// Renaming a precinct in the manifest to another valid id changes the election fingerprint,
/// so the checkpoint is for another origin (V-03) and nothing after it is run.
#[test]
fn a_renamed_precinct_in_the_manifest_breaks_the_checkpoint_binding() {
    let fs = tampered(MANIFEST, |v| {
        v["precincts"][0]["id"] = Value::from("adams-999");
    });
    let report = audit(&fs);
    assert_failed_exactly(&report, &[CheckId::Checkpoint]);
    assert_eq!(status(&report, CheckId::Placement), Status::NotRun);
    assert!(report
        .check(CheckId::Checkpoint)
        .unwrap()
        .failures
        .iter()
        .all(|f| matches!(
            &f.reason,
            Reason::Checkpoint {
                problem: CheckpointProblem::WrongOrigin { .. }
            }
        )));
}

// ---------------------------------------------------------------------------------------------
// V-03 / V-04: the checkpoint, its witnesses, and memory of checkpoints seen before
// ---------------------------------------------------------------------------------------------

/// The checkpoint's problem, if V-03 failed.
fn checkpoint_problem(report: &castcheck_record::Report) -> Option<CheckpointProblem> {
    report
        .check(CheckId::Checkpoint)?
        .failures
        .iter()
        .find_map(|f| match &f.reason {
            Reason::Checkpoint { problem } => Some(problem.clone()),
            _ => None,
        })
}

#[test]
fn every_changed_line_of_the_checkpoint_fails_its_signature() {
    let text = String::from_utf8(files()[CHECKPOINT].clone()).unwrap();
    let body_end = text.find("\n\n").unwrap();
    for (i, line) in text[..body_end].lines().enumerate().skip(1) {
        let changed = if i == 1 {
            format!("{}", line.parse::<u64>().unwrap() - 1)
        } else {
            let mut bytes = line.as_bytes().to_vec();
            let last = bytes.len() - 2;
            bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
            String::from_utf8(bytes).unwrap()
        };
        let mut fs = files();
        let tampered = text.replacen(line, &changed, 1);
        assert_ne!(tampered, text);
        fs.insert(CHECKPOINT.into(), tampered.into_bytes());
        let report = audit(&fs);
        assert_failed_exactly(&report, &[CheckId::Checkpoint]);
        assert!(matches!(
            checkpoint_problem(&report),
            Some(CheckpointProblem::Signature { .. } | CheckpointProblem::Malformed { .. })
        ));
        for r in receipts().iter().take(3) {
            assert_eq!(voter(&fs, &r.code), VoterOutcome::Failed);
        }
    }
}

#[test]
fn a_checkpoint_signed_by_another_key_fails_v03() {
    let other = SigningKey::from_bytes(&[7; 32]);
    let mut fs = files();
    resign(&mut fs, &other, &checkpoint(&files()));
    let report = audit(&fs);
    assert_failed_exactly(&report, &[CheckId::Checkpoint]);
    assert!(matches!(
        checkpoint_problem(&report),
        Some(CheckpointProblem::Signature { .. })
    ));
    for r in receipts() {
        assert_eq!(voter(&fs, &r.code), VoterOutcome::Failed);
    }
}

#[test]
fn a_checkpoint_that_does_not_close_the_board_in_time_fails_v03() {
    let key = &base().2;
    let closes = manifest().voting_closes;
    for (extensions, problem) in [
        (vec![], CheckpointProblem::NotFinal),
        (vec!["closed soon".to_owned()], CheckpointProblem::NotFinal),
        (
            vec![format!("closed {}", closes - 1)],
            CheckpointProblem::FinalBeforeClose,
        ),
    ] {
        let mut fs = files();
        let c = Checkpoint {
            extensions,
            ..checkpoint(&fs)
        };
        resign(&mut fs, key, &c);
        let report = audit(&fs);
        assert_failed_exactly(&report, &[CheckId::Checkpoint]);
        assert_eq!(checkpoint_problem(&report), Some(problem));
    }
    // Exactly at the close, and with an extra line verifiers do not know, it is accepted.
    let mut fs = files();
    let c = Checkpoint {
        extensions: vec!["note from the log".into(), format!("closed {closes}")],
        ..checkpoint(&fs)
    };
    resign(&mut fs, key, &c);
    assert!(audit(&fs).all_passed());
}

#[test]
fn a_checkpoint_that_is_not_a_signed_note_fails_v03() {
    let whole = files()[CHECKPOINT].clone();
    for bytes in [
        b"".to_vec(),
        b"{\"heads\": []}".to_vec(),
        checkpoint(&files()).text().into_bytes(),
        whole[..whole.len() - 1].to_vec(),
        whole[..whole.len() - 2].to_vec(),
        whole[..whole.len() / 2].to_vec(),
    ] {
        let mut fs = files();
        fs.insert(CHECKPOINT.into(), bytes);
        let report = audit(&fs);
        assert_failed_exactly(&report, &[CheckId::Checkpoint]);
        assert!(matches!(
            checkpoint_problem(&report),
            Some(CheckpointProblem::Malformed { .. })
        ));
    }
}

/// Swapping the authority key in the manifest, re-signing the checkpoint and sealing every file
/// again for the new fingerprint gives signatures that verify; but every tracker (the hash of the
/// ballot and the fingerprint) changes, so the board no longer has the checkpoint's root (V-05)
/// and the index lists codes no ballot has (V-16); and every proof, bound to the election's
/// fingerprint, fails (V-07). (An authority that also rebuilt the board and
/// the index would publish another election: its fingerprint and election code differ from the
/// ones on the receipts and on the verifier's list.)
#[test]
fn an_authority_key_swap_is_caught_by_the_board_and_the_index() {
    let other = SigningKey::from_bytes(&[7; 32]);
    let mut fs = tampered(MANIFEST, |v| {
        v["authority"]["signing_key"] = Value::from(hex::encode(other.verifying_key().as_bytes()));
    });
    let m: Manifest = serde_json::from_slice(&fs[MANIFEST]).unwrap();
    let tree = common::checkpoint_tree(&fs[CHECKPOINT]).unwrap();
    let signed = sign_checkpoint(&m.fingerprint().unwrap(), &tree, m.voting_closes, &other);
    fs.insert(CHECKPOINT.into(), signed.into_bytes());
    // The whole record is sealed again with the new key.
    reseal(&mut fs, &other);
    let report = audit(&fs);
    assert_failed_exactly(
        &report,
        &[CheckId::BoardRoot, CheckId::BallotProofs, CheckId::Index],
    );
    for r in receipts() {
        assert_eq!(voter(&fs, &r.code), VoterOutcome::Failed);
    }
}

/// Two witnesses, keys made from fixed seeds.
fn witnesses() -> Vec<(String, SigningKey)> {
    (1..=2u8)
        .map(|i| {
            (
                format!("witness.test/{i}"),
                SigningKey::from_bytes(&[40 + i; 32]),
            )
        })
        .collect()
}

fn policy(quorum: u64) -> WitnessPolicy {
    WitnessPolicy {
        quorum,
        witnesses: witnesses()
            .iter()
            .map(|(name, key)| {
                NoteKey {
                    name: name.clone(),
                    kind: TYPE_COSIGNATURE,
                    key: key.verifying_key().to_bytes(),
                }
                .vkey()
            })
            .collect(),
    }
}

/// The record with the checkpoint cosigned by the first `n` witnesses.
fn cosigned(n: usize) -> Record {
    let mut fs = files();
    let mut note = Note::parse(&fs[CHECKPOINT]).unwrap();
    for (name, key) in witnesses().iter().take(n) {
        note.cosign(name, key, 1_780_345_000);
    }
    fs.insert(CHECKPOINT.into(), note.to_text().into_bytes());
    fs
}

/// Runs `driver` over `fs` to the end.
fn drive(fs: &Record, mut driver: castcheck_record::Driver) -> castcheck_record::Verification {
    loop {
        let paths = driver.next_fetches();
        if paths.is_empty() {
            break;
        }
        for p in paths {
            let fetched = fs
                .get(&p)
                .cloned()
                .ok_or(castcheck_record::FetchProblem::NotFound);
            driver.feed(&p, fetched);
        }
    }
    driver.finish()
}

fn witness_problems(report: &castcheck_record::Report) -> Vec<WitnessProblem> {
    report
        .check(CheckId::Witnesses)
        .map(|c| {
            c.failures
                .iter()
                .filter_map(|f| match &f.reason {
                    Reason::Witness { problem } => Some(problem.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_quorum_of_witnesses_is_needed_for_a_green_verdict() {
    use castcheck_record::{Driver, Job};
    let code = receipts()[0].code;
    let check = |fs: &Record, quorum| {
        drive(
            fs,
            Driver::new(Job::Voter(code)).with_policy(policy(quorum)),
        )
    };
    // Both witnesses cosigned: verified, two items checked.
    let v = check(&cosigned(2), 2);
    assert!(
        matches!(v.voter, Some(VoterOutcome::Verified(_))),
        "{:?}",
        v.voter
    );
    assert_eq!(v.report.check(CheckId::Witnesses).unwrap().checked, 2);
    // One of two: not witnessed (never green), and said so.
    for fs in [cosigned(1), files()] {
        let v = check(&fs, 2);
        assert!(
            matches!(v.voter, Some(VoterOutcome::NotWitnessed(_))),
            "{:?}",
            v.voter
        );
        assert!(matches!(
            witness_problems(&v.report)[..],
            [WitnessProblem::NotWitnessed { quorum: 2, .. }]
        ));
        assert!(!v.report.all_passed());
        let audit = drive(&fs, Driver::new(Job::Audit).with_policy(policy(2)));
        assert_failed_exactly(&audit.report, &[CheckId::Witnesses]);
        assert!(
            audit.totals.is_none(),
            "no verified totals without witnesses"
        );
    }
    // A policy given for this election applies to it; one for another election does not.
    let fingerprint = manifest().fingerprint().unwrap();
    let own = drive(
        &files(),
        Driver::new(Job::Voter(code)).with_policy_for(fingerprint, policy(2)),
    );
    assert!(matches!(own.voter, Some(VoterOutcome::NotWitnessed(_))));
    let other = drive(
        &files(),
        Driver::new(Job::Voter(code))
            .with_policy_for(castcheck_record::digest::Digest([9; 32]), policy(2)),
    );
    assert!(matches!(other.voter, Some(VoterOutcome::Verified(_))));
    // A cosignature line of a trusted witness that does not verify is a failure, not a count.
    let mut fs = cosigned(2);
    let mut text = String::from_utf8(fs[CHECKPOINT].clone()).unwrap();
    let last_line = text.trim_end().rsplit('\n').next().unwrap().to_owned();
    let mut bytes = last_line.clone().into_bytes();
    let at = bytes.len() - 5;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    text = text.replace(&last_line, &String::from_utf8(bytes).unwrap());
    fs.insert(CHECKPOINT.into(), text.into_bytes());
    let v = check(&fs, 1);
    assert!(matches!(v.voter, Some(VoterOutcome::Failed)));
    assert!(witness_problems(&v.report).iter().any(
        |p| matches!(p, WitnessProblem::BadCosignature { witness } if witness == "witness.test/2")
    ));
}

/// The same election's board, forked: the authority signs another tree of `size` leaves.
fn forked_checkpoint(size: u64, leaf: &[u8]) -> String {
    let m = manifest();
    let leaves: Vec<_> = (0..size)
        .map(|i| castcheck_record::merkle::leaf_hash(&[leaf, &i.to_be_bytes()].concat()))
        .collect();
    let tree = castcheck_record::merkle::RootHash {
        root: castcheck_record::merkle::root(&leaves),
        size,
    };
    sign_checkpoint(&m.fingerprint().unwrap(), &tree, m.voting_closes, &base().2)
}

/// `note`'s checkpoint without its `closed` line (as the board's checkpoints read while voting
/// is open): remembered from before the close.
fn open_checkpoint(note: &str) -> String {
    let mut c = castcheck_record::witness::remembered_checkpoint(note).unwrap();
    c.extensions.clear();
    c.text()
}

/// The board's leaf hashes in position order, recomputed from the precinct files' entries.
fn board_leaves(fs: &Record) -> Vec<castcheck_record::digest::Digest> {
    let mut placed: Vec<(u64, castcheck_record::digest::Digest)> = Vec::new();
    for p in precinct_ids() {
        let v = read(fs, &precinct_path(&p));
        for (list, kind) in [
            ("ballots", EntryKind::Cast),
            ("challenged", EntryKind::Challenged),
        ] {
            for b in v[list].as_array().unwrap() {
                let entry = castcheck_record::board::BoardEntry {
                    kind,
                    precinct: p.clone(),
                    tracker: tracker_of(b),
                };
                placed.push((b["position"].as_u64().unwrap(), entry.leaf_hash().unwrap()));
            }
        }
    }
    placed.sort();
    placed.into_iter().map(|(_, h)| h).collect()
}

/// The published board's own first `size` leaves, closed: what a witness cosigned before the
/// authority appended ballots and closed the board again.
fn prefix_checkpoint(fs: &BTreeMap<String, Vec<u8>>, size: u64) -> String {
    let m = manifest();
    let leaves = board_leaves(fs);
    let tree = castcheck_record::merkle::RootHash {
        root: castcheck_record::merkle::root(&leaves[..size as usize]),
        size,
    };
    sign_checkpoint(&m.fingerprint().unwrap(), &tree, m.voting_closes, &base().2)
}

#[test]
fn a_split_view_or_rollback_against_a_remembered_checkpoint_is_red() {
    use castcheck_record::{Driver, Job};
    let fs = files();
    let size = head_size();
    let code = receipts()[0].code;
    let jobs = [Job::Voter(code), Job::Audit, Job::Election];
    // The same checkpoint remembered: consistent.
    let seen = checkpoint(&fs).text();
    for job in jobs.clone() {
        let v = drive(&fs, Driver::new(job).remembering(&seen));
        assert!(v.report.all_passed(), "{:?}", v.report.failed_checks());
        let published = String::from_utf8(fs[CHECKPOINT].clone()).unwrap();
        assert_eq!(v.checkpoint.as_deref(), Some(published.as_str()));
    }
    // Same size, another root: a split view. Larger: a rollback. Smaller but not a prefix: a
    // split view found by the consistency proof built from the tiles (or, in the audit, by the
    // leaves).
    for (remembered, expect) in [
        (forked_checkpoint(size, b"fork"), "split"),
        (forked_checkpoint(size + 1, b"fork"), "rollback"),
        (
            open_checkpoint(&forked_checkpoint(size / 2, b"fork")),
            "extension",
        ),
        // A closed board is final: a larger board after it is refused even if it extends it.
        (forked_checkpoint(size / 2, b"fork"), "after-close"),
        (prefix_checkpoint(&fs, size - 1), "after-close"),
    ] {
        for job in jobs.clone() {
            let v = drive(&fs, Driver::new(job.clone()).remembering(&remembered));
            let problems = witness_problems(&v.report);
            let ok = match expect {
                "split" => matches!(problems[..], [WitnessProblem::SplitView { .. }]),
                "rollback" => matches!(problems[..], [WitnessProblem::Rollback { .. }]),
                "after-close" => matches!(problems[..], [WitnessProblem::AfterClose { .. }]),
                _ => matches!(problems[..], [WitnessProblem::NotExtension { .. }]),
            };
            assert!(ok, "{expect} {job:?}: {problems:?}");
            assert_failed_exactly(&v.report, &[CheckId::Witnesses]);
            if let Some(outcome) = v.voter {
                assert_eq!(outcome, VoterOutcome::Failed);
            }
            // The evidence holds both checkpoints.
            if let [WitnessProblem::SplitView {
                remembered: r,
                seen: s,
            }
            | WitnessProblem::Rollback {
                remembered: r,
                seen: s,
            }
            | WitnessProblem::AfterClose {
                remembered: r,
                seen: s,
            }
            | WitnessProblem::NotExtension {
                remembered: r,
                seen: s,
                ..
            }] = &problems[..]
            {
                assert_eq!(s, &seen);
                assert!(remembered.starts_with(r.as_str()));
            }
        }
    }
    // An earlier checkpoint of the same board (a true prefix) is consistent.
    let prefix = size / 2;
    // Taken while voting was open: no `closed` line.
    let earlier = open_checkpoint(&prefix_checkpoint(&fs, prefix));
    for job in jobs {
        let v = drive(&fs, Driver::new(job.clone()).remembering(&earlier));
        assert!(
            v.report.all_passed(),
            "{job:?} {:?}",
            v.report.failed_checks()
        );
        assert_eq!(v.report.check(CheckId::Witnesses).unwrap().checked, 1);
    }
    // A checkpoint of another election is not this one's memory: ignored.
    let other = "castcheck/election/00\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    let v = drive(&fs, Driver::new(Job::Audit).remembering(other));
    assert!(v.report.all_passed());
}

// ---------------------------------------------------------------------------------------------
// The board: V-05, V-06, V-09
// ---------------------------------------------------------------------------------------------

/// A removed cast ballot leaves a hole on the board (V-05), is missing from the precinct's sum
/// (V-10), the index still lists it (V-16) and the proofs file still has its proofs (V-07).
#[test]
fn a_removed_ballot_fails_board_root_and_encrypted_tally() {
    for p in precinct_ids() {
        for which in [0, ballots_in(&p) - 1] {
            let fs = tampered(&precinct_path(&p), |v| {
                v["ballots"].as_array_mut().unwrap().remove(which);
            });
            assert_failed_exactly(
                &audit(&fs),
                &[
                    CheckId::BoardRoot,
                    CheckId::BallotProofs,
                    CheckId::EncryptedTally,
                    CheckId::Index,
                ],
            );
            assert_voters_fail(&fs, &p);
        }
    }
}

#[test]
fn a_removed_challenged_ballot_fails_board_root() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        v["challenged"].as_array_mut().unwrap().remove(0);
    });
    assert_failed_exactly(
        &audit(&fs),
        &[CheckId::BoardRoot, CheckId::BallotProofs, CheckId::Index],
    );
}

/// The owner of a removed challenged ballot is told something is wrong. (Other voters of the
/// precinct cannot notice: a challenged ballot is in no sum their check recomputes; only the
/// audit's V-05 sees the hole.)
#[test]
fn a_removed_challenged_ballot_fails_its_owners_check() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        v["challenged"].as_array_mut().unwrap().remove(0);
    });
    let owner = receipts()
        .iter()
        .filter(|r| r.precinct == p && r.kind == EntryKind::Challenged)
        .min_by_key(|r| {
            let path = index_path(&r.code, head_size());
            let shard: IndexShard = serde_json::from_value(read(&base().0, &path)).unwrap();
            shard
                .entries
                .iter()
                .find(|e| r.code.matches(&e.tracker, e.kind))
                .unwrap()
                .position
        })
        .unwrap();
    assert_eq!(voter(&fs, &owner.code), VoterOutcome::Failed);
}

/// A ballot posted twice in its precinct: a tracker clash (V-08), two ballots at one board
/// position (V-09), and counted twice in the sum (V-10).
#[test]
fn a_duplicated_ballot_fails_trackers_and_placement() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        let b = v["ballots"].as_array_mut().unwrap();
        let copy = b[2].clone();
        b.push(copy);
    });
    let report = audit(&fs);
    assert_caught(
        &report,
        &[
            CheckId::Trackers,
            CheckId::Placement,
            CheckId::EncryptedTally,
        ],
    );
    let failed = primary_failures(&report, &[]);
    assert!(
        failed.is_subset(&BTreeSet::from([
            CheckId::Trackers,
            CheckId::Placement,
            CheckId::EncryptedTally,
            CheckId::Index
        ])),
        "{}",
        failures(&report)
    );
    assert_voters_fail(&fs, &p);
}

/// The index check must not read as skipped when it saw the duplicate.
#[test]
fn the_index_check_runs_when_a_ballot_is_duplicated() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        let b = v["ballots"].as_array_mut().unwrap();
        let copy = b[2].clone();
        b.push(copy);
    });
    let report = audit(&fs);
    assert_ne!(
        status(&report, CheckId::Index),
        Status::NotRun,
        "V-16 ran (every shard was read) but reports NotRun:\n{}",
        failures(&report)
    );
}

/// A copy of a ballot filed in another precinct: misfiled (V-09) and a tracker clash (V-08).
#[test]
fn a_ballot_copied_into_another_precinct_fails_placement_and_trackers() {
    let ids = precinct_ids();
    let mut fs = files();
    let copy = read(&fs, &precinct_path(&ids[1]))["ballots"][0].clone();
    edit(&mut fs, &precinct_path(&ids[0]), |v| {
        v["ballots"].as_array_mut().unwrap().push(copy)
    });
    let report = audit(&fs);
    assert_caught(&report, &[CheckId::Placement, CheckId::Trackers]);
    assert_voters_fail(&fs, &ids[0]);
}

/// Two ballots' positions swapped: the board's leaves are out of order (V-05), the index
/// points elsewhere (V-16), and each ballot meets the other's proofs (V-07); a voter's check
/// fails too.
#[test]
fn swapped_ballot_positions_fail_board_root() {
    let p = busy_precinct();
    for (a, b) in [(0, 1), (0, 5), (3, 4)] {
        let fs = tampered(&precinct_path(&p), |v| {
            let pa = v["ballots"][a]["position"].clone();
            v["ballots"][a]["position"] = v["ballots"][b]["position"].clone();
            v["ballots"][b]["position"] = pa;
        });
        assert_failed_exactly(
            &audit(&fs),
            &[CheckId::BoardRoot, CheckId::BallotProofs, CheckId::Index],
        );
        // The two voters whose ballots moved are not verified. (Others in the precinct may be:
        // a voter's check proves the voter's own ballot on the board; that every other ballot of
        // the precinct is on it too is the audit's V-05.)
        let v = read(&fs, &precinct_path(&p));
        for i in [a, b] {
            let tracker = tracker_of(&v["ballots"][i]);
            let code = castcheck_record::ReceiptCode::for_ballot(&tracker, EntryKind::Cast);
            assert_eq!(voter(&fs, &code), VoterOutcome::Failed, "{code}");
        }
    }
}

/// A tile, an entry bundle or the frontier that is not what the ballots make fails V-06 in the
/// audit; a voter whose proof reads a changed hash fails V-06 too, never verified.
#[test]
fn a_changed_board_file_fails_inclusion() {
    let board: Vec<String> = files()
        .keys()
        .filter(|p| p.starts_with("board/") && *p != CHECKPOINT)
        .cloned()
        .collect();
    assert!(board.len() >= 3, "{board:?}");
    for path in &board {
        let mut fs = files();
        let bytes = fs.get_mut(path).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x20;
        let report = audit(&fs);
        assert_failed_exactly(&report, &[CheckId::Inclusion]);
        let failure = &report.check(CheckId::Inclusion).unwrap().failures[0];
        assert_eq!(&failure.file, path);
        assert_eq!(failure.reason, Reason::TileMismatch);
        // Some voters read the changed hash (all of them read the frontier); none is verified.
        let outcomes: Vec<_> = receipts().iter().map(|r| voter(&fs, &r.code)).collect();
        assert!(outcomes
            .iter()
            .all(|o| matches!(o, VoterOutcome::Verified(_) | VoterOutcome::Failed)));
        if path.ends_with("frontier") || path.contains("/tile/0/") {
            assert!(outcomes.contains(&VoterOutcome::Failed), "{path}");
        }
    }
}

/// A ballot moved to another precinct's file: it names its own precinct (V-09), and its board
/// leaf (which commits to the precinct) is not on the board (V-05). Its old precinct's
/// sum lacks it (V-10), the index points to the old precinct (V-16) and the old precinct's proofs
/// file still has its proofs (V-07). In the new precinct the misfiled ballot is listed as cast
/// but (rightly) not summed, so the decrypted votes no longer add up to the cast ballots (V-12).
#[test]
fn a_ballot_moved_to_another_precinct_fails_placement() {
    let ids = precinct_ids();
    let mut fs = files();
    let mut moved = Value::Null;
    edit(&mut fs, &precinct_path(&ids[1]), |v| {
        moved = v["ballots"].as_array_mut().unwrap().remove(1);
    });
    edit(&mut fs, &precinct_path(&ids[0]), |v| {
        v["ballots"].as_array_mut().unwrap().push(moved)
    });
    let report = audit(&fs);
    assert_failed_exactly(
        &report,
        &[
            CheckId::BoardRoot,
            CheckId::BallotProofs,
            CheckId::Placement,
            CheckId::EncryptedTally,
            CheckId::Counts,
            CheckId::Index,
        ],
    );
    assert_voters_fail(&fs, &ids[0]);
    assert_voters_fail(&fs, &ids[1]);
}

/// A challenged ballot listed as cast: its leaf says "challenged", so it is not on the board
/// as a cast ballot (V-05), and the precinct's sum changes (V-10).
#[test]
fn a_challenged_ballot_listed_as_cast_fails_board_root() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        let mut c = v["challenged"].as_array_mut().unwrap().remove(0);
        c.as_object_mut().unwrap().remove("opening");
        v["ballots"].as_array_mut().unwrap().push(c);
    });
    assert_caught(&audit(&fs), &[CheckId::BoardRoot]);
    assert_voters_fail(&fs, &p);
}

// ---------------------------------------------------------------------------------------------
// V-10, V-11, V-15, V-16
// ---------------------------------------------------------------------------------------------

#[test]
fn a_changed_encrypted_tally_fails_encrypted_tally() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        change_string_at(v, "/tally/0/encrypted/2/random_element", 9, 4)
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::EncryptedTally]);
    assert_voters_fail(&fs, &p);
}

#[test]
fn a_changed_decryption_share_fails_decryption_proofs() {
    let p = busy_precinct();
    for field in [
        "/tally/0/decryption/shares/0/shares/1/proof/response",
        "/tally/0/decryption/shares/1/shares/4/share/dh_element",
    ] {
        let fs = tampered(&precinct_path(&p), |v| change_string_at(v, field, 12, 2));
        assert_failed_exactly(&audit(&fs), &[CheckId::DecryptionProofs]);
        assert_voters_fail(&fs, &p);
    }
    // Below the threshold.
    let fs = tampered(&precinct_path(&p), |v| {
        v["tally"][0]["decryption"]["shares"]
            .as_array_mut()
            .unwrap()
            .pop();
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::DecryptionProofs]);
}

#[test]
fn a_changed_opening_fails_challenged() {
    let p = busy_precinct();
    let fs = tampered(&precinct_path(&p), |v| {
        let values = &mut v["challenged"][0]["opening"][0]["values"];
        let one = (0..6).find(|&i| values[i] == 1).unwrap();
        values[one] = Value::from(0);
        values[(one + 1) % 6] = Value::from(1);
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Challenged]);
    let owner = receipts()
        .iter()
        .find(|r| r.precinct == p && r.kind == EntryKind::Challenged)
        .unwrap();
    assert_eq!(voter(&fs, &owner.code), VoterOutcome::Failed);
}

#[test]
fn a_changed_index_entry_fails_index() {
    let r = &receipts()[0];
    let path = index_path(&r.code, head_size());
    let fs = tampered(&path, |v| {
        for e in v["entries"].as_array_mut().unwrap() {
            if common::entry_serves(e, &r.code) {
                bump(&mut e["position"], 1);
            }
        }
    });
    assert_failed_exactly(&audit(&fs), &[CheckId::Index]);
    assert_eq!(voter(&fs, &r.code), VoterOutcome::Failed);
}

// ---------------------------------------------------------------------------------------------
// V-00: files
// ---------------------------------------------------------------------------------------------

#[test]
fn truncated_json_fails_files() {
    let p = busy_precinct();
    let shard = index_path(&receipts()[0].code, head_size());
    let cases: Vec<(String, Vec<CheckId>)> = vec![
        (MANIFEST.into(), vec![CheckId::Files]),
        (TOTALS.into(), vec![CheckId::Files]),
        // The precinct's ballots are then missing from the board and the index.
        (
            precinct_path(&p),
            vec![CheckId::Files, CheckId::BoardRoot, CheckId::Index],
        ),
        // The shard's entries are then missing from the index.
        (shard, vec![CheckId::Files, CheckId::Index]),
        // No ballot of the precinct has its proofs checked.
        (proofs_path(&p), vec![CheckId::Files, CheckId::BallotProofs]),
    ];
    for (path, expected) in cases {
        for cut in [1, 2, 100] {
            let mut fs = files();
            let bytes = fs.get_mut(&path).unwrap();
            let keep = bytes.len().saturating_sub(cut);
            bytes.truncate(keep);
            let report = audit(&fs);
            assert_failed_exactly(&report, &expected);
            assert!(report
                .check(CheckId::Files)
                .unwrap()
                .failures
                .iter()
                .any(|f| f.file == path && matches!(f.reason, Reason::Truncated { .. })));
        }
    }
}

#[test]
fn a_missing_file_fails_files() {
    for path in [MANIFEST, CHECKPOINT, TOTALS, "board/frontier"] {
        let mut fs = files();
        fs.remove(path);
        assert_caught(&audit(&fs), &[CheckId::Files]);
    }
    let mut fs = files();
    fs.remove(&precinct_path(&busy_precinct()));
    assert_caught(&audit(&fs), &[CheckId::Files, CheckId::BoardRoot]);
    let mut fs = files();
    fs.remove(&proofs_path(&busy_precinct()));
    assert_failed_exactly(&audit(&fs), &[CheckId::Files, CheckId::BallotProofs]);
    assert_voters_fail(&fs, &busy_precinct());
}

// ---------------------------------------------------------------------------------------------
// The voter's check on a tampered precinct file
// ---------------------------------------------------------------------------------------------

#[test]
fn voters_of_a_tampered_precinct_are_never_verified() {
    let p = busy_precinct();
    let (ballots, proofs) = (precinct_path(&p), proofs_path(&p));
    let challenged_entry = read(&base().0, &proofs)["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .position(|b| b["position"] == read(&base().0, &ballots)["challenged"][0]["position"])
        .unwrap();
    let edits: Vec<(&str, &str, Edit)> = vec![
        (
            "count",
            &ballots,
            Box::new(|v| bump(&mut v["tally"][0]["decryption"]["values"][1], 2)),
        ),
        (
            "proof",
            &proofs,
            Box::new(|v| change_proof(v, 4, ProofField::Z1(0), 1, 9)),
        ),
        (
            "opening",
            &ballots,
            Box::new(|v| bump(&mut v["challenged"][0]["opening"][0]["values"][0], 2)),
        ),
        (
            "challenged proof",
            &proofs,
            Box::new(move |v| change_proof(v, challenged_entry, ProofField::SumResponse, 6, 1)),
        ),
        (
            "tally ciphertext",
            &ballots,
            Box::new(|v| change_string_at(v, "/tally/0/encrypted/0/blinded_element", 2, 2)),
        ),
    ];
    for (what, path, f) in edits {
        let fs = tampered(path, f);
        assert!(!audit(&fs).all_passed(), "{what}");
        for r in receipts().iter().filter(|r| r.precinct == p) {
            let out = voter(&fs, &r.code);
            assert_eq!(
                out,
                VoterOutcome::Failed,
                "{what}: {} ({:?})",
                r.code,
                r.kind
            );
        }
        assert_other_voters_verified(&fs, &p);
    }
}

// ---------------------------------------------------------------------------------------------
// Proptests: random positions and values
// ---------------------------------------------------------------------------------------------

fn pick<'a, T>(items: &'a [T], i: &Pick) -> &'a T {
    &items[i.index(items.len())]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn prop_tally_count_changes_fail_counts(
        p in any::<Pick>(),
        option in 0usize..6,
        delta in prop_oneof![-3i64..=-1, 1i64..=3],
    ) {
        let ids = precinct_ids();
        let id = pick(&ids, &p);
        let fs = tampered(&precinct_path(id), |v| {
            let x = &mut v["tally"][0]["decryption"]["values"][option];
            let old = x.as_u64().unwrap();
            // Down by |delta| when possible, else up: never the old value.
            *x = Value::from(old.checked_add_signed(delta).unwrap_or(old + delta.unsigned_abs()));
        });
        assert_failed_exactly(&audit(&fs), &[CheckId::Counts]);
    }

    #[test]
    fn prop_totals_changes_fail_rollup(
        area in 0usize..3,
        row in any::<Pick>(),
        option in 0usize..6,
        delta in 1u64..1000,
    ) {
        let fs = tampered(TOTALS, |v| {
            let target = match area {
                0 => {
                    let n = v["precincts"].as_array().unwrap().len();
                    &mut v["precincts"][row.index(n)]
                }
                1 => &mut v["counties"][0],
                _ => &mut v["election"],
            };
            let x = &mut target["contests"][0]["counts"][option];
            *x = Value::from(x.as_u64().unwrap() + delta);
        });
        // A precinct's changed count may also change the delegates its rules give (V-14).
        assert_failed_within(&audit(&fs), &[CheckId::Rollup], &[CheckId::Results]);
    }

    #[test]
    fn prop_a_changed_ballot_character_fails_proofs_and_the_board(
        p in any::<Pick>(),
        ballot in any::<Pick>(),
        field in any::<Pick>(),
        at in 0usize..43,
        step in 0usize..63,
    ) {
        let ids = precinct_ids();
        let id = pick(&ids, &p);
        let fs = tampered(&precinct_path(id), |v| {
            let n = v["ballots"].as_array().unwrap().len();
            let b = ballot.index(n);
            let pointer = format!("/ballots/{b}/ballot/contests/0/ciphertexts");
            change_string_at(v, &pointer, at + 43 * field.index(12), step);
        });
        assert_ballot_rejected(&audit(&fs));
    }

    #[test]
    fn prop_a_changed_proof_character_fails_proofs_only(
        p in any::<Pick>(),
        ballot in any::<Pick>(),
        at in any::<Pick>(),
        step in 0usize..63,
    ) {
        let ids = precinct_ids();
        let id = pick(&ids, &p);
        let fs = tampered(&proofs_path(id), |v| {
            let n = v["ballots"].as_array().unwrap().len();
            let pointer = format!("/ballots/{}/proofs/0", ballot.index(n));
            let len = v.pointer(&pointer).unwrap().as_str().unwrap().len();
            change_string_at(v, &pointer, at.index(len), step);
        });
        let report = audit(&fs);
        assert_proof_rejected(&report);
        assert!(!report.all_passed());
    }

    #[test]
    fn prop_a_changed_trustee_key_fails_trustees(
        trustee in 0usize..3,
        at in 0usize..43,
        step in 0usize..63,
    ) {
        let fs = tampered(MANIFEST, |v| {
            change_string_at(v, &format!("/trustees/trustees/{trustee}/public_key"), at, step)
        });
        assert_failed_exactly(&audit(&fs), &[CheckId::Trustees]);
    }

    #[test]
    fn prop_a_flipped_byte_of_the_checkpoint_is_caught(
        at in any::<Pick>(),
        bit in 0u8..8,
    ) {
        let mut fs = files();
        let mut bytes = fs[CHECKPOINT].clone();
        let i = at.index(bytes.len());
        bytes[i] ^= 1 << bit;
        fs.insert(CHECKPOINT.into(), bytes);
        let report = audit(&fs);
        // Every byte is either signed text, the signature, or the line's framing.
        assert_caught(&report, &[CheckId::Checkpoint]);
    }

    #[test]
    fn prop_a_removed_ballot_fails_board_root(p in any::<Pick>(), ballot in any::<Pick>()) {
        let ids = precinct_ids();
        let id = pick(&ids, &p);
        let fs = tampered(&precinct_path(id), |v| {
            let b = v["ballots"].as_array_mut().unwrap();
            b.remove(ballot.index(b.len()));
        });
        assert_failed_exactly(
            &audit(&fs),
            &[CheckId::BoardRoot, CheckId::BallotProofs, CheckId::EncryptedTally, CheckId::Index],
        );
    }

    #[test]
    fn prop_swapped_positions_fail_board_root(
        p in any::<Pick>(),
        a in any::<Pick>(),
        b in any::<Pick>(),
    ) {
        let ids = precinct_ids();
        let id = pick(&ids, &p);
        let n = ballots_in(id);
        let (a, b) = (a.index(n), b.index(n));
        prop_assume!(a != b);
        let fs = tampered(&precinct_path(id), |v| {
            let pa = v["ballots"][a]["position"].clone();
            v["ballots"][a]["position"] = v["ballots"][b]["position"].clone();
            v["ballots"][b]["position"] = pa;
        });
        assert_failed_exactly(
            &audit(&fs),
            &[CheckId::BoardRoot, CheckId::BallotProofs, CheckId::Index],
        );
    }

    #[test]
    fn prop_a_moved_ballot_fails_placement(
        from in any::<Pick>(),
        to in any::<Pick>(),
        ballot in any::<Pick>(),
    ) {
        let ids = precinct_ids();
        let (from, to) = (pick(&ids, &from).clone(), pick(&ids, &to).clone());
        prop_assume!(from != to);
        let mut fs = files();
        let mut moved = Value::Null;
        edit(&mut fs, &precinct_path(&from), |v| {
            let b = v["ballots"].as_array_mut().unwrap();
            moved = b.remove(ballot.index(b.len()));
        });
        edit(&mut fs, &precinct_path(&to), |v| {
            v["ballots"].as_array_mut().unwrap().push(moved)
        });
        assert_caught(&audit(&fs), &[CheckId::Placement, CheckId::BoardRoot]);
    }
}
