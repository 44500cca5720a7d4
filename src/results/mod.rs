//! "Results": totals per option, county and precinct, shown only once a full audit on this
//! device verified them. Without one, the page runs the audit first.

pub mod chart;
pub mod tables;

use castcheck_record::files::AreaTotals;
use castcheck_record::manifest::Manifest;
use castcheck_record::Listing;
use leptos::prelude::*;

use crate::audit::download_text;
use crate::audit::{start_audit, AuditState};
use crate::i18n::{decimal, number, plural, Lang};
use crate::results::chart::{bar_chart, Bar};
use crate::runtime::client::PageTask;
use crate::shell::state::{grouped, Shared, VerifiedTotals};

#[component]
pub fn ResultsPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let state = RwSignal::new(AuditState::Idle);
    let rows = RwSignal::new(Vec::new());
    let running = PageTask::new();
    if shared.totals.get_untracked().is_none() {
        start_audit(shared, running, state, rows, None);
    }
    view! {
        <h2>{move || t().results_title}</h2>
        {move || match shared.totals.get() {
            // Totals of an election this verifier does not know are evidence of nothing.
            Some(verified) if !matches!(verified.election.view.listing, Listing::Listed(_)) => view! {
                <p class="warning results-not-verified" role="alert">{t().results_unlisted}</p>
                <p><code class="wrap">{grouped(&verified.election.view.summary.fingerprint)}</code></p>
            }.into_any(),
            Some(verified) => {
                let export = verified.clone();
                view! {
                    <p class="hint" data-testid="results-backing">{t().results_verified}</p>
                    <p>{verified.election.view.summary.title.clone()}" · "{t().election_fingerprint}" "
                        <code class="wrap" data-testid="results-fingerprint">{grouped(&verified.election.view.summary.fingerprint)}</code></p>
                    <div class="actions">
                        <button type="button" data-testid="export-nist" on:click=move |_| download_nist(&export)>{t().export_nist}</button>
                    </div>
                    <p class="hint">{t().export_nist_hint}</p>
                    {render(&verified, shared.lang.get())}
                }.into_any()
            }
            None => view! {
                <p class="hint">{t().results_verifying}</p>
                <div aria-live="polite">
                    {move || state.get().view(shared, false)}
                    {move || state.get().done().map(|_| view! { <p class="error results-not-verified">{t().results_not_verified}</p> })}
                </div>
            }.into_any(),
        }}
    }
}

/// The NIST SP 1500-100 document of the verified totals, as a download.
fn download_nist(verified: &VerifiedTotals) {
    let now = (js_sys::Date::now() / 1000.0) as u64;
    let document = castcheck_record::nist_document(
        &verified.manifest,
        &verified.election.view.summary.fingerprint,
        &verified.totals,
        now,
    );
    if let Ok(text) = serde_json::to_string_pretty(&document) {
        let name = format!(
            "{}-results-nist-1500-100.json",
            verified.manifest.election_id
        );
        let _ = download_text(&name, &text, "application/json");
    }
}

/// What a chart shows per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Votes,
    Delegates,
    Sdes,
}

impl Measure {
    fn id(self) -> &'static str {
        match self {
            Measure::Votes => "votes",
            Measure::Delegates => "delegates",
            Measure::Sdes => "sde",
        }
    }
}

/// One area's figures for one contest, per option, in the measure asked for.
fn bars(lang: Lang, m: &Manifest, area: &AreaTotals, contest: usize, measure: Measure) -> Vec<Bar> {
    let (Some(c), Some(spec)) = (area.contests.get(contest), m.contests.get(contest)) else {
        return Vec::new();
    };
    spec.options
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let (value, shown) = match measure {
                Measure::Votes => c.counts.get(i).map(|n| (*n as f64, number(lang, *n)))?,
                Measure::Delegates => c
                    .delegates
                    .as_ref()?
                    .get(i)
                    .map(|n| (*n as f64, number(lang, *n)))?,
                Measure::Sdes => c.sde_millionths.as_ref()?.get(i).map(|n| {
                    let v = *n as f64 / 1e6;
                    (v, decimal(lang, v, 6))
                })?,
            };
            Some(Bar {
                label: o.name.clone(),
                value,
                shown,
            })
        })
        .collect()
}

/// The chart of one contest, with a choice of measure and area (statewide or a county).
#[component]
fn ContestChart(verified: VerifiedTotals, contest: usize) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = move || shared.lang.get();
    let t = move || lang().app_texts();
    let m = verified.manifest.clone();
    let totals = verified.totals.clone();
    let statewide = &totals.election.contests.get(contest);
    let measures: Vec<Measure> = [
        Some(Measure::Votes),
        statewide
            .and_then(|c| c.delegates.as_ref())
            .map(|_| Measure::Delegates),
        statewide
            .and_then(|c| c.sde_millionths.as_ref())
            .map(|_| Measure::Sdes),
    ]
    .into_iter()
    .flatten()
    .collect();
    let measure = RwSignal::new(Measure::Votes);
    // "" is the whole election; otherwise a county id.
    let area = RwSignal::new(String::new());
    let label = move |m: Measure| match m {
        Measure::Votes => t().measure_first,
        Measure::Delegates => t().measure_delegates,
        Measure::Sdes => t().measure_sde,
    };
    let counties = m.counties.clone();
    let chart_manifest = m.clone();
    let chart = move || {
        let id = area.get();
        let (name, figures) = if id.is_empty() {
            (t().statewide.to_owned(), Some(&totals.election))
        } else {
            let name = chart_manifest
                .counties
                .iter()
                .find(|c| c.id == id)
                .map_or(id.clone(), |c| c.name.clone());
            (name, totals.counties.iter().find(|a| a.area == id))
        };
        let bars = figures
            .map(|a| bars(lang(), &chart_manifest, a, contest, measure.get()))
            .unwrap_or_default();
        bar_chart(
            lang(),
            format!("{}: {} — {name}", t().chart_title, label(measure.get())),
            t().verified_here.to_owned(),
            t().chart_as_text,
            bars,
        )
    };
    view! {
        <div class="chart-controls">
            <label>{move || t().chart_measure}" "
                <select data-testid="chart-measure" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(m) = measures.iter().find(|m| m.id() == v) { measure.set(*m) }
                }>
                    {measures.iter().map(|&m| view! { <option value=m.id() selected=move || measure.get() == m>{move || label(m)}</option> }).collect_view()}
                </select>
            </label>
            <label>{move || t().chart_area}" "
                <select data-testid="chart-area" on:change=move |ev| area.set(event_target_value(&ev))>
                    <option value="">{move || t().statewide}</option>
                    {counties.into_iter().map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> }).collect_view()}
                </select>
            </label>
        </div>
        <div aria-live="polite">{chart}</div>
    }
}

fn render(verified: &VerifiedTotals, lang: Lang) -> AnyView {
    let t = lang.app_texts();
    let m = &verified.manifest;
    let totals = &verified.totals;
    let county_name = |id: &str| {
        m.counties
            .iter()
            .find(|c| c.id == id)
            .map_or(id.to_owned(), |c| c.name.clone())
    };
    let precinct_name = |id: &str| m.precinct(id).map_or(id.to_owned(), |p| p.name.clone());
    let named = |areas: &[AreaTotals], name: &dyn Fn(&str) -> String| -> Vec<AreaTotals> {
        areas
            .iter()
            .map(|a| AreaTotals {
                area: name(&a.area),
                ..a.clone()
            })
            .collect()
    };
    let sections = vec![
        (
            t.statewide.to_owned(),
            vec![AreaTotals {
                area: t.statewide.to_owned(),
                ..totals.election.clone()
            }],
        ),
        (t.county.to_owned(), named(&totals.counties, &county_name)),
        (
            t.precinct.to_owned(),
            named(&totals.precincts, &precinct_name),
        ),
    ];
    m.contests
        .iter()
        .enumerate()
        .map(|(ci, contest)| {
            let sections = sections.clone();
            view! {
                <h3>{contest.title.clone()}</h3>
                <ContestChart verified=verified.clone() contest=ci/>
                {sections.into_iter().map(|(title, areas)| { let region = title.clone(); view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=region>
                    <table class="results">
                        <caption>{title.clone()}" "<span class="verified-mark">{t.verified_here}</span></caption>
                        <thead><tr>
                            <th scope="col">{title}</th>
                            <th scope="col">{t.ballots}</th>
                            {contest.options.iter().map(|o| view! { <th scope="col">{o.name.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {areas.into_iter().map(|a| {
                                let c = a.contests.get(ci).cloned();
                                view! {
                                    <tr>
                                        <th scope="row">{a.area.clone()}</th>
                                        <td>{number(lang, a.ballots)}</td>
                                        {c.map(|c| c.counts.iter().enumerate().map(|(i, n)| {
                                            let d = c.delegates.as_ref().and_then(|d| d.get(i)).map(|d| format!(" · {}", plural(lang, &t.delegates_n, *d, &[])));
                                            view! { <td>{number(lang, *n)}{d}</td> }
                                        }).collect_view())}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }}).collect_view()}
            }
        })
        .collect_view()
        .into_any()
}
