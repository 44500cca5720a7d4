//! Caucus and primary tally rules (owned by the results-audit work).
