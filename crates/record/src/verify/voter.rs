//! The voter's check: one receipt code against the files its precinct needs.

use serde::{Deserialize, Serialize};

use super::election::ElectionContext;
use super::parse::{parse, parse_file};
use super::precinct::verify_precinct;
use super::totals::{check_totals, VerifiedCounts};
use crate::board::EntryKind;
use crate::files::{index_path, limits, IndexEntry, IndexShard, TotalsFile, TOTALS_PATH};
use crate::manifest::is_valid_id;
use crate::receipt::ReceiptCode;
use crate::report::{CheckId, Failure, Findings, Report, Scope};

/// The checks a voter's check runs.
pub fn voter_scope() -> Vec<CheckId> {
    use CheckId::*;
    vec![
        Files,
        Manifest,
        Trustees,
        HeadSignatures,
        HeadConsistency,
        Inclusion,
        BallotProofs,
        Trackers,
        Placement,
        EncryptedTally,
        DecryptionProofs,
        Counts,
        Rollup,
        Results,
        Challenged,
        Index,
    ]
}

/// The files of a voter's check, as fetched.
#[derive(Debug, Clone, Copy)]
pub struct VoterInputs<'a> {
    pub manifest: &'a [u8],
    pub heads: &'a [u8],
    pub totals: &'a [u8],
    /// The index shard for the code ([`crate::files::index_path`]).
    pub index: &'a [u8],
    /// The precinct file the index entry names, when there is one.
    pub precinct: Option<&'a [u8]>,
}

/// The overall answer for the voter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum VoterOutcome {
    /// The ballot was found and every check passed.
    Verified(BallotFound),
    /// The record does not list this code.
    NotFound,
    /// A check failed: evidence worth reporting.
    Failed,
}

/// Where the ballot was found and what the voter may see of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotFound {
    pub kind: EntryKind,
    pub precinct: String,
    pub precinct_name: String,
    pub county_name: String,
    pub position: u64,
    pub tracker: String,
    pub head_size: u64,
    pub head_time: u64,
    /// For a challenged ballot only: per contest, the names of the options it contained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<Vec<OpenedContest>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedContest {
    pub contest: String,
    pub selected: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoterReport {
    pub outcome: VoterOutcome,
    pub report: Report,
}

/// Looks `code` up in an index shard. `Err` when the shard itself is unusable.
pub fn find_in_index(
    code: &ReceiptCode,
    shard: &[u8],
    prefix_len: u8,
) -> Result<Option<IndexEntry>, Failure> {
    let path = index_path(code, prefix_len);
    let shard: IndexShard = parse(&path, shard, limits::INDEX_SHARD)?;
    let key = code.lookup_key();
    Ok(shard.entries.into_iter().find(|e| e.code == key))
}

/// The manifest's index prefix length, or 1 when it cannot be read (the check then fails V-01).
fn prefix_len(manifest: &[u8]) -> u8 {
    serde_json::from_slice::<crate::manifest::Manifest>(manifest).map_or(1, |m| m.index_prefix_len)
}

/// The index shard a code's check reads (second file to fetch, after the manifest).
pub fn index_shard_for(code: &ReceiptCode, manifest: &[u8]) -> String {
    index_path(code, prefix_len(manifest))
}

/// The precinct file the index sends `code` to, if the shard lists it under a valid id (third
/// file to fetch; the heads and totals complete the inputs).
pub fn precinct_file_for(code: &ReceiptCode, manifest: &[u8], index: &[u8]) -> Option<String> {
    match find_in_index(code, index, prefix_len(manifest)) {
        Ok(Some(entry)) if is_valid_id(&entry.precinct) => {
            Some(crate::files::precinct_path(&entry.precinct))
        }
        _ => None,
    }
}

/// Runs every check a voter's receipt allows.
pub fn check_receipt(code: &ReceiptCode, inputs: VoterInputs<'_>) -> VoterReport {
    let scope = voter_scope();
    let mut findings = Findings::default();
    let ctx = ElectionContext::load(inputs.manifest, inputs.heads, &mut findings);
    let (outcome, election) = match &ctx {
        Some(ctx) => (
            check_with_context(ctx, code, inputs, &mut findings),
            Some(ctx.summary()),
        ),
        None => (VoterOutcome::Failed, None),
    };
    findings.stop_here(&scope);
    let mut report = Report {
        scope: Scope::Voter,
        election,
        checks: findings.results(&scope),
        ballots_verified: 0,
        precincts_verified: 0,
    };
    report.ballots_verified = report
        .check(CheckId::BallotProofs)
        .map_or(0, |c| c.checked - c.failed);
    let outcome = match outcome {
        VoterOutcome::Verified(found) if report.all_passed() => VoterOutcome::Verified(found),
        VoterOutcome::NotFound if report.failed_checks().is_empty() => VoterOutcome::NotFound,
        _ => VoterOutcome::Failed,
    };
    VoterReport { outcome, report }
}

fn check_with_context(
    ctx: &ElectionContext,
    code: &ReceiptCode,
    inputs: VoterInputs<'_>,
    findings: &mut Findings,
) -> VoterOutcome {
    let m = &ctx.manifest;
    let entry = match find_in_index(code, inputs.index, m.index_prefix_len) {
        Ok(Some(e)) => e,
        Ok(None) => return VoterOutcome::NotFound,
        Err(f) => {
            findings.fail(CheckId::Files, f);
            return VoterOutcome::Failed;
        }
    };
    let index_file = index_path(code, m.index_prefix_len);
    let Some(precinct) = m
        .precincts
        .iter()
        .find(|p| p.id == entry.precinct && is_valid_id(&p.id))
    else {
        findings.fail(
            CheckId::Index,
            Failure::in_file(
                index_file,
                format!("the entry names unknown precinct '{}'", entry.precinct),
            ),
        );
        return VoterOutcome::Failed;
    };
    let Some(bytes) = inputs.precinct else {
        findings.fail(
            CheckId::Files,
            Failure::in_file(
                crate::files::precinct_path(&precinct.id),
                "the precinct file is missing",
            ),
        );
        return VoterOutcome::Failed;
    };
    let Some(summary) = verify_precinct(ctx, &precinct.id, bytes, findings) else {
        return VoterOutcome::Failed;
    };
    let Some(&(position, _, tracker, kind)) =
        summary.entries.iter().find(|(_, _, t, _)| code.matches(t))
    else {
        findings.fail(
            CheckId::Index,
            Failure::in_file(
                index_file,
                "the index sends this code to a precinct whose file does not hold it",
            )
            .precinct(&precinct.id),
        );
        return VoterOutcome::Failed;
    };
    if position != entry.position {
        findings.fail(
            CheckId::Index,
            Failure::in_file(index_file, "the index gives the wrong board position")
                .precinct(&precinct.id),
        );
    } else {
        findings.pass(CheckId::Index, 1);
    }
    if let Some(totals) =
        parse_file::<TotalsFile>(TOTALS_PATH, inputs.totals, limits::TOTALS, findings)
    {
        let mut verified = VerifiedCounts::new();
        if let Some(counts) = &summary.counts {
            verified.insert(precinct.id.clone(), (summary.cast, counts.clone()));
        }
        check_totals(ctx, &totals, &verified, findings);
    }
    let opened = (kind == EntryKind::Challenged).then(|| {
        summary
            .openings
            .iter()
            .find(|(t, _)| *t == tracker)
            .map(|(_, values)| {
                m.contests
                    .iter()
                    .zip(values)
                    .map(|(c, v)| OpenedContest {
                        contest: c.title.clone(),
                        selected: c
                            .options
                            .iter()
                            .zip(v)
                            .filter(|(_, &x)| x == 1)
                            .map(|(o, _)| o.name.clone())
                            .collect(),
                    })
                    .collect()
            })
    });
    let opened = match opened {
        Some(None) => return VoterOutcome::Failed, // the opening did not verify; V-15 says why
        Some(Some(o)) => Some(o),
        None => None,
    };
    VoterOutcome::Verified(BallotFound {
        kind,
        precinct: precinct.id.clone(),
        precinct_name: precinct.name.clone(),
        county_name: m
            .counties
            .iter()
            .find(|c| c.id == precinct.county)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        position,
        tracker: tracker.to_hex(),
        head_size: ctx.final_head.size,
        head_time: ctx.final_head.time,
        opened,
    })
}
