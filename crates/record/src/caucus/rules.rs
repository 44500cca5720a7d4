//! Tally rules expressed as data.
//!
//! A [`Rules`] value is plain, serde-serializable and float-free, so another party's rules can be
//! written down in JSON, e.g.
//!
//! ```json
//! {"kind": "plurality"}
//! {"kind": "proportional", "viability_percent": "15"}
//! {"kind": "proportional", "viability_percent": "50/3", "quota_base": "all-counted", "method": "largest-remainder"}
//! {"kind": "iowa-dem-2020"}
//! ```
//!
//! See `docs/caucus-rules.md` for the sources and the readings chosen where the rule text is
//! ambiguous.

use super::number::Fraction;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why rules cannot be applied to a contest or to its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RulesError {
    /// A viability threshold above 100 % of the support.
    #[serde(rename = "viability-over-100")]
    ViabilityOver100 {
        /// The threshold given, in percent.
        percent: Fraction,
    },
    /// Caucus rules applied to a contest that is not single-choice.
    NeedsSingleChoice,
    /// First and final alignments have different numbers of options.
    LengthMismatch {
        /// Options in the first alignment.
        first: usize,
        /// Options in the final alignment.
        final_: usize,
    },
    /// A tie would have to be drawn among so many options that the outcomes cannot be listed.
    TooManyOutcomes {
        /// Options tied.
        tied: usize,
        /// How many of them the lot would pick.
        chosen: u64,
    },
    /// The counts add up to more than the largest whole number castcheck computes with.
    CountsTooLarge,
    /// One option's `count × delegates` does not fit in a whole number.
    QuotaTooLarge {
        /// The option's count.
        count: u64,
        /// Delegates to allocate.
        delegates: u64,
    },
    /// More delegates than castcheck computes with (an adjustment of that size).
    DelegatesTooLarge {
        /// Delegates to allocate.
        delegates: u64,
    },
    /// Rounding gives so many delegates more or fewer than are elected (counts far above the
    /// attendance) that adjusting one at a time would not end.
    RoundedTooFar {
        /// Delegates after rounding.
        rounded: u64,
        /// Delegates elected.
        delegates: u64,
    },
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::text::{English, Wording};
        f.write_str(&English.rules_error(self))
    }
}

impl std::error::Error for RulesError {}

/// How a set of counts becomes delegates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Rules {
    /// Every delegate goes to the option with the most support (winner takes all); a tie for the
    /// top is decided by lot. With one delegate this is a plain plurality count.
    Plurality,
    /// Proportional allocation among options that reach a viability threshold (as in primaries).
    Proportional {
        /// Viability threshold as a percentage of all counted support ("15", "16.5", "50/3").
        /// An option is viable when its count is at least `ceil(total × percent / 100)` (and > 0).
        viability_percent: Fraction,
        /// What the delegate formula divides by.
        #[serde(default)]
        quota_base: QuotaBase,
        /// How fractional delegates are rounded.
        #[serde(default)]
        method: RoundingMethod,
    },
    /// Iowa Democratic Party 2020 precinct caucus rules (county-convention delegates from the first
    /// and final alignments; viability by precinct size; delegate formula with rounding and
    /// add/remove adjustments; ties by lot). SDEs are derived from each precinct's SDE weight.
    #[serde(rename = "iowa-dem-2020")]
    IowaDem2020,
}

/// The divisor in `count × delegates ÷ base`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum QuotaBase {
    /// Total support of viable options only (shares re-tabulated among viable options; the DNC
    /// primary method).
    #[default]
    ViableOnly,
    /// Total of all counted support, viable or not (caucus style: all attendees).
    AllCounted,
}

/// How the fractional delegate quotas are turned into whole delegates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingMethod {
    /// Round each quota to the nearest whole number (.5 rounds up); then, if too few delegates
    /// were awarded, give one more to the option(s) with the largest decimal remainder; if too
    /// many, take one from the option(s) whose quota was rounded up the most (lowest decimal
    /// above .5), never taking an option's only delegate while another can give one.
    #[default]
    RoundHalfUpAdjusted,
    /// Hamilton / largest remainder: every option gets the whole part of its quota; the remaining
    /// delegates go one each to the largest remainders.
    LargestRemainder,
}

impl Rules {
    /// A stable short id: `plurality`, `proportional`, `iowa-dem-2020`.
    pub fn id(&self) -> &'static str {
        match self {
            Rules::Plurality => "plurality",
            Rules::Proportional { .. } => "proportional",
            Rules::IowaDem2020 => "iowa-dem-2020",
        }
    }

    /// Looks rules up by the id used on the command line (`--rules iowa-dem-2020`). Only rules
    /// without parameters have a bare id; `proportional-15` is accepted as 15 % viability with the
    /// default quota base and rounding.
    pub fn from_id(id: &str) -> Option<Rules> {
        match id {
            "plurality" => Some(Rules::Plurality),
            "iowa-dem-2020" => Some(Rules::IowaDem2020),
            _ => {
                let pct = id.strip_prefix("proportional-")?;
                Some(Rules::Proportional {
                    viability_percent: Fraction::parse(pct).ok()?,
                    quota_base: QuotaBase::default(),
                    method: RoundingMethod::default(),
                })
            }
        }
    }

    /// One-line description.
    pub fn describe(&self) -> String {
        match self {
            Rules::Plurality => {
                "plurality: all delegates to the option with the most support".into()
            }
            Rules::Proportional {
                viability_percent,
                quota_base,
                method,
            } => format!(
                "proportional: {viability_percent}% viability, quota base {}, {}",
                match quota_base {
                    QuotaBase::ViableOnly => "viable options' total",
                    QuotaBase::AllCounted => "all counted",
                },
                match method {
                    RoundingMethod::RoundHalfUpAdjusted => "round half up with adjustments",
                    RoundingMethod::LargestRemainder => "largest remainder",
                }
            ),
            Rules::IowaDem2020 => "Iowa Democratic Party 2020 precinct caucus rules".into(),
        }
    }
}

/// The Iowa 2020 viability threshold for a precinct electing `delegates` with `participants`
/// eligible caucus-goers in the first alignment, rounded up to a whole person.
///
/// `None` for one-delegate precincts (no threshold: the largest group wins) and for zero delegates.
pub fn iowa_viability_threshold(delegates: u64, participants: u64) -> Option<u64> {
    let pct = iowa_viability_fraction(delegates)?;
    // The fraction is at most 1/4, so the threshold is at most `participants`.
    u64::try_from(pct.ceil_mul(participants)).ok()
}

/// The Iowa 2020 viability fraction (of participants) by precinct size: 2 delegates 1/4, 3
/// delegates 1/6, 4 or more 15/100; none for 0 or 1.
pub fn iowa_viability_fraction(delegates: u64) -> Option<Fraction> {
    match delegates {
        0 | 1 => None,
        2 => Fraction::new(1, 4),
        3 => Fraction::new(1, 6),
        _ => Fraction::new(15, 100),
    }
}
