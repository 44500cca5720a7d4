//! The board published as [C2SP tlog-tiles](https://c2sp.org/tlog-tiles): every hash of the
//! Merkle tree, 256 to a tile, so that a verifier builds any inclusion or consistency proof from a
//! few static files instead of stored proofs.
//!
//! A tile at level `L` holds the hashes of consecutive complete subtrees of `256^L` leaves (level 0:
//! the leaf hashes). Tile `N` of level `L` holds those with indexes `256·N …`; it is *full* with 256
//! hashes, or the level's last, *partial* tile with `W < 256`. Paths: `tile/<L>/<N>` and
//! `tile/<L>/<N>.p/<W>`, with `N` written as 3-digit groups, all but the last prefixed `x`
//! (`1234067` is `x001/x234/067`). Entry bundles `tile/entries/<N>[.p/<W>]` hold the leaves' data,
//! each as a big-endian `u16` length and the bytes.
//!
//! castcheck also publishes `frontier`: the hashes of the complete subtrees that make up the whole
//! tree, largest first (one per set bit of the size). They fold into the root, so they need no
//! trust, and they spare a voter the right edge's partial tiles.

use std::collections::BTreeMap;

use crate::digest::Digest;
use crate::merkle::{node_hash, split_point, RootHash};

/// Hashes in a full tile.
pub const TILE_WIDTH: u64 = 256;
/// Tree levels a tile spans.
pub const TILE_HEIGHT: u32 = 8;
/// The frontier's path, beside the tiles.
pub const FRONTIER_PATH: &str = "frontier";

/// One tile of a tree of known size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TileId {
    /// 0 for leaf hashes.
    pub level: u32,
    /// The tile's index within its level.
    pub index: u64,
    /// Hashes it holds: 1 to 256.
    pub width: u64,
}

impl TileId {
    /// The tile of `size`'s tree at `level` that holds hash number `hash` of that level.
    pub fn holding(level: u32, hash: u64, size: u64) -> Self {
        let index = hash / TILE_WIDTH;
        let count = level_count(size, level);
        Self {
            level,
            index,
            width: count.saturating_sub(index * TILE_WIDTH).min(TILE_WIDTH),
        }
    }

    /// `tile/<L>/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!("tile/{}/{}", self.level, index_path(self.index, self.width))
    }

    /// `tile/entries/<N>[.p/<W>]`: the entry bundle beside a level-0 tile.
    pub fn entries_path(&self) -> String {
        format!("tile/entries/{}", index_path(self.index, self.width))
    }

    /// The tile's bytes: its hashes, concatenated.
    pub fn bytes_len(&self) -> usize {
        self.width as usize * 32
    }
}

fn index_path(index: u64, width: u64) -> String {
    let digits = index.to_string();
    let padded = format!("{:0>w$}", digits, w = digits.len().div_ceil(3) * 3);
    let groups: Vec<&str> = (0..padded.len())
        .step_by(3)
        .map(|i| &padded[i..i + 3])
        .collect();
    let mut path = String::new();
    for (i, g) in groups.iter().enumerate() {
        if i + 1 < groups.len() {
            path.push('x');
            path.push_str(g);
            path.push('/');
        } else {
            path.push_str(g);
        }
    }
    if width < TILE_WIDTH {
        path.push_str(&format!(".p/{width}"));
    }
    path
}

/// Complete subtrees of `256^level` leaves in a tree of `size`.
fn level_count(size: u64, level: u32) -> u64 {
    size.checked_shr(TILE_HEIGHT * level).unwrap_or(0)
}

/// Every tile of a tree of `size` leaves, level by level.
pub fn all_tiles(size: u64) -> Vec<TileId> {
    let mut tiles = Vec::new();
    let mut level = 0;
    while level_count(size, level) > 0 {
        let count = level_count(size, level);
        tiles
            .extend((0..count.div_ceil(TILE_WIDTH)).map(|n| TileId::holding(level, n * 256, size)));
        level += 1;
    }
    tiles
}

/// The complete subtrees `(height, index)` whose hashes make up a tree of `size`, largest first.
pub fn frontier_subtrees(size: u64) -> Vec<(u32, u64)> {
    let mut start = 0;
    (0..64)
        .rev()
        .filter(|h| size >> h & 1 == 1)
        .map(|h| {
            let subtree = (h, start >> h);
            start += 1 << h;
            subtree
        })
        .collect()
}

/// Why a proof could not be built from the hashes at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TileError {
    /// A tile or the frontier has the wrong length.
    WrongLength,
    /// A hash the proof needs is in no tile given.
    Missing,
    /// The frontier does not fold into the checkpoint's root.
    FrontierMismatch,
}

impl std::fmt::Display for TileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::WrongLength => "a tile or the frontier has the wrong length",
            Self::Missing => "a hash the proof needs is in none of the tiles",
            Self::FrontierMismatch => "the frontier does not add up to the signed root",
        })
    }
}

impl std::error::Error for TileError {}

/// The hashes of one tree read from its frontier and some of its tiles: enough to build the
/// proofs those tiles were fetched for. Nothing here is trusted: a proof built from wrong hashes
/// fails to verify against the signed root.
#[derive(Debug, Clone)]
pub struct TileHashes {
    size: u64,
    frontier: BTreeMap<(u32, u64), Digest>,
    tiles: BTreeMap<(u32, u64), Vec<Digest>>,
}

impl TileHashes {
    /// Starts from the tree's frontier file, which must fold into `tree`'s root.
    pub fn new(tree: &RootHash, frontier: &[u8]) -> Result<Self, TileError> {
        let subtrees = frontier_subtrees(tree.size);
        let hashes = split_hashes(frontier, subtrees.len())?;
        let folded = hashes
            .iter()
            .rev()
            .copied()
            .reduce(|right, left| node_hash(&left, &right))
            .unwrap_or_else(crate::merkle::empty_root);
        if folded != tree.root {
            return Err(TileError::FrontierMismatch);
        }
        Ok(Self {
            size: tree.size,
            frontier: subtrees.into_iter().zip(hashes).collect(),
            tiles: BTreeMap::new(),
        })
    }

    /// Adds a fetched tile.
    pub fn add_tile(&mut self, tile: TileId, bytes: &[u8]) -> Result<(), TileError> {
        let hashes = split_hashes(bytes, tile.width as usize)?;
        self.tiles.insert((tile.level, tile.index), hashes);
        Ok(())
    }

    /// The RFC 9162 inclusion proof of leaf `index`.
    pub fn inclusion_proof(&self, index: u64) -> Result<Vec<Digest>, TileError> {
        let mut read = |h, j| self.subtree(h, j);
        inclusion_path(index, 0, self.size, &mut read)
    }

    /// The RFC 9162 consistency proof from the tree's first `old_size` leaves to all of it.
    pub fn consistency_proof(&self, old_size: u64) -> Result<Vec<Digest>, TileError> {
        let mut read = |h, j| self.subtree(h, j);
        consistency_path(old_size, self.size, &mut read)
    }

    fn subtree(&self, height: u32, index: u64) -> Result<Digest, TileError> {
        if let Some(h) = self.frontier.get(&(height, index)) {
            return Ok(*h);
        }
        let (level, span) = (height / TILE_HEIGHT, height % TILE_HEIGHT);
        let first = index << span;
        let tile = self
            .tiles
            .get(&(level, first / TILE_WIDTH))
            .ok_or(TileError::Missing)?;
        let start = (first % TILE_WIDTH) as usize;
        let hashes = tile
            .get(start..start + (1 << span))
            .ok_or(TileError::Missing)?;
        Ok(crate::merkle::root(hashes))
    }
}

fn split_hashes(bytes: &[u8], count: usize) -> Result<Vec<Digest>, TileError> {
    if bytes.len() != count * 32 {
        return Err(TileError::WrongLength);
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| Digest(c.try_into().unwrap_or([0; 32])))
        .collect())
}

type Reader<'a> = dyn FnMut(u32, u64) -> Result<Digest, TileError> + 'a;

/// MTH of leaves `[start, end)`, from complete subtrees.
fn range_hash(start: u64, end: u64, read: &mut Reader) -> Result<Digest, TileError> {
    let len = end - start;
    if len.is_power_of_two() && start.is_multiple_of(len) {
        return read(len.trailing_zeros(), start / len);
    }
    let k = split_point(len as usize) as u64;
    let left = range_hash(start, start + k, read)?;
    let right = range_hash(start + k, end, read)?;
    Ok(node_hash(&left, &right))
}

/// RFC 9162 §2.1.3.1 `PATH(m, D[start:end])`.
fn inclusion_path(
    m: u64,
    start: u64,
    end: u64,
    read: &mut Reader,
) -> Result<Vec<Digest>, TileError> {
    if end - start <= 1 {
        return Ok(Vec::new());
    }
    let k = split_point((end - start) as usize) as u64;
    let (mut path, sibling) = if m < start + k {
        (
            inclusion_path(m, start, start + k, read)?,
            range_hash(start + k, end, read)?,
        )
    } else {
        (
            inclusion_path(m, start + k, end, read)?,
            range_hash(start, start + k, read)?,
        )
    };
    path.push(sibling);
    Ok(path)
}

/// RFC 9162 §2.1.4.1 `PROOF(m, D[n])`.
fn consistency_path(m: u64, n: u64, read: &mut Reader) -> Result<Vec<Digest>, TileError> {
    if m == 0 || m >= n {
        return Ok(Vec::new());
    }
    subproof(m, 0, n, true, read)
}

/// `SUBPROOF(m, D[start:end], b)`, with `m` counted from leaf 0.
fn subproof(
    m: u64,
    start: u64,
    end: u64,
    whole: bool,
    read: &mut Reader,
) -> Result<Vec<Digest>, TileError> {
    if m == end {
        return Ok(if whole {
            Vec::new()
        } else {
            vec![range_hash(start, end, read)?]
        });
    }
    let k = split_point((end - start) as usize) as u64;
    let (mut proof, other) = if m <= start + k {
        (
            subproof(m, start, start + k, whole, read)?,
            range_hash(start + k, end, read)?,
        )
    } else {
        (
            subproof(m, start + k, end, false, read)?,
            range_hash(start, start + k, read)?,
        )
    };
    proof.push(other);
    Ok(proof)
}

/// The tiles a proof needs beyond the frontier: those holding the hashes it reads.
fn tiles_read(
    size: u64,
    prove: impl FnOnce(&mut Reader) -> Result<Vec<Digest>, TileError>,
) -> Vec<TileId> {
    let frontier = frontier_subtrees(size);
    let mut tiles = Vec::new();
    let mut record = |height: u32, index: u64| {
        if !frontier.contains(&(height, index)) {
            let (level, span) = (height / TILE_HEIGHT, height % TILE_HEIGHT);
            let tile = TileId::holding(level, index << span, size);
            if !tiles.contains(&tile) {
                tiles.push(tile);
            }
        }
        Ok(Digest::default())
    };
    // Reading always succeeds here, so the proof is built and only the reads matter.
    let _ = prove(&mut record);
    tiles.sort();
    tiles
}

/// The tiles needed to prove leaf `index` of a tree of `size` (with the frontier).
pub fn tiles_for_inclusion(index: u64, size: u64) -> Vec<TileId> {
    if index >= size {
        return Vec::new();
    }
    tiles_read(size, |read| inclusion_path(index, 0, size, read))
}

/// The tiles needed to prove that the first `old_size` leaves are a prefix of `size` leaves.
pub fn tiles_for_consistency(old_size: u64, size: u64) -> Vec<TileId> {
    tiles_read(size, |read| consistency_path(old_size, size, read))
}

/// Every tile of the tree with these leaf hashes, with its bytes, and the frontier: what the
/// generator publishes and what an auditor compares with the published files.
pub fn build_tiles(leaves: &[Digest]) -> (Vec<(TileId, Vec<u8>)>, Vec<u8>) {
    let size = leaves.len() as u64;
    let mut tiles = Vec::new();
    let mut level_hashes = leaves.to_vec();
    let mut level = 0;
    while !level_hashes.is_empty() {
        for (n, chunk) in level_hashes.chunks(TILE_WIDTH as usize).enumerate() {
            let id = TileId::holding(level, n as u64 * TILE_WIDTH, size);
            tiles.push((id, chunk.iter().flat_map(|d| d.0).collect()));
        }
        level_hashes = level_hashes
            .chunks_exact(TILE_WIDTH as usize)
            .map(crate::merkle::root)
            .collect();
        level += 1;
    }
    let frontier = frontier_subtrees(size)
        .into_iter()
        .flat_map(|(h, j)| {
            let start = (j << h) as usize;
            crate::merkle::root(&leaves[start..start + (1usize << h)]).0
        })
        .collect();
    (tiles, frontier)
}

/// An entry bundle's bytes: each leaf's data as a big-endian `u16` length and the bytes.
pub fn entry_bundle<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        out.extend_from_slice(&(e.len() as u16).to_be_bytes());
        out.extend_from_slice(e);
    }
    out
}

/// The entries of a bundle, or `None` if it is not a well-formed bundle of `count` entries.
pub fn bundle_entries(bytes: &[u8], count: usize) -> Option<Vec<&[u8]>> {
    let mut entries = Vec::with_capacity(count);
    let mut rest = bytes;
    while let Some((len, tail)) = rest.split_first_chunk::<2>() {
        let len = u16::from_be_bytes(*len) as usize;
        let entry = tail.get(..len)?;
        entries.push(entry);
        rest = &tail[len..];
    }
    (rest.is_empty() && entries.len() == count).then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{leaf_hash, root, verify_consistency, verify_inclusion};

    fn leaves(n: u64) -> Vec<Digest> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// A reader holding every tile and the frontier of a tree.
    fn all_hashes(leaves: &[Digest]) -> TileHashes {
        let (tiles, frontier) = build_tiles(leaves);
        let tree = RootHash {
            root: root(leaves),
            size: leaves.len() as u64,
        };
        let mut hashes = TileHashes::new(&tree, &frontier).expect("frontier");
        for (id, bytes) in tiles {
            hashes.add_tile(id, &bytes).expect("tile");
        }
        hashes
    }

    #[test]
    fn paths_follow_tlog_tiles() {
        let t = TileId {
            level: 0,
            index: 1_234_067,
            width: 8,
        };
        assert_eq!(t.path(), "tile/0/x001/x234/067.p/8");
        assert_eq!(t.entries_path(), "tile/entries/x001/x234/067.p/8");
        let t = TileId {
            level: 2,
            index: 5,
            width: 256,
        };
        assert_eq!(t.path(), "tile/2/005");
        let t = TileId {
            level: 1,
            index: 1000,
            width: 256,
        };
        assert_eq!(t.path(), "tile/1/x001/000");
    }

    #[test]
    fn the_demo_size_has_ten_level_0_tiles_and_one_above() {
        let paths: Vec<String> = all_tiles(2412).iter().map(TileId::path).collect();
        assert_eq!(paths.len(), 11);
        assert_eq!(paths[9], "tile/0/009.p/108");
        assert_eq!(paths[10], "tile/1/000.p/9");
        assert_eq!(frontier_subtrees(2412).len(), 6);
    }

    #[test]
    fn proofs_built_from_tiles_verify_at_every_position_and_size() {
        for n in [1u64, 2, 3, 255, 256, 257, 511, 513, 1000, 65_537, 70_001] {
            let leaves = leaves(n);
            let hashes = all_hashes(&leaves);
            let (tiles, frontier) = build_tiles(&leaves);
            let tree = RootHash {
                root: root(&leaves),
                size: n,
            };
            let step = (n / 97).max(1);
            for i in (0..n).step_by(step as usize).chain([n - 1]) {
                let proof = hashes.inclusion_proof(i).expect("proof");
                verify_inclusion(&leaves[i as usize], i, &proof, &tree).expect("verifies");
                // Only the planned tiles are needed.
                let mut planned = TileHashes::new(&tree, &frontier).expect("frontier");
                for t in tiles_for_inclusion(i, n) {
                    let bytes = &tiles.iter().find(|(id, _)| *id == t).expect("published").1;
                    planned.add_tile(t, bytes).expect("tile");
                }
                assert_eq!(planned.inclusion_proof(i).expect("planned proof"), proof);
            }
            for m in [1, n / 3, n / 2, n - 1, n].into_iter().filter(|m| *m >= 1) {
                let old = RootHash {
                    root: root(&leaves[..m as usize]),
                    size: m,
                };
                let proof = hashes.consistency_proof(m).expect("proof");
                verify_consistency(&old, &tree, &proof).expect("consistent");
            }
        }
    }

    #[test]
    fn a_voter_needs_at_most_three_tiles_at_a_million_ballots() {
        let n = 1_000_000;
        let worst = (0..n)
            .step_by(997)
            .chain([0, n - 1, n - 65, n - 64, 983_039, 983_040, 524_287, 524_288])
            .map(|i| tiles_for_inclusion(i, n).len())
            .max();
        assert_eq!(worst, Some(3));
    }

    #[test]
    fn a_wrong_frontier_or_tile_is_refused_or_fails_the_proof() {
        let leaves = leaves(1000);
        let tree = RootHash {
            root: root(&leaves),
            size: 1000,
        };
        let (tiles, mut frontier) = build_tiles(&leaves);
        assert_eq!(
            TileHashes::new(&tree, &frontier[..32]).err(),
            Some(TileError::WrongLength)
        );
        frontier[5] ^= 1;
        assert_eq!(
            TileHashes::new(&tree, &frontier).err(),
            Some(TileError::FrontierMismatch)
        );
        frontier[5] ^= 1;
        let mut hashes = TileHashes::new(&tree, &frontier).expect("frontier");
        assert_eq!(hashes.inclusion_proof(3).err(), Some(TileError::Missing));
        for t in tiles_for_inclusion(3, 1000) {
            let mut bytes = tiles
                .iter()
                .find(|(id, _)| *id == t)
                .expect("published")
                .1
                .clone();
            if t.level == 0 {
                bytes[32 * 2] ^= 1; // leaf 2's hash: leaf 3's sibling
            }
            hashes.add_tile(t, &bytes).expect("right length");
        }
        let proof = hashes.inclusion_proof(3).expect("built");
        assert!(verify_inclusion(&leaves[3], 3, &proof, &tree).is_err());
    }

    #[test]
    fn bundles_round_trip_and_refuse_trailing_bytes() {
        let entries: Vec<&[u8]> = vec![b"a", b"", b"xyz"];
        let bytes = entry_bundle(entries.iter().copied());
        assert_eq!(bytes, b"\x00\x01a\x00\x00\x00\x03xyz");
        assert_eq!(bundle_entries(&bytes, 3), Some(entries));
        assert_eq!(bundle_entries(&bytes, 2), None);
        assert_eq!(bundle_entries(&bytes[..bytes.len() - 1], 3), None);
    }
}
