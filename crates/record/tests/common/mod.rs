//! A small simulated election shared by the integration tests.

use std::collections::BTreeMap;

use castcheck_record::{verify_with, FetchProblem, Job, ReceiptCode, Report, Verification};

/// A record in memory: path → bytes.
#[allow(dead_code)]
pub type Record = BTreeMap<String, Vec<u8>>;
use castcheck_simulate::{simulate_in_memory, InMemory, Receipt, SimulationSpec};

pub fn small_spec() -> SimulationSpec {
    SimulationSpec {
        voters: 40,
        precincts: 3,
        trustees: 3,
        threshold: 2,
        challenged: 3,
        seed: 7,
        ..SimulationSpec::default()
    }
}

#[allow(dead_code)]
pub fn small_record() -> (BTreeMap<String, Vec<u8>>, Vec<Receipt>) {
    let record = small_record_with_key();
    (record.files, record.receipts)
}

/// The small record with the authority's secret key, for tests that play the authority.
#[allow(dead_code)]
pub fn small_record_with_key() -> InMemory {
    simulate_in_memory(&small_spec()).expect("the small spec simulates")
}

/// Reads files from an in-memory record, as a fetcher would.
pub fn reader(
    files: &BTreeMap<String, Vec<u8>>,
) -> impl FnMut(&str) -> Result<Vec<u8>, FetchProblem> + '_ {
    |p| files.get(p).cloned().ok_or(FetchProblem::NotFound)
}

/// The full audit of an in-memory record.
#[allow(dead_code)]
pub fn audit(files: &BTreeMap<String, Vec<u8>>) -> Report {
    verify_with(Job::Audit, reader(files)).report
}

/// The voter's check of `code` against an in-memory record.
#[allow(dead_code)]
pub fn check(files: &BTreeMap<String, Vec<u8>>, code: &ReceiptCode) -> Verification {
    verify_with(Job::Voter(*code), reader(files))
}

/// Plays the authority after a change: every sealed file (all but the manifest and the board) is
/// sealed again with `key` for the manifest's election and the checkpoint's tree, when those can
/// still be read.
#[allow(dead_code)]
pub fn reseal(files: &mut BTreeMap<String, Vec<u8>>, key: &ed25519_dalek::SigningKey) {
    use castcheck_record::files::{CHECKPOINT_PATH, MANIFEST_PATH};
    use castcheck_record::manifest::Manifest;
    let Ok(m) = serde_json::from_slice::<Manifest>(&files[MANIFEST_PATH]) else {
        return;
    };
    let (Ok(fingerprint), Some(head)) = (m.fingerprint(), checkpoint_tree(&files[CHECKPOINT_PATH]))
    else {
        return;
    };
    let sealed: Vec<String> = files
        .keys()
        .filter(|p| *p != MANIFEST_PATH && !p.starts_with("board/"))
        .cloned()
        .collect();
    for path in sealed {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&files[&path]) else {
            continue;
        };
        let bytes = castcheck_simulate::seal_file(key, &fingerprint, &head, &path, &v["body"]);
        if let Ok(bytes) = bytes {
            files.insert(path, bytes);
        }
    }
}

/// The tree a checkpoint note commits to, if it can be read.
#[allow(dead_code)]
pub fn checkpoint_tree(bytes: &[u8]) -> Option<castcheck_record::merkle::RootHash> {
    let note = castcheck_record::note::Note::parse(bytes).ok()?;
    let c = castcheck_record::note::Checkpoint::from_text(&note.text).ok()?;
    Some(castcheck_record::merkle::RootHash {
        root: castcheck_record::digest::Digest(c.root),
        size: c.size,
    })
}

/// Rewrites one JSON file of the record with `f` (no resealing: what a host without the key can
/// do). Numbers beyond 2^53 have no canonical form; such a file is written as plain JSON.
#[allow(dead_code)]
pub fn rewrite(
    files: &mut BTreeMap<String, Vec<u8>>,
    path: &str,
    f: impl FnOnce(&mut serde_json::Value),
) {
    let mut v: serde_json::Value = serde_json::from_slice(&files[path]).expect("JSON");
    f(&mut v);
    let bytes = castcheck_record::canonical_json(&v)
        .unwrap_or_else(|_| serde_json::to_vec(&v).expect("JSON"));
    files.insert(path.to_owned(), bytes);
}

/// Whether the index entry `e` (JSON) is the one `code` finds: its tracker and kind make the
/// code.
#[allow(dead_code)]
pub fn entry_serves(e: &serde_json::Value, code: &castcheck_record::ReceiptCode) -> bool {
    let tracker =
        castcheck_record::digest::Digest::from_hex(e["tracker"].as_str().unwrap()).unwrap();
    let kind = serde_json::from_value(e["kind"].clone()).unwrap();
    code.matches(&tracker, kind)
}
