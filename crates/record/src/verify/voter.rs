//! The voter's check: one receipt code against the files its precinct needs, proven in three
//! statements that are shown as each is established.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::board::FetchedTiles;
use super::election::ElectionContext;
use super::parse::open_sealed;
use super::precinct::{PostedEntry, PrecinctSummary};
use super::totals::{check_totals, VerifiedCounts, VerifiedTally};
use crate::board::{BoardEntry, EntryKind};
use crate::files::{
    index_path, limits, precinct_path, proofs_path, IndexEntry, IndexShard, TotalsFile, TOTALS_PATH,
};
use crate::manifest::{is_valid_id, Precinct};
use crate::reason::Reason;
use crate::receipt::ReceiptCode;
use crate::report::{CheckId, Failure, Findings, Report};
use crate::witness::WitnessProblem;

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

/// What a voter's check proves, in the order it proves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Statement {
    /// The ballot is in the ballot box the authority signed and the witnesses cosigned: the
    /// board's checkpoint (V-00 to V-04), the index entry for the code and its inclusion proof
    /// (V-06).
    InBox,
    /// A cast ballot's ciphertext is in its precinct's sum, which the trustees provably decrypted,
    /// and that precinct is in the verified totals (V-08 to V-14, V-16, V-17); for a challenged
    /// ballot, the trustees opened it correctly and it is not counted (V-15).
    Counted,
    /// Every ballot of the precinct has valid proofs (V-07).
    ProofsValid,
}

impl Statement {
    /// In the order they are proven.
    pub const ALL: [Statement; 3] = [Statement::InBox, Statement::Counted, Statement::ProofsValid];

    /// The checks of a voter's report that stand behind the statement; together the three
    /// cover every check of a voter's check.
    pub fn checks(self) -> &'static [CheckId] {
        use CheckId::*;
        match self {
            Statement::InBox => &[Files, Manifest, Trustees, Checkpoint, Witnesses, Inclusion],
            Statement::Counted => &[
                Trackers,
                Placement,
                EncryptedTally,
                DecryptionProofs,
                Counts,
                Rollup,
                Results,
                Challenged,
                Index,
                Seals,
            ],
            Statement::ProofsValid => &[BallotProofs],
        }
    }

    /// Its name in reports and attributes.
    pub fn code(self) -> &'static str {
        match self {
            Statement::InBox => "in-box",
            Statement::Counted => "counted",
            Statement::ProofsValid => "proofs-valid",
        }
    }
}

impl Proof {
    /// Its name in reports and attributes.
    pub fn code(self) -> &'static str {
        match self {
            Proof::Pending => "pending",
            Proof::Proven => "proven",
            Proof::Unwitnessed => "unwitnessed",
            Proof::Failed => "failed",
        }
    }
}

/// How far a statement is proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Proof {
    /// Still being checked.
    Pending,
    /// Proven.
    Proven,
    /// Proven, but too few trusted witnesses cosigned the checkpoint (only [`Statement::InBox`]).
    Unwitnessed,
    /// A check behind it failed.
    Failed,
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
    /// The precinct file whose bytes arrived (see [`Driver::arrived`](super::Driver::arrived)).
    arrived: Option<String>,
    /// V-06 ran for the entry: whether it passed.
    included: Option<bool>,
    /// V-16 ran for the precinct file: the voter's ballot in it, if it is there.
    placed: Option<Option<PostedEntry>>,
    /// The totals were fed: whether they were opened and checked against the precinct.
    totals: Option<bool>,
    /// The proofs file's findings, once it was checked.
    proofs: Option<Findings>,
}

impl VoterState {
    /// A check of `code`.
    pub fn new(code: ReceiptCode) -> Self {
        Self {
            code,
            entry: None,
            stopped: false,
            precinct: None,
            arrived: None,
            included: None,
            placed: None,
            totals: None,
            proofs: None,
        }
    }

    /// The precinct and board position the check fetches: the entry's when the code is listed,
    /// a decoy's (picked from the code) otherwise, so the host cannot tell the two apart.
    fn target(&self, ctx: &ElectionContext) -> Option<(String, u64)> {
        match &self.entry {
            Some(Some(entry)) if !self.stopped => Some((entry.precinct.clone(), entry.position)),
            Some(_) => Some((
                decoy_precinct(ctx, &self.code),
                code_pick(&self.code) % ctx.checkpoint.tree.size.max(1),
            )),
            None => None,
        }
    }

    /// The files the check needs beyond the manifest, checkpoint and frontier (spec §1.1). Once
    /// the shard is read, the tiles of one board position, a precinct file and the totals,
    /// whether or not the code is listed; once the precinct file has arrived, its proofs file
    /// (asked for only then, so that it does not share the network with what the first two
    /// statements wait for, yet travels while the precinct file is checked).
    pub fn needed(&self, ctx: &ElectionContext) -> Vec<String> {
        let mut needed = vec![self.shard_path(ctx)];
        let Some((precinct, position)) = self.target(ctx) else {
            return needed;
        };
        needed.extend(FetchedTiles::inclusion_paths(
            &ctx.checkpoint.tree,
            position,
        ));
        needed.push(precinct_path(&precinct));
        // Found or not, so the host cannot tell from the requests.
        needed.push(TOTALS_PATH.to_owned());
        if self.precinct.is_some() || self.arrived.as_ref() == Some(&precinct) {
            needed.push(proofs_path(&precinct));
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
        let entry = shard
            .entries
            .into_iter()
            .find(|e| self.code.matches(&e.tracker, e.kind));
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

    /// Whether the code's ballot was cast or challenged, once the shard listed it.
    pub fn kind(&self) -> Option<EntryKind> {
        self.entry.as_ref()?.as_ref().map(|e| e.kind)
    }

    /// Notes that the precinct file `id` arrived, before it is checked.
    pub fn precinct_arrived(&mut self, id: String) {
        self.arrived = Some(id);
    }

    /// Takes in the checked precinct file.
    pub fn set_precinct(&mut self, summary: PrecinctSummary) {
        self.precinct = Some(summary);
    }

    /// Notes what checking the proofs file found.
    pub fn proofs_checked(&mut self, findings: &Findings) {
        self.proofs = Some(findings.clone());
    }

    /// Runs every check whose files are in and that has not run yet: the inclusion proof once
    /// its tiles were fed, the ballot's place in its precinct file, and the totals once both are
    /// in. With `last`, files that never came count as missing.
    pub fn advance(
        &mut self,
        ctx: &ElectionContext,
        tiles: &FetchedTiles,
        fed: &BTreeSet<String>,
        totals: Option<&[u8]>,
        last: bool,
        findings: &mut Findings,
    ) {
        let Some(Some(entry)) = self.entry.clone().filter(|_| !self.stopped) else {
            return;
        };
        let tree = &ctx.checkpoint.tree;
        let tile_paths = FetchedTiles::inclusion_paths(tree, entry.position);
        if self.included.is_none() && (last || tile_paths.iter().all(|p| fed.contains(p))) {
            // V-06: the entry's leaf is in the box under the checkpoint, by a proof built from the
            // tiles.
            let leaf = BoardEntry {
                kind: entry.kind,
                precinct: entry.precinct.clone(),
                tracker: entry.tracker,
            }
            .leaf_hash()
            .unwrap_or_default();
            let before = findings.has_failures(CheckId::Inclusion);
            tiles.check_inclusion(ctx, &leaf, entry.position, &entry.precinct, findings);
            self.included = Some(!before && !findings.has_failures(CheckId::Inclusion));
        }
        let Some(summary) = &self.precinct else {
            return;
        };
        let index_file = self.shard_path(ctx);
        if self.placed.is_none() {
            // V-16: the precinct file holds the ballot the entry names, at its position.
            let found = summary
                .entries
                .iter()
                .find(|e| self.code.matches(&e.tracker, e.kind))
                .cloned();
            match &found {
                None => findings.fail(
                    CheckId::Index,
                    Failure::in_file(&index_file, Reason::IndexWrongPrecinct)
                        .precinct(&entry.precinct),
                ),
                Some(e) if e.position != entry.position => findings.fail(
                    CheckId::Index,
                    Failure::in_file(&index_file, Reason::IndexWrongPosition)
                        .precinct(&entry.precinct),
                ),
                Some(_) => findings.pass(CheckId::Index, 1),
            }
            self.placed = Some(found.filter(|e| e.position == entry.position));
        }
        if self.totals.is_none() && (last || fed.contains(TOTALS_PATH)) {
            let totals = totals.and_then(|t| {
                open_sealed::<TotalsFile>(ctx, TOTALS_PATH, t, limits::TOTALS, findings)
            });
            self.totals = Some(totals.is_some());
            if let Some(totals) = totals {
                let mut verified = VerifiedCounts::new();
                if let Some(counts) = &summary.counts {
                    verified.insert(
                        entry.precinct.clone(),
                        VerifiedTally {
                            cast: summary.cast,
                            counts: counts.clone(),
                        },
                    );
                }
                check_totals(ctx, &totals, &verified, false, findings);
            }
        }
    }

    /// How far each statement is proven, from what was checked so far (`witnessed`: whether V-04
    /// ran).
    pub fn statements(&self, witnessed: bool, findings: &Findings) -> Vec<(Statement, Proof)> {
        let in_box = self.in_box(witnessed, findings);
        let in_box_holds = matches!(in_box, Proof::Proven | Proof::Unwitnessed);
        // Failures of the precinct's file, the index and the totals, not of its proofs file.
        let from_proofs = |id| self.proofs.as_ref().map_or(0, |p| p.failed(id));
        let counted_failed = COUNTED_CHECKS
            .iter()
            .any(|&id| findings.failed(id) > from_proofs(id));
        let counted = match (&self.placed, self.totals) {
            _ if counted_failed => Proof::Failed,
            (Some(None), _) | (_, Some(false)) => Proof::Failed,
            (Some(Some(own)), Some(true)) if in_box_holds => {
                let summary = self.precinct.as_ref();
                let holds = match own.kind {
                    EntryKind::Cast => own.in_sum && summary.is_some_and(|s| s.counts.is_some()),
                    EntryKind::Challenged => {
                        summary.is_some_and(|s| s.openings.iter().any(|(t, _)| *t == own.tracker))
                    }
                };
                if holds {
                    Proof::Proven
                } else {
                    Proof::Failed
                }
            }
            _ => Proof::Pending,
        };
        let proofs_failed = findings.failed(CheckId::BallotProofs) > 0
            || self.proofs.as_ref().is_some_and(Findings::any_failed);
        let proofs = match &self.proofs {
            _ if proofs_failed => Proof::Failed,
            Some(_) if counted == Proof::Proven => Proof::Proven,
            _ => Proof::Pending,
        };
        vec![
            (Statement::InBox, in_box),
            (Statement::Counted, counted),
            (Statement::ProofsValid, proofs),
        ]
    }

    fn in_box(&self, witnessed: bool, findings: &Findings) -> Proof {
        if self.stopped || self.included == Some(false) {
            return Proof::Failed;
        }
        let unwitnessed = match witnessing(findings) {
            _ if !witnessed => return Proof::Pending,
            Witnessing::Failed => return Proof::Failed,
            Witnessing::ShortOfQuorum => true,
            Witnessing::Holds => false,
        };
        match self.included {
            Some(true) if unwitnessed => Proof::Unwitnessed,
            Some(true) => Proof::Proven,
            _ => Proof::Pending,
        }
    }

    /// Gives the answer, once every file was fed (and [`advance`](Self::advance) ran with
    /// `last`).
    pub fn finish(&mut self, ctx: &ElectionContext) -> VoterOutcome {
        let entry = match (&self.entry, self.stopped) {
            (Some(Some(entry)), false) => entry.clone(),
            (Some(None), false) => return VoterOutcome::NotFound,
            _ => return VoterOutcome::Failed,
        };
        let Some(precinct) = known_precinct(ctx, &entry.precinct) else {
            return VoterOutcome::Failed;
        };
        // The precinct file was missing or unreadable (V-00 says why), or does not hold the
        // ballot (V-16).
        let (Some(summary), Some(Some(own))) = (&self.precinct, &self.placed) else {
            return VoterOutcome::Failed;
        };
        let opened = match own.kind {
            EntryKind::Cast => None,
            EntryKind::Challenged => {
                match summary.openings.iter().find(|(t, _)| *t == own.tracker) {
                    Some((_, values)) => Some(opened_contests(ctx, values)),
                    // The opening did not verify; V-15 says why.
                    None => return VoterOutcome::Failed,
                }
            }
        };
        let m = &ctx.manifest;
        VoterOutcome::Verified(BallotFound {
            kind: own.kind,
            precinct: precinct.id.clone(),
            precinct_name: precinct.name.clone(),
            county_name: m
                .counties
                .iter()
                .find(|c| c.id == precinct.county)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            position: own.position,
            tracker: own.tracker.to_hex(),
            head_size: ctx.checkpoint.tree.size,
            head_time: ctx.checkpoint.closed,
            head_root: ctx.checkpoint.tree.root.to_hex(),
            opened,
        })
    }
}

/// The checks behind [`Statement::Counted`].
const COUNTED_CHECKS: &[CheckId] = &[
    CheckId::Files,
    CheckId::Trackers,
    CheckId::Placement,
    CheckId::EncryptedTally,
    CheckId::DecryptionProofs,
    CheckId::Counts,
    CheckId::Rollup,
    CheckId::Results,
    CheckId::Index,
    CheckId::Seals,
];

enum Witnessing {
    Holds,
    ShortOfQuorum,
    Failed,
}

/// What V-04 found: the only failure a statement can stand with is too few cosignatures.
fn witnessing(findings: &Findings) -> Witnessing {
    let mut short = false;
    for f in findings.failures(CheckId::Witnesses) {
        match &f.reason {
            Reason::Witness {
                problem: WitnessProblem::NotWitnessed { .. },
            } => short = true,
            _ => return Witnessing::Failed,
        }
    }
    if findings.is_not_run(CheckId::Witnesses) {
        return Witnessing::Failed;
    }
    if short {
        Witnessing::ShortOfQuorum
    } else {
        Witnessing::Holds
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
