//! The page frame: header with the election's fingerprints, navigation, language, routing.

use castcheck_record::board::{key_fingerprint, parse_verifying_key};
use castcheck_record::manifest::Manifest;
use leptos::prelude::*;

use crate::api;
use crate::i18n::Lang;
use crate::routes::{audit::AuditPage, check::CheckPage, results::ResultsPage, tables::TablesPage};

/// Where the hash fragment points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/check` or `#/check/<code>`.
    Check(Option<String>),
    Audit,
    Results,
    Tables,
}

impl Route {
    pub fn from_hash(hash: &str) -> Self {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(2, '/');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("audit", _) => Route::Audit,
            ("results", _) => Route::Results,
            ("tables", _) => Route::Tables,
            ("check", Some(code)) if !code.is_empty() => Route::Check(Some(code.to_owned())),
            _ => Route::Check(None),
        }
    }
}

/// What every page shares.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    pub lang: RwSignal<Lang>,
    /// The record's base URL.
    pub base: StoredValue<String>,
    /// The manifest as fetched (for names and fingerprints), once loaded.
    pub manifest: RwSignal<Option<Result<Manifest, String>>>,
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

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::En);
    let shared = Shared {
        lang,
        base: StoredValue::new(record_base()),
        manifest: RwSignal::new(None),
    };
    provide_context(shared);
    let route = RwSignal::new(Route::from_hash(&current_hash()));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::from_hash(&current_hash()))
    });
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    leptos::task::spawn_local(async move {
        let base = shared.base.get_value();
        let loaded = match api::fetch(&base, castcheck_record::files::MANIFEST_PATH).await {
            Ok(bytes) => serde_json::from_slice::<Manifest>(&bytes).map_err(|e| e.to_string()),
            Err(e) => Err(format!("{}: {}", e.url, e.reason)),
        };
        shared.manifest.set(Some(loaded));
    });
    let t = move || lang.get().texts();
    let nav_link = move |href: &'static str,
                         label: fn(&crate::i18n::Texts) -> &'static str,
                         is: fn(&Route) -> bool| {
        view! {
            <a href=href aria-current=move || if is(&route.get()) { Some("page") } else { None }>{move || label(t())}</a>
        }
    };
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <header class="site">
            <div class="brand">
                <span class="name">{move || t().app_name}</span>
                <span class="tagline">{move || t().tagline}</span>
            </div>
            <div class="lang" role="group" aria-label=move || t().language>
                <button type="button" aria-pressed=move || (lang.get() == Lang::En).to_string() on:click=move |_| lang.set(Lang::En) lang="en">"English"</button>
                <button type="button" aria-pressed=move || (lang.get() == Lang::Es).to_string() on:click=move |_| lang.set(Lang::Es) lang="es">"Español"</button>
            </div>
            <nav aria-label=move || t().nav_label>
                {nav_link("#/check", |t| t.nav_check, |r| matches!(r, Route::Check(_)))}
                {nav_link("#/audit", |t| t.nav_audit, |r| *r == Route::Audit)}
                {nav_link("#/results", |t| t.nav_results, |r| *r == Route::Results)}
                {nav_link("#/tables", |t| t.nav_tables, |r| *r == Route::Tables)}
            </nav>
        </header>
        <ElectionBanner/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Check(code) => view! { <CheckPage code=code/> }.into_any(),
                Route::Audit => view! { <AuditPage/> }.into_any(),
                Route::Results => view! { <ResultsPage/> }.into_any(),
                Route::Tables => view! { <TablesPage/> }.into_any(),
            }}
        </main>
        <footer class="site"><p>{move || t().footer}</p></footer>
    }
}

/// The election's name and the fingerprints people compare with their receipt.
#[component]
fn ElectionBanner() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().texts();
    view! {
        <section class="election" aria-label=move || t().election_fingerprint>
            {move || match shared.manifest.get() {
                None => view! { <p>{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error">{t().verdict_error}": "{e}</p> }.into_any(),
                Some(Ok(m)) => {
                    let fingerprint = m.fingerprint().map(|d| d.short()).unwrap_or_else(|_| "—".into());
                    let key = parse_verifying_key(&m.authority.signing_key).map(|k| key_fingerprint(&k).short()).unwrap_or_else(|_| "—".into());
                    view! {
                        <h1>{m.title.clone()}</h1>
                        <p class="authority">{m.authority.name.clone()}</p>
                        <dl class="fingerprints">
                            <div><dt>{t().election_fingerprint}</dt><dd><code data-testid="election-fingerprint">{fingerprint}</code></dd></div>
                            <div><dt>{t().authority_key}</dt><dd><code data-testid="authority-fingerprint">{key}</code></dd></div>
                            <div><dt>{t().record_from}</dt><dd><code>{shared.base.get_value()}</code></dd></div>
                        </dl>
                        <p class="hint">{t().fingerprint_hint}</p>
                    }.into_any()
                }
            }}
        </section>
    }
}
