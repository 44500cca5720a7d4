//! From counts to results: which delegate allocations a contest's rules allow.

use crate::caucus::{allocate, Rules, RulesError};
use crate::manifest::{Contest, ContestKind};

/// The rules a simulated caucus uses: the Iowa Democratic Party's 2020 precinct rules, applied to
/// the one (final) alignment a remote caucus ballot expresses.
pub fn default_rules() -> Rules {
    Rules::IowaDem2020
}

/// Checks that a contest's rules can be applied to it.
pub fn validate_rules(rules: &Rules, contest: &Contest) -> Result<(), RulesError> {
    match rules {
        Rules::Plurality => Ok(()),
        Rules::Proportional {
            viability_percent, ..
        } if viability_percent.exceeds(100) => Err(RulesError::ViabilityOver100 {
            percent: *viability_percent,
        }),
        Rules::Proportional { .. } => Ok(()),
        Rules::IowaDem2020 if contest.kind != ContestKind::SingleChoice => {
            Err(RulesError::NeedsSingleChoice)
        }
        Rules::IowaDem2020 => Ok(()),
    }
}

/// Every delegate allocation the rules allow for `counts` in a precinct electing `delegates`
/// (more than one when lots decide), or why none can be computed.
pub fn allowed_delegates(
    rules: &Rules,
    counts: &[u64],
    delegates: u64,
) -> Result<Vec<Vec<u64>>, RulesError> {
    allocate(rules, counts, delegates).map(|a| a.outcomes)
}
