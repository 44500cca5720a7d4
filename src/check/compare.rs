//! "Compare with others": a checkpoint someone shared (in the link's fragment, never a receipt
//! code) against the one this device verified for the same election. Two checkpoints of one size
//! with different roots, both signed by the election's authority, prove it showed two boxes.

use castcheck_record::digest::Digest;
use castcheck_record::note::{Checkpoint, Note};
use castcheck_record::witness::remembered_checkpoint;
use castcheck_record::{Comparison, TrustList};
use leptos::prelude::*;

use crate::protocol::worker::{Task, Trust, WorkerMessage};
use crate::runtime::client;
use crate::shell::state::{grouped, Shared};
use crate::shell::storage::remembered;

/// A shared checkpoint against this device's memory: the core's comparison, with what to show.
#[derive(Debug, Clone, PartialEq)]
struct Compared {
    answer: Comparison,
    /// The election's name on the list, when a listed election's authority signed it.
    name: Option<String>,
    shared: Option<Checkpoint>,
    mine: Option<Checkpoint>,
}

impl Compared {
    const UNKNOWN: Self = Self {
        answer: Comparison::Unknown,
        name: None,
        shared: None,
        mine: None,
    };
}

/// The shared note's text, if the fragment holds a signed checkpoint at all.
fn decode(encoded: &str) -> Option<(String, Checkpoint)> {
    let text = js_sys::decode_uri_component(encoded).ok()?.as_string()?;
    let note = Note::parse(text.as_bytes()).ok()?;
    let checkpoint = Checkpoint::from_text(&note.text).ok()?;
    Some((text, checkpoint))
}

/// Compares the shared checkpoint with this device's memory, once the worker found which listed
/// election's authority signed it (the page itself links no curve arithmetic).
async fn compare(encoded: String, known: TrustList) -> Compared {
    let Some((note, shared)) = decode(&encoded) else {
        return Compared::UNKNOWN;
    };
    let task = Task::SignedBy {
        note,
        known: known.clone(),
    };
    // Only a checkpoint the election's own authority signed is evidence of anything, and only
    // for that election's origin (the core's `TrustList::signer_of_checkpoint`).
    let election = match client::run(task, Trust::default(), None, |_, _| {}).await {
        Ok(WorkerMessage::SignedBy { election: Some(i) }) => known.elections.get(i),
        _ => None,
    };
    let Some(election) = election else {
        return Compared::UNKNOWN;
    };
    let mine = remembered()
        .and_then(|r| r.get(&shared.origin).cloned())
        .and_then(|t| remembered_checkpoint(&t));
    Compared {
        answer: Comparison::of(&shared, mine.as_ref()),
        name: Some(election.name.clone()),
        shared: Some(shared),
        mine,
    }
}

fn describe(c: &Checkpoint) -> String {
    c.text()
}

/// The page.
#[component]
pub fn ComparePage(encoded: String) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().app_texts();
    let result = RwSignal::new(None::<Compared>);
    Effect::new(move |_| {
        if let Some(known) = shared.known.get() {
            let encoded = encoded.clone();
            leptos::task::spawn_local(async move {
                result.set(Some(compare(encoded, known).await));
            });
        }
    });
    move || {
        let t = t();
        let Some(result) = result.get() else {
            return view! { <p>{t.checking}</p> }.into_any();
        };
        let shown = |c: &Checkpoint| {
            view! {
                <dl class="ballot-details">
                    <div><dt>{t.head}</dt><dd>{c.size.to_string()}</dd></div>
                    <div class="full"><dt>{t.head_root}</dt><dd><code class="wrap">{grouped(&Digest(c.root).to_hex())}</code></dd></div>
                </dl>
            }
        };
        let (title, body) = match result.answer {
            Comparison::Unknown => (t.compare_unknown_title, t.compare_unknown_body),
            Comparison::NothingToCompare => (t.compare_nothing_title, t.compare_nothing_body),
            Comparison::Same => (t.compare_same_title, t.compare_same_body),
            Comparison::Different => (t.compare_different_title, t.split_view_body),
            Comparison::OtherSize => (t.compare_other_size_title, t.compare_other_size_body),
        };
        let id = result.answer.code();
        view! {
            <section class="page">
                <h2>{t.compare_title}</h2>
                <section class=format!("verdict {id}") data-verdict=id>
                    <h3>{title}</h3>
                    <p>{body}</p>
                    {result.name.map(|name| view! { <p><strong>{name}</strong></p> })}
                    {match (result.shared, result.mine) {
                        (Some(shared), Some(mine)) if result.answer != Comparison::Same => Some(view! {
                            <h4>{t.checkpoint_shared}</h4>
                            {shown(&shared)}
                            <pre class="checkpoint" data-testid="checkpoint-shared">{describe(&shared)}</pre>
                            <h4>{t.checkpoint_mine}</h4>
                            {shown(&mine)}
                            <pre class="checkpoint" data-testid="checkpoint-mine">{describe(&mine)}</pre>
                        }.into_any()),
                        (Some(shared), _) => Some(shown(&shared).into_any()),
                        (None, _) => None,
                    }}
                </section>
            </section>
        }
        .into_any()
    }
}
