//! Starting the verification worker and talking to it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::worker_protocol::{Job, WorkerMessage};

/// A started worker; dropping the handle's contents or calling [`stop`] ends it.
pub type Running = (Worker, Closure<dyn FnMut(MessageEvent)>);

/// Starts a worker, sends it `job` once it is ready, and hands every other message to
/// `on_message`. The worker ends itself from the page's side when it reports completion.
pub fn start(
    job: Job,
    mut on_message: impl FnMut(WorkerMessage) + 'static,
) -> Result<Running, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker =
        Worker::new_with_options("./worker_loader.js", &options).map_err(|e| format!("{e:?}"))?;
    let for_job = worker.clone();
    let job = serde_json::to_string(&job).map_err(|e| e.to_string())?;
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(message) = e
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<WorkerMessage>(&s).ok())
        else {
            return;
        };
        match message {
            WorkerMessage::Ready => {
                let _ = for_job.post_message(&JsValue::from_str(&job));
            }
            done @ (WorkerMessage::Done { .. } | WorkerMessage::TablesDone { .. }) => {
                for_job.terminate();
                on_message(done);
            }
            other => on_message(other),
        }
    });
    worker.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    Ok((worker, listener))
}

/// Ends the worker in `slot`, if any.
pub fn stop(slot: StoredValue<Option<Running>, LocalStorage>) {
    slot.update_value(|r| {
        if let Some((w, _)) = r.take() {
            w.terminate();
        }
    });
}
