//! The page's verification services: a record task in the verification worker, a check in the
//! checker, and the banner's check of the election, each recording what it verified in the
//! shared state and keeping the checkpoint to remember.

use std::sync::Arc;

use castcheck_record::board::EntryKind;
use castcheck_record::{Proof, Statement, Verification};
use leptos::prelude::*;

use crate::known::load_known;
use crate::protocol::check::{CheckMessage, CheckOutcome, CheckRequest, CheckTask, Worded};
use crate::protocol::worker::{Task, Trust, WorkerMessage};
use crate::runtime::client::{self, WorkerFailed};
use crate::shell::state::{ElectionState, Shared};
use crate::shell::storage::{keep_remembered, remembered};

/// Runs a record task in the whole worker and records what it verified.
pub async fn verify_in_worker(
    shared: Shared,
    task: Task,
    on_progress: impl FnMut(castcheck_record::Progress, Option<castcheck_record::PrecinctOutcome>)
        + 'static,
) -> Result<Arc<Verification>, WorkerFailed> {
    let trust = trust(shared).await;
    match client::run(task, trust, None, on_progress).await? {
        WorkerMessage::Verified { verification } => {
            shared.record(&verification);
            keep_remembered(crate::known::remember(
                remembered().as_ref(),
                verification.checkpoint_to_remember().as_deref(),
            ));
            Ok(Arc::new(*verification))
        }
        _ => Err(WorkerFailed),
    }
}

/// Runs a check in the checker: the banner shows the election as soon as it is verified,
/// `on_statements` sees how far each statement is proven as files arrive. `None` when the
/// checker refused the task.
pub async fn check_in_worker(
    shared: Shared,
    task: CheckTask,
    mut on_statements: impl FnMut(Option<EntryKind>, Vec<(Statement, Proof)>) + 'static,
) -> Result<Option<CheckOutcome>, WorkerFailed> {
    let request = CheckRequest {
        task,
        remembered: remembered(),
    };
    let outcome = client::check(request, move |m| match m {
        CheckMessage::Election(view) => shared.record_election(view.clone()),
        CheckMessage::Statements { kind, statements } => on_statements(*kind, statements.clone()),
        _ => {}
    })
    .await;
    // Every end of a check ends the banner's "Verifying…" too: with the election, with why it
    // could not be verified, or with the worker's failure.
    match &outcome {
        Ok(Some(o)) => {
            match &o.election {
                Some(view) => shared.record_election(view.clone()),
                None => show_election_state(shared, ElectionState::NotVerified(first_failure(o))),
            }
            keep_remembered(o.remember.clone());
        }
        // A refused code checked nothing; the banner's own check goes on.
        Ok(None) => {}
        Err(WorkerFailed) => show_election_state(shared, ElectionState::WorkerFailed),
    }
    outcome
}

/// The first failure of a check, for the banner.
fn first_failure(outcome: &CheckOutcome) -> Option<Worded> {
    outcome
        .checks
        .iter()
        .flat_map(|c| c.failures.first())
        .next()
        .cloned()
}

/// The trust settings for a verification in the whole worker (the checker reads the list
/// itself): the list of elections, loaded once, and this device's remembered checkpoints.
pub async fn trust(shared: Shared) -> Trust {
    let known = match shared.known.get_untracked() {
        Some(list) => list,
        None => {
            let list = load_known().await;
            shared.known.set(Some(list.clone()));
            list
        }
    };
    crate::known::trust(&known, remembered().as_ref())
}

/// Shows the election in the banner once this device verified its manifest and checkpoint, with
/// the whole worker (the whole app's pages need the manifest).
pub fn verify_election(shared: Shared) {
    leptos::task::spawn_local(async move {
        let task = Task::Election {
            base: shared.base.get_value(),
        };
        let state = match verify_in_worker(shared, task, |_, _| {}).await {
            Ok(v) if v.manifest.is_some() => return,
            Ok(v) => ElectionState::NotVerified(
                v.report
                    .checks
                    .iter()
                    .flat_map(|c| c.failures.first())
                    .next()
                    .map(|f| Worded::new(|l| l.words().failure(f))),
            ),
            Err(WorkerFailed) => ElectionState::WorkerFailed,
        };
        show_election_state(shared, state);
    });
}

/// As [`verify_election`], with the checker (the check page links nothing of the whole worker's).
pub fn check_election(shared: Shared) {
    leptos::task::spawn_local(async move {
        let task = CheckTask::Election {
            base: shared.base.get_value(),
        };
        let _ = check_in_worker(shared, task, |_, _| {}).await;
    });
}

/// The banner's own verification failed; a later verification may have shown the election
/// meanwhile, and that stays.
fn show_election_state(shared: Shared, state: ElectionState) {
    if shared.election.get_untracked() == ElectionState::Checking {
        shared.election.set(state);
    }
}
