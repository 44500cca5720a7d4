//! Plain-text summaries of reports for the terminal.

use castcheck_record::board::EntryKind;
use castcheck_record::names::is_invisible;
use castcheck_record::{
    Answer, ReceiptCode, Report, Status, UnreachableFile, Verdict, Verification,
};

use crate::Outcome;
use serde::Serialize;

/// Pretty JSON of a report or verification, safe to print: serde escapes only U+0000 to U+001F,
/// so every other invisible character from a record (DEL, C1 controls, bidi overrides) is written
/// as its `\uXXXX` escape (a surrogate pair above U+FFFF); the JSON means the same.
pub fn json<T: Serialize>(value: &T) -> String {
    let text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Raw line breaks in pretty JSON are its own layout: serde escapes those in strings.
        if is_invisible(c) && c != '\n' {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out += &format!("\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` from a record, safe to print: every control, format and bidi-override character (an
/// ANSI escape, a line break, a right-to-left override) is shown as its `\u{…}` escape, so no
/// record can move the cursor, hide a line or print a verdict of its own.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            out += &c.escape_unicode().to_string();
        } else {
            out.push(c);
        }
    }
    out
}

/// Multi-line `text` from a record (a signed note), each line [`shown`].
pub fn shown_lines(text: &str) -> String {
    text.lines().map(shown).collect::<Vec<_>>().join("\n")
}

/// The election and every check of `r`, one line each, every text from the record [`shown`].
pub fn checks(r: &Report) -> String {
    let mut out = String::new();
    if let Some(e) = &r.election {
        out += &format!(
            "{} ({})\nAuthority: {}\nElection fingerprint: {}\nAuthority key fingerprint: {}\n\n",
            shown(&e.title),
            shown(&e.election_id),
            shown(&e.authority),
            shown(&e.fingerprint),
            shown(&e.authority_key_fingerprint)
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
            out += &format!("         {}\n", shown(&f.to_string()));
        }
        if c.failed > c.failures.len() as u64 {
            out += &format!(
                "         … and {} more\n",
                c.failed - c.failures.len() as u64
            );
        }
    }
    out
}

/// The verdict's closing line: the last thing printed, and the only one that says VERIFIED.
pub fn headline(verdict: &Verdict, unreachable: &[UnreachableFile]) -> String {
    match &verdict.answer {
        Answer::Verified => "VERIFIED: every check passed.".into(),
        Answer::Challenged => "CHALLENGED: every check passed; this ballot was opened correctly and is not counted. Vote again if voting is still open.".into(),
        Answer::NotWitnessed {
            quorum: Some(quorum),
            cosigned,
        } if *quorum > 0 => format!(
            "NOT WITNESSED: every check passed, but only {cosigned} of the {quorum} witness cosignatures required verified, so nothing shows that others see the same board."
        ),
        Answer::NotWitnessed { .. } => "NOT WITNESSED: every check passed, but no witness policy was given, so nothing shows that others see the same board. Name the witnesses to require with --policy FILE, or waive them on purpose with --no-witnesses.".into(),
        Answer::NotFound => "NOT FOUND: the record does not list this code, and every check of what it holds passed.".into(),
        Answer::Unlisted { .. } => "NOT VERIFIED: this election is not on the verifier's list.".into(),
        Answer::WrongElection { receipt, record } => format!(
            "NOT VERIFIED: the receipt is for election {receipt}, the record is election {record}."
        ),
        Answer::TwoBoards { remembered, seen, .. } => format!(
            "NOT VERIFIED: the authority signed two different boards. Both checkpoints, together the evidence:\n--- seen before\n{}\n--- seen now\n{}",
            shown_lines(remembered),
            shown_lines(seen)
        ),
        Answer::Failed { .. } => "NOT VERIFIED: see the failed or skipped checks above.".into(),
        Answer::CouldNotCheck => {
            let files: Vec<String> = unreachable
                .iter()
                .map(|u| format!("{}: {}", shown(&u.path), shown(&u.problem.to_string())))
                .collect();
            format!(
                "NOT VERIFIED: could not check, some files could not be had ({}); nothing was shown wrong or right.",
                files.join("; ")
            )
        }
    }
}

/// A full audit: its checks, then its verdict.
pub fn audit(v: &Verification, verdict: &Verdict) -> String {
    format!(
        "{}\n{}\n",
        checks(&v.report),
        headline(verdict, &v.unreachable)
    )
}

/// A voter's check: the ballot found, the checks, then the verdict.
pub fn voter(code: &ReceiptCode, v: &Verification, verdict: &Verdict) -> String {
    let mut out = format!("Receipt {code}\n");
    if let Some(found) = &verdict.ballot {
        let kind = match found.kind {
            EntryKind::Cast => "cast and counted",
            EntryKind::Challenged => "challenged (not counted)",
        };
        out += &format!(
            "Found: {kind}, {} ({}), board position {} of {}\n",
            shown(&found.precinct_name),
            shown(&found.county_name),
            found.position,
            found.head_size
        );
        for c in found.opened.iter().flatten() {
            let selected: Vec<String> = c.selected.iter().map(|s| shown(s)).collect();
            out += &format!(
                "This challenged ballot contained, for {}: {}\n",
                shown(&c.contest),
                selected.join(", ")
            );
        }
    }
    out += "\n";
    out += &audit(v, verdict);
    out
}

/// A verification as JSON, with its verdict first.
pub fn json_with_verdict<T: Serialize>(verdict: &Verdict, value: &T) -> String {
    #[derive(Serialize)]
    struct WithVerdict<'a, T> {
        verdict: &'a Verdict,
        #[serde(flatten)]
        value: &'a T,
    }
    json(&WithVerdict { verdict, value })
}

/// The exit status a verdict ends with: 0 verified (a challenged ballot opened correctly
/// included), 3 every check passed but not witnessed, 1 anything else.
pub fn outcome(verdict: &Verdict) -> Outcome {
    match verdict.answer {
        _ if verdict.answer.all_well() => Outcome::Passed,
        Answer::NotWitnessed { .. } => Outcome::NotWitnessed,
        _ => Outcome::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_text_cannot_move_the_cursor_break_a_line_or_flip_direction() {
        let hostile = "Demo\u{1b}[2K\u{1b}[1A\rVERIFIED\n\u{202e}dlrow\u{2066}x\u{feff}";
        let safe = shown(hostile);
        assert!(!safe.chars().any(is_invisible), "{safe:?}");
        assert_eq!(
            safe,
            "Demo\\u{1b}[2K\\u{1b}[1A\\u{d}VERIFIED\\u{a}\\u{202e}dlrow\\u{2066}x\\u{feff}"
        );
        assert_eq!(
            shown("Avery Chen · Cao Văn Hải · عربي"),
            "Avery Chen · Cao Văn Hải · عربي"
        );
    }
}
