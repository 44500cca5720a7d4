//! Messages between the page and the verification worker (and between an audit's coordinator and
//! its helpers).

use castcheck_record::caucus::audit::ResultsAudit;
use castcheck_record::caucus::TableError;
use castcheck_record::digest::Digest;
use castcheck_record::witness::WitnessPolicy;
use castcheck_record::{
    ArchiveError, Driver, ElectionContext, PrecinctOutcome, Prepared, Progress, TrustList,
    Verification, WorkUnit,
};
use serde::{Deserialize, Serialize};

/// The Cache Storage cache a kiosk's preloaded record is kept in; `public/sw.js` serves it.
pub const RECORD_CACHE: &str = "castcheck-record";

/// From the page: the verifier's trust settings for a record task.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Trust {
    /// The witnesses the app's list of elections names, and their quorum, by election
    /// fingerprint.
    pub policies: Vec<(Digest, WitnessPolicy)>,
    /// Checkpoints this device verified before (none in kiosk mode).
    pub remembered: Vec<String>,
}

impl Trust {
    /// `driver` under these settings.
    pub fn apply(&self, mut driver: Driver) -> Driver {
        for (fingerprint, policy) in &self.policies {
            driver = driver.with_policy_for(*fingerprint, policy.clone());
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
    /// Which election of the list signed this checkpoint note (as a checkpoint of its own board):
    /// the signature check runs here, so the page links no curve arithmetic.
    SignedBy { note: String, known: TrustList },
    /// From an audit's coordinator to a helper: the record at `base`, and the election the
    /// coordinator verified (the helper does not check it again).
    Help {
        base: String,
        election: Box<ElectionContext>,
    },
    /// From an audit's coordinator to a helper: check these files (a precinct and its proofs);
    /// the answer carries the same `request` number.
    Prepare { request: u64, unit: WorkUnit },
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
    /// The position in the task's list of the election that signed the note, if any.
    SignedBy { election: Option<usize> },
    /// From a helper: what it prepared of the files of `request` (`None`: it could not).
    Prepared {
        request: u64,
        prepared: Option<Vec<Prepared>>,
    },
}
