//! What a voter's check proves, statement by statement: each shown as soon as the checker proves
//! it, and, once the check ended, with the checks of the report behind it.

use castcheck_record::board::EntryKind;
use castcheck_record::report::{CheckId, Status};
use castcheck_record::{Proof, Statement};
use leptos::prelude::*;

use crate::i18n::{check_meaning, fill, Lang, Texts};
use crate::protocol::check::CheckOutcome;

/// How far a check has come, as the checker reports it file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    /// Cast or challenged, once the ballot's board entry was found.
    pub kind: Option<EntryKind>,
    pub statements: Vec<(Statement, Proof)>,
}

/// A statement in the interface language (`precinct`: its name, or "your precinct").
fn statement_text(t: &Texts, s: Statement, kind: Option<EntryKind>, precinct: &str) -> String {
    match (s, kind) {
        (Statement::InBox, _) => t.statement_in_box.to_owned(),
        (Statement::Counted, Some(EntryKind::Challenged)) => {
            t.statement_counted_challenged.to_owned()
        }
        (Statement::Counted, _) => fill(t.statement_counted, &[("precinct", precinct)]),
        (Statement::ProofsValid, _) => fill(t.statement_proofs, &[("precinct", precinct)]),
    }
}

fn proof_text(p: Proof, t: &Texts) -> &'static str {
    match p {
        Proof::Pending => t.proof_pending,
        Proof::Proven => t.proof_proven,
        Proof::Unwitnessed => t.proof_unwitnessed,
        Proof::Failed => t.failed,
    }
}

fn proof_mark(p: Proof) -> &'static str {
    match p {
        Proof::Pending => "…",
        Proof::Proven => "✓",
        Proof::Unwitnessed => "!",
        Proof::Failed => "✗",
    }
}

/// The statements as far as they are proven; with `outcome`, the checks behind each.
pub fn statements(
    live: &Live,
    outcome: Option<&CheckOutcome>,
    lang: Lang,
    precinct: &str,
) -> impl IntoView {
    let t = lang.texts();
    let kind = live.kind;
    let proofs: Vec<(Statement, Proof)> = Statement::ALL
        .into_iter()
        .map(|s| {
            let from = outcome.map_or(&live.statements, |o| &o.verdict.statements);
            let p = from
                .iter()
                .find(|(x, _)| *x == s)
                .map_or(Proof::Pending, |(_, p)| *p);
            (s, p)
        })
        .collect();
    view! {
        <ol class="statements">
            {proofs.into_iter().map(|(s, p)| {
                let details = outcome.map(|o| checks_behind(o, s, lang));
                view! {
                    <li class=p.code() data-statement=s.code() data-proof=p.code()>
                        <span class="mark" aria-hidden="true">{proof_mark(p)}</span>
                        {(p == Proof::Pending).then(|| view! { <span class="not-yet">{t.not_yet_proven}" "</span> })}
                        <span class="label">{statement_text(t, s, kind, precinct)}</span>
                        // A space, so that the sentence and its status never read as one word.
                        " "
                        <span class="status">{proof_text(p, t)}</span>
                        {details.map(|d| view! {
                            <details open=p == Proof::Failed>
                                <summary>{t.details}</summary>
                                {d}
                            </details>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The report's checks behind statement `s`, with their failures.
fn checks_behind(o: &CheckOutcome, s: Statement, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let lines: Vec<_> = s
        .checks()
        .iter()
        .filter_map(|id| o.check(*id))
        .cloned()
        .collect();
    view! {
        <ul>
            {lines.into_iter().map(|c| view! {
                <li data-check=c.id.code() data-status=status_class(c.status)>
                    <code>{c.id.code()}</code>" "{check_meaning(t, c.id)}" — "{status_text(c.status, t)}" ("{c.checked}")"
                    <ul>{c.failures.into_iter().map(|f| view! { <li class="failure">{f.get(lang).to_owned()}</li> }).collect_view()}</ul>
                </li>
            }).collect_view()}
        </ul>
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

/// The failed checks of an outcome, with the first failure of each, in `lang`.
pub fn failed_checks(o: &CheckOutcome, lang: Lang) -> Vec<(CheckId, Option<String>)> {
    o.checks
        .iter()
        .filter(|c| c.status == Status::Failed)
        .map(|c| (c.id, c.failures.first().map(|f| f.get(lang).to_owned())))
        .collect()
}
