//! One module per page.

pub mod audit;
pub mod check;
pub mod kiosk;
pub mod results;
pub mod tables;
