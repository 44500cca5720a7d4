//! The election banner: the verified election's name and the fingerprints people compare with
//! their receipt, or why it is not verified (yet).

use castcheck_record::digest::Digest;
use castcheck_record::{ElectionCode, Listing};
use leptos::prelude::*;

use crate::glossary::{term, Term};
use crate::i18n::{date_time, fill};
use crate::shell::state::{grouped, ElectionState, Shared};

/// The verified election's name and the fingerprints people compare with their receipt.
#[component]
pub fn ElectionBanner() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = move || shared.lang.get();
    let t = move || lang().texts();
    let record = move || view! { <div><dt>{t().record_from}</dt><dd><code>{shared.base.get_value()}</code></dd></div> };
    view! {
        <section class="election" aria-label=move || t().election_fingerprint>
            {move || match shared.election.get() {
                ElectionState::Checking => view! { <p>{t().banner_checking}</p><dl class="fingerprints">{record()}</dl> }.into_any(),
                ElectionState::WorkerFailed => view! { <p class="error">{t().verdict_error}": "{t().worker_failed}</p> }.into_any(),
                ElectionState::NotVerified(first) => {
                    let first = first.map(|f| f.get(lang()).to_owned());
                    view! {
                        <p class="error">{t().banner_not_verified}{first.map(|f| format!(": {f}"))}</p>
                        <dl class="fingerprints">{record()}</dl>
                    }.into_any()
                }
                ElectionState::Verified(e) => {
                    let e = e.view;

                    let code = Digest::from_hex(&e.summary.fingerprint).map(|d| ElectionCode::of(&d).to_string()).unwrap_or_default();
                    view! {
                        <h1>{e.summary.title.clone()}</h1>
                        <p class="authority">{e.summary.authority.clone()}</p>
                        <p class="window">{fill(t().voting_window, &[
                            ("opens", &date_time(lang(), e.voting_opens)),
                            ("closes", &date_time(lang(), e.voting_closes)),
                        ])}</p>
                        {match e.listing.clone() {
                            Listing::Listed(name) => view! { <p class="listed" data-listing="known">{t().known_as}" "<strong>{name}</strong></p> }.into_any(),
                            Listing::Unlisted | Listing::Named => view! { <p class="warning" role="alert" data-listing="unlisted">{t().banner_unlisted}</p> }.into_any(),
                        }}
                        <dl class="fingerprints">
                            <div><dt>{term(shared, Term::ElectionCode, t().election_code)}</dt><dd><code data-testid="election-code">{code}</code></dd></div>
                            <div class="full"><dt>{term(shared, Term::Fingerprint, t().election_fingerprint)}</dt><dd><code class="wrap" data-testid="election-fingerprint">{grouped(&e.summary.fingerprint)}</code></dd></div>
                            <div class="full"><dt>{term(shared, Term::AuthorityKey, t().authority_key)}</dt><dd><code class="wrap" data-testid="authority-fingerprint">{grouped(&e.summary.authority_key_fingerprint)}</code></dd></div>
                            {record()}
                        </dl>
                        <p class="hint">{t().banner_verified}" "{t().fingerprint_hint}</p>
                    }.into_any()
                }
            }}
        </section>
    }
}
