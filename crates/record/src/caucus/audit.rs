//! Auditing a published precinct results table against the Iowa Democratic Party 2020 rules.
//!
//! For every precinct, the audit recomputes from the published alignment counts and the precinct's
//! delegate count what the rules give, works the published SDEs back to county delegates, and lists
//! every precinct whose published numbers cannot come from the rules, grouped by [`FindingKind`],
//! each with the computation shown. See `docs/caucus-rules.md` and `docs/iowa-2020.md`.

use super::allocate::{allocate_alignments, format_delegates, format_nonzero, name_of, Allocation};
use super::names::name_key;
use super::number::Fixed;
use super::rules::Rules;
use super::sde::{delegates_from_sde, sde_per_delegate, sde_tolerance, WorkedBack};
use super::table::{
    parse_delegates, parse_results, DelegatesRow, DelegatesTable, ResultsRow, ResultsTable,
    TableError,
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

    /// One line, plain language.
    pub fn meaning(&self) -> &'static str {
        match self {
            FindingKind::NonviableAwarded => {
                "a group too small to be viable in the final alignment was awarded delegates"
            }
            FindingKind::WrongDelegateCount => {
                "the delegates awarded (worked back from the published SDEs) are not what the rules give for the published final alignment"
            }
            FindingKind::SdeMismatch => {
                "a published SDE is not a whole number of the precinct's delegates (SDE weight ÷ delegates)"
            }
            FindingKind::FinalExceedsFirst => {
                "more people were counted in the final alignment than in the first"
            }
            FindingKind::TotalsMismatch => {
                "a published county total is not the sum of that county's precinct rows"
            }
            FindingKind::MissingPrecinct => {
                "a precinct is in one table but not the other, so its delegates cannot be checked"
            }
            FindingKind::DuplicatePrecinct => {
                "a precinct is listed twice, or two precincts carry identical published numbers"
            }
        }
    }
}

/// One problem found in one precinct (or county total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub county: String,
    pub precinct: String,
    /// 1-based row in the results table, when the precinct has one.
    pub results_row: Option<usize>,
    /// 1-based row in the delegates table, when the precinct has one.
    pub delegates_row: Option<usize>,
    /// One line: what is wrong.
    pub summary: String,
    /// The computation, as plain text (several lines).
    pub computation: String,
}

/// All findings of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindGroup {
    pub kind: FindingKind,
    pub meaning: String,
    pub count: usize,
    pub findings: Vec<Finding>,
}

/// A precinct whose published numbers are one of several outcomes a coin toss allows (accepted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoinToss {
    pub county: String,
    pub precinct: String,
    pub results_row: usize,
    pub note: String,
}

/// The audit of a published results table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsAudit {
    pub rules: Rules,
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
    /// The readings of the rules used, in plain language.
    pub readings: Vec<String>,
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
            findings.push(Finding {
                kind: FindingKind::DuplicatePrecinct,
                county: d.county.clone(),
                precinct: d.precinct.clone(),
                results_row: None,
                delegates_row: Some(d.row),
                summary: format!(
                    "listed twice in the delegates table (rows {} and {})",
                    prev.row, d.row
                ),
                computation: format!(
                    "Delegates table row {}: {} delegates, SDE weight {}.\nDelegates table row {}: {} delegates, SDE weight {}.\nThe first row is used.",
                    prev.row, prev.delegates, prev.sde_weight, d.row, d.delegates, d.sde_weight
                ),
            });
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
        if let Some(prev) = seen.get(&key) {
            flagged.insert(r.row);
            findings.push(Finding {
                kind: FindingKind::DuplicatePrecinct,
                county: r.county.clone(),
                precinct: r.precinct.clone(),
                results_row: Some(r.row),
                delegates_row: None,
                summary: format!(
                    "listed twice in the results table (rows {prev} and {})",
                    r.row
                ),
                computation: format!(
                    "Results rows {prev} and {} both name {} / {}.",
                    r.row, r.county, r.precinct
                ),
            });
        } else {
            seen.insert(key, r.row);
        }
        let people: u64 = r.first.iter().chain(r.final_.iter()).sum();
        if people > 0 {
            let nk = (r.first.clone(), r.final_.clone(), r.sde.clone());
            if let Some(&prev_row) = by_numbers.get(&nk) {
                let prev = precinct_rows.iter().find(|p| p.row == prev_row).copied();
                if let Some(prev) = prev {
                    if (prev.county_key.as_str(), prev.precinct_key.as_str())
                        != (r.county_key.as_str(), r.precinct_key.as_str())
                    {
                        flagged.insert(r.row);
                        findings.push(Finding {
                            kind: FindingKind::DuplicatePrecinct,
                            county: r.county.clone(),
                            precinct: r.precinct.clone(),
                            results_row: Some(r.row),
                            delegates_row: None,
                            summary: format!(
                                "identical published numbers to {} / {} (row {}) — likely the same data entered twice",
                                prev.county, prev.precinct, prev.row
                            ),
                            computation: format!(
                                "Row {} and row {} have the same first alignment ({}), final alignment ({}) and SDEs ({}).",
                                prev.row,
                                r.row,
                                format_counts(&r.first, names),
                                format_counts(&r.final_, names),
                                format_sdes(&r.sde, names)
                            ),
                        });
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
        let first_total: u64 = r.first.iter().sum();
        let final_total: u64 = r.final_.iter().sum();
        let d = del_index
            .get(&(r.county_key.clone(), r.precinct_key.clone()))
            .copied();
        if final_total > first_total {
            flagged.insert(r.row);
            findings.push(Finding {
                kind: FindingKind::FinalExceedsFirst,
                county: r.county.clone(),
                precinct: r.precinct.clone(),
                results_row: Some(r.row),
                delegates_row: d.map(|d| d.row),
                summary: format!(
                    "final alignment counts {final_total} people, first alignment {first_total} (+{})",
                    final_total - first_total
                ),
                computation: format!(
                    "First alignment: {} = {first_total}.\nFinal alignment: {} = {final_total}.\nNobody can join between the alignments, so the final total cannot exceed the first; it does by {}.",
                    format_counts(&r.first, names),
                    format_counts(&r.final_, names),
                    final_total - first_total
                ),
            });
        }
        let Some(d) = d else {
            flagged.insert(r.row);
            let why = if is_satellite(&r.county) {
                "satellite caucus: the delegates table lists no county delegates or SDE weight for it, so its delegates cannot be checked"
            } else {
                "no row with this county and precinct name in the delegates table, so its delegates cannot be checked"
            };
            findings.push(Finding {
                kind: FindingKind::MissingPrecinct,
                county: r.county.clone(),
                precinct: r.precinct.clone(),
                results_row: Some(r.row),
                delegates_row: None,
                summary: "in the results table but not in the delegates table".into(),
                computation: format!(
                    "Results row {}: {} / {} (join key {:?} / {:?}); {why}.",
                    r.row, r.county, r.precinct, r.county_key, r.precinct_key
                ),
            });
            continue;
        };
        joined_keys.insert((d.county_key.clone(), d.precinct_key.clone()));
        audited += 1;
        audited_rows.push(r.row);
        if let Some(f) = check_precinct(r, d, names, &rules, &mut coin_tosses) {
            flagged.insert(r.row);
            findings.push(f);
        }
    }

    // Precincts in the delegates table without results.
    for d in &delegates.rows {
        let key = (d.county_key.clone(), d.precinct_key.clone());
        if joined_keys.contains(&key) || del_index.get(&key).map(|x| x.row) != Some(d.row) {
            continue;
        }
        findings.push(Finding {
            kind: FindingKind::MissingPrecinct,
            county: d.county.clone(),
            precinct: d.precinct.clone(),
            results_row: None,
            delegates_row: Some(d.row),
            summary: format!(
                "in the delegates table ({} delegates) but no results were published for it",
                d.delegates
            ),
            computation: format!(
                "Delegates table row {}: {} / {} elects {} delegates (SDE weight {}); no results row has the join key {:?} / {:?}.",
                d.row, d.county, d.precinct, d.delegates, d.sde_weight, d.county_key, d.precinct_key
            ),
        });
    }

    // County totals.
    let mut county_totals_seen: HashMap<String, usize> = HashMap::new();
    for t in &total_rows {
        if let Some(prev) = county_totals_seen.get(&t.county_key) {
            findings.push(Finding {
                kind: FindingKind::DuplicatePrecinct,
                county: t.county.clone(),
                precinct: t.precinct.clone(),
                results_row: Some(t.row),
                delegates_row: None,
                summary: format!("county total listed twice (rows {prev} and {})", t.row),
                computation: format!(
                    "Results rows {prev} and {} are both totals for {}.",
                    t.row, t.county
                ),
            });
            continue;
        }
        county_totals_seen.insert(t.county_key.clone(), t.row);
        if let Some(f) = check_county_total(t, &precinct_rows, names) {
            findings.push(f);
        }
    }

    let consistent = audited_rows.iter().filter(|r| !flagged.contains(r)).count();

    // Group.
    findings.sort_by_key(|f| {
        (
            f.kind,
            f.results_row.unwrap_or(usize::MAX),
            f.delegates_row.unwrap_or(usize::MAX),
        )
    });
    let mut groups: Vec<KindGroup> = FindingKind::ALL
        .iter()
        .map(|&k| KindGroup {
            kind: k,
            meaning: k.meaning().to_string(),
            count: 0,
            findings: vec![],
        })
        .collect();
    let total_findings = findings.len();
    for f in findings {
        let g = groups
            .iter_mut()
            .find(|g| g.kind == f.kind)
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
        readings: readings(),
    }
}

/// The readings of the rules used by the audit (also in `docs/caucus-rules.md`).
pub fn readings() -> Vec<String> {
    vec![
        "Participants = the first-alignment total; viability threshold = ceil(participants × 25%) for 2 delegates, ceil(participants ÷ 6) for 3, ceil(participants × 15%) for 4 or more; one-delegate precincts have no threshold and the largest final group wins.".into(),
        "Delegate formula: final count × delegates ÷ first-alignment participants, rounded to nearest (.5 up); too few → one more to the largest decimal remainder; too many → one fewer from the lowest decimal rounded up, never a group's only delegate; exact ties are decided by lot and every outcome is accepted.".into(),
        "Delegates per group are worked back from published SDEs: SDE ÷ (precinct SDE weight ÷ precinct delegates) must be whole within 0.0001 SDE.".into(),
        "County totals: head counts must add up exactly; SDE totals within 0.00005 × (rows + 1) for 4-decimal rounding.".into(),
        "Names are joined after decoding HTML escapes, lower-casing and dropping everything but letters and digits.".into(),
    ]
}

fn format_counts(v: &[u64], names: &[String]) -> String {
    format_nonzero(v, names, "nobody")
}

fn format_sdes(v: &[Fixed], names: &[String]) -> String {
    let parts: Vec<String> = v
        .iter()
        .enumerate()
        .filter(|(_, &c)| c != Fixed::ZERO)
        .map(|(i, c)| format!("{} {}", name_of(names, i), c.display(4)))
        .collect();
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

/// Delegate and SDE checks for one joined precinct. Returns at most one finding (sde-mismatch,
/// nonviable-awarded or wrong-delegate-count, in that order of precedence).
fn check_precinct(
    r: &ResultsRow,
    d: &DelegatesRow,
    names: &[String],
    rules: &Rules,
    coin_tosses: &mut Vec<CoinToss>,
) -> Option<Finding> {
    let n = d.delegates;
    let w = d.sde_weight;
    let per = sde_per_delegate(w, n);
    let first_total: u64 = r.first.iter().sum();
    let header = format!(
        "{} / {}: elects {n} county delegate(s); precinct SDE weight {} → one delegate = {} SDE.\nFirst alignment: {} = {first_total} participants.",
        r.county,
        r.precinct,
        w.display(6),
        per.display(6),
        format_counts(&r.first, names)
    );
    let mk = |kind, summary: String, computation: String| Finding {
        kind,
        county: r.county.clone(),
        precinct: r.precinct.clone(),
        results_row: Some(r.row),
        delegates_row: Some(d.row),
        summary,
        computation,
    };

    // Work the published SDEs back to delegates.
    let tol = sde_tolerance();
    let mut published = Vec::with_capacity(r.sde.len());
    let mut bad = Vec::new();
    let mut worked = Vec::new();
    for (i, &s) in r.sde.iter().enumerate() {
        match delegates_from_sde(s, n, w, tol) {
            WorkedBack::Whole(k) => {
                published.push(k);
                if k > 0 {
                    worked.push(format!(
                        "{} {} = {k} × {}",
                        name_of(names, i),
                        s.display(4),
                        per.display(4)
                    ));
                }
            }
            WorkedBack::NotWhole { quotient, nearest } => {
                published.push(nearest);
                bad.push(format!(
                    "{}: published {} SDE ÷ {} = {quotient} delegates, not a whole number (nearest whole {nearest} would be {} SDE)",
                    name_of(names, i),
                    s.display(4),
                    per.display(6),
                    per.mul_div(nearest, 1).display(4)
                ));
            }
        }
    }
    if !bad.is_empty() {
        return Some(mk(
            FindingKind::SdeMismatch,
            format!(
                "{} published SDE figure(s) are not a whole number of delegates",
                bad.len()
            ),
            format!(
                "{header}\n{}\nThe delegate check is skipped for this precinct.",
                bad.join("\n")
            ),
        ));
    }
    let alloc: Allocation = match allocate_alignments(rules, &r.first, &r.final_, n) {
        Ok(a) => a,
        Err(e) => {
            return Some(mk(
                FindingKind::WrongDelegateCount,
                format!("the rules cannot be applied: {e}"),
                header,
            ))
        }
    };
    let awarded: u64 = published.iter().sum();
    if alloc.is_allowed(&published) {
        if alloc.decided_by_lot() {
            let notes: Vec<String> = alloc.tie_notes.iter().map(|t| t.text(names)).collect();
            coin_tosses.push(CoinToss {
                county: r.county.clone(),
                precinct: r.precinct.clone(),
                results_row: r.row,
                note: format!(
                    "{}; published: {}",
                    notes.join("; "),
                    format_delegates(&published, names)
                ),
            });
        }
        return None;
    }
    // Which awarded groups were not viable?
    let nonviable: Vec<usize> = (0..published.len())
        .filter(|&i| {
            published[i] > 0
                && match alloc.viability_threshold {
                    Some(t) => r.final_[i] < t.max(1),
                    None => r.final_[i] == 0,
                }
        })
        .collect();
    let published_line = format!(
        "Published SDEs worked back: {} → {} ({} delegate(s) in total; the precinct elects {n}).",
        if worked.is_empty() {
            "none".to_string()
        } else {
            worked.join("; ")
        },
        format_delegates(&published, names),
        awarded
    );
    let rules_give = if alloc.outcomes.len() == 1 {
        format_delegates(&alloc.outcomes[0], names)
    } else {
        alloc
            .outcomes
            .iter()
            .map(|o| format_delegates(o, names))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let computation = format!("{header}\n{}\n{published_line}", alloc.explain(names));
    if !nonviable.is_empty() {
        let who: Vec<String> = nonviable
            .iter()
            .map(|&i| {
                let why = match alloc.viability_threshold {
                    Some(t) => format!("{} in the final alignment, threshold {t}", r.final_[i]),
                    None => "nobody in the final alignment".into(),
                };
                format!(
                    "{} ({} delegate(s); {why})",
                    name_of(names, i),
                    published[i]
                )
            })
            .collect();
        return Some(mk(
            FindingKind::NonviableAwarded,
            format!(
                "not viable but awarded: {}; rules give {rules_give}",
                who.join(", ")
            ),
            computation,
        ));
    }
    let summary = if awarded != n {
        format!(
            "{awarded} delegate(s) awarded where the precinct elects {n}: published {}; rules give {rules_give}",
            format_delegates(&published, names)
        )
    } else {
        format!(
            "published {}; rules give {rules_give}",
            format_delegates(&published, names)
        )
    };
    Some(mk(FindingKind::WrongDelegateCount, summary, computation))
}

/// Compares a county `Total` row with the sum of that county's precinct rows.
fn check_county_total(
    t: &ResultsRow,
    precincts: &[&ResultsRow],
    names: &[String],
) -> Option<Finding> {
    let rows: Vec<&&ResultsRow> = precincts
        .iter()
        .filter(|p| p.county_key == t.county_key)
        .collect();
    let m = rows.len() as u128;
    let k = t.first.len();
    let mut diffs = Vec::new();
    for i in 0..k {
        let s: u64 = rows.iter().map(|r| r.first[i]).sum();
        if s != t.first[i] {
            diffs.push(format!(
                "First Expression {}: precinct rows add up to {s}, Total row says {} ({:+})",
                name_of(names, i),
                t.first[i],
                t.first[i] as i128 - s as i128
            ));
        }
    }
    for i in 0..k {
        let s: u64 = rows.iter().map(|r| r.final_[i]).sum();
        if s != t.final_[i] {
            diffs.push(format!(
                "Final Expression {}: precinct rows add up to {s}, Total row says {} ({:+})",
                name_of(names, i),
                t.final_[i],
                t.final_[i] as i128 - s as i128
            ));
        }
    }
    // Each published SDE is rounded to 4 decimals (error ≤ 0.00005), the total too.
    let tol = Fixed::unit(4).0 / 2 * (m + 1);
    for i in 0..k {
        let s = Fixed(rows.iter().map(|r| r.sde[i].0).sum());
        if s.abs_diff(t.sde[i]).0 > tol {
            diffs.push(format!(
                "SDE {}: precinct rows add up to {}, Total row says {} (allowed rounding ±{})",
                name_of(names, i),
                s.display(4),
                t.sde[i].display(4),
                Fixed(tol).display(5)
            ));
        }
    }
    if diffs.is_empty() {
        return None;
    }
    Some(Finding {
        kind: FindingKind::TotalsMismatch,
        county: t.county.clone(),
        precinct: t.precinct.clone(),
        results_row: Some(t.row),
        delegates_row: None,
        summary: format!(
            "{} column(s) of the county total differ from the sum of its {} precinct rows",
            diffs.len(),
            rows.len()
        ),
        computation: diffs.join("\n"),
    })
}

impl ResultsAudit {
    /// The human summary the CLI prints: findings grouped by kind, with counts per kind at the end.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "castcheck results audit — rules: {}\n",
            self.rules.describe()
        ));
        out.push_str(&format!(
            "Results table: {} precinct rows and {} county total rows. Delegates table: {} precincts ({} placeholder rows skipped).\n",
            self.results_precinct_rows,
            self.county_total_rows,
            self.delegates_rows,
            self.delegates_placeholder_rows.len()
        ));
        out.push_str(&format!(
            "Precincts checked against the rules: {}; with no finding: {}; decided by a coin toss (accepted): {}.\n",
            self.precincts_audited,
            self.precincts_consistent,
            self.coin_tosses.len()
        ));
        for g in &self.groups {
            out.push_str(&format!(
                "\n== {} ({}) — {} ==\n",
                g.kind.id(),
                g.count,
                g.meaning
            ));
            if g.findings.is_empty() {
                out.push_str("   none\n");
            }
            for f in &g.findings {
                let loc = match (f.results_row, f.delegates_row) {
                    (Some(r), _) => format!("results row {r}"),
                    (None, Some(d)) => format!("delegates row {d}"),
                    (None, None) => "no row".into(),
                };
                out.push_str(&format!(
                    "* {} / {} ({loc}): {}\n",
                    f.county, f.precinct, f.summary
                ));
                for line in f.computation.lines() {
                    out.push_str("    ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if !self.coin_tosses.is_empty() {
            out.push_str(&format!(
                "\n== coin tosses accepted ({}) ==\n",
                self.coin_tosses.len()
            ));
            for c in &self.coin_tosses {
                out.push_str(&format!(
                    "* {} / {} (results row {}): {}\n",
                    c.county, c.precinct, c.results_row, c.note
                ));
            }
        }
        out.push_str("\n== counts per kind ==\n");
        for g in &self.groups {
            out.push_str(&format!("{:<22} {:>5}\n", g.kind.id(), g.count));
        }
        out.push_str(&format!("{:<22} {:>5}\n", "total", self.total_findings));
        out
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
