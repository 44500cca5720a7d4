//! `castcheck`: the native tool for election staff and observers.

use std::process::ExitCode;

use castcheck_record::board::EntryKind;
use clap::{Parser, Subcommand};

mod audit_results;
mod export;
mod lookup;
mod policy;
mod receipt_words;
mod receipts;
mod record_dir;
mod render;
mod simulate;
mod verify;
mod witness;

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
    /// Audit a whole record: every check of the spec. Exit 0 verified, 1 a check failed, 2 unusable
    /// input, 3 every check passed but the board is not witnessed (no --policy, or too few
    /// cosignatures; --no-witnesses waives witnesses on purpose).
    Verify(verify::Args),
    /// The voter's check of one receipt code, as the web app runs it. Exit 0 verified (or a
    /// challenged ballot opened correctly), 1 failed or not found, 2 unusable input, 3 not
    /// witnessed.
    Lookup(lookup::Args),
    /// Audit a published caucus results table: list every precinct whose numbers cannot come from
    /// the rules. Exit 0 none, 1 some, 2 unusable input.
    AuditResults(audit_results::Args),
    /// Audit a whole record and, only if every check passed, write its verified results in a
    /// standard format. Exit 0 written, 1 a check failed (nothing written), 2 unusable input.
    Export(export::Args),
    /// Render receipts as a printable HTML document: one card each, with its QR code.
    Receipts(receipts::Args),
    /// Witness a record's board: verify its checkpoint and that it extends every checkpoint this
    /// witness cosigned before, then print a cosignature line. Exit 0 cosigned, 1 refused (with
    /// the evidence), 2 unusable input.
    Witness(witness::Args),
    /// Make a witness key: writes the private key file and prints the public key (vkey) for
    /// verifiers' policies.
    WitnessKey(witness::KeyArgs),
    /// Print the receipt code of a ballot: its tracker (64 hex digits) and whether it was cast or
    /// challenged.
    ReceiptCode {
        #[arg(long)]
        tracker: String,
        #[arg(long, value_enum, default_value_t = Kind::Cast)]
        kind: Kind,
    },
}

/// Whether a ballot was cast or challenged.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Cast,
    Challenged,
}

/// What a command ends with: a check verdict or unusable input.
#[derive(Debug)]
pub enum Outcome {
    Passed,
    Failed,
    /// Every check passed, but no quorum of trusted witnesses vouches for the board.
    NotWitnessed,
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
        Command::Export(a) => export::run(a),
        Command::Receipts(a) => receipts::run(a),
        Command::Witness(a) => witness::run(a),
        Command::WitnessKey(a) => witness::new_key(a),
        Command::ReceiptCode { tracker, kind } => {
            match castcheck_record::digest::Digest::from_hex(&tracker) {
                Some(t) => {
                    let kind = match kind {
                        Kind::Cast => EntryKind::Cast,
                        Kind::Challenged => EntryKind::Challenged,
                    };
                    println!("{}", castcheck_record::ReceiptCode::for_ballot(&t, kind));
                    Outcome::Passed
                }
                None => Outcome::Unusable(format!("'{tracker}' is not 64 hex digits")),
            }
        }
    };
    match outcome {
        Outcome::Passed => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
        Outcome::NotWitnessed => ExitCode::from(3),
        Outcome::Unusable(message) => {
            eprintln!("castcheck: {message}");
            ExitCode::from(2)
        }
    }
}
