//! The files of a published record, their paths and size limits.
//!
//! A record is a directory of static JSON files:
//! `manifest.json`, `heads.json`, `totals.json`, `precincts/<precinct>.json` and
//! `index/<prefix>.json`.

use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::board::SignedHead;
use crate::digest::Digest;
use crate::receipt::ReceiptCode;

pub const MANIFEST_PATH: &str = "manifest.json";
pub const HEADS_PATH: &str = "heads.json";
pub const TOTALS_PATH: &str = "totals.json";

/// Largest file of each kind a verifier accepts, in bytes; larger ones fail without parsing.
pub mod limits {
    pub const MANIFEST: usize = 4 << 20;
    pub const HEADS: usize = 4 << 20;
    pub const TOTALS: usize = 64 << 20;
    pub const INDEX_SHARD: usize = 16 << 20;
    pub const PRECINCT: usize = 256 << 20;
    /// Options in one contest.
    pub const OPTIONS: usize = 64;
    /// Contests on one ballot.
    pub const CONTESTS: usize = 16;
    /// Trustees in one election.
    pub const TRUSTEES: usize = 64;
}

pub fn precinct_path(precinct: &str) -> String {
    format!("precincts/{precinct}.json")
}

/// `index/<prefix>.json`: the lookup-index shard for codes starting with `prefix`.
pub fn index_shard_path(prefix: &str) -> String {
    format!("index/{prefix}.json")
}

/// The lookup-index shard holding `code`.
pub fn index_path(code: &ReceiptCode, prefix_len: u8) -> String {
    let compact = code.compact();
    let len = usize::from(prefix_len).clamp(1, 4);
    index_shard_path(&compact[..len])
}

/// `precincts/<id>.json`: the precinct's ballots, challenged ballots and tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecinctFile {
    pub precinct: String,
    /// Cast ballots, in board order.
    pub ballots: Vec<PostedBallot>,
    /// Challenged (spoiled) ballots with their openings.
    pub challenged: Vec<ChallengedBallot>,
    pub tally: Vec<ContestTallyFile>,
}

/// A ballot as it stands on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostedBallot {
    /// Leaf index on the board.
    pub position: u64,
    pub tracker: Digest,
    pub ballot: Ballot,
    /// RFC 9162 inclusion proof against the final head.
    pub inclusion: Vec<Digest>,
}

/// A challenged ballot: never counted, opened by the trustees so the voter can see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengedBallot {
    pub position: u64,
    pub tracker: Digest,
    pub ballot: Ballot,
    /// RFC 9162 inclusion proof against the final head.
    pub inclusion: Vec<Digest>,
    /// One per contest, in ballot order.
    pub opening: Vec<ContestDecryption>,
}

/// One contest's encrypted tally in a precinct and its verified decryption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestTallyFile {
    pub contest: String,
    /// Per option: the sum of the precinct's ballots' ciphertexts.
    pub encrypted: Vec<serde_json::Value>,
    pub decryption: ContestDecryption,
}

/// Trustees' decryption of a contest's ciphertexts (one per option).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestDecryption {
    pub contest: String,
    pub shares: Vec<TrusteeShares>,
    /// The decrypted value per option.
    pub values: Vec<u64>,
}

/// One trustee's decryption shares, one per option, each with its proof.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrusteeShares {
    /// 0-based index into the manifest's trustees.
    pub trustee: u64,
    pub shares: Vec<DecryptionShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecryptionShare {
    /// elastic-elgamal `CandidateDecryption`: the ciphertext's random element times the key share.
    pub share: serde_json::Value,
    /// elastic-elgamal `LogEqualityProof`.
    pub proof: serde_json::Value,
}

/// `heads.json`: signed tree heads, oldest first; the last one is the final head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadsFile {
    pub heads: Vec<PublishedHead>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedHead {
    pub signed: SignedHead,
    /// RFC 9162 consistency proof from this head to the final head.
    pub consistency_to_final: Vec<Digest>,
}

/// `index/<prefix>.json`: where each receipt code's ballot is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexShard {
    pub prefix: String,
    pub entries: Vec<IndexEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    /// The 22 tracker symbols of the receipt code.
    pub code: String,
    pub precinct: String,
    pub position: u64,
}

/// `totals.json`: per-precinct counts, their roll-up and the results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalsFile {
    pub precincts: Vec<AreaTotals>,
    pub counties: Vec<AreaTotals>,
    pub election: AreaTotals,
}

/// Counts and results of one area (precinct, county or the whole election).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaTotals {
    /// Precinct or county id; `"election"` for the whole election.
    pub area: String,
    pub ballots: u64,
    pub contests: Vec<ContestTotals>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestTotals {
    pub contest: String,
    /// Votes per option.
    pub counts: Vec<u64>,
    /// Delegates per option where the rules award delegates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegates: Option<Vec<u64>>,
    /// State delegate equivalents per option, in millionths, where the rules define them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sde_millionths: Option<Vec<u64>>,
}
