//! "Audit the election": the full audit in a Web Worker, with progress, cancel and a report.

use castcheck_record::report::{Report, Status};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::Shared;
use crate::checklist::{status_class, status_text};
use crate::i18n::{check_meaning, fill, Texts};
use crate::worker_client::{self, Running};
use crate::worker_protocol::{Job, PrecinctRow, WorkerMessage};

#[derive(Debug, Clone, PartialEq)]
enum AuditState {
    Idle,
    Running {
        precincts_done: u64,
        precincts_total: u64,
        ballots_done: u64,
        elapsed_ms: f64,
    },
    Done(Box<Report>, f64),
    Cancelled,
    Error(String),
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().texts();
    let state = RwSignal::new(AuditState::Idle);
    let rows: RwSignal<Vec<PrecinctRow>> = RwSignal::new(Vec::new());
    let running: StoredValue<Option<Running>, LocalStorage> = StoredValue::new_local(None);
    on_cleanup(move || worker_client::stop(running));
    let start = move |_| {
        worker_client::stop(running);
        rows.set(Vec::new());
        let started = now_ms();
        let job = Job::Audit {
            base: shared.base.get_value(),
        };
        let handle = worker_client::start(job, move |message| match message {
            WorkerMessage::Progress {
                precincts_done,
                precincts_total,
                ballots_done,
                row,
            } => {
                if let Some(row) = row {
                    rows.update(|r| r.push(row));
                }
                state.set(AuditState::Running {
                    precincts_done,
                    precincts_total,
                    ballots_done,
                    elapsed_ms: now_ms() - started,
                })
            }
            WorkerMessage::Done { report } => {
                state.set(AuditState::Done(report, now_ms() - started))
            }
            WorkerMessage::Error { url, reason } => {
                state.set(AuditState::Error(format!("{url}: {reason}")))
            }
            WorkerMessage::Ready | WorkerMessage::TablesDone { .. } => {}
        });
        match handle {
            Ok(h) => {
                running.set_value(Some(h));
                state.set(AuditState::Running {
                    precincts_done: 0,
                    precincts_total: 0,
                    ballots_done: 0,
                    elapsed_ms: 0.0,
                });
            }
            Err(e) => state.set(AuditState::Error(e)),
        }
    };
    let cancel = move |_| {
        worker_client::stop(running);
        state.set(AuditState::Cancelled);
    };
    view! {
        <h2>{move || t().audit_title}</h2>
        <p>{move || t().audit_intro}</p>
        <div class="actions">
            <button type="button" on:click=start disabled=move || matches!(state.get(), AuditState::Running { .. })>{move || t().audit_start}</button>
            <button type="button" class="secondary" on:click=cancel disabled=move || !matches!(state.get(), AuditState::Running { .. })>{move || t().audit_cancel}</button>
        </div>
        <div aria-live="polite">{move || render(state.get(), t())}</div>
        {move || (!rows.get().is_empty()).then(|| precinct_table(rows.get(), shared, t()))}
    }
}

/// One row per precinct verified so far, and the sum of their verified counts.
fn precinct_table(rows: Vec<PrecinctRow>, shared: Shared, t: &'static Texts) -> AnyView {
    let manifest = shared.manifest.get().and_then(Result::ok);
    let name = |id: &str| {
        manifest
            .as_ref()
            .and_then(|m| m.precinct(id))
            .map_or(id.to_owned(), |p| p.name.clone())
    };
    let options: Vec<String> = manifest
        .as_ref()
        .and_then(|m| m.contests.first())
        .map(|c| c.options.iter().map(|o| o.name.clone()).collect())
        .unwrap_or_default();
    let mut totals = vec![0u64; options.len()];
    for counts in rows
        .iter()
        .filter_map(|r| r.counts.as_ref().and_then(|c| c.first()))
    {
        for (t, c) in totals.iter_mut().zip(counts) {
            *t += c;
        }
    }
    let ballots: u64 = rows.iter().map(|r| r.ballots).sum();
    view! {
        <div class="table-scroll">
        <table class="precincts" data-testid="audit-precincts">
            <caption>{t.precinct}</caption>
            <thead><tr>
                <th scope="col">{t.precinct}</th><th scope="col">{t.ballots}</th>
                {options.iter().map(|o| view! { <th scope="col">{o.clone()}</th> }).collect_view()}
                <th scope="col">{t.status}</th>
            </tr></thead>
            <tbody>
                {rows.iter().map(|r| {
                    let status = if r.failed.is_empty() { Status::Passed } else { Status::Failed };
                    let counts = r.counts.as_ref().and_then(|c| c.first()).cloned().unwrap_or_default();
                    view! {
                        <tr data-precinct=r.precinct.clone() data-status=status_class(status)>
                            <th scope="row">{name(&r.precinct)}</th>
                            <td>{r.ballots}</td>
                            {counts.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                            <td class=status_class(status)>{status_text(status, t)}" "{r.failed.join(" ")}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
            <tfoot><tr data-testid="audit-totals">
                <th scope="row">{t.statewide}</th><td>{ballots}</td>
                {totals.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                <td></td>
            </tr></tfoot>
        </table>
        </div>
    }
    .into_any()
}

fn render(state: AuditState, t: &'static Texts) -> AnyView {
    match state {
        AuditState::Idle => ().into_any(),
        AuditState::Cancelled => view! { <p class="verdict" data-verdict="cancelled">{t.audit_cancelled}</p> }.into_any(),
        AuditState::Error(e) => view! {
            <section class="verdict error" data-verdict="error"><h3>{t.verdict_error}</h3><p>{t.verdict_error_body}</p><p><code>{e}</code></p></section>
        }
        .into_any(),
        AuditState::Running { precincts_done, precincts_total, ballots_done, elapsed_ms } => {
            let rate = ballots_done as f64 / (elapsed_ms / 1000.0).max(0.001);
            let left = if precincts_done > 0 {
                elapsed_ms / 1000.0 * (precincts_total - precincts_done) as f64 / precincts_done as f64
            } else {
                0.0
            };
            let label = fill(
                t.audit_progress,
                &[("p", &precincts_done.to_string()), ("pt", &precincts_total.to_string()), ("b", &ballots_done.to_string())],
            );
            view! {
                <div class="progress" data-testid="audit-progress">
                    <progress max=precincts_total.max(1) value=precincts_done aria-label=label.clone()></progress>
                    <p>{label}" · "{format!("{rate:.0} {}", t.ballots_per_second)}" · "{format!("{left:.0} s {}", t.time_left)}</p>
                </div>
            }
            .into_any()
        }
        AuditState::Done(report, elapsed) => render_report(*report, elapsed, t),
    }
}

fn render_report(report: Report, elapsed: f64, t: &'static Texts) -> AnyView {
    let ok = report.all_passed();
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    let download = move |_| {
        let _ = download_text("castcheck-audit.json", &json, "application/json");
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <section class=if ok { "verdict verified" } else { "verdict failed" } data-verdict=if ok { "verified" } else { "failed" }
            data-ballots=report.ballots_verified data-elapsed-ms=format!("{elapsed:.0}")>
            <h3>{if ok { t.audit_done_ok } else { t.audit_done_failed }}</h3>
            <p>{format!("{} {} · {} {} · {:.1} s", report.ballots_verified, t.ballots.to_lowercase(), report.precincts_verified, t.precincts_word, elapsed / 1000.0)}</p>
        </section>
        <div class="actions">
            <button type="button" on:click=download>{t.download_report}</button>
            <button type="button" class="secondary" on:click=print>{t.print_summary}</button>
        </div>
        <table class="checks">
            <thead><tr><th scope="col">{t.check_id}</th><th scope="col">{t.what_it_means}</th><th scope="col">{t.status}</th><th scope="col">{t.items}</th></tr></thead>
            <tbody>
                {report.checks.into_iter().map(|c| view! {
                    <tr data-check=c.id.code() data-status=status_class(c.status)>
                        <td><code>{c.id.code()}</code></td>
                        <td>{check_meaning(t, c.id)}<ul>{c.failures.iter().map(|f| view! { <li class="failure">{f.to_string()}</li> }).collect_view()}</ul></td>
                        <td class=status_class(c.status)>{status_text(c.status, t)}</td>
                        <td>{if c.status == Status::NotApplicable { String::new() } else { c.checked.to_string() }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn download_text(name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
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
