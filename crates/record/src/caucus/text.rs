//! Words for allocations, rule errors and results-audit findings.
//!
//! Findings are data; this module is the one place that turns them into sentences. The sentence
//! structure (which lines, in what order, which values) lives in the generic functions here; the
//! words of one language live in an implementation of [`Wording`]. [`English`] is the core's; the
//! web app adds its other languages, so a page never shows a finding in the wrong language.

use super::allocate::{Allocation, AllocationNote, Step, TieNote, ViabilityRule};
use super::audit::{
    wide_sum, DelegateCheck, Detail, Finding, FindingKind, PrecinctBasis, Reading, ResultsAudit,
    TotalDiff,
};
use super::number::{format_ratio, Fixed};
use super::rules::RulesError;
use super::sde::WorkedBack;
use super::table::Section;

/// The words of one language. Each method is one sentence or phrase; the values come typed and
/// already formatted where they are names or lists.
pub trait Wording {
    /// An option without a name (`n` is 1-based).
    fn option(&self, n: usize) -> String;
    /// An empty list of counts.
    fn nobody(&self) -> &'static str;
    /// An empty list of delegates.
    fn no_delegates(&self) -> &'static str;
    /// An empty list of anything else.
    fn none(&self) -> &'static str;
    /// Joins two names in a tie.
    fn and(&self) -> &'static str;
    /// Joins the outcomes a lot allows.
    fn or(&self) -> &'static str;
    /// A value that does not fit in the numbers castcheck computes with.
    fn too_large(&self) -> &'static str;

    /// What a kind of finding means, in one sentence.
    fn kind_meaning(&self, kind: FindingKind) -> &'static str;
    /// A reading of the rules the audit relies on, in full.
    fn reading(&self, reading: Reading) -> &'static str;
    /// Why the rules cannot be applied.
    fn rules_error(&self, error: &RulesError) -> String;
    /// A results-table section's name (first alignment, final alignment, SDE).
    fn section(&self, section: Section) -> &'static str;

    // Allocations.
    /// The viability rule that applied.
    fn viability_rule(&self, rule: &ViabilityRule) -> String;
    /// The viability line: the rule, the participants and the threshold they give.
    fn viability_threshold(&self, rule: &str, participants: u64, threshold: u64) -> String;
    /// The viability line when the rule has no threshold.
    fn viability_without_threshold(&self, rule: &str) -> String;
    /// Marks a count as not viable (appended to the count).
    fn not_viable(&self) -> &'static str;
    /// `list` is `None` when nobody was counted.
    fn counts_line(&self, list: Option<&str>) -> String;
    /// The delegate formula line: delegates, divisor, formatted quotas and their rounded sum.
    fn formula_line(&self, delegates: u64, base: u64, quotas: &str, sum: u64) -> String;
    /// A certain adjustment after rounding: `who` gains or loses a delegate at `step`.
    fn adjustment(&self, who: &str, step: Step) -> String;
    /// A tie decided by lot: `chosen` of the tied `who` gain or lose a delegate at `step`.
    fn tie_note(&self, who: &str, step: Step, chosen: u64) -> String;
    /// A remark on an allocation (delegates left unallocated, no adjustment possible).
    fn allocation_note(&self, note: &AllocationNote) -> String;
    /// The one outcome the rules give.
    fn rules_give(&self, outcome: &str) -> String;
    /// The outcomes a lot allows (already joined with [`Wording::or`]).
    fn rules_allow(&self, outcomes: &str) -> String;

    // Findings.
    /// `weight` and `per` (one delegate's SDE) come formatted.
    fn basis(
        &self,
        place: &str,
        delegates: u64,
        weight_per: (&str, &str),
        first: &str,
        first_total: u128,
    ) -> String;
    /// The figures come formatted: published SDE, one delegate's SDE, the quotient and the SDE of
    /// the nearest whole number of delegates.
    fn sde_figure_not_whole(&self, name: &str, sdes: [&str; 4], nearest: u64) -> String;
    /// A published SDE too large to work back to delegates.
    fn sde_figure_too_large(&self, name: &str, published: Fixed) -> String;
    /// A quotient with nothing to divide by.
    fn undefined(&self) -> &'static str;
    /// `sde-mismatch` summary: how many published SDE figures are not whole delegates.
    fn sde_summary(&self, figures: usize) -> String;
    /// Says the precinct's delegate check was skipped (its SDEs are not whole delegates).
    fn delegate_check_skipped(&self) -> &'static str;
    /// Summary when the rules cannot be applied; `error` comes worded by [`Wording::rules_error`].
    fn rules_not_applicable(&self, error: &str) -> String;
    /// One published SDE worked back: `sde = delegates × per`.
    fn worked_item(&self, name: &str, sde: Fixed, delegates: u64, per: Fixed) -> String;
    /// The published SDEs worked back to delegates, their total and what the precinct elects.
    fn published_line(&self, worked: &str, published: &str, awarded: u128, elects: u64) -> String;
    /// A non-viable candidate awarded delegates, and why it is not viable.
    fn nonviable_item(&self, name: &str, delegates: u64, why: &str) -> String;
    /// Why not viable: the final count is below the threshold.
    fn below_threshold(&self, count: u64, threshold: u64) -> String;
    /// Why not viable: nobody in the final alignment.
    fn nobody_in_final(&self) -> &'static str;
    /// `nonviable-awarded` summary.
    fn nonviable_summary(&self, who: &str, rules_give: &str) -> String;
    /// `wrong-delegate-count` summary: published against what the rules give.
    fn wrong_summary(&self, published: &str, rules_give: &str) -> String;
    /// `wrong-delegate-count` summary when the published delegates do not add up to what the precinct
    /// elects.
    fn wrong_total_summary(
        &self,
        awarded: u128,
        elects: u64,
        published: &str,
        rules_give: &str,
    ) -> String;
    /// `final-exceeds-first` summary.
    fn final_exceeds_summary(&self, first_total: u128, final_total: u128, excess: u128) -> String;
    /// `final-exceeds-first` computation: both alignments (formatted list, total) and the excess.
    fn final_exceeds_computation(
        &self,
        first: (&str, u128),
        final_: (&str, u128),
        excess: u128,
    ) -> String;
    /// A head-count column whose precinct rows do not add up to the county total.
    fn total_count_diff(&self, column: &str, rows_sum: u64, total: u64, diff: i128) -> String;
    /// A head-count column whose precinct rows add up past the largest number.
    fn total_count_overflow(&self, column: &str, total: u64) -> String;
    /// The rows' sum, the total and the tolerance come formatted.
    fn total_sde_diff(&self, column: &str, sdes: [&str; 3]) -> String;
    /// `totals-mismatch` summary.
    fn totals_summary(&self, columns: usize, precinct_rows: usize) -> String;
    /// `missing-precinct` summary for a results row with no delegates-table row.
    fn not_in_delegates_summary(&self) -> &'static str;
    /// `missing-precinct` computation for a results row: row, place, join keys and why.
    fn not_in_delegates_computation(
        &self,
        row: usize,
        place: &str,
        keys: (&str, &str),
        why: &str,
    ) -> String;
    /// Why unchecked: a satellite caucus, with no delegates or SDE weight.
    fn satellite_reason(&self) -> &'static str;
    /// Why unchecked: no delegates-table row with that county and precinct.
    fn no_row_reason(&self) -> &'static str;
    /// `missing-precinct` summary for a delegates-table row with no results.
    fn no_results_summary(&self, delegates: u64) -> String;
    /// `missing-precinct` computation for a delegates-table row: row and place, its delegates,
    /// SDE weight and join keys.
    fn no_results_computation(
        &self,
        row_place: (usize, &str),
        delegates: u64,
        weight: Fixed,
        keys: (&str, &str),
    ) -> String;
    /// `duplicate-precinct` summary: listed twice in the delegates table.
    fn delegates_twice_summary(&self, earlier: usize, row: usize) -> String;
    /// One delegates-table row of a precinct listed twice.
    fn delegates_row_line(&self, row: usize, delegates: u64, weight: Fixed) -> String;
    /// Says the first of the duplicate delegates rows is the one used.
    fn first_row_used(&self) -> &'static str;
    /// `duplicate-precinct` summary: listed twice in the results table.
    fn results_twice_summary(&self, earlier: usize, row: usize) -> String;
    /// The two results rows that name the same precinct.
    fn results_twice_computation(&self, earlier: usize, row: usize, place: &str) -> String;
    /// `duplicate-precinct` summary: identical numbers to another precinct.
    fn identical_summary(&self, other_place: &str, other_row: usize) -> String;
    /// The two rows with identical numbers: both alignments (formatted) and the SDEs.
    fn identical_computation(
        &self,
        other_row: usize,
        row: usize,
        counts: (&str, &str),
        sde: &str,
    ) -> String;
    /// `duplicate-precinct` summary: a county total listed twice.
    fn total_twice_summary(&self, earlier: usize, row: usize) -> String;
    /// The two results rows that are totals for the same county.
    fn total_twice_computation(&self, earlier: usize, row: usize, county: &str) -> String;
    /// A coin toss the published numbers are one allowed outcome of: the ties (worded by
    /// [`Wording::tie_note`]) and the published delegates.
    fn coin_toss_note(&self, ties: &str, published: &str) -> String;
}

/// A candidate's name, or the wording's "option N".
pub fn name_of(w: &(impl Wording + ?Sized), names: &[String], i: usize) -> String {
    names.get(i).cloned().unwrap_or_else(|| w.option(i + 1))
}

/// "Name value, …" for the nonzero values, or `none` when every value is zero.
fn format_nonzero<T: Copy + PartialEq + Default>(
    w: &(impl Wording + ?Sized),
    values: &[T],
    names: &[String],
    none: &str,
    show: impl Fn(T) -> String,
) -> String {
    let parts: Vec<String> = values
        .iter()
        .enumerate()
        .filter(|(_, &v)| v != T::default())
        .map(|(i, &v)| format!("{} {}", name_of(w, names, i), show(v)))
        .collect();
    if parts.is_empty() {
        none.into()
    } else {
        parts.join(", ")
    }
}

/// "Biden 2, Sanders 2, Yang 5" (options with zero delegates omitted).
pub fn delegates_list(w: &(impl Wording + ?Sized), d: &[u64], names: &[String]) -> String {
    format_nonzero(w, d, names, w.no_delegates(), |v| v.to_string())
}

/// Head counts per option ("nobody" when all are zero).
pub fn counts_list(w: &(impl Wording + ?Sized), d: &[u64], names: &[String]) -> String {
    format_nonzero(w, d, names, w.nobody(), |v| v.to_string())
}

fn sdes_list(w: &(impl Wording + ?Sized), v: &[Fixed], names: &[String]) -> String {
    format_nonzero(w, v, names, w.none(), |s| s.display(4))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A tie decided by lot, in one sentence (lower case).
pub fn tie_note(w: &(impl Wording + ?Sized), t: &TieNote, names: &[String]) -> String {
    let who: Vec<String> = t.options.iter().map(|&i| name_of(w, names, i)).collect();
    w.tie_note(&who.join(w.and()), t.step, t.chosen)
}

/// The computation of an allocation, one line per step. Options with zero support are left out.
pub fn explain(w: &(impl Wording + ?Sized), a: &Allocation, names: &[String]) -> String {
    let mut lines = Vec::new();
    let rule = w.viability_rule(&a.viability_rule);
    lines.push(match a.viability_threshold {
        Some(t) => w.viability_threshold(&rule, a.participants, t),
        None => w.viability_without_threshold(&rule),
    });
    let shown: Vec<usize> = (0..a.counts.len())
        .filter(|&i| a.counts[i] > 0 || a.outcomes.iter().any(|o| o[i] > 0))
        .collect();
    let alignment: Vec<String> = shown
        .iter()
        .map(|&i| {
            let mark = if a.viability_threshold.is_some() && !a.viable[i] {
                w.not_viable()
            } else {
                ""
            };
            format!("{} {}{mark}", name_of(w, names, i), a.counts[i])
        })
        .collect();
    let alignment = alignment.join(", ");
    lines.push(w.counts_line(Some(alignment.as_str()).filter(|s| !s.is_empty())));
    let quotas: Vec<String> = shown
        .iter()
        .filter_map(|&i| {
            let q = a.quotas[i].as_ref()?;
            Some(format!(
                "{} {}×{}/{} = {} → {}",
                name_of(w, names, i),
                a.counts[i],
                a.delegates,
                q.base,
                format_ratio(q.numerator as u128, q.base as u128, 3),
                q.rounded
            ))
        })
        .collect();
    if let Some(first) = a.quotas.iter().flatten().next() {
        let sum = a
            .quotas
            .iter()
            .flatten()
            .map(|q| q.rounded as u128)
            .sum::<u128>();
        lines.push(w.formula_line(
            a.delegates,
            first.base,
            &quotas.join("; "),
            u64::try_from(sum).unwrap_or(u64::MAX),
        ));
    }
    for adj in &a.adjustments {
        lines.push(w.adjustment(&name_of(w, names, adj.option), adj.step));
    }
    for t in &a.tie_notes {
        lines.push(format!("{}.", capitalize(&tie_note(w, t, names))));
    }
    for n in &a.notes {
        lines.push(w.allocation_note(n));
    }
    let outcomes: Vec<String> = a
        .outcomes
        .iter()
        .map(|o| delegates_list(w, o, names))
        .collect();
    lines.push(match outcomes.as_slice() {
        [one] => w.rules_give(one),
        many => w.rules_allow(&many.join(&format!(" |{}| ", w.or()))),
    });
    lines.join("\n")
}

fn place(f: &Finding) -> String {
    format!("{} / {}", f.county, f.precinct)
}

fn basis_lines(
    w: &(impl Wording + ?Sized),
    f: &Finding,
    b: &PrecinctBasis,
    names: &[String],
) -> String {
    w.basis(
        &place(f),
        b.delegates,
        (&b.sde_weight.display(6), &b.per_delegate.display(6)),
        &counts_list(w, &b.first, names),
        wide_sum(&b.first),
    )
}

fn rules_give(w: &(impl Wording + ?Sized), a: &Allocation, names: &[String]) -> String {
    let outcomes: Vec<String> = a
        .outcomes
        .iter()
        .map(|o| delegates_list(w, o, names))
        .collect();
    outcomes.join(w.or())
}

/// One line: what is wrong.
pub fn summary(w: &(impl Wording + ?Sized), f: &Finding, names: &[String]) -> String {
    match &f.detail {
        Detail::NonviableAwarded { check, nonviable } => {
            let a = &check.allocation;
            let who: Vec<String> = nonviable
                .iter()
                .map(|&i| {
                    let why = match a.viability_threshold {
                        Some(t) => w.below_threshold(a.counts[i], t),
                        None => w.nobody_in_final().into(),
                    };
                    w.nonviable_item(&name_of(w, names, i), check.published[i], &why)
                })
                .collect();
            w.nonviable_summary(&who.join(", "), &rules_give(w, a, names))
        }
        Detail::WrongDelegates { check } => {
            let awarded = wide_sum(&check.published);
            let elects = check.basis.delegates;
            let published = delegates_list(w, &check.published, names);
            let rules_give = rules_give(w, &check.allocation, names);
            if awarded == elects as u128 {
                w.wrong_summary(&published, &rules_give)
            } else {
                w.wrong_total_summary(awarded, elects, &published, &rules_give)
            }
        }
        Detail::RulesNotApplicable { error, .. } => w.rules_not_applicable(&w.rules_error(error)),
        Detail::SdeNotWhole { figures, .. } => w.sde_summary(figures.len()),
        Detail::FinalExceedsFirst { first, final_ } => {
            let (a, b) = (wide_sum(first), wide_sum(final_));
            w.final_exceeds_summary(a, b, b.saturating_sub(a))
        }
        Detail::TotalsMismatch {
            precinct_rows,
            columns,
        } => w.totals_summary(columns.len(), *precinct_rows),
        Detail::NotInDelegatesTable { .. } => w.not_in_delegates_summary().into(),
        Detail::NoResults { delegates, .. } => w.no_results_summary(*delegates),
        Detail::DelegatesRowTwice { earlier_row, .. } => {
            w.delegates_twice_summary(*earlier_row, f.delegates_row.unwrap_or(0))
        }
        Detail::ResultsRowTwice { earlier_row } => {
            w.results_twice_summary(*earlier_row, f.results_row.unwrap_or(0))
        }
        Detail::IdenticalNumbers {
            other_county,
            other_precinct,
            other_row,
            ..
        } => w.identical_summary(&format!("{other_county} / {other_precinct}"), *other_row),
        Detail::TotalTwice { earlier_row } => {
            w.total_twice_summary(*earlier_row, f.results_row.unwrap_or(0))
        }
    }
}

fn check_computation(
    w: &(impl Wording + ?Sized),
    f: &Finding,
    check: &DelegateCheck,
    names: &[String],
) -> String {
    let per = check.basis.per_delegate;
    let worked: Vec<String> = check
        .published
        .iter()
        .zip(&check.published_sde)
        .enumerate()
        .filter(|(_, (&k, _))| k > 0)
        .map(|(i, (&k, &s))| w.worked_item(&name_of(w, names, i), s, k, per))
        .collect();
    let worked = if worked.is_empty() {
        w.none().to_string()
    } else {
        worked.join("; ")
    };
    [
        basis_lines(w, f, &check.basis, names),
        explain(w, &check.allocation, names),
        w.published_line(
            &worked,
            &delegates_list(w, &check.published, names),
            wide_sum(&check.published),
            check.basis.delegates,
        ),
    ]
    .join("\n")
}

/// The computation that shows it, several lines.
pub fn computation(w: &(impl Wording + ?Sized), f: &Finding, names: &[String]) -> String {
    let row = f.results_row.or(f.delegates_row).unwrap_or(0);
    match &f.detail {
        Detail::NonviableAwarded { check, .. } | Detail::WrongDelegates { check } => {
            check_computation(w, f, check, names)
        }
        Detail::RulesNotApplicable { basis, .. } => basis_lines(w, f, basis, names),
        Detail::SdeNotWhole { basis, figures } => {
            let mut lines = vec![basis_lines(w, f, basis, names)];
            for fig in figures {
                let name = name_of(w, names, fig.option);
                lines.push(match fig.worked_back {
                    WorkedBack::NotWhole { quotient, nearest } => w.sde_figure_not_whole(
                        &name,
                        [
                            &fig.published.display(4),
                            &basis.per_delegate.display(6),
                            &quotient.map_or(w.undefined().into(), |q| q.display(3)),
                            &fig.nearest_sde
                                .map_or(w.too_large().into(), |s| s.display(4)),
                        ],
                        nearest,
                    ),
                    _ => w.sde_figure_too_large(&name, fig.published),
                });
            }
            lines.push(w.delegate_check_skipped().into());
            lines.join("\n")
        }
        Detail::FinalExceedsFirst { first, final_ } => {
            let (a, b) = (wide_sum(first), wide_sum(final_));
            w.final_exceeds_computation(
                (&counts_list(w, first, names), a),
                (&counts_list(w, final_, names), b),
                b.saturating_sub(a),
            )
        }
        Detail::TotalsMismatch { columns, .. } => columns
            .iter()
            .map(|c| match c {
                TotalDiff::Count {
                    section,
                    option,
                    rows_sum,
                    total,
                } => {
                    let column = format!("{} {}", w.section(*section), name_of(w, names, *option));
                    match rows_sum {
                        Some(s) => {
                            w.total_count_diff(&column, *s, *total, *total as i128 - *s as i128)
                        }
                        None => w.total_count_overflow(&column, *total),
                    }
                }
                TotalDiff::Sde {
                    option,
                    rows_sum,
                    total,
                    tolerance,
                } => w.total_sde_diff(
                    &format!("{} {}", w.section(Section::Sde), name_of(w, names, *option)),
                    [
                        &rows_sum.map_or(w.too_large().into(), |s| s.display(4)),
                        &total.display(4),
                        &tolerance.display(5),
                    ],
                ),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Detail::NotInDelegatesTable {
            county_key,
            precinct_key,
            satellite,
        } => w.not_in_delegates_computation(
            row,
            &place(f),
            (county_key, precinct_key),
            if *satellite {
                w.satellite_reason()
            } else {
                w.no_row_reason()
            },
        ),
        Detail::NoResults {
            delegates,
            sde_weight,
            county_key,
            precinct_key,
        } => w.no_results_computation(
            (row, &place(f)),
            *delegates,
            *sde_weight,
            (county_key, precinct_key),
        ),
        Detail::DelegatesRowTwice {
            earlier_row,
            earlier_delegates,
            earlier_weight,
            delegates,
            sde_weight,
        } => [
            w.delegates_row_line(*earlier_row, *earlier_delegates, *earlier_weight),
            w.delegates_row_line(row, *delegates, *sde_weight),
            w.first_row_used().into(),
        ]
        .join("\n"),
        Detail::ResultsRowTwice { earlier_row } => {
            w.results_twice_computation(*earlier_row, row, &place(f))
        }
        Detail::IdenticalNumbers {
            other_row,
            first,
            final_,
            sde,
            ..
        } => w.identical_computation(
            *other_row,
            row,
            (
                &counts_list(w, first, names),
                &counts_list(w, final_, names),
            ),
            &sdes_list(w, sde, names),
        ),
        Detail::TotalTwice { earlier_row } => {
            w.total_twice_computation(*earlier_row, row, &f.county)
        }
    }
}

/// A coin toss the published numbers are one outcome of.
pub fn coin_toss_note(
    w: &(impl Wording + ?Sized),
    ties: &[TieNote],
    published: &[u64],
    names: &[String],
) -> String {
    let notes: Vec<String> = ties.iter().map(|t| tie_note(w, t, names)).collect();
    w.coin_toss_note(&notes.join("; "), &delegates_list(w, published, names))
}

/// The English wording.
#[derive(Debug, Clone, Copy, Default)]
pub struct English;

fn plural_s(n: u64) -> &'static str {
    if n == 1 {
        "s"
    } else {
        ""
    }
}

impl Wording for English {
    fn option(&self, n: usize) -> String {
        format!("option {n}")
    }
    fn nobody(&self) -> &'static str {
        "nobody"
    }
    fn no_delegates(&self) -> &'static str {
        "no delegates"
    }
    fn none(&self) -> &'static str {
        "none"
    }
    fn and(&self) -> &'static str {
        " and "
    }
    fn or(&self) -> &'static str {
        " or "
    }
    fn too_large(&self) -> &'static str {
        "a number too large to compute"
    }

    fn kind_meaning(&self, kind: FindingKind) -> &'static str {
        match kind {
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

    fn reading(&self, reading: Reading) -> &'static str {
        match reading {
            Reading::Viability => "Participants = the first-alignment total; viability threshold = ceil(participants × 25%) for 2 delegates, ceil(participants ÷ 6) for 3, ceil(participants × 15%) for 4 or more; one-delegate precincts have no threshold and the largest final group wins.",
            Reading::DelegateFormula => "Delegate formula: final count × delegates ÷ first-alignment participants, rounded to nearest (.5 up); too few → one more to the largest decimal remainder; too many → one fewer from the lowest decimal rounded up, never a group's only delegate; exact ties are decided by lot and every outcome is accepted.",
            Reading::SdeWorkBack => "Delegates per group are worked back from published SDEs: SDE ÷ (precinct SDE weight ÷ precinct delegates) must be whole within 0.0001 SDE.",
            Reading::CountyTotals => "County totals: head counts must add up exactly; SDE totals within 0.00005 × (rows + 1) for 4-decimal rounding.",
            Reading::NameJoin => "Names are joined after decoding HTML escapes, lower-casing and dropping everything but letters and digits.",
        }
    }

    fn rules_error(&self, error: &RulesError) -> String {
        match error {
            RulesError::ViabilityOver100 { percent } => {
                format!("a viability threshold of {percent}% is impossible")
            }
            RulesError::NeedsSingleChoice => "caucus rules need a single-choice contest".into(),
            RulesError::LengthMismatch { first, final_ } => format!(
                "first alignment has {first} options but final alignment has {final_}"
            ),
            RulesError::TooManyOutcomes { tied, chosen } => format!(
                "a lot choosing {chosen} of {tied} tied options has too many outcomes to list"
            ),
            RulesError::CountsTooLarge => format!(
                "the counts add up to more than {}, the largest number castcheck computes with",
                u64::MAX
            ),
            RulesError::QuotaTooLarge { count, delegates } => format!(
                "a count of {count} times {delegates} delegates is too large to compute with"
            ),
            RulesError::DelegatesTooLarge { delegates } => {
                format!("{delegates} delegates are too many to compute with")
            }
            RulesError::RoundedTooFar { rounded, delegates } => format!(
                "rounding gives {rounded} delegates where {delegates} are elected: the counts are far above the participants, so the rules cannot be applied"
            ),
        }
    }

    fn section(&self, section: Section) -> &'static str {
        section.title()
    }

    fn viability_rule(&self, rule: &ViabilityRule) -> String {
        match rule {
            ViabilityRule::WinnerTakesAll => "none (winner takes all)".into(),
            ViabilityRule::PercentOfCounted { percent } => {
                format!("{percent}% of all counted")
            }
            ViabilityRule::IowaBySize { delegates } => match delegates {
                0 => "no delegates to elect",
                1 => "one delegate: no viability threshold, the largest group wins",
                2 => "two delegates: 25% of participants",
                3 => "three delegates: one sixth of participants",
                _ => "four or more delegates: 15% of participants",
            }
            .into(),
        }
    }
    fn viability_threshold(&self, rule: &str, participants: u64, threshold: u64) -> String {
        format!("Viability ({rule}): {participants} participants → at least {threshold}.")
    }
    fn viability_without_threshold(&self, rule: &str) -> String {
        format!("Viability: {rule}.")
    }
    fn not_viable(&self) -> &'static str {
        " (not viable)"
    }
    fn counts_line(&self, list: Option<&str>) -> String {
        match list {
            Some(l) => format!("Counts: {l}."),
            None => "Counts: nobody counted.".into(),
        }
    }
    fn formula_line(&self, delegates: u64, base: u64, quotas: &str, sum: u64) -> String {
        format!("Delegate formula (count × {delegates} delegates ÷ {base}): {quotas}; sum {sum}.")
    }
    fn adjustment(&self, who: &str, step: Step) -> String {
        let verb = match step {
            Step::AddToLargestRemainder => "gains a delegate (largest remainder)",
            Step::RemoveFromMostRoundedUp => "loses a delegate (lowest decimal rounded up)",
            Step::RemoveOnlyDelegate => {
                "loses its only delegate (more viable groups than delegates)"
            }
            Step::LargestGroup => "takes the delegate(s) as the largest group",
        };
        format!("Adjustment: {who} {verb}.")
    }
    fn tie_note(&self, who: &str, step: Step, chosen: u64) -> String {
        let what = match step {
            Step::AddToLargestRemainder => format!(
                "tied for the largest remainder; {chosen} of them gain{} a delegate by lot",
                plural_s(chosen)
            ),
            Step::RemoveFromMostRoundedUp | Step::RemoveOnlyDelegate => format!(
                "tied for the lowest decimal; {chosen} of them lose{} a delegate by lot",
                plural_s(chosen)
            ),
            Step::LargestGroup => {
                "tied as the largest group; the delegate(s) go to one by lot".into()
            }
        };
        format!("coin toss: {who} {what} — each outcome is accepted")
    }
    fn allocation_note(&self, note: &AllocationNote) -> String {
        let text = match note {
            AllocationNote::NobodyCounted { delegates } => {
                format!("nobody counted: {delegates} delegate(s) left unallocated.")
            }
            AllocationNote::NoParticipants { delegates } => format!(
                "nobody to divide by (no participants): {delegates} delegate(s) left unallocated."
            ),
            AllocationNote::NoViableOption { delegates } => {
                format!("no viable option: {delegates} delegate(s) left unallocated.")
            }
            AllocationNote::NoAdjustmentPossible => {
                "no option can be adjusted; outcome left as rounded.".into()
            }
        };
        format!("Note: {text}")
    }
    fn rules_give(&self, outcome: &str) -> String {
        format!("Rules give: {outcome}.")
    }
    fn rules_allow(&self, outcomes: &str) -> String {
        format!("Rules allow (by lot): {outcomes}.")
    }

    fn basis(
        &self,
        place: &str,
        delegates: u64,
        (weight, per): (&str, &str),
        first: &str,
        first_total: u128,
    ) -> String {
        format!(
            "{place}: elects {delegates} county delegate(s); precinct SDE weight {weight} → one delegate = {per} SDE.\nFirst alignment: {first} = {first_total} participants."
        )
    }
    fn sde_figure_not_whole(&self, name: &str, sdes: [&str; 4], nearest: u64) -> String {
        let [published, per, quotient, nearest_sde] = sdes;
        format!(
            "{name}: published {published} SDE ÷ {per} = {quotient} delegates, not a whole number (nearest whole {nearest} would be {nearest_sde} SDE)"
        )
    }
    fn undefined(&self) -> &'static str {
        "undefined"
    }
    fn sde_figure_too_large(&self, name: &str, published: Fixed) -> String {
        format!(
            "{name}: published {} SDE cannot be worked back to delegates: the numbers are too large",
            published.display(4)
        )
    }
    fn sde_summary(&self, figures: usize) -> String {
        format!("{figures} published SDE figure(s) are not a whole number of delegates")
    }
    fn delegate_check_skipped(&self) -> &'static str {
        "The delegate check is skipped for this precinct."
    }
    fn rules_not_applicable(&self, error: &str) -> String {
        format!("the rules cannot be applied: {error}")
    }
    fn worked_item(&self, name: &str, sde: Fixed, delegates: u64, per: Fixed) -> String {
        format!(
            "{name} {} = {delegates} × {}",
            sde.display(4),
            per.display(4)
        )
    }
    fn published_line(&self, worked: &str, published: &str, awarded: u128, elects: u64) -> String {
        format!(
            "Published SDEs worked back: {worked} → {published} ({awarded} delegate(s) in total; the precinct elects {elects})."
        )
    }
    fn nonviable_item(&self, name: &str, delegates: u64, why: &str) -> String {
        format!("{name} ({delegates} delegate(s); {why})")
    }
    fn below_threshold(&self, count: u64, threshold: u64) -> String {
        format!("{count} in the final alignment, threshold {threshold}")
    }
    fn nobody_in_final(&self) -> &'static str {
        "nobody in the final alignment"
    }
    fn nonviable_summary(&self, who: &str, rules_give: &str) -> String {
        format!("not viable but awarded: {who}; rules give {rules_give}")
    }
    fn wrong_summary(&self, published: &str, rules_give: &str) -> String {
        format!("published {published}; rules give {rules_give}")
    }
    fn wrong_total_summary(
        &self,
        awarded: u128,
        elects: u64,
        published: &str,
        rules_give: &str,
    ) -> String {
        format!(
            "{awarded} delegate(s) awarded where the precinct elects {elects}: published {published}; rules give {rules_give}"
        )
    }
    fn final_exceeds_summary(&self, first_total: u128, final_total: u128, excess: u128) -> String {
        format!(
            "final alignment counts {final_total} people, first alignment {first_total} (+{excess})"
        )
    }
    fn final_exceeds_computation(
        &self,
        (first, first_total): (&str, u128),
        (final_, final_total): (&str, u128),
        excess: u128,
    ) -> String {
        format!(
            "First alignment: {first} = {first_total}.\nFinal alignment: {final_} = {final_total}.\nNobody can join between the alignments, so the final total cannot exceed the first; it does by {excess}."
        )
    }
    fn total_count_diff(&self, column: &str, rows_sum: u64, total: u64, diff: i128) -> String {
        format!("{column}: precinct rows add up to {rows_sum}, Total row says {total} ({diff:+})")
    }
    fn total_count_overflow(&self, column: &str, total: u64) -> String {
        format!(
            "{column}: precinct rows add up to more than {}, Total row says {total}",
            u64::MAX
        )
    }
    fn total_sde_diff(&self, column: &str, [rows_sum, total, tolerance]: [&str; 3]) -> String {
        format!(
            "{column}: precinct rows add up to {rows_sum}, Total row says {total} (allowed rounding ±{tolerance})"
        )
    }
    fn totals_summary(&self, columns: usize, precinct_rows: usize) -> String {
        format!(
            "{columns} column(s) of the county total differ from the sum of its {precinct_rows} precinct rows"
        )
    }
    fn not_in_delegates_summary(&self) -> &'static str {
        "in the results table but not in the delegates table"
    }
    fn not_in_delegates_computation(
        &self,
        row: usize,
        place: &str,
        (county_key, precinct_key): (&str, &str),
        why: &str,
    ) -> String {
        format!("Results row {row}: {place} (join key {county_key:?} / {precinct_key:?}); {why}.")
    }
    fn satellite_reason(&self) -> &'static str {
        "satellite caucus: the delegates table lists no county delegates or SDE weight for it, so its delegates cannot be checked"
    }
    fn no_row_reason(&self) -> &'static str {
        "no row with this county and precinct name in the delegates table, so its delegates cannot be checked"
    }
    fn no_results_summary(&self, delegates: u64) -> String {
        format!(
            "in the delegates table ({delegates} delegates) but no results were published for it"
        )
    }
    fn no_results_computation(
        &self,
        (row, place): (usize, &str),
        delegates: u64,
        weight: Fixed,
        (county_key, precinct_key): (&str, &str),
    ) -> String {
        format!(
            "Delegates table row {row}: {place} elects {delegates} delegates (SDE weight {weight}); no results row has the join key {county_key:?} / {precinct_key:?}."
        )
    }
    fn delegates_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("listed twice in the delegates table (rows {earlier} and {row})")
    }
    fn delegates_row_line(&self, row: usize, delegates: u64, weight: Fixed) -> String {
        format!("Delegates table row {row}: {delegates} delegates, SDE weight {weight}.")
    }
    fn first_row_used(&self) -> &'static str {
        "The first row is used."
    }
    fn results_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("listed twice in the results table (rows {earlier} and {row})")
    }
    fn results_twice_computation(&self, earlier: usize, row: usize, place: &str) -> String {
        format!("Results rows {earlier} and {row} both name {place}.")
    }
    fn identical_summary(&self, other_place: &str, other_row: usize) -> String {
        format!(
            "identical published numbers to {other_place} (row {other_row}) — likely the same data entered twice"
        )
    }
    fn identical_computation(
        &self,
        other_row: usize,
        row: usize,
        (first, final_): (&str, &str),
        sde: &str,
    ) -> String {
        format!(
            "Row {other_row} and row {row} have the same first alignment ({first}), final alignment ({final_}) and SDEs ({sde})."
        )
    }
    fn total_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("county total listed twice (rows {earlier} and {row})")
    }
    fn total_twice_computation(&self, earlier: usize, row: usize, county: &str) -> String {
        format!("Results rows {earlier} and {row} are both totals for {county}.")
    }
    fn coin_toss_note(&self, ties: &str, published: &str) -> String {
        format!("{ties}; published: {published}")
    }
}

/// The English summary the CLI prints: findings grouped by kind, with counts per kind at the end.
pub fn render_text(audit: &ResultsAudit) -> String {
    let w = English;
    let names = &audit.candidates;
    let mut out = String::new();
    out.push_str(&format!(
        "castcheck results audit — rules: {}\n",
        audit.rules.describe()
    ));
    out.push_str(&format!(
        "Results table: {} precinct rows and {} county total rows. Delegates table: {} precincts ({} placeholder rows skipped).\n",
        audit.results_precinct_rows,
        audit.county_total_rows,
        audit.delegates_rows,
        audit.delegates_placeholder_rows.len()
    ));
    out.push_str(&format!(
        "Precincts checked against the rules: {}; with no finding: {}; decided by a coin toss (accepted): {}.\n",
        audit.precincts_audited,
        audit.precincts_consistent,
        audit.coin_tosses.len()
    ));
    for g in &audit.groups {
        out.push_str(&format!(
            "\n== {} ({}) — {} ==\n",
            g.kind.id(),
            g.count,
            w.kind_meaning(g.kind)
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
                "* {} ({loc}): {}\n",
                place(f),
                summary(&w, f, names)
            ));
            for line in computation(&w, f, names).lines() {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if !audit.coin_tosses.is_empty() {
        out.push_str(&format!(
            "\n== coin tosses accepted ({}) ==\n",
            audit.coin_tosses.len()
        ));
        for c in &audit.coin_tosses {
            out.push_str(&format!(
                "* {} / {} (results row {}): {}\n",
                c.county,
                c.precinct,
                c.results_row,
                coin_toss_note(&w, &c.tie_notes, &c.published, names)
            ));
        }
    }
    out.push_str("\n== counts per kind ==\n");
    for g in &audit.groups {
        out.push_str(&format!("{:<22} {:>5}\n", g.kind.id(), g.count));
    }
    out.push_str(&format!("{:<22} {:>5}\n", "total", audit.total_findings));
    out
}
