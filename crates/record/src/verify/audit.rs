//! The full audit's state: every precinct, the whole board, the index and the totals.
//!
//! Precinct files are checked one at a time and only 32-byte hashes and counts per ballot are
//! kept, so memory stays bounded by the number of ballots, not by the size of the record.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest as _, Sha256};

use super::election::ElectionContext;
use super::parse::open_sealed;
use super::precinct::PrecinctSummary;
use super::totals::{check_totals, VerifiedCounts, VerifiedTally};
use crate::board::{BoardEntry, EntryKind};
use crate::canonical::{canonical_bytes, tag};
use crate::digest::Digest;
use crate::files::{
    board_path, index_shard_names, index_shard_of, index_shard_path, limits, precinct_path,
    proofs_path, IndexShard, TotalsFile, CHECKPOINT_PATH, TOTALS_PATH,
};
use crate::merkle;
use crate::reason::Reason;
use crate::receipt::ReceiptCode;
use crate::report::{CheckId, Failure, Findings};
use crate::tiles::{all_tiles, build_tiles, entry_bundle, FRONTIER_PATH, TILE_WIDTH};

/// Boards larger than this are refused rather than allocated for.
const MAX_BOARD: u64 = 50_000_000;

/// Where the board says a ballot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Placed {
    position: u64,
    leaf: Digest,
    /// What the leaf commits to, for the entry bundles.
    tracker: Digest,
    kind: EntryKind,
    precinct: u32,
}

/// A ballot as the lookup index lists it, or should.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct IndexLine {
    /// The lookup key of the code the entry serves (derived from `tracker` and `kind`).
    code: String,
    tracker: Digest,
    kind: EntryKind,
    /// Index of the precinct in the manifest (`u32::MAX` for an unknown one).
    precinct: u32,
    position: u64,
}

impl IndexLine {
    fn new(tracker: Digest, kind: EntryKind, precinct: u32, position: u64) -> (Self, ReceiptCode) {
        let code = ReceiptCode::for_ballot(&tracker, kind);
        let line = Self {
            code: code.lookup_key(),
            tracker,
            kind,
            precinct,
            position,
        };
        (line, code)
    }
}

/// What the audit keeps between files.
#[derive(Debug, Default)]
pub struct AuditState {
    placed: Vec<Placed>,
    /// `(tracker, position)` of every ballot.
    trackers: Vec<(Digest, u64)>,
    /// `(encryption hash, position)` of every contest of every ballot.
    encryptions: Vec<([u8; 16], u64)>,
    expected_index: Vec<IndexLine>,
    listed_index: Vec<IndexLine>,
    verified: VerifiedCounts,
    precincts_done: BTreeSet<String>,
    too_large: bool,
    /// SHA-256 of every board file fetched (tiles, entry bundles, frontier), by path.
    board_files: BTreeMap<String, [u8; 32]>,
    /// Set once the published ballots were found to make exactly the checkpoint's tree.
    board_ok: bool,
}

/// What the driver asks of the audit's state (see [`AuditState`]).
pub trait AuditPlan: std::fmt::Debug + Send + Sync {
    /// Every file the audit needs once the election is verified.
    fn needed(&self, ctx: &ElectionContext) -> Vec<String>;
    /// Refuses boards too large to hold in memory.
    fn start(&mut self, ctx: &ElectionContext, findings: &mut Findings);
    /// Notes a precinct whose file gave nothing to keep (unreadable or missing).
    fn mark_done(&mut self, precinct: &str);
    /// Keeps what the cross-precinct checks need from a verified precinct file.
    fn add_precinct(
        &mut self,
        ctx: &ElectionContext,
        precinct: &str,
        summary: PrecinctSummary,
        findings: &mut Findings,
    );
    /// Takes in one board file.
    fn add_board_file(&mut self, path: &str, bytes: &[u8]);
    /// Takes in one lookup-index shard (V-16).
    fn add_index_shard(
        &mut self,
        ctx: &ElectionContext,
        path: &str,
        bytes: &[u8],
        findings: &mut Findings,
    );
    /// The root of the first `size` published leaves, once they made the checkpoint's tree.
    fn prefix_root(&self, size: u64) -> Option<Digest>;
    /// Runs the checks that need every file.
    fn finish(&mut self, ctx: &ElectionContext, totals: Option<&[u8]>, findings: &mut Findings);
}

impl AuditPlan for AuditState {
    fn needed(&self, ctx: &ElectionContext) -> Vec<String> {
        ctx.manifest
            .precincts
            .iter()
            .flat_map(|p| [precinct_path(&p.id), proofs_path(&p.id)])
            .chain(index_paths(ctx))
            .chain(board_paths(ctx))
            .collect()
    }
    fn start(&mut self, ctx: &ElectionContext, findings: &mut Findings) {
        let size = ctx.checkpoint.tree.size;
        if size > MAX_BOARD {
            self.too_large = true;
            findings.fail(
                CheckId::BoardRoot,
                Failure::in_file(
                    CHECKPOINT_PATH,
                    Reason::BoardTooLarge {
                        size,
                        max: MAX_BOARD,
                    },
                ),
            );
        }
    }
    fn mark_done(&mut self, precinct: &str) {
        self.precincts_done.insert(precinct.to_owned());
    }
    fn add_precinct(
        &mut self,
        ctx: &ElectionContext,
        precinct: &str,
        summary: PrecinctSummary,
        findings: &mut Findings,
    ) {
        if !self.precincts_done.insert(precinct.to_owned()) {
            findings.fail(
                CheckId::Placement,
                Failure::in_file(precinct_path(precinct), Reason::PrecinctTwice),
            );
            return;
        }
        let number = precinct_number(ctx, precinct);
        for e in &summary.entries {
            self.placed.push(Placed {
                position: e.position,
                leaf: e.leaf,
                tracker: e.tracker,
                kind: e.kind,
                precinct: number,
            });
            self.trackers.push((e.tracker, e.position));
            self.encryptions
                .extend(e.encryptions.iter().map(|&h| (h, e.position)));
            let (line, _) = IndexLine::new(e.tracker, e.kind, number, e.position);
            self.expected_index.push(line);
        }
        if let Some(counts) = summary.counts {
            self.verified.insert(
                precinct.to_owned(),
                VerifiedTally {
                    cast: summary.cast,
                    counts,
                },
            );
        }
    }
    fn add_board_file(&mut self, path: &str, bytes: &[u8]) {
        self.board_files
            .insert(path.to_owned(), Sha256::digest(bytes).into());
    }
    fn add_index_shard(
        &mut self,
        ctx: &ElectionContext,
        path: &str,
        bytes: &[u8],
        findings: &mut Findings,
    ) {
        let Some(shard) =
            open_sealed::<IndexShard>(ctx, path, bytes, limits::INDEX_SHARD, findings)
        else {
            return;
        };
        if index_shard_path(&shard.prefix) != path {
            findings.fail(
                CheckId::Index,
                Failure::in_file(
                    path,
                    Reason::ShardMislabelled {
                        prefix: shard.prefix,
                    },
                ),
            );
            return;
        }
        let size = ctx.checkpoint.tree.size;
        for e in shard.entries {
            let precinct = precinct_number(ctx, &e.precinct);
            let (line, code) = IndexLine::new(e.tracker, e.kind, precinct, e.position);
            if index_shard_of(&code, size) != shard.prefix {
                findings.fail(
                    CheckId::Index,
                    Failure::in_file(path, Reason::CodeInWrongShard { code: line.code })
                        .ballot(e.position),
                );
                continue;
            }
            self.listed_index.push(line);
        }
    }
    fn prefix_root(&self, size: u64) -> Option<Digest> {
        let size = usize::try_from(size).ok()?;
        let leaves: Vec<Digest> = self.placed.get(..size)?.iter().map(|p| p.leaf).collect();
        self.board_ok.then(|| merkle::root(&leaves))
    }
    fn finish(&mut self, ctx: &ElectionContext, totals: Option<&[u8]>, findings: &mut Findings) {
        for p in &ctx.manifest.precincts {
            if !self.precincts_done.contains(&p.id) {
                findings.fail(
                    CheckId::Files,
                    Failure::in_file(precinct_path(&p.id), Reason::PrecinctNotChecked)
                        .precinct(&p.id),
                );
            }
        }
        if !self.too_large {
            self.check_board(ctx, findings);
        }
        if self.board_ok {
            self.check_board_files(ctx, findings);
        }
        self.check_uniqueness(findings);
        self.check_index(findings);
        match totals
            .and_then(|t| open_sealed::<TotalsFile>(ctx, TOTALS_PATH, t, limits::TOTALS, findings))
        {
            Some(t) => check_totals(ctx, &t, &self.verified, true, findings),
            None => findings.not_run(CheckId::Rollup),
        }
    }
}

/// Paths of every lookup-index shard.
fn index_paths(ctx: &ElectionContext) -> Vec<String> {
    index_shard_names(ctx.checkpoint.tree.size)
        .iter()
        .map(|p| index_shard_path(p))
        .collect()
}

/// Paths of every tile, entry bundle and the frontier.
fn board_paths(ctx: &ElectionContext) -> Vec<String> {
    let tiles = all_tiles(ctx.checkpoint.tree.size);
    let bundles = tiles
        .iter()
        .filter(|t| t.level == 0)
        .map(|t| t.entries_path());
    tiles
        .iter()
        .map(|t| t.path())
        .chain(bundles)
        .chain([FRONTIER_PATH.to_owned()])
        .map(|p| board_path(&p))
        .collect()
}

impl AuditState {
    /// V-06: every published tile, entry bundle and the frontier is what the ballots make, so
    /// every voter's proof built from them leads to the checkpoint.
    fn check_board_files(&self, ctx: &ElectionContext, findings: &mut Findings) {
        let leaves: Vec<Digest> = self.placed.iter().map(|p| p.leaf).collect();
        let (tiles, frontier) = build_tiles(&leaves);
        let mut compare = |path: String, expected: &[u8]| {
            // A file that could not be fetched already failed V-00.
            if let Some(published) = self.board_files.get(&path) {
                if *published == <[u8; 32]>::from(Sha256::digest(expected)) {
                    findings.pass(CheckId::Inclusion, 1);
                } else {
                    findings.fail(
                        CheckId::Inclusion,
                        Failure::in_file(path, Reason::TileMismatch),
                    );
                }
            }
        };
        compare(board_path(FRONTIER_PATH), &frontier);
        for (tile, bytes) in &tiles {
            compare(board_path(&tile.path()), bytes);
            if tile.level == 0 {
                let start = (tile.index * TILE_WIDTH) as usize;
                let data: Vec<Vec<u8>> = self.placed[start..start + tile.width as usize]
                    .iter()
                    .map(|p| leaf_data(ctx, p))
                    .collect();
                let bundle = entry_bundle(data.iter().map(Vec::as_slice));
                compare(board_path(&tile.entries_path()), &bundle);
            }
        }
    }

    /// V-05 and V-09: positions are exactly 0..size and their leaves hash to the final root.
    fn check_board(&mut self, ctx: &ElectionContext, findings: &mut Findings) {
        let size = ctx.checkpoint.tree.size;
        self.placed.sort_unstable();
        let fail = |findings: &mut Findings, id, reason| {
            findings.fail(id, Failure::in_file("precincts", reason));
        };
        let mut ok = true;
        let mut expected = 0u64;
        for p in &self.placed {
            if p.position < expected {
                findings.fail(
                    CheckId::Placement,
                    Failure::in_file("precincts", Reason::PositionClash).ballot(p.position),
                );
                ok = false;
                continue;
            }
            if p.position > expected {
                fail(
                    findings,
                    CheckId::BoardRoot,
                    Reason::BoardGap {
                        from: expected,
                        to: p.position - 1,
                    },
                );
                ok = false;
            }
            expected = p.position + 1;
        }
        if expected > size {
            fail(
                findings,
                CheckId::BoardRoot,
                Reason::BeyondFinalHead { size },
            );
            ok = false;
        } else if expected < size {
            fail(
                findings,
                CheckId::BoardRoot,
                Reason::ShortOfFinalHead {
                    size,
                    published: expected,
                },
            );
            ok = false;
        }
        if ok {
            let hashes: Vec<Digest> = self.placed.iter().map(|p| p.leaf).collect();
            if merkle::root(&hashes) == ctx.checkpoint.tree.root {
                findings.pass(CheckId::BoardRoot, 1);
                self.board_ok = true;
            } else {
                findings.fail(
                    CheckId::BoardRoot,
                    Failure::in_file(CHECKPOINT_PATH, Reason::RootMismatch),
                );
            }
        }
    }

    /// V-08 across precincts: no tracker or encryption appears twice.
    fn check_uniqueness(&mut self, findings: &mut Findings) {
        self.trackers.sort_unstable();
        for w in self.trackers.windows(2) {
            if w[0].0 == w[1].0 {
                findings.fail(
                    CheckId::Trackers,
                    Failure::in_file(
                        "precincts",
                        Reason::TrackerClash {
                            tracker: w[0].0.to_hex(),
                        },
                    )
                    .ballot(w[1].1),
                );
            }
        }
        self.encryptions.sort_unstable();
        for w in self.encryptions.windows(2) {
            if w[0].0 == w[1].0 {
                findings.fail(
                    CheckId::Trackers,
                    Failure::in_file("precincts", Reason::CopiedEncryption).ballot(w[1].1),
                );
            }
        }
    }

    /// V-16: the index lists every ballot, at its precinct and position, and nothing else.
    fn check_index(&mut self, findings: &mut Findings) {
        self.expected_index.sort_unstable();
        self.listed_index.sort_unstable();
        if self.expected_index == self.listed_index {
            findings.pass(CheckId::Index, self.listed_index.len() as u64);
            return;
        }
        let expected: BTreeSet<_> = self.expected_index.iter().collect();
        let listed: BTreeSet<_> = self.listed_index.iter().collect();
        for e in expected.difference(&listed) {
            findings.fail(
                CheckId::Index,
                Failure::in_file(
                    "index",
                    Reason::CodeNotListed {
                        code: e.code.clone(),
                    },
                )
                .ballot(e.position),
            );
        }
        for e in listed.difference(&expected) {
            findings.fail(
                CheckId::Index,
                Failure::in_file(
                    "index",
                    Reason::CodePointsNowhere {
                        code: e.code.clone(),
                    },
                )
                .ballot(e.position),
            );
        }
        if expected == listed {
            // Same entries, different multiplicity: something is listed or filed twice.
            findings.fail(
                CheckId::Index,
                Failure::in_file("index", Reason::IndexDuplicate),
            );
        }
    }
}

/// A board leaf's data (§7.1), as the entry bundles hold it.
fn leaf_data(ctx: &ElectionContext, p: &Placed) -> Vec<u8> {
    let precinct = ctx
        .manifest
        .precincts
        .get(p.precinct as usize)
        .map(|x| x.id.clone())
        .unwrap_or_default();
    let entry = BoardEntry {
        kind: p.kind,
        precinct,
        tracker: p.tracker,
    };
    canonical_bytes(tag::BOARD_LEAF, &entry).unwrap_or_default()
}

fn precinct_number(ctx: &ElectionContext, precinct: &str) -> u32 {
    ctx.manifest
        .precincts
        .iter()
        .position(|p| p.id == precinct)
        .map_or(u32::MAX, |i| i as u32)
}
