//! `castcheck verify DIR`: the full audit, parallel over precincts.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use castcheck_record::files::{precinct_path, HEADS_PATH, MANIFEST_PATH, TOTALS_PATH};
use castcheck_record::report::{Findings, Report};
use castcheck_record::verify::{verify_precinct, Auditor};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::record_dir::RecordDir;
use crate::{render, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record directory.
    dir: PathBuf,
    /// Print the report as JSON instead of a summary.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Outcome {
    let record = match RecordDir::open(&args.dir) {
        Ok(r) => r,
        Err(e) => return Outcome::Unusable(e),
    };
    let started = Instant::now();
    let report = match (record.read(MANIFEST_PATH), record.read(HEADS_PATH)) {
        (Ok(manifest), Ok(heads)) => audit(&record, &manifest, &heads),
        (Err(e), _) => return Outcome::Unusable(e),
        // Without signed heads nothing can be trusted; the core reports it as a failed V-00.
        (Ok(_), Err(_)) => castcheck_record::verify::audit_with(&|p| record.read(p)),
    };
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("reports serialize")
        );
    } else {
        print!("{}", render::report(&report));
    }
    eprintln!(
        "Verified {} ballots in {} precincts in {seconds:.1} s ({:.0} ballots/s on {} threads).",
        report.ballots_verified,
        report.precincts_verified,
        report.ballots_verified as f64 / seconds.max(1e-9),
        rayon::current_num_threads()
    );
    if report.all_passed() {
        Outcome::Passed
    } else {
        Outcome::Failed
    }
}

fn audit(record: &RecordDir, manifest: &[u8], heads: &[u8]) -> Report {
    let mut auditor = Auditor::new(manifest, heads);
    let precincts = auditor.precinct_ids();
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(precincts.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} precincts, {per_sec}, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    if let Some(ctx) = auditor.context() {
        // Bounded memory: each worker holds one precinct file at a time; results keep hashes only.
        let results: Vec<_> = precincts
            .par_iter()
            .map(|id| {
                let mut findings = Findings::default();
                let summary = match record.read(&precinct_path(id)) {
                    Ok(bytes) => verify_precinct(ctx, id, &bytes, &mut findings),
                    Err(e) => {
                        findings.fail(
                            castcheck_record::report::CheckId::Files,
                            castcheck_record::report::Failure::in_file(precinct_path(id), e)
                                .precinct(id),
                        );
                        None
                    }
                };
                bar.inc(1);
                (id, summary, findings)
            })
            .collect();
        for (id, summary, findings) in results {
            auditor.add_precinct_result(id, summary, findings);
        }
    }
    bar.finish_and_clear();
    for path in auditor.index_paths() {
        match record.read(&path) {
            Ok(bytes) => auditor.add_index_shard(&path, &bytes),
            Err(e) => auditor.missing_file(&path, &e),
        }
    }
    match record.read(TOTALS_PATH) {
        Ok(bytes) => auditor.set_totals(&bytes),
        Err(e) => auditor.missing_file(TOTALS_PATH, &e),
    }
    auditor.finish()
}
