//! Messages between a page and the checker, the lean worker that runs a voter's check (and the
//! banner's check of the election). It says how far each statement is proven as the files
//! arrive, and words the findings itself in every language, so that the check page links none
//! of the finding types and stays small.

use castcheck_record::board::EntryKind;
use castcheck_record::report::{CheckId, ElectionSummary, Status};
use castcheck_record::{Listing, Proof, Statement, TrustList, Verdict};
use serde::{Deserialize, Serialize};

use super::Remembered;
use crate::i18n::Lang;

/// From the page: what to check, and the checkpoints this device remembers (`None` on a kiosk).
/// The checker reads the verifier's list of elections itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckRequest {
    pub task: CheckTask,
    pub remembered: Option<Remembered>,
}

/// What to check in the record at `base`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum CheckTask {
    /// The election itself (manifest, trustees, checkpoint and witnesses), for the banner.
    Election { base: String },
    /// One receipt code, with the election code its receipt link carries (if any).
    Check {
        base: String,
        code: String,
        election: Option<String>,
    },
}

/// A text in every language the app speaks, in [`Lang::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worded(pub Vec<String>);

impl Worded {
    /// `word` in every language.
    pub fn new(word: impl Fn(Lang) -> String) -> Self {
        Self(Lang::ALL.into_iter().map(word).collect())
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        self.0.get(i).map_or("", String::as_str)
    }
}

/// The election as this device verified it (V-00 to V-03): what the banner, the verdict and the
/// scanner need of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionView {
    pub summary: ElectionSummary,
    /// The authority's key, 64 hex digits (to find the election in the list of known ones).
    pub authority_key: String,
    /// Where the election's receipts send voters (a scanned receipt for elsewhere is refused).
    pub verifier_url: String,
    pub voting_opens: u64,
    pub voting_closes: u64,
    /// Whether the verifier's list of elections names it (with this authority key); an unlisted
    /// election is never shown green.
    pub listing: Listing,
}

impl ElectionView {
    /// What the page needs of a verified election, looked up in the verifier's list.
    pub fn new(
        summary: ElectionSummary,
        manifest: &castcheck_record::manifest::Manifest,
        known: &TrustList,
    ) -> Self {
        let authority_key = manifest.authority.signing_key.clone();
        Self {
            listing: known.listing(&summary.fingerprint, &authority_key),
            summary,
            authority_key,
            verifier_url: manifest.verifier_url.clone(),
            voting_opens: manifest.voting_opens,
            voting_closes: manifest.voting_closes,
        }
    }
}

/// One check of the report, with its listed failures worded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckLine {
    pub id: CheckId,
    pub status: Status,
    pub checked: u64,
    pub failures: Vec<Worded>,
}

/// A file that could not be had (not evidence against the record: "could not check").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreachable {
    pub path: String,
    /// Why, in plain words.
    pub problem: Worded,
    /// What the browser said, if it said anything (technical and untranslated: shown folded).
    pub technical: Option<String>,
}

/// The end of a check, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// The election, when V-00 to V-03 passed.
    pub election: Option<ElectionView>,
    /// The core's verdict: the answer, the statements, what to remember. Views only render it.
    pub verdict: Verdict,
    /// Every check of the report, in order.
    pub checks: Vec<CheckLine>,
    /// The checkpoint as published, when V-00 to V-03 passed.
    pub checkpoint: Option<String>,
    /// The remembered checkpoints to keep now (the request's with the verdict's checkpoint in),
    /// when it is larger than the one kept for its election.
    pub remember: Option<Remembered>,
    pub unreachable: Vec<Unreachable>,
}

impl CheckOutcome {
    /// The line of check `id`.
    pub fn check(&self, id: CheckId) -> Option<&CheckLine> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// From the checker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckMessage {
    /// The worker's wasm is loaded and listening.
    Ready,
    /// The election passed V-00 to V-03 (sent once, as soon as it did).
    Election(ElectionView),
    /// How far each statement is proven, whenever that changed; the ballot's kind once its
    /// board entry was found.
    Statements {
        kind: Option<EntryKind>,
        statements: Vec<(Statement, Proof)>,
    },
    /// The check ended.
    Done(Box<CheckOutcome>),
    /// The task cannot be done (a receipt code that does not parse).
    Refused,
}
