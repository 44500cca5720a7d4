//! `castcheck audit-results`: check a published caucus results table against the rules.

use std::path::PathBuf;

use castcheck_record::caucus::audit::audit_results_table;
use castcheck_record::caucus::Rules;

use crate::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rules the results claim to follow (supported: iowa-dem-2020).
    #[arg(long)]
    rules: String,
    /// The published results table (CSV).
    results: PathBuf,
    /// The delegates per precinct (CSV).
    delegates: PathBuf,
    /// Print the audit as JSON.
    #[arg(long)]
    json: bool,
}

/// Tables larger than this are refused.
const MAX_TABLE: u64 = 64 << 20;

fn read(path: &PathBuf) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    if meta.len() > MAX_TABLE {
        return Err(format!(
            "{} is larger than {MAX_TABLE} bytes",
            path.display()
        ));
    }
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {} as text: {e}", path.display()))
}

pub fn run(args: Args) -> Outcome {
    match Rules::from_id(&args.rules) {
        Some(Rules::IowaDem2020) => {}
        Some(_) => {
            return Outcome::Unusable(format!(
                "results tables can be audited under iowa-dem-2020 only, not {}",
                args.rules
            ))
        }
        None => {
            return Outcome::Unusable(format!(
                "unknown rules '{}' (try iowa-dem-2020)",
                args.rules
            ))
        }
    }
    let (results, delegates) = match (read(&args.results), read(&args.delegates)) {
        (Ok(r), Ok(d)) => (r, d),
        (Err(e), _) | (_, Err(e)) => return Outcome::Unusable(e),
    };
    let audit = match audit_results_table(&results, &delegates) {
        Ok(a) => a,
        Err(e) => return Outcome::Unusable(e.to_string()),
    };
    if args.json {
        println!("{}", crate::render::json(&audit));
    } else {
        // Every line as written, but nothing from the table can drive the terminal.
        println!("{}", crate::render::shown_lines(&audit.render_text()));
    }
    if audit.total_findings == 0 {
        Outcome::Passed
    } else {
        Outcome::Failed
    }
}
