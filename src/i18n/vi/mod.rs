//! Vietnamese.

mod caucus;
mod findings;

pub(crate) use findings::{failure, fetch_problem};
mod texts;

/// The Vietnamese wording of everything.
pub struct Vietnamese;

super::language!(Vietnamese);
