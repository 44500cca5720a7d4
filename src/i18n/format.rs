//! Numbers, dates and plurals in the page's language, by the browser's own `Intl` (no locale data
//! ships in the wasm).

use js_sys::{Array, BigInt, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use super::{fill, Lang, Plural, PluralCategory};

fn locales(lang: Lang) -> Array {
    Array::of1(&JsValue::from_str(lang.code()))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn call_format(format: Function, value: &JsValue) -> Option<String> {
    format.call1(&JsValue::NULL, value).ok()?.as_string()
}

/// A whole number with the language's digits and grouping (exact beyond 2^53: as a BigInt).
pub fn number(lang: Lang, n: u64) -> String {
    let nf = Intl::NumberFormat::new(&locales(lang), &Object::new());
    call_format(nf.format(), &BigInt::from(n).into()).unwrap_or_else(|| n.to_string())
}

/// A decimal with at most `digits` fraction digits.
pub fn decimal(lang: Lang, x: f64, digits: u8) -> String {
    let digits = digits.to_string();
    let nf = Intl::NumberFormat::new(
        &locales(lang),
        &options(&[("maximumFractionDigits", &digits)]),
    );
    call_format(nf.format(), &JsValue::from_f64(x)).unwrap_or_else(|| x.to_string())
}

/// A moment (Unix seconds) as a long date and a short time, in the device's time zone.
pub fn date_time(lang: Lang, unix_seconds: u64) -> String {
    let df = Intl::DateTimeFormat::new(
        &locales(lang),
        &options(&[("dateStyle", "long"), ("timeStyle", "short")]),
    );
    let date = Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    call_format(df.format(), &date).unwrap_or_else(|| unix_seconds.to_string())
}

/// The plural category of `n` in `lang`.
pub fn category(lang: Lang, n: u64) -> PluralCategory {
    let rules = Intl::PluralRules::new(&locales(lang), &Object::new());
    match String::from(rules.select(n as f64)).as_str() {
        "zero" => PluralCategory::Zero,
        "one" => PluralCategory::One,
        "two" => PluralCategory::Two,
        "few" => PluralCategory::Few,
        "many" => PluralCategory::Many,
        _ => PluralCategory::Other,
    }
}

/// `text` in the form for `n`, with `{n}` and the other placeholders filled, numbers formatted.
pub fn plural(lang: Lang, text: &Plural, n: u64, values: &[(&str, u64)]) -> String {
    let template = text.form(category(lang, n));
    let mut filled: Vec<(&str, String)> = vec![("n", number(lang, n))];
    filled.extend(values.iter().map(|(k, v)| (*k, number(lang, *v))));
    let pairs: Vec<(&str, &str)> = filled.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(template, &pairs)
}
