//! What every page shares: the language, the record, the election and totals verified on this
//! device, the verifier's list of elections, and which of the two apps this page is.

use std::sync::Arc;

use castcheck_record::files::TotalsFile;
use castcheck_record::manifest::Manifest;
use castcheck_record::report::Scope;
use castcheck_record::{Answer, Listing, TrustList, Verdict, Verification, Witnessing};
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::protocol::check::{ElectionView, Worded};
use crate::shell::storage::initial_lang;

/// An election whose manifest and checkpoint passed V-00 to V-04 on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedElection {
    pub view: ElectionView,
    /// The whole manifest, when a page that needs its names verified it (the whole app's).
    pub manifest: Option<Arc<Manifest>>,
}

/// What the banner shows.
#[derive(Debug, Clone, PartialEq)]
pub enum ElectionState {
    Checking,
    Verified(VerifiedElection),
    /// The banner's own verification failed: its first failure, when there is one.
    NotVerified(Option<Worded>),
    WorkerFailed,
}

/// Totals that a full audit verified on this device (V-13 and V-14 passed for every precinct).
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedTotals {
    pub totals: Arc<TotalsFile>,
    pub election: VerifiedElection,
    pub manifest: Arc<Manifest>,
}

/// Which of the two apps this page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// `index.html`: the voter's check only; every other page is the whole app's.
    Check,
    /// `app.html`: every page.
    All,
}

/// The whole app's page, beside the check page.
const WHOLE_APP: &str = "app.html";

/// What every page shares.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    pub lang: RwSignal<Lang>,
    /// The record's base URL.
    pub base: StoredValue<String>,
    /// The latest election verified on this device, by any verification.
    pub election: RwSignal<ElectionState>,
    /// The totals of the latest full audit that verified them.
    pub totals: RwSignal<Option<VerifiedTotals>>,
    /// The elections this verifier knows (`None` while `elections.json` loads; the whole app's:
    /// the check page leaves the list to the checker).
    pub known: RwSignal<Option<TrustList>>,
    pub pages: Pages,
}

impl Shared {
    /// Shows what a verification of the whole worker verified: its election in the banner and,
    /// for a passed audit, its totals on the Results page.
    pub fn record(&self, v: &Verification) {
        let (Some(summary), Some(manifest)) = (&v.report.election, &v.manifest) else {
            return;
        };
        let manifest = Arc::new(manifest.clone());
        let known = self.known.get_untracked().unwrap_or_default();
        let election = VerifiedElection {
            view: ElectionView::new(summary.clone(), &manifest, &known),
            manifest: Some(manifest.clone()),
        };
        // The core hands out totals only after an audit in which every check passed; the Results
        // page shows them as verified only when the verdict is green (and an unlisted election's
        // with its warning), never those of a board no witness vouches for.
        let shown = matches!(
            self.audit_verdict(v).answer,
            Answer::Verified | Answer::Unlisted { .. }
        );
        if let (Scope::Audit, true, Some(totals)) = (v.report.scope, shown, &v.totals) {
            self.totals.set(Some(VerifiedTotals {
                totals: Arc::new(totals.clone()),
                election: election.clone(),
                manifest,
            }));
        }
        self.election.set(ElectionState::Verified(election));
    }

    /// Shows the election the checker verified in the banner (keeping a manifest verified before
    /// for the same election).
    pub fn record_election(&self, view: ElectionView) {
        let manifest = match self.election.get_untracked() {
            ElectionState::Verified(e)
                if e.view.summary.fingerprint == view.summary.fingerprint =>
            {
                e.manifest
            }
            _ => None,
        };
        self.election
            .set(ElectionState::Verified(VerifiedElection { view, manifest }));
    }

    /// Whether the verifier's list of elections names the election with `fingerprint`, signed by
    /// `authority_key` (the whole app's list).
    pub fn listing(&self, fingerprint: &str, authority_key: &str) -> Listing {
        let known = self.known.get().unwrap_or_default();
        known.listing(fingerprint, authority_key)
    }

    /// The core's verdict on a full audit, with this verifier's list of elections.
    pub fn audit_verdict(&self, v: &Verification) -> Verdict {
        let listing = match (&v.report.election, &v.manifest) {
            (Some(e), Some(m)) => self.listing(&e.fingerprint, &m.authority.signing_key),
            _ => Listing::Unlisted,
        };
        Verdict::of_audit(v, listing, Witnessing::Required)
    }

    /// The names of the latest verified election, for tables.
    pub fn manifest(&self) -> Option<Arc<Manifest>> {
        match self.election.get() {
            ElectionState::Verified(e) => e.manifest,
            _ => None,
        }
    }

    /// The latest verified election.
    pub fn election_view(&self) -> Option<ElectionView> {
        match self.election.get() {
            ElectionState::Verified(e) => Some(e.view),
            _ => None,
        }
    }

    /// The address of the page `hash` (`#/…`): in this app, or in the whole app from the check
    /// page (with the same `?record=`).
    pub fn href(&self, hash: &str) -> String {
        match self.pages {
            Pages::All => hash.to_owned(),
            Pages::Check => whole_app_href(hash),
        }
    }
}

/// The whole app's address for the page `hash`, with this page's query (the record).
pub fn whole_app_href(hash: &str) -> String {
    let search = window().location().search().unwrap_or_default();
    format!("{WHOLE_APP}{search}{hash}")
}

/// The demo record served beside the app.
const DEMO_RECORD: &str = "demo/";

/// The record's base URL: `?record=<url>` if given, else the bundled demo.
fn record_base() -> String {
    let search = window().location().search().unwrap_or_default();
    let from_query = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get("record"));
    match from_query {
        Some(url) if !url.trim().is_empty() => {
            let url = url.trim().to_owned();
            if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            }
        }
        _ => DEMO_RECORD.to_owned(),
    }
}

/// What both apps share at the start: the language, the record, the list of known elections,
/// and the document's language and title following the chosen language.
pub fn shared_state(pages: Pages) -> Shared {
    let lang = RwSignal::new(initial_lang());
    let shared = Shared {
        lang,
        base: StoredValue::new(record_base()),
        election: RwSignal::new(ElectionState::Checking),
        totals: RwSignal::new(None),
        known: RwSignal::new(None),
        pages,
    };
    provide_context(shared);
    // The app keeps working offline once opened (public/sw.js); without service workers it
    // simply needs the network.
    let _ = window().navigator().service_worker().register("sw.js");
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
            let _ = html.set_attribute("dir", lang.dir());
        }
        document().set_title(&format!("castcheck — {}", lang.texts().check_title));
    });
    shared
}

/// The page that compares `note` (a signed checkpoint) with this device's: `#/compare/…`.
pub fn compare_hash(note: &str) -> String {
    format!(
        "#/compare/{}",
        String::from(js_sys::encode_uri_component(note))
    )
}

/// A whole fingerprint in groups of four hex digits, for people to compare by eye.
pub fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
