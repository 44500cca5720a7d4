//! `castcheck verify DIR`: the full audit, parallel over precincts.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use castcheck_record::{Driver, Job, Listing, Verdict};
use indicatif::{ProgressBar, ProgressStyle};

use crate::record_dir::RecordDir;
use crate::{render, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: a directory, a .tar/.zip archive, or an http(s) URL.
    dir: PathBuf,
    #[command(flatten)]
    policy: crate::policy::PolicyArg,
    /// Print the report as JSON instead of a summary.
    #[arg(long)]
    json: bool,
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
    let started = Instant::now();
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} precincts, {per_sec}, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let verification = record.drive(driver, |driver| {
        let progress = driver.progress();
        bar.set_length(progress.precincts_total);
        bar.set_position(progress.precincts_done);
    });
    bar.finish_and_clear();
    let verdict = Verdict::of_audit(&verification, Listing::Named, args.policy.witnessing());
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        println!(
            "{}",
            render::json_with_verdict(&verdict, &verification.report)
        );
    } else {
        print!("{}", render::audit(&verification, &verdict));
    }
    let report = &verification.report;
    eprintln!(
        "Verified {} ballots in {} precincts in {seconds:.1} s ({:.0} ballots/s on {} threads).",
        report.ballots_verified,
        report.precincts_verified,
        report.ballots_verified as f64 / seconds.max(1e-9),
        rayon::current_num_threads()
    );
    render::outcome(&verdict)
}
