//! The one loop that runs the core's driver in a browser: it fetches what the driver asks for,
//! several files at once, and feeds them; in an audit of a record fetched from its address, the
//! precincts (the heavy part) are prepared by helper workers on the device's other cores.

use std::collections::VecDeque;

use castcheck_record::{Driver, ElectionContext, PrecinctOutcome, Prepared, WorkUnit};
use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};

use super::source::{Fetched, Source};

/// Record files fetched at once.
const PARALLEL_FETCHES: usize = 6;

/// What arrived: a file, or what a helper prepared of a precinct (`None`: it could not).
enum Done {
    Fetched(Fetched),
    Helped(WorkUnit, Option<Vec<Prepared>>),
}

impl Done {
    /// 1 for a file (one fetch fewer on its way), 0 for a helper's answer.
    fn is_file(&self) -> usize {
        usize::from(matches!(self, Done::Fetched(_)))
    }
}

/// A precinct handed to a helper, and its answer on the way (`None`: the helper could not).
pub type Handed = (WorkUnit, LocalBoxFuture<'static, Option<Vec<Prepared>>>);

/// Who prepares an audit's precincts beside this worker (the helper pool). A type parameter, not
/// a run-time choice, so that a worker that never shares its precincts (the voter's checker)
/// links none of it.
pub trait Helpers {
    /// Hands precincts from `units` to helpers with room for them, given the verified election;
    /// `None` when no helper can take any (then they are prepared here).
    fn hand_out(
        &mut self,
        units: &mut VecDeque<WorkUnit>,
        election: Option<&ElectionContext>,
    ) -> Option<Vec<Handed>>;
}

/// No helpers: every precinct is prepared here, file by file.
pub enum Alone {}

impl Helpers for Alone {
    fn hand_out(
        &mut self,
        _: &mut VecDeque<WorkUnit>,
        _: Option<&ElectionContext>,
    ) -> Option<Vec<Handed>> {
        match *self {}
    }
}

/// Runs `driver` to the end against `source`, starting with `first` (files it asked for that
/// were fetched already), with the precincts prepared by `helpers` when there are any. `after`
/// sees the driver after every file, with the precinct's outcome when a precinct was completed.
pub async fn drive<H: Helpers>(
    source: &Source<'_>,
    driver: &mut Driver,
    first: Vec<Fetched>,
    helpers: Option<H>,
    mut after: impl FnMut(&Driver, Option<PrecinctOutcome>),
) {
    let mut pool = helpers;
    let mut files: VecDeque<String> = VecDeque::new();
    let mut units: VecDeque<WorkUnit> = VecDeque::new();
    let mut in_flight: FuturesUnordered<LocalBoxFuture<'_, Done>> = FuturesUnordered::new();
    // Files on their way (the rest of `in_flight` are precincts with helpers).
    let mut fetching = 0;
    let mut done: VecDeque<Done> = first.into_iter().map(Done::Fetched).collect();
    loop {
        plan(driver, pool.is_some(), &mut files, &mut units);
        if let Some(p) = pool.as_mut() {
            match p.hand_out(&mut units, driver.verified_election()) {
                Some(handed) => in_flight.extend(
                    handed
                        .into_iter()
                        .map(|(unit, answer)| answer.map(|a| Done::Helped(unit, a)).boxed_local()),
                ),
                // No helper could start: the precincts are fetched and checked here.
                None => {
                    pool = None;
                    files.extend(units.drain(..).flat_map(unit_files));
                }
            }
        }
        start_fetches(source, &mut files, &mut in_flight, &mut fetching);
        let next = match done.pop_front() {
            Some(next) => Some(next),
            None => in_flight.next().await.inspect(|d| fetching -= d.is_file()),
        };
        match next {
            None => break,
            Some(Done::Fetched((path, fetched))) => {
                if fetched.is_ok() {
                    // What waits only for this file's arrival is asked for before the file is
                    // checked: polling once starts the requests (a file already there is kept
                    // for its turn).
                    driver.arrived(&path);
                    plan(driver, pool.is_some(), &mut files, &mut units);
                    start_fetches(source, &mut files, &mut in_flight, &mut fetching);
                    while let Some(Some(ready)) = in_flight.next().now_or_never() {
                        fetching -= ready.is_file();
                        done.push_back(ready);
                    }
                }
                let row = driver.feed(&path, fetched);
                after(driver, row);
            }
            Some(Done::Helped(_, Some(prepared))) => {
                for p in prepared {
                    let row = driver.accept(p);
                    after(driver, row);
                }
            }
            // A helper failed: the precincts go back to be fetched and checked here (the other
            // helpers' come back the same way as they end).
            Some(Done::Helped(unit, None)) => {
                pool = None;
                files.extend(unit_files(unit));
                files.extend(units.drain(..).flat_map(unit_files));
            }
        }
    }
}

/// Takes the files `driver` asks for now: precinct units go to `units` when a pool prepares
/// them, every other file to `files`.
fn plan(
    driver: &mut Driver,
    pooled: bool,
    files: &mut VecDeque<String>,
    units: &mut VecDeque<WorkUnit>,
) {
    let paths = driver.next_fetches();
    if !pooled {
        files.extend(paths);
        return;
    }
    for unit in driver.work_units(paths) {
        match unit {
            WorkUnit::One(path) => files.push_back(path),
            precinct => units.push_back(precinct),
        }
    }
}

/// The files of `unit`, to fetch one by one.
fn unit_files(unit: WorkUnit) -> Vec<String> {
    match unit {
        WorkUnit::One(path) => vec![path],
        WorkUnit::Precinct { ballots, proofs } => vec![ballots, proofs],
    }
}

/// Moves paths from `files` into `in_flight`, at most [`PARALLEL_FETCHES`] fetches at a time.
fn start_fetches<'a>(
    source: &'a Source<'_>,
    files: &mut VecDeque<String>,
    in_flight: &mut FuturesUnordered<LocalBoxFuture<'a, Done>>,
    fetching: &mut usize,
) {
    while *fetching < PARALLEL_FETCHES {
        let Some(path) = files.pop_front() else { break };
        *fetching += 1;
        in_flight.push(source.fetch(path).map(Done::Fetched).boxed_local());
    }
}
