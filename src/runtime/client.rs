//! The page's side of the runtime: running a task in a worker, as a future the page can await
//! or drop.

use std::cell::RefCell;
use std::rc::Rc;

use std::future::Future;

use castcheck_record::{PrecinctOutcome, Progress};
use futures::channel::oneshot;
use futures::future::{AbortHandle, Abortable};
use leptos::prelude::{on_cleanup, GetValue, SetValue, StoredValue};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::protocol::check::{CheckMessage, CheckOutcome, CheckRequest};
use crate::protocol::worker::{Request, Task, Trust, WorkerMessage};
use crate::protocol::{from_js, to_js};

/// The worker could not be started, or stopped without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerFailed;

/// A started worker speaking one protocol: what is sent before it says it is listening waits for
/// that; every later message goes to the bridge's handler, and a worker error or a message that
/// is not of the protocol to its failure handler. Dropping it ends the worker, so leaving a page
/// (or ending an audit) cancels its work. The page's tasks and an audit's helpers both use it.
pub struct Bridge {
    worker: Worker,
    /// Messages waiting for the worker to listen; `None` once it does.
    unsent: Rc<RefCell<Option<Vec<JsValue>>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Bridge {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl Bridge {
    /// Starts the module worker `script`.
    pub fn start<M: FromWorker + 'static>(
        script: &str,
        on_message: impl FnMut(M) + 'static,
        on_failure: impl Fn() + 'static,
    ) -> Result<Self, WorkerFailed> {
        Ok(Self::adopt(
            new_worker(script)?,
            Vec::new(),
            on_message,
            on_failure,
        ))
    }

    /// Takes over `worker`, started elsewhere, which sent `early` meanwhile.
    pub fn adopt<M: FromWorker + 'static>(
        worker: Worker,
        early: Vec<JsValue>,
        mut on_message: impl FnMut(M) + 'static,
        on_failure: impl Fn() + 'static,
    ) -> Self {
        let unsent: Rc<RefCell<Option<Vec<JsValue>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let on_failure = Rc::new(on_failure);
        let (for_ready, for_worker, fail) = (unsent.clone(), worker.clone(), on_failure.clone());
        let mut handle = move |data: JsValue| match from_js::<M>(data) {
            // Listening: what waited for it goes now, in order.
            Some(m) if m.is_ready() => {
                for message in for_ready.borrow_mut().take().unwrap_or_default() {
                    let _ = for_worker.post_message(&message);
                }
            }
            Some(m) => on_message(m),
            None => fail(),
        };
        for data in early {
            handle(data);
        }
        let on_message =
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| handle(e.data()));
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| on_failure());
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Self {
            worker,
            unsent,
            _on_message: on_message,
            _on_error: on_error,
        }
    }

    /// Sends `message` now, or once the worker is listening; `false` if it could not be sent.
    pub fn send(&self, message: JsValue) -> bool {
        match self.unsent.borrow_mut().as_mut() {
            Some(waiting) => {
                waiting.push(message);
                true
            }
            None => self.worker.post_message(&message).is_ok(),
        }
    }
}

type Answer<T> = Rc<RefCell<Option<oneshot::Sender<Result<T, WorkerFailed>>>>>;

/// A worker's messages: the first says it is listening.
pub trait FromWorker: DeserializeOwned {
    fn is_ready(&self) -> bool;
}

impl FromWorker for WorkerMessage {
    fn is_ready(&self) -> bool {
        matches!(self, WorkerMessage::Ready)
    }
}

impl FromWorker for CheckMessage {
    fn is_ready(&self) -> bool {
        matches!(self, CheckMessage::Ready)
    }
}

/// Where `index.html` keeps the checker it starts before the page's own code has loaded, so
/// that both download at once: `{worker, early}`, `early` holding the messages it sent before
/// the page took it.
const EARLY_CHECKER: &str = "castcheckChecker";

/// The checker `index.html` started, once: with the messages it already sent.
fn early_checker() -> Option<(Worker, Vec<JsValue>)> {
    let window = web_sys::window()?;
    let held = js_sys::Reflect::get(&window, &JsValue::from_str(EARLY_CHECKER)).ok()?;
    let worker: Worker = js_sys::Reflect::get(&held, &JsValue::from_str("worker"))
        .ok()?
        .dyn_into()
        .ok()?;
    let early: js_sys::Array = js_sys::Reflect::get(&held, &JsValue::from_str("early"))
        .ok()?
        .dyn_into()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &JsValue::from_str(EARLY_CHECKER));
    Some((worker, early.iter().collect()))
}

/// A new module worker running `script`.
fn new_worker(script: &str) -> Result<Worker, WorkerFailed> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options(script, &options).map_err(|_| WorkerFailed)
}

/// Sends `request` to `worker` once it says it is listening, with `attachment` beside it;
/// `on_message` sees every later message and gives the answer when one ends the work. `early`
/// are messages the worker sent before this was called.
async fn serve<M: FromWorker + 'static, T: 'static>(
    worker: Worker,
    early: Vec<JsValue>,
    request: JsValue,
    attachment: Option<web_sys::Blob>,
    mut on_message: impl FnMut(M) -> Option<T> + 'static,
) -> Result<T, WorkerFailed> {
    let (sender, receiver) = oneshot::channel();
    let answer: Answer<T> = Rc::new(RefCell::new(Some(sender)));
    let reply = |answer: &Answer<T>, result| {
        if let Some(sender) = answer.borrow_mut().take() {
            let _ = sender.send(result);
        }
    };
    let (for_message, for_failure) = (answer.clone(), answer.clone());
    let bridge = Bridge::adopt(
        worker,
        early,
        move |m| {
            if let Some(done) = on_message(m) {
                reply(&for_message, Ok(done));
            }
        },
        move || reply(&for_failure, Err(WorkerFailed)),
    );
    // A file goes beside the task, as itself: the browser hands the worker the same bytes
    // without copying them into the message.
    let message = match &attachment {
        Some(file) => js_sys::Array::of2(&request, file).into(),
        None => request,
    };
    if !bridge.send(message) {
        return Err(WorkerFailed);
    }
    receiver.await.unwrap_or(Err(WorkerFailed))
}

/// Runs `task` in a new verification worker. `on_progress` sees each precinct as it is
/// verified; the future ends with the worker's final message.
pub async fn run(
    task: Task,
    trust: Trust,
    attachment: Option<web_sys::Blob>,
    mut on_progress: impl FnMut(Progress, Option<PrecinctOutcome>) + 'static,
) -> Result<WorkerMessage, WorkerFailed> {
    let worker = new_worker("./worker_loader.js")?;
    let request = to_js(&Request { task, trust }).ok_or(WorkerFailed)?;
    serve(worker, Vec::new(), request, attachment, move |m| match m {
        WorkerMessage::Progress { progress, row } => {
            on_progress(progress, row);
            None
        }
        done => Some(done),
    })
    .await
}

/// Runs a check in the checker (the one `index.html` started, the first time): `on_message` sees
/// the election and the statements as they come; the future ends with the outcome, or `None`
/// when the checker refused the task.
pub async fn check(
    request: CheckRequest,
    mut on_message: impl FnMut(&CheckMessage) + 'static,
) -> Result<Option<CheckOutcome>, WorkerFailed> {
    let (worker, early) = match early_checker() {
        Some(adopted) => adopted,
        None => (new_worker("./checker_loader.js")?, Vec::new()),
    };
    let request = to_js(&request).ok_or(WorkerFailed)?;
    serve(worker, early, request, None, move |m| match m {
        CheckMessage::Done(outcome) => Some(Some(*outcome)),
        CheckMessage::Refused => Some(None),
        other => {
            on_message(&other);
            None
        }
    })
    .await
}

/// Work a page started: starting it again, cancelling it or leaving the page ends it (and so
/// its worker).
#[derive(Debug, Clone, Copy)]
pub struct PageTask(StoredValue<Option<AbortHandle>>);

impl PageTask {
    /// A task slot owned by the current component.
    pub fn new() -> Self {
        let slot = StoredValue::new(None);
        let task = Self(slot);
        on_cleanup(move || task.cancel());
        task
    }

    /// Ends the running work, if any.
    pub fn cancel(&self) {
        if let Some(h) = self.0.get_value() {
            h.abort();
        }
    }

    /// `work`, ending early with `None` if the task is cancelled or started again.
    pub fn cancellable<F: Future>(&self, work: F) -> impl Future<Output = Option<F::Output>> {
        self.cancel();
        let (handle, registration) = AbortHandle::new_pair();
        self.0.set_value(Some(handle));
        async move { Abortable::new(work, registration).await.ok() }
    }

    /// Runs `work` in the background as this task.
    pub fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        let work = self.cancellable(work);
        leptos::task::spawn_local(async move {
            work.await;
        });
    }
}
