//! All network I/O: fetching record files from the record's base URL.
//!
//! Only file paths of the record are ever requested, never a receipt code.

use castcheck_record::FetchProblem;
use gloo_net::http::Request;

/// The largest record file of any kind (precinct files) that is worth downloading; the core
/// checks each kind's own limit.
const MAX_FILE: u64 = castcheck_record::files::limits::PRECINCT as u64;

/// Fetches `base + path`.
pub async fn fetch(base: &str, path: &str) -> Result<Vec<u8>, FetchProblem> {
    let url = format!("{base}{path}");
    let unreachable = |detail: String| FetchProblem::Unreachable { detail };
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    match response.status() {
        404 => return Err(FetchProblem::NotFound),
        200..=299 => {}
        status => return Err(FetchProblem::Status { status }),
    }
    let too_large = FetchProblem::TooLarge { limit: MAX_FILE };
    // Refuse before downloading what no record file may be.
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|l| l.parse::<u64>().ok());
    if announced.is_some_and(|len| len > MAX_FILE) {
        return Err(too_large);
    }
    let bytes = response
        .binary()
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_large);
    }
    Ok(bytes)
}

/// Fetches a text file (a results table) from a full URL.
pub async fn fetch_text(url: &str) -> Result<String, FetchProblem> {
    let bytes = fetch(url, "").await?;
    String::from_utf8(bytes).map_err(|_| FetchProblem::Unreachable {
        detail: "not UTF-8 text".into(),
    })
}
