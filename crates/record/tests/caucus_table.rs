//! The results-table importer (malformed tables are rejected with row and column) and the audit
//! on small hand-made tables, one case per finding kind.

use castcheck_record::caucus::audit::{
    audit_results_table, Detail, Finding, FindingKind, ResultsAudit, TotalDiff,
};
use castcheck_record::caucus::csv::CsvProblem;
use castcheck_record::caucus::sde::WorkedBack;
use castcheck_record::caucus::table::Section;
use castcheck_record::caucus::table::{
    parse_delegates, parse_results, TableColumn, TableError, TableKind, TableProblem,
};
use castcheck_record::caucus::text::{self, English, Wording};
use castcheck_record::caucus::{NumberError, RulesError};

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

fn at(table: TableKind, row: usize, column: usize, problem: TableProblem) -> TableError {
    TableError {
        table,
        row,
        column,
        problem,
    }
}

fn results_at(row: usize, column: usize, problem: TableProblem) -> TableError {
    at(TableKind::Results, row, column, problem)
}

fn delegates_at(row: usize, column: usize, problem: TableProblem) -> TableError {
    at(TableKind::Delegates, row, column, problem)
}

fn cand(name: &str, section: Section) -> TableColumn {
    TableColumn::Candidate {
        name: name.into(),
        section,
    }
}

#[test]
fn rejects_bad_number_with_row_and_column() {
    let e = parse_results(&results(
        "Alpha,North,1,2,3,1,2,3,0,0,0\nAlpha,South,1,x,3,1,2,3,0,0,0\n",
    ))
    .unwrap_err();
    assert_eq!(
        e,
        results_at(
            5,
            4,
            TableProblem::NotWhole {
                column: cand("Bob", Section::First),
                error: NumberError::NotANumber { text: "x".into() },
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "results table, row 5, column 4: Bob (First Expression): expected a whole number, found \"x\""
    );
    // negative / decimal head counts
    let e = parse_results(&results("Alpha,North,1,2,3,1,-2,3,0,0,0\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            7,
            TableProblem::NotWhole {
                column: cand("Bob", Section::Final),
                error: NumberError::NotANumber { text: "-2".into() },
            }
        )
    );
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3.5,0,0,0\n")).unwrap_err();
    assert_eq!((e.row, e.column), (4, 8));
    // too large
    let e = parse_results(&results(
        "Alpha,North,1,2,3,1,2,99999999999999999999,0,0,0\n",
    ))
    .unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            8,
            TableProblem::NotWhole {
                column: cand("Cy", Section::Final),
                error: NumberError::TooLarge {
                    text: "99999999999999999999".into()
                },
            }
        )
    );
    // bad SDE
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0.1.2,0\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            10,
            TableProblem::NotDecimal {
                column: cand("Bob", Section::Sde),
                error: NumberError::NotANumber {
                    text: "0.1.2".into()
                },
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "results table, row 4, column 10: Bob (SDE): expected a number, found \"0.1.2\""
    );
    // empty field
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0,\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            11,
            TableProblem::NotDecimal {
                column: cand("Cy", Section::Sde),
                error: NumberError::Empty,
            }
        )
    );
    let e = parse_results(&results("Alpha,North,,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            3,
            TableProblem::NotWhole {
                column: cand("Ann", Section::First),
                error: NumberError::Empty,
            }
        )
    );
    assert!(e.to_string().ends_with("found an empty field"), "{e}");
}

#[test]
fn rejects_wrong_field_count_and_empty_names() {
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            11,
            TableProblem::FieldCount {
                expected: 11,
                found: 10
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "results table, row 4, column 11: expected 11 fields, found 10"
    );
    let e = parse_results(&results("Alpha,North,1,2,3,1,2,3,0,0,0,9\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            12,
            TableProblem::FieldCount {
                expected: 11,
                found: 12
            }
        )
    );
    let e = parse_results(&results(",North,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!(e, results_at(4, 1, TableProblem::EmptyCounty));
    let e = parse_results(&results("Alpha, ,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!(e, results_at(4, 2, TableProblem::EmptyPrecinct));
}

#[test]
fn rejects_bad_headers() {
    let bad_section = HEAD.replacen("SDE,SDE,SDE", "SDE,SDE,Votes", 1);
    let e = parse_results(&bad_section).unwrap_err();
    assert_eq!(
        e,
        results_at(
            1,
            11,
            TableProblem::UnknownSection {
                found: "Votes".into()
            }
        )
    );
    let bad_cand = HEAD.replacen(
        "Ann,Bob,Cy,Ann,Bob,Cy,Ann,Bob,Cy",
        "Ann,Bob,Cy,Ann,Rob,Cy,Ann,Bob,Cy",
        1,
    );
    let e = parse_results(&bad_cand).unwrap_err();
    assert_eq!(
        e,
        results_at(
            2,
            7,
            TableProblem::CandidateMismatch {
                section: Section::Final,
                found: "Rob".into(),
                expected: "Bob".into(),
            }
        )
    );
    let bad_label = HEAD.replacen("County,Precinct", "County,Ward", 1);
    let e = parse_results(&bad_label).unwrap_err();
    assert_eq!(
        e,
        results_at(
            3,
            2,
            TableProblem::NotCountyPrecinct {
                expected: TableColumn::Precinct,
                found: "Ward".into(),
            }
        )
    );
    let e = parse_results("a,b\n").unwrap_err();
    assert_eq!(e, results_at(2, 1, TableProblem::MissingHeaderRows));
    let short = HEAD.replacen("County,Precinct,,,,,,,,,", "County,Precinct,,,,,,,,", 1);
    let e = parse_results(&short).unwrap_err();
    assert_eq!(
        e,
        results_at(
            3,
            11,
            TableProblem::HeaderWidth {
                expected: 11,
                found: 10
            }
        )
    );
    // First, SDE, Final, then SDE again.
    let split = HEAD
        .replacen(
            "First Expression,Final Expression,Final Expression",
            "First Expression,SDE,Final Expression",
            1,
        )
        .replacen("SDE,SDE,SDE", "Final Expression,Final Expression,SDE", 1);
    let e = parse_results(&split).unwrap_err();
    assert_eq!(
        e,
        results_at(
            1,
            11,
            TableProblem::SectionTwice {
                section: Section::Sde
            }
        )
    );
    let swapped = HEAD
        .replacen(
            ",,First Expression,First Expression,First Expression,Final Expression,Final Expression,Final Expression",
            ",,Final Expression,Final Expression,Final Expression,First Expression,First Expression,First Expression",
            1,
        );
    let e = parse_results(&swapped).unwrap_err();
    assert_eq!(e, results_at(1, 3, TableProblem::SectionOrder));
    let nameless = HEAD.replacen(",,Ann,Bob", ",, ,Bob", 1);
    let e = parse_results(&nameless).unwrap_err();
    assert_eq!(e, results_at(2, 3, TableProblem::EmptyCandidate));
    let twice = HEAD.replacen(",,Ann,Bob,Cy", ",,Ann,Bob,ANN", 1);
    let e = parse_results(&twice).unwrap_err();
    assert_eq!(
        e,
        results_at(2, 5, TableProblem::CandidateTwice { name: "ANN".into() })
    );
    let narrow = HEAD
        .replacen("Final Expression,SDE", "SDE,SDE", 1)
        .replacen(
            ",,Ann,Bob,Cy,Ann,Bob,Cy,Ann,Bob,Cy",
            ",,Ann,Bob,Cy,Ann,Bob,Ann,Bob,Cy,Dee",
            1,
        );
    let e = parse_results(&narrow).unwrap_err();
    assert_eq!(
        e,
        results_at(
            1,
            6,
            TableProblem::SectionWidth {
                section: Section::Final,
                found: 2,
                expected: 3,
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "results table, row 1, column 6: section \"Final Expression\" has 2 columns but First Expression has 3"
    );
}

#[test]
fn rejects_broken_quoting() {
    let e = parse_results(&results("Alpha,\"North,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            2,
            TableProblem::Csv {
                problem: CsvProblem::UnclosedQuote
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "results table, row 4, column 2: a quoted field is never closed"
    );
    let e = parse_results(&results("Alpha,No\"rth,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            2,
            TableProblem::Csv {
                problem: CsvProblem::QuoteInUnquotedField
            }
        )
    );
    let e = parse_results(&results("Alpha,\"North\"x,1,2,3,1,2,3,0,0,0\n")).unwrap_err();
    assert_eq!(
        e,
        results_at(
            4,
            2,
            TableProblem::Csv {
                problem: CsvProblem::TextAfterClosingQuote { found: 'x' }
            }
        )
    );
}

#[test]
fn rejects_bad_delegates_table() {
    let e = parse_delegates("County,Precinct,Precinct SDE (IDP)\nA,B,0.1\n").unwrap_err();
    assert_eq!(
        e,
        delegates_at(
            1,
            4,
            TableProblem::MissingColumn {
                column: TableColumn::CountyDelegates
            }
        )
    );
    assert_eq!(
        e.to_string(),
        "delegates table, row 1, column 4: header has no \"County Delegates\" column"
    );
    let e = parse_delegates("County,Precinct,County Delegates,Precinct SDE (IDP)\nA,B,three,0.1\n")
        .unwrap_err();
    assert_eq!(
        e,
        delegates_at(
            2,
            3,
            TableProblem::NotWhole {
                column: TableColumn::CountyDelegates,
                error: NumberError::NotANumber {
                    text: "three".into()
                },
            }
        )
    );
    let e = parse_delegates("County,Precinct,County Delegates,Precinct SDE (IDP)\nA,B,3,1e3\n")
        .unwrap_err();
    assert_eq!(
        e,
        delegates_at(
            2,
            4,
            TableProblem::NotDecimal {
                column: TableColumn::PrecinctSde,
                error: NumberError::NotANumber { text: "1e3".into() },
            }
        )
    );
    let e = parse_delegates("County,Precinct,County Delegates,Precinct SDE (IDP)\nA,,3,0.1\n")
        .unwrap_err();
    assert_eq!(e, delegates_at(2, 2, TableProblem::EmptyPrecinct));
    let e = parse_delegates("County,Precinct,County Delegates,Precinct SDE (IDP)\n,B,3,0.1\n")
        .unwrap_err();
    assert_eq!(e, delegates_at(2, 1, TableProblem::EmptyCounty));
    let e = parse_delegates("\n\n").unwrap_err();
    assert_eq!(e, delegates_at(1, 1, TableProblem::NoHeader));
    // a nameless placeholder with nothing to elect is skipped
    let d = parse_delegates(
        "County,Precinct,County Delegates,Precinct SDE (IDP)\nA,,0,0.0\nA,B,1,0.1\n",
    )
    .unwrap();
    assert_eq!(d.placeholder_rows, vec![2]);
    assert_eq!(d.rows.len(), 1);
    // errors surface through the audit entry point too
    let e = audit_results_table(&results(""), "County,Precinct\n").unwrap_err();
    assert_eq!(
        e,
        delegates_at(
            1,
            3,
            TableProblem::MissingColumn {
                column: TableColumn::CountyDelegates
            }
        )
    );
}

#[test]
fn table_errors_read_back_from_json() {
    // The web worker sends a table error to the page as JSON: it must read back unchanged.
    let errors = [
        results_at(
            4,
            10,
            TableProblem::NotDecimal {
                column: cand("Bob", Section::Sde),
                error: NumberError::TooManyDecimals {
                    text: "0.1".into(),
                    max: 12,
                },
            },
        ),
        results_at(
            4,
            2,
            TableProblem::Csv {
                problem: CsvProblem::TextAfterClosingQuote { found: '"' },
            },
        ),
        delegates_at(
            1,
            1,
            TableProblem::MissingColumn {
                column: TableColumn::County,
            },
        ),
        results_at(1, 3, TableProblem::SectionOrder),
    ];
    for e in errors {
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            serde_json::from_str::<TableError>(&json).unwrap(),
            e,
            "{json}"
        );
    }
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
