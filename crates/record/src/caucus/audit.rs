//! Auditing a published precinct results table against the Iowa Democratic Party 2020 rules.
//!
//! For every precinct, the audit recomputes from the published alignment counts and the precinct's
//! delegate count what the rules give, works the published SDEs back to county delegates, and lists
//! every precinct whose published numbers cannot come from the rules, grouped by [`FindingKind`],
//! each with the computation shown. See `docs/caucus-rules.md` and `docs/iowa-2020.md`.

use super::allocate::{allocate_alignments, Allocation, TieNote};
use super::names::name_key;
use super::number::Fixed;
use super::rules::{Rules, RulesError};
use super::sde::{delegates_from_sde, sde_per_delegate, sde_tolerance, WorkedBack};
use super::table::{
    parse_delegates, parse_results, DelegatesRow, DelegatesTable, ResultsRow, ResultsTable,
    Section, TableError,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A results row's published numbers: first alignment, final alignment, SDEs.
type RowNumbers = (Vec<u64>, Vec<u64>, Vec<Fixed>);

/// The kinds of finding, with stable ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// `nonviable-awarded`
    NonviableAwarded,
    /// `wrong-delegate-count`
    WrongDelegateCount,
    /// `sde-mismatch`
    SdeMismatch,
    /// `final-exceeds-first`
    FinalExceedsFirst,
    /// `totals-mismatch`
    TotalsMismatch,
    /// `missing-precinct`
    MissingPrecinct,
    /// `duplicate-precinct`
    DuplicatePrecinct,
}

impl FindingKind {
    /// Every kind, in report order.
    pub const ALL: [FindingKind; 7] = [
        FindingKind::NonviableAwarded,
        FindingKind::WrongDelegateCount,
        FindingKind::SdeMismatch,
        FindingKind::FinalExceedsFirst,
        FindingKind::TotalsMismatch,
        FindingKind::MissingPrecinct,
        FindingKind::DuplicatePrecinct,
    ];

    /// The stable id.
    pub fn id(&self) -> &'static str {
        match self {
            FindingKind::NonviableAwarded => "nonviable-awarded",
            FindingKind::WrongDelegateCount => "wrong-delegate-count",
            FindingKind::SdeMismatch => "sde-mismatch",
            FindingKind::FinalExceedsFirst => "final-exceeds-first",
            FindingKind::TotalsMismatch => "totals-mismatch",
            FindingKind::MissingPrecinct => "missing-precinct",
            FindingKind::DuplicatePrecinct => "duplicate-precinct",
        }
    }

    /// Looks a kind up by id.
    pub fn from_id(id: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// One problem found in one precinct (or county total). Data only: [`super::text`] words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// County name as published.
    pub county: String,
    /// Precinct name as published (`Total` for a county total).
    pub precinct: String,
    /// 1-based row in the results table, when the precinct has one.
    pub results_row: Option<usize>,
    /// 1-based row in the delegates table, when the precinct has one.
    pub delegates_row: Option<usize>,
    /// What is wrong, with the numbers that show it.
    pub detail: Detail,
}

impl Finding {
    /// The kind this finding is grouped under.
    pub fn kind(&self) -> FindingKind {
        self.detail.kind()
    }
}

/// A joined precinct's size, SDE weight and first alignment: what its delegate checks start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecinctBasis {
    /// County delegates the precinct elects.
    pub delegates: u64,
    /// The precinct's total SDE weight (from the delegates table).
    pub sde_weight: Fixed,
    /// SDE value of one delegate (`sde_weight ÷ delegates`).
    pub per_delegate: Fixed,
    /// First-alignment counts per candidate.
    pub first: Vec<u64>,
}

/// One published SDE figure that cannot be worked back to a whole number of delegates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdeFigure {
    /// The candidate (index into the audit's candidates).
    pub option: usize,
    /// The SDE figure as published.
    pub published: Fixed,
    /// [`WorkedBack::NotWhole`] or [`WorkedBack::TooLarge`].
    pub worked_back: WorkedBack,
    /// The SDE the nearest whole number of delegates would give, when it can be computed.
    pub nearest_sde: Option<Fixed>,
}

/// A precinct's published delegates next to what the rules give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegateCheck {
    /// The precinct's size, weight and first alignment.
    pub basis: PrecinctBasis,
    /// SDEs per candidate as published.
    pub published_sde: Vec<Fixed>,
    /// Delegates per candidate worked back from the published SDEs.
    pub published: Vec<u64>,
    /// What the rules give, with the whole computation.
    pub allocation: Allocation,
}

/// A county total column that differs from the sum of the county's precinct rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "column", rename_all = "kebab-case")]
pub enum TotalDiff {
    /// A head-count column (first or final alignment); `rows_sum` is `None` past `u64::MAX`.
    Count {
        /// First or final alignment.
        section: Section,
        /// The candidate (index into the audit's candidates).
        option: usize,
        /// The precinct rows' sum.
        rows_sum: Option<u64>,
        /// The `Total` row's figure.
        total: u64,
    },
    /// An SDE column, compared within `tolerance` (4-decimal rounding of every row and the total).
    Sde {
        /// The candidate (index into the audit's candidates).
        option: usize,
        /// The precinct rows' sum; `None` when it does not fit.
        rows_sum: Option<Fixed>,
        /// The `Total` row's figure.
        total: Fixed,
        /// The largest difference rounding explains.
        tolerance: Fixed,
    },
}

/// What a finding found, with the values that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum Detail {
    /// `nonviable-awarded`: these candidates (indices) got delegates without being viable.
    NonviableAwarded {
        /// The published delegates next to what the rules give.
        check: DelegateCheck,
        /// The non-viable candidates awarded delegates.
        nonviable: Vec<usize>,
    },
    /// `wrong-delegate-count`: the published delegates are not an outcome the rules allow.
    WrongDelegates {
        /// The published delegates next to what the rules give.
        check: DelegateCheck,
    },
    /// `wrong-delegate-count`: the rules cannot be applied to the published counts.
    RulesNotApplicable {
        /// The precinct's size, weight and first alignment.
        basis: PrecinctBasis,
        /// Why the rules cannot be applied.
        error: RulesError,
    },
    /// `sde-mismatch`: published SDEs that are not whole numbers of delegates.
    SdeNotWhole {
        /// The precinct's size, weight and first alignment.
        basis: PrecinctBasis,
        /// The figures that are not whole delegates.
        figures: Vec<SdeFigure>,
    },
    /// `final-exceeds-first`.
    FinalExceedsFirst {
        /// First-alignment counts per candidate.
        first: Vec<u64>,
        /// Final-alignment counts per candidate.
        final_: Vec<u64>,
    },
    /// `totals-mismatch`: a county `Total` row against its `precinct_rows` precinct rows.
    TotalsMismatch {
        /// How many precinct rows the county has.
        precinct_rows: usize,
        /// The columns that differ.
        columns: Vec<TotalDiff>,
    },
    /// `missing-precinct`: a results row with no delegates-table row of the same join key.
    NotInDelegatesTable {
        /// The county's join key.
        county_key: String,
        /// The precinct's join key.
        precinct_key: String,
        /// The county name says `satellite`: a satellite caucus, which the delegates table does
        /// not list.
        satellite: bool,
    },
    /// `missing-precinct`: a delegates-table row with no results row.
    NoResults {
        /// County delegates the precinct elects.
        delegates: u64,
        /// The precinct's SDE weight.
        sde_weight: Fixed,
        /// The county's join key.
        county_key: String,
        /// The precinct's join key.
        precinct_key: String,
    },
    /// `duplicate-precinct`: a precinct listed twice in the delegates table (the first is used).
    DelegatesRowTwice {
        /// The first row (the one used).
        earlier_row: usize,
        /// Delegates on the first row.
        earlier_delegates: u64,
        /// SDE weight on the first row.
        earlier_weight: Fixed,
        /// Delegates on this row.
        delegates: u64,
        /// SDE weight on this row.
        sde_weight: Fixed,
    },
    /// `duplicate-precinct`: a precinct listed twice in the results table.
    ResultsRowTwice {
        /// The first row naming the precinct.
        earlier_row: usize,
    },
    /// `duplicate-precinct`: another precinct carries identical published numbers.
    IdenticalNumbers {
        /// The other precinct's county.
        other_county: String,
        /// The other precinct.
        other_precinct: String,
        /// The other precinct's results row.
        other_row: usize,
        /// The shared first-alignment counts.
        first: Vec<u64>,
        /// The shared final-alignment counts.
        final_: Vec<u64>,
        /// The shared SDEs.
        sde: Vec<Fixed>,
    },
    /// `duplicate-precinct`: a county total listed twice.
    TotalTwice {
        /// The first total row for the county.
        earlier_row: usize,
    },
}

impl Detail {
    pub(crate) fn kind(&self) -> FindingKind {
        match self {
            Detail::NonviableAwarded { .. } => FindingKind::NonviableAwarded,
            Detail::WrongDelegates { .. } | Detail::RulesNotApplicable { .. } => {
                FindingKind::WrongDelegateCount
            }
            Detail::SdeNotWhole { .. } => FindingKind::SdeMismatch,
            Detail::FinalExceedsFirst { .. } => FindingKind::FinalExceedsFirst,
            Detail::TotalsMismatch { .. } => FindingKind::TotalsMismatch,
            Detail::NotInDelegatesTable { .. } | Detail::NoResults { .. } => {
                FindingKind::MissingPrecinct
            }
            Detail::DelegatesRowTwice { .. }
            | Detail::ResultsRowTwice { .. }
            | Detail::IdenticalNumbers { .. }
            | Detail::TotalTwice { .. } => FindingKind::DuplicatePrecinct,
        }
    }
}

/// All findings of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindGroup {
    /// The kind.
    pub kind: FindingKind,
    /// How many findings (`findings.len()`).
    pub count: usize,
    /// The findings, by results row, then delegates row.
    pub findings: Vec<Finding>,
}

/// A precinct whose published numbers are one of several outcomes a coin toss allows (accepted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoinToss {
    /// County name as published.
    pub county: String,
    /// Precinct name as published.
    pub precinct: String,
    /// 1-based row in the results table.
    pub results_row: usize,
    /// The ties the lot decided.
    pub tie_notes: Vec<TieNote>,
    /// The delegates published (one of the allowed outcomes).
    pub published: Vec<u64>,
}

/// A reading of the rules the audit relies on (worded by [`super::text`]; also in
/// `docs/caucus-rules.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// Participants and the viability threshold by precinct size.
    Viability,
    /// The delegate formula, rounding, adjustments and lots.
    DelegateFormula,
    /// Delegates worked back from published SDEs.
    SdeWorkBack,
    /// County totals and their tolerance.
    CountyTotals,
    /// How names are joined between the tables.
    NameJoin,
}

impl Reading {
    /// Every reading, in report order.
    pub(crate) const ALL: [Reading; 5] = [
        Reading::Viability,
        Reading::DelegateFormula,
        Reading::SdeWorkBack,
        Reading::CountyTotals,
        Reading::NameJoin,
    ];
}

/// The audit of a published results table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsAudit {
    /// The rules audited against.
    pub rules: Rules,
    /// Candidate names from the results table's header, in column order.
    pub candidates: Vec<String>,
    /// Precinct rows in the results table (county `Total` rows excluded).
    pub results_precinct_rows: usize,
    /// County `Total` rows in the results table.
    pub county_total_rows: usize,
    /// Precinct rows in the delegates table (placeholders excluded).
    pub delegates_rows: usize,
    /// Placeholder rows skipped in the delegates table (no name, no delegates, no SDE weight).
    pub delegates_placeholder_rows: Vec<usize>,
    /// Precincts found in both tables, whose delegates were checked against the rules.
    pub precincts_audited: usize,
    /// Of those, precincts with no finding of any kind.
    pub precincts_consistent: usize,
    /// Precincts where a coin toss decides and the published numbers match one allowed outcome.
    pub coin_tosses: Vec<CoinToss>,
    /// Findings by kind, every kind present (possibly with zero findings), in report order.
    pub groups: Vec<KindGroup>,
    /// Count per kind id.
    pub counts: BTreeMap<String, usize>,
    /// Total number of findings.
    pub total_findings: usize,
    /// The readings of the rules used.
    pub readings: Vec<Reading>,
}

/// Audits a published results table (`results_csv`) against the precinct delegates table
/// (`delegates_csv`) under the Iowa Democratic Party 2020 rules.
pub fn audit_results_table(
    results_csv: &str,
    delegates_csv: &str,
) -> Result<ResultsAudit, TableError> {
    let results = parse_results(results_csv)?;
    let delegates = parse_delegates(delegates_csv)?;
    Ok(audit_tables(&results, &delegates))
}

fn is_satellite(county: &str) -> bool {
    name_key(county).contains("satellite")
}

/// A finding located by its county and precinct and rows.
fn finding(
    county: &str,
    precinct: &str,
    results_row: Option<usize>,
    delegates_row: Option<usize>,
    detail: Detail,
) -> Finding {
    Finding {
        county: county.to_string(),
        precinct: precinct.to_string(),
        results_row,
        delegates_row,
        detail,
    }
}

/// The sum of `values`, `None` past `u64::MAX`.
fn checked_sum(values: impl IntoIterator<Item = u64>) -> Option<u64> {
    values.into_iter().try_fold(0u64, |s, v| s.checked_add(v))
}

/// The sum of `values` exactly (no `u64` overflow on hostile counts).
pub fn wide_sum(values: &[u64]) -> u128 {
    values.iter().map(|&v| v as u128).sum()
}

/// Audits already-parsed tables.
pub fn audit_tables(results: &ResultsTable, delegates: &DelegatesTable) -> ResultsAudit {
    let names = &results.candidates;
    let rules = Rules::IowaDem2020;
    let mut findings: Vec<Finding> = Vec::new();
    let mut coin_tosses = Vec::new();
    let mut flagged: std::collections::HashSet<usize> = Default::default();

    // Index the delegates table; duplicates are findings.
    let mut del_index: HashMap<(String, String), &DelegatesRow> = HashMap::new();
    for d in &delegates.rows {
        let key = (d.county_key.clone(), d.precinct_key.clone());
        if let Some(prev) = del_index.get(&key) {
            findings.push(finding(
                &d.county,
                &d.precinct,
                None,
                Some(d.row),
                Detail::DelegatesRowTwice {
                    earlier_row: prev.row,
                    earlier_delegates: prev.delegates,
                    earlier_weight: prev.sde_weight,
                    delegates: d.delegates,
                    sde_weight: d.sde_weight,
                },
            ));
            continue;
        }
        del_index.insert(key, d);
    }

    let precinct_rows: Vec<&ResultsRow> = results.rows.iter().filter(|r| !r.is_total).collect();
    let total_rows: Vec<&ResultsRow> = results.rows.iter().filter(|r| r.is_total).collect();

    // Duplicates in the results table: same name, or identical numbers under different names.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut by_numbers: HashMap<RowNumbers, usize> = HashMap::new();
    for r in &precinct_rows {
        let key = (r.county_key.clone(), r.precinct_key.clone());
        if let Some(&prev) = seen.get(&key) {
            flagged.insert(r.row);
            findings.push(finding(
                &r.county,
                &r.precinct,
                Some(r.row),
                None,
                Detail::ResultsRowTwice { earlier_row: prev },
            ));
        } else {
            seen.insert(key, r.row);
        }
        if r.first.iter().chain(&r.final_).any(|&c| c > 0) {
            let nk = (r.first.clone(), r.final_.clone(), r.sde.clone());
            if let Some(&prev_row) = by_numbers.get(&nk) {
                let prev = precinct_rows.iter().find(|p| p.row == prev_row).copied();
                if let Some(prev) = prev {
                    if (prev.county_key.as_str(), prev.precinct_key.as_str())
                        != (r.county_key.as_str(), r.precinct_key.as_str())
                    {
                        flagged.insert(r.row);
                        findings.push(finding(
                            &r.county,
                            &r.precinct,
                            Some(r.row),
                            None,
                            Detail::IdenticalNumbers {
                                other_county: prev.county.clone(),
                                other_precinct: prev.precinct.clone(),
                                other_row: prev.row,
                                first: r.first.clone(),
                                final_: r.final_.clone(),
                                sde: r.sde.clone(),
                            },
                        ));
                    }
                }
            } else {
                by_numbers.insert(nk, r.row);
            }
        }
    }

    // Per-precinct checks.
    let mut audited = 0usize;
    let mut joined_keys: std::collections::HashSet<(String, String)> = Default::default();
    let mut audited_rows: Vec<usize> = Vec::new();
    for r in &precinct_rows {
        let d = del_index
            .get(&(r.county_key.clone(), r.precinct_key.clone()))
            .copied();
        if wide_sum(&r.final_) > wide_sum(&r.first) {
            flagged.insert(r.row);
            findings.push(finding(
                &r.county,
                &r.precinct,
                Some(r.row),
                d.map(|d| d.row),
                Detail::FinalExceedsFirst {
                    first: r.first.clone(),
                    final_: r.final_.clone(),
                },
            ));
        }
        let Some(d) = d else {
            flagged.insert(r.row);
            findings.push(finding(
                &r.county,
                &r.precinct,
                Some(r.row),
                None,
                Detail::NotInDelegatesTable {
                    county_key: r.county_key.clone(),
                    precinct_key: r.precinct_key.clone(),
                    satellite: is_satellite(&r.county),
                },
            ));
            continue;
        };
        joined_keys.insert((d.county_key.clone(), d.precinct_key.clone()));
        audited += 1;
        audited_rows.push(r.row);
        if let Some(detail) = check_precinct(r, d, &rules, &mut coin_tosses) {
            flagged.insert(r.row);
            findings.push(finding(
                &r.county,
                &r.precinct,
                Some(r.row),
                Some(d.row),
                detail,
            ));
        }
    }

    // Precincts in the delegates table without results.
    for d in &delegates.rows {
        let key = (d.county_key.clone(), d.precinct_key.clone());
        if joined_keys.contains(&key) || del_index.get(&key).map(|x| x.row) != Some(d.row) {
            continue;
        }
        findings.push(finding(
            &d.county,
            &d.precinct,
            None,
            Some(d.row),
            Detail::NoResults {
                delegates: d.delegates,
                sde_weight: d.sde_weight,
                county_key: d.county_key.clone(),
                precinct_key: d.precinct_key.clone(),
            },
        ));
    }

    // County totals.
    let mut county_totals_seen: HashMap<String, usize> = HashMap::new();
    for t in &total_rows {
        if let Some(&prev) = county_totals_seen.get(&t.county_key) {
            findings.push(finding(
                &t.county,
                &t.precinct,
                Some(t.row),
                None,
                Detail::TotalTwice { earlier_row: prev },
            ));
            continue;
        }
        county_totals_seen.insert(t.county_key.clone(), t.row);
        if let Some(f) = check_county_total(t, &precinct_rows) {
            findings.push(f);
        }
    }

    let consistent = audited_rows.iter().filter(|r| !flagged.contains(r)).count();

    // Group.
    findings.sort_by_key(|f| {
        (
            f.kind(),
            f.results_row.unwrap_or(usize::MAX),
            f.delegates_row.unwrap_or(usize::MAX),
        )
    });
    let mut groups: Vec<KindGroup> = FindingKind::ALL
        .iter()
        .map(|&k| KindGroup {
            kind: k,
            count: 0,
            findings: vec![],
        })
        .collect();
    let total_findings = findings.len();
    for f in findings {
        let g = groups
            .iter_mut()
            .find(|g| g.kind == f.kind())
            .expect("every kind has a group");
        g.count += 1;
        g.findings.push(f);
    }
    let counts = groups
        .iter()
        .map(|g| (g.kind.id().to_string(), g.count))
        .collect();
    ResultsAudit {
        rules,
        candidates: names.clone(),
        results_precinct_rows: precinct_rows.len(),
        county_total_rows: total_rows.len(),
        delegates_rows: delegates.rows.len(),
        delegates_placeholder_rows: delegates.placeholder_rows.clone(),
        precincts_audited: audited,
        precincts_consistent: consistent,
        coin_tosses,
        groups,
        counts,
        total_findings,
        readings: Reading::ALL.to_vec(),
    }
}

/// Delegate and SDE checks for one joined precinct. Returns at most one finding (sde-mismatch,
/// nonviable-awarded or wrong-delegate-count, in that order of precedence).
fn check_precinct(
    r: &ResultsRow,
    d: &DelegatesRow,
    rules: &Rules,
    coin_tosses: &mut Vec<CoinToss>,
) -> Option<Detail> {
    let n = d.delegates;
    let w = d.sde_weight;
    let basis = PrecinctBasis {
        delegates: n,
        sde_weight: w,
        per_delegate: sde_per_delegate(w, n),
        first: r.first.clone(),
    };

    // Work the published SDEs back to delegates.
    let tol = sde_tolerance();
    let mut published = Vec::with_capacity(r.sde.len());
    let mut figures = Vec::new();
    for (i, &s) in r.sde.iter().enumerate() {
        match delegates_from_sde(s, n, w, tol) {
            WorkedBack::Whole { delegates } => published.push(delegates),
            worked_back => {
                let nearest = match worked_back {
                    WorkedBack::NotWhole { nearest, .. } => Some(nearest),
                    _ => None,
                };
                figures.push(SdeFigure {
                    option: i,
                    published: s,
                    worked_back,
                    nearest_sde: nearest.and_then(|k| w.mul_div(k, n)),
                });
            }
        }
    }
    if !figures.is_empty() {
        return Some(Detail::SdeNotWhole { basis, figures });
    }
    let allocation = match allocate_alignments(rules, &r.first, &r.final_, n) {
        Ok(a) => a,
        Err(error) => return Some(Detail::RulesNotApplicable { basis, error }),
    };
    if allocation.is_allowed(&published) {
        if allocation.decided_by_lot() {
            coin_tosses.push(CoinToss {
                county: r.county.clone(),
                precinct: r.precinct.clone(),
                results_row: r.row,
                tie_notes: allocation.tie_notes.clone(),
                published,
            });
        }
        return None;
    }
    // Which awarded groups were not viable?
    let nonviable: Vec<usize> = (0..published.len())
        .filter(|&i| {
            published[i] > 0
                && match allocation.viability_threshold {
                    Some(t) => r.final_[i] < t.max(1),
                    None => r.final_[i] == 0,
                }
        })
        .collect();
    let check = DelegateCheck {
        basis,
        published_sde: r.sde.clone(),
        published,
        allocation,
    };
    Some(if nonviable.is_empty() {
        Detail::WrongDelegates { check }
    } else {
        Detail::NonviableAwarded { check, nonviable }
    })
}

/// Compares a county `Total` row with the sum of that county's precinct rows.
fn check_county_total(t: &ResultsRow, precincts: &[&ResultsRow]) -> Option<Finding> {
    let rows: Vec<&&ResultsRow> = precincts
        .iter()
        .filter(|p| p.county_key == t.county_key)
        .collect();
    let mut columns = Vec::new();
    for (section, pick) in [
        (
            Section::First,
            (|r: &ResultsRow| &r.first) as fn(&ResultsRow) -> &Vec<u64>,
        ),
        (Section::Final, |r: &ResultsRow| &r.final_),
    ] {
        for (i, &total) in pick(t).iter().enumerate() {
            let rows_sum = checked_sum(rows.iter().map(|r| pick(r)[i]));
            if rows_sum != Some(total) {
                columns.push(TotalDiff::Count {
                    section,
                    option: i,
                    rows_sum,
                    total,
                });
            }
        }
    }
    // Each published SDE is rounded to 4 decimals (error ≤ 0.00005), the total too.
    let tolerance = Fixed(Fixed::unit(4).0 / 2 * (rows.len() as u128 + 1));
    for (i, &total) in t.sde.iter().enumerate() {
        let rows_sum = rows
            .iter()
            .try_fold(Fixed::ZERO, |s, r| s.checked_add(r.sde[i]));
        if rows_sum.is_none_or(|s| s.abs_diff(total) > tolerance) {
            columns.push(TotalDiff::Sde {
                option: i,
                rows_sum,
                total,
                tolerance,
            });
        }
    }
    if columns.is_empty() {
        return None;
    }
    Some(finding(
        &t.county,
        &t.precinct,
        Some(t.row),
        None,
        Detail::TotalsMismatch {
            precinct_rows: rows.len(),
            columns,
        },
    ))
}

impl ResultsAudit {
    /// The verdict on the table, by its stable name: `verified` when precincts were audited and
    /// every one's numbers can come from the rules, `failed` otherwise.
    pub fn verdict(&self) -> &'static str {
        if self.total_findings == 0 && self.precincts_audited > 0 {
            "verified"
        } else {
            "failed"
        }
    }

    /// The English summary the CLI prints (see [`super::text::render_text`]).
    pub fn render_text(&self) -> String {
        super::text::render_text(self)
    }

    /// The number of findings of one kind.
    pub fn count(&self, kind: FindingKind) -> usize {
        self.groups
            .iter()
            .find(|g| g.kind == kind)
            .map(|g| g.count)
            .unwrap_or(0)
    }

    /// The findings of one kind.
    pub fn findings(&self, kind: FindingKind) -> &[Finding] {
        self.groups
            .iter()
            .find(|g| g.kind == kind)
            .map(|g| g.findings.as_slice())
            .unwrap_or(&[])
    }
}
