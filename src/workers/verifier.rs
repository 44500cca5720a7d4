//! The verification worker: audits (of a record's address, an archive on this device, or a
//! kiosk's preload), the banner's check in the whole app, the results-table audit, and an
//! audit's helpers. Every verification runs through the runtime's one drive loop.

use castcheck_record::caucus::audit::audit_results_table;
use castcheck_record::{read_archive, ArchiveError, Driver, Job, PrecinctOutcome};
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

use crate::protocol::worker::{Request, Task, Trust, WorkerMessage, RECORD_CACHE};
use crate::runtime::drive::drive;
use crate::runtime::pool::{self, Pool};
use crate::runtime::serve::{post, serve};
use crate::runtime::source::Source;

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

/// Runs `job` against the record from `source`, posting progress after each precinct. A full
/// audit of a record fetched from its address shares its precincts with helper workers.
async fn verify(scope: &DedicatedWorkerGlobalScope, source: Source<'_>, job: Job, trust: &Trust) {
    let pool = match (&source, &job) {
        (Source::Url(base), Job::Audit) => Some(Pool::new(base)),
        _ => None,
    };
    let mut driver = trust.apply(Driver::new(job));
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
    drive(&source, &mut driver, Vec::new(), pool, progress).await;
    let verification = Box::new(driver.finish());
    post(scope, &WorkerMessage::Verified { verification });
}

async fn run(
    scope: DedicatedWorkerGlobalScope,
    request: Request,
    attachment: Option<web_sys::Blob>,
) {
    let Request { task, trust } = request;
    match task {
        Task::Tables { results, delegates } => {
            let audit = Box::new(audit_results_table(&results, &delegates));
            post(&scope, &WorkerMessage::TablesDone { audit })
        }
        Task::AuditArchive { .. } => {
            let Some(bytes) = attachment.as_ref().map(blob_bytes) else {
                return post(&scope, &WorkerMessage::Refused);
            };
            let files = bytes
                .await
                .ok_or(ArchiveError::Truncated)
                .and_then(|b| read_archive(&b));
            match files {
                Ok(files) => verify(&scope, Source::Files(&files), Job::Audit, &trust).await,
                Err(error) => post(&scope, &WorkerMessage::ArchiveUnreadable { error }),
            }
        }
        Task::SignedBy { note, known } => {
            let note = castcheck_record::note::Note::parse(note.as_bytes());
            let election = note.ok().and_then(|n| known.signer_of_checkpoint(&n));
            post(&scope, &WorkerMessage::SignedBy { election })
        }
        Task::Help { base, election } => pool::help(base, *election),
        Task::Prepare { request, unit } => {
            let prepared = pool::prepare(unit).await;
            post(&scope, &WorkerMessage::Prepared { request, prepared })
        }
        Task::Preload { base } => match record_cache(&scope).await {
            Some(cache) => verify(&scope, Source::Preload(&base, cache), Job::Audit, &trust).await,
            None => post(&scope, &WorkerMessage::Refused),
        },
        Task::Election { base } => verify(&scope, Source::Url(&base), Job::Election, &trust).await,
        Task::Audit { base } => verify(&scope, Source::Url(&base), Job::Audit, &trust).await,
    }
}

/// Answers the page's tasks, one per worker.
pub fn listen() {
    serve(run, &WorkerMessage::Ready);
}
