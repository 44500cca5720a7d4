//! Bounded JSON parsing that turns every problem into a V-00 failure.

use serde::de::DeserializeOwned;

use crate::reason::Reason;
use crate::report::{CheckId, Failure, Findings};

/// Parses `bytes` as `T`, recording a V-00 pass or failure for `file`.
pub fn parse_file<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    limit: usize,
    findings: &mut Findings,
) -> Option<T> {
    match parse(file, bytes, limit) {
        Ok(v) => {
            findings.pass(CheckId::Files, 1);
            Some(v)
        }
        Err(f) => {
            findings.fail(CheckId::Files, f);
            None
        }
    }
}

/// Parses `bytes` as `T`, refusing files over `limit` bytes.
// A `Failure` is made at most once per file and recorded as it is; boxing it would only move it.
#[allow(clippy::result_large_err)]
pub fn parse<T: DeserializeOwned>(file: &str, bytes: &[u8], limit: usize) -> Result<T, Failure> {
    if bytes.len() > limit {
        return Err(Failure::in_file(
            file,
            Reason::FileTooLarge {
                size: bytes.len() as u64,
                limit: limit as u64,
            },
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let (line, column) = (e.line() as u64, e.column() as u64);
        let reason = match e.classify() {
            serde_json::error::Category::Eof => Reason::Truncated { line, column },
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                Reason::NotJson { line, column }
            }
            serde_json::error::Category::Data => Reason::UnexpectedContents {
                line,
                column,
                detail: e.to_string(),
            },
        };
        Failure::in_file(file, reason)
    })
}
