//! The audit worker: runs the full audit off the page's thread and reports progress.

#[path = "../api.rs"]
mod api;
#[path = "../worker_protocol.rs"]
mod worker_protocol;

use castcheck_record::caucus::audit::audit_results_table;
use castcheck_record::files::{precinct_path, HEADS_PATH, MANIFEST_PATH, TOTALS_PATH};
use castcheck_record::report::{Findings, Status};
use castcheck_record::verify::{audit_scope, verify_precinct, Auditor};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use worker_protocol::{Job, PrecinctRow, WorkerMessage};

fn post(scope: &DedicatedWorkerGlobalScope, message: &WorkerMessage) {
    if let Ok(text) = serde_json::to_string(message) {
        let _ = scope.post_message(&JsValue::from_str(&text));
    }
}

async fn audit(scope: DedicatedWorkerGlobalScope, base: String) {
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
    let ctx = auditor.context().cloned();
    for (i, id) in precincts.iter().enumerate() {
        let row = match (api::fetch(&base, &precinct_path(id)).await, &ctx) {
            (Ok(bytes), Some(ctx)) => {
                let mut findings = Findings::default();
                let summary = verify_precinct(ctx, id, &bytes, &mut findings);
                let failed = findings
                    .results(&audit_scope())
                    .into_iter()
                    .filter(|r| r.status == Status::Failed)
                    .map(|r| r.id.code().to_owned())
                    .collect();
                let entries = summary.as_ref().map_or(0, |s| s.cast + s.challenged);
                ballots += entries;
                let counts = summary.as_ref().and_then(|s| s.counts.clone());
                auditor.add_precinct_result(id, summary, findings);
                PrecinctRow {
                    precinct: id.clone(),
                    ballots: entries,
                    counts,
                    failed,
                }
            }
            (Ok(_), None) => continue,
            (Err(e), _) => {
                auditor.missing_precinct(id, &format!("{}: {}", e.url, e.reason));
                PrecinctRow {
                    precinct: id.clone(),
                    ballots: 0,
                    counts: None,
                    failed: vec!["V-00".into()],
                }
            }
        };
        let done = i as u64 + 1;
        post(
            &scope,
            &WorkerMessage::Progress {
                precincts_done: done,
                precincts_total: total,
                ballots_done: ballots,
                row: Some(row),
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

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_messages = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let job = e
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<Job>(&s).ok());
        match job {
            Some(Job::Audit { base }) => {
                wasm_bindgen_futures::spawn_local(audit(for_messages.clone(), base))
            }
            Some(Job::Tables { results, delegates }) => {
                let audit = audit_results_table(&results, &delegates);
                post(
                    &for_messages,
                    &WorkerMessage::TablesDone {
                        audit: Box::new(audit),
                    },
                );
            }
            None => {}
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &WorkerMessage::Ready);
}
