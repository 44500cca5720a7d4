//! Messages between the page and the verification worker (JSON strings over postMessage).

use castcheck_record::caucus::audit::ResultsAudit;
use castcheck_record::caucus::TableError;
use castcheck_record::witness::WitnessPolicy;
use castcheck_record::{ArchiveError, Driver, Job, PrecinctOutcome, Progress, Verification};
use serde::{Deserialize, Serialize};

/// The Cache Storage cache a kiosk's preloaded record is kept in; `public/sw.js` serves it.
pub const RECORD_CACHE: &str = "castcheck-record";

/// From the page: the verifier's trust settings for a record task.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Trust {
    /// The witnesses the app's list of elections names, and their quorum, by election
    /// fingerprint (hex).
    pub policies: Vec<(String, WitnessPolicy)>,
    /// Checkpoints this device verified before (none in kiosk mode).
    pub remembered: Vec<String>,
}

impl Trust {
    /// `driver` under these settings.
    pub fn apply(&self, mut driver: Driver) -> Driver {
        for (fingerprint, policy) in &self.policies {
            // A listed election whose fingerprint does not parse has no policy to apply.
            if let Some(fp) =
                castcheck_record::digest::Digest::from_hex(&fingerprint.to_ascii_lowercase())
            {
                driver = driver.with_policy_for(fp, policy.clone());
            }
        }
        for checkpoint in &self.remembered {
            driver = driver.remembering(checkpoint);
        }
        driver
    }
}

/// From the page: a task and the trust settings to run it under.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// What to do.
    pub task: Task,
    /// Whom to trust.
    pub trust: Trust,
}

/// From the page: what to verify.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "kebab-case")]
pub enum Task {
    /// The election itself (manifest, trustees, signed heads), for the banner.
    Election { base: String },
    /// The whole record.
    Audit { base: String },
    /// The whole record, audited and stored in this device's Cache Storage, so that a kiosk
    /// checks receipts without a network (the service worker serves the stored files).
    Preload { base: String },
    /// The whole record, from a `.tar` or `.zip` archive sent with the task (read on this
    /// device; nothing is fetched).
    AuditArchive { name: String },
    /// A published results table against the precinct delegates table.
    Tables { results: String, delegates: String },
    /// Which of these elections' authorities (fingerprint and key, hex) signed this checkpoint
    /// note: the signature check runs here, so the page links no curve arithmetic.
    SignedBy {
        note: String,
        elections: Vec<(String, String)>,
    },
    /// From an audit's coordinator to a helper: the record at `base`, with the manifest and
    /// checkpoint the coordinator fetched.
    Help {
        base: String,
        manifest: String,
        checkpoint: String,
    },
    /// From an audit's coordinator to a helper: check these files (a precinct and its proofs);
    /// the answer carries the same `request` number.
    Prepare {
        request: u64,
        unit: castcheck_record::WorkUnit,
    },
}

impl Task {
    /// The record at `base`, and the core's job, for the tasks that verify a record.
    pub fn record_job(&self) -> Option<(&str, Job)> {
        match self {
            Task::Election { base } => Some((base, Job::Election)),
            Task::Audit { base } | Task::Preload { base } => Some((base, Job::Audit)),
            Task::AuditArchive { .. }
            | Task::Tables { .. }
            | Task::SignedBy { .. }
            | Task::Help { .. }
            | Task::Prepare { .. } => None,
        }
    }
}

/// From the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum WorkerMessage {
    /// The worker's wasm is loaded and listening.
    Ready,
    /// A precinct file was checked.
    Progress {
        progress: Progress,
        row: Option<PrecinctOutcome>,
    },
    /// The verification ended.
    Verified { verification: Box<Verification> },
    /// The task cannot be done (a receipt code that does not parse).
    Refused,
    /// The record archive could not be read.
    ArchiveUnreadable { error: ArchiveError },
    /// The results-table audit, or why the tables could not be read.
    TablesDone {
        audit: Box<Result<ResultsAudit, TableError>>,
    },
    /// The position in the task's list of the election whose authority signed the note, if any.
    SignedBy { election: Option<usize> },
    /// From a helper: what it prepared of the files of `request` (`None`: it could not).
    Prepared {
        request: u64,
        prepared: Option<Vec<castcheck_record::Prepared>>,
    },
}
