//! "Check my ballot": receipt code entry, the voter's check in the checker, its statements as
//! they are proven, and the verdict.

pub mod checklist;
pub mod compare;
pub mod scan;
pub mod slip;

use std::sync::Arc;

use castcheck_record::receipt::{CODE_SYMBOLS, GROUP_SIZE};
use castcheck_record::{
    Answer, ElectionCode, ReceiptCode, ReceiptCodeError, ReceiptLink, ReceiptLinkError,
};
use leptos::prelude::*;

use crate::check::checklist::{failed_checks, statements, Live};
use crate::check::scan::Scanner;
use crate::check::slip::slip;
use crate::glossary::{term, Term};
use crate::i18n::{check_meaning, date_time, fill, number, plural, Lang, Texts};
use crate::protocol::check::{CheckOutcome, CheckTask, ElectionView};
use crate::runtime::client::{PageTask, WorkerFailed};
use crate::shell::route::in_kiosk;
use crate::shell::services::check_in_worker;
use crate::shell::state::{compare_hash, grouped, Shared};

/// Groups typed characters in fours, as printed on receipts.
pub(crate) fn group_as_typed(raw: &str) -> String {
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
pub(crate) fn typing_message(text: &str, t: &Texts) -> Option<(bool, String)> {
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

/// What a deep link carries: `<receipt code>` or `<receipt code>/<election code>` (the QR payload).
fn split_link(link: &str) -> (&str, Option<&str>) {
    match link.split_once('/') {
        Some((code, election)) => (code, Some(election)),
        None => (link, None),
    }
}

/// The receipt code a deep link (`#/check/<code>[/<election code>]`) is checked for: none when
/// its code, or the election code it carries, does not parse (then nothing is checked).
pub(crate) fn linked_code(link: &str) -> Option<ReceiptCode> {
    let (code, election) = split_link(link);
    if election.is_some_and(|e| ElectionCode::parse(e).is_none()) {
        return None;
    }
    ReceiptCode::parse(code).ok()
}

/// Why a scanned QR code was not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    NotReceipt,
    BadCode,
    ElectionNotVerified,
    OtherVerifier { url: String, expected: String },
}

impl Refusal {
    pub(crate) fn id(&self) -> &'static str {
        match self {
            Refusal::NotReceipt => "not-a-receipt",
            Refusal::BadCode => "bad-code",
            Refusal::ElectionNotVerified => "election-not-verified",
            Refusal::OtherVerifier { .. } => "other-verifier",
        }
    }

    pub(crate) fn text(&self, t: &Texts) -> String {
        match self {
            Refusal::NotReceipt => t.scan_not_receipt.into(),
            Refusal::BadCode => t.scan_bad_code.into(),
            Refusal::ElectionNotVerified => t.scan_no_election.into(),
            Refusal::OtherVerifier { url, expected } => fill(
                t.scan_foreign_verifier,
                &[("url", url), ("expected", expected)],
            ),
        }
    }
}

/// The codes of a scanned receipt link, if it is a receipt of the verifier this election names.
/// A link to another verifier is refused here (it could be a look-alike site); a link for another
/// election goes on, and its check says so.
pub(crate) fn scanned_codes(
    payload: &str,
    election: Option<&ElectionView>,
) -> Result<(ReceiptCode, ElectionCode), Refusal> {
    let link = ReceiptLink::parse(payload).map_err(|e| match e {
        ReceiptLinkError::NotAReceipt => Refusal::NotReceipt,
        ReceiptLinkError::BadCode | ReceiptLinkError::BadElection => Refusal::BadCode,
    })?;
    let election = election.ok_or(Refusal::ElectionNotVerified)?;
    if !link.is_for_verifier(&election.verifier_url) {
        return Err(Refusal::OtherVerifier {
            url: link.verifier_url,
            expected: election.verifier_url.clone(),
        });
    }
    Ok((link.code, link.election))
}

/// How a check ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Checked {
    /// The outcome, and how long the check took (ms).
    Outcome(Arc<CheckOutcome>, f64),
    /// The checker refused the code.
    Refused,
    WorkerFailed,
}

/// Runs a voter's check of `code` in the checker, showing its statements in `live` as they are
/// proven.
pub(crate) async fn run_check(
    shared: Shared,
    code: ReceiptCode,
    election: Option<ElectionCode>,
    live: RwSignal<Live>,
) -> Checked {
    live.set(Live::default());
    let task = CheckTask::Check {
        base: shared.base.get_value(),
        code: code.compact(),
        election: election.map(|e| e.compact()),
    };
    let started = now_ms();
    let on_statements = move |kind, statements| live.set(Live { kind, statements });
    match check_in_worker(shared, task, on_statements).await {
        Ok(Some(outcome)) => Checked::Outcome(Arc::new(outcome), now_ms() - started),
        Ok(None) => Checked::Refused,
        Err(WorkerFailed) => Checked::WorkerFailed,
    }
}

#[component]
pub fn CheckPage(code: Option<String>) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().texts();
    let checked = code.as_deref().and_then(linked_code);
    let (code, election) = match code.as_deref().map(split_link) {
        Some((c, e)) => (Some(c.to_owned()), e.map(str::to_owned)),
        None => (None, None),
    };
    // The receipt's election code, when the link carries one: `Err` when it is not one at all.
    let receipt_election = election.map(|e| ElectionCode::parse(&e).ok_or(e));
    let text = RwSignal::new(code.as_deref().map(group_as_typed).unwrap_or_default());

    // Bumped by "Try again" and by submitting the code already in the address.
    let attempt = RwSignal::new(0u32);
    let live = RwSignal::new(Live::default());
    // Leaving the page ends its worker.
    let running = PageTask::new();
    let wanted = receipt_election.clone().and_then(Result::ok);
    let result = LocalResource::new(move || {
        attempt.track();
        let run = running
            .cancellable(async move { Some(run_check(shared, checked?, wanted, live).await) });
        async move { run.await.flatten() }
    });
    let election_suffix = match &receipt_election {
        Some(Ok(e)) => format!("/{}", e.compact()),
        _ => String::new(),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(code) = ReceiptCode::parse(&text.get_untracked()) {
            let target = format!("#/check/{}{election_suffix}", code.compact());
            if window().location().hash().unwrap_or_default() == target {
                attempt.update(|n| *n += 1);
            } else {
                let _ = window().location().set_hash(&target);
            }
        }
    };
    let message = move || typing_message(&text.get(), t());
    let retry = move || attempt.update(|n| *n += 1);
    let scanning = RwSignal::new(false);
    // Why the last scanned QR code was refused, worded when shown.
    let refusal: RwSignal<Option<Refusal>> = RwSignal::new(None);
    let on_scanned = Callback::new(move |payload: String| {
        scanning.set(false);
        match scanned_codes(&payload, shared.election_view().as_ref()) {
            Ok((code, election)) => {
                refusal.set(None);
                let target = format!("#/check/{}/{}", code.compact(), election.compact());
                let _ = window().location().set_hash(&target);
            }
            Err(r) => refusal.set(Some(r)),
        }
    });
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
        <div class="scan">
            {move || (!scanning.get()).then(|| view! {
                <button type="button" class="secondary" data-testid="scan" on:click=move |_| { refusal.set(None); scanning.set(true) }>{move || t().scan_button}</button>
            })}
            {move || scanning.get().then(|| view! { <Scanner on_text=on_scanned on_close=Callback::new(move |_| scanning.set(false))/> })}
            <div aria-live="polite">{move || refusal.get().map(|r| view! {
                <section class="verdict refused" data-verdict="refused" data-refusal=r.id()><p>{r.text(t())}</p></section>
            })}</div>
        </div>
        <div aria-live="polite" aria-atomic="false">
            {matches!(receipt_election, Some(Err(_))).then(|| view! {
                <section class="verdict refused" data-verdict="refused">
                    <h3>{move || t().foreign_link_title}</h3>
                    <p>{move || t().foreign_link_body}</p>
                </section>
            })}
            {checked.is_some().then(|| view! {
                {move || match result.get().flatten() {
                    None => checking(live, shared.lang.get()).into_any(),
                    Some(r) => render_result(r, live, checked, shared.lang.get(), shared, retry),
                }}
            })}
        </div>
    }
}

/// While the check runs: what is proven so far, and for how long it has run.
pub(crate) fn checking(live: RwSignal<Live>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let seconds = RwSignal::new(0u64);
    if let Ok(tick) = set_interval_with_handle(
        move || seconds.update(|s| *s += 1),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || tick.clear());
    }
    view! {
        <p class="running" role="status">{t.checking}</p>
        // Outside the live region: a screen reader is not told every second.
        <p class="since" data-testid="checking-for">{move || fill(t.checking_for, &[("s", &number(lang, seconds.get()))])}</p>
        {move || statements(&live.get(), None, lang, t.your_precinct)}
    }
}

pub(crate) fn render_result(
    result: Checked,
    live: RwSignal<Live>,
    code: Option<ReceiptCode>,
    lang: Lang,
    shared: Shared,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let t = lang.texts();
    let (o, elapsed) = match result {
        Checked::WorkerFailed => {
            return could_not_check(Some(t.worker_failed.into()), None, lang, retry)
        }
        Checked::Refused => return could_not_check(None, None, lang, retry),
        Checked::Outcome(o, elapsed) => (o, elapsed),
    };
    render_verdict(
        &o,
        &live.get_untracked(),
        elapsed,
        lang,
        code,
        shared,
        retry,
    )
}

/// When the checker could not run (or a file could not be had): not a verdict about the record.
fn could_not_check(
    why: Option<String>,
    addresses: Option<String>,
    lang: Lang,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let t = lang.texts();
    let verdict = if why.is_some() {
        Answer::CouldNotCheck.code()
    } else {
        "error"
    };
    view! {
        <section class="verdict error" data-verdict=verdict>
            <h3>{t.verdict_error}</h3>
            <p>{t.verdict_error_body}</p>
            // Why, in plain words; the addresses and the browser's own (untranslated) words are
            // for whoever helps: folded, and wrapped so that they never run past a phone's screen.
            {why.map(|why| view! { <p data-testid="unreachable-why">{why}</p> })}
            {addresses.map(|addresses| view! {
                <details class="technical"><summary>{t.details}</summary><pre class="wrap" data-testid="unreachable">{addresses}</pre></details>
            })}
            <button type="button" on:click=move |_| retry()>{t.retry}</button>
        </section>
    }
    .into_any()
}

/// The title and the sentence for the core's answer, in `lang`.
pub(crate) fn answer_words(answer: &Answer, t: &'static Texts) -> (&'static str, String) {
    match answer {
        Answer::Verified => (t.verdict_verified, t.verdict_verified_body.into()),
        Answer::Challenged => (t.verdict_challenged_title, t.verdict_challenged_body.into()),
        Answer::NotWitnessed { .. } => {
            (t.verdict_not_witnessed, t.verdict_not_witnessed_body.into())
        }
        Answer::NotFound => (t.verdict_not_found, t.verdict_not_found_body.into()),
        Answer::Unlisted { found: true } => (t.unlisted_title, t.unlisted_body.into()),
        Answer::Unlisted { found: false } => (t.unlisted_title, t.unlisted_not_found_body.into()),
        Answer::WrongElection { receipt, record } => (
            t.wrong_election_title,
            fill(
                t.wrong_election_body,
                &[("receipt", receipt), ("record", record)],
            ),
        ),
        Answer::TwoBoards { .. } => (t.split_view_title, t.split_view_body.into()),
        Answer::Failed { .. } => (t.verdict_failed, t.verdict_failed_body.into()),
        Answer::CouldNotCheck => (t.verdict_error, t.verdict_error_body.into()),
    }
}

/// The core's verdict, as it stands: statements, the answer, the evidence, the ballot's details.
fn render_verdict(
    o: &CheckOutcome,
    live: &Live,
    elapsed: f64,
    lang: Lang,
    code: Option<ReceiptCode>,
    shared: Shared,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    let t = lang.texts();
    let verdict = &o.verdict;
    if verdict.answer == Answer::CouldNotCheck {
        let base = shared.base.get_value();
        let mut why: Vec<&str> = o.unreachable.iter().map(|u| u.problem.get(lang)).collect();
        why.dedup();
        let addresses = o
            .unreachable
            .iter()
            .map(|u| match &u.technical {
                Some(said) => format!("{base}{} ({said})", u.path),
                None => format!("{base}{}", u.path),
            })
            .collect::<Vec<_>>()
            .join("\n");
        return could_not_check(Some(why.join("; ")), Some(addresses), lang, retry);
    }
    let (title, body) = answer_words(&verdict.answer, t);
    let id = verdict.answer.code();
    let found = verdict.ballot.clone();
    let precinct_name = found
        .as_ref()
        .map(|f| f.precinct_name.clone())
        .unwrap_or_else(|| t.your_precinct.to_owned());
    let live = Live {
        kind: found.as_ref().map(|f| f.kind).or(live.kind),
        statements: live.statements.clone(),
    };
    let show_statements = !matches!(
        verdict.answer,
        Answer::NotFound | Answer::Unlisted { found: false } | Answer::WrongElection { .. }
    );
    // Failed checks, named in the verdict itself with the first reason each gave.
    let failed = failed_checks(o, lang);
    // A kiosk is a closed room: no link leaves it (the next person would find this session).
    let compare = o
        .checkpoint
        .as_deref()
        .filter(|_| !in_kiosk())
        .map(|note| shared.href(&compare_hash(note)));
    let evidence = match &verdict.answer {
        Answer::TwoBoards {
            remembered, seen, ..
        } => Some((remembered.clone(), seen.clone())),
        _ => None,
    };
    // The answer first: the verdict takes the focus when it arrives (and so is scrolled into
    // view and announced), and the statements behind it follow.
    let verdict_ref = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(section) = verdict_ref.get() {
            let _ = section.focus();
        }
    });
    view! {
        <section class=format!("verdict {id}") data-verdict=id data-elapsed-ms=(elapsed as u64).to_string() tabindex="-1" node_ref=verdict_ref>
            <h3>{title}</h3>
            <p>{body}</p>
            {(!failed.is_empty()).then(|| view! {
                <ul class="failed-checks" data-testid="failed-checks">
                    {failed.into_iter().map(|(id, reason)| view! {
                        <li><code>{id.code()}</code>" "{check_meaning(t, id)}": "<strong>{t.failed}</strong>{reason.map(|r| format!(" — {r}"))}</li>
                    }).collect_view()}
                </ul>
            })}
            {evidence.map(|(before, now)| view! {
                <div class="evidence" data-testid="split-view">
                    <h5>{t.checkpoint_before}</h5>
                    <pre class="checkpoint" data-testid="checkpoint-before">{before}</pre>
                    <h5>{t.checkpoint_now}</h5>
                    <pre class="checkpoint" data-testid="checkpoint-now">{now}</pre>
                </div>
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
                    // The ballot's short code in groups; the whole tracker under Details.
                    <div><dt>{term(shared, Term::Tracker, t.tracker)}</dt><dd><code data-testid="tracker-short">{grouped(f.tracker.get(..16).unwrap_or(&f.tracker))}</code>
                        <details><summary>{t.details}</summary><code class="wrap" data-testid="tracker">{f.tracker.clone()}</code></details></dd></div>
                    <div><dt>{t.position}</dt><dd>{number(lang, f.position)}</dd></div>
                    <div><dt>{t.head}</dt><dd>{format!("{} · {}", plural(lang, &t.ballots_n, f.head_size, &[]), date_time(lang, f.head_time))}</dd></div>
                    <div class="full"><dt>{term(shared, Term::Root, t.head_root)}</dt><dd><code class="wrap" data-testid="head-root">{grouped(&f.head_root)}</code></dd></div>
                </dl>
                {compare.map(|href| view! { <p><a href=href data-testid="compare-link">{t.compare_link}</a></p> })}
            })}
        </section>
        {show_statements.then(|| statements(&live, Some(o), lang, &precinct_name))}
        {slip(o, lang, title, code)}
    }
    .into_any()
}
