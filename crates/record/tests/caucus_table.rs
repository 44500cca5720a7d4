//! The results-table importer (malformed tables are rejected with row and column) and the audit
//! on small hand-made tables, one case per finding kind.

use castcheck_record::caucus::audit::{
    audit_results_table, Detail, Finding, FindingKind, ResultsAudit, TotalDiff,
};
use castcheck_record::caucus::sde::WorkedBack;
use castcheck_record::caucus::table::Section;
use castcheck_record::caucus::table::{parse_delegates, parse_results, TableKind};
use castcheck_record::caucus::text::{self, English, Wording};
use castcheck_record::caucus::RulesError;

const HEAD: &str = ",,First Expression,First Expression,First Expression,Final Expression,Final Expression,Final Expression,SDE,SDE,SDE
,,Ann,Bob,Cy,Ann,Bob,Cy,Ann,Bob,Cy
County,Precinct,,,,,,,,,
";

fn results(rows: &str) -> String {
    format!("{HEAD}{rows}")
}

const DELS: &str = "County,Precinct,Precinct Short Name,County Delegates,Precinct SDE (IDP)
Alpha,North,N,4,0.4
Alpha,\"South, Lower\",S,2,0.2
Beta,One &amp; Two,12,8,0.6274509803921569
";

// ---- importer errors -----------------------------------------------------------------------------

#[test]
fn parses_quoted_names_and_escapes() {
    let t = parse_results(&results(
        "Alpha,\"South, Lower\",1,2,3,1,2,3,0,0.1,0.1\nAlpha,Total,1,2,3,1,2,3,0,0.1,0.1\n",
    ))
    .unwrap();
    assert_eq!(t.candidates, ["Ann", "Bob", "Cy"]);
    assert_eq!(t.rows[0].precinct, "South, Lower");
    assert_eq!(t.rows[0].row, 4);
    assert!(t.rows[1].is_total);
    let d = parse_delegates(DELS).unwrap();
    assert_eq!(d.rows[2].precinct, "One & Two");
    assert_eq!(d.rows[2].delegates, 8);
}

#[test]
fn rejects_bad_number_with_row_and_column() {
    let e = parse_results(&results(
        "Alpha,North,1,2,3,1,2,3,0,0,0\nAlpha,South,1,x,3,1,2,3,0,0,0\n",
    ))
    .unwrap_err();
    assert_eq!((e.table, e.row, e.column), (TableKind::Results, 5, 4));
    assert!(e.message.contains("Bob (First Expression)"), "{e}");
    assert!(
        e.to_string().starts_with("results table, row 5, column 4:"),
        "{e}"
    );
    // negative / decimal head counts
    let e = parse_results(&results("Alpha,North,1,2,3,1,-2,3,0,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 7));
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3.5,0,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 8));
    // bad SDE
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0.1.2,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 10));
    assert!(e.message.contains("Bob (SDE)"), "{e}");
    // empty field
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0,\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 11));
}

#[test]
fn rejects_wrong_field_count_and_empty_names() {
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 11));
    assert!(e.message.contains("expected 11 fields, found 10"), "{e}");
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0,0,9\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 12));
    let e = parse_results(&results(",North,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 1));
    let e = parse_results(&results("Alpha, ,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 2));
}

#[test]
fn rejects_bad_headers() {
    let bad_section = HEAD.replacen("SDE,SDE,SDE", "SDE,SDE,Votes", 1);
    let e = parse_results(&bad_section).unwrap_err();
    assert_eq!((e.row, e.column), (1, 11));
    let bad_cand = HEAD.replacen(
        "Ann,Bob,Cy,Ann,Bob,Cy,Ann,Bob,Cy",
        "Ann,Bob,Cy,Ann,Rob,Cy,Ann,Bob,Cy",
        1,
    );
    let e = parse_results(&bad_cand).unwrap_err();
    assert_eq!((e.row, e.column), (2, 7));
    assert!(e.message.contains("Rob"), "{e}");
    let bad_label = HEAD.replacen("County,Precinct", "County,Ward", 1);
    let e = parse_results(&bad_label).unwrap_err();
    assert_eq!((e.row, e.column), (3, 2));
    let e = parse_results("a,b\n").unwrap_err();
    assert_eq!(e.row, 2);
}

#[test]
fn rejects_broken_quoting() {
    let e = parse_results(&results("Alpha,\"North,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 2));
    assert!(e.message.contains("never closed"), "{e}");
    let e = parse_results(&results("Alpha,No\"rth,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 2));
}

#[test]
fn rejects_bad_delegates_table() {
    let e = parse_delegates("County,Precinct,Precinct SDE (IDP)\nA,B,0.1\n").unwrap_err();
    assert_eq!((e.table, e.row), (TableKind::Delegates, 1));
    assert!(e.message.contains("County Delegates"), "{e}");
    let e = parse_delegates("County,Precinct,County Delegates,Precinct SDE (IDP)\nA,B,three,0.1\n")
        .unwrap_err();
    assert_eq!((e.row, e.column), (2, 3));
    let e = parse_delegates("County,Precinct,County Delegates,Precinct SDE (IDP)\nA,,3,0.1\n")
        .unwrap_err();
    assert_eq!((e.row, e.column), (2, 2));
    // a nameless placeholder with nothing to elect is skipped
    let d = parse_delegates(
        "County,Precinct,County Delegates,Precinct SDE (IDP)\nA,,0,0.0\nA,B,1,0.1\n",
    )
    .unwrap();
    assert_eq!(d.placeholder_rows, vec![2]);
    assert_eq!(d.rows.len(), 1);
    // errors surface through the audit entry point too
    let e = audit_results_table(&results(""), "County,Precinct\n").unwrap_err();
    assert_eq!(e.table, TableKind::Delegates);
}

// ---- the audit, one case per kind ----------------------------------------------------------------

#[test]
fn consistent_table_has_no_findings() {
    // South: 2 delegates, 4 participants, threshold 1: Ann 3×2/4 = 1.5 → 2, Bob 0.5 → 1; one
    // too many and Bob cannot lose his only delegate → Ann 1, Bob 1.
    // North: 4 delegates, weight 0.4 (0.1 per delegate). 20 participants, threshold 3:
    // Ann 10×4/20 = 2, Bob 6×4/20 = 1.2 → 1, Cy 4×4/20 = 0.8 → 1.
    // Beta One & Two: the Adair 1NW coin toss shape with 3 groups: 8 delegates, weight 32/51.
    let r = results(
        "Alpha,North,10,6,4,10,6,4,0.2,0.1,0.1\n\
         Alpha,\"South, Lower\",3,1,0,3,1,0,0.1,0.1,0\n\
         Beta,One & Two,8,8,8,8,8,8,0.2353,0.2353,0.1569\n\
         Alpha,Total,13,7,4,13,7,4,0.3,0.2,0.1\n",
    );
    let a = audit_results_table(&r, DELS).unwrap();
    assert_eq!(a.total_findings, 0, "{}", a.render_text());
    assert_eq!(a.precincts_audited, 3);
    assert_eq!(a.precincts_consistent, 3);
    // Beta: 8×8/24 = 2.667 → 3 each, sum 9, one too many: a three-way coin toss; published
    // Cy 2 is one of the allowed outcomes.
    assert_eq!(a.coin_tosses.len(), 1);
    let c = &a.coin_tosses[0];
    let note = text::coin_toss_note(&English, &c.tie_notes, &c.published, &a.candidates);
    assert!(note.contains("coin toss"), "{note}");
}

#[test]
fn each_kind_is_found_with_its_computation() {
    let r = results(
        // nonviable-awarded: threshold 3 of 20, Cy has 2 but got a delegate (0.1 SDE).
        "Alpha,North,10,6,4,11,7,2,0.2,0.1,0.1\n\
         Alpha,\"South, Lower\",3,1,0,3,1,0,0.1,0.1,0\n\
         Beta,One & Two,8,8,8,8,8,9,0.2353,0.2353,0.2\n\
         Beta,Three,5,5,5,5,5,5,0,0,0.3\n\
         Beta,Extra,1,1,1,1,1,1,0,0,0\n\
         Beta,Extra,1,1,1,1,1,1,0,0,0\n\
         Alpha,Total,13,7,4,14,8,2,0.3,0.2,0.1\n\
         Beta,Total,16,15,15,15,15,16,0.2353,0.2353,0.5\n",
    );
    let dels = format!("{DELS}Beta,Three,3,3,0.3\nBeta,Gone,G,3,0.3\n");
    let a = audit_results_table(&r, &dels).unwrap();
    let text = a.render_text();
    let ids: Vec<(&str, usize)> = a.groups.iter().map(|g| (g.kind.id(), g.count)).collect();
    assert_eq!(
        ids,
        vec![
            ("nonviable-awarded", 1),
            ("wrong-delegate-count", 1),
            ("sde-mismatch", 1),
            ("final-exceeds-first", 1),
            ("totals-mismatch", 1),
            ("missing-precinct", 3),
            ("duplicate-precinct", 1),
        ],
        "{text}"
    );
    let summary = |f: &Finding| text::summary(&English, f, &a.candidates);
    let computation = |f: &Finding| text::computation(&English, f, &a.candidates);
    let nv = &a.findings(FindingKind::NonviableAwarded)[0];
    assert_eq!(
        (nv.county.as_str(), nv.precinct.as_str(), nv.results_row),
        ("Alpha", "North", Some(4))
    );
    assert!(summary(nv).contains("Cy"), "{}", summary(nv));
    assert!(
        computation(nv).contains("at least 3"),
        "{}",
        computation(nv)
    );
    // Three: 3 delegates, 15 participants, threshold 3; 5×3/15 = 1 each, but all 3 went to Cy.
    let wd = &a.findings(FindingKind::WrongDelegateCount)[0];
    assert_eq!(wd.precinct, "Three");
    assert!(
        summary(wd).contains("rules give Ann 1, Bob 1, Cy 1"),
        "{}",
        summary(wd)
    );
    let sm = &a.findings(FindingKind::SdeMismatch)[0];
    assert_eq!(sm.precinct, "One & Two");
    assert!(
        computation(sm).contains("not a whole number"),
        "{}",
        computation(sm)
    );
    let tm = &a.findings(FindingKind::TotalsMismatch)[0];
    assert_eq!(tm.county, "Beta");
    assert!(
        computation(tm)
            .contains("First Expression Ann: precinct rows add up to 15, Total row says 16"),
        "{}",
        computation(tm)
    );
    let missing: Vec<&str> = a
        .findings(FindingKind::MissingPrecinct)
        .iter()
        .map(|f| f.precinct.as_str())
        .collect();
    assert_eq!(missing, ["Extra", "Extra", "Gone"]);
    let dup = &a.findings(FindingKind::DuplicatePrecinct)[0];
    assert!(summary(dup).contains("listed twice"), "{}", summary(dup));
    assert!(text.contains("== counts per kind =="));
    assert!(
        text.trim_end()
            .ends_with(&format!("{:<22} {:>5}", "total", a.total_findings)),
        "{text}"
    );
    // JSON: stable ids and counts
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["counts"]["missing-precinct"], 3);
    // The web worker sends the audit to the page as JSON: it must read back unchanged.
    assert_eq!(
        serde_json::from_value::<ResultsAudit>(v.clone()).unwrap(),
        a
    );
    assert_eq!(v["groups"][0]["kind"], "nonviable-awarded");
    assert_eq!(
        FindingKind::from_id("sde-mismatch"),
        Some(FindingKind::SdeMismatch)
    );
    for k in FindingKind::ALL {
        assert!(!English.kind_meaning(k).is_empty());
    }
}

#[test]
fn counts_near_u64_max_are_findings_not_panics() {
    // North: Ann's count × 4 delegates does not fit, and the Alpha precinct rows' first-alignment
    // sum for Ann overflows u64. Beta: an absurd delegate count makes the SDE work-back overflow.
    let max = u64::MAX;
    let r = results(&format!(
        "Alpha,North,{max},0,0,{max},0,0,0.4,0,0\n\
         Alpha,\"South, Lower\",1,0,0,1,0,0,0.2,0,0\n\
         Beta,One & Two,1,0,0,1,0,0,999999999999999,0,0\n\
         Alpha,Total,0,0,0,0,0,0,0.6,0,0\n"
    ));
    let dels = DELS.replace(
        "Beta,One &amp; Two,12,8,",
        &format!("Beta,One &amp; Two,12,{max},"),
    );
    let a = audit_results_table(&r, &dels).unwrap();
    let wd = &a.findings(FindingKind::WrongDelegateCount)[0];
    assert_eq!(wd.precinct, "North");
    let Detail::RulesNotApplicable { error, .. } = &wd.detail else {
        panic!("{:?}", wd.detail)
    };
    assert_eq!(
        *error,
        RulesError::QuotaTooLarge {
            count: max,
            delegates: 4
        }
    );
    let english = text::summary(&English, wd, &a.candidates);
    assert!(
        english.starts_with("the rules cannot be applied"),
        "{english}"
    );
    let sm = &a.findings(FindingKind::SdeMismatch)[0];
    let Detail::SdeNotWhole { figures, .. } = &sm.detail else {
        panic!("{:?}", sm.detail)
    };
    assert_eq!(figures[0].worked_back, WorkedBack::TooLarge);
    let tm = &a.findings(FindingKind::TotalsMismatch)[0];
    let Detail::TotalsMismatch { columns, .. } = &tm.detail else {
        panic!("{:?}", tm.detail)
    };
    assert_eq!(
        columns[0],
        TotalDiff::Count {
            section: Section::First,
            option: 0,
            rows_sum: None,
            total: 0
        }
    );
    let computation = text::computation(&English, tm, &a.candidates);
    assert!(
        computation.contains("First Expression Ann: precinct rows add up to more than"),
        "{computation}"
    );
}
