//! Bounded JSON parsing that turns every problem into a V-00 failure.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::election::ElectionContext;
use crate::canonical::canonical_json;
use crate::reason::Reason;
use crate::report::{CheckId, Failure, Findings};
use crate::seal::Sealed;

/// Parses `bytes` as `T`, recording a V-00 pass or failure for `file`.
pub fn parse_file<T: DeserializeOwned + Serialize>(
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
pub fn parse<T: DeserializeOwned + Serialize>(
    file: &str,
    bytes: &[u8],
    limit: usize,
) -> Result<T, Failure> {
    if bytes.len() > limit {
        return Err(Failure::in_file(
            file,
            Reason::FileTooLarge {
                size: bytes.len() as u64,
                limit: limit as u64,
            },
        ));
    }
    let parsed: T = serde_json::from_slice(bytes).map_err(|e| json_failure(file, &e))?;
    // Every byte counts: the file must be exactly the canonical JSON of what it parses to (so no
    // extra member, other spelling of a number or a hex digest, or white space can hide in it).
    match canonical_json(&parsed) {
        Ok(canonical) if canonical == bytes => Ok(parsed),
        _ => Err(Failure::in_file(file, Reason::NotCanonicalFile)),
    }
}

/// Opens a sealed file (V-00 for its encoding and contents, V-17 for its seal): `None` when it
/// is not usable, with the failure recorded.
pub fn open_sealed<T: DeserializeOwned + Serialize>(
    ctx: &ElectionContext,
    file: &str,
    bytes: &[u8],
    limit: usize,
    findings: &mut Findings,
) -> Option<T> {
    let sealed: Sealed = parse_file(file, bytes, limit, findings)?;
    match sealed.verify(&ctx.authority, &ctx.fingerprint, file, &ctx.checkpoint.tree) {
        Ok(()) => findings.pass(CheckId::Seals, 1),
        Err(error) => {
            findings.fail(
                CheckId::Seals,
                Failure::in_file(file, Reason::Seal { error }),
            );
            return None;
        }
    }
    // The body, too, must be exactly the canonical form of what it parses to.
    match T::deserialize(&sealed.body) {
        Ok(body) if canonical_json(&body).ok() == canonical_json(&sealed.body).ok() => Some(body),
        Ok(_) => {
            findings.fail(
                CheckId::Files,
                Failure::in_file(file, Reason::NotCanonicalFile),
            );
            None
        }
        Err(e) => {
            findings.fail(CheckId::Files, json_failure(file, &e));
            None
        }
    }
}

/// A parse error as a V-00 failure.
fn json_failure(file: &str, e: &serde_json::Error) -> Failure {
    {
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
    }
}
