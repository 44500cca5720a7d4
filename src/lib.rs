//! castcheck web app: check a receipt, audit the election, see the results — on this device.
//!
//! Thin binaries over this library: the check page (`src/main.rs`, `index.html`), the whole app
//! (`src/bin/app.rs`, `app.html`), the checker (`src/bin/checker.rs`, the lean worker behind a
//! voter's check), the verification worker (`src/bin/worker.rs`, audits and the rest) and the QR
//! decoding worker (`src/bin/scanner.rs`). Every verification runs in a worker through the core's
//! one driver; the pages only show what a worker verified.
#![forbid(unsafe_code)]

mod api;
mod audit;
mod check;
mod glossary;
mod i18n;
mod kiosk;
mod known;
mod protocol;
mod results;
mod runtime;
mod shell;
mod workers;

/// Mounts the check page (`index.html`): a voter's check, and nothing else to load first.
pub fn start_page() {
    console_error_panic_hook::set_once();
    end_first_paint();
    leptos::mount::mount_to_body(shell::CheckApp);
}

/// Mounts the whole app (`app.html`): every page.
pub fn start_app() {
    console_error_panic_hook::set_once();
    end_first_paint();
    leptos::mount::mount_to_body(shell::App);
}

/// Removes the HTML's own first paint (`#boot`, drawn by `public/boot.js` before any wasm
/// arrived): the app draws the page now.
fn end_first_paint() {
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
}

/// Starts the QR decoding worker's message loop.
pub fn start_scanner() {
    console_error_panic_hook::set_once();
    workers::scanner::listen();
}

/// Starts the checker's message loop (the lean worker behind the check page).
pub fn start_checker() {
    console_error_panic_hook::set_once();
    workers::checker::listen();
}

/// Starts the verification worker's message loop.
pub fn start_worker() {
    console_error_panic_hook::set_once();
    workers::verifier::listen();
}
