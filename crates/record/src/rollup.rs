//! Adding up areas: precincts into counties, counties into the election.
//!
//! One helper for the authority (which publishes the totals) and the verifier (which recomputes
//! them), so both add up the same way.

use crate::files::AreaTotals;

/// The sum of published numbers does not fit in 64 bits: they cannot be real counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the sum does not fit in 64 bits")
    }
}

impl std::error::Error for Overflow {}

/// Option-by-option sum of `areas`, named `name`. Areas with nothing in them (a county without
/// precincts) add nothing; the sum of nothing has no contests.
pub fn sum_areas<'a>(
    name: &str,
    areas: impl IntoIterator<Item = &'a AreaTotals>,
) -> Result<AreaTotals, Overflow> {
    let mut out: Option<AreaTotals> = None;
    for a in areas.into_iter().filter(|a| !a.contests.is_empty()) {
        let Some(o) = &mut out else {
            out = Some(AreaTotals {
                area: name.to_owned(),
                ..a.clone()
            });
            continue;
        };
        o.ballots = o.ballots.checked_add(a.ballots).ok_or(Overflow)?;
        for (x, y) in o.contests.iter_mut().zip(&a.contests) {
            add(&mut x.counts, &y.counts)?;
            add_optional(&mut x.delegates, &y.delegates)?;
            add_optional(&mut x.sde_millionths, &y.sde_millionths)?;
        }
    }
    Ok(out.unwrap_or(AreaTotals {
        area: name.to_owned(),
        ballots: 0,
        contests: Vec::new(),
    }))
}

fn add(a: &mut [u64], b: &[u64]) -> Result<(), Overflow> {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x.checked_add(*y).ok_or(Overflow)?;
    }
    Ok(())
}

fn add_optional(a: &mut Option<Vec<u64>>, b: &Option<Vec<u64>>) -> Result<(), Overflow> {
    match (a.as_mut(), b) {
        (Some(a), Some(b)) => add(a, b),
        (None, Some(b)) => {
            *a = Some(b.clone());
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::ContestTotals;

    fn area(ballots: u64, counts: Vec<u64>) -> AreaTotals {
        AreaTotals {
            area: "p".into(),
            ballots,
            contests: vec![ContestTotals {
                contest: "c".into(),
                counts,
                delegates: None,
                sde_millionths: None,
            }],
        }
    }

    #[test]
    fn sums_option_by_option_and_skips_empty_areas() {
        let empty = AreaTotals {
            area: "e".into(),
            ballots: 0,
            contests: Vec::new(),
        };
        let sum = sum_areas(
            "county",
            [&area(3, vec![1, 2]), &empty, &area(4, vec![3, 1])],
        );
        assert_eq!(
            sum,
            Ok(AreaTotals {
                area: "county".into(),
                ..area(7, vec![4, 3])
            })
        );
    }

    #[test]
    fn counts_near_the_top_of_u64_overflow_instead_of_wrapping() {
        let big = area(1, vec![u64::MAX - 1, 0]);
        assert_eq!(sum_areas("c", [&big, &area(1, vec![2, 0])]), Err(Overflow));
        let many = area(u64::MAX, vec![0, 0]);
        assert_eq!(sum_areas("c", [&many, &area(1, vec![0, 0])]), Err(Overflow));
    }
}
