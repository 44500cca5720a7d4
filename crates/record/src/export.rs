//! Verified results as a NIST SP 1500-100 (Election Results Reporting Common Data Format v2)
//! JSON document, the format election software and newsrooms read.
//!
//! The document is built only from a [`Verification`] of a full audit in which every check passed,
//! so nothing unverified can be exported. Mapping:
//!
//! - one `ReportingUnit` for the election (`state`), one per county (`county`) and per precinct
//!   (`precinct`), composed the way the manifest rolls them up;
//! - one `CandidateContest` per contest with a `CandidateSelection` and a `Candidate` per option;
//! - per selection and reporting unit, `VoteCounts` of `Type` `total` (the votes), and where the
//!   rules award them, `other`/`delegates` and `other`/`state-delegate-equivalents`;
//! - per reporting unit, `BallotCounts` of `Type` `total` (`BallotsCast`);
//! - the election fingerprint as an `ExternalIdentifier` of the report.

use serde_json::{json, Value};

use crate::caucus::Rules;
use crate::files::{AreaTotals, TotalsFile};
use crate::manifest::{ContestKind, Manifest};
use crate::Verification;

/// Why a verification cannot be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportError {
    /// The verification was not a full audit in which every check passed.
    NotVerified,
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::NotVerified => f.write_str(
                "only results that a full audit verified, every check passing, can be exported",
            ),
        }
    }
}

impl std::error::Error for ExportError {}

/// The NIST SP 1500-100 v2 document of a fully verified record, generated at `generated_unix`
/// (Unix seconds, UTC).
pub fn nist_1500_100(v: &Verification, generated_unix: u64) -> Result<Value, ExportError> {
    match (&v.manifest, &v.totals, &v.report.election) {
        (Some(manifest), Some(totals), Some(election)) if v.report.all_passed() => Ok(
            nist_document(manifest, &election.fingerprint, totals, generated_unix),
        ),
        _ => Err(ExportError::NotVerified),
    }
}

/// The document for a manifest and the totals a full audit verified against it. Callers hold
/// totals only after such an audit (the app's results page, [`nist_1500_100`]).
pub fn nist_document(
    manifest: &Manifest,
    fingerprint: &str,
    totals: &TotalsFile,
    generated_unix: u64,
) -> Value {
    const ELECTION_UNIT: &str = "ru-election";
    let county_unit = |id: &str| format!("ru-county-{id}");
    let precinct_unit = |id: &str| format!("ru-precinct-{id}");
    let text = |s: &str| {
        json!({
            "@type": "ElectionResults.InternationalizedText",
            "Text": [{ "@type": "ElectionResults.LanguageString", "Content": s, "Language": "en" }],
        })
    };

    let mut units = vec![json!({
        "@type": "ElectionResults.ReportingUnit",
        "@id": ELECTION_UNIT,
        "Type": "state",
        "Name": text(&manifest.title),
        "ComposingGpUnitIds": manifest.counties.iter().map(|c| county_unit(&c.id)).collect::<Vec<_>>(),
    })];
    units.extend(manifest.counties.iter().map(|c| {
        json!({
            "@type": "ElectionResults.ReportingUnit",
            "@id": county_unit(&c.id),
            "Type": "county",
            "Name": text(&c.name),
            "ComposingGpUnitIds": manifest.precincts.iter().filter(|p| p.county == c.id)
                .map(|p| precinct_unit(&p.id)).collect::<Vec<_>>(),
        })
    }));
    units.extend(manifest.precincts.iter().map(|p| {
        json!({
            "@type": "ElectionResults.ReportingUnit",
            "@id": precinct_unit(&p.id),
            "Type": "precinct",
            "Name": text(&p.name),
        })
    }));

    // Every area with the reporting unit it is.
    let areas: Vec<(String, &AreaTotals)> =
        std::iter::once((ELECTION_UNIT.to_owned(), &totals.election))
            .chain(totals.counties.iter().map(|a| (county_unit(&a.area), a)))
            .chain(totals.precincts.iter().map(|a| (precinct_unit(&a.area), a)))
            .collect();

    let ballot_counts: Vec<Value> = areas
        .iter()
        .map(|(unit, a)| {
            json!({
                "@type": "ElectionResults.BallotCounts",
                "GpUnitId": unit,
                "Type": "total",
                "BallotsCast": a.ballots,
            })
        })
        .collect();

    let mut candidates = Vec::new();
    let mut contests = Vec::new();
    for (ci, contest) in manifest.contests.iter().enumerate() {
        let mut selections = Vec::new();
        for (oi, option) in contest.options.iter().enumerate() {
            let candidate = format!("cand-{}-{}", contest.id, option.id);
            candidates.push(json!({
                "@type": "ElectionResults.Candidate",
                "@id": candidate,
                "BallotName": text(&option.name),
            }));
            let mut counts = Vec::new();
            for (unit, a) in &areas {
                let Some(c) = a.contests.get(ci) else {
                    continue;
                };
                let count = |kind: Option<&str>, n: Value| {
                    let mut v = json!({ "@type": "ElectionResults.VoteCounts", "GpUnitId": unit, "Count": n });
                    match kind {
                        None => v["Type"] = json!("total"),
                        Some(other) => {
                            v["Type"] = json!("other");
                            v["OtherType"] = json!(other);
                        }
                    }
                    v
                };
                if let Some(n) = c.counts.get(oi) {
                    counts.push(count(None, json!(n)));
                }
                if let Some(d) = c.delegates.as_ref().and_then(|d| d.get(oi)) {
                    counts.push(count(Some("delegates"), json!(d)));
                }
                if let Some(s) = c.sde_millionths.as_ref().and_then(|s| s.get(oi)) {
                    counts.push(count(Some("state-delegate-equivalents"), millionths(*s)));
                }
            }
            selections.push(json!({
                "@type": "ElectionResults.CandidateSelection",
                "@id": format!("sel-{}-{}", contest.id, option.id),
                "CandidateIds": [candidate],
                "SequenceOrder": oi + 1,
                "VoteCounts": counts,
            }));
        }
        let variation = match (contest.kind, &contest.rules) {
            (ContestKind::Approval, _) => "approval",
            (ContestKind::SingleChoice, Rules::Plurality) => "plurality",
            (ContestKind::SingleChoice, _) => "proportional",
        };
        contests.push(json!({
            "@type": "ElectionResults.CandidateContest",
            "@id": format!("contest-{}", contest.id),
            "Name": contest.title,
            "ElectionDistrictId": ELECTION_UNIT,
            "VotesAllowed": match contest.kind {
                ContestKind::SingleChoice => 1,
                ContestKind::Approval => contest.options.len(),
            },
            "VoteVariation": variation,
            "SequenceOrder": ci + 1,
            "ContestSelection": selections,
        }));
    }

    json!({
        "@type": "ElectionResults.ElectionReport",
        "Format": "precinct-level",
        "GeneratedDate": date_time(generated_unix),
        "Issuer": manifest.authority.name,
        "IssuerAbbreviation": manifest.election_id,
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": "unofficial-complete",
        "VendorApplicationId": concat!("castcheck ", env!("CARGO_PKG_VERSION")),
        "Notes": format!(
            "Verified by castcheck: a full audit of the published record with election fingerprint {fingerprint} passed every check (every ballot's proofs, every precinct's decrypted tally, the roll-up and the delegate rules)."
        ),
        "ExternalIdentifier": [{
            "@type": "ElectionResults.ExternalIdentifier",
            "Type": "other",
            "OtherType": "castcheck-election-fingerprint",
            "Value": fingerprint,
        }],
        "GpUnit": units,
        "Election": [{
            "@type": "ElectionResults.Election",
            "ElectionScopeId": ELECTION_UNIT,
            "Name": text(&manifest.title),
            "StartDate": date(manifest.voting_opens),
            "EndDate": date(manifest.voting_closes),
            "Type": "other",
            "OtherType": "party-election",
            "BallotCounts": ballot_counts,
            "Candidate": candidates,
            "Contest": contests,
        }],
    })
}

/// Millionths as the decimal number they are (a JSON number; 6 places at most).
fn millionths(m: u64) -> Value {
    let text = format!("{}.{:06}", m / 1_000_000, m % 1_000_000);
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The civil (proleptic Gregorian) date of a day count since 1970-01-01.
fn civil(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm (eras of 400 years, March-based years).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DD`, UTC.
fn date(unix: u64) -> String {
    let (y, m, d) = civil((unix / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
fn date_time(unix: u64) -> String {
    let s = unix % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(unix),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days() {
        // Known values: the epoch, a leap day, the Iowa caucus night, the end of 9999.
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date_time(1_580_771_700), "2020-02-03T23:15:00Z");
        assert_eq!(date(253_402_300_799), "9999-12-31");
    }

    #[test]
    fn millionths_are_exact_decimals() {
        assert_eq!(millionths(2_500_000), json!(2.5));
        assert_eq!(millionths(1), json!(0.000001));
        assert_eq!(millionths(0), json!(0.0));
    }
}
