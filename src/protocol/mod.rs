//! The messages between the pages and the workers, one typed protocol per worker role: the
//! checker's ([`check`]) and the verification worker's ([`worker`]). They cross `postMessage` as
//! structured-clone objects ([`to_js`], [`from_js`]), typed on both sides. No Leptos here.

pub mod check;
pub mod worker;

use std::collections::BTreeMap;

use wasm_bindgen::JsValue;

/// The checkpoints this device verified before, by board origin (each the largest it saw).
pub type Remembered = BTreeMap<String, String>;

/// `message` as a structured-clone object, for `postMessage`.
pub fn to_js<T: serde::Serialize>(message: &T) -> Option<JsValue> {
    serde_wasm_bindgen::to_value(message).ok()
}

/// A message that came through `postMessage`; `None` if it is not a `T`.
pub fn from_js<T: serde::de::DeserializeOwned>(data: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(data).ok()
}
