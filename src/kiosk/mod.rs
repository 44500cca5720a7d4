//! Kiosk mode (`#/kiosk`): a shared device at a party office. An attract screen in every
//! configured language, scanning first, an on-screen keypad with only the code alphabet, large
//! touch targets, a printed slip, and an idle countdown that starts everything over.
//!
//! Nothing of a voter outlives their turn: the code never enters the address (so no history
//! entry holds it), nothing is written to storage, record files are fetched uncached, and the
//! reset reloads the page, which drops the DOM and all memory. A kiosk may preload its whole
//! election record into Cache Storage to work offline; holding every precinct, it reveals none.
//!
//! Settings come from `kiosk.json` beside the app (see the README's "Running a kiosk").

use castcheck_record::receipt::ALPHABET;
use castcheck_record::{ElectionCode, ReceiptCode};
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::check::checklist::Live;
use crate::check::scan::{video_inputs, Scanner};
use crate::check::{
    checking, group_as_typed, render_result, run_check, scanned_codes, typing_message, Checked,
    Refusal,
};
use crate::i18n::{fill, number, Lang};
use crate::protocol::worker::{Task, WorkerMessage, RECORD_CACHE};
use crate::runtime::client::{self, PageTask};
use crate::shell::banner::ElectionBanner;
use crate::shell::state::{ElectionState, Shared};

/// `kiosk.json`: how this kiosk behaves.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct KioskConfig {
    /// The languages offered, as BCP 47 codes, the first being the default.
    languages: Vec<String>,
    /// Seconds without a touch or key before "Still there?".
    idle_seconds: u32,
    /// Seconds "Still there?" counts down before starting over.
    countdown_seconds: u32,
    /// Whether to store the whole record on the kiosk for offline use.
    preload: bool,
}

impl Default for KioskConfig {
    fn default() -> Self {
        Self {
            languages: Lang::ALL.iter().map(|l| l.code().to_owned()).collect(),
            idle_seconds: 60,
            countdown_seconds: 15,
            preload: false,
        }
    }
}

impl KioskConfig {
    fn langs(&self) -> Vec<Lang> {
        let langs: Vec<Lang> = self
            .languages
            .iter()
            .filter_map(|c| Lang::from_tag(c))
            .collect();
        if langs.is_empty() {
            Lang::ALL.to_vec()
        } else {
            langs
        }
    }
}

const CONFIG: &str = "kiosk.json";
const CONFIG_LIMIT: usize = 64 << 10;

/// What the kiosk shows.
#[derive(Debug, Clone)]
enum Screen {
    Attract,
    Scan,
    Keypad,
    Checking,
    Verdict(Checked, ReceiptCode, Option<ElectionCode>),
}

/// Whether the record is stored on this kiosk.
#[derive(Debug, Clone, PartialEq)]
enum Stored {
    No,
    Storing,
    Ready,
    Failed,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The entry a preload adds last, and only after its audit passed: without it, whatever the cache
/// holds (an interrupted or failed preload) is not a verified record.
fn preloaded_marker(base: &str) -> String {
    format!("{base}castcheck-preloaded")
}

/// The record cache, if it exists (asking first: opening a cache creates it).
async fn record_cache() -> Option<web_sys::Cache> {
    use wasm_bindgen::JsCast;
    let storage = window().caches().ok()?;
    if !JsFuture::from(storage.has(RECORD_CACHE))
        .await
        .is_ok_and(|h| h.is_truthy())
    {
        return None;
    }
    JsFuture::from(storage.open(RECORD_CACHE))
        .await
        .ok()?
        .dyn_into()
        .ok()
}

/// Whether this kiosk stores the record at `base`, completely and audited.
async fn stored_record(base: &str) -> bool {
    let Some(cache) = record_cache().await else {
        return false;
    };
    JsFuture::from(cache.match_with_str(&preloaded_marker(base)))
        .await
        .is_ok_and(|r| !r.is_undefined())
}

/// Ends a preload: marks the stored record complete if its audit passed, else deletes it, so a
/// kiosk never keeps, or claims, a record it did not verify.
async fn finish_preload(base: &str, passed: bool) -> bool {
    if passed {
        if let (Some(cache), Ok(done)) = (
            record_cache().await,
            web_sys::Response::new_with_opt_str(Some("verified")),
        ) {
            return JsFuture::from(cache.put_with_str(&preloaded_marker(base), &done))
                .await
                .is_ok();
        }
        return false;
    }
    if let Ok(storage) = window().caches() {
        let _ = JsFuture::from(storage.delete(RECORD_CACHE)).await;
    }
    false
}

/// Starts over for the next person: drops any cache other than the app's own files and the
/// preloaded record, then reloads the page (same address, no new history entry).
fn reset() {
    leptos::task::spawn_local(async {
        if let Ok(storage) = window().caches() {
            if let Ok(names) = wasm_bindgen_futures::JsFuture::from(storage.keys()).await {
                for name in js_sys::Array::from(&names)
                    .iter()
                    .filter_map(|n| n.as_string())
                {
                    if !name.starts_with("castcheck-shell-") && name != RECORD_CACHE {
                        let _ = wasm_bindgen_futures::JsFuture::from(storage.delete(&name)).await;
                    }
                }
            }
        }
        let _ = window().location().reload();
    });
}

#[component]
pub fn KioskPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let t = move || lang.get().app_texts();
    let config = RwSignal::new(KioskConfig::default());
    let screen = RwSignal::new(Screen::Attract);
    let typed = RwSignal::new(String::new());
    let refusal: RwSignal<Option<Refusal>> = RwSignal::new(None);
    let stored = RwSignal::new(Stored::No);
    // Ready for offline use once the checker, which checks the receipts, has answered too: its
    // code is then loaded, and kept by the service worker.
    let offline = move || match stored.get() {
        Stored::Ready if shared.election.with(|e| *e == ElectionState::Checking) => Stored::Storing,
        other => other,
    };
    let running = PageTask::new();
    let preload = PageTask::new();
    let last_input = StoredValue::new(now_ms());
    let countdown: RwSignal<Option<u32>> = RwSignal::new(None);
    let live = RwSignal::new(Live::default());
    let has_camera = RwSignal::new(false);

    if let Some(body) = document().body() {
        let _ = body.class_list().add_1("kiosk");
    }
    on_cleanup(|| {
        if let Some(body) = document().body() {
            let _ = body.class_list().remove_1("kiosk");
        }
    });

    // The kiosk's settings, then (if asked) the record stored for offline use.
    leptos::task::spawn_local(async move {
        let loaded = crate::api::fetch("", CONFIG, CONFIG_LIMIT)
            .await
            .ok()
            .and_then(|b| serde_json::from_slice::<KioskConfig>(&b).ok())
            .unwrap_or_default();
        if let Some(first) = loaded.langs().first() {
            lang.set(*first);
        }
        let wants_preload = loaded.preload;
        config.set(loaded);
        // Stored once, completely and audited, a record serves every later start, offline too.
        if wants_preload && stored_record(&shared.base.get_value()).await {
            stored.set(Stored::Ready);
        } else if wants_preload {
            stored.set(Stored::Storing);
            let base = shared.base.get_value();
            preload.spawn(async move {
                let task = Task::Preload { base: base.clone() };
                let trust = crate::shell::services::trust(shared).await;
                let done = client::run(task, trust, None, |_, _| {}).await;
                // Only a record whose audit is green (listed, witnessed, every check passed).
                let passed = matches!(&done, Ok(WorkerMessage::Verified { verification })
                    if shared.audit_verdict(verification).answer.is_green());
                stored.set(if finish_preload(&base, passed).await {
                    Stored::Ready
                } else {
                    Stored::Failed
                });
            });
        }
    });

    // Any touch or key is a sign of life.
    let alive = move || {
        last_input.set_value(now_ms());
        countdown.set(None);
    };
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| alive());
    let _ = window_event_listener(leptos::ev::keydown, move |_| alive());
    // Once a second: idle long enough, count down; at zero, start over.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if matches!(screen.get_untracked(), Screen::Attract) {
                return;
            }
            let c = config.get_untracked();
            let idle = (now_ms() - last_input.get_value()) / 1000.0;
            if idle < f64::from(c.idle_seconds) {
                return;
            }
            let left = (f64::from(c.idle_seconds + c.countdown_seconds) - idle).ceil();
            if left <= 0.0 {
                reset();
            } else {
                countdown.set(Some(left as u32));
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let check = move |code: ReceiptCode, election: Option<ElectionCode>| {
        screen.set(Screen::Checking);
        running.spawn(async move {
            let result = run_check(shared, code, election, live).await;
            screen.set(Screen::Verdict(result, code, election));
        });
    };
    let on_scanned = Callback::new(move |payload: String| {
        match scanned_codes(&payload, shared.election_view().as_ref()) {
            Ok((code, election)) => {
                refusal.set(None);
                check(code, Some(election));
            }
            Err(r) => {
                refusal.set(Some(r));
                screen.set(Screen::Keypad);
            }
        }
    });
    let start = move |l: Lang| {
        lang.set(l);
        // Full screen is asked for on the first touch, as browsers require.
        if let Some(root) = document().document_element() {
            let _ = root.request_fullscreen();
        }
        // No camera, no scan box: the keypad at once.
        running.spawn(async move {
            let cameras = video_inputs().await;
            has_camera.set(cameras > 0);
            screen.set(if cameras > 0 {
                Screen::Scan
            } else {
                Screen::Keypad
            });
        });
    };

    let attract = move || {
        let langs = config.get().langs();
        view! {
            <div class="attract" data-screen="attract">
                <h1 class="attract-heading">"castcheck"</h1>
                {langs.into_iter().map(|l| {
                    let words = l.app_texts();
                    view! {
                        <button type="button" class="attract-lang" lang=l.code() dir=l.dir() data-lang=l.code() on:click=move |_| start(l)>
                            <span class="attract-title">{words.check_title}</span>
                            <span class="attract-touch">{words.kiosk_touch}</span>
                            <span class="attract-name">{l.native_name()}</span>
                        </button>
                    }
                }).collect_view()}
                <p class="kiosk-status" role="status" data-stored=move || format!("{:?}", offline()).to_lowercase()>{move || match offline() {
                    Stored::No => "",
                    Stored::Failed => t().kiosk_preload_failed,
                    Stored::Storing => t().kiosk_preloading,
                    Stored::Ready => t().kiosk_ready_offline,
                }}</p>
            </div>
        }
    };

    let keypad = move || {
        let message = move || typing_message(&typed.get(), t());
        let valid = move || ReceiptCode::parse(&typed.get()).ok();
        view! {
            <div class="keypad-screen" data-screen="keypad">
                <p class="typed" aria-live="polite"><output class="ltr" data-testid="typed">{move || typed.get()}</output></p>
                <p class="message" aria-live="polite">{move || message().map(|(_, m)| m)}</p>
                <div class="keypad" role="group" aria-label=move || t().kiosk_keypad>
                    {ALPHABET.iter().map(|&b| {
                        let c = b as char;
                        view! {
                            <button type="button" class="key" data-key=c.to_string()
                                on:click=move |_| typed.update(|s| { let mut raw = s.clone(); raw.push(c); *s = group_as_typed(&raw) })>{c.to_string()}</button>
                        }
                    }).collect_view()}
                    <button type="button" class="key wide secondary" data-key="delete" aria-label=move || t().kiosk_delete
                        on:click=move |_| typed.update(|s| { let mut raw: String = s.chars().filter(|c| *c != '-').collect(); raw.pop(); *s = group_as_typed(&raw) })>"⌫"</button>
                </div>
                <div class="actions">
                    <button type="button" data-testid="kiosk-check" disabled=move || valid().is_none()
                        on:click=move |_| if let Some(code) = valid() { check(code, None) }>{move || t().check_button}</button>
                    {move || has_camera.get().then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| { refusal.set(None); screen.set(Screen::Scan) }>{move || t().scan_button}</button>
                    })}
                </div>
            </div>
        }
    };

    view! {
        <main id="main" class="kiosk-main" tabindex="-1">
            {move || match screen.get() {
                Screen::Attract => attract().into_any(),
                Screen::Scan => view! {
                    <div data-screen="scan">
                        <h1>{move || t().scan_button}</h1>
                        <Scanner on_text=on_scanned on_close=Callback::new(move |_| screen.set(Screen::Keypad))/>
                        <button type="button" class="secondary big" data-testid="kiosk-type" on:click=move |_| screen.set(Screen::Keypad)>{move || t().kiosk_type}</button>
                    </div>
                }.into_any(),
                Screen::Keypad => view! {
                    <h1>{move || t().code_label}</h1>
                    {move || refusal.get().map(|r| view! {
                        <section class="verdict refused" data-verdict="refused" data-refusal=r.id()><p>{r.text(t())}</p></section>
                    })}
                    {keypad()}
                }.into_any(),
                Screen::Checking => view! { <div data-screen="checking">{move || checking(live, lang.get())}</div> }.into_any(),
                Screen::Verdict(result, code, election) => {
                    let retry = move || check(code, election);
                    view! {
                        <div data-screen="verdict" aria-live="polite">
                            {move || render_result(result.clone(), live, Some(code), lang.get(), shared, retry)}
                        </div>
                        <button type="button" class="big" data-testid="kiosk-finish" on:click=move |_| reset()>{move || t().kiosk_finish}</button>
                    }.into_any()
                }
            }}
            {move || (!matches!(screen.get(), Screen::Attract)).then(|| view! {
                <div class="kiosk-langs" role="group" aria-label=move || t().language>
                    {config.get().langs().into_iter().map(|l| view! {
                        <button type="button" class="secondary" aria-pressed=move || (lang.get() == l).to_string()
                            lang=l.code() dir=l.dir() on:click=move |_| lang.set(l)>{l.native_name()}</button>
                    }).collect_view()}
                </div>
            })}
            <ElectionBanner/>
            {move || countdown.get().map(|s| view! {
                <div class="still-there" role="alertdialog" aria-modal="true" aria-labelledby="still-there-title" aria-describedby="still-there-body" data-testid="still-there">
                    <div>
                        <h2 id="still-there-title">{move || t().kiosk_still_there}</h2>
                        <p id="still-there-body" data-seconds=s>{move || fill(t().kiosk_countdown, &[("s", &number(lang.get(), u64::from(s)))])}</p>
                        <button type="button" class="big" on:click=move |_| alive()>{move || t().kiosk_continue}</button>
                    </div>
                </div>
            })}
        </main>
    }
}
