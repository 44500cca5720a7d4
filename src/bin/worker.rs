//! The audit worker: runs the full audit off the page's thread and reports progress.

#[path = "../api.rs"]
mod api;
#[path = "../worker_protocol.rs"]
mod worker_protocol;

use castcheck_record::files::{precinct_path, HEADS_PATH, MANIFEST_PATH, TOTALS_PATH};
use castcheck_record::verify::Auditor;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use worker_protocol::{AuditJob, WorkerMessage};

fn post(scope: &DedicatedWorkerGlobalScope, message: &WorkerMessage) {
    if let Ok(text) = serde_json::to_string(message) {
        let _ = scope.post_message(&JsValue::from_str(&text));
    }
}

async fn audit(scope: DedicatedWorkerGlobalScope, job: AuditJob) {
    let base = job.base;
    let (manifest, heads) = match (
        api::fetch(&base, MANIFEST_PATH).await,
        api::fetch(&base, HEADS_PATH).await,
    ) {
        (Ok(m), Ok(h)) => (m, h),
        (Err(e), _) | (_, Err(e)) => {
            return post(
                &scope,
                &WorkerMessage::Error {
                    url: e.url,
                    reason: e.reason,
                },
            )
        }
    };
    let mut auditor = Auditor::new(&manifest, &heads);
    let precincts = auditor.precinct_ids();
    let total = precincts.len() as u64;
    let mut ballots = 0u64;
    for (i, id) in precincts.iter().enumerate() {
        match api::fetch(&base, &precinct_path(id)).await {
            Ok(bytes) => {
                ballots += count_ballots(&bytes);
                auditor.add_precinct(id, &bytes);
            }
            Err(e) => auditor.missing_precinct(id, &format!("{}: {}", e.url, e.reason)),
        }
        post(
            &scope,
            &WorkerMessage::Progress {
                precincts_done: i as u64 + 1,
                precincts_total: total,
                ballots_done: ballots,
            },
        );
    }
    for path in auditor.index_paths() {
        match api::fetch(&base, &path).await {
            Ok(bytes) => auditor.add_index_shard(&path, &bytes),
            Err(e) => auditor.missing_file(&path, &e.reason),
        }
    }
    match api::fetch(&base, TOTALS_PATH).await {
        Ok(bytes) => auditor.set_totals(&bytes),
        Err(e) => auditor.missing_file(TOTALS_PATH, &e.reason),
    }
    post(
        &scope,
        &WorkerMessage::Done {
            report: Box::new(auditor.finish()),
        },
    );
}

/// A cheap count for the progress display (the audit itself counts what it verified).
fn count_ballots(bytes: &[u8]) -> u64 {
    bytes.windows(11).filter(|w| w == b"\"position\":").count() as u64
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_messages = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let job = e
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<AuditJob>(&s).ok());
        if let Some(job) = job {
            wasm_bindgen_futures::spawn_local(audit(for_messages.clone(), job));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &WorkerMessage::Ready);
}
