//! Messages between the page and the audit worker (JSON strings over postMessage).

use castcheck_record::caucus::audit::ResultsAudit;
use castcheck_record::caucus::TableError;
use castcheck_record::report::Report;
use serde::{Deserialize, Serialize};

/// From the page: what to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "kebab-case")]
pub enum Job {
    /// Audit the record at `base`.
    Audit { base: String },
    /// Audit a published results table against the precinct delegates table.
    Tables { results: String, delegates: String },
}

/// From the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum WorkerMessage {
    /// The worker's wasm is loaded and listening.
    Ready,
    Progress {
        precincts_done: u64,
        precincts_total: u64,
        ballots_done: u64,
        /// The precinct just finished.
        row: Option<PrecinctRow>,
    },
    Done {
        report: Box<Report>,
    },
    /// The audit could not start (for example, the manifest is unreachable).
    Error {
        url: String,
        reason: String,
    },
    /// The results-table audit, or why the tables could not be read.
    TablesDone {
        audit: Box<Result<ResultsAudit, TableError>>,
    },
}

/// One precinct's outcome, for the page's per-precinct table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecinctRow {
    pub precinct: String,
    /// Board entries in the precinct file (cast and challenged).
    pub ballots: u64,
    /// Decrypted counts per contest, when the tally's decryption verified.
    pub counts: Option<Vec<Vec<u64>>>,
    /// Ids of the checks that failed for this precinct.
    pub failed: Vec<String>,
}
