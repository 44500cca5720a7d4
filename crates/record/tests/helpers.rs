//! An audit's precincts prepared by a helper that was handed the verified election (as a browser
//! audit's helper workers are, through JSON) come to the same report as the audit done alone.

mod common;

use std::collections::BTreeMap;

use castcheck_record::{Driver, ElectionContext, Report, WorkUnit};
use common::{audit, reader, small_record};

/// The audit of `files`, with every precinct unit prepared by one helper driver made from the
/// coordinator's verified election after a JSON round trip.
fn audit_with_helper(files: &BTreeMap<String, Vec<u8>>) -> (Report, usize) {
    let mut read = reader(files);
    let mut helper: Option<Driver> = None;
    let mut helped = 0;
    let verification = Driver::for_audit().run(
        |driver, units| {
            units
                .iter()
                .flat_map(|unit| match unit {
                    WorkUnit::Precinct { .. } => {
                        let helper = helper.get_or_insert_with(|| {
                            let election = driver.verified_election().expect("verified first");
                            let json = serde_json::to_string(election).expect("serializes");
                            let election: ElectionContext =
                                serde_json::from_str(&json).expect("deserializes");
                            Driver::for_helper(election)
                        });
                        helped += 1;
                        helper.prepare_unit(unit, &mut read)
                    }
                    one => driver.prepare_unit(one, &mut read),
                })
                .collect()
        },
        |_| {},
    );
    (verification.report, helped)
}

#[test]
fn a_helper_given_the_verified_election_prepares_what_the_coordinator_would() {
    let (files, _) = small_record();
    let alone = audit(&files);
    assert!(alone.all_passed(), "{alone:?}");
    let (helped, units) = audit_with_helper(&files);
    assert!(units > 1, "the helper prepared {units} precincts");
    assert_eq!(helped, alone);
}

#[test]
fn a_helper_finds_a_forged_proof_as_the_coordinator_would() {
    let (mut files, _) = small_record();
    let proofs = files
        .keys()
        .find(|p| p.starts_with("proofs/"))
        .expect("a proofs file")
        .clone();
    let bytes = files.get_mut(&proofs).expect("present");
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
    let alone = audit(&files);
    assert!(!alone.all_passed());
    let (helped, _) = audit_with_helper(&files);
    assert_eq!(helped, alone);
}
