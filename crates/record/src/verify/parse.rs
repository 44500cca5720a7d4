//! Bounded JSON parsing that turns every problem into a V-00 failure.

use serde::de::DeserializeOwned;

use crate::report::{CheckId, Failure, Findings};

/// Parses `bytes` as `T`, refusing files over `limit` bytes.
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

pub fn parse<T: DeserializeOwned>(file: &str, bytes: &[u8], limit: usize) -> Result<T, Failure> {
    if bytes.len() > limit {
        return Err(Failure::in_file(
            file,
            format!(
                "the file is {} bytes, more than the {} bytes a record file may have",
                bytes.len(),
                limit
            ),
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Eof => "the file is cut short",
            serde_json::error::Category::Syntax => "the file is not valid JSON",
            serde_json::error::Category::Data => "the file does not have the expected contents",
            serde_json::error::Category::Io => "the file could not be read",
        };
        Failure::in_file(
            file,
            format!("{what} (line {}, column {}): {e}", e.line(), e.column()),
        )
    })
}
