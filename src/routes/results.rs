//! "Results": totals per option, county and precinct, shown only once a full audit on this
//! device verified them. Without one, the page runs the audit first.

use castcheck_record::files::AreaTotals;
use leptos::prelude::*;

use crate::app::{grouped, Listing, Shared, VerifiedTotals};
use crate::i18n::Texts;
use crate::routes::audit::{start_audit, AuditState};
use crate::worker_client::PageTask;

#[component]
pub fn ResultsPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().texts();
    let state = RwSignal::new(AuditState::Idle);
    let rows = RwSignal::new(Vec::new());
    let running = PageTask::new();
    if shared.totals.get_untracked().is_none() {
        start_audit(shared, running, state, rows);
    }
    view! {
        <h2>{move || t().results_title}</h2>
        {move || match shared.totals.get() {
            // Totals of an election this verifier does not know are evidence of nothing.
            Some(verified) if !matches!(shared.listing(&verified.election.summary.fingerprint, &verified.election.manifest.authority.signing_key), Listing::Known(_)) => view! {
                <p class="warning results-not-verified" role="alert">{t().results_unlisted}</p>
                <p><code class="wrap">{grouped(&verified.election.summary.fingerprint)}</code></p>
            }.into_any(),
            Some(verified) => view! {
                <p class="hint" data-testid="results-backing">{t().results_verified}</p>
                <p>{verified.election.summary.title.clone()}" · "{t().election_fingerprint}" "
                    <code class="wrap" data-testid="results-fingerprint">{grouped(&verified.election.summary.fingerprint)}</code></p>
                {render(&verified, t())}
            }.into_any(),
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

fn render(verified: &VerifiedTotals, t: &'static Texts) -> AnyView {
    let m = &verified.election.manifest;
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
        (t.statewide.to_owned(), vec![totals.election.clone()]),
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
