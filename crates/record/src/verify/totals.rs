//! `totals.json`: the roll-up of precinct counts (V-13) and the results (V-14).

use std::collections::BTreeMap;

use super::election::ElectionContext;
use crate::files::{AreaTotals, TotalsFile, ELECTION_AREA, TOTALS_PATH};
use crate::reason::{AreaCounts, ContestCounts, Reason};
use crate::report::{CheckId, Failure, Findings};
use crate::results::allowed_delegates;
use crate::rollup::{sum_areas, Overflow};

/// A precinct's counts as verified against its encrypted tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedTally {
    /// Cast ballots.
    pub cast: u64,
    /// Decrypted counts per contest and option.
    pub counts: Vec<Vec<u64>>,
}

/// Verified tallies by precinct id.
pub type VerifiedCounts = BTreeMap<String, VerifiedTally>;

/// Checks that the precinct totals match what was verified, that they add up, and that the
/// results follow from them.
/// With `every_precinct` (the full audit), a precinct whose tally did not verify fails V-13:
/// its published row is then unbacked, however well the sums add up.
pub fn check_totals(
    ctx: &ElectionContext,
    totals: &TotalsFile,
    verified: &VerifiedCounts,
    every_precinct: bool,
    findings: &mut Findings,
) {
    let m = &ctx.manifest;
    let fail = |findings: &mut Findings, reason: Reason| {
        findings.fail(CheckId::Rollup, Failure::in_file(TOTALS_PATH, reason));
    };
    let mut by_precinct: BTreeMap<&str, &AreaTotals> = BTreeMap::new();
    for area in &totals.precincts {
        let name = || area.area.clone();
        if m.precinct(&area.area).is_none() {
            fail(findings, Reason::UnknownArea { area: name() });
        } else if by_precinct.insert(&area.area, area).is_some() {
            fail(findings, Reason::AreaTwice { area: name() });
        }
    }
    for p in &m.precincts {
        let Some(area) = by_precinct.get(p.id.as_str()) else {
            fail(findings, Reason::AreaMissing { area: p.id.clone() });
            continue;
        };
        if !shape_ok(ctx, area) {
            fail(findings, Reason::AreaShape { area: p.id.clone() });
            continue;
        }
        if let Some(tally) = verified.get(&p.id) {
            let published: Vec<&Vec<u64>> = area.contests.iter().map(|c| &c.counts).collect();
            if area.ballots != tally.cast
                || published.iter().zip(&tally.counts).any(|(a, b)| *a != b)
            {
                fail(findings, Reason::DiffersFromTally { area: p.id.clone() });
            } else {
                findings.pass(CheckId::Rollup, 1);
            }
        } else if every_precinct {
            fail(findings, Reason::TallyNotVerified { area: p.id.clone() });
        }
        check_results(ctx, area, p.delegates, p.sde_weight_millionths, findings);
    }
    // Counties are the sums of their precincts; the election is the sum of the counties.
    let mut county_sums: Vec<AreaTotals> = Vec::new();
    for county in &m.counties {
        let members = m
            .precincts
            .iter()
            .filter(|p| p.county == county.id)
            .filter_map(|p| by_precinct.get(p.id.as_str()).copied());
        let Ok(expected) = sum_areas(&county.id, members) else {
            fail(
                findings,
                Reason::SumOverflow {
                    area: county.id.clone(),
                },
            );
            return;
        };
        match totals
            .counties
            .iter()
            .filter(|a| a.area == county.id)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [published] if **published == expected => findings.pass(CheckId::Rollup, 1),
            [published] => fail(findings, difference(published, &expected)),
            [] => fail(
                findings,
                Reason::AreaMissing {
                    area: county.id.clone(),
                },
            ),
            _ => fail(
                findings,
                Reason::AreaTwice {
                    area: county.id.clone(),
                },
            ),
        }
        county_sums.push(expected);
    }
    for extra in totals
        .counties
        .iter()
        .filter(|a| !m.counties.iter().any(|c| c.id == a.area))
    {
        fail(
            findings,
            Reason::UnknownArea {
                area: extra.area.clone(),
            },
        );
    }
    match sum_areas(ELECTION_AREA, county_sums.iter()) {
        Ok(expected) if totals.election == expected => findings.pass(CheckId::Rollup, 1),
        Ok(expected) => fail(findings, difference(&totals.election, &expected)),
        Err(Overflow) => fail(
            findings,
            Reason::SumOverflow {
                area: ELECTION_AREA.into(),
            },
        ),
    }
}

fn shape_ok(ctx: &ElectionContext, area: &AreaTotals) -> bool {
    area.contests.len() == ctx.manifest.contests.len()
        && area
            .contests
            .iter()
            .zip(&ctx.manifest.contests)
            .all(|(t, c)| {
                let n = c.options.len();
                t.contest == c.id
                    && t.counts.len() == n
                    && t.delegates.as_ref().is_none_or(|d| d.len() == n)
                    && t.sde_millionths.as_ref().is_none_or(|d| d.len() == n)
            })
}

fn check_results(
    ctx: &ElectionContext,
    area: &AreaTotals,
    delegates: u64,
    sde_weight: Option<u64>,
    findings: &mut Findings,
) {
    for (t, contest) in area.contests.iter().zip(&ctx.manifest.contests) {
        let allowed = allowed_delegates(&contest.rules, &t.counts, delegates);
        let fail = |findings: &mut Findings, reason: Reason| {
            findings.fail(
                CheckId::Results,
                Failure::in_file(TOTALS_PATH, reason).precinct(&area.area),
            );
        };
        let contest_id = || contest.id.clone();
        match (allowed, &t.delegates) {
            (Err(error), _) => fail(
                findings,
                Reason::RulesFailed {
                    contest: contest_id(),
                    error,
                },
            ),
            (Ok(_), None) => fail(
                findings,
                Reason::DelegatesMissing {
                    contest: contest_id(),
                },
            ),
            (Ok(options), Some(published)) if options.contains(published) => {
                let sde_ok = match (sde_weight, &t.sde_millionths) {
                    (Some(w), Some(sde)) => published
                        .iter()
                        .zip(sde)
                        .all(|(d, s)| d.checked_mul(w) == Some(*s)),
                    (None, None) => true,
                    _ => false,
                };
                if sde_ok {
                    findings.pass(CheckId::Results, 1);
                } else {
                    fail(
                        findings,
                        Reason::SdeMismatch {
                            contest: contest_id(),
                        },
                    );
                }
            }
            (Ok(allowed), Some(published)) => fail(
                findings,
                Reason::DelegatesImpossible {
                    contest: contest_id(),
                    published: published.clone(),
                    counts: t.counts.clone(),
                    allowed,
                },
            ),
        }
    }
}

/// The published and recomputed numbers of an area whose sum is wrong.
fn difference(published: &AreaTotals, expected: &AreaTotals) -> Reason {
    let counts = |a: &AreaTotals| AreaCounts {
        ballots: a.ballots,
        contests: a
            .contests
            .iter()
            .map(|c| ContestCounts {
                contest: c.contest.clone(),
                counts: c.counts.clone(),
            })
            .collect(),
    };
    Reason::SumMismatch {
        area: published.area.clone(),
        published: counts(published),
        expected: counts(expected),
    }
}
