//! `castcheck receipts`: the receipts of a simulated election as a printable HTML document, one
//! card per receipt with its QR code, as an election authority would print or display them, in
//! one of the four languages the app speaks (with links to the other three), readable on a phone.

use std::fmt::Write as _;
use std::path::PathBuf;

use castcheck_record::manifest::Manifest;
use castcheck_record::ReceiptLink;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::receipt_words::{self, Words};
use crate::record_dir::RecordDir;
use crate::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The election record (for the election's and precincts' names).
    #[arg(long)]
    record: PathBuf,
    /// The receipts CSV that `simulate` wrote.
    #[arg(long)]
    receipts: PathBuf,
    /// The HTML document to write.
    #[arg(long)]
    out: PathBuf,
    /// Only the first N receipts (default: all).
    #[arg(long)]
    count: Option<usize>,
    /// The page's language: en, es, vi or ar. The four versions sit side by side as
    /// `index.html` (English) and `<lang>.html`, and link to each other.
    #[arg(long, default_value = "en")]
    lang: String,
}

/// One row of the receipts CSV.
struct Row {
    code: String,
    precinct: String,
    challenged: bool,
    payload: String,
    election: String,
}

const HEADER: &str = "receipt_code,precinct,kind,qr_payload,election_code";

fn rows(csv: &str) -> Result<Vec<Row>, String> {
    let mut lines = csv.lines();
    if lines.next() != Some(HEADER) {
        return Err(format!(
            "the receipts file must start with the header {HEADER}"
        ));
    }
    lines
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| match line.split(',').collect::<Vec<_>>()[..] {
            [code, precinct, kind @ ("cast" | "challenged"), payload, election] => Ok(Row {
                code: code.to_owned(),
                precinct: precinct.to_owned(),
                challenged: kind == "challenged",
                payload: payload.to_owned(),
                election: election.to_owned(),
            }),
            _ => Err(format!(
                "line {} of the receipts file is not a receipt",
                i + 2
            )),
        })
        .collect()
}

/// The page up to its first receipt: language, title, the links to the other languages and the
/// print button.
fn head(words: &Words, title: &str) -> String {
    let others = receipt_words::ALL
        .iter()
        .map(|w| {
            let current = if w.lang == words.lang {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!(
                "<a href=\"{}\" lang=\"{}\" dir=\"{}\"{current}>{}</a>",
                w.file(),
                w.lang,
                w.dir,
                w.name
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{receipts} — {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<nav class=\"tools\" aria-label=\"{language}\">{others} <button type=\"button\" onclick=\"window.print()\">{print}</button></nav>\n<main>\n",
        lang = words.lang,
        dir = words.dir,
        receipts = words.title,
        language = words.language,
        print = words.print,
    )
}

/// Text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The QR code of `payload` as inline SVG.
fn qr_svg(payload: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code of {payload}: {e}"))?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in HTML: without the XML declaration.
    Ok(svg.split_once("<svg").map_or(svg.clone(), |(_, rest)| {
        format!("<svg role=\"img\" aria-label=\"QR code\"{rest}")
    }))
}

const STYLE: &str = "
body { font-family: system-ui, sans-serif; margin: 0; color: #111; }
main { display: flex; flex-wrap: wrap; gap: 6mm; padding: 8mm; }
.receipt { width: 88mm; border: 1px dashed #555; padding: 4mm; break-inside: avoid; }
.receipt h1 { font-size: 13pt; margin: 0; }
.receipt .qr svg { display: block; width: 48mm; height: 48mm; margin: 2mm auto; }
.receipt dl { display: grid; grid-template-columns: auto 1fr; gap: 1mm 3mm; margin: 2mm 0; font-size: 10pt; }
.receipt dt { color: #444; }
.receipt dd { margin: 0; }
.receipt .code { font: 600 12pt ui-monospace, Menlo, Consolas, monospace; letter-spacing: .05em; direction: ltr; unicode-bidi: isolate; }
.receipt .how { font-size: 9pt; margin: 0; }
.challenged { border-style: solid; border-width: 2px; }
.tools { display: flex; flex-wrap: wrap; gap: 2mm 4mm; align-items: center; padding: 4mm 8mm 0; }
.tools button { font: inherit; padding: 2mm 4mm; }
@media (max-width: 30rem) { main { padding: 3mm; } .receipt { width: 100%; box-sizing: border-box; } }
@media print { .tools { display: none; } }
@page { margin: 10mm; }
@media print { main { padding: 0; } }
";

pub fn run(args: Args) -> Outcome {
    match write(&args) {
        Ok(n) => {
            println!("Wrote {n} receipts to {}", args.out.display());
            Outcome::Passed
        }
        Err(e) => Outcome::Unusable(e),
    }
}

fn write(args: &Args) -> Result<usize, String> {
    let words = receipt_words::of(&args.lang).ok_or_else(|| {
        format!(
            "no receipts in the language {:?}: use en, es, vi or ar",
            args.lang
        )
    })?;
    let record = RecordDir::open(&args.record)?;
    let manifest: Manifest = record
        .read("manifest.json")
        .map_err(|e| format!("cannot read the manifest: {e}"))
        .and_then(|b| {
            serde_json::from_slice(&b).map_err(|e| format!("the manifest is not readable: {e}"))
        })?;
    let csv = std::fs::read_to_string(&args.receipts)
        .map_err(|e| format!("cannot read {}: {e}", args.receipts.display()))?;
    let rows = rows(&csv)?;
    let rows = &rows[..args.count.unwrap_or(rows.len()).min(rows.len())];
    let mut html = head(words, &escape(&manifest.title));
    for row in rows {
        // A receipt prints only what its QR code really says.
        let link =
            ReceiptLink::parse(&row.payload).map_err(|e| format!("receipt {}: {e}", row.code))?;
        let precinct = manifest
            .precinct(&row.precinct)
            .map_or(row.precinct.clone(), |p| p.name.clone());
        // A challenged ballot is opened for anyone with its code; a cast one is never opened.
        let (class, kind, secrecy) = if row.challenged {
            ("receipt challenged", words.challenged, words.opened)
        } else {
            ("receipt", words.cast, words.secret)
        };
        let how = words.how.replace("{url}", &escape(&link.verifier_url));
        let _ = write!(
            html,
            "<article class=\"{class}\" data-code=\"{code}\">\n<h1>{title}</h1>\n<div class=\"qr\">{qr}</div>\n<dl>\n<dt>{receipt_code}</dt><dd><span class=\"code\">{code}</span></dd>\n<dt>{election_code}</dt><dd><span class=\"code\">{election}</span></dd>\n<dt>{precinct_label}</dt><dd>{precinct}</dd>\n<dt>{ballot}</dt><dd>{kind}</dd>\n</dl>\n<p class=\"how\">{how} {secrecy}</p>\n</article>\n",
            title = escape(&manifest.title),
            code = escape(&row.code),
            qr = qr_svg(&link.payload())?,
            election = escape(&row.election),
            precinct = escape(&precinct),
            receipt_code = words.receipt_code,
            election_code = words.election_code,
            precinct_label = words.precinct,
            ballot = words.ballot,
        );
    }
    html.push_str("</main>\n</body>\n</html>\n");
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(&args.out, html)
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    Ok(rows.len())
}
