//! "Check my ballot": receipt code entry, the voter's check, the checklist and the verdict.

use castcheck_record::board::EntryKind;
use castcheck_record::files::{HEADS_PATH, MANIFEST_PATH, TOTALS_PATH};
use castcheck_record::receipt::{ReceiptCode, ReceiptCodeError, CODE_SYMBOLS, GROUP_SIZE};
use castcheck_record::verify::{
    check_receipt, index_shard_for, precinct_file_for, VoterInputs, VoterOutcome, VoterReport,
};
use leptos::prelude::*;

use crate::api::{self, FetchError};
use crate::app::Shared;
use crate::checklist::{status_class, status_text, steps};
use crate::i18n::{check_meaning, fill, Texts};

/// Where a check stands.
#[derive(Debug, Clone)]
enum CheckState {
    Idle,
    Running,
    Done(Box<VoterReport>, f64),
    Error(FetchError),
}

/// Groups typed characters in fours, as printed on receipts.
fn group_as_typed(raw: &str) -> String {
    let chars: Vec<char> = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    chars
        .chunks(GROUP_SIZE)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The message for typed text, or `None` while it is still incomplete and plausible.
fn typing_message(text: &str, t: &Texts) -> Option<(bool, String)> {
    let typed = text
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .count();
    match ReceiptCode::parse(text) {
        Ok(_) => Some((true, t.code_ok.into())),
        Err(ReceiptCodeError::Empty) => None,
        Err(ReceiptCodeError::WrongLength { .. }) if typed < CODE_SYMBOLS => {
            Some((true, t.code_incomplete.into()))
        }
        Err(e) => Some((false, error_text(&e, t))),
    }
}

fn error_text(e: &ReceiptCodeError, t: &Texts) -> String {
    match e {
        ReceiptCodeError::Mistyped { group: Some(g) } => {
            fill(t.typo_group, &[("g", &g.to_string())])
        }
        ReceiptCodeError::Mistyped { group: None } => t.typo_unknown.into(),
        ReceiptCodeError::InvalidCharacter { character, group } => fill(
            t.typo_char,
            &[("g", &group.to_string()), ("c", &character.to_string())],
        ),
        ReceiptCodeError::WrongGroupLength { group, .. } => {
            fill(t.typo_group, &[("g", &group.to_string())])
        }
        ReceiptCodeError::WrongLength { found } => {
            fill(t.typo_length, &[("n", &found.to_string())])
        }
        ReceiptCodeError::Empty => t.code_incomplete.into(),
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Fetches what one receipt's check needs and runs it.
async fn run_check(base: String, code: ReceiptCode) -> Result<VoterReport, FetchError> {
    let manifest = api::fetch(&base, MANIFEST_PATH).await?;
    let index = api::fetch_optional(&base, &index_shard_for(&code, &manifest))
        .await?
        .unwrap_or_default();
    let precinct = match precinct_file_for(&code, &manifest, &index) {
        Some(path) => api::fetch_optional(&base, &path).await?,
        None => None,
    };
    let found = precinct.is_some();
    let (heads, totals) = if found {
        (
            api::fetch(&base, HEADS_PATH).await?,
            api::fetch(&base, TOTALS_PATH).await?,
        )
    } else {
        (api::fetch(&base, HEADS_PATH).await?, Vec::new())
    };
    Ok(check_receipt(
        &code,
        VoterInputs {
            manifest: &manifest,
            heads: &heads,
            totals: &totals,
            index: &index,
            precinct: precinct.as_deref(),
        },
    ))
}

#[component]
pub fn CheckPage(code: Option<String>) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().texts();
    let text = RwSignal::new(code.as_deref().map(group_as_typed).unwrap_or_default());
    let state = RwSignal::new(CheckState::Idle);
    let start = move |code: ReceiptCode| {
        state.set(CheckState::Running);
        let started = now_ms();
        leptos::task::spawn_local(async move {
            let result = run_check(shared.base.get_value(), code).await;
            let elapsed = now_ms() - started;
            state.set(match result {
                Ok(report) => CheckState::Done(Box::new(report), elapsed),
                Err(e) => CheckState::Error(e),
            });
        });
    };
    // A deep link runs the check at once.
    if let Some(Ok(code)) = code.as_deref().map(ReceiptCode::parse) {
        start(code);
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(code) = ReceiptCode::parse(&text.get_untracked()) {
            let target = format!("#/check/{}", code.compact());
            if window().location().hash().unwrap_or_default() == target {
                start(code);
            } else {
                let _ = window().location().set_hash(&target);
            }
        }
    };
    let message = move || typing_message(&text.get(), t());
    view! {
        <h2>{move || t().check_title}</h2>
        <p>{move || t().check_intro}</p>
        <form class="code-form" on:submit=on_submit novalidate>
            <label for="code">{move || t().code_label}</label>
            <p id="code-hint" class="hint">{move || t().code_hint}</p>
            <div class="code-row">
                <input id="code" name="code" type="text" inputmode="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" maxlength="40" aria-describedby="code-hint code-message"
                    aria-invalid=move || message().is_some_and(|(ok, _)| !ok).to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(group_as_typed(&event_target_value(&ev)))/>
                <button type="submit" disabled=move || ReceiptCode::parse(&text.get()).is_err()>{move || t().check_button}</button>
            </div>
            <p id="code-message" class=move || match message() { Some((false, _)) => "message typo", _ => "message" } aria-live="polite">
                {move || message().map(|(_, m)| m)}
            </p>
        </form>
        <div aria-live="polite" aria-atomic="false">{move || render_state(state.get(), t(), shared, start)}</div>
    }
}

fn render_state(
    state: CheckState,
    t: &'static Texts,
    shared: Shared,
    retry: impl Fn(ReceiptCode) + Copy + 'static,
) -> AnyView {
    match state {
        CheckState::Idle => ().into_any(),
        CheckState::Running => {
            view! { <p class="running" role="status">{t.checking}</p> }.into_any()
        }
        CheckState::Error(e) => {
            let again = move |_| {
                if let Some(Ok(code)) = window()
                    .location()
                    .hash()
                    .ok()
                    .map(|h| h.trim_start_matches("#/check/").to_owned())
                    .map(|c| ReceiptCode::parse(&c))
                {
                    retry(code);
                }
            };
            view! {
                <section class="verdict error" data-verdict="error">
                    <h3>{t.verdict_error}</h3>
                    <p>{t.verdict_error_body}</p>
                    <p><code>{e.url}</code>": "{e.reason}</p>
                    <button type="button" on:click=again>{t.retry}</button>
                </section>
            }
            .into_any()
        }
        CheckState::Done(report, elapsed) => render_report(*report, elapsed, t, shared),
    }
}

fn render_report(r: VoterReport, elapsed: f64, t: &'static Texts, shared: Shared) -> AnyView {
    let authority = r
        .report
        .election
        .as_ref()
        .map(|e| e.authority.clone())
        .unwrap_or_default();
    let (verdict, title, body) = match &r.outcome {
        VoterOutcome::Verified(found) if found.kind == EntryKind::Challenged => {
            ("verified", t.verdict_verified, t.verdict_challenged_body)
        }
        VoterOutcome::Verified(_) => ("verified", t.verdict_verified, t.verdict_verified_body),
        VoterOutcome::NotFound => ("not-found", t.verdict_not_found, t.verdict_not_found_body),
        VoterOutcome::Failed => ("failed", t.verdict_failed, t.verdict_failed_body),
    };
    let found = match &r.outcome {
        VoterOutcome::Verified(f) => Some(f.clone()),
        _ => None,
    };
    let precinct_name = found
        .as_ref()
        .map(|f| f.precinct_name.clone())
        .unwrap_or_else(|| t.your_precinct.to_owned());
    let challenged = found
        .as_ref()
        .is_some_and(|f| f.kind == EntryKind::Challenged);
    let show_steps = !matches!(r.outcome, VoterOutcome::NotFound);
    // Failed checks, named in the verdict itself with the first reason each gave.
    let failed: Vec<_> = r
        .report
        .checks
        .iter()
        .filter(|c| c.status == castcheck_record::report::Status::Failed)
        .map(|c| (c.id, c.failures.first().map(ToString::to_string)))
        .collect();
    let steps = steps(&r.report, t, &authority, &precinct_name, challenged);
    let _ = shared;
    view! {
        {show_steps.then(|| view! {
            <ol class="checklist">
                {steps.into_iter().map(|s| view! {
                    <li class=status_class(s.status) data-status=status_class(s.status)>
                        <span class="mark" aria-hidden="true">{match s.status { castcheck_record::report::Status::Passed => "✓", castcheck_record::report::Status::Failed => "✗", _ => "–" }}</span>
                        <span class="label">{s.label}</span>
                        <span class="status">{status_text(s.status, t)}</span>
                        <details open=s.status == castcheck_record::report::Status::Failed>
                            <summary>{t.details}</summary>
                            <ul>
                                {s.checks.into_iter().map(|(id, status, n, failures)| view! {
                                    <li data-check=id.code() data-status=status_class(status)>
                                        <code>{id.code()}</code>" "{check_meaning(t, id)}" — "{status_text(status, t)}" ("{n}")"
                                        <ul>{failures.into_iter().map(|f| view! { <li class="failure">{f}</li> }).collect_view()}</ul>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </details>
                    </li>
                }).collect_view()}
            </ol>
        })}
        <section class=format!("verdict {verdict}") data-verdict=verdict data-elapsed-ms=format!("{elapsed:.0}") tabindex="-1">
            <h3>{title}</h3>
            <p>{body}</p>
            {(!failed.is_empty()).then(|| view! {
                <ul class="failed-checks" data-testid="failed-checks">
                    {failed.into_iter().map(|(id, reason)| view! {
                        <li><code>{id.code()}</code>" "{check_meaning(t, id)}": "<strong>{t.failed}</strong>{reason.map(|r| format!(" — {r}"))}</li>
                    }).collect_view()}
                </ul>
            })}
            {found.map(|f| view! {
                {f.opened.clone().map(|opened| view! {
                    <div class="opened" data-testid="challenged-contents">
                        <h4>{t.challenged_contents}</h4>
                        <ul>{opened.into_iter().map(|c| view! { <li><strong>{c.contest}": "</strong>{c.selected.join(", ")}</li> }).collect_view()}</ul>
                    </div>
                })}
                <dl class="ballot-details">
                    <div><dt>{t.precinct}</dt><dd>{f.precinct_name.clone()}</dd></div>
                    <div><dt>{t.county}</dt><dd>{f.county_name.clone()}</dd></div>
                    <div><dt>{t.tracker}</dt><dd><code class="wrap">{f.tracker.clone()}</code></dd></div>
                    <div><dt>{t.position}</dt><dd>{f.position}</dd></div>
                    <div><dt>{t.head}</dt><dd>{format!("{} · {}", f.head_size, format_time(f.head_time))}</dd></div>
                </dl>
            })}
        </section>
    }
    .into_any()
}

/// Unix seconds as an ISO-like UTC date and time.
pub fn format_time(unix: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix as f64 * 1000.0));
    let iso: String = date.to_iso_string().into();
    iso.replace('T', " ").chars().take(16).collect::<String>() + " UTC"
}
