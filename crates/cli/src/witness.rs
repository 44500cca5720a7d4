//! `castcheck witness`: cosign a record's board checkpoint (C2SP tlog-cosignature v1), but only if
//! it is consistent with every checkpoint this witness cosigned before for the same origin.
//!
//! The state file maps each origin to the last checkpoint cosigned. It is read, checked against and
//! replaced under an exclusive lock on `<state>.lock`, and replaced by writing a temporary file and
//! renaming it over the old one, so concurrent runs and crashes never leave it half written.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use base64ct::{Base64, Encoding};
use castcheck_record::files::CHECKPOINT_PATH;
use castcheck_record::note::{Note, NoteKey, TYPE_COSIGNATURE};
use castcheck_record::reason::Reason;
use castcheck_record::witness::{remembered_checkpoint, WitnessProblem};
use castcheck_record::{CheckId, Driver, Job};
use ed25519_dalek::SigningKey;

use crate::record_dir::RecordDir;
use crate::render::shown_lines;
use crate::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: a directory, a .tar/.zip archive, or an http(s) URL.
    record: PathBuf,
    /// The witness's private key file (made by `castcheck witness-key`).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The witness's state: the last checkpoint it cosigned per origin (created if missing).
    #[arg(long, value_name = "FILE")]
    state: PathBuf,
    /// Also append the cosignature line to the record directory's `board/checkpoint`.
    #[arg(long)]
    attach: bool,
    /// The cosignature's timestamp (Unix seconds; default: now).
    #[arg(long, value_name = "SECONDS")]
    time: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct KeyArgs {
    /// The witness's name (no spaces or `+`), e.g. `witness.example.org/1`.
    #[arg(long)]
    name: String,
    /// Where to write the private key (refused if it exists).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// A witness's key file: `PRIVATE+KEY+<name>+<key ID>+base64(0x04 || Ed25519 seed)`, in the
/// shape of Go's note private keys, with the cosignature type.
struct WitnessKey {
    name: String,
    key: SigningKey,
}

impl WitnessKey {
    fn note_key(&self) -> NoteKey {
        NoteKey {
            name: self.name.clone(),
            kind: TYPE_COSIGNATURE,
            key: self.key.verifying_key().to_bytes(),
        }
    }

    fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let bad = || format!("{} is not a witness key file", path.display());
        let rest = text.trim().strip_prefix("PRIVATE+KEY+").ok_or_else(bad)?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(id), Some(material)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let material = Base64::decode_vec(material).map_err(|_| bad())?;
        let (&kind, seed) = material.split_first().ok_or_else(bad)?;
        let seed: [u8; 32] = seed.try_into().map_err(|_| bad())?;
        let key = Self {
            name: name.to_owned(),
            key: SigningKey::from_bytes(&seed),
        };
        if kind != TYPE_COSIGNATURE || format!("{:08x}", key.note_key().id()) != id {
            return Err(bad());
        }
        Ok(key)
    }

    fn text(&self) -> String {
        let mut material = vec![TYPE_COSIGNATURE];
        material.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}\n",
            self.name,
            self.note_key().id(),
            Base64::encode_string(&material)
        )
    }
}

pub fn new_key(args: KeyArgs) -> Outcome {
    if args.name.is_empty() || args.name.contains(['+', ' ', '\n']) {
        return Outcome::Unusable(format!("'{}' is not a key name", args.name));
    }
    let mut seed = [0u8; 32];
    if let Err(e) = getrandom::fill(&mut seed) {
        return Outcome::Unusable(format!("no randomness: {e}"));
    }
    let key = WitnessKey {
        name: args.name,
        key: SigningKey::from_bytes(&seed),
    };
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.out)
        .and_then(|mut f| f.write_all(key.text().as_bytes()));
    match written {
        Ok(()) => {
            println!("{}", key.note_key().vkey());
            Outcome::Passed
        }
        Err(e) => Outcome::Unusable(format!("{}: {e}", args.out.display())),
    }
}

type State = BTreeMap<String, String>;

fn read_state(path: &Path) -> Result<State, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| format!("{} is not a witness state file: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Replaces `path` with `bytes` all at once: a temporary file beside it, synced, renamed over it.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    let mut f = File::create(&temp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&temp, path)
}

/// Holds an exclusive lock on `<path>.lock` while it lives.
fn lock(path: &Path) -> Result<File, String> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&name)
        .map_err(|e| format!("{}: {e}", PathBuf::from(&name).display()))?;
    file.lock()
        .map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    Ok(file)
}

pub fn run(args: Args) -> Outcome {
    match witness(&args) {
        Ok(outcome) => outcome,
        Err(message) => Outcome::Unusable(message),
    }
}

fn witness(args: &Args) -> Result<Outcome, String> {
    let key = WitnessKey::read(&args.key)?;
    let record = RecordDir::open(&args.record)?;
    let _state_lock = lock(&args.state)?;
    let mut state = read_state(&args.state)?;
    let published = record
        .read(CHECKPOINT_PATH)
        .map_err(|e| format!("{CHECKPOINT_PATH}: {e}"))?;
    let origin = Note::parse(&published)
        .ok()
        .and_then(|n| remembered_checkpoint(&n.text))
        .map(|c| c.origin)
        .ok_or_else(|| format!("{CHECKPOINT_PATH} is not a signed checkpoint"))?;
    let mut driver = Driver::new(Job::Election);
    if let Some(before) = state.get(&origin) {
        driver = driver.remembering(before);
    }
    let verification = record.drive(driver, |_| {});
    let report = &verification.report;
    if let (false, Some(v04)) = (report.all_passed(), report.check(CheckId::Witnesses)) {
        for f in &v04.failures {
            if let Reason::Witness { problem } = &f.reason {
                refuse(problem);
                return Ok(Outcome::Failed);
            }
        }
        eprint!("{}", crate::render::checks(report));
        eprintln!("castcheck: not cosigned: the checkpoint did not verify");
        return Ok(Outcome::Failed);
    }
    let Some(text) = verification
        .checkpoint
        .and_then(|c| Note::parse(c.as_bytes()).ok())
        .map(|n| n.text)
    else {
        return Err("the checkpoint did not verify".into());
    };
    let time = args.time.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let mut note = Note {
        text: text.clone(),
        signatures: Vec::new(),
    };
    note.cosign(&key.name, &key.key, time);
    let line = note.signatures[0].line();
    state.insert(origin, text);
    let state_json = serde_json::to_vec_pretty(&state).map_err(|e| e.to_string())?;
    replace(&args.state, &state_json).map_err(|e| format!("{}: {e}", args.state.display()))?;
    if args.attach {
        attach(&record, &key, &line)?;
    }
    print!("{line}");
    Ok(Outcome::Passed)
}

/// Appends `line` to the record's checkpoint, replacing an earlier line of the same witness key
/// (for the one who assembles the published record; the file is replaced all at once).
fn attach(record: &RecordDir, key: &WitnessKey, line: &str) -> Result<(), String> {
    let RecordDir::Directory(root) = record else {
        return Err("--attach needs a record directory, not an archive or a URL".into());
    };
    let path = root.join(CHECKPOINT_PATH);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut note = Note::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let id = key.note_key().id();
    note.signatures
        .retain(|s| !(s.name == key.name && s.id == id));
    let mut text = note.to_text();
    text.push_str(line);
    replace(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

/// Says why the checkpoint is not cosigned, with both checkpoints as evidence.
fn refuse(problem: &WitnessProblem) {
    eprintln!("castcheck: REFUSED: {problem}");
    match problem {
        WitnessProblem::Rollback { remembered, seen }
        | WitnessProblem::SplitView { remembered, seen }
        | WitnessProblem::AfterClose { remembered, seen }
        | WitnessProblem::NotExtension {
            remembered, seen, ..
        } => {
            let (remembered, seen) = (shown_lines(remembered), shown_lines(seen));
            eprintln!("\nThe checkpoint this witness cosigned before:\n\n{remembered}");
            eprintln!("The checkpoint the record shows now:\n\n{seen}");
            eprintln!("Both are signed by the election authority. Keep them: together they prove it signed two different ballot boxes.");
        }
        _ => {}
    }
}
