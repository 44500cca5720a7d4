//! The files a voter's check asks for, round by round, as spec §1.1 lists them.

mod common;

use castcheck_record::board::EntryKind;
use castcheck_record::{Driver, FetchProblem, Proof, Statement, VoterOutcome};
use common::{reader, small_record};

const FIXED: [&str; 3] = ["manifest.json", "board/checkpoint", "board/frontier"];

/// Feeds every path of a round.
fn feed(
    driver: &mut Driver,
    paths: &[String],
    read: &mut impl FnMut(&str) -> Result<Vec<u8>, FetchProblem>,
) {
    for p in paths {
        driver.feed(p, read(p));
    }
}

#[test]
fn a_voter_asks_for_the_fixed_files_a_shard_then_tiles_precinct_and_totals_then_proofs() {
    let (files, receipts) = small_record();
    let receipt = receipts
        .iter()
        .find(|r| r.kind == EntryKind::Cast)
        .expect("a cast ballot");
    let precinct = format!("precincts/{}.json", receipt.precinct);
    let proofs = format!("proofs/{}.json", receipt.precinct);
    for overlapped in [false, true] {
        let mut read = reader(&files);
        let mut driver = Driver::for_voter(receipt.code);

        let first = driver.next_fetches();
        assert_eq!(first, FIXED, "round 1");
        feed(&mut driver, &first, &mut read);

        let second = driver.next_fetches();
        assert_eq!(second.len(), 1, "round 2: {second:?}");
        assert!(second[0].starts_with("index/"), "{second:?}");
        feed(&mut driver, &second, &mut read);

        let third = driver.next_fetches();
        assert!(third.contains(&precinct), "{third:?}");
        assert!(third.contains(&"totals.json".to_owned()), "{third:?}");
        let others: Vec<_> = third
            .iter()
            .filter(|p| **p != precinct && *p != "totals.json")
            .collect();
        assert!(
            !others.is_empty() && others.iter().all(|p| p.starts_with("board/tile/")),
            "round 3 is the precinct, the totals and tiles: {third:?}"
        );
        assert!(!third.contains(&proofs));

        // The proofs file is asked for once the precinct file arrived, before it is checked, or
        // (a verifier that fetches in rounds) once it was fed.
        let fourth = if overlapped {
            driver.arrived(&precinct);
            let early = driver.next_fetches();
            assert_eq!(
                early,
                std::slice::from_ref(&proofs),
                "on the precinct file's arrival"
            );
            feed(&mut driver, &third, &mut read);
            assert_eq!(
                driver.next_fetches(),
                Vec::<String>::new(),
                "asked for once"
            );
            early
        } else {
            feed(&mut driver, &third, &mut read);
            driver.next_fetches()
        };
        assert_eq!(fourth, std::slice::from_ref(&proofs), "round 4");
        feed(&mut driver, &fourth, &mut read);
        assert!(driver.next_fetches().is_empty());
        let v = driver.finish();
        assert!(
            matches!(
                v.voter,
                Some(VoterOutcome::Verified(_)) | Some(VoterOutcome::NotWitnessed(_))
            ),
            "{:?}",
            v.voter
        );
        assert!(
            v.report.all_passed() || v.report.passed_but_unwitnessed(),
            "{:?}",
            v.report
        );
        assert!(v.report.ballots_verified > 0, "the proofs were checked");
    }
}

/// What the voter's check says of "counted" once the fixed files, the shard, the tiles, the
/// precinct file and the totals are fed, before the proofs file.
fn counted_before_the_proofs(
    files: &common::Record,
    receipt: &castcheck_simulate::Receipt,
) -> Proof {
    let mut read = reader(files);
    let mut driver = Driver::for_voter(receipt.code);
    for _round in 0..3 {
        let paths = driver.next_fetches();
        assert!(!paths.iter().any(|p| p.starts_with("proofs/")), "{paths:?}");
        feed(&mut driver, &paths, &mut read);
    }
    let statements = driver.statements();
    statements
        .iter()
        .find(|(s, _)| *s == Statement::Counted)
        .map(|(_, p)| *p)
        .expect("a counted statement")
}

/// A failure in the precinct file (here a challenged ballot listed twice, sealed again by the
/// authority: its sum and counts still hold) stops "counted as cast" as soon as that file is
/// checked, not once the proofs file comes.
#[test]
fn a_failure_in_the_precinct_file_fails_counted_before_the_proofs_file() {
    let record = common::small_record_with_key();
    let has_challenged = |precinct: &str| {
        let v: serde_json::Value =
            serde_json::from_slice(&record.files[&format!("precincts/{precinct}.json")]).unwrap();
        !v["body"]["challenged"].as_array().unwrap().is_empty()
    };
    let receipt = record
        .receipts
        .iter()
        .find(|r| r.kind == EntryKind::Cast && has_challenged(&r.precinct))
        .expect("a cast ballot in a precinct with a challenged ballot");
    assert_eq!(
        counted_before_the_proofs(&record.files, receipt),
        Proof::Proven,
        "the untouched record proves it before the proofs file"
    );

    let mut files = record.files.clone();
    common::rewrite(
        &mut files,
        &format!("precincts/{}.json", receipt.precinct),
        |v| {
            let challenged = v["body"]["challenged"].as_array_mut().unwrap();
            challenged.push(challenged[0].clone());
        },
    );
    common::reseal(&mut files, &record.authority);
    assert_eq!(counted_before_the_proofs(&files, receipt), Proof::Failed);
}
