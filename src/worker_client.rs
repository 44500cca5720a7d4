//! Running a task in the verification worker, as a future the page can await or drop.

use std::cell::RefCell;
use std::rc::Rc;

use std::future::Future;

use castcheck_record::{PrecinctOutcome, Progress};
use futures::channel::oneshot;
use futures::future::{AbortHandle, Abortable};
use leptos::prelude::{on_cleanup, GetValue, SetValue, StoredValue};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::worker_protocol::{Request, Task, Trust, WorkerMessage};

/// The worker could not be started, or stopped without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerFailed;

/// A started worker; dropping it ends the worker, so leaving a page cancels its work.
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

type Answer = Rc<RefCell<Option<oneshot::Sender<Result<WorkerMessage, WorkerFailed>>>>>;

/// Runs `task` in a new worker. `on_progress` sees each precinct as it is verified; the future
/// ends with the worker's final message.
pub async fn run(
    task: Task,
    trust: Trust,
    attachment: Option<web_sys::Blob>,
    mut on_progress: impl FnMut(Progress, Option<PrecinctOutcome>) + 'static,
) -> Result<WorkerMessage, WorkerFailed> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker =
        Worker::new_with_options("./worker_loader.js", &options).map_err(|_| WorkerFailed)?;
    let task = serde_json::to_string(&Request { task, trust }).map_err(|_| WorkerFailed)?;
    let (sender, receiver) = oneshot::channel();
    let answer: Answer = Rc::new(RefCell::new(Some(sender)));
    let reply = |answer: &Answer, result| {
        if let Some(sender) = answer.borrow_mut().take() {
            let _ = sender.send(result);
        }
    };
    let for_task = worker.clone();
    let for_message = answer.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let message = e
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<WorkerMessage>(&s).ok());
        match message {
            // A file goes beside the task, as itself: the browser hands the worker the same
            // bytes without copying them into the message.
            Some(WorkerMessage::Ready) => {
                let message = match &attachment {
                    Some(file) => js_sys::Array::of2(&JsValue::from_str(&task), file).into(),
                    None => JsValue::from_str(&task),
                };
                let _ = for_task.post_message(&message);
            }
            Some(WorkerMessage::Progress { progress, row }) => on_progress(progress, row),
            Some(done) => reply(&for_message, Ok(done)),
            None => reply(&for_message, Err(WorkerFailed)),
        }
    });
    let for_error = answer.clone();
    let on_error =
        Closure::<dyn FnMut(JsValue)>::new(move |_| reply(&for_error, Err(WorkerFailed)));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let _running = Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    };
    receiver.await.unwrap_or(Err(WorkerFailed))
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
