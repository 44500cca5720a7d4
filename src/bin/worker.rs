//! The verification worker: runs the core's driver off the page's thread.

fn main() {
    castcheck_web::start_worker();
}
