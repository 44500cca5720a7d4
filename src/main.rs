//! The page: mounts the app.

fn main() {
    castcheck_web::start_page();
}
