//! "Audit the election": the full audit in the worker, with progress, cancel and a report.

use std::collections::HashMap;
use std::sync::Arc;

use castcheck_record::{Answer, ArchiveError, PrecinctOutcome, Progress, Status, Verification};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::check::checklist::{status_class, status_text};
use crate::i18n::{check_meaning, decimal, fill, number, plural};
use crate::protocol::worker::{Task, WorkerMessage};
use crate::runtime::client::{self, PageTask};
use crate::shell::services::verify_in_worker;
use crate::shell::state::{grouped, Shared};

/// Where an audit stands, for the pages that run one.
#[derive(Debug, Clone, PartialEq)]
pub enum AuditState {
    Idle,
    Running(Progress, f64),
    Done(Arc<Verification>, f64),
    Cancelled,
    WorkerFailed,
    /// The record archive given could not be read.
    Unreadable(ArchiveError),
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Runs the full audit in the worker as `task`, showing progress in `state` and each precinct in
/// `rows`: of the record served beside the app, or of an archive file read on this device.
pub fn start_audit(
    shared: Shared,
    task: PageTask,
    state: RwSignal<AuditState>,
    rows: RwSignal<Vec<PrecinctOutcome>>,
    archive: Option<web_sys::File>,
) {
    rows.set(Vec::new());
    let started = now_ms();
    state.set(AuditState::Running(Progress::default(), 0.0));
    let on_progress = move |progress, row| {
        if let Some(row) = row {
            rows.update(|r| r.push(row));
        }
        state.set(AuditState::Running(progress, now_ms() - started));
    };
    task.spawn(async move {
        let done = match archive {
            None => {
                let audit = Task::Audit {
                    base: shared.base.get_value(),
                };
                verify_in_worker(shared, audit, on_progress)
                    .await
                    .map_or(AuditState::WorkerFailed, |v| {
                        AuditState::Done(v, now_ms() - started)
                    })
            }
            Some(file) => {
                let audit = Task::AuditArchive { name: file.name() };
                match client::run(
                    audit,
                    crate::shell::services::trust(shared).await,
                    Some(file.into()),
                    on_progress,
                )
                .await
                {
                    Ok(WorkerMessage::Verified { verification }) => {
                        shared.record(&verification);
                        AuditState::Done(Arc::new(*verification), now_ms() - started)
                    }
                    Ok(WorkerMessage::ArchiveUnreadable { error }) => AuditState::Unreadable(error),
                    _ => AuditState::WorkerFailed,
                }
            }
        };
        state.set(done);
    });
}

impl AuditState {
    fn running(&self) -> bool {
        matches!(self, AuditState::Running(..))
    }

    /// The finished verification, if any.
    pub fn done(&self) -> Option<Arc<Verification>> {
        match self {
            AuditState::Done(v, _) => Some(v.clone()),
            _ => None,
        }
    }

    /// Progress, the verdict, or what went wrong, in the page's language.
    pub fn view(&self, shared: Shared, with_report: bool) -> AnyView {
        let lang = shared.lang.get();
        let t = lang.app_texts();
        match self {
            AuditState::Idle => ().into_any(),
            AuditState::Cancelled => view! { <p class="verdict" data-verdict="cancelled">{t.audit_cancelled}</p> }.into_any(),
            AuditState::Unreadable(e) => view! {
                <section class="verdict error" data-verdict="error"><h3>{t.archive_unreadable}</h3><p>{lang.words().archive_error(e)}</p></section>
            }
            .into_any(),
            AuditState::WorkerFailed => view! {
                <section class="verdict error" data-verdict="error"><h3>{t.verdict_error}</h3><p>{t.worker_failed}</p></section>
            }
            .into_any(),
            AuditState::Running(p, elapsed_ms) => {
                let rate = p.ballots_verified as f64 / (elapsed_ms / 1000.0).max(0.001);
                let left = if p.precincts_done > 0 {
                    elapsed_ms / 1000.0 * p.precincts_total.saturating_sub(p.precincts_done) as f64
                        / p.precincts_done as f64
                } else {
                    0.0
                };
                let label = format!(
                    "{}, {}",
                    plural(lang, &t.precincts_of, p.precincts_total, &[("p", p.precincts_done)]),
                    plural(lang, &t.ballots_verified, p.ballots_verified, &[]),
                );
                view! {
                    <div class="progress" data-testid="audit-progress">
                        <progress max=p.precincts_total.max(1) value=p.precincts_done aria-label=label.clone()></progress>
                        <p>{label}" · "{format!("{} {}", number(lang, rate as u64), t.ballots_per_second)}" · "{fill(t.seconds_left, &[("s", &number(lang, left as u64))])}</p>
                    </div>
                }
                .into_any()
            }
            AuditState::Done(v, elapsed) => render_report(v, *elapsed, shared, with_report),
        }
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let state = RwSignal::new(AuditState::Idle);
    let rows: RwSignal<Vec<PrecinctOutcome>> = RwSignal::new(Vec::new());
    let running = PageTask::new();
    let start = move |_| start_audit(shared, running, state, rows, None);
    let audit_file = move |file: Option<web_sys::File>| {
        if let Some(file) = file {
            start_audit(shared, running, state, rows, Some(file));
        }
    };
    let cancel = move |_| {
        running.cancel();
        state.set(AuditState::Cancelled);
    };
    let busy = move || state.with(AuditState::running);
    view! {
        <h2>{move || t().audit_title}</h2>
        <p>{move || t().audit_intro}</p>
        <div class="actions">
            <button type="button" on:click=start disabled=busy>{move || t().audit_start}</button>
            <button type="button" class="secondary" on:click=cancel disabled=move || !busy()>{move || t().audit_cancel}</button>
        </div>
        <fieldset class="table-input archive-input"
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                audit_file(ev.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)));
            }>
            <legend>{move || t().audit_archive}</legend>
            <input id="record-archive" type="file" accept=".zip,.tar,application/zip,application/x-tar"
                aria-label=move || t().audit_archive disabled=busy
                on:change=move |ev| {
                    let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
                    audit_file(input.and_then(|i| i.files()).and_then(|l| l.get(0)));
                }/>
            <p class="hint">{move || t().audit_archive_hint}</p>
        </fieldset>
        <div aria-live="polite">{move || state.get().view(shared, true)}</div>
        <Show when=move || rows.with(|r| !r.is_empty())>
            <PrecinctTable rows=rows/>
        </Show>
    }
}

/// One row per precinct verified so far, and the sum of their verified counts.
#[component]
fn PrecinctTable(rows: RwSignal<Vec<PrecinctOutcome>>) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let n = move |v: u64| number(shared.lang.get(), v);
    let manifest = Memo::new(move |_| shared.manifest());
    let options = Memo::new(move |_| {
        manifest
            .get()
            .and_then(|m| {
                m.contests
                    .first()
                    .map(|c| c.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    });
    let name = move |id: &str| {
        manifest
            .get()
            .and_then(|m| m.precinct(id).map(|p| p.name.clone()))
            .unwrap_or_else(|| id.to_owned())
    };
    // The manifest's order, whichever precinct was verified first (helpers finish in any order).
    let order = Memo::new(move |_| {
        manifest
            .get()
            .map(|m| {
                m.precincts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.id.clone(), i))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default()
    });
    let ordered = Memo::new(move |_| {
        let mut rows = rows.get();
        order.with(|o| {
            rows.sort_by(|a, b| {
                let at = |r: &PrecinctOutcome| o.get(&r.precinct).copied().unwrap_or(usize::MAX);
                (at(a), &a.precinct).cmp(&(at(b), &b.precinct))
            })
        });
        rows
    });
    // Sums over the rows: ballots on the board, challenged, counted, and the verified counts of
    // the first contest (which add up to the counted ballots).
    let totals = Memo::new(move |_| {
        rows.with(|rows| {
            let mut sums = vec![0u64; options.with(Vec::len)];
            for counts in rows
                .iter()
                .filter_map(|r| r.counts.as_ref().and_then(|c| c.first()))
            {
                for (s, c) in sums.iter_mut().zip(counts) {
                    *s = s.saturating_add(*c);
                }
            }
            let sum = |of: fn(&PrecinctOutcome) -> u64| {
                rows.iter().fold(0u64, |a, r| a.saturating_add(of(r)))
            };
            let ballots = [
                sum(|r| r.cast.saturating_add(r.challenged)),
                sum(|r| r.challenged),
                sum(|r| r.cast),
            ];
            (ballots, sums)
        })
    });
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || t().precinct>
        <table class="precincts" data-testid="audit-precincts">
            <caption>{move || t().precinct}</caption>
            <thead><tr>
                <th scope="col">{move || t().precinct}</th>
                <th scope="col">{move || t().ballots_on_board}</th>
                <th scope="col">{move || t().ballots_challenged}</th>
                <th scope="col">{move || t().ballots_counted}</th>
                <For each=move || options.get() key=|o| o.clone() let:o><th scope="col">{o}</th></For>
                <th scope="col">{move || t().status}</th>
            </tr></thead>
            <tbody>
                <For each=move || ordered.get() key=|r| r.precinct.clone() let:r>
                    {
                        let status = if r.failed.is_empty() { Status::Passed } else { Status::Failed };
                        let counts = r.counts.as_ref().and_then(|c| c.first()).cloned().unwrap_or_default();
                        let failed = r.failed.iter().map(|c| c.code()).collect::<Vec<_>>().join(" ");
                        let id = r.precinct.clone();
                        let ballots = [r.cast.saturating_add(r.challenged), r.challenged, r.cast];
                        view! {
                            <tr data-precinct=r.precinct.clone() data-status=status_class(status)>
                                <th scope="row">{move || name(&id)}</th>
                                {ballots.into_iter().map(|b| view! { <td>{move || n(b)}</td> }).collect_view()}
                                {counts.into_iter().map(|c| view! { <td>{move || n(c)}</td> }).collect_view()}
                                <td class=status_class(status)>{move || status_text(status, t())}" "{failed.clone()}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
            <tfoot><tr data-testid="audit-totals">
                <th scope="row">{move || t().statewide}</th>
                {move || totals.get().0.into_iter().map(|b| view! { <td>{n(b)}</td> }).collect_view()}
                {move || totals.get().1.into_iter().map(|c| view! { <td>{n(c)}</td> }).collect_view()}
                <td></td>
            </tr></tfoot>
        </table>
        </div>
    }
}

fn render_report(v: &Verification, elapsed: f64, shared: Shared, with_report: bool) -> AnyView {
    let lang = shared.lang.get();
    let t = lang.app_texts();
    let report = &v.report;
    // Which election was audited, from the bytes the audit verified.
    let election = report
        .election
        .as_ref()
        .map(|e| (e.title.clone(), e.fingerprint.clone()));
    let answer = shared.audit_verdict(v).answer;
    let verdict = answer.code();
    let title = match answer {
        Answer::Verified => t.audit_done_ok,
        Answer::Unlisted { .. } => t.audit_done_unlisted,
        Answer::NotWitnessed { .. } => lang.texts().verdict_not_witnessed,
        Answer::CouldNotCheck => lang.texts().verdict_error,
        _ => t.audit_done_failed,
    };
    let json = serde_json::to_string_pretty(report).unwrap_or_default();
    let download = move |_| {
        let _ = download_text("castcheck-audit.json", &json, "application/json");
    };
    let print = move |_| {
        let _ = window().print();
    };
    let checks = report.checks.clone();
    view! {
        <section class=format!("verdict {verdict}") data-verdict=verdict
            data-ballots=report.ballots_verified data-elapsed-ms=format!("{elapsed:.0}")>
            <h3>{title}</h3>
            {election.map(|(name, fingerprint)| view! {
                <p>{name}" · "{t.election_fingerprint}" "<code class="wrap" data-testid="audited-fingerprint">{grouped(&fingerprint)}</code></p>
            })}
            <p>{format!("{} · {} · {} s", plural(lang, &t.ballots_n, report.ballots_verified, &[]), plural(lang, &t.precincts_n, report.precincts_verified, &[]), decimal(lang, elapsed / 1000.0, 1))}</p>
        </section>
        {with_report.then(|| view! {
            <div class="actions">
                <button type="button" on:click=download>{t.download_report}</button>
                <button type="button" class="secondary" on:click=print>{t.print_summary}</button>
            </div>
            <table class="checks">
                <thead><tr><th scope="col">{t.check_id}</th><th scope="col">{t.what_it_means}</th><th scope="col">{t.status}</th><th scope="col">{t.items}</th></tr></thead>
                <tbody>
                    {checks.into_iter().map(|c| view! {
                        <tr data-check=c.id.code() data-status=status_class(c.status)>
                            <td><code>{c.id.code()}</code></td>
                            <td>{check_meaning(t, c.id)}<ul>{c.failures.iter().map(|f| view! { <li class="failure">{lang.words().failure(f)}</li> }).collect_view()}</ul></td>
                            <td class=status_class(c.status)>{status_text(c.status, t)}</td>
                            <td>{if c.status == Status::NotApplicable { String::new() } else { number(lang, c.checked) }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
    .into_any()
}

pub fn download_text(name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url)
}
