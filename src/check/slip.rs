//! The printed verification slip: what a voter takes away from a check (from a kiosk's printer or
//! any browser's print). It shows only what this device verified: the verdict, the election's
//! code and full fingerprint, the precinct, the final signed ballot box (size and root, in groups
//! people can compare), when it was checked, and what to do next. The receipt code is printed
//! only if the voter asks for it. On screen the slip is hidden; in print it is all there is.

use castcheck_record::digest::Digest;
use castcheck_record::{ElectionCode, ReceiptCode};
use leptos::prelude::*;

use crate::i18n::{date_time, plural, Lang};
use crate::protocol::check::CheckOutcome;
use crate::shell::state::grouped;

/// The print controls and the slip for the core's verdict of `o`, titled `title`.
pub fn slip(
    o: &CheckOutcome,
    lang: Lang,
    title: &'static str,
    code: Option<ReceiptCode>,
) -> impl IntoView {
    let t = lang.texts();
    let include_code = RwSignal::new(false);
    let election = o.election.as_ref().map(|e| e.summary.clone());
    let election_code = election
        .as_ref()
        .and_then(|e| Digest::from_hex(&e.fingerprint))
        .map(|d| ElectionCode::of(&d).to_string());
    let verdict = o.verdict.answer.code();
    let found = o.verdict.ballot.clone();
    let next = if o.verdict.answer.all_well() {
        t.slip_next_ok
    } else {
        t.slip_next_problem
    };
    let checked_at = date_time(lang, (js_sys::Date::now() / 1000.0) as u64);
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="slip-controls">
            {code.map(|_| view! {
                <label><input type="checkbox" data-testid="slip-include-code" prop:checked=move || include_code.get()
                    on:change=move |ev| include_code.set(event_target_checked(&ev))/>" "{t.slip_include_code}</label>
            })}
            <button type="button" class="secondary" data-testid="print-slip" on:click=print>{t.print_slip}</button>
        </div>
        <section class="slip" data-testid="slip" data-slip-verdict=verdict>
            <h2>{"castcheck — "}{t.slip_title}</h2>
            <p class="slip-verdict"><strong>{title}</strong></p>
            <dl>
                {election.map(|e| view! {
                    <div><dt>{t.election_fingerprint}</dt><dd>{e.title}<br/>{e.authority}<br/><code>{grouped(&e.fingerprint)}</code></dd></div>
                    <div><dt>{t.authority_key}</dt><dd><code data-testid="slip-authority-key">{grouped(&e.authority_key_fingerprint)}</code></dd></div>
                })}
                {election_code.map(|c| view! { <div><dt>{t.election_code}</dt><dd><code>{c}</code></dd></div> })}
                {found.map(|f| view! {
                    <div><dt>{t.precinct}</dt><dd>{f.precinct_name}", "{f.county_name}</dd></div>
                    <div><dt>{t.head}</dt><dd>{plural(lang, &t.ballots_n, f.head_size, &[])}" · "{date_time(lang, f.head_time)}
                        <br/>{t.head_root}" "<code>{grouped(&f.head_root)}</code></dd></div>
                })}
                <div><dt>{t.slip_checked_at}</dt><dd>{checked_at}</dd></div>
                {move || include_code.get().then(|| code.map(|c| view! {
                    <div data-testid="slip-code"><dt>{t.code_label}</dt><dd><code>{c.to_string()}</code></dd></div>
                }))}
            </dl>
            <p>{next}</p>
        </section>
    }
}
