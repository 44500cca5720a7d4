//! The workers' own tasks, each behind a thin binary in `src/bin/`: the checker (a voter's check
//! and the banner's check of the election), the verifier (audits, preloads, the results-table
//! audit, and an audit's helpers) and the QR scanner.

pub mod checker;
pub mod scanner;
pub mod verifier;
