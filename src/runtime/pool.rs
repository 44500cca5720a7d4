//! Helper workers that prepare an audit's precincts on every core. The worker running the audit
//! (the coordinator) keeps the driver and the board and hands each precinct (its file and its
//! proofs file) to a helper, with the election it verified; a helper fetches the two files,
//! prepares them with the core's driver and sends back what the coordinator's driver takes in.
//! A helper that fails leaves its precinct to the coordinator. Ending the coordinator ends its
//! helpers.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use castcheck_record::{Driver, ElectionContext, FetchProblem, Prepared, WorkUnit};
use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use futures::FutureExt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::drive::{Handed, Helpers};
use super::source::Source;
use crate::api;
use crate::protocol::worker::{Request, Task, Trust, WorkerMessage};
use crate::protocol::{from_js, to_js};

/// Precincts a helper is given at a time: the next waits beside the one being checked.
const PER_HELPER: usize = 2;
/// How long a helper may take over a precinct before the coordinator checks the rest itself (a
/// helper that stopped without a word must not hang the audit): its two files' fetch deadlines,
/// and as long again for checking them.
const HELPER_SECONDS: u64 = 4 * api::FETCH_SECONDS;

/// The helpers of one audit, started when the first precinct is handed out.
pub struct Pool {
    base: String,
    helpers: Option<Vec<Helper>>,
}

impl Pool {
    /// A pool for the record at `base`; no helper starts before there is work for it.
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            helpers: None,
        }
    }
}

impl Helpers for Pool {
    /// Starts the helpers (one per core) with `election` the first time.
    fn hand_out(
        &mut self,
        units: &mut VecDeque<WorkUnit>,
        election: Option<&ElectionContext>,
    ) -> Option<Vec<Handed>> {
        if units.is_empty() {
            return Some(Vec::new());
        }
        if self.helpers.is_none() {
            // Precincts come only after the election was verified.
            let election = election?;
            let started: Vec<Helper> = (0..helpers_wanted())
                .filter_map(|_| Helper::start(&self.base, election))
                .collect();
            self.helpers = Some(started);
        }
        let helpers = self.helpers.as_mut().filter(|h| !h.is_empty())?;
        let mut handed = Vec::new();
        for helper in helpers {
            while helper.busy.get() < PER_HELPER {
                let Some(unit) = units.pop_front() else { break };
                let answer = helper.prepare(&unit);
                handed.push((unit, answer));
            }
        }
        Some(handed)
    }
}

/// The answers a helper owes, by request number (a helper checks two at once, so they may come
/// back in either order).
type Waiting = Rc<RefCell<BTreeMap<u64, oneshot::Sender<Option<Vec<Prepared>>>>>>;

/// Requests to a helper that is not listening yet, sent (after its setup) once it is.
type Unsent = Rc<RefCell<Option<Vec<JsValue>>>>;

/// One helper worker and the answers it owes.
struct Helper {
    worker: Worker,
    waiting: Waiting,
    unsent: Unsent,
    busy: Rc<std::cell::Cell<usize>>,
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
    /// A helper for the record at `base`, given the election the coordinator verified.
    fn start(base: &str, election: &ElectionContext) -> Option<Self> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("./worker_loader.js", &options).ok()?;
        let setup = to_js(&Request {
            task: Task::Help {
                base: base.to_owned(),
                election: Box::new(election.clone()),
            },
            trust: Trust::default(),
        })?;
        let waiting: Waiting = Rc::default();
        let unsent: Unsent = Rc::new(RefCell::new(Some(Vec::new())));
        let (for_message, for_unsent, for_setup) =
            (waiting.clone(), unsent.clone(), worker.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            match from_js::<WorkerMessage>(e.data()) {
                // Listening: the setup first, then what waited for it, in order.
                Some(WorkerMessage::Ready) => {
                    let _ = for_setup.post_message(&setup);
                    let unsent = for_unsent.borrow_mut().take().unwrap_or_default();
                    for request in unsent {
                        let _ = for_setup.post_message(&request);
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
            busy: Rc::default(),
            requests: 0,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Has the helper prepare `unit`; `None` if it could not.
    fn prepare(&mut self, unit: &WorkUnit) -> LocalBoxFuture<'static, Option<Vec<Prepared>>> {
        let (sender, receiver) = oneshot::channel();
        self.requests += 1;
        let number = self.requests;
        let request = to_js(&Request {
            task: Task::Prepare {
                request: number,
                unit: unit.clone(),
            },
            trust: Trust::default(),
        });
        let Some(request) = request else {
            return async { None }.boxed_local();
        };
        let sent = match self.unsent.borrow_mut().as_mut() {
            Some(unsent) => {
                unsent.push(request);
                true
            }
            None => self.worker.post_message(&request).is_ok(),
        };
        if !sent {
            return async { None }.boxed_local();
        }
        self.waiting.borrow_mut().insert(number, sender);
        let busy = self.busy.clone();
        busy.set(busy.get() + 1);
        let answer = async move { receiver.await.ok().flatten() }.boxed_local();
        let deadline = api::sleep(HELPER_SECONDS * 1000)
            .map(|()| None)
            .boxed_local();
        futures::future::select(answer, deadline)
            .map(move |either| {
                busy.set(busy.get() - 1);
                either.factor_first().0
            })
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

thread_local! {
    /// A helper's record and driver, made from the election its coordinator verified.
    static HELPING: RefCell<Option<(String, Driver)>> = const { RefCell::new(None) };
}

/// In a helper: takes the record at `base`, whose election the coordinator verified.
pub fn help(base: String, election: ElectionContext) {
    HELPING.with(|h| *h.borrow_mut() = Some((base, Driver::for_helper(election))));
}

/// In a helper: fetches and prepares `unit`, `None` without a record to check it against.
pub async fn prepare(unit: WorkUnit) -> Option<Vec<Prepared>> {
    let base = HELPING.with(|h| h.borrow().as_ref().map(|(b, _)| b.clone()))?;
    let WorkUnit::Precinct { ballots, proofs } = &unit else {
        return None;
    };
    let source = Source::Url(&base);
    let (ballots, proofs) =
        futures::join!(source.fetch(ballots.clone()), source.fetch(proofs.clone()));
    let read = [ballots, proofs];
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
