//! A full audit on every core: the worker running the audit (the coordinator) keeps the driver
//! and the board, and hands each precinct (its file and its proofs file, the heavy part) to one of
//! as many helper workers as the device has cores. A helper fetches the precinct's two files,
//! checks them with its own driver (the same core code, fed the same manifest and checkpoint) and
//! sends back what the coordinator's driver takes in; a helper that fails leaves its precinct to
//! the coordinator. Cancelling the audit ends the coordinator, and with it its helpers.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use castcheck_record::files::{size_limit, CHECKPOINT_PATH, MANIFEST_PATH};
use castcheck_record::{Driver, FetchProblem, Job, PrecinctOutcome, Prepared, WorkUnit};
use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use futures::stream::{FuturesUnordered, StreamExt};
use futures::FutureExt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::api;
use crate::worker::{fetch, Fetched, Source};
use crate::worker_protocol::{Request, Task, Trust, WorkerMessage};

/// Precincts a helper is given at a time: the next waits beside the one being checked.
const PER_HELPER: usize = 2;
/// Other record files fetched at once by the coordinator.
const PARALLEL_FETCHES: usize = 6;
/// How long a helper may take over a precinct before the coordinator checks the rest itself (a
/// helper that stopped without a word must not hang the audit): its two files' fetch deadlines,
/// and as long again for checking them.
const HELPER_SECONDS: u64 = 4 * api::FETCH_SECONDS;

/// The answers a helper owes, by request number (a helper checks two at once, so they may come
/// back in either order).
type Waiting = Rc<RefCell<BTreeMap<u64, oneshot::Sender<Option<Vec<Prepared>>>>>>;

/// Requests to a helper that is not listening yet, sent (after its setup) once it is.
type Unsent = Rc<RefCell<Option<Vec<String>>>>;

/// One helper worker and the answers it owes.
struct Helper {
    worker: Worker,
    waiting: Waiting,
    unsent: Unsent,
    busy: usize,
    requests: u64,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

/// Answers every request still waiting with "could not".
fn give_up(waiting: &Waiting) {
    let answers = std::mem::take(&mut *waiting.borrow_mut());
    for answer in answers.into_values() {
        let _ = answer.send(None);
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        give_up(&self.waiting);
    }
}

impl Helper {
    /// A helper for the record at `base`, given the manifest and checkpoint the coordinator
    /// verified.
    fn start(base: &str, manifest: &str, checkpoint: &str) -> Option<Self> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("./worker_loader.js", &options).ok()?;
        let setup = serde_json::to_string(&Request {
            task: Task::Help {
                base: base.to_owned(),
                manifest: manifest.to_owned(),
                checkpoint: checkpoint.to_owned(),
            },
            trust: Trust::default(),
        })
        .ok()?;
        let waiting: Waiting = Rc::default();
        let unsent: Unsent = Rc::new(RefCell::new(Some(Vec::new())));
        let (for_message, for_unsent, for_setup) =
            (waiting.clone(), unsent.clone(), worker.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let message = e
                .data()
                .as_string()
                .and_then(|s| serde_json::from_str::<WorkerMessage>(&s).ok());
            match message {
                // Listening: the setup first, then what waited for it, in order.
                Some(WorkerMessage::Ready) => {
                    let _ = for_setup.post_message(&JsValue::from_str(&setup));
                    let unsent = for_unsent.borrow_mut().take().unwrap_or_default();
                    for request in unsent {
                        let _ = for_setup.post_message(&JsValue::from_str(&request));
                    }
                }
                Some(WorkerMessage::Prepared { request, prepared }) => {
                    let answer = for_message.borrow_mut().remove(&request);
                    if let Some(answer) = answer {
                        let _ = answer.send(prepared);
                    }
                }
                // A helper that cannot answer leaves every precinct it holds to the coordinator.
                _ => give_up(&for_message),
            }
        });
        let for_error = waiting.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| give_up(&for_error));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Self {
            worker,
            waiting,
            unsent,
            busy: 0,
            requests: 0,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Has the helper check `unit`; `None` if it could not.
    fn prepare(&mut self, unit: &WorkUnit) -> LocalBoxFuture<'static, Option<Vec<Prepared>>> {
        let (sender, receiver) = oneshot::channel();
        self.requests += 1;
        let number = self.requests;
        let request = serde_json::to_string(&Request {
            task: Task::Prepare {
                request: number,
                unit: unit.clone(),
            },
            trust: Trust::default(),
        });
        let Ok(request) = request else {
            return async { None }.boxed_local();
        };
        let sent = match self.unsent.borrow_mut().as_mut() {
            Some(unsent) => {
                unsent.push(request);
                true
            }
            None => self
                .worker
                .post_message(&JsValue::from_str(&request))
                .is_ok(),
        };
        if !sent {
            return async { None }.boxed_local();
        }
        self.waiting.borrow_mut().insert(number, sender);
        let answer = async move { receiver.await.ok().flatten() }.boxed_local();
        let deadline = api::sleep(HELPER_SECONDS * 1000)
            .map(|()| None)
            .boxed_local();
        futures::future::select(answer, deadline)
            .map(|either| either.factor_first().0)
            .boxed_local()
    }
}

/// How many helpers: one per core the browser reports.
fn helpers_wanted() -> usize {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .map(|g| g.navigator().hardware_concurrency() as usize)
        .unwrap_or(1)
        .clamp(1, 16)
}

enum Done {
    Fetched(String, Result<Vec<u8>, FetchProblem>),
    Helped(usize, WorkUnit, Option<Vec<Prepared>>),
    Local(Vec<Prepared>),
}

/// Reads both files of `unit` at `base`.
async fn read_unit(base: &str, unit: &WorkUnit) -> Vec<Fetched> {
    let paths = match unit {
        WorkUnit::One(p) => vec![p.clone()],
        WorkUnit::Precinct { ballots, proofs } => vec![ballots.clone(), proofs.clone()],
    };
    let source = Source::Url(base);
    let mut out = Vec::new();
    for p in paths {
        out.push(fetch(&source, p).await);
    }
    out
}

/// As [`crate::worker::drive`] for an audit of the record at `base`, with the precincts checked
/// by helpers.
pub async fn drive_pooled(
    base: &str,
    driver: &mut Driver,
    mut after: impl FnMut(&Driver, Option<PrecinctOutcome>),
) {
    let mut files: VecDeque<String> = VecDeque::new();
    let mut units: VecDeque<WorkUnit> = VecDeque::new();
    let mut helpers: Vec<Helper> = Vec::new();
    // Set when a helper failed: the coordinator checks the rest itself.
    let mut alone = false;
    let mut verified = (None::<String>, None::<String>);
    let mut fetching = 0;
    let mut in_flight: FuturesUnordered<LocalBoxFuture<'static, Done>> = FuturesUnordered::new();
    loop {
        let paths = driver.next_fetches();
        for unit in driver.work_units(paths) {
            match unit {
                WorkUnit::One(p) => files.push_back(p),
                precinct => units.push_back(precinct),
            }
        }
        while fetching < PARALLEL_FETCHES {
            let Some(path) = files.pop_front() else { break };
            let base = base.to_owned();
            fetching += 1;
            in_flight.push(
                async move {
                    let fetched = api::fetch(&base, &path, size_limit(&path)).await;
                    Done::Fetched(path, fetched)
                }
                .boxed_local(),
            );
        }
        // Helpers start once the manifest and checkpoint are in, as the first precinct comes.
        if helpers.is_empty() && !alone && !units.is_empty() {
            if let (Some(m), Some(c)) = &verified {
                helpers = (0..helpers_wanted())
                    .filter_map(|_| Helper::start(base, m, c))
                    .collect();
            }
        }
        for (i, helper) in helpers.iter_mut().enumerate() {
            while helper.busy < PER_HELPER {
                let Some(unit) = units.pop_front() else { break };
                helper.busy += 1;
                let answer = helper.prepare(&unit);
                in_flight.push(async move { Done::Helped(i, unit, answer.await) }.boxed_local());
            }
        }
        // Without helpers, the coordinator checks precincts itself, one at a time.
        if helpers.is_empty() && in_flight.is_empty() {
            if let Some(unit) = units.pop_front() {
                let read = read_unit(base, &unit).await;
                let prepared = driver.prepare_unit(&unit, |p| {
                    read.iter()
                        .find(|(q, _)| q == p)
                        .map_or(Err(FetchProblem::NotFound), |(_, f)| f.clone())
                });
                in_flight.push(async move { Done::Local(prepared) }.boxed_local());
            }
        }
        let Some(done) = in_flight.next().await else {
            break;
        };
        let prepared = match done {
            Done::Fetched(path, fetched) => {
                fetching -= 1;
                if let Ok(bytes) = &fetched {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    match path.as_str() {
                        MANIFEST_PATH => verified.0 = Some(text),
                        CHECKPOINT_PATH => verified.1 = Some(text),
                        _ => {}
                    }
                }
                let row = driver.feed(&path, fetched);
                after(driver, row);
                continue;
            }
            Done::Helped(i, _, Some(prepared)) => {
                if let Some(h) = helpers.get_mut(i) {
                    h.busy -= 1;
                }
                prepared
            }
            // A helper failed: its precinct goes back to the queue, and the coordinator checks
            // the rest itself (the other helpers' precincts come back too as they end).
            Done::Helped(_, unit, None) => {
                helpers.clear();
                alone = true;
                units.push_front(unit);
                continue;
            }
            Done::Local(prepared) => prepared,
        };
        for p in prepared {
            let row = driver.accept(p);
            after(driver, row);
        }
    }
}

thread_local! {
    /// A helper's driver, fed the coordinator's manifest and checkpoint.
    static HELPING: RefCell<Option<(String, Driver)>> = const { RefCell::new(None) };
}

/// In a helper: takes the record at `base` with this manifest and checkpoint.
pub fn help(base: String, manifest: String, checkpoint: String) {
    let mut driver = Driver::new(Job::Audit);
    driver.next_fetches();
    driver.feed(MANIFEST_PATH, Ok(manifest.into_bytes()));
    driver.feed(CHECKPOINT_PATH, Ok(checkpoint.into_bytes()));
    HELPING.with(|h| *h.borrow_mut() = Some((base, driver)));
}

/// In a helper: checks `unit`, `None` without a record to check it against.
pub async fn prepare(unit: WorkUnit) -> Option<Vec<Prepared>> {
    let base = HELPING.with(|h| h.borrow().as_ref().map(|(b, _)| b.clone()))?;
    let read = read_unit(&base, &unit).await;
    HELPING.with(|h| {
        let helping = h.borrow();
        let (_, driver) = helping.as_ref()?;
        Some(driver.prepare_unit(&unit, |p| {
            read.iter()
                .find(|(q, _)| q == p)
                .map_or(Err(FetchProblem::NotFound), |(_, f)| f.clone())
        }))
    })
}
