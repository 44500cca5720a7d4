//! The worker runtime, the same for every worker role: where record files come from
//! ([`source`]), the one loop that runs the core's driver against them ([`drive`]), the helper
//! workers an audit's precincts are shared with ([`pool`]), a worker's message loop ([`serve`])
//! and the page's side of it ([`client`]). The messages themselves are in `crate::protocol`.

pub mod client;
pub mod drive;
pub mod pool;
pub mod serve;
pub mod source;
