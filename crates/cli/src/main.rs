//! `castcheck`: the native tool for election staff and observers.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod audit_results;
mod lookup;
mod record_dir;
mod render;
mod simulate;
mod verify;

/// Verify a castcheck election record, simulate one, or look up a receipt.
#[derive(Debug, Parser)]
#[command(name = "castcheck", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a whole mock election and write its public record and the voters' receipts.
    Simulate(simulate::Args),
    /// Audit a whole record: every check of the spec. Exit 0 all passed, 1 a check failed, 2 unusable input.
    Verify(verify::Args),
    /// The voter's check of one receipt code, as the web app runs it.
    Lookup(lookup::Args),
    /// Audit a published caucus results table: list every precinct whose numbers cannot come from
    /// the rules. Exit 0 none, 1 some, 2 unusable input.
    AuditResults(audit_results::Args),
    /// Print the receipt code of a ballot tracker (64 hex digits).
    ReceiptCode {
        #[arg(long)]
        tracker: String,
    },
}

/// What a command ends with: a check verdict or unusable input.
#[derive(Debug)]
pub enum Outcome {
    Passed,
    Failed,
    /// The input could not be used at all; the message says why.
    Unusable(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Simulate(a) => simulate::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Lookup(a) => lookup::run(a),
        Command::AuditResults(a) => audit_results::run(a),
        Command::ReceiptCode { tracker } => {
            match castcheck_record::digest::Digest::from_hex(&tracker) {
                Some(t) => {
                    println!("{}", castcheck_record::ReceiptCode::from_tracker(&t));
                    Outcome::Passed
                }
                None => Outcome::Unusable(format!("'{tracker}' is not 64 hex digits")),
            }
        }
    };
    match outcome {
        Outcome::Passed => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
        Outcome::Unusable(message) => {
            eprintln!("castcheck: {message}");
            ExitCode::from(2)
        }
    }
}
