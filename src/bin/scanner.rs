//! The QR decoding worker, started only when the camera is used.

fn main() {
    castcheck_web::start_scanner();
}
