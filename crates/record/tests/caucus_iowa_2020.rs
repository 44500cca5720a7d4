//! The audit over the real Iowa 2020 published results (in `public/iowa-2020/`, also served with the app, see
//! `SOURCE.md` there). The counts asserted here are the ones reported in `docs/iowa-2020.md`.

use castcheck_record::caucus::audit::{audit_results_table, Finding, FindingKind};
use castcheck_record::caucus::text::{self, English};

const RESULTS: &str = include_str!("../../../public/iowa-2020/idp-2020-02-08-results.csv");
const DELEGATES: &str = include_str!("../../../public/iowa-2020/precinct-delegates.csv");

#[test]
fn real_data_counts_per_kind() {
    let audit = audit_results_table(RESULTS, DELEGATES).expect("tables parse");
    assert_eq!(audit.candidates.len(), 14);
    assert_eq!(audit.results_precinct_rows, 1765);
    assert_eq!(audit.county_total_rows, 104);
    assert_eq!(audit.delegates_rows, 1678);
    assert_eq!(audit.delegates_placeholder_rows.len(), 3);
    assert_eq!(audit.precincts_audited, 1678);
    assert_eq!(audit.precincts_consistent, 1476);
    let counts: Vec<(&str, usize)> = audit
        .groups
        .iter()
        .map(|g| (g.kind.id(), g.count))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("nonviable-awarded", 34),
            ("wrong-delegate-count", 98),
            ("sde-mismatch", 0),
            ("final-exceeds-first", 84),
            ("totals-mismatch", 0),
            ("missing-precinct", 87),
            ("duplicate-precinct", 4),
        ]
    );
    assert_eq!(audit.coin_tosses.len(), 120);
    // Every missing precinct is a satellite caucus (the delegates table does not list them).
    assert!(audit
        .findings(FindingKind::MissingPrecinct)
        .iter()
        .all(|f| f.county.contains("Satellite")));
}

#[test]
fn real_data_worked_examples() {
    let audit = audit_results_table(RESULTS, DELEGATES).unwrap();
    let summary = |f: &Finding| text::summary(&English, f, &audit.candidates);
    let computation = |f: &Finding| text::computation(&English, f, &audit.candidates);
    // Adair 1NW ADAIR: a coin toss between Buttigieg and Klobuchar, published one way: accepted.
    assert!(audit
        .coin_tosses
        .iter()
        .any(|c| c.county == "Adair" && c.precinct == "1NW ADAIR"));
    // Adair 3SW FONTANELLE: Yang published 5 delegates where the rules give 4 (and Biden 2 for 3).
    let f = audit
        .findings(FindingKind::WrongDelegateCount)
        .iter()
        .find(|f| f.precinct == "3SW FONTANELLE")
        .expect("3SW FONTANELLE flagged");
    assert!(
        summary(f).contains(
            "published Biden 2, Sanders 2, Yang 5; rules give Biden 3, Sanders 2, Yang 4"
        ),
        "{}",
        summary(f)
    );
    assert!(
        computation(f).contains("Yang 15×9/34 = 3.971 → 4"),
        "{}",
        computation(f)
    );
    // Clinton ELK RIVER HAMPSHIRE ANDOV: Sanders, 10 of 68 (threshold 11), got a delegate.
    let f = audit
        .findings(FindingKind::NonviableAwarded)
        .iter()
        .find(|f| f.precinct == "ELK RIVER HAMPSHIRE ANDOV")
        .expect("flagged");
    assert!(summary(f).contains("Sanders (1 delegate(s); 10 in the final alignment, threshold 11)"));
    // Scott (D52) Davenport and (B52) Bettendorf carry identical numbers.
    assert!(audit
        .findings(FindingKind::DuplicatePrecinct)
        .iter()
        .any(|f| f.precinct == "(B52) City of Bettendorf"
            && summary(f).contains("(D52) City of Davenport")));
    // The whole report renders and serializes.
    let text = audit.render_text();
    assert!(text.contains("== counts per kind =="));
    let json = serde_json::to_string(&audit).unwrap();
    assert!(json.contains("\"nonviable-awarded\":34"));
}
