//! The page frame: header, banner, navigation, language, routing. Two apps share it: the check
//! page (`index.html`: only a voter's check, so it loads fast on a phone) and the whole app
//! (`app.html`: every page).

pub mod banner;
pub mod route;
pub mod services;
pub mod state;
pub mod storage;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::audit::AuditPage;
use crate::check::compare::ComparePage;
use crate::check::linked_code;
use crate::check::CheckPage;
use crate::glossary::GlossaryPage;
use crate::i18n::Lang;
use crate::kiosk::KioskPage;
use crate::known::load_known;
use crate::results::tables::TablesPage;
use crate::results::ResultsPage;
use crate::shell::banner::ElectionBanner;
use crate::shell::route::{current_hash, route_signal, Route};
use crate::shell::services::{check_election, verify_election};
use crate::shell::state::{shared_state, whole_app_href, Pages, Shared};
use crate::shell::storage::remember_lang;

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
                Route::Glossary(term) => view! { <GlossaryPage term=term/> }.into_any(),
                Route::Kiosk => ().into_any(),
            }}
        </main>
        <footer class="site"><p>{move || t().footer}" "<a href=shared.href("#/glossary")>{move || t().glossary_link}</a></p></footer>
        </Show>
    }
}

/// The check page (`index.html`): a voter's check, and nothing else to load first. Any other
/// page is the whole app's.
#[component]
pub fn CheckApp() -> impl IntoView {
    let shared = shared_state(Pages::Check);
    let route = route_signal();
    // A deep link's check shows the election in the banner as soon as it is verified; a link
    // whose code does not parse checks nothing, so the banner checks the election itself.
    if !matches!(route.get_untracked(), Route::Check(Some(link)) if linked_code(&link).is_some()) {
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
        <footer class="site"><p>{move || t().footer}" "<a href=shared.href("#/glossary")>{move || t().glossary_link}</a></p></footer>
    }
}
