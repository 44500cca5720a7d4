//! `castcheck lookup DIR CODE`: the voter's check from the command line, as the web app runs it.

use std::path::PathBuf;

use castcheck_record::{Driver, Job, Listing, ReceiptCode, Verdict};

use crate::record_dir::RecordDir;
use crate::{render, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: a directory, a .tar/.zip archive, or an http(s) URL.
    dir: PathBuf,
    /// The receipt code, as printed (case, spaces and dashes do not matter).
    code: String,
    #[command(flatten)]
    policy: crate::policy::PolicyArg,
    /// Print the verification as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Outcome {
    let code = match ReceiptCode::parse(&args.code) {
        Ok(c) => c,
        Err(e) => return Outcome::Unusable(format!("'{}' is not a receipt code: {e}", args.code)),
    };
    let record = match RecordDir::open(&args.dir) {
        Ok(r) => r,
        Err(e) => return Outcome::Unusable(e),
    };
    let driver = match args.policy.apply(Driver::new(Job::Voter(code))) {
        Ok(d) => d,
        Err(e) => return Outcome::Unusable(e),
    };
    let verification = record.drive(driver, |_| {});
    let verdict = Verdict::of_voter(
        &verification,
        Listing::Named,
        None,
        args.policy.witnessing(),
    );
    if args.json {
        println!("{}", render::json_with_verdict(&verdict, &verification));
    } else {
        print!("{}", render::voter(&code, &verification, &verdict));
    }
    render::outcome(&verdict)
}
