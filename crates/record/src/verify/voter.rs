//! The voter's check: one receipt code against the files its precinct needs.

use serde::{Deserialize, Serialize};

use super::board::FetchedTiles;
use super::election::ElectionContext;
use super::parse::open_sealed;
use super::precinct::{PostedEntry, PrecinctSummary};
use super::totals::{check_totals, VerifiedCounts, VerifiedTally};
use crate::board::EntryKind;
use crate::files::{
    index_path, limits, precinct_path, IndexEntry, IndexShard, TotalsFile, TOTALS_PATH,
};
use crate::manifest::{is_valid_id, Precinct};
use crate::reason::Reason;
use crate::receipt::ReceiptCode;
use crate::report::{CheckId, Failure, Findings, Report};

/// The overall answer for the voter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum VoterOutcome {
    /// The ballot was found and every check passed.
    Verified(BallotFound),
    /// The ballot was found and every check passed, but too few trusted witnesses cosigned the
    /// checkpoint: nothing shows that other voters see the same board.
    NotWitnessed(BallotFound),
    /// The record does not list this code, and nothing checked failed.
    NotFound,
    /// A check failed (or could not run): evidence worth reporting.
    Failed,
}

impl VoterOutcome {
    /// A verified or not-found answer stands only if the report agrees.
    pub(super) fn confirmed_by(self, report: &Report) -> Self {
        match self {
            Self::Verified(found) if report.all_passed() => Self::Verified(found),
            Self::Verified(found) if report.passed_but_unwitnessed() => Self::NotWitnessed(found),
            Self::NotFound if report.failed_checks().is_empty() => Self::NotFound,
            _ => Self::Failed,
        }
    }
}

/// Where the ballot was found and what the voter may see of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotFound {
    /// Cast or challenged.
    pub kind: EntryKind,
    /// The precinct id.
    pub precinct: String,
    /// The precinct's name.
    pub precinct_name: String,
    /// The county's name.
    pub county_name: String,
    /// Board position.
    pub position: u64,
    /// The tracker, in hex.
    pub tracker: String,
    /// The final checkpoint's size.
    pub head_size: u64,
    /// When the final checkpoint closed the board (Unix seconds).
    pub head_time: u64,
    /// The final checkpoint's root, in hex: what people compare to know they saw the same box.
    pub head_root: String,
    /// For a challenged ballot only: per contest, the names of the options it contained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<Vec<OpenedContest>>,
}

/// One contest of an opened challenged ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedContest {
    /// The contest's title.
    pub contest: String,
    /// The names of the options the ballot held.
    pub selected: Vec<String>,
}

/// Where a voter's check stands between files.
#[derive(Debug)]
pub struct VoterState {
    code: ReceiptCode,
    /// The index entry, once the shard was read; `None` inside when the code is not listed.
    entry: Option<Option<IndexEntry>>,
    /// Set when the check cannot go on (a failure already recorded).
    stopped: bool,
    precinct: Option<PrecinctSummary>,
}

impl VoterState {
    /// A check of `code`.
    pub fn new(code: ReceiptCode) -> Self {
        Self {
            code,
            entry: None,
            stopped: false,
            precinct: None,
        }
    }

    /// The files the check needs beyond the manifest, checkpoint, frontier and totals. Once the
    /// shard is read, a precinct file and the tiles of one board position are fetched whether or
    /// not the code is listed (a precinct and a position picked from the code when it is not), so
    /// the host cannot tell a found code from a missing one.
    pub fn needed(&self, ctx: &ElectionContext) -> Vec<String> {
        let mut needed = vec![self.shard_path(ctx)];
        let tree = &ctx.checkpoint.tree;
        match &self.entry {
            Some(Some(entry)) if !self.stopped => {
                needed.push(precinct_path(&entry.precinct));
                needed.extend(FetchedTiles::inclusion_paths(tree, entry.position));
            }
            Some(_) => {
                needed.push(precinct_path(&decoy_precinct(ctx, &self.code)));
                let decoy = code_pick(&self.code) % tree.size.max(1);
                needed.extend(FetchedTiles::inclusion_paths(tree, decoy));
            }
            None => {}
        }
        needed
    }

    fn shard_path(&self, ctx: &ElectionContext) -> String {
        index_path(&self.code, ctx.checkpoint.tree.size)
    }

    /// Takes in the index shard.
    pub fn accept(
        &mut self,
        ctx: &ElectionContext,
        path: &str,
        bytes: &[u8],
        findings: &mut Findings,
    ) {
        if path != self.shard_path(ctx) {
            return;
        }
        let Some(shard) =
            open_sealed::<IndexShard>(ctx, path, bytes, limits::INDEX_SHARD, findings)
        else {
            self.stopped = true;
            return;
        };
        let key = self.code.lookup_key();
        let entry = shard.entries.into_iter().find(|e| e.code == key);
        if let Some(e) = &entry {
            if known_precinct(ctx, &e.precinct).is_none() {
                findings.fail(
                    CheckId::Index,
                    Failure::in_file(
                        path,
                        Reason::IndexUnknownPrecinct {
                            precinct: e.precinct.clone(),
                        },
                    ),
                );
                self.stopped = true;
            }
        }
        self.entry = Some(entry);
    }

    /// Takes in the verified precinct file.
    pub fn set_precinct(&mut self, summary: PrecinctSummary) {
        self.precinct = Some(summary);
    }

    /// Runs the checks that need the precinct and the totals, and gives the answer.
    pub fn finish(
        &mut self,
        ctx: &ElectionContext,
        totals: Option<&[u8]>,
        tiles: &FetchedTiles,
        findings: &mut Findings,
    ) -> VoterOutcome {
        let entry = match (&self.entry, self.stopped) {
            (Some(Some(entry)), false) => entry.clone(),
            (Some(None), false) => return VoterOutcome::NotFound,
            _ => return VoterOutcome::Failed,
        };
        let Some(precinct) = known_precinct(ctx, &entry.precinct) else {
            return VoterOutcome::Failed;
        };
        let index_file = self.shard_path(ctx);
        let Some(summary) = self.precinct.take() else {
            // The precinct file was missing or unreadable; V-00 says why.
            return VoterOutcome::Failed;
        };
        let Some(&PostedEntry {
            position,
            tracker,
            kind,
            leaf,
            ..
        }) = summary
            .entries
            .iter()
            .find(|e| self.code.matches(&e.tracker, e.kind))
        else {
            findings.fail(
                CheckId::Index,
                Failure::in_file(index_file, Reason::IndexWrongPrecinct).precinct(&precinct.id),
            );
            return VoterOutcome::Failed;
        };
        // V-06: the ballot is in the box under the checkpoint, by a proof built from the tiles.
        tiles.check_inclusion(ctx, &leaf, position, &precinct.id, findings);
        if position != entry.position {
            findings.fail(
                CheckId::Index,
                Failure::in_file(index_file, Reason::IndexWrongPosition).precinct(&precinct.id),
            );
        } else {
            findings.pass(CheckId::Index, 1);
        }
        let totals = totals
            .and_then(|t| open_sealed::<TotalsFile>(ctx, TOTALS_PATH, t, limits::TOTALS, findings));
        if let Some(totals) = totals {
            let mut verified = VerifiedCounts::new();
            if let Some(counts) = &summary.counts {
                verified.insert(
                    precinct.id.clone(),
                    VerifiedTally {
                        cast: summary.cast,
                        counts: counts.clone(),
                    },
                );
            }
            check_totals(ctx, &totals, &verified, false, findings);
        }
        let opened = match kind {
            EntryKind::Cast => None,
            EntryKind::Challenged => match summary.openings.iter().find(|(t, _)| *t == tracker) {
                Some((_, values)) => Some(opened_contests(ctx, values)),
                // The opening did not verify; V-15 says why.
                None => return VoterOutcome::Failed,
            },
        };
        let m = &ctx.manifest;
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
            head_size: ctx.checkpoint.tree.size,
            head_time: ctx.checkpoint.closed,
            head_root: ctx.checkpoint.tree.root.to_hex(),
            opened,
        })
    }
}

/// The precinct file a check of a code that is not listed fetches instead: one picked from the
/// code (which the host does not know), so it looks like any other.
fn decoy_precinct(ctx: &ElectionContext, code: &ReceiptCode) -> String {
    let precincts = &ctx.manifest.precincts;
    let pick = code_pick(code);
    let count = (precincts.len() as u64).max(1);
    usize::try_from(pick % count)
        .ok()
        .and_then(|i| precincts.get(i))
        .map(|p| p.id.clone())
        .unwrap_or_default()
}

/// A number picked from the code (`h = h·31 + b` over its 24 symbols, wrapping), for decoys. u64
/// arithmetic, so that every platform (wasm's usize is 32 bits) picks the same.
fn code_pick(code: &ReceiptCode) -> u64 {
    code.compact()
        .bytes()
        .fold(0u64, |a, b| a.wrapping_mul(31).wrapping_add(u64::from(b)))
}

fn known_precinct<'a>(ctx: &'a ElectionContext, id: &str) -> Option<&'a Precinct> {
    ctx.manifest
        .precincts
        .iter()
        .find(|p| p.id == id && is_valid_id(&p.id))
}

/// The option names a challenged ballot opened to, per contest.
fn opened_contests(ctx: &ElectionContext, values: &[Vec<u64>]) -> Vec<OpenedContest> {
    ctx.manifest
        .contests
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
}
