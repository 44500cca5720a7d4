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

use super::number::{format_ratio, Fraction};
use super::rules::{
    iowa_viability_fraction, iowa_viability_rule_text, QuotaBase, RoundingMethod, Rules,
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Upper bound on the number of outcomes enumerated for one lot (C(n, k) of tied options).
pub const MAX_OUTCOMES: usize = 100_000;

/// Why an allocation could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum AllocateError {
    /// First and final alignments have different numbers of options.
    LengthMismatch { first: usize, final_: usize },
    /// A tie would have to be drawn among so many options that the outcomes cannot be listed.
    TooManyOutcomes { tied: usize, chosen: u64 },
}

impl fmt::Display for AllocateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllocateError::LengthMismatch { first, final_ } => write!(
                f,
                "first alignment has {first} options but final alignment has {final_}"
            ),
            AllocateError::TooManyOutcomes { tied, chosen } => write!(
                f,
                "a lot choosing {chosen} of {tied} tied options has too many outcomes to list"
            ),
        }
    }
}

impl std::error::Error for AllocateError {}

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

impl Step {
    fn verb(&self) -> &'static str {
        match self {
            Step::AddToLargestRemainder => "gains a delegate (largest remainder)",
            Step::RemoveFromMostRoundedUp => "loses a delegate (lowest decimal rounded up)",
            Step::RemoveOnlyDelegate => {
                "loses its only delegate (more viable groups than delegates)"
            }
            Step::LargestGroup => "takes the delegate(s) as the largest group",
        }
    }
}

/// A certain (not by lot) adjustment applied after rounding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub option: usize,
    pub step: Step,
    /// +1 or −1.
    pub change: i64,
}

/// A tie decided by lot: `chosen` of `options` (exactly tied) get `change` delegates each. Every
/// such choice is an allowed outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieNote {
    pub step: Step,
    pub options: Vec<usize>,
    pub chosen: u64,
    pub change: i64,
}

impl TieNote {
    /// Plain-language text, naming options with `names` (falls back to `option N`).
    pub fn text(&self, names: &[String]) -> String {
        let who: Vec<String> = self.options.iter().map(|&i| name_of(names, i)).collect();
        let what = match self.step {
            Step::AddToLargestRemainder => format!(
                "tied for the largest remainder; {} of them gain{} a delegate by lot",
                self.chosen,
                if self.chosen == 1 { "s" } else { "" }
            ),
            Step::RemoveFromMostRoundedUp | Step::RemoveOnlyDelegate => format!(
                "tied for the lowest decimal; {} of them lose{} a delegate by lot",
                self.chosen,
                if self.chosen == 1 { "s" } else { "" }
            ),
            Step::LargestGroup => {
                "tied as the largest group; the delegate(s) go to one by lot".into()
            }
        };
        format!(
            "coin toss: {} {what} — each outcome is accepted",
            who.join(" and ")
        )
    }
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
    /// Plain wording of the threshold rule that applied.
    pub viability_rule: String,
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
    pub notes: Vec<String>,
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

    /// The computation shown as plain text, naming options with `names`. Options with zero
    /// support are left out.
    pub fn explain(&self, names: &[String]) -> String {
        let mut out = String::new();
        let shown: Vec<usize> = (0..self.counts.len())
            .filter(|&i| self.counts[i] > 0 || self.outcomes.iter().any(|o| o[i] > 0))
            .collect();
        match self.viability_threshold {
            Some(t) => out.push_str(&format!(
                "Viability ({}): {} participants → at least {t}.\n",
                self.viability_rule, self.participants
            )),
            None => out.push_str(&format!("Viability: {}.\n", self.viability_rule)),
        }
        let alignment: Vec<String> = shown
            .iter()
            .map(|&i| {
                let mark = if self.viability_threshold.is_some() && !self.viable[i] {
                    " (not viable)"
                } else {
                    ""
                };
                format!("{} {}{mark}", name_of(names, i), self.counts[i])
            })
            .collect();
        if alignment.is_empty() {
            out.push_str("Counts: nobody counted.\n");
        } else {
            out.push_str(&format!("Counts: {}.\n", alignment.join(", ")));
        }
        let quotas: Vec<String> = shown
            .iter()
            .filter_map(|&i| {
                let q = self.quotas[i].as_ref()?;
                Some(format!(
                    "{} {}×{}/{} = {} → {}",
                    name_of(names, i),
                    self.counts[i],
                    self.delegates,
                    q.base,
                    format_ratio(q.numerator as u128, q.base as u128, 3),
                    q.rounded
                ))
            })
            .collect();
        if !quotas.is_empty() {
            let sum: u64 = self.quotas.iter().flatten().map(|q| q.rounded).sum();
            out.push_str(&format!(
                "Delegate formula (count × {} delegates ÷ {}): {}; sum {sum}.\n",
                self.delegates,
                self.quotas
                    .iter()
                    .flatten()
                    .next()
                    .map(|q| q.base)
                    .unwrap_or(0),
                quotas.join("; ")
            ));
        }
        for a in &self.adjustments {
            out.push_str(&format!(
                "Adjustment: {} {}.\n",
                name_of(names, a.option),
                a.step.verb()
            ));
        }
        for t in &self.tie_notes {
            out.push_str(&format!("{}.\n", capitalize(&t.text(names))));
        }
        for n in &self.notes {
            out.push_str(&format!("Note: {n}\n"));
        }
        let outcomes: Vec<String> = self
            .outcomes
            .iter()
            .map(|o| format_delegates(o, names))
            .collect();
        if outcomes.len() == 1 {
            out.push_str(&format!("Rules give: {}.", outcomes[0]));
        } else {
            out.push_str(&format!(
                "Rules allow (by lot): {}.",
                outcomes.join(" | or | ")
            ));
        }
        out
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub(crate) fn name_of(names: &[String], i: usize) -> String {
    names
        .get(i)
        .cloned()
        .unwrap_or_else(|| format!("option {}", i + 1))
}

/// "Biden 2, Sanders 2, Yang 5" (options with zero delegates omitted; "no delegates" if none).
pub fn format_delegates(d: &[u64], names: &[String]) -> String {
    format_nonzero(d, names, "no delegates")
}

/// "Name value, …" for the nonzero values, or `none` when every value is zero.
pub(crate) fn format_nonzero(values: &[u64], names: &[String], none: &str) -> String {
    let parts: Vec<String> = values
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0)
        .map(|(i, v)| format!("{} {v}", name_of(names, i)))
        .collect();
    if parts.is_empty() {
        none.into()
    } else {
        parts.join(", ")
    }
}

/// Applies `rules` to one count per option, electing `delegates`.
///
/// For [`Rules::IowaDem2020`] the counts are taken as both the first and the final alignment
/// (use [`allocate_alignments`] when they differ).
pub fn allocate(
    rules: &Rules,
    counts: &[u64],
    delegates: u64,
) -> Result<Allocation, AllocateError> {
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
) -> Result<Allocation, AllocateError> {
    if first.len() != final_.len() {
        return Err(AllocateError::LengthMismatch {
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
        viability_rule: String::new(),
        viable: vec![false; n_opts],
        quotas: vec![None; n_opts],
        adjustments: vec![],
        outcomes: vec![],
        tie_notes: vec![],
        notes: vec![],
    };
    match rules {
        Rules::Plurality => {
            a.participants = final_.iter().sum();
            a.viability_rule = "none (winner takes all)".into();
            largest_group(&mut a, delegates)?;
        }
        Rules::Proportional {
            viability_percent,
            quota_base,
            method,
        } => {
            let total: u64 = final_.iter().sum();
            a.participants = total;
            let frac = Fraction::new(viability_percent.num(), viability_percent.den() * 100)
                .unwrap_or(Fraction::whole(0));
            let threshold = frac.ceil_mul(total);
            a.viability_threshold = Some(threshold);
            a.viability_rule = format!("{viability_percent}% of all counted");
            a.viable = final_.iter().map(|&c| c > 0 && c >= threshold).collect();
            let base = match quota_base {
                QuotaBase::AllCounted => total,
                QuotaBase::ViableOnly => (0..n_opts)
                    .filter(|&i| a.viable[i])
                    .map(|i| final_[i])
                    .sum(),
            };
            proportional(&mut a, base, *method, true)?;
        }
        Rules::IowaDem2020 => {
            let attendees: u64 = first.iter().sum();
            a.participants = attendees;
            a.viability_rule = iowa_viability_rule_text(delegates).into();
            match iowa_viability_fraction(delegates) {
                None => {
                    // 0 or 1 delegate: no threshold; with one delegate the largest final group wins.
                    largest_group(&mut a, delegates)?;
                }
                Some(frac) => {
                    let threshold = frac.ceil_mul(attendees);
                    a.viability_threshold = Some(threshold);
                    a.viable = final_.iter().map(|&c| c > 0 && c >= threshold).collect();
                    proportional(&mut a, attendees, RoundingMethod::RoundHalfUpAdjusted, true)?;
                }
            }
        }
    }
    Ok(a)
}

/// Winner-take-all on `a.counts`: every delegate to the largest group; ties by lot.
fn largest_group(a: &mut Allocation, delegates: u64) -> Result<(), AllocateError> {
    let n_opts = a.counts.len();
    let zero = vec![0u64; n_opts];
    let top = a.counts.iter().copied().max().unwrap_or(0);
    if delegates == 0 {
        a.outcomes = vec![zero];
        return Ok(());
    }
    if top == 0 {
        a.notes.push(format!(
            "nobody counted: {delegates} delegate(s) left unallocated."
        ));
        a.outcomes = vec![zero];
        return Ok(());
    }
    let tied: Vec<usize> = (0..n_opts).filter(|&i| a.counts[i] == top).collect();
    for &i in &tied {
        a.viable[i] = true;
    }
    if tied.len() == 1 {
        a.adjustments.push(Adjustment {
            option: tied[0],
            step: Step::LargestGroup,
            change: delegates as i64,
        });
    } else {
        a.tie_notes.push(TieNote {
            step: Step::LargestGroup,
            options: tied.clone(),
            chosen: 1,
            change: delegates as i64,
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

/// Proportional allocation among `a.viable` options of `a.counts` with divisor `base`.
fn proportional(
    a: &mut Allocation,
    base: u64,
    method: RoundingMethod,
    keep_only_delegate: bool,
) -> Result<(), AllocateError> {
    let n = a.delegates;
    let n_opts = a.counts.len();
    let mut cur = vec![0u64; n_opts];
    if n == 0 {
        a.outcomes = vec![cur];
        return Ok(());
    }
    if base == 0 || !a.viable.iter().any(|&v| v) {
        a.notes.push(if base == 0 {
            format!("nobody to divide by (no participants): {n} delegate(s) left unallocated.")
        } else {
            format!("no viable option: {n} delegate(s) left unallocated.")
        });
        a.outcomes = vec![cur];
        return Ok(());
    }
    let base128 = base as u128;
    for (i, slot) in cur.iter_mut().enumerate() {
        if !a.viable[i] {
            continue;
        }
        let num = a.counts[i] as u128 * n as u128;
        let r = match method {
            RoundingMethod::RoundHalfUpAdjusted => (2 * num + base128) / (2 * base128),
            RoundingMethod::LargestRemainder => num / base128,
        } as u64;
        *slot = r;
        a.quotas[i] = Some(Quota {
            numerator: (a.counts[i] as u128 * n as u128).min(u64::MAX as u128) as u64,
            base,
            rounded: r,
        });
    }
    // key(i) = (quota − current) × base, as a signed integer: larger = more deserving of an
    // extra delegate; smaller = more deserving of losing one.
    let key = |cur: &[u64], i: usize| -> i128 {
        a.counts[i] as i128 * n as i128 - cur[i] as i128 * base as i128
    };
    loop {
        let sum: u64 = cur.iter().sum();
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
            a.notes
                .push("no option can be adjusted; outcome left as rounded.".into());
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
                cur[i] = (cur[i] as i64 + change) as u64;
                a.adjustments.push(Adjustment {
                    option: i,
                    step,
                    change,
                });
            }
            continue;
        }
        // A lot among `tied` for `need` adjustments: list every choice.
        let combos = combinations(tied.len(), need as usize);
        if combos.len() > MAX_OUTCOMES {
            return Err(AllocateError::TooManyOutcomes {
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
                    o[i] = (o[i] as i64 + change) as u64;
                }
                o
            })
            .collect();
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
