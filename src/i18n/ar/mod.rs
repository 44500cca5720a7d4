//! Arabic.

mod caucus;
mod findings;
mod texts;

/// The Arabic wording of everything.
pub struct Arabic;

super::language!(Arabic);
