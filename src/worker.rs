//! The worker's side: fetch what the core's driver asks for, feed it, report progress.

use castcheck_record::caucus::audit::audit_results_table;
use castcheck_record::files::size_limit;
use castcheck_record::{Driver, Job};
use futures::stream::{FuturesUnordered, StreamExt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::api;
use crate::worker_protocol::{Task, WorkerMessage};

/// Record files fetched at once.
const PARALLEL_FETCHES: usize = 6;

fn post(scope: &DedicatedWorkerGlobalScope, message: &WorkerMessage) {
    if let Ok(text) = serde_json::to_string(message) {
        let _ = scope.post_message(&JsValue::from_str(&text));
    }
}

/// Runs `job` against the record at `base`, posting progress after each precinct.
async fn verify(scope: &DedicatedWorkerGlobalScope, base: &str, job: Job) {
    let mut driver = Driver::new(job);
    let mut queue: Vec<String> = Vec::new();
    let mut in_flight = FuturesUnordered::new();
    loop {
        queue.extend(driver.next_fetches());
        while in_flight.len() < PARALLEL_FETCHES && !queue.is_empty() {
            let path = queue.remove(0);
            in_flight.push(async move {
                let fetched = api::fetch(base, &path, size_limit(&path)).await;
                (path, fetched)
            });
        }
        let Some((path, fetched)) = in_flight.next().await else {
            break;
        };
        if let Some(row) = driver.feed(&path, fetched) {
            let progress = driver.progress();
            post(
                scope,
                &WorkerMessage::Progress {
                    progress,
                    row: Some(row),
                },
            );
        }
    }
    let verification = Box::new(driver.finish());
    post(scope, &WorkerMessage::Verified { verification });
}

async fn run(scope: DedicatedWorkerGlobalScope, task: Task) {
    if let Task::Tables { results, delegates } = &task {
        let audit = audit_results_table(results, delegates);
        return post(
            &scope,
            &WorkerMessage::TablesDone {
                audit: Box::new(audit),
            },
        );
    }
    match task.record_job() {
        Some((base, job)) => verify(&scope, base, job).await,
        None => post(&scope, &WorkerMessage::Refused),
    }
}

/// Answers the page's tasks, one per worker.
pub fn listen() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_messages = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let task = e
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<Task>(&s).ok());
        if let Some(task) = task {
            wasm_bindgen_futures::spawn_local(run(for_messages.clone(), task));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &WorkerMessage::Ready);
}
