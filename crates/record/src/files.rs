//! The files of a published record, their paths and size limits.
//!
//! A record is a directory of static files: `manifest.json`, `totals.json`,
//! `precincts/<precinct>.json` and `index/<prefix>.json` (JSON), and the board under `board/`: its
//! signed `checkpoint`, its `frontier` and its tiles (C2SP tlog-tiles).

use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::receipt::ReceiptCode;

/// The manifest: everything fixed before voting opens.
pub const MANIFEST_PATH: &str = "manifest.json";
/// The board's final checkpoint: a signed note (C2SP tlog-checkpoint) with witness cosignatures.
pub const CHECKPOINT_PATH: &str = "board/checkpoint";
/// Where the board's tiles, entry bundles and frontier are published.
pub const BOARD_DIR: &str = "board/";
/// The counts per area and the results.
pub const TOTALS_PATH: &str = "totals.json";
/// The area name of the whole election in `totals.json`.
pub const ELECTION_AREA: &str = "election";

/// Largest file of each kind a verifier accepts, in bytes; larger ones fail without parsing.
pub mod limits {
    /// `manifest.json`.
    pub const MANIFEST: usize = 4 << 20;
    /// `board/checkpoint`.
    pub const CHECKPOINT: usize = 64 << 10;
    /// One tile or the frontier (256 hashes at most).
    pub const TILE: usize = 8 << 10;
    /// One entry bundle: 256 entries of at most 64 KiB each.
    pub const ENTRY_BUNDLE: usize = 256 * (2 + 65_535);
    /// `totals.json`.
    pub const TOTALS: usize = 64 << 20;
    /// One `index/<prefix>.json`.
    pub const INDEX_SHARD: usize = 16 << 20;
    /// One `precincts/<id>.json`.
    pub const PRECINCT: usize = 256 << 20;
    /// One `proofs/<id>.json` (its ballots' proofs are about 3.5 times their ciphertexts).
    pub const PROOFS: usize = 1 << 30;
    /// The largest limit of any kind of file.
    pub const LARGEST: usize = PROOFS;
    /// Options in one contest.
    pub const OPTIONS: usize = 64;
    /// Contests on one ballot.
    pub const CONTESTS: usize = 16;
    /// Trustees in one election.
    pub const TRUSTEES: usize = 64;
}

/// `precincts/<id>.json`: one precinct's ballots and tally.
pub fn precinct_path(precinct: &str) -> String {
    format!("precincts/{precinct}.json")
}

/// `proofs/<id>.json`: the proofs of the ballots in the precinct's file.
pub fn proofs_path(precinct: &str) -> String {
    format!("proofs/{precinct}.json")
}

/// `board/<path>`: a board file (a tile, an entry bundle, the frontier).
pub fn board_path(path: &str) -> String {
    format!("{BOARD_DIR}{path}")
}

/// `index/<name>.json`: the lookup-index shard named `name` ([`index_shard_name`]).
pub fn index_shard_path(prefix: &str) -> String {
    format!("index/{prefix}.json")
}

/// The size limit of the record file at `path`, by its kind (for fetchers that stop a
/// download as soon as it is too large).
pub fn size_limit(path: &str) -> usize {
    match path {
        MANIFEST_PATH => limits::MANIFEST,
        CHECKPOINT_PATH => limits::CHECKPOINT,
        p if p.starts_with("board/tile/entries/") => limits::ENTRY_BUNDLE,
        p if p.starts_with(BOARD_DIR) => limits::TILE,
        TOTALS_PATH => limits::TOTALS,
        p if p.starts_with("index/") => limits::INDEX_SHARD,
        p if p.starts_with("proofs/") => limits::PROOFS,
        _ => limits::PRECINCT,
    }
}

/// How many entries an index shard holds on average, at most.
pub const SHARD_ENTRIES: u64 = 256;

/// The most leading bits of a receipt digest that name an index shard.
pub const MAX_INDEX_BITS: u32 = 24;

/// How many leading bits of the receipt digest name an index shard, decided by the verifier from
/// the final board size and never from anything the host serves: the fewest `b` such that
/// `size ≤ 256 · 2^b` (at most 24), so that a shard holds at most 256 entries on average
/// whatever the size of the election, and a shard request tells the host `b` bits of the digest.
pub fn index_bits(board_size: u64) -> u32 {
    let mut bits = 0;
    while bits < MAX_INDEX_BITS && SHARD_ENTRIES << bits < board_size {
        bits += 1;
    }
    bits
}

/// The name of the index shard holding the codes whose first `bits` bits are `prefix`: `prefix`
/// in lowercase hexadecimal, zero-padded to `ceil(bits / 4)` digits (at least one).
pub fn index_shard_name(prefix: u64, bits: u32) -> String {
    let digits = (bits as usize).div_ceil(4).max(1);
    format!("{prefix:0digits$x}")
}

/// Every index shard's name for a board of `board_size` entries.
pub fn index_shard_names(board_size: u64) -> Vec<String> {
    let bits = index_bits(board_size);
    (0..1u64 << bits)
        .map(|p| index_shard_name(p, bits))
        .collect()
}

/// The name of the index shard holding `code` on a board of `board_size` entries.
pub fn index_shard_of(code: &ReceiptCode, board_size: u64) -> String {
    let bits = index_bits(board_size);
    index_shard_name(code.leading_bits(bits), bits)
}

/// The path of the lookup-index shard holding `code` on a board of `board_size` entries.
pub fn index_path(code: &ReceiptCode, board_size: u64) -> String {
    index_shard_path(&index_shard_of(code, board_size))
}

/// `precincts/<id>.json`: the precinct's ballots, challenged ballots and tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecinctFile {
    /// The precinct id.
    pub precinct: String,
    /// Cast ballots, in board order.
    pub ballots: Vec<PostedBallot>,
    /// Challenged (spoiled) ballots with their openings.
    pub challenged: Vec<ChallengedBallot>,
    /// Per contest: the encrypted tally and its decryption.
    pub tally: Vec<ContestTallyFile>,
}

/// `proofs/<id>.json`: the zero-knowledge proofs of every ballot (cast and challenged) in the
/// precinct's file, apart from the ciphertexts so that a voter's check can add up the precinct
/// before it has them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofsFile {
    /// The precinct id.
    pub precinct: String,
    /// One entry per ballot of the precinct file, in board order.
    pub ballots: Vec<BallotProofs>,
}

/// One ballot's proofs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotProofs {
    /// The ballot's board position.
    pub position: u64,
    /// Per contest, in manifest order: base64url of the contest's proof bytes (spec §5.2).
    pub proofs: Vec<String>,
}

/// A ballot as it stands on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostedBallot {
    /// Leaf index on the board.
    pub position: u64,
    /// The encrypted ballot (its tracker is its hash, §3.4).
    pub ballot: Ballot,
}

/// A challenged ballot: never counted, opened by the trustees so the voter can see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengedBallot {
    /// Board position.
    pub position: u64,
    /// The encrypted ballot.
    pub ballot: Ballot,
    /// One per contest, in ballot order.
    pub opening: Vec<ContestDecryption>,
}

/// One contest's encrypted tally in a precinct and its verified decryption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestTallyFile {
    /// The contest id.
    pub contest: String,
    /// Per option: the sum of the precinct's ballots' ciphertexts.
    pub encrypted: Vec<serde_json::Value>,
    /// The trustees' decryption of `encrypted`.
    pub decryption: ContestDecryption,
}

/// Trustees' decryption of a contest's ciphertexts (one per option).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestDecryption {
    /// The contest id.
    pub contest: String,
    /// The shares of the trustees who took part.
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
    /// One share per option.
    pub shares: Vec<DecryptionShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// One trustee's share of one ciphertext's decryption, with its proof.
pub struct DecryptionShare {
    /// elastic-elgamal `CandidateDecryption`: the ciphertext's random element times the key share.
    pub share: serde_json::Value,
    /// elastic-elgamal `LogEqualityProof`.
    pub proof: serde_json::Value,
}

/// `index/<name>.json`: the board entries whose receipt codes fall in one shard, so that a voter's
/// device finds its ballot's position, and its leaf, from the code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexShard {
    /// The shard's name ([`index_shard_name`]).
    pub prefix: String,
    /// In board order.
    pub entries: Vec<IndexEntry>,
}

/// One board entry in the lookup index: the leaf's contents and its position. The receipt code
/// it serves is derived from `tracker` and `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    /// Cast or challenged.
    pub kind: crate::board::EntryKind,
    /// Board position.
    pub position: u64,
    /// The precinct id.
    pub precinct: String,
    /// The ballot's tracker.
    pub tracker: crate::digest::Digest,
}

/// `totals.json`: per-precinct counts, their roll-up and the results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalsFile {
    /// Per precinct, in manifest order.
    pub precincts: Vec<AreaTotals>,
    /// Per county, in manifest order.
    pub counties: Vec<AreaTotals>,
    /// The whole election.
    pub election: AreaTotals,
}

/// Counts and results of one area (precinct, county or the whole election).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaTotals {
    /// Precinct or county id; `"election"` for the whole election.
    pub area: String,
    /// Cast ballots counted.
    pub ballots: u64,
    /// Per contest, in manifest order.
    pub contests: Vec<ContestTotals>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// One contest's counts and results in an area.
pub struct ContestTotals {
    /// The contest id.
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
