//! The checker: the lean worker behind the check page (a voter's check, the election's banner).

fn main() {
    castcheck_web::start_checker();
}
