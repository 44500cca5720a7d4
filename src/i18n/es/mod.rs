//! Spanish.

mod caucus;
mod findings;
mod texts;

use castcheck_record::caucus::table::TableError;
use castcheck_record::{Failure, FetchProblem};

use super::{Language, Texts};

/// The Spanish wording of everything.
pub struct Spanish;

impl Language for Spanish {
    fn texts(&self) -> &'static Texts {
        &texts::TEXTS
    }
    fn failure(&self, f: &Failure) -> String {
        findings::failure(f)
    }
    fn fetch_problem(&self, p: &FetchProblem) -> String {
        findings::fetch_problem(p)
    }
    fn table_error(&self, e: &TableError) -> String {
        caucus::table_error(e)
    }
}
