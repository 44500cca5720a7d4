//! One module per page.

pub mod audit;
pub mod check;
pub mod compare;
pub mod kiosk;
pub mod results;
pub mod tables;
