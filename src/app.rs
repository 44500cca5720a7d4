//! The page frame: header, the verified election's banner, navigation, language, routing. Two apps
//! share it: the check page (`index.html`: only a voter's check, so it loads fast on a phone) and
//! the whole app (`app.html`: every page).

use std::sync::Arc;

use castcheck_record::board::EntryKind;
use castcheck_record::digest::Digest;
use castcheck_record::files::TotalsFile;
use castcheck_record::manifest::Manifest;
use castcheck_record::report::Scope;
use castcheck_record::{
    Answer, ElectionCode, Listing, Proof, Statement, TrustList, Verdict, Verification, Witnessing,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::check_protocol::{
    CheckMessage, CheckOutcome, CheckRequest, CheckTask, ElectionView, Worded,
};
use crate::i18n::{date_time, fill, Lang};
use crate::known::load_known;
use crate::routes::{
    audit::AuditPage, check::CheckPage, compare::ComparePage, kiosk::KioskPage,
    results::ResultsPage, tables::TablesPage,
};
use crate::worker_client::{self, WorkerFailed};
use crate::worker_protocol::{Task, Trust, WorkerMessage};

/// Where the hash fragment points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/check` or `#/check/<code>`.
    Check(Option<String>),
    Audit,
    Results,
    Tables,
    /// `#/kiosk`: a shared device at a party office.
    Kiosk,
    /// `#/compare/<signed checkpoint>`: a checkpoint someone shared, against this device's.
    Compare(String),
}

impl Route {
    pub fn from_hash(hash: &str) -> Self {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(2, '/');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("audit", _) => Route::Audit,
            ("results", _) => Route::Results,
            ("tables", _) => Route::Tables,
            ("kiosk", _) => Route::Kiosk,
            ("compare", Some(note)) => Route::Compare(note.to_owned()),
            ("check", Some(code)) if !code.is_empty() => Route::Check(Some(code.to_owned())),
            _ => Route::Check(None),
        }
    }
}

/// "Skip to content" moves the focus to the page's content and leaves the address alone: the
/// fragment is the route, so following `#main` would leave the page (and a verdict on it).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// The page that compares `note` (a signed checkpoint) with this device's: `#/compare/…`.
pub fn compare_hash(note: &str) -> String {
    format!(
        "#/compare/{}",
        String::from(js_sys::encode_uri_component(note))
    )
}

/// An election whose manifest and checkpoint passed V-00 to V-04 on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedElection {
    pub view: ElectionView,
    /// The whole manifest, when a page that needs its names verified it (the whole app's).
    pub manifest: Option<Arc<Manifest>>,
}

/// What the banner shows.
#[derive(Debug, Clone, PartialEq)]
pub enum ElectionState {
    Checking,
    Verified(VerifiedElection),
    /// The banner's own verification failed: its first failure, when there is one.
    NotVerified(Option<Worded>),
    WorkerFailed,
}

/// Totals that a full audit verified on this device (V-13 and V-14 passed for every precinct).
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedTotals {
    pub totals: Arc<TotalsFile>,
    pub election: VerifiedElection,
    pub manifest: Arc<Manifest>,
}

/// Which of the two apps this page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// `index.html`: the voter's check only; every other page is the whole app's.
    Check,
    /// `app.html`: every page.
    All,
}

/// The whole app's page, beside the check page.
const WHOLE_APP: &str = "app.html";

/// What every page shares.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    pub lang: RwSignal<Lang>,
    /// The record's base URL.
    pub base: StoredValue<String>,
    /// The latest election verified on this device, by any verification.
    pub election: RwSignal<ElectionState>,
    /// The totals of the latest full audit that verified them.
    pub totals: RwSignal<Option<VerifiedTotals>>,
    /// The elections this verifier knows (`None` while `elections.json` loads; the whole app's:
    /// the check page leaves the list to the checker).
    pub known: RwSignal<Option<TrustList>>,
    pub pages: Pages,
}

impl Shared {
    /// Shows what a verification of the whole worker verified: its election in the banner and,
    /// for a passed audit, its totals on the Results page.
    pub fn record(&self, v: &Verification) {
        let (Some(summary), Some(manifest)) = (&v.report.election, &v.manifest) else {
            return;
        };
        let manifest = Arc::new(manifest.clone());
        let known = self.known.get_untracked().unwrap_or_default();
        let election = VerifiedElection {
            view: ElectionView::new(summary.clone(), &manifest, &known),
            manifest: Some(manifest.clone()),
        };
        // The core hands out totals only after an audit in which every check passed; the Results
        // page shows them as verified only when the verdict is green (and an unlisted election's
        // with its warning), never those of a board no witness vouches for.
        let shown = matches!(
            self.audit_verdict(v).answer,
            Answer::Verified | Answer::Unlisted { .. }
        );
        if let (Scope::Audit, true, Some(totals)) = (v.report.scope, shown, &v.totals) {
            self.totals.set(Some(VerifiedTotals {
                totals: Arc::new(totals.clone()),
                election: election.clone(),
                manifest,
            }));
        }
        self.election.set(ElectionState::Verified(election));
    }

    /// Shows the election the checker verified in the banner (keeping a manifest verified before
    /// for the same election).
    pub fn record_election(&self, view: ElectionView) {
        let manifest = match self.election.get_untracked() {
            ElectionState::Verified(e)
                if e.view.summary.fingerprint == view.summary.fingerprint =>
            {
                e.manifest
            }
            _ => None,
        };
        self.election
            .set(ElectionState::Verified(VerifiedElection { view, manifest }));
    }

    /// Whether the verifier's list of elections names the election with `fingerprint`, signed by
    /// `authority_key` (the whole app's list).
    pub fn listing(&self, fingerprint: &str, authority_key: &str) -> Listing {
        let known = self.known.get().unwrap_or_default();
        known.listing(fingerprint, authority_key)
    }

    /// The core's verdict on a full audit, with this verifier's list of elections.
    pub fn audit_verdict(&self, v: &Verification) -> Verdict {
        let listing = match (&v.report.election, &v.manifest) {
            (Some(e), Some(m)) => self.listing(&e.fingerprint, &m.authority.signing_key),
            _ => Listing::Unlisted,
        };
        Verdict::of_audit(v, listing, Witnessing::Required)
    }

    /// The names of the latest verified election, for tables.
    pub fn manifest(&self) -> Option<Arc<Manifest>> {
        match self.election.get() {
            ElectionState::Verified(e) => e.manifest,
            _ => None,
        }
    }

    /// The latest verified election.
    pub fn election_view(&self) -> Option<ElectionView> {
        match self.election.get() {
            ElectionState::Verified(e) => Some(e.view),
            _ => None,
        }
    }

    /// The address of the page `hash` (`#/…`): in this app, or in the whole app from the check
    /// page (with the same `?record=`).
    pub fn href(&self, hash: &str) -> String {
        match self.pages {
            Pages::All => hash.to_owned(),
            Pages::Check => whole_app_href(hash),
        }
    }
}

/// The whole app's address for the page `hash`, with this page's query (the record).
fn whole_app_href(hash: &str) -> String {
    let search = window().location().search().unwrap_or_default();
    format!("{WHOLE_APP}{search}{hash}")
}

/// Runs a record task in the whole worker and records what it verified.
pub async fn verify_in_worker(
    shared: Shared,
    task: Task,
    on_progress: impl FnMut(castcheck_record::Progress, Option<castcheck_record::PrecinctOutcome>)
        + 'static,
) -> Result<Arc<Verification>, WorkerFailed> {
    let trust = trust(shared).await;
    match worker_client::run(task, trust, None, on_progress).await? {
        WorkerMessage::Verified { verification } => {
            shared.record(&verification);
            keep_remembered(crate::known::remember(
                remembered_json().as_deref(),
                verification.checkpoint_to_remember().as_deref(),
            ));
            Ok(Arc::new(*verification))
        }
        _ => Err(WorkerFailed),
    }
}

/// Runs a check in the checker: the banner shows the election as soon as it is verified,
/// `on_statements` sees how far each statement is proven as files arrive. `None` when the
/// checker refused the task.
pub async fn check_in_worker(
    shared: Shared,
    task: CheckTask,
    mut on_statements: impl FnMut(Option<EntryKind>, Vec<(Statement, Proof)>) + 'static,
) -> Result<Option<CheckOutcome>, WorkerFailed> {
    let request = CheckRequest {
        task,
        remembered: remembered_json(),
    };
    let outcome = worker_client::check(request, move |m| match m {
        CheckMessage::Election(view) => shared.record_election(view.clone()),
        CheckMessage::Statements { kind, statements } => on_statements(*kind, statements.clone()),
        _ => {}
    })
    .await?;
    if let Some(o) = &outcome {
        if let Some(view) = &o.election {
            shared.record_election(view.clone());
        }
        keep_remembered(o.remember.clone());
    }
    Ok(outcome)
}

/// Where this device keeps, per election, the largest checkpoint it verified (never a code).
const CHECKPOINTS_KEY: &str = "castcheck-checkpoints";

/// Nothing is remembered on a kiosk: the next person's check must not depend on the last one's.
pub(crate) fn in_kiosk() -> bool {
    Route::from_hash(&current_hash()) == Route::Kiosk
}

/// The checkpoints this device verified before: local storage's JSON map as kept (`"{}"` when
/// there is none yet), or `None` on a kiosk, which remembers nothing.
pub fn remembered_json() -> Option<String> {
    if in_kiosk() {
        return None;
    }
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(CHECKPOINTS_KEY).ok().flatten());
    Some(stored.unwrap_or_else(|| "{}".to_owned()))
}

/// Keeps the map of remembered checkpoints a verification gave (never on a kiosk).
fn keep_remembered(map: Option<String>) {
    if let (Some(map), false, Ok(Some(storage))) = (map, in_kiosk(), window().local_storage()) {
        let _ = storage.set_item(CHECKPOINTS_KEY, &map);
    }
}

/// The trust settings for a verification in the whole worker (the checker reads the list
/// itself): the list of elections, loaded once, and this device's remembered checkpoints.
pub async fn trust(shared: Shared) -> Trust {
    let known = match shared.known.get_untracked() {
        Some(list) => list,
        None => {
            let list = load_known().await;
            shared.known.set(Some(list.clone()));
            list
        }
    };
    crate::known::trust(&known, remembered_json().as_deref())
}

/// The demo record served beside the app.
const DEMO_RECORD: &str = "demo/";

/// The record's base URL: `?record=<url>` if given, else the bundled demo.
fn record_base() -> String {
    let search = window().location().search().unwrap_or_default();
    let from_query = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get("record"));
    match from_query {
        Some(url) if !url.trim().is_empty() => {
            let url = url.trim().to_owned();
            if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            }
        }
        _ => DEMO_RECORD.to_owned(),
    }
}

/// Where the chosen language is remembered between visits.
const LANG_KEY: &str = "castcheck-lang";

/// The language chosen on an earlier visit, else the first of the browser's preferences the app
/// speaks, else English.
fn initial_lang() -> Lang {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let preferred = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect::<Vec<_>>();
    stored
        .into_iter()
        .chain(preferred)
        .find_map(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::En)
}

fn remember_lang(lang: Lang) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// What both apps share at the start: the language, the record, the list of known elections,
/// and the document's language and title following the chosen language.
fn shared_state(pages: Pages) -> Shared {
    let lang = RwSignal::new(initial_lang());
    let shared = Shared {
        lang,
        base: StoredValue::new(record_base()),
        election: RwSignal::new(ElectionState::Checking),
        totals: RwSignal::new(None),
        known: RwSignal::new(None),
        pages,
    };
    provide_context(shared);
    // The app keeps working offline once opened (public/sw.js); without service workers it
    // simply needs the network.
    let _ = window().navigator().service_worker().register("sw.js");
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
            let _ = html.set_attribute("dir", lang.dir());
        }
        document().set_title(&format!("castcheck — {}", lang.texts().check_title));
    });
    shared
}

/// The route the address names, following it as it changes.
fn route_signal() -> RwSignal<Route> {
    let route = RwSignal::new(Route::from_hash(&current_hash()));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::from_hash(&current_hash()))
    });
    route
}

/// Shows the election in the banner once this device verified its manifest and checkpoint, with
/// the whole worker (the whole app's pages need the manifest).
fn verify_election(shared: Shared) {
    leptos::task::spawn_local(async move {
        let task = Task::Election {
            base: shared.base.get_value(),
        };
        let state = match verify_in_worker(shared, task, |_, _| {}).await {
            Ok(v) if v.manifest.is_some() => return,
            Ok(v) => ElectionState::NotVerified(
                v.report
                    .checks
                    .iter()
                    .flat_map(|c| c.failures.first())
                    .next()
                    .map(|f| Worded::new(|l| l.words().failure(f))),
            ),
            Err(WorkerFailed) => ElectionState::WorkerFailed,
        };
        show_election_state(shared, state);
    });
}

/// As [`verify_election`], with the checker (the check page links nothing of the whole worker's).
fn check_election(shared: Shared) {
    leptos::task::spawn_local(async move {
        let task = CheckTask::Election {
            base: shared.base.get_value(),
        };
        let state = match check_in_worker(shared, task, |_, _| {}).await {
            Ok(Some(o)) if o.election.is_some() => return,
            Ok(Some(o)) => ElectionState::NotVerified(
                o.checks
                    .iter()
                    .flat_map(|c| c.failures.first())
                    .next()
                    .cloned(),
            ),
            Ok(None) | Err(WorkerFailed) => ElectionState::WorkerFailed,
        };
        show_election_state(shared, state);
    });
}

/// The banner's own verification failed; a later verification may have shown the election
/// meanwhile, and that stays.
fn show_election_state(shared: Shared, state: ElectionState) {
    if shared.election.get_untracked() == ElectionState::Checking {
        shared.election.set(state);
    }
}

/// The site's header: name, language switch and the menu.
#[component]
fn Header(route: RwSignal<Route>) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let t = move || lang.get().texts();
    let nav_link = move |hash: &'static str,
                         label: fn(&crate::i18n::Texts) -> &'static str,
                         is: fn(&Route) -> bool| {
        let href = if is(&Route::Check(None)) {
            hash.to_owned()
        } else {
            shared.href(hash)
        };
        view! {
            <a href=href aria-current=move || if is(&route.get()) { Some("page") } else { None }>{move || label(t())}</a>
        }
    };
    view! {
        <a class="skip" href="#main" on:click=skip_to_main>{move || t().skip_link}</a>
        <header class="site">
            <div class="brand">
                <span class="name">{move || t().app_name}</span>
                <span class="tagline">{move || t().tagline}</span>
            </div>
            <div class="lang" role="group" aria-label=move || t().language>
                {Lang::ALL.into_iter().map(|l| view! {
                    <button type="button" aria-pressed=move || (lang.get() == l).to_string()
                        on:click=move |_| { lang.set(l); remember_lang(l) } lang=l.code() dir=l.dir()>{l.native_name()}</button>
                }).collect_view()}
            </div>
            <nav aria-label=move || t().nav_label>
                {nav_link("#/check", |t| t.nav_check, |r| matches!(r, Route::Check(_)))}
                {nav_link("#/audit", |t| t.nav_audit, |r| *r == Route::Audit)}
                {nav_link("#/results", |t| t.nav_results, |r| *r == Route::Results)}
                {nav_link("#/tables", |t| t.nav_tables, |r| *r == Route::Tables)}
            </nav>
        </header>
    }
}

/// The whole app (`app.html`): every page.
#[component]
pub fn App() -> impl IntoView {
    let shared = shared_state(Pages::All);
    leptos::task::spawn_local(async move {
        if shared.known.get_untracked().is_none() {
            shared.known.set(Some(load_known().await));
        }
    });
    let route = route_signal();
    // A kiosk checks receipts with the checker: it verifies the election with it too, which also
    // keeps the checker's code for offline use.
    if route.get_untracked() == Route::Kiosk {
        check_election(shared);
    } else {
        verify_election(shared);
    }
    let t = move || shared.lang.get().texts();
    // A kiosk has its own screens: no menu to wander off to, nothing remembered.
    let kiosk = move || route.get() == Route::Kiosk;
    view! {
        {move || kiosk().then(|| view! { <KioskPage/> })}
        <Show when=move || !kiosk()>
        <Header route=route/>
        <ElectionBanner/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Check(code) => view! { <CheckPage code=code/> }.into_any(),
                Route::Audit => view! { <AuditPage/> }.into_any(),
                Route::Results => view! { <ResultsPage/> }.into_any(),
                Route::Tables => view! { <TablesPage/> }.into_any(),
                Route::Compare(note) => view! { <ComparePage encoded=note/> }.into_any(),
                Route::Kiosk => ().into_any(),
            }}
        </main>
        <footer class="site"><p>{move || t().footer}</p></footer>
        </Show>
    }
}

/// The check page (`index.html`): a voter's check, and nothing else to load first. Any other
/// page is the whole app's.
#[component]
pub fn CheckApp() -> impl IntoView {
    let shared = shared_state(Pages::Check);
    let route = route_signal();
    // A deep link's check shows the election in the banner as soon as it is verified.
    if !matches!(route.get_untracked(), Route::Check(Some(_))) {
        check_election(shared);
    }
    Effect::new(move |_| {
        if !matches!(route.get(), Route::Check(_)) {
            let _ = window()
                .location()
                .replace(&whole_app_href(&current_hash()));
        }
    });
    let t = move || shared.lang.get().texts();
    view! {
        <Header route=route/>
        <ElectionBanner/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Check(code) => view! { <CheckPage code=code/> }.into_any(),
                _ => ().into_any(),
            }}
        </main>
        <footer class="site"><p>{move || t().footer}</p></footer>
    }
}

/// The verified election's name and the fingerprints people compare with their receipt.
#[component]
pub fn ElectionBanner() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = move || shared.lang.get();
    let t = move || lang().texts();
    let record = move || view! { <div><dt>{t().record_from}</dt><dd><code>{shared.base.get_value()}</code></dd></div> };
    view! {
        <section class="election" aria-label=move || t().election_fingerprint>
            {move || match shared.election.get() {
                ElectionState::Checking => view! { <p>{t().banner_checking}</p><dl class="fingerprints">{record()}</dl> }.into_any(),
                ElectionState::WorkerFailed => view! { <p class="error">{t().verdict_error}": "{t().worker_failed}</p> }.into_any(),
                ElectionState::NotVerified(first) => {
                    let first = first.map(|f| f.get(lang()).to_owned());
                    view! {
                        <p class="error">{t().banner_not_verified}{first.map(|f| format!(": {f}"))}</p>
                        <dl class="fingerprints">{record()}</dl>
                    }.into_any()
                }
                ElectionState::Verified(e) => {
                    let e = e.view;

                    let code = Digest::from_hex(&e.summary.fingerprint).map(|d| ElectionCode::of(&d).to_string()).unwrap_or_default();
                    view! {
                        <h1>{e.summary.title.clone()}</h1>
                        <p class="authority">{e.summary.authority.clone()}</p>
                        <p class="window">{fill(t().voting_window, &[
                            ("opens", &date_time(lang(), e.voting_opens)),
                            ("closes", &date_time(lang(), e.voting_closes)),
                        ])}</p>
                        {match e.listing.clone() {
                            Listing::Listed(name) => view! { <p class="listed" data-listing="known">{t().known_as}" "<strong>{name}</strong></p> }.into_any(),
                            Listing::Unlisted | Listing::Named => view! { <p class="warning" role="alert" data-listing="unlisted">{t().banner_unlisted}</p> }.into_any(),
                        }}
                        <dl class="fingerprints">
                            <div><dt>{t().election_code}</dt><dd><code data-testid="election-code">{code}</code></dd></div>
                            <div class="full"><dt>{t().election_fingerprint}</dt><dd><code class="wrap" data-testid="election-fingerprint">{grouped(&e.summary.fingerprint)}</code></dd></div>
                            <div class="full"><dt>{t().authority_key}</dt><dd><code class="wrap" data-testid="authority-fingerprint">{grouped(&e.summary.authority_key_fingerprint)}</code></dd></div>
                            {record()}
                        </dl>
                        <p class="hint">{t().banner_verified}" "{t().fingerprint_hint}</p>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// A whole fingerprint in groups of four hex digits, for people to compare by eye.
pub fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes_come_from_the_fragment() {
        assert_eq!(Route::from_hash("#/audit"), Route::Audit);
        assert_eq!(Route::from_hash("#/kiosk"), Route::Kiosk);
        assert_eq!(
            Route::from_hash("#/check/ABCD/EFGH"),
            Route::Check(Some("ABCD/EFGH".into()))
        );
        assert_eq!(Route::from_hash("#/check/"), Route::Check(None));
        assert_eq!(
            Route::from_hash("#/compare/x%0A"),
            Route::Compare("x%0A".into())
        );
        for other in ["", "#", "#/", "#/nowhere", "#main"] {
            assert_eq!(Route::from_hash(other), Route::Check(None), "{other}");
        }
    }
}
