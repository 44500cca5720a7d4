//! What this device keeps between visits, in local storage: the chosen language and, per
//! election, the largest checkpoint it verified (never a receipt code; nothing on a kiosk).

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::protocol::Remembered;
use crate::route::in_kiosk;

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
    Some(
        stored
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default(),
    )
}

/// Keeps the remembered checkpoints a verification gave (never on a kiosk).
pub fn keep_remembered(kept: Option<Remembered>) {
    let json = kept.and_then(|k| serde_json::to_string(&k).ok());
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
