//! A worker's side of the runtime: its message loop and its answers.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{from_js, to_js};

/// Sends `message` to the page (or the coordinator that started this worker).
pub fn post<M: serde::Serialize>(scope: &DedicatedWorkerGlobalScope, message: &M) {
    if let Some(message) = to_js(message) {
        let _ = scope.post_message(&message);
    }
}

/// A worker's message loop: each message from the page is a request (alone, or with a file
/// beside it) that `run` answers; `ready` tells the page the worker is listening.
pub fn serve<R, F>(
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
        // A file comes beside the request, as itself: `[request, file]`.
        let (request, attachment) = match data.dyn_ref::<js_sys::Array>() {
            Some(parts) => (parts.get(0), parts.get(1).dyn_into::<web_sys::Blob>().ok()),
            None => (data, None),
        };
        if let Some(request) = from_js::<R>(request) {
            wasm_bindgen_futures::spawn_local(run(for_messages.clone(), request, attachment));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, ready);
}
