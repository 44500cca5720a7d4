//! One module per page.

pub mod audit;
pub mod check;
pub mod results;
pub mod tables;
