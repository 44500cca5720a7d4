//! State delegate equivalents (SDEs), Iowa 2020.
//!
//! Each precinct has an SDE weight (its share of the state convention). A group's SDEs are its
//! county-convention delegates × weight ÷ the precinct's county delegates. The party published SDEs
//! rounded to 4 decimals and did not publish county delegates per group, so the audit works the
//! delegates back: published SDE ÷ (weight ÷ delegates) must be a whole number, within 0.0001 SDE.

use super::number::{format_ratio, Fixed};

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
    weight.mul_div(1, precinct_delegates)
}

/// SDEs per option for `delegates` per option (12-decimal precision; round to
/// [`SDE_PUBLISHED_PLACES`] for display).
pub fn state_delegate_equivalents(
    delegates: &[u64],
    precinct_delegates: u64,
    weight: Fixed,
) -> Vec<Fixed> {
    delegates
        .iter()
        .map(|&d| weight.mul_div(d, precinct_delegates))
        .collect()
}

/// A published SDE figure worked back to county delegates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkedBack {
    /// Equals this many delegates' worth within the tolerance.
    Whole(u64),
    /// Not a whole number of delegates: the exact quotient (3 decimals) and the nearest whole.
    NotWhole { quotient: String, nearest: u64 },
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
            WorkedBack::Whole(0)
        } else {
            WorkedBack::NotWhole {
                quotient: "undefined".into(),
                nearest: 0,
            }
        };
    }
    let n = precinct_delegates as u128;
    let num = published.0 * n; // published × n, compare with k × weight
    let w = weight.0;
    let k = (2 * num + w) / (2 * w);
    // |published − k × weight / n| ≤ tolerance  ⇔  |published × n − k × weight| ≤ tolerance × n
    if num.abs_diff(k * w) <= tolerance.0 * n {
        WorkedBack::Whole(k as u64)
    } else {
        WorkedBack::NotWhole {
            quotient: format_ratio(num, w, 3),
            nearest: k as u64,
        }
    }
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
        assert_eq!(
            delegates_from_sde(f("0.0784"), 8, w, t),
            WorkedBack::Whole(1)
        );
        assert_eq!(
            delegates_from_sde(f("0.1569"), 8, w, t),
            WorkedBack::Whole(2)
        );
        assert_eq!(delegates_from_sde(f("0"), 8, w, t), WorkedBack::Whole(0));
        assert_eq!(
            delegates_from_sde(f("0.1200"), 8, w, t),
            WorkedBack::NotWhole {
                quotient: "1.530".into(),
                nearest: 2
            }
        );
        assert_eq!(sde_per_delegate(w, 8).display(4), "0.0784");
        let s = state_delegate_equivalents(&[1, 2, 0], 8, w);
        assert_eq!(s[1].display(4), "0.1569");
        assert_eq!(s[2], Fixed::ZERO);
    }
}
