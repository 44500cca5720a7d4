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
use wasm_bindgen::JsCast;

use super::client::Bridge;
use super::drive::{Handed, Helpers};
use super::source::Source;
use crate::api;
use crate::protocol::to_js;
use crate::protocol::worker::{Request, Task, Trust, WorkerMessage};

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

/// One helper worker and the answers it owes.
struct Helper {
    bridge: Bridge,
    waiting: Waiting,
    busy: Rc<std::cell::Cell<usize>>,
    requests: u64,
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
        give_up(&self.waiting);
    }
}

impl Helper {
    /// A helper for the record at `base`, given the election the coordinator verified.
    fn start(base: &str, election: &ElectionContext) -> Option<Self> {
        let waiting: Waiting = Rc::default();
        let (for_message, for_failure) = (waiting.clone(), waiting.clone());
        let bridge = Bridge::start(
            "./worker_loader.js",
            move |message: WorkerMessage| match message {
                WorkerMessage::Prepared { request, prepared } => {
                    let answer = for_message.borrow_mut().remove(&request);
                    if let Some(answer) = answer {
                        let _ = answer.send(prepared);
                    }
                }
                // A helper that cannot answer leaves every precinct it holds to the coordinator.
                _ => give_up(&for_message),
            },
            move || give_up(&for_failure),
        )
        .ok()?;
        let setup = to_js(&Request {
            task: Task::Help {
                base: base.to_owned(),
                election: Box::new(election.clone()),
            },
            trust: Trust::default(),
        })?;
        bridge.send(setup).then_some(Self {
            bridge,
            waiting,
            busy: Rc::default(),
            requests: 0,
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
        if !request.is_some_and(|r| self.bridge.send(r)) {
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
