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

/// `board/<path>`: a board file (a tile, an entry bundle, the frontier).
pub fn board_path(path: &str) -> String {
    format!("{BOARD_DIR}{path}")
}

/// `index/<prefix>.json`: the lookup-index shard for codes starting with `prefix`.
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
        _ => limits::PRECINCT,
    }
}

/// Boards up to this size have one-symbol index shards (32 of them); larger boards two.
pub const ONE_SYMBOL_SHARDS_UP_TO: u64 = 2_000_000;

/// How many receipt-code symbols name an index shard, decided by the verifier from the final
/// board size and never from anything the host serves: 1 up to [`ONE_SYMBOL_SHARDS_UP_TO`]
/// entries, else 2. So a shard request tells the host at most 10 of the code's 110 bits.
pub fn index_prefix_len(board_size: u64) -> usize {
    if board_size <= ONE_SYMBOL_SHARDS_UP_TO {
        1
    } else {
        2
    }
}

/// Every shard prefix for a board of `board_size` entries.
pub fn index_prefixes(board_size: u64) -> Vec<String> {
    let mut prefixes = vec![String::new()];
    for _ in 0..index_prefix_len(board_size) {
        prefixes = prefixes
            .iter()
            .flat_map(|p| {
                crate::receipt::ALPHABET
                    .iter()
                    .map(move |&c| format!("{p}{}", c as char))
            })
            .collect();
    }
    prefixes
}

/// The lookup-index shard holding `code` on a board of `board_size` entries.
pub fn index_path(code: &ReceiptCode, board_size: u64) -> String {
    let compact = code.compact();
    index_shard_path(&compact[..index_prefix_len(board_size)])
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

/// `index/<prefix>.json`: where each receipt code's ballot is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexShard {
    /// The code prefix this shard holds.
    pub prefix: String,
    /// Sorted by code.
    pub entries: Vec<IndexEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// Where one receipt code's ballot is.
pub struct IndexEntry {
    /// The 22 tracker symbols of the receipt code.
    pub code: String,
    /// The precinct id.
    pub precinct: String,
    /// Board position.
    pub position: u64,
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
