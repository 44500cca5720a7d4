//! From counts to results: which delegate allocations a contest's rules allow.

use crate::manifest::{Contest, Rules};

/// The rules a simulated caucus uses.
pub fn default_rules() -> Rules {
    serde_json::json!({"kind": "plurality"})
}

/// Checks that a contest's rules can be applied to it.
pub fn validate_rules(_rules: &Rules, _contest: &Contest) -> Result<(), String> {
    Ok(())
}

/// Every delegate allocation the rules allow for `counts` in a precinct electing `delegates`
/// (more than one when lots decide), or `None` when the rules award no delegates.
pub fn allowed_delegates(
    _rules: &Rules,
    _counts: &[u64],
    _delegates: u64,
) -> Option<Vec<Vec<u64>>> {
    None
}
