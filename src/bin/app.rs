//! The whole app (`app.html`): every page, loaded from the check page's menu.

fn main() {
    castcheck_web::start_app();
}
