//! `totals.json`: the roll-up of precinct counts (V-13) and the results (V-14).

use std::collections::BTreeMap;

use super::election::ElectionContext;
use crate::files::{AreaTotals, ContestTotals, TotalsFile, TOTALS_PATH};
use crate::report::{CheckId, Failure, Findings};
use crate::results::allowed_delegates;

/// Counts that were verified against the encrypted tally, by precinct: `(cast ballots, counts)`.
pub type VerifiedCounts = BTreeMap<String, (u64, Vec<Vec<u64>>)>;

/// Checks that the precinct totals match what was verified, that they add up, and that the
/// results follow from them.
pub fn check_totals(
    ctx: &ElectionContext,
    totals: &TotalsFile,
    verified: &VerifiedCounts,
    findings: &mut Findings,
) {
    let m = &ctx.manifest;
    let fail = |findings: &mut Findings, id, area: &str, reason: String| {
        findings.fail(
            id,
            Failure::in_file(TOTALS_PATH, format!("{area}: {reason}")),
        );
    };
    let mut by_precinct: BTreeMap<&str, &AreaTotals> = BTreeMap::new();
    for area in &totals.precincts {
        if m.precinct(&area.area).is_none() {
            fail(
                findings,
                CheckId::Rollup,
                &area.area,
                "not a precinct of this election".into(),
            );
        } else if by_precinct.insert(&area.area, area).is_some() {
            fail(findings, CheckId::Rollup, &area.area, "listed twice".into());
        }
    }
    for p in &m.precincts {
        let Some(area) = by_precinct.get(p.id.as_str()) else {
            fail(
                findings,
                CheckId::Rollup,
                &p.id,
                "missing from the totals".into(),
            );
            continue;
        };
        if !shape_ok(ctx, area) {
            fail(
                findings,
                CheckId::Rollup,
                &p.id,
                "the totals do not list every contest and option".into(),
            );
            continue;
        }
        if let Some((cast, counts)) = verified.get(&p.id) {
            let published: Vec<&Vec<u64>> = area.contests.iter().map(|c| &c.counts).collect();
            if area.ballots != *cast || published.iter().zip(counts).any(|(a, b)| *a != b) {
                fail(
                    findings,
                    CheckId::Rollup,
                    &p.id,
                    "the totals differ from the precinct's verified tally".into(),
                );
            } else {
                findings.pass(CheckId::Rollup, 1);
            }
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
        let expected = sum_areas(&county.id, members);
        match totals
            .counties
            .iter()
            .filter(|a| a.area == county.id)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [published] if **published == expected => findings.pass(CheckId::Rollup, 1),
            [published] => fail(
                findings,
                CheckId::Rollup,
                &county.id,
                describe_difference(published, &expected),
            ),
            [] => fail(
                findings,
                CheckId::Rollup,
                &county.id,
                "county missing from the totals".into(),
            ),
            _ => fail(
                findings,
                CheckId::Rollup,
                &county.id,
                "county listed twice".into(),
            ),
        }
        county_sums.push(expected);
    }
    if totals.counties.len() != m.counties.len() {
        fail(
            findings,
            CheckId::Rollup,
            "counties",
            "the totals list counties that are not in the manifest".into(),
        );
    }
    let expected = sum_areas("election", county_sums.iter());
    if totals.election == expected {
        findings.pass(CheckId::Rollup, 1);
    } else {
        fail(
            findings,
            CheckId::Rollup,
            "election",
            describe_difference(&totals.election, &expected),
        );
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
        let fail = |findings: &mut Findings, reason: String| {
            findings.fail(
                CheckId::Results,
                Failure::in_file(TOTALS_PATH, format!("contest '{}': {reason}", contest.id))
                    .precinct(&area.area),
            );
        };
        match (&allowed, &t.delegates) {
            (Err(e), _) => fail(findings, format!("the rules cannot be applied: {e}")),
            (Ok(_), None) => fail(
                findings,
                "the rules award delegates but none are published".into(),
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
                        "the state delegate equivalents do not match the delegates".into(),
                    );
                }
            }
            (Ok(options), Some(published)) => fail(
                findings,
                format!(
                    "delegates {published:?} cannot come from counts {:?}; the rules give {}",
                    t.counts,
                    options
                        .iter()
                        .map(|o| format!("{o:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ),
        }
    }
}

/// Option-by-option sum of areas with the same shape.
fn sum_areas<'a>(name: &str, areas: impl Iterator<Item = &'a AreaTotals>) -> AreaTotals {
    let mut out: Option<AreaTotals> = None;
    // Areas with nothing in them (a county without precincts) add nothing.
    for a in areas.filter(|a| !a.contests.is_empty()) {
        match &mut out {
            None => {
                out = Some(AreaTotals {
                    area: name.to_owned(),
                    ..a.clone()
                })
            }
            Some(o) => {
                o.ballots = o.ballots.saturating_add(a.ballots);
                for (x, y) in o.contests.iter_mut().zip(&a.contests) {
                    add(&mut x.counts, &y.counts);
                    add_opt(&mut x.delegates, &y.delegates);
                    add_opt(&mut x.sde_millionths, &y.sde_millionths);
                }
            }
        }
    }
    out.unwrap_or(AreaTotals {
        area: name.to_owned(),
        ballots: 0,
        contests: Vec::new(),
    })
}

fn add(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x.saturating_add(*y);
    }
}

fn add_opt(a: &mut Option<Vec<u64>>, b: &Option<Vec<u64>>) {
    match (a.as_mut(), b) {
        (Some(a), Some(b)) => add(a, b),
        (None, Some(b)) => *a = Some(b.clone()),
        _ => {}
    }
}

fn describe_difference(published: &AreaTotals, expected: &AreaTotals) -> String {
    let show = |a: &AreaTotals| {
        a.contests
            .iter()
            .map(|c: &ContestTotals| format!("{}={:?}", c.contest, c.counts))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "published {} ballots, {}; the precincts add up to {} ballots, {}",
        published.ballots,
        show(published),
        expected.ballots,
        show(expected)
    )
}
