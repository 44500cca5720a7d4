//! The one verification driver: it says which record files it needs, is fed their bytes, and
//! ends in a report. The CLI, the web page and the web worker only fetch and feed.
//!
//! ```text
//! loop { let paths = driver.next_fetches(); if paths.is_empty() { break }
//!        for p in paths (in any order, in parallel if you like) { driver.feed(p, fetch(p)) } }
//! let verification = driver.finish();
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::seal::Sealed;

use super::audit::{AuditPlan, AuditState};
use super::board::{check_witnessing, FetchedTiles, Remembered};
use super::election::ElectionContext;
use super::precinct::{verify_precinct, verify_proofs, PrecinctSummary};
use super::voter::{Proof, Statement, VoterOutcome, VoterState};
use crate::files::{
    board_path, limits, precinct_path, proofs_path, TotalsFile, BOARD_DIR, CHECKPOINT_PATH,
    MANIFEST_PATH, TOTALS_PATH,
};
use crate::manifest::Manifest;
use crate::reason::{FetchProblem, Reason};
use crate::receipt::ReceiptCode;
use crate::report::{CheckId, ElectionSummary, Failure, Findings, Report, Scope, Status};
use crate::tiles::FRONTIER_PATH;
use crate::witness::WitnessPolicy;

/// What to verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// Only the election itself: manifest, trustees, the checkpoint and its witnesses (V-00 to
    /// V-04).
    Election,
    /// One voter's receipt code.
    Voter(ReceiptCode),
    /// The whole record.
    Audit,
}

impl Job {
    /// The checks this job runs; the others are not applicable.
    pub fn scope(&self) -> Vec<CheckId> {
        use CheckId::*;
        match self {
            Job::Election => vec![Files, Manifest, Trustees, Checkpoint, Witnesses],
            Job::Voter(_) => CheckId::ALL
                .into_iter()
                .filter(|c| *c != BoardRoot)
                .collect(),
            Job::Audit => CheckId::ALL.to_vec(),
        }
    }
}

/// One precinct's outcome, reported as soon as its file is checked (for progress tables).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecinctOutcome {
    /// The precinct id.
    pub precinct: String,
    /// Cast ballots in the precinct file: the ones its tally counts.
    pub cast: u64,
    /// Challenged ballots in the precinct file: opened to test the voting device, not counted.
    pub challenged: u64,
    /// Decrypted counts per contest, when the tally's decryption verified.
    pub counts: Option<Vec<Vec<u64>>>,
    /// The checks that failed for this precinct.
    pub failed: Vec<CheckId>,
}

/// How far a verification has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Progress {
    /// Precinct files checked.
    pub precincts_done: u64,
    /// Precinct files the job needs (known once the manifest is verified).
    pub precincts_total: u64,
    /// Ballots whose proofs verified.
    pub ballots_verified: u64,
}

/// A fetched file, checked as far as it can be without the driver's other state. Made by
/// [`Driver::prepare`] (which may run on any thread, or in another worker: it serializes) and
/// taken in by [`Driver::accept`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Prepared {
    path: String,
    content: Content,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Content {
    Unavailable(FetchProblem),
    Bytes(Vec<u8>),
    /// A precinct file, checked; with its proofs too when they were prepared together.
    Precinct {
        id: String,
        summary: Option<PrecinctSummary>,
        findings: Findings,
        proofs_checked: bool,
    },
    /// A proofs file, checked against its precinct's ballots.
    Proofs {
        id: String,
        findings: Findings,
    },
    /// A proofs file already checked with its precinct file.
    ProofsChecked,
}

/// Files that are best prepared together: a precinct file and its proofs file, whose check needs
/// the precinct's ciphertexts (see [`Driver::work_units`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkUnit {
    /// One file.
    One(String),
    /// A precinct file and its proofs file.
    Precinct {
        /// `precincts/<id>.json`.
        ballots: String,
        /// `proofs/<id>.json`.
        proofs: String,
    },
}

/// A precinct file taken in whose proofs are still to be checked.
#[derive(Debug)]
struct Pending {
    summary: PrecinctSummary,
    /// The precinct file's own findings, for its outcome row.
    findings: Findings,
}

/// The end of a verification: the report and what was verified, for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    /// Every check's result.
    pub report: Report,
    /// For a voter's check: the answer for the voter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter: Option<VoterOutcome>,
    /// The manifest, when it and the checkpoint passed V-00 to V-03: names to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<Manifest>,
    /// The board's checkpoint as published (the signed note, with its cosignatures), when it
    /// passed V-00 to V-03: what a verifier remembers to compare with next time, and what people
    /// compare with each other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<String>,
    /// The totals, after a full audit in which every check passed (none for a voter's check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<TotalsFile>,
    /// Files that could not be fetched for a reason other than being absent: the verdict is
    /// "could not check", not evidence against the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreachable: Vec<UnreachableFile>,
    /// For a voter's check: how far each statement was proven in the end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<(Statement, Proof)>,
}

/// A file that could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreachableFile {
    /// The path within the record.
    pub path: String,
    /// Why.
    pub problem: FetchProblem,
}

#[derive(Debug)]
enum Plan {
    Election,
    Voter(Box<VoterState>),
    /// Behind a trait object: the audit's code is linked only where [`Driver::for_audit`] is (a
    /// checker of voters' receipts in a browser does without it).
    Audit(Box<dyn AuditPlan>),
}

/// Verifies a record file by file; see the module documentation.
#[derive(Debug)]
pub struct Driver {
    job: Job,
    plan: Plan,
    handed_out: BTreeSet<String>,
    fed: BTreeSet<String>,
    manifest: Option<Vec<u8>>,
    checkpoint: Option<Vec<u8>>,
    totals: Option<Vec<u8>>,
    tiles: FetchedTiles,
    /// Precinct files taken in, waiting for their proofs files.
    pending: BTreeMap<String, Pending>,
    /// Proofs files (or why they could not be had) that came before their precinct files.
    early_proofs: BTreeMap<String, Result<Vec<u8>, FetchProblem>>,
    /// Witness policies, each for one election (by fingerprint) or, without one, for any.
    policies: Vec<(Option<crate::digest::Digest>, WitnessPolicy)>,
    /// Checkpoints verified before, with their origins; only this election's is kept.
    remembered: Vec<(String, Remembered)>,
    /// The quorum the witness policy for this election asks for, once V-04 ran with one.
    witness_quorum: Option<u64>,
    /// V-04 ran (early in a voter's check, once its files are in; at the end of an audit).
    witnessed: bool,
    ctx: Option<ElectionContext>,
    findings: Findings,
    unreachable: Vec<UnreachableFile>,
    progress: Progress,
}

impl Driver {
    /// A driver for `job`.
    pub fn new(job: Job) -> Self {
        match job {
            Job::Election => Self::for_election(),
            Job::Voter(code) => Self::for_voter(code),
            Job::Audit => Self::for_audit(),
        }
    }

    /// A driver that verifies only the election itself (V-00 to V-04).
    pub fn for_election() -> Self {
        Self::with_plan(Job::Election, Plan::Election)
    }

    /// A driver for a voter's check of `code`.
    pub fn for_voter(code: ReceiptCode) -> Self {
        Self::with_plan(
            Job::Voter(code),
            Plan::Voter(Box::new(VoterState::new(code))),
        )
    }

    /// A driver for the full audit.
    pub fn for_audit() -> Self {
        Self::with_plan(Job::Audit, Plan::Audit(Box::new(AuditState::default())))
    }

    /// A driver that only prepares precinct units ([`prepare_unit`](Self::prepare_unit)) of the
    /// election another driver verified ([`verified_election`](Self::verified_election)): an
    /// audit's helper worker, which checks nothing of the election again.
    pub fn for_helper(election: ElectionContext) -> Self {
        let mut driver = Self::for_audit();
        driver.ctx = Some(election);
        driver
    }

    /// The election, once its manifest and checkpoint passed V-00 to V-03: what a helper
    /// ([`for_helper`](Self::for_helper)) is given.
    pub fn verified_election(&self) -> Option<&ElectionContext> {
        self.ctx.as_ref()
    }

    /// Runs the driver to the end: `prepare` reads and prepares each batch of units
    /// ([`prepare_unit`](Self::prepare_unit), on one thread or several), and `on_precinct` sees
    /// the driver after each precinct is complete.
    pub fn run(
        mut self,
        mut prepare: impl FnMut(&Driver, Vec<WorkUnit>) -> Vec<Prepared>,
        mut on_precinct: impl FnMut(&Driver),
    ) -> Verification {
        loop {
            let paths = self.next_fetches();
            if paths.is_empty() {
                break;
            }
            let units = self.work_units(paths);
            for prepared in prepare(&self, units) {
                if self.accept(prepared).is_some() {
                    on_precinct(&self);
                }
            }
        }
        self.finish()
    }

    fn with_plan(job: Job, plan: Plan) -> Self {
        Self {
            job,
            plan,
            handed_out: BTreeSet::new(),
            fed: BTreeSet::new(),
            manifest: None,
            checkpoint: None,
            totals: None,
            tiles: FetchedTiles::default(),
            pending: BTreeMap::new(),
            early_proofs: BTreeMap::new(),
            policies: Vec::new(),
            remembered: Vec::new(),
            witnessed: false,
            witness_quorum: None,
            ctx: None,
            findings: Findings::default(),
            unreachable: Vec::new(),
            progress: Progress::default(),
        }
    }

    /// Requires the final checkpoint to carry `policy.quorum` valid cosignatures from its
    /// witnesses (V-04); without a policy witnesses are not checked.
    pub fn with_policy(mut self, policy: WitnessPolicy) -> Self {
        self.policies.push((None, policy));
        self
    }

    /// As [`with_policy`](Self::with_policy), for the election with this fingerprint only: a
    /// verifier that knows several elections gives each its own witnesses, whatever address the
    /// record was fetched from.
    pub fn with_policy_for(
        mut self,
        election: crate::digest::Digest,
        policy: WitnessPolicy,
    ) -> Self {
        self.policies.push((Some(election), policy));
        self
    }

    /// Compares the final checkpoint with one this verifier verified before (V-04): a smaller one
    /// now is a rollback, another root at the same size or a tree that does not extend it is a
    /// split view. A checkpoint of another election, or unreadable, is ignored; call it once per
    /// remembered election (of several of this election's, the largest counts).
    pub fn remembering(mut self, checkpoint: &str) -> Self {
        self.remembered.extend(Remembered::read(checkpoint));
        self
    }

    /// The files needed now that have not been asked for yet. They do not depend on each other:
    /// fetch them in any order. Empty once everything needed was asked for.
    pub fn next_fetches(&mut self) -> Vec<String> {
        let mut needed = self.needed();
        needed.retain(|p| !self.handed_out.contains(p));
        self.handed_out.extend(needed.iter().cloned());
        needed
    }

    /// Every file the job needs, as far as is known from what was fed.
    fn needed(&self) -> Vec<String> {
        let mut needed = vec![MANIFEST_PATH.to_owned(), CHECKPOINT_PATH.to_owned()];
        if !matches!(self.plan, Plan::Election) {
            needed.push(board_path(FRONTIER_PATH));
        }
        if matches!(self.plan, Plan::Audit(_)) {
            needed.push(TOTALS_PATH.to_owned());
        }
        if let Some(ctx) = &self.ctx {
            match &self.plan {
                Plan::Election => {}
                Plan::Voter(v) => needed.extend(v.needed(ctx)),
                Plan::Audit(a) => needed.extend(a.needed(ctx)),
            }
            if !matches!(self.plan, Plan::Audit(_)) {
                for (_, r) in &self.remembered {
                    needed.extend(r.needed(ctx));
                }
            }
        }
        let mut seen = BTreeSet::new();
        needed.retain(|p| seen.insert(p.clone()));
        needed
    }

    /// How far the job has come.
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// Groups `paths` (from [`next_fetches`](Self::next_fetches)) into the units
    /// [`prepare_unit`](Self::prepare_unit) takes: a precinct file with its proofs file when both
    /// are among them, every other file alone.
    pub fn work_units(&self, paths: Vec<String>) -> Vec<WorkUnit> {
        let wanted: BTreeSet<&String> = paths.iter().collect();
        let mut units = Vec::new();
        for path in &paths {
            let proofs = self.precinct_of(path).map(|id| proofs_path(&id));
            match proofs {
                Some(proofs) if wanted.contains(&proofs) => units.push(WorkUnit::Precinct {
                    ballots: path.clone(),
                    proofs,
                }),
                _ if self
                    .proofs_of(path)
                    .is_some_and(|id| wanted.contains(&precinct_path(&id))) => {}
                _ => units.push(WorkUnit::One(path.clone())),
            }
        }
        units
    }

    /// Reads the files of `unit` with `read` and prepares them; the results go to
    /// [`accept`](Self::accept) in order. Takes `&self`, so callers may prepare units on several
    /// threads; a precinct's two files are read and checked together, so nothing of its ballots
    /// waits in memory for the other.
    pub fn prepare_unit(
        &self,
        unit: &WorkUnit,
        mut read: impl FnMut(&str) -> Result<Vec<u8>, FetchProblem>,
    ) -> Vec<Prepared> {
        let (ballots, proofs) = match unit {
            WorkUnit::One(path) => return vec![self.prepare(path, read(path))],
            WorkUnit::Precinct { ballots, proofs } => (ballots, proofs),
        };
        let mut first = self.prepare(ballots, read(ballots));
        let fetched = read(proofs);
        if let (
            Content::Precinct {
                id,
                summary: Some(summary),
                findings,
                proofs_checked,
            },
            Some(ctx),
        ) = (&mut first.content, &self.ctx)
        {
            let bytes = fetched.as_ref().ok().map(Vec::as_slice);
            verify_proofs(ctx, id, summary, bytes, findings);
            summary.decoded = Vec::new();
            *proofs_checked = true;
        }
        // An unreadable precinct file leaves its proofs nothing to be checked against.
        let second = match fetched {
            Err(problem) => Content::Unavailable(problem),
            Ok(_) => Content::ProofsChecked,
        };
        vec![
            first,
            Prepared {
                path: proofs.clone(),
                content: second,
            },
        ]
    }

    /// Does the work on one fetched file that needs no other state (checking a precinct file,
    /// or a proofs file whose precinct file was taken in). Takes `&self`, so callers may
    /// prepare several files on several threads.
    pub fn prepare(&self, path: &str, fetched: Result<Vec<u8>, FetchProblem>) -> Prepared {
        let content = match fetched {
            Err(problem) => Content::Unavailable(problem),
            Ok(bytes) => match (&self.ctx, self.precinct_of(path), self.proofs_of(path)) {
                (Some(ctx), Some(id), _) => {
                    let mut findings = Findings::default();
                    let summary = verify_precinct(ctx, &id, &bytes, &mut findings);
                    Content::Precinct {
                        id,
                        summary,
                        findings,
                        proofs_checked: false,
                    }
                }
                (Some(ctx), _, Some(id)) => match self.pending.get(&id) {
                    Some(pending) => {
                        let mut findings = Findings::default();
                        let summary = &pending.summary;
                        verify_proofs(ctx, &id, summary, Some(&bytes), &mut findings);
                        Content::Proofs { id, findings }
                    }
                    None => Content::Bytes(bytes),
                },
                _ => Content::Bytes(bytes),
            },
        };
        Prepared {
            path: path.to_owned(),
            content,
        }
    }

    fn precinct_of(&self, path: &str) -> Option<String> {
        self.manifest_precinct(path, precinct_path)
    }

    fn proofs_of(&self, path: &str) -> Option<String> {
        self.manifest_precinct(path, proofs_path)
    }

    /// The manifest precinct whose file of this kind is at `path`.
    fn manifest_precinct(&self, path: &str, file: fn(&str) -> String) -> Option<String> {
        let ctx = self.ctx.as_ref()?;
        ctx.manifest
            .precincts
            .iter()
            .find(|p| file(&p.id) == path)
            .map(|p| p.id.clone())
    }

    /// Takes in a prepared file. Returns the precinct's outcome once both of a precinct's files
    /// are in. Files that were never asked for are ignored.
    pub fn accept(&mut self, prepared: Prepared) -> Option<PrecinctOutcome> {
        let outcome = self.take_in(prepared);
        self.advance(false);
        outcome
    }

    /// The election, as soon as its manifest and checkpoint passed V-00 to V-03: its names and
    /// fingerprints, its manifest and the checkpoint's text.
    pub fn election(&self) -> Option<(ElectionSummary, &Manifest, String)> {
        let ctx = self.ctx.as_ref()?;
        Some((ctx.summary(), &ctx.manifest, ctx.checkpoint.note.to_text()))
    }

    /// For a voter's check: whether the code's ballot was cast or challenged, once its board entry
    /// was found.
    pub fn ballot_kind(&self) -> Option<crate::board::EntryKind> {
        match &self.plan {
            Plan::Voter(v) => v.kind(),
            _ => None,
        }
    }

    /// How far each of a voter's statements is proven so far (empty for other jobs): callers show
    /// them as they change.
    pub fn statements(&self) -> Vec<(Statement, Proof)> {
        match &self.plan {
            Plan::Voter(v) => {
                // A precinct file waiting for its proofs file has findings that do not count
                // yet in the report, but already count against what it is to prove.
                let mut found = self.findings.clone();
                for pending in self.pending.values() {
                    found.merge(pending.findings.clone());
                }
                v.statements(self.witnessed, &found)
            }
            _ => Vec::new(),
        }
    }

    /// Runs every check whose files are in (for a voter's check: V-04, then V-06, V-16 and the
    /// totals as their files arrive, so its statements are proven as early as they can be).
    /// With `last`, files that never came count as missing.
    fn advance(&mut self, last: bool) {
        let Some(ctx) = &self.ctx else {
            return;
        };
        let witnesses_ready = !self.witnessed
            && !matches!(self.plan, Plan::Audit(_))
            && (last
                || self
                    .remembered
                    .first()
                    .is_none_or(|(_, r)| r.needed(ctx).iter().all(|p| self.fed.contains(p))));
        if witnesses_ready {
            self.check_witnesses();
        }
        let Some(ctx) = &self.ctx else {
            return;
        };
        if let Plan::Voter(v) = &mut self.plan {
            let totals = self.totals.as_deref();
            v.advance(
                ctx,
                &self.tiles,
                &self.fed,
                totals,
                last,
                &mut self.findings,
            );
        }
    }

    /// V-04, once.
    fn check_witnesses(&mut self) {
        let Some(ctx) = &self.ctx else {
            return;
        };
        self.witnessed = true;
        let remembered = self.remembered.first().map(|(_, r)| r);
        let prefix_root = match &self.plan {
            Plan::Audit(a) => Some(move |size| a.prefix_root(size)),
            _ => None,
        };
        let policy = self
            .policies
            .iter()
            .find(|(election, _)| election.is_none_or(|e| e == ctx.fingerprint))
            .map(|(_, p)| p);
        self.witness_quorum = policy.map(|p| p.quorum);
        check_witnessing(
            ctx,
            policy,
            remembered,
            &self.tiles,
            prefix_root
                .as_ref()
                .map(|f| f as &dyn Fn(u64) -> Option<crate::digest::Digest>),
            &mut self.findings,
        );
    }

    fn take_in(&mut self, prepared: Prepared) -> Option<PrecinctOutcome> {
        let Prepared { path, content } = prepared;
        if !self.handed_out.contains(&path) || !self.fed.insert(path.clone()) {
            return None;
        }
        let bytes = match content {
            Content::Unavailable(problem) => {
                self.unavailable(&path, problem.clone());
                let id = self.proofs_of(&path)?;
                return self.proofs_arrived(&id, Err(problem));
            }
            Content::Precinct {
                id,
                summary,
                findings,
                proofs_checked,
            } => return self.accept_precinct(&id, summary, findings, proofs_checked),
            Content::Proofs { id, findings } => {
                let pending = self.pending.remove(&id)?;
                return Some(self.proofs_done(&id, pending, findings));
            }
            Content::ProofsChecked => return None,
            Content::Bytes(bytes) => bytes,
        };
        if let Some(id) = self.proofs_of(&path) {
            return self.proofs_arrived(&id, Ok(bytes));
        }
        match path.as_str() {
            MANIFEST_PATH => self.manifest = Some(bytes),
            CHECKPOINT_PATH => self.checkpoint = Some(bytes),
            TOTALS_PATH => self.totals = Some(bytes),
            p if p.starts_with(BOARD_DIR) => match &mut self.plan {
                Plan::Audit(a) => a.add_board_file(p, &bytes),
                _ => self.tiles.insert(p, bytes),
            },
            _ => match (&mut self.plan, &self.ctx) {
                (Plan::Voter(v), Some(ctx)) => v.accept(ctx, &path, &bytes, &mut self.findings),
                (Plan::Audit(a), Some(ctx)) => {
                    a.add_index_shard(ctx, &path, &bytes, &mut self.findings)
                }
                _ => {}
            },
        }
        self.load_context();
        None
    }

    /// A proofs file (or why it could not be had) that was not prepared with its precinct's
    /// ballots: checked now if they wait for it, kept until they come otherwise.
    fn proofs_arrived(
        &mut self,
        id: &str,
        fetched: Result<Vec<u8>, FetchProblem>,
    ) -> Option<PrecinctOutcome> {
        let Some(pending) = self.pending.remove(id) else {
            if !self.fed.contains(&precinct_path(id)) {
                self.early_proofs.insert(id.to_owned(), fetched);
            }
            return None;
        };
        let mut proofs = Findings::default();
        if let Some(ctx) = &self.ctx {
            let bytes = fetched.as_ref().ok().map(Vec::as_slice);
            verify_proofs(ctx, id, &pending.summary, bytes, &mut proofs);
        }
        Some(self.proofs_done(id, pending, proofs))
    }

    /// A pending precinct's proofs file was checked.
    fn proofs_done(&mut self, id: &str, pending: Pending, proofs: Findings) -> PrecinctOutcome {
        if let Plan::Voter(v) = &mut self.plan {
            v.proofs_checked(&proofs);
        }
        self.complete_precinct(id, Some(pending.summary), pending.findings, proofs)
    }

    /// Notes that `path` arrived, before it is fed: a voter's proofs file may then be fetched
    /// while its precinct file is checked (spec §1.1), so that the two overlap.
    pub fn arrived(&mut self, path: &str) {
        if let (Some(id), Plan::Voter(v)) = (self.precinct_of(path), &mut self.plan) {
            v.precinct_arrived(id);
        }
    }

    /// [`prepare`](Self::prepare) and [`accept`](Self::accept) in one step.
    pub fn feed(
        &mut self,
        path: &str,
        fetched: Result<Vec<u8>, FetchProblem>,
    ) -> Option<PrecinctOutcome> {
        let prepared = self.prepare(path, fetched);
        self.accept(prepared)
    }

    fn unavailable(&mut self, path: &str, problem: FetchProblem) {
        self.findings.fail(
            CheckId::Files,
            Failure::in_file(
                path,
                Reason::Unavailable {
                    problem: problem.clone(),
                },
            ),
        );
        if !problem.is_missing() {
            self.unreachable.push(UnreachableFile {
                path: path.to_owned(),
                problem,
            });
        }
        if let Some(id) = self.precinct_of(path) {
            self.early_proofs.remove(&id);
            self.complete_precinct(&id, None, Findings::default(), Findings::default());
        }
    }

    /// Verifies the manifest and checkpoint (V-00 to V-03) once both are in.
    fn load_context(&mut self) {
        let (Some(manifest), Some(checkpoint)) = (&self.manifest, &self.checkpoint) else {
            return;
        };
        let ctx = ElectionContext::load(manifest, checkpoint, &mut self.findings);
        if let Some(ctx) = &ctx {
            let origin = crate::board::board_origin(&ctx.fingerprint);
            self.remembered.retain(|(o, _)| *o == origin);
            self.remembered
                .sort_by_key(|(_, r)| std::cmp::Reverse(r.tree.size));
            self.remembered.truncate(1);
        }
        if let Some(ctx) = &ctx {
            if let Plan::Audit(a) = &mut self.plan {
                a.start(ctx, &mut self.findings);
            }
            self.progress.precincts_total = match self.plan {
                Plan::Audit(_) => ctx.manifest.precincts.len() as u64,
                Plan::Voter(_) => 1,
                Plan::Election => 0,
            };
        }
        self.ctx = ctx;
        self.manifest = None;
        self.checkpoint = None;
    }

    fn accept_precinct(
        &mut self,
        id: &str,
        summary: Option<PrecinctSummary>,
        findings: Findings,
        proofs_checked: bool,
    ) -> Option<PrecinctOutcome> {
        let Some(summary) = summary else {
            // Unreadable: nothing of it can be checked, its proofs included.
            self.early_proofs.remove(id);
            let none = Findings::default();
            return Some(self.complete_precinct(id, None, findings, none));
        };
        if proofs_checked {
            let none = Findings::default();
            return Some(self.complete_precinct(id, Some(summary), findings, none));
        }
        if let Plan::Voter(v) = &mut self.plan {
            v.set_precinct(summary.clone());
        }
        self.pending
            .insert(id.to_owned(), Pending { summary, findings });
        let early = self.early_proofs.remove(id)?;
        self.proofs_arrived(id, early)
    }

    /// Both of a precinct's files are in: its findings join the report and its outcome is known.
    fn complete_precinct(
        &mut self,
        id: &str,
        summary: Option<PrecinctSummary>,
        mut findings: Findings,
        proofs: Findings,
    ) -> PrecinctOutcome {
        findings.merge(proofs);
        let failed = findings
            .results(&CheckId::ALL)
            .into_iter()
            .filter(|r| r.status == Status::Failed)
            .map(|r| r.id)
            .collect();
        self.progress.precincts_done += 1;
        self.progress.ballots_verified += findings.passed(CheckId::BallotProofs);
        let outcome = PrecinctOutcome {
            precinct: id.to_owned(),
            cast: summary.as_ref().map_or(0, |s| s.cast),
            challenged: summary.as_ref().map_or(0, |s| s.challenged),
            counts: summary.as_ref().and_then(|s| s.counts.clone()),
            failed,
        };
        self.findings.merge(findings);
        match (&self.ctx, summary, &mut self.plan) {
            (Some(ctx), Some(mut summary), Plan::Audit(a)) => {
                summary.decoded = Vec::new();
                a.add_precinct(ctx, id, summary, &mut self.findings)
            }
            (_, _, Plan::Audit(a)) => a.mark_done(id),
            _ => {}
        }
        outcome
    }

    /// Runs the checks that need everything and returns the verification.
    pub fn finish(mut self) -> Verification {
        self.advance(true);
        if let (Some(ctx), Plan::Audit(a)) = (&self.ctx, &mut self.plan) {
            a.finish(ctx, self.totals.as_deref(), &mut self.findings);
        }
        if !self.witnessed {
            self.check_witnesses();
        }
        let statements = self.statements();
        let scope = self.job.scope();
        let ctx = self.ctx.take();
        let totals = self.totals.take();
        let mut verified_totals = None;
        let mut voter = None;
        if let Some(ctx) = &ctx {
            let totals = totals.as_deref();
            if let Plan::Voter(v) = &mut self.plan {
                voter = Some(v.finish(ctx));
            }
            // Only a full audit backs every row; a voter's check backs its own precinct's.
            if matches!(self.plan, Plan::Audit(_)) {
                verified_totals = totals.and_then(|t| {
                    super::parse::parse::<Sealed>(TOTALS_PATH, t, limits::TOTALS).ok()
                });
            }
        } else if !matches!(self.plan, Plan::Election) {
            voter = matches!(self.plan, Plan::Voter(_)).then_some(VoterOutcome::Failed);
        }
        self.findings.stop_here(&scope);
        let report = Report {
            scope: match self.job {
                Job::Audit => Scope::Audit,
                _ => Scope::Voter,
            },
            election: ctx.as_ref().map(ElectionContext::summary),
            checks: self.findings.results(&scope),
            ballots_verified: self.progress.ballots_verified,
            precincts_verified: self.progress.precincts_done,
            witness_quorum: self.witness_quorum,
        };
        let voter = voter.map(|v| v.confirmed_by(&report));
        // Totals are handed out only when every check of the audit passed: then the file was
        // opened, its seal verified and every row compared with a verified tally.
        let totals = verified_totals
            .filter(|_| report.all_passed())
            .and_then(|s| TotalsFile::deserialize(s.body).ok());
        Verification {
            voter,
            checkpoint: ctx.as_ref().map(|c| c.checkpoint.note.to_text()),
            manifest: ctx.map(|c| c.manifest),
            totals,
            unreachable: self.unreachable,
            statements,
            report,
        }
    }
}

/// Runs `job` to the end, reading each file with `read`, one at a time.
pub fn verify_with(
    job: Job,
    mut read: impl FnMut(&str) -> Result<Vec<u8>, FetchProblem>,
) -> Verification {
    Driver::new(job).run(
        |driver, units| {
            units
                .iter()
                .flat_map(|unit| driver.prepare_unit(unit, &mut read))
                .collect()
        },
        |_| {},
    )
}
