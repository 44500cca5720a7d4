//! Why a check failed, as data: each reason carries the values that explain it.
//!
//! The English text is the `Display` impl below; other languages render the same values in the
//! app's i18n layer, so no English reaches a page in another language.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ballot::BallotError;
use crate::board::CheckpointProblem;
use crate::caucus::RulesError;
use crate::merkle::InclusionError;
use crate::seal::SealError;
use crate::tiles::TileError;
use crate::trustees::{DecryptionError, TrusteeError};
use crate::witness::WitnessProblem;

/// Why a record file could not be had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum FetchProblem {
    /// The file does not exist (HTTP 404, or no such file on disk).
    NotFound,
    /// The server answered with another error status.
    Status {
        /// The HTTP status code.
        status: u16,
    },
    /// The file is larger than any record file of its kind may be.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file did not arrive in time (a slow or endless response).
    TimedOut {
        /// The time allowed, in seconds.
        seconds: u64,
    },
    /// The server answered with a redirect; record files are fetched from where they are
    /// published, not from wherever a host sends the verifier.
    Redirected,
    /// The server could not be reached or the transfer broke.
    Unreachable {
        /// What the browser or the operating system said (technical, not translated).
        detail: String,
    },
}

impl FetchProblem {
    /// True when the file is missing from the record rather than out of reach: the record itself
    /// is incomplete, which is evidence, not a network problem.
    pub fn is_missing(&self) -> bool {
        matches!(self, Self::NotFound)
    }
}

impl fmt::Display for FetchProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("the file does not exist"),
            Self::Status { status } => write!(f, "the server answered with status {status}"),
            Self::TooLarge { limit } => {
                write!(
                    f,
                    "the file is larger than the {limit} bytes a record file may have"
                )
            }
            Self::TimedOut { seconds } => {
                write!(f, "the file did not arrive within {seconds} seconds")
            }
            Self::Redirected => f.write_str("the server answered with a redirect"),
            Self::Unreachable { detail } => write!(f, "the file could not be fetched ({detail})"),
        }
    }
}

impl std::error::Error for FetchProblem {}

/// Which kind of id in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdKind {
    /// A contest id.
    Contest,
    /// An option id.
    Option,
    /// A county id.
    County,
    /// A precinct id.
    Precinct,
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Contest => "contest",
            Self::Option => "option",
            Self::County => "county",
            Self::Precinct => "precinct",
        })
    }
}

/// Votes per option of one contest, in an area's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestCounts {
    /// The contest id.
    pub contest: String,
    /// Votes per option.
    pub counts: Vec<u64>,
}

/// An area's ballots and counts, as published or as recomputed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaCounts {
    /// Ballots counted in the area.
    pub ballots: u64,
    /// Counts per contest.
    pub contests: Vec<ContestCounts>,
}

impl fmt::Display for AreaCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ballots", self.ballots)?;
        for c in &self.contests {
            write!(f, ", {}={:?}", c.contest, c.counts)?;
        }
        Ok(())
    }
}

/// Why one item failed a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Reason {
    // --- V-00: files ---------------------------------------------------------------------
    /// The file could not be had.
    Unavailable {
        /// Why.
        problem: FetchProblem,
    },
    /// The file is over its kind's size limit.
    FileTooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file ends in the middle of a value.
    Truncated {
        /// 1-based line of the end.
        line: u64,
        /// 1-based column of the end.
        column: u64,
    },
    /// The file is not JSON.
    NotJson {
        /// 1-based line of the first error.
        line: u64,
        /// 1-based column of the first error.
        column: u64,
    },
    /// The file is JSON, but not of the expected shape.
    UnexpectedContents {
        /// 1-based line of the first error.
        line: u64,
        /// 1-based column of the first error.
        column: u64,
        /// The parser's own words (technical, not translated).
        detail: String,
    },
    /// The file's bytes are not the canonical JSON of what they parse to.
    NotCanonicalFile,
    // --- V-01: manifest ------------------------------------------------------------------
    /// The manifest is of another record format.
    WrongFormat {
        /// The format the manifest names.
        found: String,
        /// The format this verifier reads.
        expected: String,
    },
    /// The election id or title is empty.
    EmptyTitle,
    /// A name people read could lie (spec V-01, `names`).
    BadName {
        /// Whose name: a contest, option, county or precinct; `None` for the election's title or
        /// its authority's name.
        kind: Option<IdKind>,
        /// Its id (for an option `contest/option`), or `title` or `authority`.
        id: String,
        /// What is wrong with it.
        problem: crate::names::NameProblem,
    },
    /// Too few or too many contests.
    ContestCount {
        /// Contests in the manifest.
        found: u64,
        /// The most a manifest may have.
        max: u64,
    },
    /// A contest has too few or too many options.
    OptionCount {
        /// The contest id.
        contest: String,
        /// Options in the contest.
        found: u64,
        /// The most a contest may have.
        max: u64,
    },
    /// An id is not lowercase letters, digits and dashes.
    InvalidId {
        /// What the id names.
        kind: IdKind,
        /// The id.
        id: String,
    },
    /// An id appears twice.
    DuplicateId {
        /// What the id names.
        kind: IdKind,
        /// The id.
        id: String,
    },
    /// A contest's rules cannot be applied.
    InvalidRules {
        /// The contest id.
        contest: String,
        /// Why.
        error: RulesError,
    },
    /// The manifest lists no precincts.
    NoPrecincts,
    /// A precinct names a county the manifest does not list.
    UnknownCounty {
        /// The precinct id.
        precinct: String,
        /// The county id it names.
        county: String,
    },
    /// Voting closes before it opens.
    ClosesBeforeOpens,
    /// The authority's key is not a valid Ed25519 key.
    InvalidAuthorityKey,
    /// A value has no canonical encoding, so nothing can be hashed or signed over it.
    NotCanonical,
    // --- V-02: trustees ------------------------------------------------------------------
    /// The trustee set is not usable.
    Trustees {
        /// Why.
        error: TrusteeError,
    },
    // --- V-03, V-04: heads ---------------------------------------------------------------
    // --- V-03, V-04: the checkpoint and its witnesses --------------------------------------
    /// The board's checkpoint is not the authority's final checkpoint for this election.
    Checkpoint {
        /// What is wrong.
        problem: CheckpointProblem,
    },
    /// The checkpoint is not witnessed, or contradicts one seen before.
    Witness {
        /// What is wrong.
        problem: WitnessProblem,
    },
    /// The final head claims more ballots than this verifier accepts.
    BoardTooLarge {
        /// The claimed size.
        size: u64,
        /// The largest accepted.
        max: u64,
    },
    // --- V-05: the board root ------------------------------------------------------------
    /// Board positions hold no published ballot.
    BoardGap {
        /// First empty position.
        from: u64,
        /// Last empty position.
        to: u64,
    },
    /// Ballots are published beyond the final head.
    BeyondFinalHead {
        /// The final head's size.
        size: u64,
    },
    /// Fewer ballots are published than the final head has.
    ShortOfFinalHead {
        /// The final head's size.
        size: u64,
        /// Positions below this are published.
        published: u64,
    },
    /// The published ballots hash to another root than the final head's.
    RootMismatch,
    // --- V-06 to V-09: ballots -----------------------------------------------------------
    /// The ballot is not in the box under the final head.
    NotIncluded {
        /// What the inclusion proof check found.
        error: InclusionError,
    },
    /// No inclusion proof could be built from the published tiles.
    NoInclusionProof {
        /// Why.
        error: TileError,
    },
    /// A published tile, entry bundle or frontier is not what the ballots make.
    TileMismatch,
    /// The ballot's proofs or shape are invalid.
    InvalidBallot {
        /// Why.
        error: BallotError,
    },
    /// The proofs file lists proofs at a position that holds no ballot of the precinct file, or
    /// lists a position twice.
    UnexpectedProofs,
    /// The same tracker appears twice.
    TrackerClash {
        /// The tracker, in hex.
        tracker: String,
    },
    /// The ballot copies another ballot's encryption.
    CopiedEncryption,
    /// The precinct file names another precinct.
    WrongPrecinctFile {
        /// The precinct the file names.
        found: String,
    },
    /// A ballot is filed under another precinct than its own.
    BallotInWrongPrecinct {
        /// The precinct the ballot names.
        found: String,
    },
    /// Two ballots claim one board position.
    PositionClash,
    /// A precinct file was given twice.
    PrecinctTwice,
    /// A precinct file was never checked.
    PrecinctNotChecked,
    // --- V-10 to V-12: tallies -----------------------------------------------------------
    /// The tally does not list the election's contests in order.
    TallyContests,
    /// A contest's encrypted tally is malformed.
    TallyMalformed {
        /// The contest id.
        contest: String,
    },
    /// A contest's encrypted tally is not the sum of the precinct's cast ballots.
    TallyNotSum {
        /// The contest id.
        contest: String,
    },
    /// A decryption does not verify.
    Decryption {
        /// The contest id.
        contest: String,
        /// Why.
        error: DecryptionError,
    },
    /// A single-choice contest counts another number of votes than ballots.
    VotesNotBallots {
        /// The contest id.
        contest: String,
        /// Votes counted.
        votes: u64,
        /// Cast ballots.
        ballots: u64,
    },
    // --- V-13, V-14: totals and results --------------------------------------------------
    /// An area in the totals is not one of the election's.
    UnknownArea {
        /// The area id.
        area: String,
    },
    /// An area is listed twice.
    AreaTwice {
        /// The area id.
        area: String,
    },
    /// An area is missing from the totals.
    AreaMissing {
        /// The area id.
        area: String,
    },
    /// An area's totals do not list every contest and option.
    AreaShape {
        /// The area id.
        area: String,
    },
    /// A precinct's tally did not verify (or its file was missing), so its row in the totals is
    /// backed by nothing.
    TallyNotVerified {
        /// The precinct id.
        area: String,
    },
    /// A precinct's totals differ from its verified tally.
    DiffersFromTally {
        /// The precinct id.
        area: String,
    },
    /// An area's totals are not the sum of its parts.
    SumMismatch {
        /// The area id (`election` for the whole election).
        area: String,
        /// What the totals publish.
        published: AreaCounts,
        /// What the parts add up to.
        expected: AreaCounts,
    },
    /// Adding up an area's parts overflows: the numbers cannot be real.
    SumOverflow {
        /// The area id.
        area: String,
    },
    /// The rules cannot be applied to the published counts.
    RulesFailed {
        /// The contest id.
        contest: String,
        /// Why.
        error: RulesError,
    },
    /// The rules award delegates but none are published.
    DelegatesMissing {
        /// The contest id.
        contest: String,
    },
    /// The published delegates are not what the rules give.
    DelegatesImpossible {
        /// The contest id.
        contest: String,
        /// The published delegates per option.
        published: Vec<u64>,
        /// The published counts per option.
        counts: Vec<u64>,
        /// Every allocation the rules allow.
        allowed: Vec<Vec<u64>>,
    },
    /// The state delegate equivalents are not the delegates times the precinct's weight.
    SdeMismatch {
        /// The contest id.
        contest: String,
    },
    // --- V-15: challenged ballots --------------------------------------------------------
    /// The opening does not cover every contest.
    OpeningIncomplete,
    /// An option opened to more than one vote.
    OpeningNotZeroOne {
        /// The contest id.
        contest: String,
    },
    // --- V-16: the index -----------------------------------------------------------------
    /// The shard's own prefix is not its file name.
    ShardMislabelled {
        /// The prefix the shard claims.
        prefix: String,
    },
    /// A code is filed in a shard for another prefix.
    CodeInWrongShard {
        /// The code's lookup key.
        code: String,
    },
    /// The index does not list a ballot correctly.
    CodeNotListed {
        /// The code's lookup key.
        code: String,
    },
    /// The index lists a code that points to no ballot.
    CodePointsNowhere {
        /// The code's lookup key.
        code: String,
    },
    /// A ballot or an index entry appears twice.
    IndexDuplicate,
    /// The index entry names a precinct the manifest does not list.
    IndexUnknownPrecinct {
        /// The precinct it names.
        precinct: String,
    },
    /// The index sends the code to a precinct whose file does not hold it.
    IndexWrongPrecinct,
    /// The index gives the wrong board position.
    IndexWrongPosition,
    // --- V-17: seals ---------------------------------------------------------------------
    /// The file's seal does not hold.
    Seal {
        /// Why.
        error: SealError,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable { problem } => write!(f, "{problem}"),
            Self::FileTooLarge { size, limit } => write!(
                f,
                "the file is {size} bytes, more than the {limit} bytes a record file of its kind may have"
            ),
            Self::Truncated { line, column } => {
                write!(f, "the file is cut short (line {line}, column {column})")
            }
            Self::NotJson { line, column } => {
                write!(f, "the file is not valid JSON (line {line}, column {column})")
            }
            Self::UnexpectedContents {
                line,
                column,
                detail,
            } => write!(
                f,
                "the file does not have the expected contents (line {line}, column {column}): {detail}"
            ),
            Self::WrongFormat { found, expected } => {
                write!(f, "the format is '{found}', this verifier reads '{expected}'")
            }
            Self::EmptyTitle => f.write_str("the election id and title must not be empty"),
            Self::BadName { kind, id, problem } => match kind {
                Some(kind) => write!(f, "the name of {kind} {id} is refused: {problem}"),
                None => write!(f, "the election's {id} is refused: {problem}"),
            },
            Self::ContestCount { found, max } => {
                write!(f, "{found} contests (1 to {max} allowed)")
            }
            Self::OptionCount {
                contest,
                found,
                max,
            } => write!(
                f,
                "contest '{contest}' has {found} options (1 to {max} allowed)"
            ),
            Self::InvalidId { kind, id } => write!(
                f,
                "{kind} id '{id}' is not lowercase letters, digits and dashes"
            ),
            Self::DuplicateId { kind, id } => write!(f, "{kind} id '{id}' appears twice"),
            Self::InvalidRules { contest, error } => write!(f, "contest '{contest}': {error}"),
            Self::NoPrecincts => f.write_str("the manifest lists no precincts"),
            Self::UnknownCounty { precinct, county } => {
                write!(f, "precinct '{precinct}' names unknown county '{county}'")
            }
            Self::ClosesBeforeOpens => f.write_str("voting closes before it opens"),
            Self::InvalidAuthorityKey => {
                f.write_str("the authority's signing key is not a valid Ed25519 key")
            }
            Self::NotCanonical => f.write_str("a value has no canonical encoding"),
            Self::Trustees { error } => write!(f, "{error}"),
            Self::Checkpoint { problem } => write!(f, "the board's checkpoint: {problem}"),
            Self::Witness { problem } => write!(f, "{problem}"),
            Self::BoardTooLarge { size, max } => write!(
                f,
                "the final head claims {size} ballots, more than the {max} this verifier accepts"
            ),
            Self::BoardGap { from, to } => {
                write!(f, "board positions {from} to {to} hold no published ballot")
            }
            Self::BeyondFinalHead { size } => write!(
                f,
                "ballots are published beyond the final head's {size} entries"
            ),
            Self::ShortOfFinalHead { size, published } => write!(
                f,
                "the final head has {size} entries but only positions below {published} are published"
            ),
            Self::RootMismatch => {
                f.write_str("the final root is not the root of the published ballots")
            }
            Self::NotIncluded { error } => {
                write!(f, "not in the box under the final checkpoint ({error})")
            }
            Self::NoInclusionProof { error } => {
                write!(f, "no inclusion proof can be built from the published tiles ({error})")
            }
            Self::TileMismatch => {
                f.write_str("the file is not what the published ballots make")
            }
            Self::InvalidBallot { error } => write!(f, "the ballot {error}"),
            Self::UnexpectedProofs => f.write_str(
                "the proofs file lists proofs for a position that holds no ballot of the precinct, or twice",
            ),
            Self::TrackerClash { tracker } => {
                write!(f, "tracker {tracker} appears twice (a clash)")
            }
            Self::CopiedEncryption => f.write_str("the ballot copies the encryption of another"),
            Self::WrongPrecinctFile { found } => write!(f, "the file is for precinct '{found}'"),
            Self::BallotInWrongPrecinct { found } => {
                write!(f, "the ballot belongs to precinct '{found}'")
            }
            Self::PositionClash => f.write_str("two ballots claim the same board position"),
            Self::PrecinctTwice => f.write_str("the precinct was given twice"),
            Self::PrecinctNotChecked => f.write_str("the precinct file was not checked"),
            Self::TallyContests => {
                f.write_str("the tally does not list the election's contests in order")
            }
            Self::TallyMalformed { contest } => {
                write!(f, "contest '{contest}': the encrypted tally is malformed")
            }
            Self::TallyNotSum { contest } => write!(
                f,
                "contest '{contest}': the encrypted tally is not the sum of the precinct's ballots"
            ),
            Self::Decryption { contest, error } => write!(f, "contest '{contest}': {error}"),
            Self::VotesNotBallots {
                contest,
                votes,
                ballots,
            } => write!(
                f,
                "contest '{contest}': {votes} votes counted from {ballots} ballots"
            ),
            Self::UnknownArea { area } => write!(f, "{area}: not an area of this election"),
            Self::AreaTwice { area } => write!(f, "{area}: listed twice"),
            Self::AreaMissing { area } => write!(f, "{area}: missing from the totals"),
            Self::AreaShape { area } => write!(
                f,
                "{area}: the totals do not list every contest and option"
            ),
            Self::TallyNotVerified { area } => write!(
                f,
                "{area}: the precinct's tally was not verified, so its row is backed by nothing"
            ),
            Self::DiffersFromTally { area } => write!(
                f,
                "{area}: the totals differ from the precinct's verified tally"
            ),
            Self::SumMismatch {
                area,
                published,
                expected,
            } => write!(
                f,
                "{area}: published {published}; its parts add up to {expected}"
            ),
            Self::SumOverflow { area } => write!(
                f,
                "{area}: adding up its parts overflows, so the numbers cannot be real"
            ),
            Self::RulesFailed { contest, error } => {
                write!(f, "contest '{contest}': the rules cannot be applied: {error}")
            }
            Self::DelegatesMissing { contest } => write!(
                f,
                "contest '{contest}': the rules award delegates but none are published"
            ),
            Self::DelegatesImpossible {
                contest,
                published,
                counts,
                allowed,
            } => {
                let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
                write!(
                    f,
                    "contest '{contest}': delegates {published:?} cannot come from counts {counts:?}; the rules give {}",
                    allowed.join(" or ")
                )
            }
            Self::SdeMismatch { contest } => write!(
                f,
                "contest '{contest}': the state delegate equivalents do not match the delegates"
            ),
            Self::OpeningIncomplete => f.write_str("the opening does not cover every contest"),
            Self::OpeningNotZeroOne { contest } => write!(
                f,
                "contest '{contest}': an option opened to more than one vote"
            ),
            Self::ShardMislabelled { prefix } => write!(f, "the shard says it is '{prefix}'"),
            Self::CodeInWrongShard { code } => write!(f, "code {code} is in the wrong shard"),
            Self::CodeNotListed { code } => write!(f, "code {code} is not listed correctly"),
            Self::CodePointsNowhere { code } => {
                write!(f, "the entry for code {code} points to no such ballot")
            }
            Self::IndexDuplicate => f.write_str("a ballot or index entry appears twice"),
            Self::IndexUnknownPrecinct { precinct } => {
                write!(f, "the entry names unknown precinct '{precinct}'")
            }
            Self::IndexWrongPrecinct => f.write_str(
                "the index sends this code to a precinct whose file does not hold it",
            ),
            Self::IndexWrongPosition => f.write_str("the index gives the wrong board position"),
            Self::NotCanonicalFile => f.write_str(
                "the file's bytes are not the canonical JSON of its contents (changed after it was written?)",
            ),
            Self::Seal { error } => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Reason {}
