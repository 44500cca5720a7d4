//! "Results": the published totals per option, county and precinct.

use castcheck_record::files::{AreaTotals, TotalsFile, TOTALS_PATH};
use castcheck_record::manifest::Manifest;
use leptos::prelude::*;

use crate::api;
use crate::app::Shared;
use crate::i18n::Texts;

#[component]
pub fn ResultsPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().texts();
    let totals: RwSignal<Option<Result<TotalsFile, String>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let loaded = match api::fetch(&shared.base.get_value(), TOTALS_PATH).await {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| e.to_string()),
            Err(e) => Err(format!("{}: {}", e.url, e.reason)),
        };
        totals.set(Some(loaded));
    });
    view! {
        <h2>{move || t().results_title}</h2>
        <p class="hint">{move || t().results_note}</p>
        {move || match (totals.get(), shared.manifest.get()) {
            (Some(Ok(totals)), Some(Ok(manifest))) => render(&totals, &manifest, t()),
            (Some(Err(e)), _) | (_, Some(Err(e))) => view! {
                <section class="verdict error" data-verdict="error"><h3>{t().verdict_error}</h3><p><code>{e}</code></p></section>
            }.into_any(),
            _ => view! { <p>{t().loading}</p> }.into_any(),
        }}
    }
}

fn render(totals: &TotalsFile, m: &Manifest, t: &'static Texts) -> AnyView {
    let county_name = |id: &str| {
        m.counties
            .iter()
            .find(|c| c.id == id)
            .map_or(id.to_owned(), |c| c.name.clone())
    };
    let precinct_name = |id: &str| {
        m.precincts
            .iter()
            .find(|p| p.id == id)
            .map_or(id.to_owned(), |p| p.name.clone())
    };
    let mut sections = vec![(t.statewide.to_owned(), vec![totals.election.clone()])];
    sections.push((
        t.county.to_owned(),
        totals
            .counties
            .iter()
            .map(|a| AreaTotals {
                area: county_name(&a.area),
                ..a.clone()
            })
            .collect(),
    ));
    sections.push((
        t.precinct.to_owned(),
        totals
            .precincts
            .iter()
            .map(|a| AreaTotals {
                area: precinct_name(&a.area),
                ..a.clone()
            })
            .collect(),
    ));
    m.contests
        .iter()
        .enumerate()
        .map(|(ci, contest)| {
            let sections = sections.clone();
            view! {
                <h3>{contest.title.clone()}</h3>
                {sections.into_iter().map(|(title, areas)| view! {
                    <div class="table-scroll">
                    <table class="results">
                        <caption>{title.clone()}</caption>
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
                                        <td>{a.ballots}</td>
                                        {c.map(|c| c.counts.iter().enumerate().map(|(i, n)| {
                                            let d = c.delegates.as_ref().and_then(|d| d.get(i)).map(|d| format!(" · {d} {}", t.delegates.to_lowercase()));
                                            view! { <td>{*n}{d}</td> }
                                        }).collect_view())}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }).collect_view()}
            }
        })
        .collect_view()
        .into_any()
}
