//! Spanish.

mod caucus;
mod findings;

pub(crate) use findings::{failure, fetch_problem};
mod texts;

/// The Spanish wording of everything.
pub struct Spanish;

super::language!(Spanish);
