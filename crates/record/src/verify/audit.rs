//! The full audit: every precinct, every head, the whole board, the index and the totals.
//!
//! The auditor is fed one file at a time and keeps only 32-byte hashes and counts per ballot,
//! so memory stays bounded by the number of ballots, not by the size of the record.

use std::collections::BTreeSet;

use super::election::ElectionContext;
use super::parse::{parse, parse_file};
use super::precinct::{verify_precinct, PrecinctSummary};
use super::totals::{check_totals, VerifiedCounts};
use crate::digest::Digest;
use crate::files::{index_shard_path, limits, precinct_path, IndexShard, TotalsFile, TOTALS_PATH};
use crate::merkle;
use crate::receipt::{ReceiptCode, ALPHABET};
use crate::report::{CheckId, Failure, Findings, Report, Scope};

/// Every check applies to the full audit.
pub fn audit_scope() -> Vec<CheckId> {
    CheckId::ALL.to_vec()
}

/// Boards larger than this are refused rather than allocated for.
const MAX_BOARD: u64 = 50_000_000;

/// Collects the audit of a record, file by file.
#[derive(Debug)]
pub struct Auditor {
    ctx: Option<ElectionContext>,
    findings: Findings,
    /// `(position, leaf hash, precinct number)` of every ballot seen.
    leaves: Vec<(u64, Digest, u32)>,
    /// `(tracker, position)` of every ballot seen.
    trackers: Vec<(Digest, u64)>,
    encryptions: Vec<([u8; 16], u64)>,
    /// `(code, precinct number, position)` the index should list.
    expected_index: Vec<(String, u32, u64)>,
    /// `(code, precinct number, position)` the index does list.
    listed_index: Vec<(String, u32, u64)>,
    verified: VerifiedCounts,
    precincts_done: BTreeSet<String>,
    totals: Option<TotalsFile>,
    ballots_verified: u64,
}

impl Auditor {
    /// Starts an audit from the manifest and heads (V-00 to V-04).
    pub fn new(manifest: &[u8], heads: &[u8]) -> Self {
        let mut findings = Findings::default();
        let ctx = ElectionContext::load(manifest, heads, &mut findings);
        if let Some(c) = &ctx {
            if c.final_head.size > MAX_BOARD {
                findings.fail(
                    CheckId::BoardRoot,
                    Failure::in_file(
                        "heads.json",
                        format!(
                            "the final head claims {} ballots, more than this verifier accepts",
                            c.final_head.size
                        ),
                    ),
                );
            }
        }
        Self {
            ctx,
            findings,
            leaves: Vec::new(),
            trackers: Vec::new(),
            encryptions: Vec::new(),
            expected_index: Vec::new(),
            listed_index: Vec::new(),
            verified: VerifiedCounts::new(),
            precincts_done: BTreeSet::new(),
            totals: None,
            ballots_verified: 0,
        }
    }

    /// The verified election, when V-01 to V-04 passed.
    pub fn context(&self) -> Option<&ElectionContext> {
        self.ctx.as_ref()
    }

    /// Precinct ids whose files the audit needs, in manifest order.
    pub fn precinct_ids(&self) -> Vec<String> {
        self.ctx
            .iter()
            .flat_map(|c| c.manifest.precincts.iter().map(|p| p.id.clone()))
            .collect()
    }

    /// Paths of every lookup-index shard.
    pub fn index_paths(&self) -> Vec<String> {
        let Some(ctx) = &self.ctx else {
            return Vec::new();
        };
        let mut prefixes = vec![String::new()];
        for _ in 0..ctx.manifest.index_prefix_len.clamp(1, 4) {
            prefixes = prefixes
                .iter()
                .flat_map(|p| ALPHABET.iter().map(move |&c| format!("{p}{}", c as char)))
                .collect();
        }
        prefixes.into_iter().map(|p| index_shard_path(&p)).collect()
    }

    /// Verifies one precinct file (convenience for sequential callers).
    pub fn add_precinct(&mut self, precinct: &str, bytes: &[u8]) {
        let Some(ctx) = &self.ctx else { return };
        let mut findings = Findings::default();
        let summary = verify_precinct(ctx, precinct, bytes, &mut findings);
        self.add_precinct_result(precinct, summary, findings);
    }

    /// Records a precinct file that could not be obtained.
    pub fn missing_precinct(&mut self, precinct: &str, reason: &str) {
        self.findings.fail(
            CheckId::Files,
            Failure::in_file(precinct_path(precinct), reason).precinct(precinct),
        );
        self.precincts_done.insert(precinct.to_owned());
    }

    /// Adds the outcome of [`verify_precinct`] run elsewhere (for example on another thread).
    pub fn add_precinct_result(
        &mut self,
        precinct: &str,
        summary: Option<PrecinctSummary>,
        findings: Findings,
    ) {
        self.ballots_verified += count_passed(&findings, CheckId::BallotProofs);
        self.findings.merge(findings);
        if !self.precincts_done.insert(precinct.to_owned()) {
            self.findings.fail(
                CheckId::Placement,
                Failure::in_file(precinct_path(precinct), "the precinct was given twice"),
            );
            return;
        }
        let Some(s) = summary else { return };
        let number = self.precinct_number(precinct);
        for &(position, leaf, tracker, _) in &s.entries {
            self.leaves.push((position, leaf, number));
            self.trackers.push((tracker, position));
            self.expected_index.push((
                ReceiptCode::from_tracker(&tracker).lookup_key(),
                number,
                position,
            ));
        }
        for (i, e) in s.encryptions.iter().enumerate() {
            self.encryptions
                .push((*e, s.entries.get(i).map_or(0, |x| x.0)));
        }
        if let Some(counts) = s.counts {
            self.verified.insert(precinct.to_owned(), (s.cast, counts));
        }
    }

    fn precinct_number(&self, precinct: &str) -> u32 {
        self.ctx
            .as_ref()
            .and_then(|c| c.manifest.precincts.iter().position(|p| p.id == precinct))
            .map_or(u32::MAX, |i| i as u32)
    }

    /// Adds one lookup-index shard (V-16).
    pub fn add_index_shard(&mut self, path: &str, bytes: &[u8]) {
        let shard: IndexShard = match parse(path, bytes, limits::INDEX_SHARD) {
            Ok(s) => s,
            Err(f) => {
                self.findings.fail(CheckId::Files, f);
                return;
            }
        };
        self.findings.pass(CheckId::Files, 1);
        let expected_name = index_shard_path(&shard.prefix);
        if expected_name != path {
            self.findings.fail(
                CheckId::Index,
                Failure::in_file(path, format!("the shard says it is '{}'", shard.prefix)),
            );
            return;
        }
        for e in shard.entries {
            if !e.code.starts_with(&shard.prefix) {
                self.findings.fail(
                    CheckId::Index,
                    Failure::in_file(path, format!("code {} is in the wrong shard", e.code)),
                );
                continue;
            }
            let number = self.precinct_number(&e.precinct);
            self.listed_index.push((e.code, number, e.position));
        }
    }

    /// Records a file that could not be read.
    pub fn missing_file(&mut self, path: &str, reason: &str) {
        self.findings
            .fail(CheckId::Files, Failure::in_file(path, reason));
    }

    /// Adds `totals.json`.
    pub fn set_totals(&mut self, bytes: &[u8]) {
        self.totals = parse_file(TOTALS_PATH, bytes, limits::TOTALS, &mut self.findings);
    }

    /// Runs the checks that need everything (V-05, V-08 and V-09 across precincts, V-13 to V-16)
    /// and returns the report.
    pub fn finish(mut self) -> Report {
        let scope = audit_scope();
        let election = self.ctx.as_ref().map(ElectionContext::summary);
        if let Some(ctx) = self.ctx.take() {
            for id in ctx.manifest.precincts.iter().map(|p| p.id.clone()) {
                if !self.precincts_done.contains(&id) {
                    self.missing_precinct(&id, "the precinct file was not checked");
                }
            }
            self.check_board(&ctx);
            self.check_uniqueness();
            self.check_index();
            match &self.totals {
                Some(t) => check_totals(&ctx, t, &self.verified, &mut self.findings),
                None => self.findings.not_run(CheckId::Rollup),
            }
        }
        self.findings.stop_here(&scope);
        Report {
            scope: Scope::Audit,
            election,
            checks: self.findings.results(&scope),
            ballots_verified: self.ballots_verified,
            precincts_verified: self.precincts_done.len() as u64,
        }
    }

    /// V-05 and V-09: positions are exactly 0..size and their leaves hash to the final root.
    fn check_board(&mut self, ctx: &ElectionContext) {
        let size = ctx.final_head.size;
        if size > MAX_BOARD {
            return;
        }
        self.leaves.sort_unstable_by_key(|l| l.0);
        let mut ok = true;
        let mut expected = 0u64;
        for w in self.leaves.iter() {
            if w.0 < expected {
                self.findings.fail(
                    CheckId::Placement,
                    Failure::in_file("precincts", "two ballots claim the same board position")
                        .ballot(w.0),
                );
                ok = false;
                continue;
            }
            if w.0 > expected {
                self.findings.fail(
                    CheckId::BoardRoot,
                    Failure::in_file(
                        "precincts",
                        format!(
                            "board positions {expected} to {} hold no published ballot",
                            w.0 - 1
                        ),
                    ),
                );
                ok = false;
            }
            expected = w.0 + 1;
        }
        if expected != size {
            let reason = if expected > size {
                format!("ballots are published beyond the final head's {size} entries")
            } else {
                format!("the final head has {size} entries but only positions below {expected} are published")
            };
            self.findings
                .fail(CheckId::BoardRoot, Failure::in_file("precincts", reason));
            ok = false;
        }
        if ok {
            let hashes: Vec<Digest> = self.leaves.iter().map(|l| l.1).collect();
            if merkle::root(&hashes) == ctx.final_head.root {
                self.findings.pass(CheckId::BoardRoot, 1);
            } else {
                self.findings.fail(
                    CheckId::BoardRoot,
                    Failure::in_file(
                        "heads.json",
                        "the final root is not the root of the published ballots",
                    ),
                );
            }
        }
    }

    /// V-08 across precincts: no tracker or encryption appears twice.
    fn check_uniqueness(&mut self) {
        self.trackers.sort_unstable();
        for w in self.trackers.windows(2) {
            if w[0].0 == w[1].0 {
                self.findings.fail(
                    CheckId::Trackers,
                    Failure::in_file(
                        "precincts",
                        format!("tracker {} appears twice (a clash)", w[0].0.short()),
                    )
                    .ballot(w[1].1),
                );
            }
        }
        self.encryptions.sort_unstable();
        for w in self.encryptions.windows(2) {
            if w[0].0 == w[1].0 {
                self.findings.fail(
                    CheckId::Trackers,
                    Failure::in_file(
                        "precincts",
                        format!(
                            "the ballot at position {} copies the encryption of another",
                            w[1].1
                        ),
                    )
                    .ballot(w[1].1),
                );
            }
        }
    }

    /// V-16: the index lists every ballot, at its precinct and position, and nothing else.
    fn check_index(&mut self) {
        self.expected_index.sort_unstable();
        self.listed_index.sort_unstable();
        if self.expected_index == self.listed_index {
            self.findings
                .pass(CheckId::Index, self.listed_index.len() as u64);
            return;
        }
        let expected: BTreeSet<_> = self.expected_index.iter().collect();
        let listed: BTreeSet<_> = self.listed_index.iter().collect();
        for e in expected.difference(&listed) {
            self.findings.fail(
                CheckId::Index,
                Failure::in_file("index", format!("code {} is not listed correctly", e.0))
                    .ballot(e.2),
            );
        }
        for e in listed.difference(&expected) {
            self.findings.fail(
                CheckId::Index,
                Failure::in_file(
                    "index",
                    format!("entry for code {} points to no such ballot", e.0),
                )
                .ballot(e.2),
            );
        }
        if expected == listed {
            // Same entries, different multiplicity: something is listed or filed twice.
            self.findings.fail(
                CheckId::Index,
                Failure::in_file("index", "a ballot or index entry appears twice"),
            );
        }
    }
}

fn count_passed(f: &Findings, id: CheckId) -> u64 {
    f.results(&[id])
        .iter()
        .find(|r| r.id == id)
        .map_or(0, |r| r.checked - r.failed)
}

/// Audits a record whose files `read` returns by path, one file at a time.
pub fn audit_with(read: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Report {
    let missing = |path: &str| Failure::in_file(path, "the file could not be read");
    let (manifest, heads) = match (
        read(crate::files::MANIFEST_PATH),
        read(crate::files::HEADS_PATH),
    ) {
        (Ok(m), Ok(h)) => (m, h),
        (m, h) => {
            let mut findings = Findings::default();
            if let Err(e) = m {
                findings.fail(
                    CheckId::Files,
                    Failure {
                        reason: e,
                        ..missing(crate::files::MANIFEST_PATH)
                    },
                );
            }
            if let Err(e) = h {
                findings.fail(
                    CheckId::Files,
                    Failure {
                        reason: e,
                        ..missing(crate::files::HEADS_PATH)
                    },
                );
            }
            let scope = audit_scope();
            findings.stop_here(&scope);
            return Report {
                scope: Scope::Audit,
                election: None,
                checks: findings.results(&scope),
                ballots_verified: 0,
                precincts_verified: 0,
            };
        }
    };
    let mut auditor = Auditor::new(&manifest, &heads);
    for id in auditor.precinct_ids() {
        match read(&precinct_path(&id)) {
            Ok(bytes) => auditor.add_precinct(&id, &bytes),
            Err(e) => auditor.missing_precinct(&id, &e),
        }
    }
    for path in auditor.index_paths() {
        match read(&path) {
            Ok(bytes) => auditor.add_index_shard(&path, &bytes),
            Err(e) => auditor
                .findings
                .fail(CheckId::Files, Failure::in_file(&path, e)),
        }
    }
    match read(TOTALS_PATH) {
        Ok(bytes) => auditor.set_totals(&bytes),
        Err(e) => auditor
            .findings
            .fail(CheckId::Files, Failure::in_file(TOTALS_PATH, e)),
    }
    auditor.finish()
}
