//! All network I/O: fetching record files from the record's base URL.
//!
//! Only file paths of the record are ever requested — never a receipt code. The index shard's
//! name carries the code's first symbol, shared by one code in 32.

use gloo_net::http::Request;

/// The largest record file of any kind (precinct files) that is worth downloading.
const MAX_FILE: u64 = castcheck_record::files::limits::PRECINCT as u64;

/// Why a file could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub url: String,
    pub reason: String,
}

/// Fetches `base + path`. A 404 is `Ok(None)`: the file does not exist.
pub async fn fetch_optional(base: &str, path: &str) -> Result<Option<Vec<u8>>, FetchError> {
    let url = format!("{base}{path}");
    let err = |reason: String| FetchError {
        url: url.clone(),
        reason,
    };
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|e| err(e.to_string()))?;
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        )));
    }
    // Refuse before downloading what no record file may be; the core checks each kind's limit.
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|l| l.parse::<u64>().ok());
    if announced.is_some_and(|len| len > MAX_FILE) {
        return Err(err(format!(
            "the file is larger than the {MAX_FILE} bytes a record file may have"
        )));
    }
    response
        .binary()
        .await
        .map(Some)
        .map_err(|e| err(e.to_string()))
}

/// Fetches a file that must exist.
pub async fn fetch(base: &str, path: &str) -> Result<Vec<u8>, FetchError> {
    fetch_optional(base, path).await?.ok_or_else(|| FetchError {
        url: format!("{base}{path}"),
        reason: "the file does not exist (404)".into(),
    })
}
