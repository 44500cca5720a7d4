//! Computing a precinct's (or contest's) delegate outcome from counts, exactly.
//!
//! [`allocate`] takes one count per option and the number of delegates; [`allocate_alignments`]
//! takes the first and final alignments of a caucus (the Iowa rules measure viability and the
//! delegate formula against the first-alignment attendance). Both return an [`Allocation`] with
//! every outcome the rules allow: more than one when a tie is decided by lot (coin toss), in which
//! case [`Allocation::tie_notes`] says which options were tied and for what.
//!
//! All arithmetic is on integers: a quota `count × delegates ÷ base` is kept as the pair
//! (`count × delegates`, `base`) and compared by numerators, so "exactly .5" and exact ties are
//! recognised as such.

use super::number::Fraction;
use super::rules::{iowa_viability_fraction, QuotaBase, RoundingMethod, Rules, RulesError};
use serde::{Deserialize, Serialize};

/// Upper bound on the number of outcomes enumerated for one lot (C(n, k) of tied options).
pub const MAX_OUTCOMES: usize = 100_000;

/// Upper bound on how far the rounded quotas may be from the delegates to elect. Counts that do not
/// exceed the attendance are never more than one per option away; this bound only stops hostile or
/// broken counts from making the one-at-a-time adjustment run (nearly) forever.
pub const MAX_ADJUSTMENTS: u64 = 100_000;

/// One option's delegate quota `numerator ÷ base` and its value after rounding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// `count × delegates`.
    pub numerator: u64,
    /// The divisor (attendees, or viable total).
    pub base: u64,
    /// The quota rounded by the rules' method, before any add/remove adjustment.
    pub rounded: u64,
}

/// Which adjustment step a change or a tie belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Too few delegates after rounding: one more to the largest decimal remainder.
    AddToLargestRemainder,
    /// Too many delegates after rounding: one fewer from the quota rounded up the most.
    RemoveFromMostRoundedUp,
    /// Too many delegates and every option left has only one: the smallest quota loses its only
    /// delegate (more viable groups than delegates).
    RemoveOnlyDelegate,
    /// Winner-take-all / one-delegate precinct: the largest group takes the delegate(s).
    LargestGroup,
}

/// A certain (not by lot) adjustment applied after rounding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// The option adjusted (index into the counts).
    pub option: usize,
    /// Which adjustment rule applied.
    pub step: Step,
    /// +1 or −1.
    pub change: i64,
}

/// A tie decided by lot: `chosen` of `options` (exactly tied) get `change` delegates each. Every
/// such choice is an allowed outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieNote {
    /// The adjustment step at which the tie arose.
    pub step: Step,
    /// The tied options (indices into the counts).
    pub options: Vec<usize>,
    /// How many of them the lot picks.
    pub chosen: u64,
    /// Delegates each picked option gains (+) or loses (−).
    pub change: i64,
}

/// Which viability rule applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ViabilityRule {
    /// Plurality: no threshold, winner takes all.
    WinnerTakesAll,
    /// Proportional rules: this percentage of all counted support.
    PercentOfCounted {
        /// The threshold, in percent.
        percent: Fraction,
    },
    /// Iowa 2020: by precinct size (the number of delegates it elects).
    IowaBySize {
        /// Delegates the precinct elects.
        delegates: u64,
    },
}

/// A remark on an allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AllocationNote {
    /// Nobody was counted: the delegates are left unallocated.
    NobodyCounted {
        /// The delegates left unallocated.
        delegates: u64,
    },
    /// Nobody to divide by (no participants): the delegates are left unallocated.
    NoParticipants {
        /// The delegates left unallocated.
        delegates: u64,
    },
    /// No option is viable: the delegates are left unallocated.
    NoViableOption {
        /// The delegates left unallocated.
        delegates: u64,
    },
    /// No option can be adjusted; the outcome is left as rounded.
    NoAdjustmentPossible,
}

/// The result of applying rules to counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// Rules id (`plurality`, `proportional`, `iowa-dem-2020`).
    pub rules: String,
    /// Number of delegates to elect.
    pub delegates: u64,
    /// The counts the delegate formula was applied to (the final alignment for a caucus).
    pub counts: Vec<u64>,
    /// Total the viability threshold is measured against (first-alignment attendance for a
    /// caucus; all counted support otherwise).
    pub participants: u64,
    /// Minimum count to be viable; `None` when the rules have no threshold here.
    pub viability_threshold: Option<u64>,
    /// The threshold rule that applied.
    pub viability_rule: ViabilityRule,
    /// Per option: viable (eligible for delegates)?
    pub viable: Vec<bool>,
    /// Per option: the delegate quota (None for non-viable options and winner-take-all rules).
    pub quotas: Vec<Option<Quota>>,
    /// Adjustments applied to every allowed outcome, in order.
    pub adjustments: Vec<Adjustment>,
    /// Every allowed outcome (delegates per option). Exactly one unless a tie is decided by lot.
    pub outcomes: Vec<Vec<u64>>,
    /// Ties decided by lot; empty when the outcome is certain.
    pub tie_notes: Vec<TieNote>,
    /// Other remarks (e.g. delegates left unallocated because nothing is viable).
    pub notes: Vec<AllocationNote>,
}

impl Allocation {
    /// True if `delegates` (per option) is one of the allowed outcomes.
    pub fn is_allowed(&self, delegates: &[u64]) -> bool {
        self.outcomes.iter().any(|o| o.as_slice() == delegates)
    }

    /// The outcome when it is certain (no coin toss).
    pub fn unique(&self) -> Option<&[u64]> {
        match self.outcomes.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// True when a coin toss decides between several outcomes.
    pub fn decided_by_lot(&self) -> bool {
        self.outcomes.len() > 1
    }
}

/// Applies `rules` to one count per option, electing `delegates`.
///
/// For [`Rules::IowaDem2020`] the counts are taken as both the first and the final alignment
/// (use [`allocate_alignments`] when they differ).
pub fn allocate(rules: &Rules, counts: &[u64], delegates: u64) -> Result<Allocation, RulesError> {
    allocate_alignments(rules, counts, counts, delegates)
}

/// Applies `rules` to a caucus with a first and a final alignment (one count per option each).
///
/// Plurality and proportional rules only look at the final alignment. The Iowa 2020 rules measure
/// viability and divide the delegate formula by the first-alignment attendance, and award
/// delegates on the final alignment.
pub fn allocate_alignments(
    rules: &Rules,
    first: &[u64],
    final_: &[u64],
    delegates: u64,
) -> Result<Allocation, RulesError> {
    if first.len() != final_.len() {
        return Err(RulesError::LengthMismatch {
            first: first.len(),
            final_: final_.len(),
        });
    }
    let n_opts = final_.len();
    let mut a = Allocation {
        rules: rules.id().to_string(),
        delegates,
        counts: final_.to_vec(),
        participants: 0,
        viability_threshold: None,
        viability_rule: ViabilityRule::WinnerTakesAll,
        viable: vec![false; n_opts],
        quotas: vec![None; n_opts],
        adjustments: vec![],
        outcomes: vec![],
        tie_notes: vec![],
        notes: vec![],
    };
    match rules {
        Rules::Plurality => {
            a.participants = total(final_)?;
            largest_group(&mut a, delegates)?;
        }
        Rules::Proportional {
            viability_percent,
            quota_base,
            method,
        } => {
            if viability_percent.exceeds(100) {
                return Err(RulesError::ViabilityOver100 {
                    percent: *viability_percent,
                });
            }
            let total = total(final_)?;
            a.participants = total;
            // ceil(total × percent ÷ 100) ≤ total, as the percent is at most 100.
            let threshold = (total as u128 * viability_percent.num() as u128)
                .div_ceil(viability_percent.den() as u128 * 100);
            let threshold = u64::try_from(threshold).map_err(|_| RulesError::CountsTooLarge)?;
            a.viability_threshold = Some(threshold);
            a.viability_rule = ViabilityRule::PercentOfCounted {
                percent: *viability_percent,
            };
            a.viable = final_.iter().map(|&c| c > 0 && c >= threshold).collect();
            let base = match quota_base {
                QuotaBase::AllCounted => total,
                // A subset of the counts, whose sum fits.
                QuotaBase::ViableOnly => (0..n_opts)
                    .filter(|&i| a.viable[i])
                    .map(|i| final_[i])
                    .sum(),
            };
            proportional(&mut a, base, *method, true)?;
        }
        Rules::IowaDem2020 => {
            let attendees = total(first)?;
            total(final_)?;
            a.participants = attendees;
            a.viability_rule = ViabilityRule::IowaBySize { delegates };
            match iowa_viability_fraction(delegates) {
                None => {
                    // 0 or 1 delegate: no threshold; with one delegate the largest final group wins.
                    largest_group(&mut a, delegates)?;
                }
                Some(frac) => {
                    // The fraction is at most 1/4: the threshold fits.
                    let threshold = u64::try_from(frac.ceil_mul(attendees))
                        .map_err(|_| RulesError::CountsTooLarge)?;
                    a.viability_threshold = Some(threshold);
                    a.viable = final_.iter().map(|&c| c > 0 && c >= threshold).collect();
                    proportional(&mut a, attendees, RoundingMethod::RoundHalfUpAdjusted, true)?;
                }
            }
        }
    }
    Ok(a)
}

/// The sum of the counts, or [`RulesError::CountsTooLarge`].
fn total(counts: &[u64]) -> Result<u64, RulesError> {
    counts
        .iter()
        .try_fold(0u64, |s, &c| s.checked_add(c))
        .ok_or(RulesError::CountsTooLarge)
}

/// `delegates` as a signed change (+delegates), or [`RulesError::DelegatesTooLarge`].
fn signed(delegates: u64) -> Result<i64, RulesError> {
    i64::try_from(delegates).map_err(|_| RulesError::DelegatesTooLarge { delegates })
}

/// Winner-take-all on `a.counts`: every delegate to the largest group; ties by lot.
fn largest_group(a: &mut Allocation, delegates: u64) -> Result<(), RulesError> {
    let n_opts = a.counts.len();
    let zero = vec![0u64; n_opts];
    let top = a.counts.iter().copied().max().unwrap_or(0);
    if delegates == 0 {
        a.outcomes = vec![zero];
        return Ok(());
    }
    if top == 0 {
        a.notes.push(AllocationNote::NobodyCounted { delegates });
        a.outcomes = vec![zero];
        return Ok(());
    }
    let change = signed(delegates)?;
    let tied: Vec<usize> = (0..n_opts).filter(|&i| a.counts[i] == top).collect();
    for &i in &tied {
        a.viable[i] = true;
    }
    if tied.len() == 1 {
        a.adjustments.push(Adjustment {
            option: tied[0],
            step: Step::LargestGroup,
            change,
        });
    } else {
        a.tie_notes.push(TieNote {
            step: Step::LargestGroup,
            options: tied.clone(),
            chosen: 1,
            change,
        });
    }
    a.outcomes = tied
        .iter()
        .map(|&w| {
            let mut o = zero.clone();
            o[w] = delegates;
            o
        })
        .collect();
    Ok(())
}

/// `value` moved by `change` (±1); the callers never move below zero.
fn moved(value: u64, change: i64) -> Result<u64, RulesError> {
    value
        .checked_add_signed(change)
        .ok_or(RulesError::CountsTooLarge)
}

/// Proportional allocation among `a.viable` options of `a.counts` with divisor `base`.
fn proportional(
    a: &mut Allocation,
    base: u64,
    method: RoundingMethod,
    keep_only_delegate: bool,
) -> Result<(), RulesError> {
    let n = a.delegates;
    let n_opts = a.counts.len();
    let mut cur = vec![0u64; n_opts];
    if n == 0 {
        a.outcomes = vec![cur];
        return Ok(());
    }
    if base == 0 || !a.viable.iter().any(|&v| v) {
        a.notes.push(if base == 0 {
            AllocationNote::NoParticipants { delegates: n }
        } else {
            AllocationNote::NoViableOption { delegates: n }
        });
        a.outcomes = vec![cur];
        return Ok(());
    }
    let base128 = base as u128;
    for (i, slot) in cur.iter_mut().enumerate() {
        if !a.viable[i] {
            continue;
        }
        let count = a.counts[i];
        let numerator = count.checked_mul(n).ok_or(RulesError::QuotaTooLarge {
            count,
            delegates: n,
        })?;
        let (q, r) = (numerator as u128 / base128, numerator as u128 % base128);
        let rounded = match method {
            // Half up: one more when 2r ≥ base.
            RoundingMethod::RoundHalfUpAdjusted => q + u128::from(r >= base128 - r),
            RoundingMethod::LargestRemainder => q,
        };
        // numerator ≤ u64::MAX and base ≥ 1, so the rounded quota fits.
        *slot = rounded as u64;
        a.quotas[i] = Some(Quota {
            numerator,
            base,
            rounded: *slot,
        });
    }
    // key(i) = (quota − current) × base: larger = more deserving of an extra delegate; smaller =
    // more deserving of losing one. Both terms stay below 2^64 × (MAX_ADJUSTMENTS + 2).
    let key = |cur: &[u64], i: usize| -> i128 {
        a.counts[i] as i128 * n as i128 - cur[i] as i128 * base as i128
    };
    let rounded_total = total(&cur)?;
    if rounded_total.abs_diff(n) > MAX_ADJUSTMENTS {
        return Err(RulesError::RoundedTooFar {
            rounded: rounded_total,
            delegates: n,
        });
    }
    loop {
        let sum: u64 = total(&cur)?;
        if sum == n {
            a.outcomes = vec![cur];
            return Ok(());
        }
        let (step, eligible, need, change): (Step, Vec<usize>, u64, i64) = if sum < n {
            let e: Vec<usize> = (0..n_opts).filter(|&i| a.viable[i]).collect();
            (Step::AddToLargestRemainder, e, n - sum, 1)
        } else {
            let mut e: Vec<usize> = (0..n_opts)
                .filter(|&i| a.viable[i] && cur[i] >= if keep_only_delegate { 2 } else { 1 })
                .collect();
            let mut step = Step::RemoveFromMostRoundedUp;
            if e.is_empty() {
                e = (0..n_opts)
                    .filter(|&i| a.viable[i] && cur[i] >= 1)
                    .collect();
                step = Step::RemoveOnlyDelegate;
            }
            (step, e, sum - n, -1)
        };
        if eligible.is_empty() {
            a.notes.push(AllocationNote::NoAdjustmentPossible);
            a.outcomes = vec![cur];
            return Ok(());
        }
        let score = |i: usize| {
            if change > 0 {
                key(&cur, i)
            } else {
                -key(&cur, i)
            }
        };
        let best = eligible.iter().map(|&i| score(i)).max().unwrap_or(0);
        let tied: Vec<usize> = eligible
            .iter()
            .copied()
            .filter(|&i| score(i) == best)
            .collect();
        if tied.len() as u64 <= need {
            for &i in &tied {
                cur[i] = moved(cur[i], change)?;
                a.adjustments.push(Adjustment {
                    option: i,
                    step,
                    change,
                });
            }
            continue;
        }
        // A lot among `tied` for `need` adjustments (need < tied.len()): list every choice.
        let combos = combinations(tied.len(), need as usize);
        if combos.len() > MAX_OUTCOMES {
            return Err(RulesError::TooManyOutcomes {
                tied: tied.len(),
                chosen: need,
            });
        }
        a.tie_notes.push(TieNote {
            step,
            options: tied.clone(),
            chosen: need,
            change,
        });
        a.outcomes = combos
            .into_iter()
            .map(|c| {
                let mut o = cur.clone();
                for j in c {
                    let i = tied[j];
                    o[i] = moved(o[i], change)?;
                }
                Ok(o)
            })
            .collect::<Result<_, RulesError>>()?;
        return Ok(());
    }
}

/// All k-subsets of 0..n (as index lists), in lexicographic order; stops early past the cap.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if k > n {
        return out;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        out.push(idx.clone());
        if out.len() > MAX_OUTCOMES {
            return out;
        }
        // Advance: the rightmost index that can still move.
        let mut i = k;
        let movable = loop {
            if i == 0 {
                break None;
            }
            i -= 1;
            if idx[i] < n - k + i {
                break Some(i);
            }
        };
        match movable {
            None => return out,
            Some(i) => {
                idx[i] += 1;
                for j in i + 1..k {
                    idx[j] = idx[j - 1] + 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combos() {
        assert_eq!(combinations(3, 1), vec![vec![0], vec![1], vec![2]]);
        assert_eq!(
            combinations(4, 2),
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        assert_eq!(combinations(2, 2), vec![vec![0, 1]]);
        assert_eq!(combinations(2, 0), vec![Vec::<usize>::new()]);
    }
}
