//! The QR decoding worker, for browsers without the `BarcodeDetector` API: it receives greyscale
//! camera frames and answers with the text of the first QR code it finds (`""` for none). It is a
//! separate wasm module started only when scanning starts, so the page never loads the decoder
//! unless the camera is used.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The text of the first QR code in a `width × height` greyscale image, if any.
pub fn decode(width: usize, height: usize, grey: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || grey.len() < width.checked_mul(height)? {
        return None;
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// Answers frames `[width, height, Uint8Array]` with the decoded text or `""`.
pub fn listen() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_messages = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let frame: js_sys::Array = e.data().unchecked_into();
        let width = frame.get(0).as_f64().unwrap_or(0.0) as usize;
        let height = frame.get(1).as_f64().unwrap_or(0.0) as usize;
        let grey = js_sys::Uint8Array::new(&frame.get(2)).to_vec();
        let text = decode(width, height, &grey).unwrap_or_default();
        let _ = for_messages.post_message(&JsValue::from_str(&text));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
