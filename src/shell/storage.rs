//! What this device keeps between visits, in local storage: the chosen language and, per
//! election, the largest checkpoint it verified (never a receipt code; nothing on a kiosk).

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::protocol::Remembered;
use crate::shell::route::in_kiosk;

/// Where this device keeps, per election, the largest checkpoint it verified (never a code).
const CHECKPOINTS_KEY: &str = "castcheck-checkpoints";

/// The checkpoints this device verified before (kept in local storage as a JSON map; none yet
/// or unreadable: an empty one), or `None` on a kiosk, which remembers nothing.
pub fn remembered() -> Option<Remembered> {
    if in_kiosk() {
        return None;
    }
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(CHECKPOINTS_KEY).ok().flatten());
    // The browser's own JSON parser, so that the check page links no JSON code of its own.
    Some(
        stored
            .and_then(|json| js_sys::JSON::parse(&json).ok())
            .and_then(crate::protocol::from_js)
            .unwrap_or_default(),
    )
}

/// Keeps the remembered checkpoints a verification gave (never on a kiosk).
pub fn keep_remembered(kept: Option<Remembered>) {
    use serde::Serialize;
    let json = kept
        .and_then(|k| {
            k.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .ok()
        })
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string());
    if let (Some(json), false, Ok(Some(storage))) = (json, in_kiosk(), window().local_storage()) {
        let _ = storage.set_item(CHECKPOINTS_KEY, &json);
    }
}

/// Where the chosen language is remembered between visits.
const LANG_KEY: &str = "castcheck-lang";

/// The language chosen on an earlier visit, else the first of the browser's preferences the app
/// speaks, else English.
pub fn initial_lang() -> Lang {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let preferred = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect::<Vec<_>>();
    stored
        .into_iter()
        .chain(preferred)
        .find_map(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::En)
}

pub fn remember_lang(lang: Lang) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
}
