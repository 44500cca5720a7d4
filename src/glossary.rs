//! "Words used here": a short glossary of the words a voter meets on these pages, each with what
//! to compare it with. Every such word on a page links to its entry (except on a kiosk, which no
//! link leaves).

use leptos::html;
use leptos::prelude::*;

use crate::shell::route::in_kiosk;
use crate::shell::state::Shared;

/// A word the pages use that a voter may not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    ReceiptCode,
    ElectionCode,
    Fingerprint,
    AuthorityKey,
    BallotBox,
    Witnesses,
    Trustees,
    Tracker,
    Challenged,
    Root,
}

impl Term {
    /// Every term, in the glossary's order (and the order of each language's entries).
    pub const ALL: [Term; 10] = [
        Term::ReceiptCode,
        Term::ElectionCode,
        Term::Fingerprint,
        Term::AuthorityKey,
        Term::BallotBox,
        Term::Witnesses,
        Term::Trustees,
        Term::Tracker,
        Term::Challenged,
        Term::Root,
    ];

    /// Its id in addresses (`#/glossary/<id>`).
    pub fn id(self) -> &'static str {
        match self {
            Term::ReceiptCode => "receipt-code",
            Term::ElectionCode => "election-code",
            Term::Fingerprint => "fingerprint",
            Term::AuthorityKey => "authority-key",
            Term::BallotBox => "ballot-box",
            Term::Witnesses => "witnesses",
            Term::Trustees => "trustees",
            Term::Tracker => "tracker",
            Term::Challenged => "challenged",
            Term::Root => "root",
        }
    }

    /// The term with this id.
    pub fn from_id(id: &str) -> Option<Term> {
        Term::ALL.into_iter().find(|t| t.id() == id)
    }

    fn index(self) -> usize {
        Term::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// `label`, linked to its glossary entry (plain text on a kiosk).
pub fn term(shared: Shared, term: Term, label: &'static str) -> AnyView {
    if in_kiosk() {
        return label.into_any();
    }
    let href = shared.href(&format!("#/glossary/{}", term.id()));
    view! { <a class="term" href=href data-term=term.id()>{label}</a> }.into_any()
}

/// The title of `term` in the page's language.
fn title(shared: Shared, term: Term) -> &'static str {
    let t = shared.lang.get().app_texts();
    t.glossary[term.index()].0.unwrap_or(match term {
        Term::ReceiptCode => t.code_label,
        Term::ElectionCode => t.election_code,
        Term::Fingerprint => t.election_fingerprint,
        Term::AuthorityKey => t.authority_key,
        Term::Tracker => t.tracker,
        Term::Root => t.head_root,
        Term::BallotBox | Term::Witnesses | Term::Trustees | Term::Challenged => "",
    })
}

#[component]
pub fn GlossaryPage(term: Option<String>) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let chosen = term.as_deref().and_then(Term::from_id);
    let chosen_ref = NodeRef::<html::Div>::new();
    // The entry a link pointed at gets the focus, so it is where reading starts.
    Effect::new(move |_| {
        if let Some(el) = chosen_ref.get() {
            let _ = el.focus();
        }
    });
    view! {
        <h2>{move || t().glossary_title}</h2>
        <p>{move || t().glossary_intro}</p>
        <dl class="glossary">
            {Term::ALL.into_iter().map(|term| {
                let body = move || t().glossary[term.index()].1;
                let selected = chosen == Some(term);
                let node = if selected { chosen_ref } else { NodeRef::new() };
                view! {
                    <div id=format!("term-{}", term.id()) class:selected=selected data-term=term.id() tabindex="-1" node_ref=node>
                        <dt>{move || title(shared, term)}</dt>
                        <dd>{body}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}
