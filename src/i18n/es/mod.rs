//! Spanish.

mod caucus;
mod findings;
mod texts;

/// The Spanish wording of everything.
pub struct Spanish;

super::language!(Spanish);
