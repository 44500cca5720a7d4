//! castcheck web app: check a receipt, audit the election, see the results — on this device.
//!
//! The page (`src/main.rs`), the verification worker (`src/bin/worker.rs`) and the QR decoding
//! worker (`src/bin/scanner.rs`) are thin binaries over this library. Every verification runs in the worker through the core's one driver; the
//! page only shows what the worker verified.
#![forbid(unsafe_code)]

mod api;
mod app;
mod chart;
mod checklist;
mod i18n;
mod routes;
mod scan;
mod scanner;
mod slip;
mod worker;
mod worker_client;
mod worker_protocol;

/// Mounts the app on the page.
pub fn start_page() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

/// Starts the QR decoding worker's message loop.
pub fn start_scanner() {
    console_error_panic_hook::set_once();
    scanner::listen();
}

/// Starts the verification worker's message loop.
pub fn start_worker() {
    console_error_panic_hook::set_once();
    worker::listen();
}
