//! Importing a published precinct results table and a precinct delegates table.
//!
//! Results table (as published by the Iowa Democratic Party and scraped by `iowa-caucus/iowa-tools`):
//! three header rows — section (`First Expression`, `Final Expression`, `SDE`), candidate name, and
//! `County,Precinct` — then one row per precinct with first- and final-expression head counts and
//! SDEs per candidate. The candidates are read from the header, not hard-coded; each section must
//! list the same candidates in the same order. A row whose precinct is `Total` is the county total.
//!
//! Delegates table: a header row naming at least `County`, `Precinct`, `County Delegates` and a
//! column starting with `Precinct SDE`; then one row per precinct. Rows with an empty precinct name,
//! zero delegates and zero SDE weight are placeholders (precinct codes merged into others) and are
//! skipped; an empty precinct name otherwise is an error.
//!
//! Every error names the table, the 1-based row (the line the record starts on) and 1-based
//! column, and what is wrong.

use super::csv::{self, Record};
use super::names::{display_name, name_key};
use super::number::Fixed;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which input table an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    Results,
    Delegates,
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TableKind::Results => "results table",
            TableKind::Delegates => "delegates table",
        })
    }
}

/// A malformed table: where (1-based row and column) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableError {
    pub table: TableKind,
    pub row: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, row {}, column {}: {}",
            self.table, self.row, self.column, self.message
        )
    }
}

impl std::error::Error for TableError {}

fn err(table: TableKind, row: usize, column: usize, message: impl Into<String>) -> TableError {
    TableError {
        table,
        row,
        column,
        message: message.into(),
    }
}

/// The three sections of a results row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    First,
    Final,
    Sde,
}

impl Section {
    pub fn title(&self) -> &'static str {
        match self {
            Section::First => "First Expression",
            Section::Final => "Final Expression",
            Section::Sde => "SDE",
        }
    }

    fn from_header(s: &str) -> Option<Section> {
        match name_key(s).as_str() {
            "firstexpression" | "firstalignment" => Some(Section::First),
            "finalexpression" | "finalalignment" => Some(Section::Final),
            "sde" | "sdes" | "statedelegateequivalents" => Some(Section::Sde),
            _ => None,
        }
    }
}

/// One data row of the results table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsRow {
    /// 1-based row (line) in the results file.
    pub row: usize,
    pub county: String,
    pub precinct: String,
    pub county_key: String,
    pub precinct_key: String,
    /// The row is a county total (`Precinct` is `Total`).
    pub is_total: bool,
    pub first: Vec<u64>,
    pub final_: Vec<u64>,
    pub sde: Vec<Fixed>,
}

/// The parsed results table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsTable {
    pub candidates: Vec<String>,
    pub rows: Vec<ResultsRow>,
}

/// One row of the delegates table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatesRow {
    pub row: usize,
    pub county: String,
    pub precinct: String,
    pub county_key: String,
    pub precinct_key: String,
    /// County-convention delegates the precinct elects.
    pub delegates: u64,
    /// The precinct's total SDE weight.
    pub sde_weight: Fixed,
}

/// The parsed delegates table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatesTable {
    pub rows: Vec<DelegatesRow>,
    /// Rows (1-based) skipped as placeholders (no name, no delegates, no SDE weight).
    pub placeholder_rows: Vec<usize>,
}

fn records(table: TableKind, text: &str) -> Result<Vec<Record>, TableError> {
    let recs = csv::parse(text).map_err(|e| err(table, e.line, e.column, e.message))?;
    Ok(recs.into_iter().filter(|r| !r.is_blank()).collect())
}

fn whole(table: TableKind, rec: &Record, col: usize, what: &str) -> Result<u64, TableError> {
    let s = rec.fields[col].trim();
    if s.is_empty() {
        return Err(err(
            table,
            rec.line,
            col + 1,
            format!("{what}: expected a whole number, found an empty field"),
        ));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(
            table,
            rec.line,
            col + 1,
            format!("{what}: expected a whole number, found {s:?}"),
        ));
    }
    s.parse::<u64>().map_err(|_| {
        err(
            table,
            rec.line,
            col + 1,
            format!("{what}: number too large: {s:?}"),
        )
    })
}

fn decimal(table: TableKind, rec: &Record, col: usize, what: &str) -> Result<Fixed, TableError> {
    let s = rec.fields[col].trim();
    Fixed::parse(s).map_err(|e| err(table, rec.line, col + 1, format!("{what}: {e}")))
}

/// Parses a results table (see the module docs).
pub fn parse_results(text: &str) -> Result<ResultsTable, TableError> {
    const T: TableKind = TableKind::Results;
    let recs = records(T, text)?;
    if recs.len() < 3 {
        let row = recs.last().map(|r| r.line + 1).unwrap_or(1);
        return Err(err(
            T,
            row,
            1,
            "expected three header rows (section, candidate, County/Precinct)",
        ));
    }
    let (sec_row, cand_row, label_row) = (&recs[0], &recs[1], &recs[2]);
    let width = sec_row.fields.len();
    for r in [cand_row, label_row] {
        if r.fields.len() != width {
            return Err(err(
                T,
                r.line,
                r.fields.len().min(width) + 1,
                format!(
                    "header rows must have the same number of fields: expected {width}, found {}",
                    r.fields.len()
                ),
            ));
        }
    }
    for (col, want) in [(0usize, "County"), (1, "Precinct")] {
        if col >= width || name_key(&label_row.fields[col]) != name_key(want) {
            return Err(err(
                T,
                label_row.line,
                col + 1,
                format!(
                    "third header row must start with County,Precinct; found {:?}",
                    label_row.fields.get(col).map(String::as_str).unwrap_or("")
                ),
            ));
        }
    }
    // Sections: contiguous blocks First, Final, SDE.
    let mut blocks: Vec<(Section, Vec<usize>)> = Vec::new();
    for col in 2..width {
        let s = sec_row.fields[col].trim();
        let sec = Section::from_header(s).ok_or_else(|| {
            err(
                T,
                sec_row.line,
                col + 1,
                format!(
                    "unknown section {s:?} (expected First Expression, Final Expression or SDE)"
                ),
            )
        })?;
        match blocks.last_mut() {
            Some((b, cols)) if *b == sec => cols.push(col),
            _ => {
                if blocks.iter().any(|(b, _)| *b == sec) {
                    return Err(err(
                        T,
                        sec_row.line,
                        col + 1,
                        format!("section {:?} appears twice", sec.title()),
                    ));
                }
                blocks.push((sec, vec![col]));
            }
        }
    }
    let order = [Section::First, Section::Final, Section::Sde];
    if blocks.len() != 3 || blocks.iter().zip(order).any(|((b, _), o)| *b != o) {
        return Err(err(
            T,
            sec_row.line,
            3,
            "expected the sections First Expression, Final Expression, SDE in that order",
        ));
    }
    let candidates: Vec<String> = blocks[0]
        .1
        .iter()
        .map(|&c| display_name(&cand_row.fields[c]))
        .collect();
    for (i, c) in candidates.iter().enumerate() {
        let col = blocks[0].1[i];
        if c.is_empty() {
            return Err(err(T, cand_row.line, col + 1, "empty candidate name"));
        }
        if candidates[..i].iter().any(|p| name_key(p) == name_key(c)) {
            return Err(err(
                T,
                cand_row.line,
                col + 1,
                format!("candidate {c:?} listed twice"),
            ));
        }
    }
    for (sec, cols) in &blocks[1..] {
        if cols.len() != candidates.len() {
            return Err(err(
                T,
                sec_row.line,
                cols[0] + 1,
                format!(
                    "section {:?} has {} columns but First Expression has {}",
                    sec.title(),
                    cols.len(),
                    candidates.len()
                ),
            ));
        }
        for (i, &col) in cols.iter().enumerate() {
            let name = cand_row.fields[col].trim();
            if name_key(name) != name_key(&candidates[i]) {
                return Err(err(
                    T,
                    cand_row.line,
                    col + 1,
                    format!(
                        "candidate {name:?} in section {:?} does not match {:?} at the same position in First Expression",
                        sec.title(),
                        candidates[i]
                    ),
                ));
            }
        }
    }
    let mut rows = Vec::with_capacity(recs.len());
    for rec in &recs[3..] {
        if rec.fields.len() != width {
            return Err(err(
                T,
                rec.line,
                rec.fields.len().min(width) + 1,
                format!("expected {width} fields, found {}", rec.fields.len()),
            ));
        }
        let county = display_name(&rec.fields[0]);
        if county.is_empty() {
            return Err(err(T, rec.line, 1, "empty county name"));
        }
        let precinct = display_name(&rec.fields[1]);
        if precinct.is_empty() {
            return Err(err(T, rec.line, 2, "empty precinct name"));
        }
        let mut first = Vec::with_capacity(candidates.len());
        let mut final_ = Vec::with_capacity(candidates.len());
        let mut sde = Vec::with_capacity(candidates.len());
        for (i, cand) in candidates.iter().enumerate() {
            first.push(whole(
                T,
                rec,
                blocks[0].1[i],
                &format!("{cand} (First Expression)"),
            )?);
            final_.push(whole(
                T,
                rec,
                blocks[1].1[i],
                &format!("{cand} (Final Expression)"),
            )?);
            sde.push(decimal(T, rec, blocks[2].1[i], &format!("{cand} (SDE)"))?);
        }
        let precinct_key = name_key(&precinct);
        rows.push(ResultsRow {
            row: rec.line,
            county_key: name_key(&county),
            is_total: precinct_key == "total",
            county,
            precinct,
            precinct_key,
            first,
            final_,
            sde,
        });
    }
    Ok(ResultsTable { candidates, rows })
}

/// Parses a delegates table (see the module docs).
pub fn parse_delegates(text: &str) -> Result<DelegatesTable, TableError> {
    const T: TableKind = TableKind::Delegates;
    let recs = records(T, text)?;
    let Some(header) = recs.first() else {
        return Err(err(T, 1, 1, "empty table: expected a header row"));
    };
    let find = |pred: &dyn Fn(&str) -> bool, label: &str| -> Result<usize, TableError> {
        header
            .fields
            .iter()
            .position(|h| pred(&name_key(h)))
            .ok_or_else(|| {
                err(
                    T,
                    header.line,
                    header.fields.len() + 1,
                    format!("header has no {label:?} column"),
                )
            })
    };
    let c_county = find(&|k| k == "county", "County")?;
    let c_precinct = find(&|k| k == "precinct", "Precinct")?;
    let c_dels = find(&|k| k == "countydelegates", "County Delegates")?;
    let c_sde = find(&|k| k.starts_with("precinctsde"), "Precinct SDE")?;
    let width = header.fields.len();
    let mut rows = Vec::new();
    let mut placeholder_rows = Vec::new();
    for rec in &recs[1..] {
        if rec.fields.len() != width {
            return Err(err(
                T,
                rec.line,
                rec.fields.len().min(width) + 1,
                format!("expected {width} fields, found {}", rec.fields.len()),
            ));
        }
        let county = display_name(&rec.fields[c_county]);
        if county.is_empty() {
            return Err(err(T, rec.line, c_county + 1, "empty county name"));
        }
        let delegates = whole(T, rec, c_dels, "County Delegates")?;
        let sde_weight = decimal(T, rec, c_sde, "Precinct SDE")?;
        let precinct = display_name(&rec.fields[c_precinct]);
        if precinct.is_empty() {
            if delegates == 0 && sde_weight == Fixed::ZERO {
                placeholder_rows.push(rec.line);
                continue;
            }
            return Err(err(
                T,
                rec.line,
                c_precinct + 1,
                "empty precinct name on a row with delegates",
            ));
        }
        rows.push(DelegatesRow {
            row: rec.line,
            county_key: name_key(&county),
            precinct_key: name_key(&precinct),
            county,
            precinct,
            delegates,
            sde_weight,
        });
    }
    Ok(DelegatesTable {
        rows,
        placeholder_rows,
    })
}
