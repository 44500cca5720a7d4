//! State delegate equivalents (SDEs), Iowa 2020.
//!
//! Each precinct has an SDE weight (its share of the state convention). A group's SDEs are its
//! county-convention delegates × weight ÷ the precinct's county delegates. The party published SDEs
//! rounded to 4 decimals and did not publish county delegates per group, so the audit works the
//! delegates back: published SDE ÷ (weight ÷ delegates) must be a whole number, within 0.0001 SDE.

use super::number::Fixed;
use serde::{Deserialize, Serialize};

/// Published SDEs are rounded to this many decimals.
pub const SDE_PUBLISHED_PLACES: u32 = 4;

/// Tolerance when matching a published SDE to a whole number of delegates: 0.0001 SDE (twice the
/// worst rounding error of a 4-decimal figure).
pub fn sde_tolerance() -> Fixed {
    Fixed::unit(4)
}

/// The SDE value of one county delegate in a precinct (`weight ÷ delegates`); zero when the
/// precinct elects no delegates.
pub fn sde_per_delegate(weight: Fixed, precinct_delegates: u64) -> Fixed {
    // k = 1 cannot overflow.
    weight.mul_div(1, precinct_delegates).unwrap_or(weight)
}

/// SDEs per option for `delegates` per option (12-decimal precision; round to
/// [`SDE_PUBLISHED_PLACES`] for display); `None` when a product does not fit.
pub fn state_delegate_equivalents(
    delegates: &[u64],
    precinct_delegates: u64,
    weight: Fixed,
) -> Option<Vec<Fixed>> {
    delegates
        .iter()
        .map(|&d| weight.mul_div(d, precinct_delegates))
        .collect()
}

/// A published SDE figure worked back to county delegates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WorkedBack {
    /// Equals this many delegates' worth within the tolerance.
    Whole {
        /// The whole number of delegates.
        delegates: u64,
    },
    /// Not a whole number of delegates: the quotient (rounded to 3 decimals; `None` when the
    /// precinct has no delegates or no weight to divide by) and the nearest whole number.
    NotWhole {
        /// `published ÷ (weight ÷ delegates)`, to 3 decimals.
        quotient: Option<Fixed>,
        /// The nearest whole number of delegates.
        nearest: u64,
    },
    /// The numbers are too large to work back (e.g. an absurd number of delegates).
    TooLarge,
}

/// Works a published SDE back to whole delegates: `published ÷ (weight ÷ precinct_delegates)`.
///
/// With zero delegates or zero weight, only a zero SDE is whole (0 delegates).
pub fn delegates_from_sde(
    published: Fixed,
    precinct_delegates: u64,
    weight: Fixed,
    tolerance: Fixed,
) -> WorkedBack {
    if precinct_delegates == 0 || weight == Fixed::ZERO {
        return if published.0 <= tolerance.0 {
            WorkedBack::Whole { delegates: 0 }
        } else {
            WorkedBack::NotWhole {
                quotient: None,
                nearest: 0,
            }
        };
    }
    work_back(published, precinct_delegates, weight, tolerance).unwrap_or(WorkedBack::TooLarge)
}

/// `round(num ÷ den)`, half up, for `den > 0`, without doubling (no overflow).
fn round_div(num: u128, den: u128) -> u128 {
    let (q, r) = (num / den, num % den);
    q + u128::from(r >= den - r)
}

/// [`delegates_from_sde`] for nonzero delegates and weight; `None` on overflow.
fn work_back(published: Fixed, n: u64, weight: Fixed, tolerance: Fixed) -> Option<WorkedBack> {
    let n = n as u128;
    let num = published.0.checked_mul(n)?; // published × n, compare with k × weight
    let w = weight.0;
    let k = round_div(num, w);
    // |published − k × weight / n| ≤ tolerance  ⇔  |published × n − k × weight| ≤ tolerance × n
    if num.abs_diff(k.checked_mul(w)?) <= tolerance.0.checked_mul(n)? {
        return Some(WorkedBack::Whole {
            delegates: u64::try_from(k).ok()?,
        });
    }
    // The quotient to 3 decimals: round(num × 1000 / w) thousandths.
    let thousandths = round_div(num.checked_mul(1000)?, w);
    Some(WorkedBack::NotWhole {
        quotient: Some(Fixed(thousandths.checked_mul(Fixed::unit(3).0)?)),
        nearest: u64::try_from(k).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_back() {
        // Adair 1NW: 8 delegates, weight 0.6274509803921569 (= 32/51); one delegate = 0.0784.
        let w = Fixed::parse("0.6274509803921569").unwrap();
        let t = sde_tolerance();
        let f = |s: &str| Fixed::parse(s).unwrap();
        let whole = |d| WorkedBack::Whole { delegates: d };
        assert_eq!(delegates_from_sde(f("0.0784"), 8, w, t), whole(1));
        assert_eq!(delegates_from_sde(f("0.1569"), 8, w, t), whole(2));
        assert_eq!(delegates_from_sde(f("0"), 8, w, t), whole(0));
        // 0.12 × 8 ÷ 0.62745… = 1.53
        assert_eq!(
            delegates_from_sde(f("0.1200"), 8, w, t),
            WorkedBack::NotWhole {
                quotient: Some(f("1.53")),
                nearest: 2
            }
        );
        assert_eq!(sde_per_delegate(w, 8).display(4), "0.0784");
        let s = state_delegate_equivalents(&[1, 2, 0], 8, w).unwrap();
        assert_eq!(s[1].display(4), "0.1569");
        assert_eq!(s[2], Fixed::ZERO);
    }

    #[test]
    fn huge_delegate_counts_are_reported_not_wrapped() {
        // 999999999999999 SDE × u64::MAX delegates is about 1.8e46 × 10^12: beyond u128.
        let big = Fixed::parse("999999999999999").unwrap();
        let w = Fixed::parse("1").unwrap();
        assert_eq!(
            delegates_from_sde(big, u64::MAX, w, sde_tolerance()),
            WorkedBack::TooLarge
        );
        assert_eq!(state_delegate_equivalents(&[u64::MAX], 1, big), None);
    }
}
