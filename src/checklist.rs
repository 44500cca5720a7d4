//! The voter's checklist: plain-language steps, each backed by check ids of the report.

use castcheck_record::report::{CheckId, Report, Status};

use crate::i18n::{fill, Lang, Texts};

/// One line of the checklist and the checks that stand behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub label: String,
    pub status: Status,
    pub checks: Vec<StepCheck>,
}

/// One check behind a step, with its failures worded in the page's language.
#[derive(Debug, Clone, PartialEq)]
pub struct StepCheck {
    pub id: CheckId,
    pub status: Status,
    pub checked: u64,
    pub failures: Vec<String>,
}

/// Groups the report's checks into the steps a voter reads.
pub fn steps(
    report: &Report,
    lang: Lang,
    authority: &str,
    precinct: &str,
    challenged: bool,
) -> Vec<Step> {
    use CheckId::*;
    let t = lang.texts();
    let mut groups: Vec<(String, Vec<CheckId>)> = vec![
        (t.step_record.into(), vec![Files, Manifest]),
        (t.step_box.into(), vec![Inclusion, Index]),
        (
            fill(t.step_sealed, &[("authority", authority)]),
            vec![Checkpoint, Witnesses, Seals],
        ),
        (
            fill(t.step_precinct, &[("precinct", precinct)]),
            vec![BallotProofs, Trackers, Placement, EncryptedTally],
        ),
        (
            t.step_trustees.into(),
            vec![Trustees, DecryptionProofs, Counts],
        ),
        (t.step_total.into(), vec![Rollup, Results]),
    ];
    if challenged {
        groups.push((t.step_challenged.into(), vec![Challenged]));
    }
    groups
        .into_iter()
        .map(|(label, ids)| {
            let checks: Vec<_> = ids
                .iter()
                .filter_map(|id| report.check(*id))
                .map(|c| StepCheck {
                    id: c.id,
                    status: c.status,
                    checked: c.checked,
                    failures: c.failures.iter().map(|f| lang.words().failure(f)).collect(),
                })
                .collect();
            let status = combine(checks.iter().map(|c| c.status));
            Step {
                label,
                status,
                checks,
            }
        })
        .collect()
}

/// Failed if any failed; not run if any did not run; else passed.
pub fn combine(statuses: impl Iterator<Item = Status>) -> Status {
    let all: Vec<Status> = statuses.collect();
    if all.contains(&Status::Failed) {
        Status::Failed
    } else if all.contains(&Status::NotRun) || all.is_empty() {
        Status::NotRun
    } else if all.iter().all(|s| *s == Status::NotApplicable) {
        Status::NotApplicable
    } else {
        Status::Passed
    }
}

pub fn status_text(status: Status, t: &Texts) -> &'static str {
    match status {
        Status::Passed => t.passed,
        Status::Failed => t.failed,
        Status::NotRun => t.not_run,
        Status::NotApplicable => t.not_applicable,
    }
}

pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::NotRun => "not-run",
        Status::NotApplicable => "not-applicable",
    }
}
