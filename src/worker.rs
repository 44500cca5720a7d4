//! The worker's side: fetch what the core's driver asks for, feed it, report progress.

use castcheck_record::caucus::audit::audit_results_table;
use castcheck_record::files::size_limit;
use castcheck_record::{
    read_archive, ArchiveError, Driver, FetchProblem, Job, PrecinctOutcome, RecordFiles,
};
use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::api;
use crate::worker_protocol::{Request, Task, Trust, WorkerMessage, RECORD_CACHE};

/// Record files fetched at once.
const PARALLEL_FETCHES: usize = 6;

pub(crate) fn post<M: serde::Serialize>(scope: &DedicatedWorkerGlobalScope, message: &M) {
    if let Ok(text) = serde_json::to_string(message) {
        let _ = scope.post_message(&JsValue::from_str(&text));
    }
}

/// Where the record's files come from.
pub(crate) enum Source<'a> {
    /// Fetched from the record's base URL.
    Url(&'a str),
    /// Fetched from the record's base URL and stored in the record cache.
    Preload(&'a str, web_sys::Cache),
    /// Read from an archive on this device.
    Files(&'a RecordFiles),
}

impl Source<'_> {
    pub(crate) async fn get(&self, path: &str) -> Result<Vec<u8>, FetchProblem> {
        match self {
            Source::Url(base) => api::fetch(base, path, size_limit(path)).await,
            Source::Preload(base, cache) => {
                let mut bytes = api::fetch(base, path, size_limit(path)).await?;
                let stored = web_sys::Response::new_with_opt_u8_array(Some(&mut bytes))
                    .map(|r| cache.put_with_str(&format!("{base}{path}"), &r));
                if let Ok(done) = stored {
                    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
                }
                Ok(bytes)
            }
            Source::Files(files) => files.get(path).cloned().ok_or(FetchProblem::NotFound),
        }
    }
}

/// The record cache, opened (and so created) for a preload.
async fn record_cache(scope: &DedicatedWorkerGlobalScope) -> Option<web_sys::Cache> {
    let storage = scope.caches().ok()?;
    let cache = wasm_bindgen_futures::JsFuture::from(storage.open(RECORD_CACHE))
        .await
        .ok()?;
    cache.dyn_into().ok()
}

/// The bytes of a file or blob the page sent.
async fn blob_bytes(blob: &web_sys::Blob) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A record file fetched, with its path.
pub(crate) type Fetched = (String, Result<Vec<u8>, FetchProblem>);

/// Fetches `path` from `source`.
pub(crate) async fn fetch(source: &Source<'_>, path: String) -> Fetched {
    let fetched = source.get(&path).await;
    (path, fetched)
}

/// Fetches `paths` from `source` at once.
pub(crate) async fn fetch_all(source: &Source<'_>, paths: Vec<String>) -> Vec<Fetched> {
    futures::future::join_all(paths.into_iter().map(|path| fetch(source, path))).await
}

/// Runs `driver` to the end against `source`: fetches what it asks for, several files at once,
/// and feeds them, starting with `fetched` (files it asked for that were fetched already).
/// `after` sees the driver after every file, with the precinct's outcome when a precinct was
/// completed.
pub(crate) async fn drive(
    source: &Source<'_>,
    driver: &mut Driver,
    fetched: Vec<Fetched>,
    mut after: impl FnMut(&Driver, Option<PrecinctOutcome>),
) {
    let mut queue: Vec<String> = Vec::new();
    let mut in_flight = FuturesUnordered::new();
    let mut done = VecDeque::from(fetched);
    loop {
        queue.extend(driver.next_fetches());
        start_fetches(source, &mut queue, &mut in_flight);
        let next = match done.pop_front() {
            Some(next) => Some(next),
            None => in_flight.next().await,
        };
        let Some((path, fetched)) = next else {
            break;
        };
        if fetched.is_ok() {
            // What waits only for this file's arrival is sent before the file is checked: polling
            // once starts the requests (a file already there is kept for its turn).
            driver.arrived(&path);
            queue.extend(driver.next_fetches());
            start_fetches(source, &mut queue, &mut in_flight);
            while let Some(Some(ready)) = in_flight.next().now_or_never() {
                done.push_back(ready);
            }
        }
        let row = driver.feed(&path, fetched);
        after(driver, row);
    }
}

/// A record file on its way, with its path.
type Fetching<'a> = LocalBoxFuture<'a, Fetched>;

/// Moves paths from `queue` into `in_flight`, at most [`PARALLEL_FETCHES`] at a time.
fn start_fetches<'a>(
    source: &'a Source<'_>,
    queue: &mut Vec<String>,
    in_flight: &mut FuturesUnordered<Fetching<'a>>,
) {
    while in_flight.len() < PARALLEL_FETCHES && !queue.is_empty() {
        in_flight.push(Box::pin(fetch(source, queue.remove(0))));
    }
}

/// Runs `job` against the record from `source`, posting progress after each precinct. A full
/// audit of a record fetched from its address checks precincts on every core (see `pool`).
async fn verify(scope: &DedicatedWorkerGlobalScope, source: Source<'_>, job: Job, trust: &Trust) {
    let mut driver = trust.apply(Driver::new(job.clone()));
    let progress = |driver: &Driver, row: Option<PrecinctOutcome>| {
        if let Some(row) = row {
            let progress = driver.progress();
            post(
                scope,
                &WorkerMessage::Progress {
                    progress,
                    row: Some(row),
                },
            );
        }
    };
    match (&source, job) {
        (Source::Url(base), Job::Audit) => {
            crate::pool::drive_pooled(base, &mut driver, progress).await;
        }
        _ => drive(&source, &mut driver, Vec::new(), progress).await,
    }
    let verification = Box::new(driver.finish());
    post(scope, &WorkerMessage::Verified { verification });
}

async fn run(
    scope: DedicatedWorkerGlobalScope,
    request: Request,
    attachment: Option<web_sys::Blob>,
) {
    let Request { task, trust } = request;
    if let Task::Tables { results, delegates } = &task {
        let audit = audit_results_table(results, delegates);
        return post(
            &scope,
            &WorkerMessage::TablesDone {
                audit: Box::new(audit),
            },
        );
    }
    if let Task::SignedBy { note, elections } = &task {
        let election = elections
            .iter()
            .position(|(fingerprint, key)| signed_by(note, fingerprint, key));
        return post(&scope, &WorkerMessage::SignedBy { election });
    }
    if let Task::AuditArchive { .. } = &task {
        let Some(bytes) = attachment.as_ref().map(blob_bytes) else {
            return post(&scope, &WorkerMessage::Refused);
        };
        let files = match bytes
            .await
            .ok_or(ArchiveError::Truncated)
            .and_then(|b| read_archive(&b))
        {
            Ok(files) => files,
            Err(error) => return post(&scope, &WorkerMessage::ArchiveUnreadable { error }),
        };
        return verify(&scope, Source::Files(&files), Job::Audit, &trust).await;
    }
    if let Task::Help {
        base,
        manifest,
        checkpoint,
    } = task
    {
        return crate::pool::help(base, manifest, checkpoint);
    }
    if let Task::Prepare { request, unit } = task {
        let prepared = crate::pool::prepare(unit).await;
        return post(&scope, &WorkerMessage::Prepared { request, prepared });
    }
    if let Task::Preload { base } = &task {
        let cache = match record_cache(&scope).await {
            Some(cache) => cache,
            None => return post(&scope, &WorkerMessage::Refused),
        };
        return verify(&scope, Source::Preload(base, cache), Job::Audit, &trust).await;
    }
    match task.record_job() {
        Some((base, job)) => verify(&scope, Source::Url(base), job, &trust).await,
        None => post(&scope, &WorkerMessage::Refused),
    }
}

/// Whether `note` is a checkpoint signed by the authority of the election with this fingerprint
/// and key (hex), under the key named by that election's origin.
fn signed_by(note: &str, fingerprint: &str, key: &str) -> bool {
    use castcheck_record::board::{authority_note_key, parse_verifying_key};
    let (Some(fp), Some(key)) = (
        castcheck_record::digest::Digest::from_hex(&fingerprint.to_ascii_lowercase()),
        parse_verifying_key(&key.to_ascii_lowercase()),
    ) else {
        return false;
    };
    castcheck_record::note::Note::parse(note.as_bytes())
        .is_ok_and(|n| n.verify(&authority_note_key(&fp, &key)).is_ok())
}

/// Answers the page's tasks, one per worker.
pub fn listen() {
    serve(run, &WorkerMessage::Ready);
}

/// A worker's message loop: each message from the page is a request (its JSON, alone or with a
/// file beside it) that `run` answers; `ready` tells the page the worker is listening.
pub(crate) fn serve<R, F>(
    run: impl Fn(DedicatedWorkerGlobalScope, R, Option<web_sys::Blob>) -> F + 'static,
    ready: &impl serde::Serialize,
) where
    R: serde::de::DeserializeOwned,
    F: std::future::Future<Output = ()> + 'static,
{
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_messages = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        let (text, attachment) = match data.dyn_ref::<js_sys::Array>() {
            Some(parts) => (parts.get(0), parts.get(1).dyn_into::<web_sys::Blob>().ok()),
            None => (data, None),
        };
        let request = text
            .as_string()
            .and_then(|s| serde_json::from_str::<R>(&s).ok());
        if let Some(request) = request {
            wasm_bindgen_futures::spawn_local(run(for_messages.clone(), request, attachment));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, ready);
}
