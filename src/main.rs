//! The check page (`index.html`): a voter's check, small enough to load fast on a phone.

fn main() {
    castcheck_web::start_page();
}
