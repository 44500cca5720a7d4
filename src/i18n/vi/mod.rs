//! Vietnamese.

mod caucus;
mod findings;
mod texts;

/// The Vietnamese wording of everything.
pub struct Vietnamese;

super::language!(Vietnamese);
