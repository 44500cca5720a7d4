//! `castcheck export --format nist-1500-100 DIR`: the full audit, then the verified results in a
//! standard format. Nothing is written unless every check passed.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use castcheck_record::{nist_1500_100, Driver, Job};

use crate::record_dir::RecordDir;
use crate::{render, Outcome};

/// The formats results can be exported in.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// NIST SP 1500-100 v2, the Election Results Reporting Common Data Format (JSON).
    #[value(name = "nist-1500-100")]
    Nist1500100,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: a directory, a .tar/.zip archive, or an http(s) URL.
    dir: PathBuf,
    /// The output format.
    #[arg(long, value_enum)]
    format: Format,
    /// Where to write the document (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    policy: crate::policy::PolicyArg,
}

pub fn run(args: Args) -> Outcome {
    let record = match RecordDir::open(&args.dir) {
        Ok(r) => r,
        Err(e) => return Outcome::Unusable(e),
    };
    let driver = match args.policy.apply(Driver::new(Job::Audit)) {
        Ok(d) => d,
        Err(e) => return Outcome::Unusable(e),
    };
    let verification = record.drive(driver, |_| {});
    let generated = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let document = match args.format {
        Format::Nist1500100 => nist_1500_100(&verification, generated),
    };
    let document = match document {
        Ok(d) => d,
        Err(e) => {
            eprint!("{}", render::checks(&verification.report));
            eprintln!("Nothing exported: {e}.");
            return Outcome::Failed;
        }
    };
    let text = match serde_json::to_string_pretty(&document) {
        Ok(t) => t + "\n",
        Err(e) => return Outcome::Unusable(format!("cannot write the document: {e}")),
    };
    match &args.out {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!("Wrote the verified results to {}.", path.display());
                Outcome::Passed
            }
            Err(e) => Outcome::Unusable(format!("cannot write {}: {e}", path.display())),
        },
        None => {
            print!("{text}");
            Outcome::Passed
        }
    }
}
