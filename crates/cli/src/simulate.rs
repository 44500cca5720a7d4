//! `castcheck simulate`: a whole mock election, written as a record directory plus receipts.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use castcheck_record::board::EntryKind;
use castcheck_simulate::{write_record, RecordSink, Simulation, SimulationSpec};

use crate::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write the public record to (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Where to write the voters' receipts (CSV); not part of the record.
    #[arg(long)]
    receipts: Option<PathBuf>,
    /// Where to write the authority's secret signing key (JSON); not part of the record. Tests
    /// use it to play a dishonest authority.
    #[arg(long)]
    keys: Option<PathBuf>,
    #[arg(long, default_value_t = 3000)]
    voters: u64,
    #[arg(long, default_value_t = 24)]
    precincts: u32,
    /// Comma-separated option names.
    #[arg(long)]
    options: Option<String>,
    #[arg(long, default_value_t = 5)]
    trustees: usize,
    #[arg(long, default_value_t = 3)]
    threshold: usize,
    /// How many voters challenge a ballot before casting.
    #[arg(long, default_value_t = 12)]
    challenged: u64,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// The verifier app's address, for the receipts' QR codes.
    #[arg(long, default_value = "http://127.0.0.1:8080/")]
    verifier_url: String,
}

pub fn run(args: Args) -> Outcome {
    let defaults = SimulationSpec::default();
    let spec = SimulationSpec {
        voters: args.voters,
        precincts: args.precincts,
        options: args
            .options
            .map(|o| {
                o.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or(defaults.options),
        trustees: args.trustees,
        threshold: args.threshold,
        challenged: args.challenged,
        seed: args.seed,
        verifier_url: args.verifier_url,
    };
    let keys = args
        .keys
        .clone()
        .unwrap_or_else(|| args.out.with_extension("keys.json"));
    match simulate(&spec, &args.out, args.receipts.as_deref(), &keys) {
        Ok(()) => Outcome::Passed,
        Err(e) => Outcome::Unusable(e),
    }
}

/// A record directory being written.
struct DirSink<'a>(&'a Path);

/// Where files wait, inside the record directory, until the board is final and they are sealed.
const UNSEALED: &str = ".unsealed";

fn write_file(full: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(full, bytes).map_err(|e| format!("cannot write {}: {e}", full.display()))
}

impl RecordSink for DirSink<'_> {
    type Error = String;
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        write_file(&self.0.join(path), bytes)
    }
    fn stash(&self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        write_file(&self.0.join(UNSEALED).join(path), &bytes)
    }
    fn unstash(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = self.0.join(UNSEALED).join(path);
        let bytes =
            std::fs::read(&full).map_err(|e| format!("cannot read {}: {e}", full.display()))?;
        std::fs::remove_file(&full)
            .map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
        Ok(bytes)
    }
}

fn simulate(
    spec: &SimulationSpec,
    out: &Path,
    receipts_path: Option<&Path>,
    keys_path: &Path,
) -> Result<(), String> {
    let started = Instant::now();
    let sim = Simulation::new(spec).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let receipts = write_record(&sim, &DirSink(out))?;
    let unsealed = out.join(UNSEALED);
    std::fs::remove_dir_all(&unsealed)
        .map_err(|e| format!("cannot remove {}: {e}", unsealed.display()))?;
    let receipts_path = receipts_path
        .map(Path::to_owned)
        .unwrap_or_else(|| out.with_extension("receipts.csv"));
    let mut csv = String::from("receipt_code,precinct,kind,qr_payload,election_code\n");
    for r in &receipts {
        let kind = match r.kind {
            EntryKind::Cast => "cast",
            EntryKind::Challenged => "challenged",
        };
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            r.code, r.precinct, kind, r.qr_payload, r.election
        ));
    }
    let keys = serde_json::json!({
        "authority_signing_key": hex::encode(sim.authority().to_bytes()),
    });
    std::fs::write(keys_path, format!("{keys:#}\n"))
        .map_err(|e| format!("cannot write {}: {e}", keys_path.display()))?;
    std::fs::File::create(&receipts_path)
        .and_then(|mut f| f.write_all(csv.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", receipts_path.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let ballots = sim.board_size();
    println!(
        "Election {} — fingerprint {}",
        sim.manifest.election_id,
        sim.fingerprint().short()
    );
    println!(
        "Wrote {} board entries in {} precincts to {} and receipts to {}",
        ballots,
        sim.precinct_count(),
        out.display(),
        receipts_path.display()
    );
    println!(
        "Took {seconds:.1} s ({:.0} ballots/s)",
        ballots as f64 / seconds.max(1e-9)
    );
    Ok(())
}
