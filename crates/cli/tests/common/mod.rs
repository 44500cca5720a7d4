//! Helpers for running the built `castcheck` binary and handling record directories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout and stderr together, for messages that may go to either.
    pub fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Asserts the exit code, showing everything the run printed if it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "castcheck {:?} exited with {:?}, expected {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// The ids of the checks the text report marks `[FAIL]`, in order.
    pub fn failed_checks(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter_map(|l| l.strip_prefix("[FAIL] "))
            .filter_map(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
            .collect()
    }

    /// The indented failure lines printed under `[FAIL] <id>`, joined.
    pub fn failures_of(&self, id: &str) -> String {
        let head = format!("[FAIL] {id} ");
        let mut lines = self.stdout.lines().skip_while(|l| !l.starts_with(&head));
        lines.next();
        lines
            .take_while(|l| l.starts_with(' '))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Runs the built binary. Every run, whatever its exit code, must end without a panic.
pub fn castcheck<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_castcheck"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the castcheck binary runs");
    let run = Run {
        args: args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for needle in ["panicked", "RUST_BACKTRACE"] {
        assert!(
            !run.output().contains(needle),
            "castcheck {:?} printed {needle:?}:\n--- stdout\n{}\n--- stderr\n{}",
            run.args,
            run.stdout,
            run.stderr
        );
    }
    run
}

/// Arguments of the small election the tests simulate.
pub const SMALL: [&str; 12] = [
    "--voters",
    "60",
    "--precincts",
    "4",
    "--trustees",
    "3",
    "--threshold",
    "2",
    "--challenged",
    "4",
    "--seed",
    "11",
];

/// Simulates the small election into `dir/rec` with receipts in `dir/receipts.csv`.
/// Returns the record directory and the receipts file.
pub fn simulate_small(dir: &Path) -> (PathBuf, PathBuf) {
    let rec = dir.join("rec");
    let receipts = dir.join("receipts.csv");
    let mut args = vec![
        "simulate".to_owned(),
        "--out".to_owned(),
        rec.display().to_string(),
        "--receipts".to_owned(),
        receipts.display().to_string(),
    ];
    args.extend(SMALL.iter().map(|s| s.to_string()));
    castcheck(&args).expect_code(0);
    (rec, receipts)
}

/// Every regular file under `root`, by path relative to it (with `/` separators), with its bytes.
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Asserts two directories hold the same files with the same bytes.
#[track_caller]
pub fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert!(!ta.is_empty(), "{} holds no files", a.display());
    let names_a: Vec<_> = ta.keys().collect();
    let names_b: Vec<_> = tb.keys().collect();
    assert_eq!(
        names_a,
        names_b,
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for (name, bytes) in &ta {
        assert!(
            bytes == &tb[name],
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for (name, bytes) in tree(from) {
        let dest = to.join(&name);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

pub fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes a record file as canonical JSON (plain JSON when a number has no canonical form).
pub fn write_json(path: &Path, value: &Value) {
    let bytes = castcheck_record::canonical_json(value)
        .unwrap_or_else(|_| serde_json::to_vec(value).unwrap());
    std::fs::write(path, bytes).unwrap();
}

/// Edits one JSON file of a record in place (the body of a sealed file), then plays the
/// authority: with the keys file that `simulate` wrote beside the original record, every sealed
/// file is sealed again, so only the deeper checks can catch the edit.
pub fn edit_json(rec: &Path, file: &str, f: impl FnOnce(&mut Value)) {
    let path = rec.join(file);
    let mut v = read_json(&path);
    match v.get_mut("body") {
        Some(body) => f(body),
        None => f(&mut v),
    }
    write_json(&path, &v);
    reseal(rec);
}

/// Seals every sealed file of `rec` again with the authority key of the small record.
fn reseal(rec: &Path) {
    let key = authority_key(rec);
    let manifest: Option<castcheck_record::manifest::Manifest> =
        serde_json::from_slice(&std::fs::read(rec.join("manifest.json")).unwrap()).ok();
    let (Some(Ok(fingerprint)), Some(head)) =
        (manifest.map(|m| m.fingerprint()), checkpoint_tree(rec))
    else {
        return;
    };
    for (name, bytes) in tree(rec) {
        if name == "manifest.json" || name.starts_with("board/") {
            continue;
        }
        let Ok(v) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        if let Ok(sealed) =
            castcheck_simulate::seal_file(&key, &fingerprint, &head, &name, &v["body"])
        {
            std::fs::write(rec.join(&name), sealed).unwrap();
        }
    }
}

/// The tree the record's checkpoint commits to, if it can be read.
pub fn checkpoint_tree(rec: &Path) -> Option<castcheck_record::merkle::RootHash> {
    let bytes = std::fs::read(rec.join("board/checkpoint")).ok()?;
    let note = castcheck_record::note::Note::parse(&bytes).ok()?;
    let c = castcheck_record::note::Checkpoint::from_text(&note.text).ok()?;
    Some(castcheck_record::merkle::RootHash {
        root: castcheck_record::digest::Digest(c.root),
        size: c.size,
    })
}

/// The authority's signing key of the small record.
pub fn authority_key(rec: &Path) -> ed25519_dalek::SigningKey {
    read_json(&rec.with_file_name("rec.keys.json"))["authority_signing_key"]
        .as_str()
        .and_then(|h| hex::decode(h).ok())
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(|b| ed25519_dalek::SigningKey::from_bytes(&b))
        .expect("the keys file holds the authority's key")
}

/// One receipt line of the simulator's CSV.
#[derive(Debug, Clone)]
pub struct ReceiptLine {
    pub code: String,
    pub precinct: String,
    pub kind: String,
    pub qr_payload: String,
    pub election_code: String,
}

pub fn read_receipts(path: &Path) -> Vec<ReceiptLine> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("receipt_code,precinct,kind,qr_payload,election_code"),
        "receipts header"
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 5, "receipt line {l:?}");
            ReceiptLine {
                code: f[0].to_owned(),
                precinct: f[1].to_owned(),
                kind: f[2].to_owned(),
                qr_payload: f[3].to_owned(),
                election_code: f[4].to_owned(),
            }
        })
        .collect()
}
