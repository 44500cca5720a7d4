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

use super::csv::{self, CsvProblem, Record};
use super::names::{display_name, name_key};
use super::number::{parse_whole, Fixed, NumberError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which input table an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// The published precinct results table.
    Results,
    /// The precinct delegates table.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableError {
    /// The table the error is in.
    pub table: TableKind,
    /// 1-based row (the line the record starts on).
    pub row: usize,
    /// 1-based column (field position).
    pub column: usize,
    /// What is wrong.
    pub problem: TableProblem,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, row {}, column {}: {}",
            self.table, self.row, self.column, self.problem
        )
    }
}

impl std::error::Error for TableError {}

/// A named column, as error messages refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableColumn {
    /// `County` (both tables).
    County,
    /// `Precinct` (both tables).
    Precinct,
    /// The delegates table's `County Delegates`.
    CountyDelegates,
    /// The delegates table's `Precinct SDE…`.
    PrecinctSde,
    /// A candidate's column in one section of the results table.
    Candidate {
        /// The candidate's name from the header.
        name: String,
        /// The section the column is in.
        section: Section,
    },
}

impl fmt::Display for TableColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableColumn::County => f.write_str("County"),
            TableColumn::Precinct => f.write_str("Precinct"),
            TableColumn::CountyDelegates => f.write_str("County Delegates"),
            TableColumn::PrecinctSde => f.write_str("Precinct SDE"),
            TableColumn::Candidate { name, section } => write!(f, "{name} ({})", section.title()),
        }
    }
}

/// What is wrong with a table, with the values that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TableProblem {
    /// The CSV syntax is broken.
    Csv {
        /// How.
        problem: CsvProblem,
    },
    /// The results table has fewer than its three header rows.
    MissingHeaderRows,
    /// A results header row has a different number of fields than the first.
    HeaderWidth {
        /// Fields in the first header row.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// The third results header row does not start with `County,Precinct`.
    NotCountyPrecinct {
        /// The label expected in this column.
        expected: TableColumn,
        /// The text found.
        found: String,
    },
    /// A section header that is not First Expression, Final Expression or SDE.
    UnknownSection {
        /// The text found.
        found: String,
    },
    /// A section's columns are split by another section's.
    SectionTwice {
        /// The section.
        section: Section,
    },
    /// The sections are not First Expression, Final Expression, SDE, in that order.
    SectionOrder,
    /// A First Expression column without a candidate name.
    EmptyCandidate,
    /// A candidate listed twice in First Expression.
    CandidateTwice {
        /// The name.
        name: String,
    },
    /// A section with a different number of columns than First Expression.
    SectionWidth {
        /// The section.
        section: Section,
        /// Its columns.
        found: usize,
        /// First Expression's columns.
        expected: usize,
    },
    /// A candidate in a later section that is not the one at the same position in First
    /// Expression.
    CandidateMismatch {
        /// The section.
        section: Section,
        /// The name found.
        found: String,
        /// The name at the same position in First Expression.
        expected: String,
    },
    /// A data row with a different number of fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// An empty county name.
    EmptyCounty,
    /// An empty precinct name (on a delegates row: one that elects delegates or has SDE weight).
    EmptyPrecinct,
    /// A head count or delegate count that is not a whole number.
    NotWhole {
        /// The column.
        column: TableColumn,
        /// Why ([`NumberError::Empty`], [`NumberError::NotANumber`] or [`NumberError::TooLarge`]).
        error: NumberError,
    },
    /// An SDE figure that is not a decimal number.
    NotDecimal {
        /// The column.
        column: TableColumn,
        /// Why.
        error: NumberError,
    },
    /// The delegates table is empty.
    NoHeader,
    /// The delegates table's header lacks a required column.
    MissingColumn {
        /// The column.
        column: TableColumn,
    },
}

impl fmt::Display for TableProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableProblem::Csv { problem } => write!(f, "{problem}"),
            TableProblem::MissingHeaderRows => {
                f.write_str("expected three header rows (section, candidate, County/Precinct)")
            }
            TableProblem::HeaderWidth { expected, found } => write!(
                f,
                "header rows must have the same number of fields: expected {expected}, found {found}"
            ),
            TableProblem::NotCountyPrecinct { expected, found } => write!(
                f,
                "third header row must start with County,Precinct; expected {expected}, found {found:?}"
            ),
            TableProblem::UnknownSection { found } => write!(
                f,
                "unknown section {found:?} (expected First Expression, Final Expression or SDE)"
            ),
            TableProblem::SectionTwice { section } => {
                write!(f, "section {:?} appears twice", section.title())
            }
            TableProblem::SectionOrder => f.write_str(
                "expected the sections First Expression, Final Expression, SDE in that order",
            ),
            TableProblem::EmptyCandidate => f.write_str("empty candidate name"),
            TableProblem::CandidateTwice { name } => write!(f, "candidate {name:?} listed twice"),
            TableProblem::SectionWidth {
                section,
                found,
                expected,
            } => write!(
                f,
                "section {:?} has {found} columns but First Expression has {expected}",
                section.title()
            ),
            TableProblem::CandidateMismatch {
                section,
                found,
                expected,
            } => write!(
                f,
                "candidate {found:?} in section {:?} does not match {expected:?} at the same position in First Expression",
                section.title()
            ),
            TableProblem::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields, found {found}")
            }
            TableProblem::EmptyCounty => f.write_str("empty county name"),
            TableProblem::EmptyPrecinct => f.write_str("empty precinct name"),
            TableProblem::NotWhole { column, error } => match error {
                NumberError::Empty => {
                    write!(f, "{column}: expected a whole number, found an empty field")
                }
                NumberError::NotANumber { text } => {
                    write!(f, "{column}: expected a whole number, found {text:?}")
                }
                other => write!(f, "{column}: {other}"),
            },
            TableProblem::NotDecimal { column, error } => write!(f, "{column}: {error}"),
            TableProblem::NoHeader => f.write_str("empty table: expected a header row"),
            TableProblem::MissingColumn { column } => {
                write!(f, "header has no {:?} column", column.to_string())
            }
        }
    }
}

fn err(table: TableKind, row: usize, column: usize, problem: TableProblem) -> TableError {
    TableError {
        table,
        row,
        column,
        problem,
    }
}

/// The three sections of a results row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// First Expression (first alignment).
    First,
    /// Final Expression (final alignment).
    Final,
    /// State delegate equivalents.
    Sde,
}

impl Section {
    /// The section's header as the published table spells it (English).
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
    /// County name (HTML references decoded, spaces collapsed).
    pub county: String,
    /// Precinct name (HTML references decoded, spaces collapsed).
    pub precinct: String,
    /// The county's join key.
    pub county_key: String,
    /// The precinct's join key.
    pub precinct_key: String,
    /// The row is a county total (`Precinct` is `Total`).
    pub is_total: bool,
    /// First-alignment head counts per candidate.
    pub first: Vec<u64>,
    /// Final-alignment head counts per candidate.
    pub final_: Vec<u64>,
    /// Published SDEs per candidate.
    pub sde: Vec<Fixed>,
}

/// The parsed results table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsTable {
    /// Candidate names from the header, in column order.
    pub candidates: Vec<String>,
    /// The data rows, county totals included, in table order.
    pub rows: Vec<ResultsRow>,
}

/// One row of the delegates table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatesRow {
    /// 1-based row (line) in the delegates file.
    pub row: usize,
    /// County name (HTML references decoded, spaces collapsed).
    pub county: String,
    /// Precinct name (HTML references decoded, spaces collapsed).
    pub precinct: String,
    /// The county's join key.
    pub county_key: String,
    /// The precinct's join key.
    pub precinct_key: String,
    /// County-convention delegates the precinct elects.
    pub delegates: u64,
    /// The precinct's total SDE weight.
    pub sde_weight: Fixed,
}

/// The parsed delegates table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatesTable {
    /// The precinct rows, in table order.
    pub rows: Vec<DelegatesRow>,
    /// Rows (1-based) skipped as placeholders (no name, no delegates, no SDE weight).
    pub placeholder_rows: Vec<usize>,
}

fn records(table: TableKind, text: &str) -> Result<Vec<Record>, TableError> {
    let recs = csv::parse(text).map_err(|e| {
        err(
            table,
            e.line,
            e.column,
            TableProblem::Csv { problem: e.problem },
        )
    })?;
    Ok(recs.into_iter().filter(|r| !r.is_blank()).collect())
}

fn whole(
    table: TableKind,
    rec: &Record,
    col: usize,
    column: TableColumn,
) -> Result<u64, TableError> {
    parse_whole(rec.fields[col].trim()).map_err(|error| {
        err(
            table,
            rec.line,
            col + 1,
            TableProblem::NotWhole { column, error },
        )
    })
}

fn decimal(
    table: TableKind,
    rec: &Record,
    col: usize,
    column: TableColumn,
) -> Result<Fixed, TableError> {
    Fixed::parse(rec.fields[col].trim()).map_err(|error| {
        err(
            table,
            rec.line,
            col + 1,
            TableProblem::NotDecimal { column, error },
        )
    })
}

/// Parses a results table (see the module docs).
pub fn parse_results(text: &str) -> Result<ResultsTable, TableError> {
    const T: TableKind = TableKind::Results;
    let recs = records(T, text)?;
    if recs.len() < 3 {
        let row = recs.last().map(|r| r.line + 1).unwrap_or(1);
        return Err(err(T, row, 1, TableProblem::MissingHeaderRows));
    }
    let (sec_row, cand_row, label_row) = (&recs[0], &recs[1], &recs[2]);
    let width = sec_row.fields.len();
    for r in [cand_row, label_row] {
        if r.fields.len() != width {
            return Err(err(
                T,
                r.line,
                r.fields.len().min(width) + 1,
                TableProblem::HeaderWidth {
                    expected: width,
                    found: r.fields.len(),
                },
            ));
        }
    }
    for (col, want) in [(0usize, TableColumn::County), (1, TableColumn::Precinct)] {
        if col >= width || name_key(&label_row.fields[col]) != name_key(&want.to_string()) {
            return Err(err(
                T,
                label_row.line,
                col + 1,
                TableProblem::NotCountyPrecinct {
                    expected: want,
                    found: label_row.fields.get(col).cloned().unwrap_or_default(),
                },
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
                TableProblem::UnknownSection { found: s.into() },
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
                        TableProblem::SectionTwice { section: sec },
                    ));
                }
                blocks.push((sec, vec![col]));
            }
        }
    }
    let order = [Section::First, Section::Final, Section::Sde];
    if blocks.len() != 3 || blocks.iter().zip(order).any(|((b, _), o)| *b != o) {
        return Err(err(T, sec_row.line, 3, TableProblem::SectionOrder));
    }
    let candidates: Vec<String> = blocks[0]
        .1
        .iter()
        .map(|&c| display_name(&cand_row.fields[c]))
        .collect();
    for (i, c) in candidates.iter().enumerate() {
        let col = blocks[0].1[i];
        if c.is_empty() {
            return Err(err(T, cand_row.line, col + 1, TableProblem::EmptyCandidate));
        }
        if candidates[..i].iter().any(|p| name_key(p) == name_key(c)) {
            return Err(err(
                T,
                cand_row.line,
                col + 1,
                TableProblem::CandidateTwice { name: c.clone() },
            ));
        }
    }
    for (sec, cols) in &blocks[1..] {
        if cols.len() != candidates.len() {
            return Err(err(
                T,
                sec_row.line,
                cols[0] + 1,
                TableProblem::SectionWidth {
                    section: *sec,
                    found: cols.len(),
                    expected: candidates.len(),
                },
            ));
        }
        for (i, &col) in cols.iter().enumerate() {
            let name = cand_row.fields[col].trim();
            if name_key(name) != name_key(&candidates[i]) {
                return Err(err(
                    T,
                    cand_row.line,
                    col + 1,
                    TableProblem::CandidateMismatch {
                        section: *sec,
                        found: name.into(),
                        expected: candidates[i].clone(),
                    },
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
                TableProblem::FieldCount {
                    expected: width,
                    found: rec.fields.len(),
                },
            ));
        }
        let county = display_name(&rec.fields[0]);
        if county.is_empty() {
            return Err(err(T, rec.line, 1, TableProblem::EmptyCounty));
        }
        let precinct = display_name(&rec.fields[1]);
        if precinct.is_empty() {
            return Err(err(T, rec.line, 2, TableProblem::EmptyPrecinct));
        }
        let mut first = Vec::with_capacity(candidates.len());
        let mut final_ = Vec::with_capacity(candidates.len());
        let mut sde = Vec::with_capacity(candidates.len());
        for (i, cand) in candidates.iter().enumerate() {
            let column = |section| TableColumn::Candidate {
                name: cand.clone(),
                section,
            };
            first.push(whole(T, rec, blocks[0].1[i], column(Section::First))?);
            final_.push(whole(T, rec, blocks[1].1[i], column(Section::Final))?);
            sde.push(decimal(T, rec, blocks[2].1[i], column(Section::Sde))?);
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
        return Err(err(T, 1, 1, TableProblem::NoHeader));
    };
    let find = |pred: &dyn Fn(&str) -> bool, column: TableColumn| -> Result<usize, TableError> {
        header
            .fields
            .iter()
            .position(|h| pred(&name_key(h)))
            .ok_or_else(|| {
                err(
                    T,
                    header.line,
                    header.fields.len() + 1,
                    TableProblem::MissingColumn { column },
                )
            })
    };
    let c_county = find(&|k| k == "county", TableColumn::County)?;
    let c_precinct = find(&|k| k == "precinct", TableColumn::Precinct)?;
    let c_dels = find(&|k| k == "countydelegates", TableColumn::CountyDelegates)?;
    let c_sde = find(&|k| k.starts_with("precinctsde"), TableColumn::PrecinctSde)?;
    let width = header.fields.len();
    let mut rows = Vec::new();
    let mut placeholder_rows = Vec::new();
    for rec in &recs[1..] {
        if rec.fields.len() != width {
            return Err(err(
                T,
                rec.line,
                rec.fields.len().min(width) + 1,
                TableProblem::FieldCount {
                    expected: width,
                    found: rec.fields.len(),
                },
            ));
        }
        let county = display_name(&rec.fields[c_county]);
        if county.is_empty() {
            return Err(err(T, rec.line, c_county + 1, TableProblem::EmptyCounty));
        }
        let delegates = whole(T, rec, c_dels, TableColumn::CountyDelegates)?;
        let sde_weight = decimal(T, rec, c_sde, TableColumn::PrecinctSde)?;
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
                TableProblem::EmptyPrecinct,
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
