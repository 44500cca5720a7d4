//! "Audit a results table": a published caucus results table, fetched by URL or dropped as a file,
//! checked against the Iowa 2020 rules; flagged precincts in a sortable table.

use castcheck_record::caucus::audit::{Finding, ResultsAudit};
use castcheck_record::caucus::TableError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::i18n::{fill, number, plural, AppTexts};
use crate::protocol::worker::{Task, WorkerMessage};
use crate::results::chart::{bar_chart, Bar};
use crate::runtime::client::{self, PageTask};
use crate::shell::state::Shared;
use castcheck_record::caucus::text;

/// Where one table comes from.
#[derive(Debug, Clone, Default, PartialEq)]
struct Source {
    url: String,
    file_text: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    County,
    Precinct,
    Kind,
    Row,
}

/// Why there is no audit; worded when shown, in the language of the moment.
#[derive(Debug, Clone, PartialEq)]
enum Failure {
    NoTable,
    Fetch(String, castcheck_record::FetchProblem),
    Table(TableError),
    Worker,
}

/// The Iowa Democratic Party's 2020 tables, served beside the app (`public/iowa-2020/`).
const IOWA_RESULTS: &str = "iowa-2020/idp-2020-02-08-results.csv";
const IOWA_DELEGATES: &str = "iowa-2020/precinct-delegates.csv";

/// No published results table is larger than this.
const TABLE_LIMIT: usize = 64 << 20;

async fn load(source: Source) -> Result<String, Failure> {
    if let Some((_, text)) = source.file_text {
        return Ok(text);
    }
    let url = source.url.trim().to_owned();
    if url.is_empty() {
        return Err(Failure::NoTable);
    }
    api::fetch_text(&url, TABLE_LIMIT)
        .await
        .map_err(|e| Failure::Fetch(url, e))
}

/// A chosen or dropped file's name and text, if the browser could read it.
async fn read_file(file: web_sys::File) -> Option<(String, String)> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?;
    Some((file.name(), text.as_string().unwrap_or_default()))
}

#[component]
fn TableInput(
    label: fn(&AppTexts) -> &'static str,
    id: &'static str,
    source: RwSignal<Source>,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let take_file = move |file: Option<web_sys::File>| {
        if let Some(file) = file {
            leptos::task::spawn_local(async move {
                if let Some(named) = read_file(file).await {
                    source.update(|s| s.file_text = Some(named));
                }
            });
        }
    };
    view! {
        <fieldset class="table-input"
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                take_file(ev.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)));
            }>
            <legend>{move || label(t())}</legend>
            <label for=format!("{id}-url")>{move || t().table_url}</label>
            <input id=format!("{id}-url") type="url" prop:value=move || source.get().url
                on:input=move |ev| source.update(|s| { s.url = event_target_value(&ev); s.file_text = None; })/>
            <label for=format!("{id}-file")>{move || t().table_file}</label>
            <input id=format!("{id}-file") type="file" accept=".csv,text/csv"
                on:change=move |ev| {
                    let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
                    take_file(input.and_then(|i| i.files()).and_then(|l| l.get(0)));
                }/>
            <p class="hint">{move || source.get().file_text.map(|(name, text)| format!("{name} · {} bytes", text.len()))}</p>
        </fieldset>
    }
}

fn failure_text(lang: crate::i18n::Lang, e: &Failure) -> String {
    match e {
        Failure::NoTable => lang.app_texts().tables_none.to_owned(),
        Failure::Fetch(url, problem) => {
            format!("{url}: {}", lang.words().fetch_problem(problem))
        }
        Failure::Table(e) => lang.words().table_error(e),
        Failure::Worker => lang.app_texts().worker_failed.to_owned(),
    }
}

#[component]
pub fn TablesPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let results = RwSignal::new(Source::default());
    let delegates = RwSignal::new(Source::default());
    let outcome: RwSignal<Option<Result<ResultsAudit, Failure>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let running = PageTask::new();
    // The audit runs in the worker: the page stays responsive and its bundle stays small.
    let start = move || {
        busy.set(true);
        let (r, d) = (results.get_untracked(), delegates.get_untracked());
        let work = async move {
            let (results, delegates) = match (load(r).await, load(d).await) {
                (Ok(r), Ok(d)) => (r, d),
                (Err(e), _) | (_, Err(e)) => return Err(e),
            };
            match client::run(
                Task::Tables { results, delegates },
                Default::default(),
                None,
                |_, _| {},
            )
            .await
            {
                Ok(WorkerMessage::TablesDone { audit }) => (*audit).map_err(Failure::Table),
                _ => Err(Failure::Worker),
            }
        };
        running.spawn(async move {
            outcome.set(Some(work.await));
            busy.set(false);
        });
    };
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        start();
    };
    // The real tables, served with the app, for people who have none at hand.
    let try_iowa = move |_| {
        results.set(Source {
            url: IOWA_RESULTS.to_owned(),
            file_text: None,
        });
        delegates.set(Source {
            url: IOWA_DELEGATES.to_owned(),
            file_text: None,
        });
        start();
    };
    view! {
        <h2>{move || t().tables_title}</h2>
        <p>{move || t().tables_intro}</p>
        <div class="try">
            <button type="button" class="secondary" data-testid="try-iowa" disabled=move || busy.get() on:click=try_iowa>{move || t().tables_try_iowa}</button>
            <p class="hint">{move || t().tables_iowa_source}" "<a href="iowa-2020/SOURCE.md">"SOURCE.md"</a>" · "<a href="iowa-2020/LICENSE">"LICENSE"</a></p>
        </div>
        <form class="tables-form" on:submit=run>
            <TableInput label=|t| t.results_table id="results" source=results/>
            <TableInput label=|t| t.delegates_table id="delegates" source=delegates/>
            <button type="submit" disabled=move || busy.get()>{move || t().tables_run}</button>
        </form>
        <div aria-live="polite">
            {move || match outcome.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <section class="verdict error" data-verdict="error"><h3>{t().verdict_error}</h3><p>{failure_text(shared.lang.get(), &e)}</p></section> }.into_any(),
                Some(Ok(audit)) => view! { <AuditView audit=audit/> }.into_any(),
            }}
        </div>
    }
}

/// How many findings of one kind.
struct KindCount {
    kind: castcheck_record::caucus::FindingKind,
    count: usize,
}

#[component]
fn AuditView(audit: ResultsAudit) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let sort = RwSignal::new(SortBy::Kind);
    let findings: Vec<Finding> = audit
        .groups
        .iter()
        .flat_map(|g| g.findings.clone())
        .collect();
    let total = findings.len() as u64;
    let findings = StoredValue::new(findings);
    // A county or precinct name, or part of one: only its rows are shown.
    let filter = RwSignal::new(String::new());
    let rows = move || {
        let wanted = filter.get().trim().to_lowercase();
        let mut rows: Vec<Finding> = findings.with_value(|all| {
            all.iter()
                .filter(|f| {
                    wanted.is_empty()
                        || f.county.to_lowercase().contains(&wanted)
                        || f.precinct.to_lowercase().contains(&wanted)
                })
                .cloned()
                .collect()
        });
        match sort.get() {
            SortBy::County => {
                rows.sort_by(|a, b| (&a.county, &a.precinct).cmp(&(&b.county, &b.precinct)))
            }
            SortBy::Precinct => rows.sort_by(|a, b| a.precinct.cmp(&b.precinct)),
            SortBy::Kind => rows.sort_by_key(|f| f.kind().id()),
            SortBy::Row => rows.sort_by_key(|f| f.results_row),
        }
        rows
    };
    let header = move |label: fn(&AppTexts) -> &'static str, by: SortBy| {
        view! {
            <th scope="col" aria-sort=move || if sort.get() == by { "ascending" } else { "none" }>
                <button type="button" class="sort" on:click=move |_| sort.set(by)>{move || label(t())}</button>
            </th>
        }
    };
    let lang = move || shared.lang.get();
    let names = audit.candidates.clone();
    let coin_tosses = audit.coin_tosses.clone();
    let n_tosses = coin_tosses.len();
    let toss_names = names.clone();
    let readings = audit.readings.clone();
    let audit_groups: Vec<KindCount> = audit
        .groups
        .iter()
        .map(|g| KindCount {
            kind: g.kind,
            count: g.count,
        })
        .collect();
    let verdict = audit.verdict();
    view! {
        <section class=format!("verdict {verdict}") data-verdict=verdict data-findings=audit.total_findings>
            <h3>{move || plural(lang(), &t().findings_n, audit.total_findings as u64, &[])}</h3>
            <p>{move || plural(lang(), &t().consistent_of, audit.precincts_audited as u64, &[("k", audit.precincts_consistent as u64)])}</p>
        </section>
        {move || (!audit_groups.is_empty()).then(|| bar_chart(
            lang(),
            t().tables_kinds_chart.to_owned(),
            String::new(),
            t().tables_kinds_chart,
            audit_groups.iter().map(|g| Bar {
                label: lang().words().kind_meaning(g.kind).to_owned(),
                value: g.count as f64,
                shown: number(lang(), g.count as u64),
            }).collect(),
        ))}
        <table class="counts">
            <thead><tr><th scope="col">{move || t().tables_kind}</th><th scope="col">{move || t().what_it_means}</th><th scope="col">{move || t().items}</th></tr></thead>
            <tbody>{audit.groups.iter().map(|g| {
                let kind = g.kind;
                let count = g.count as u64;
                view! {
                    <tr data-kind=kind.id()><td><code>{kind.id()}</code></td><td>{move || lang().words().kind_meaning(kind)}</td><td>{move || number(lang(), count)}</td></tr>
                }
            }).collect_view()}</tbody>
        </table>
        <p class="filter">
            <label for="findings-filter">{move || t().tables_filter}</label>" "
            <input id="findings-filter" type="search" autocomplete="off" prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))/>
            " "<output aria-live="polite" data-testid="findings-shown">{move || fill(t().tables_shown, &[
                ("k", &number(lang(), rows().len() as u64)),
                ("n", &number(lang(), total)),
            ])}</output>
        </p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || t().tables_flagged>
        <table class="findings">
            <caption>{move || t().tables_flagged}</caption>
            <thead><tr>
                {header(|t| t.county, SortBy::County)}
                {header(|t| t.precinct, SortBy::Precinct)}
                {header(|t| t.tables_kind, SortBy::Kind)}
                {header(|t| t.tables_row, SortBy::Row)}
            </tr></thead>
            <tbody>
                {move || rows().into_iter().map(|f| view! {
                    <tr data-kind=f.kind().id()>
                        <td>{f.county.clone()}</td>
                        <td>{f.precinct.clone()}</td>
                        <td><code>{f.kind().id()}</code><details>
                            <summary>{text::summary(lang().words(), &f, &names)}</summary>
                            <pre>{text::computation(lang().words(), &f, &names)}</pre>
                        </details></td>
                        <td>{f.results_row.map(|r| r.to_string()).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <details class="coin-tosses">
            <summary>{move || format!("{} ({})", t().tables_coin_tosses, n_tosses)}</summary>
            <ul>{move || coin_tosses.iter().map(|c| view! {
                <li>{format!("{} / {} ({} {}): ", c.county, c.precinct, t().tables_row, c.results_row)}
                    {text::coin_toss_note(lang().words(), &c.tie_notes, &c.published, &toss_names)}</li>
            }).collect_view()}</ul>
        </details>
        <details class="readings">
            <summary>{move || t().tables_readings}</summary>
            <ul>{move || readings.iter().map(|&r| view! { <li>{lang().words().reading(r)}</li> }).collect_view()}</ul>
        </details>
    }
}
