//! `castcheck lookup DIR CODE`: the voter's check from the command line.

use std::path::PathBuf;

use castcheck_record::files::{HEADS_PATH, MANIFEST_PATH, TOTALS_PATH};
use castcheck_record::receipt::ReceiptCode;
use castcheck_record::report::CheckId;
use castcheck_record::verify::{
    check_receipt, index_shard_for, precinct_file_for, VoterInputs, VoterOutcome,
};

use crate::record_dir::RecordDir;
use crate::{render, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record directory.
    dir: PathBuf,
    /// The receipt code, as printed (case, spaces and dashes do not matter).
    code: String,
    /// Print the report as JSON.
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
    let read = |p: &str| record.read(p);
    let manifest = match read(MANIFEST_PATH) {
        Ok(m) => m,
        Err(e) => return Outcome::Unusable(e),
    };
    let needed = [
        HEADS_PATH.to_owned(),
        TOTALS_PATH.to_owned(),
        index_shard_for(&code, &manifest),
    ];
    let [heads, totals, index] = match needed.map(|p| read(&p)) {
        [Ok(h), Ok(t), Ok(i)] => [h, t, i],
        [Err(e), ..] | [_, Err(e), _] | [.., Err(e)] => {
            println!(
                "[FAIL] V-00 {}\n         {e}\n\nNOT VERIFIED: the record is incomplete.",
                CheckId::Files.meaning()
            );
            return Outcome::Failed;
        }
    };
    let precinct = precinct_file_for(&code, &manifest, &index).and_then(|p| read(&p).ok());
    let result = check_receipt(
        &code,
        VoterInputs {
            manifest: &manifest,
            heads: &heads,
            totals: &totals,
            index: &index,
            precinct: precinct.as_deref(),
        },
    );
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).expect("reports serialize")
        );
    } else {
        print!("{}", render::voter(&code, &result));
    }
    match result.outcome {
        VoterOutcome::Verified(_) => Outcome::Passed,
        VoterOutcome::NotFound | VoterOutcome::Failed => Outcome::Failed,
    }
}
