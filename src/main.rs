//! castcheck web app: check a receipt, audit the election, see the results — on this device.

mod api;
mod app;
mod caucus_text;
mod checklist;
mod i18n;
mod routes;
mod worker_client;
mod worker_protocol;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
