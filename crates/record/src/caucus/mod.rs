//! Caucus and primary tally rules, and the published-results audit.
//!
//! - [`Rules`]: tally rules as data (serde, JSON-friendly, no floats): plurality, proportional with
//!   a viability threshold, and the Iowa Democratic Party 2020 precinct caucus rules.
//! - [`allocate`] / [`allocate_alignments`]: a precinct's (or contest's) delegates from plain counts
//!   per option, with every outcome the rules allow (several when a coin toss decides) and tie notes.
//! - [`sde`]: state delegate equivalents from a precinct's SDE weight, and working published SDEs
//!   back to delegates.
//! - [`audit::audit_results_table`]: audits a published precinct results table (Iowa 2020 format)
//!   against the rules; its findings are data, worded by [`text`] (English here; other languages
//!   implement [`text::Wording`]).
//!
//! Pure computation: no I/O, no floating point; compiles for `wasm32-unknown-unknown`.
//! Rule sources and the readings chosen are in `docs/caucus-rules.md`.

pub mod allocate;
pub mod audit;
pub mod csv;
pub mod names;
pub mod number;
pub mod rules;
pub mod sde;
pub mod table;
pub mod text;

pub use allocate::{allocate, allocate_alignments, Allocation, TieNote};
pub use audit::{audit_results_table, FindingKind, ResultsAudit};
pub use number::{Fixed, Fraction, NumberError};
pub use rules::{QuotaBase, RoundingMethod, Rules, RulesError};
pub use table::{TableColumn, TableError, TableKind, TableProblem};
