//! Writing a whole simulated record: the one assembly that the CLI and the tests share.

use std::collections::BTreeMap;
use std::sync::Mutex;

use castcheck_record::canonical_json;
use castcheck_record::files::{
    board_path, index_shard_path, precinct_path, proofs_path, CHECKPOINT_PATH, MANIFEST_PATH,
    TOTALS_PATH,
};
use castcheck_record::merkle::RootHash;
use castcheck_record::tiles::{build_tiles, entry_bundle, FRONTIER_PATH, TILE_WIDTH};
use castcheck_record::{canonical_bytes, tag};
use ed25519_dalek::SigningKey;
use serde::Serialize;

use crate::election::{BoardLeaf, Receipt, Simulation};
use crate::sign::{seal_file, seal_json};
use crate::spec::{SimulationSpec, SpecError};

/// Where a simulated record's files go.
pub trait RecordSink: Sync {
    /// Why a file could not be written.
    type Error: Send;
    /// Writes one record file at `path` (relative to the record).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Self::Error>;
    /// Keeps the contents of the file at `path` aside until the board is final and they can be
    /// sealed (a large record keeps them on disk, not in memory).
    fn stash(&self, path: &str, bytes: Vec<u8>) -> Result<(), Self::Error>;
    /// Takes back what [`stash`](Self::stash) kept for `path`.
    fn unstash(&self, path: &str) -> Result<Vec<u8>, Self::Error>;
}

/// A record file's contents, sealed by the authority when written.
trait SealBody: Sync {
    fn sealed(&self, sim: &Simulation, head: &RootHash, path: &str) -> Vec<u8>;
}

impl<T: Serialize + Sync> SealBody for T {
    fn sealed(&self, sim: &Simulation, head: &RootHash, path: &str) -> Vec<u8> {
        seal_file(sim.authority(), &sim.fingerprint(), head, path, self)
            .expect("record files are canonical")
    }
}

/// The canonical JSON of a record file, as published.
fn json<T: Serialize>(value: &T) -> Vec<u8> {
    canonical_json(value).expect("record files are canonical")
}

/// One precinct encrypted and tallied; its files wait in the sink until the final tree is known.
struct Drafted {
    precinct: String,
    leaves: Vec<BoardLeaf>,
    receipts: Vec<Receipt>,
    totals: castcheck_record::files::AreaTotals,
}

#[cfg(feature = "parallel")]
fn each_precinct<T: Send>(count: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    (0..count).into_par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
fn each_precinct<T: Send>(count: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    (0..count).map(f).collect()
}

/// Runs the election and writes every record file through `sink`; returns the voters' receipts
/// precinct by precinct.
pub fn write_record<S: RecordSink>(sim: &Simulation, sink: &S) -> Result<Vec<Receipt>, S::Error> {
    let drafts = each_precinct(sim.precinct_count(), |i| {
        let d = sim.cast_precinct(i);
        let precinct = d.file.precinct.clone();
        sink.stash(&precinct_path(&precinct), json(&d.file))?;
        sink.stash(&proofs_path(&precinct), json(&d.proofs))?;
        Ok(Drafted {
            precinct,
            leaves: d.leaves,
            receipts: d.receipts,
            totals: d.totals,
        })
    });
    let mut leaves = Vec::new();
    let mut totals = Vec::new();
    let mut receipts = Vec::new();
    let mut precincts = Vec::new();
    for d in drafts {
        let d = d?;
        leaves.extend(d.leaves);
        receipts.extend(d.receipts);
        totals.push(d.totals);
        precincts.push(d.precinct);
    }
    let publication = sim.publish(leaves, totals);
    let head = RootHash {
        root: publication.tree.root(),
        size: publication.tree.size() as u64,
    };
    let sealed = |path: &str, body: &dyn SealBody| body.sealed(sim, &head, path);
    let written = each_precinct(precincts.len(), |i| {
        for path in [precinct_path(&precincts[i]), proofs_path(&precincts[i])] {
            let body = sink.unstash(&path)?;
            let file = seal_json(sim.authority(), &sim.fingerprint(), &head, &path, &body)
                .expect("record files are canonical");
            sink.write(&path, &file)?;
        }
        Ok(())
    });
    written.into_iter().collect::<Result<(), _>>()?;
    sink.write(MANIFEST_PATH, &json(&sim.manifest))?;
    sink.write(CHECKPOINT_PATH, publication.checkpoint.as_bytes())?;
    write_board(sink, publication.tree.leaves(), &publication.entries)?;
    sink.write(TOTALS_PATH, &sealed(TOTALS_PATH, &publication.totals))?;
    for shard in &publication.index {
        let path = index_shard_path(&shard.prefix);
        sink.write(&path, &sealed(&path, shard))?;
    }
    Ok(receipts)
}

/// Publishes the board as tiles, entry bundles and its frontier (C2SP tlog-tiles).
fn write_board<S: RecordSink>(
    sink: &S,
    leaves: &[castcheck_record::digest::Digest],
    entries: &[castcheck_record::board::BoardEntry],
) -> Result<(), S::Error> {
    let (tiles, frontier) = build_tiles(leaves);
    for (tile, bytes) in &tiles {
        sink.write(&board_path(&tile.path()), bytes)?;
        if tile.level == 0 {
            let start = (tile.index * TILE_WIDTH) as usize;
            let data: Vec<Vec<u8>> = entries[start..start + tile.width as usize]
                .iter()
                .map(|e| canonical_bytes(tag::BOARD_LEAF, e).expect("board entries are canonical"))
                .collect();
            let bundle = entry_bundle(data.iter().map(Vec::as_slice));
            sink.write(&board_path(&tile.entries_path()), &bundle)?;
        }
    }
    sink.write(&board_path(FRONTIER_PATH), &frontier)
}

/// A record held in memory: path → bytes.
pub type RecordFiles = BTreeMap<String, Vec<u8>>;

/// Collects a record in memory.
#[derive(Debug, Default)]
struct MemorySink {
    files: Mutex<RecordFiles>,
    stashed: Mutex<RecordFiles>,
}

fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl RecordSink for MemorySink {
    type Error = std::convert::Infallible;
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        locked(&self.files).insert(path.to_owned(), bytes.to_vec());
        Ok(())
    }
    fn stash(&self, path: &str, bytes: Vec<u8>) -> Result<(), Self::Error> {
        locked(&self.stashed).insert(path.to_owned(), bytes);
        Ok(())
    }
    fn unstash(&self, path: &str) -> Result<Vec<u8>, Self::Error> {
        Ok(locked(&self.stashed).remove(path).unwrap_or_default())
    }
}

/// A simulated record in memory, with what only the authority and the voters hold.
#[derive(Debug)]
pub struct InMemory {
    /// The public record.
    pub files: RecordFiles,
    /// The voters' receipts.
    pub receipts: Vec<Receipt>,
    /// The authority's signing key (for tests that play a dishonest authority).
    pub authority: SigningKey,
}

/// The whole record and the receipts, in memory (for tests and benchmarks).
pub fn simulate_in_memory(spec: &SimulationSpec) -> Result<InMemory, SpecError> {
    let sim = Simulation::new(spec)?;
    let sink = MemorySink::default();
    let receipts = match write_record(&sim, &sink) {
        Ok(r) => r,
        Err(never) => match never {},
    };
    Ok(InMemory {
        files: sink
            .files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        receipts,
        authority: sim.authority().clone(),
    })
}
