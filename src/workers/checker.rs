//! The checker: the lean worker behind the check page. It runs a voter's check (or the banner's
//! check of the election) through the core's driver, tells the page how far each statement is
//! proven after every file, and words the findings in every language, so the page links no
//! finding types. Archives, preloads and the results-table audit are the full worker's.

use castcheck_record::{
    Driver, ElectionCode, FetchProblem, Listing, ReceiptCode, Verdict, Witnessing,
};
use web_sys::DedicatedWorkerGlobalScope;

use crate::i18n;
use crate::known::{load_known, remember, trust};
use crate::protocol::check::{
    CheckLine, CheckMessage, CheckOutcome, CheckRequest, CheckTask, ElectionView, Unreachable,
    Worded,
};
use crate::runtime::drive::{drive, Alone};
use crate::runtime::serve::{post, serve};
use crate::runtime::source::Source;

/// Answers the page's checks, one per worker.
pub fn listen() {
    serve(
        |scope, request: CheckRequest, _| run(scope, request),
        &CheckMessage::Ready,
    );
}

async fn run(scope: DedicatedWorkerGlobalScope, request: CheckRequest) {
    let CheckRequest { task, remembered } = request;
    let for_voter = matches!(task, CheckTask::Check { .. });
    // Drivers made for these jobs alone: the checker links none of the audit.
    let (base, mut driver, receipt_election) = match task {
        CheckTask::Election { base } => (base, Driver::for_election(), None),
        CheckTask::Check {
            base,
            code,
            election,
        } => match ReceiptCode::parse(&code) {
            Ok(code) => {
                let election = election.as_deref().and_then(ElectionCode::parse);
                (base, Driver::for_voter(code), election)
            }
            Err(_) => return post(&scope, &CheckMessage::Refused),
        },
    };
    // The list of elections says whom to trust before the first file is checked; it travels
    // beside the election's first files, not a round trip ahead of them.
    let source = Source::Url(&base);
    let first = driver.next_fetches();
    let (known, first) = futures::join!(load_known(), source.fetch_all(first));
    let mut driver = trust(&known, remembered.as_ref()).apply(driver);
    let mut announced = false;
    let mut shown = Vec::new();
    drive(&source, &mut driver, first, None::<Alone>, |driver, _| {
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
    let v = driver.finish();
    let election = v
        .report
        .election
        .clone()
        .zip(v.manifest.as_ref())
        .map(|(summary, manifest)| ElectionView::new(summary, manifest, &known));
    let listing = election
        .as_ref()
        .map_or(Listing::Unlisted, |e| e.listing.clone());
    // The banner's check of the election alone is judged as a whole record is, not as a receipt.
    let verdict = if for_voter {
        Verdict::of_voter(&v, listing, receipt_election, Witnessing::Required)
    } else {
        Verdict::of_audit(&v, listing, Witnessing::Required)
    };
    let outcome = CheckOutcome {
        remember: remember(remembered.as_ref(), verdict.remember.as_deref()),
        election,
        verdict,
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
        checkpoint: v.checkpoint.clone(),
        unreachable: v
            .unreachable
            .iter()
            .map(|u| Unreachable {
                path: u.path.clone(),
                problem: Worded::new(|l| i18n::fetch_problem(l, &u.problem)),
                technical: match &u.problem {
                    FetchProblem::Unreachable { detail } => Some(detail.clone()),
                    _ => None,
                },
            })
            .collect(),
    };
    post(&scope, &CheckMessage::Done(Box::new(outcome)));
}
