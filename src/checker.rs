//! The checker: the lean worker behind the check page. It runs a voter's check (or the banner's
//! check of the election) through the core's driver, tells the page how far each statement is
//! proven after every file, and words the findings in every language, so the page links no
//! finding types. Archives, preloads and the results-table audit are the full worker's.

use castcheck_record::{CheckId, Driver, Reason, ReceiptCode, Verification};
use web_sys::DedicatedWorkerGlobalScope;

use crate::check_protocol::{
    CheckLine, CheckMessage, CheckOutcome, CheckRequest, CheckTask, ElectionView, Unreachable,
    Worded,
};
use crate::i18n;
use crate::known::{load_known, remember, trust, KnownElection};
use crate::worker::{drive, fetch_all, post, serve, Source};

/// Answers the page's checks, one per worker.
pub fn listen() {
    serve(
        |scope, request: CheckRequest, _| run(scope, request),
        &CheckMessage::Ready,
    );
}

async fn run(scope: DedicatedWorkerGlobalScope, request: CheckRequest) {
    let CheckRequest { task, remembered } = request;
    // Drivers made for these jobs alone: the checker links none of the audit.
    let (base, mut driver) = match task {
        CheckTask::Election { base } => (base, Driver::for_election()),
        CheckTask::Check { base, code } => match ReceiptCode::parse(&code) {
            Ok(code) => (base, Driver::for_voter(code)),
            Err(_) => return post(&scope, &CheckMessage::Refused),
        },
    };
    // The list of elections says whom to trust before the first file is checked; it travels
    // beside the election's first files, not a round trip ahead of them.
    let source = Source::Url(&base);
    let first = driver.next_fetches();
    let (known, first) = futures::join!(load_known(), fetch_all(&source, first));
    let mut driver = trust(&known, remembered.as_deref()).apply(driver);
    let mut announced = false;
    let mut shown = Vec::new();
    drive(&source, &mut driver, first, |driver, _| {
        if !announced {
            if let Some((summary, manifest, _)) = driver.election() {
                announced = true;
                post(
                    &scope,
                    &CheckMessage::Election(ElectionView::new(summary, manifest, &known)),
                );
            }
        }
        let statements = driver.statements();
        if !statements.is_empty() && statements != shown {
            shown = statements.clone();
            post(
                &scope,
                &CheckMessage::Statements {
                    kind: driver.ballot_kind(),
                    statements,
                },
            );
        }
    })
    .await;
    let outcome = outcome(&driver.finish(), &known, remembered.as_deref());
    post(&scope, &CheckMessage::Done(Box::new(outcome)));
}

/// The verification as the page shows it, every failure worded.
fn outcome(v: &Verification, known: &[KnownElection], remembered: Option<&str>) -> CheckOutcome {
    let election = v
        .report
        .election
        .clone()
        .zip(v.manifest.as_ref())
        .map(|(summary, manifest)| ElectionView::new(summary, manifest, known));
    CheckOutcome {
        election,
        voter: v.voter.clone(),
        checks: v
            .report
            .checks
            .iter()
            .map(|c| CheckLine {
                id: c.id,
                status: c.status,
                checked: c.checked,
                failures: c
                    .failures
                    .iter()
                    .map(|f| Worded::new(|l| i18n::failure(l, f)))
                    .collect(),
            })
            .collect(),
        statements: v.statements.clone(),
        evidence: split_view_evidence(v),
        checkpoint: v.checkpoint.clone(),
        remember: v
            .checkpoint
            .as_deref()
            .filter(|_| remembered.is_some() && v.report.checkpoint_consistent())
            .and_then(|c| remember(remembered, c)),
        unreachable: v
            .unreachable
            .iter()
            .map(|u| Unreachable {
                path: u.path.clone(),
                problem: Worded::new(|l| i18n::fetch_problem(l, &u.problem)),
            })
            .collect(),
    }
}

/// Both checkpoints, when V-04 found that the authority showed this device two boxes.
fn split_view_evidence(v: &Verification) -> Option<(String, String)> {
    use castcheck_record::witness::WitnessProblem;
    v.report
        .check(CheckId::Witnesses)?
        .failures
        .iter()
        .find_map(|f| match &f.reason {
            Reason::Witness {
                problem:
                    WitnessProblem::SplitView { remembered, seen }
                    | WitnessProblem::Rollback { remembered, seen }
                    | WitnessProblem::NotExtension {
                        remembered, seen, ..
                    },
            } => Some((remembered.clone(), seen.clone())),
            _ => None,
        })
}
