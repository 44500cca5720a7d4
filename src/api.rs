//! All network I/O: fetching record files from the record's base URL.
//!
//! Only file paths of the record are ever requested, never a receipt code. Every download is
//! bounded: in size while it streams (after the browser's decompression, so a compression bomb
//! stops at the limit too), in time, and to the address asked for (no redirects).

use castcheck_record::FetchProblem;
use futures::future::{select, Either};
use gloo_net::http::Request;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCache, RequestRedirect, ResponseType,
};

/// How long one file may take to arrive, in seconds; then the fetch is aborted.
pub const FETCH_SECONDS: u64 = 30;

/// Fetches `base + path`, refusing more than `limit` bytes.
pub async fn fetch(base: &str, path: &str, limit: usize) -> Result<Vec<u8>, FetchProblem> {
    let url = format!("{base}{path}");
    let controller = AbortController::new().map_err(js_problem)?;
    let download = std::pin::pin!(download(&url, &controller, limit));
    let deadline = std::pin::pin!(sleep(FETCH_SECONDS * 1000));
    match select(download, deadline).await {
        Either::Left((result, _)) => result,
        // The deadline aborts the request and any read still waiting on the body.
        Either::Right(((), _)) => {
            controller.abort();
            Err(FetchProblem::TimedOut {
                seconds: FETCH_SECONDS,
            })
        }
    }
}

async fn download(
    url: &str,
    controller: &AbortController,
    limit: usize,
) -> Result<Vec<u8>, FetchProblem> {
    let response = Request::get(url)
        .redirect(RequestRedirect::Manual)
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&controller.signal()))
        .send()
        .await
        .map_err(|e| FetchProblem::Unreachable {
            detail: e.to_string(),
        })?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(FetchProblem::Redirected);
    }
    match response.status() {
        404 => return Err(FetchProblem::NotFound),
        200..=299 => {}
        status => return Err(FetchProblem::Status { status }),
    }
    let too_large = FetchProblem::TooLarge {
        limit: limit as u64,
    };
    // Refuse before downloading what the file cannot be; then count what actually arrives (the
    // limit is on decoded bytes: with `Content-Encoding` the header counts encoded ones).
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|l| l.parse::<u64>().ok());
    if announced.is_some_and(|len| len > encoded_bound(limit)) {
        return Err(too_large);
    }
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(js_problem)?;
        let done = Reflect::get(&chunk, &"done".into())
            .map_err(js_problem)?
            .as_bool()
            .unwrap_or(true);
        if done {
            return Ok(bytes);
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .map_err(js_problem)?
            .dyn_into()
            .map_err(js_problem)?;
        if bytes.len() + value.length() as usize > limit {
            let _ = reader.cancel();
            return Err(too_large);
        }
        bytes.extend(value.to_vec());
    }
}

/// The most bytes any content encoding (gzip, deflate, br, zstd) takes for `limit` decoded
/// bytes: incompressible data grows by a few bytes a block (gzip's stored blocks add 5 bytes per
/// 65,535) and a header; this bound leaves room for all of them.
fn encoded_bound(limit: usize) -> u64 {
    limit as u64 + limit as u64 / 1024 + 1024
}

/// Resolves after `ms` milliseconds, on a page or in a worker.
pub async fn sleep(ms: u64) {
    gloo_timers::future::TimeoutFuture::new(ms.min(u64::from(u32::MAX)) as u32).await;
}

/// A failure the browser reports, kept in its own (technical, untranslated) words.
fn js_problem(e: JsValue) -> FetchProblem {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused the request".into());
    FetchProblem::Unreachable { detail }
}

/// Fetches a text file (a results table) from a full URL.
pub async fn fetch_text(url: &str, limit: usize) -> Result<String, FetchProblem> {
    let bytes = fetch(url, "", limit).await?;
    String::from_utf8(bytes).map_err(|_| FetchProblem::Unreachable {
        detail: "not UTF-8 text".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::encoded_bound;

    /// A tile is 8,192 random bytes; gzip at its best still makes them about 8,215.
    #[test]
    fn a_gzipped_file_at_its_limit_is_not_refused_for_its_header() {
        assert!(encoded_bound(8192) >= 8192 + 5 + 18 + 8);
        assert!(encoded_bound(4 << 20) >= (4 << 20) + 5 * ((4 << 20) / 65535 + 1) + 18);
        // The header still stops what no encoding of the limit could be.
        assert!(encoded_bound(8192) < 2 * 8192);
        assert!(encoded_bound(4 << 20) < (4 << 20) + (4 << 20) / 100);
    }
}
