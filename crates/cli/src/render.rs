//! Plain-text summaries of reports for the terminal.

use castcheck_record::board::EntryKind;
use castcheck_record::{ReceiptCode, Report, Status, Verification, VoterOutcome};
use serde::Serialize;

/// Pretty JSON of a report or verification.
pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub fn report(r: &Report) -> String {
    let mut out = String::new();
    if let Some(e) = &r.election {
        out += &format!(
            "{} ({})\nAuthority: {}\nElection fingerprint: {}\nAuthority key fingerprint: {}\n\n",
            e.title, e.election_id, e.authority, e.fingerprint, e.authority_key_fingerprint
        );
    }
    for c in &r.checks {
        let mark = match c.status {
            Status::Passed => "PASS",
            Status::Failed => "FAIL",
            Status::NotApplicable => " -- ",
            Status::NotRun => "SKIP",
        };
        out += &format!(
            "[{mark}] {} {} ({} checked)\n",
            c.id,
            c.id.meaning(),
            c.checked
        );
        for f in &c.failures {
            out += &format!("         {f}\n");
        }
        if c.failed > c.failures.len() as u64 {
            out += &format!(
                "         … and {} more\n",
                c.failed - c.failures.len() as u64
            );
        }
    }
    out += if r.all_passed() {
        "\nVERIFIED: every check passed.\n"
    } else {
        "\nNOT VERIFIED: see the failed or skipped checks above.\n"
    };
    out
}

pub fn voter(code: &ReceiptCode, r: &Verification) -> String {
    let mut out = format!("Receipt {code}\n");
    match &r.voter {
        Some(VoterOutcome::Verified(found) | VoterOutcome::NotWitnessed(found)) => {
            let kind = match found.kind {
                EntryKind::Cast => "cast and counted",
                EntryKind::Challenged => "challenged (not counted)",
            };
            out += &format!(
                "Found: {kind}, {} ({}), board position {} of {}\n",
                found.precinct_name, found.county_name, found.position, found.head_size
            );
            if matches!(r.voter, Some(VoterOutcome::NotWitnessed(_))) {
                out += "NOT WITNESSED: too few trusted witnesses cosigned the board's checkpoint, so nothing shows that other voters see the same board.\n";
            }
            for c in found.opened.iter().flatten() {
                out += &format!(
                    "This challenged ballot contained, for {}: {}\n",
                    c.contest,
                    c.selected.join(", ")
                );
            }
        }
        Some(VoterOutcome::NotFound) => out += "NOT FOUND: the record does not list this code.\n",
        Some(VoterOutcome::Failed) | None => {}
    }
    out += "\n";
    out += &report(&r.report);
    out
}
