//! A bar chart drawn by the app: one row per item, its label and value as text and its bar as
//! SVG. The text is the chart's own text alternative (a list a screen reader reads as such);
//! the bars are decoration for the eye. Widths are percentages, so labels wrap and keep their
//! size on a 320 px screen, and right-to-left pages draw the bars from the right.

use leptos::prelude::*;

use crate::i18n::Lang;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as people read it (formatted in the page's language).
    pub shown: String,
}

/// A titled bar chart. `note` follows the title (e.g. "verified on this device");
/// `figures_label` names the list of figures for screen readers.
pub fn bar_chart(
    lang: Lang,
    title: String,
    note: String,
    figures_label: &'static str,
    bars: Vec<Bar>,
) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let rtl = lang.dir() == "rtl";
    view! {
        <figure class="chart">
            <figcaption>{title}" "<span class="verified-mark">{note}</span></figcaption>
            <ul class="bars" aria-label=figures_label>
                {bars.into_iter().map(|b| {
                    let percent = if max > 0.0 { b.value / max * 100.0 } else { 0.0 };
                    let x = if rtl { format!("{:.2}%", 100.0 - percent) } else { "0".to_owned() };
                    view! {
                        <li>
                            <span class="bar-label">{b.label}</span>" "<span class="bar-value">{b.shown}</span>
                            <svg class="bar" aria-hidden="true" width="100%" height="14" focusable="false">
                                <rect x=x y="0" height="14" width=format!("{percent:.2}%")></rect>
                            </svg>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </figure>
    }
}
