//! Arabic.

mod caucus;
mod findings;

pub(crate) use findings::{failure, fetch_problem};
mod texts;

/// The Arabic wording of everything.
pub struct Arabic;

super::language!(Arabic);
