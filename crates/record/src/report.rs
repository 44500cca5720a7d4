//! Verification reports: every check id with its status, reasons and offending items.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::reason::Reason;

/// The checks of a v1 record. Ids are stable: code, CLI, web app and spec share them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CheckId {
    /// Files present, within size limits and well-formed.
    #[serde(rename = "V-00")]
    Files,
    /// The manifest.
    #[serde(rename = "V-01")]
    Manifest,
    /// The trustees' keys.
    #[serde(rename = "V-02")]
    Trustees,
    /// The signed checkpoint.
    #[serde(rename = "V-03")]
    Checkpoint,
    /// Witnesses and memory of earlier checkpoints.
    #[serde(rename = "V-04")]
    Witnesses,
    /// The board root.
    #[serde(rename = "V-05")]
    BoardRoot,
    /// Inclusion in the board.
    #[serde(rename = "V-06")]
    Inclusion,
    /// Ballots' proofs.
    #[serde(rename = "V-07")]
    BallotProofs,
    /// Trackers.
    #[serde(rename = "V-08")]
    Trackers,
    /// Placement.
    #[serde(rename = "V-09")]
    Placement,
    /// The encrypted tally.
    #[serde(rename = "V-10")]
    EncryptedTally,
    /// Decryption proofs.
    #[serde(rename = "V-11")]
    DecryptionProofs,
    /// Counts.
    #[serde(rename = "V-12")]
    Counts,
    /// The roll-up.
    #[serde(rename = "V-13")]
    Rollup,
    /// Results under the rules.
    #[serde(rename = "V-14")]
    Results,
    /// Challenged ballots.
    #[serde(rename = "V-15")]
    Challenged,
    /// The lookup index.
    #[serde(rename = "V-16")]
    Index,
    /// Seals on the record files.
    #[serde(rename = "V-17")]
    Seals,
}

impl CheckId {
    /// Every check, in id order.
    pub const ALL: [CheckId; 18] = [
        Self::Files,
        Self::Manifest,
        Self::Trustees,
        Self::Checkpoint,
        Self::Witnesses,
        Self::BoardRoot,
        Self::Inclusion,
        Self::BallotProofs,
        Self::Trackers,
        Self::Placement,
        Self::EncryptedTally,
        Self::DecryptionProofs,
        Self::Counts,
        Self::Rollup,
        Self::Results,
        Self::Challenged,
        Self::Index,
        Self::Seals,
    ];

    /// `"V-07"` and so on.
    pub fn code(self) -> &'static str {
        match self {
            Self::Files => "V-00",
            Self::Manifest => "V-01",
            Self::Trustees => "V-02",
            Self::Checkpoint => "V-03",
            Self::Witnesses => "V-04",
            Self::BoardRoot => "V-05",
            Self::Inclusion => "V-06",
            Self::BallotProofs => "V-07",
            Self::Trackers => "V-08",
            Self::Placement => "V-09",
            Self::EncryptedTally => "V-10",
            Self::DecryptionProofs => "V-11",
            Self::Counts => "V-12",
            Self::Rollup => "V-13",
            Self::Results => "V-14",
            Self::Challenged => "V-15",
            Self::Index => "V-16",
            Self::Seals => "V-17",
        }
    }

    /// The check with code `code` (`"V-07"`), if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// One line in plain English: what passing this check means (other languages: the app's i18n).
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Files => "the record's files are present, within size limits and well-formed",
            Self::Manifest => "the election manifest is complete and uses record format 2",
            Self::Trustees => "the trustees' keys are proven and combine into the election key",
            Self::Checkpoint => "the board's checkpoint is signed by the authority for this election and closes the board",
            Self::Witnesses => "trusted witnesses cosigned the checkpoint, and it extends every checkpoint this verifier saw before",
            Self::BoardRoot => "the checkpoint's root is the Merkle root of every published ballot",
            Self::Inclusion => "the published tiles prove the ballot is in the box under the checkpoint",
            Self::BallotProofs => "every ballot's proofs are valid",
            Self::Trackers => "no ballot appears twice: no tracker or encryption is repeated",
            Self::Placement => "every ballot is filed once, under its own precinct, at its board position",
            Self::EncryptedTally => "each precinct's encrypted tally is the sum of its cast ballots",
            Self::DecryptionProofs => "the trustees proved every decryption",
            Self::Counts => "the published counts are what the encrypted tallies decrypt to",
            Self::Rollup => "precinct counts add up to the county and election totals",
            Self::Results => "the results follow from the counts under the election's rules",
            Self::Challenged => "challenged ballots are opened correctly and not counted",
            Self::Index => "the lookup index points every receipt code to its ballot",
            Self::Seals => "every record file used is sealed by the authority for this election and its checkpoint",
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every item checked passed.
    Passed,
    /// At least one item failed.
    Failed,
    /// Not part of this kind of verification, or nothing to check (no challenged ballots).
    NotApplicable,
    /// Could not run because something it depends on failed.
    NotRun,
}

/// One offending item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The record file (path relative to the record) or part of the record concerned.
    pub file: String,
    /// The precinct concerned, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precinct: Option<String>,
    /// Board position of the ballot concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballot: Option<u64>,
    /// What is wrong.
    pub reason: Reason,
}

impl Failure {
    /// A failure of `file` for `reason`.
    pub fn in_file(file: impl Into<String>, reason: Reason) -> Self {
        Self {
            file: file.into(),
            precinct: None,
            ballot: None,
            reason,
        }
    }

    /// Names the precinct concerned.
    pub fn precinct(mut self, precinct: impl Into<String>) -> Self {
        self.precinct = Some(precinct.into());
        self
    }

    /// Names the board position of the ballot concerned.
    pub fn ballot(mut self, position: u64) -> Self {
        self.ballot = Some(position);
        self
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(p) = &self.precinct {
            write!(f, ", precinct {p}")?;
        }
        if let Some(b) = self.ballot {
            write!(f, ", ballot at position {b}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Failures kept per check; the rest are only counted, so memory stays bounded.
pub const MAX_LISTED_FAILURES: usize = 50;

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Which check.
    pub id: CheckId,
    /// How it went.
    pub status: Status,
    /// How many items were checked.
    pub checked: u64,
    /// How many of them failed.
    pub failed: u64,
    /// The first [`MAX_LISTED_FAILURES`] failures.
    pub failures: Vec<Failure>,
}

/// Findings collected while verifying; mergeable so precincts can be checked in parallel (on
/// other threads, or in other workers: they serialize).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    checks: BTreeMap<CheckId, Tally>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Tally {
    checked: u64,
    failed: u64,
    failures: Vec<Failure>,
    not_run: bool,
    /// The check ran, even if it found nothing to check.
    ran: bool,
}

impl Findings {
    /// Records `items` that passed; `0` records that the check ran and found nothing to check.
    pub fn pass(&mut self, id: CheckId, items: u64) {
        let t = self.checks.entry(id).or_default();
        t.checked += items;
        t.ran = true;
    }

    /// Records one failed item.
    pub fn fail(&mut self, id: CheckId, failure: Failure) {
        let t = self.checks.entry(id).or_default();
        t.checked += 1;
        t.failed += 1;
        t.ran = true;
        if t.failures.len() < MAX_LISTED_FAILURES {
            t.failures.push(failure);
        }
    }

    /// Marks a check that could not run (its inputs failed elsewhere).
    pub fn not_run(&mut self, id: CheckId) {
        self.checks.entry(id).or_default().not_run = true;
    }

    /// Marks every check in `scope` that recorded nothing as not run: used when verification
    /// stops early, so that no check reads as passed without having run.
    pub fn stop_here(&mut self, scope: &[CheckId]) {
        for &id in scope {
            let t = self.checks.entry(id).or_default();
            if !t.ran {
                t.not_run = true;
            }
        }
    }

    /// Items of check `id` that passed.
    pub fn passed(&self, id: CheckId) -> u64 {
        self.checks.get(&id).map_or(0, |t| t.checked - t.failed)
    }

    /// Items of check `id` that failed (all of them, listed or not).
    pub fn failed(&self, id: CheckId) -> u64 {
        self.checks.get(&id).map_or(0, |t| t.failed)
    }

    /// True when any check has failed items.
    pub fn any_failed(&self) -> bool {
        self.checks.values().any(|t| t.failed > 0)
    }

    /// The listed failures of check `id`.
    pub fn failures(&self, id: CheckId) -> impl Iterator<Item = &Failure> {
        self.checks.get(&id).into_iter().flat_map(|t| &t.failures)
    }

    /// True when check `id` was marked as not run.
    pub fn is_not_run(&self, id: CheckId) -> bool {
        self.checks.get(&id).is_some_and(|t| t.not_run)
    }

    /// True when check `id` has failed items.
    pub fn has_failures(&self, id: CheckId) -> bool {
        self.checks.get(&id).is_some_and(|t| t.failed > 0)
    }

    /// Adds `other`'s findings to these (for precincts checked apart).
    pub fn merge(&mut self, other: Findings) {
        for (id, t) in other.checks {
            let mine = self.checks.entry(id).or_default();
            mine.checked += t.checked;
            mine.failed += t.failed;
            mine.not_run |= t.not_run;
            mine.ran |= t.ran;
            let room = MAX_LISTED_FAILURES.saturating_sub(mine.failures.len());
            mine.failures.extend(t.failures.into_iter().take(room));
        }
    }

    /// The per-check results for the checks in `scope`; the others are not applicable.
    pub fn results(&self, scope: &[CheckId]) -> Vec<CheckResult> {
        CheckId::ALL
            .into_iter()
            .map(|id| {
                let t = self.checks.get(&id).cloned().unwrap_or_default();
                let status = if !scope.contains(&id) {
                    Status::NotApplicable
                } else if t.failed > 0 {
                    Status::Failed
                } else if t.not_run {
                    Status::NotRun
                } else if t.checked == 0 {
                    Status::NotApplicable
                } else {
                    Status::Passed
                };
                CheckResult {
                    id,
                    status,
                    checked: t.checked,
                    failed: t.failed,
                    failures: t.failures,
                }
            })
            .collect()
    }
}

/// What was verified, about which election, and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// A voter's check or a full audit.
    pub scope: Scope,
    /// The election verified, when its manifest and heads passed V-01 to V-04.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub election: Option<ElectionSummary>,
    /// Every check, in id order.
    pub checks: Vec<CheckResult>,
    /// Ballots whose proofs were verified.
    pub ballots_verified: u64,
    /// Precinct files checked.
    pub precincts_verified: u64,
    /// The quorum of trusted witnesses this verification asked for (V-04); `None`: no witness
    /// policy was given, so nothing shows that others see the same board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness_quorum: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
/// What kind of verification a report is of.
pub enum Scope {
    /// One voter's receipt.
    Voter,
    /// The whole record.
    Audit,
}

/// What people compare with their receipt and the party's announcements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionSummary {
    /// The manifest's election id.
    pub election_id: String,
    /// The election's title.
    pub title: String,
    /// The authority's name.
    pub authority: String,
    /// Hex SHA-256 of the manifest.
    pub fingerprint: String,
    /// Hex fingerprint of the authority's signing key.
    pub authority_key_fingerprint: String,
}

impl Report {
    /// True only when no check failed or was left unrun, and at least one passed.
    pub fn all_passed(&self) -> bool {
        self.checks
            .iter()
            .all(|c| matches!(c.status, Status::Passed | Status::NotApplicable))
            && self.checks.iter().any(|c| c.status == Status::Passed)
    }

    /// True when everything passed except that too few trusted witnesses cosigned the
    /// checkpoint: the record is consistent, but nobody independent vouches that others see the
    /// same board.
    pub fn passed_but_unwitnessed(&self) -> bool {
        self.checks.iter().all(|c| match c.status {
            Status::Passed | Status::NotApplicable => true,
            Status::Failed => c.id == CheckId::Witnesses && only_unwitnessed(c),
            Status::NotRun => false,
        }) && self.checks.iter().any(|c| c.status == Status::Passed)
    }

    /// True when V-04 found nothing wrong with the checkpoint but, at most, too few cosignatures:
    /// no split view, rollback or bad cosignature. Only such a checkpoint is worth remembering.
    pub fn checkpoint_consistent(&self) -> bool {
        self.check(CheckId::Witnesses)
            .is_some_and(|c| c.status != Status::Failed || only_unwitnessed(c))
    }

    /// The result of check `id`.
    pub fn check(&self, id: CheckId) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Ids of the failed checks.
    pub fn failed_checks(&self) -> Vec<CheckId> {
        self.checks
            .iter()
            .filter(|c| c.status == Status::Failed)
            .map(|c| c.id)
            .collect()
    }
}

/// Whether every failure of `check` (all of them listed) is too few cosignatures.
fn only_unwitnessed(check: &CheckResult) -> bool {
    check.failed == check.failures.len() as u64
        && check.failures.iter().all(|f| {
            matches!(
                f.reason,
                Reason::Witness {
                    problem: crate::witness::WitnessProblem::NotWitnessed { .. }
                }
            )
        })
}
