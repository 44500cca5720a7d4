//! Hostile numbers in rules and counts: each gives a typed error or an exact answer, never a
//! panic, a wrapped value or a loop that does not end.

use castcheck_record::caucus::number::{format_ratio, NumberError};
use castcheck_record::caucus::{allocate, allocate_alignments, Fixed, Fraction, Rules, RulesError};
use castcheck_record::manifest::{Contest, ContestKind};
use castcheck_record::{allowed_delegates, validate_rules};

fn proportional(percent: &str) -> Rules {
    serde_json::from_value(serde_json::json!({
        "kind": "proportional",
        "viability_percent": percent,
    }))
    .expect("rules parse")
}

fn contest() -> Contest {
    Contest {
        id: "c".into(),
        title: "C".into(),
        kind: ContestKind::SingleChoice,
        options: vec![],
        rules: Rules::Plurality,
    }
}

#[test]
fn a_tiny_viability_percent_is_exact_and_quick() {
    // 1/1048576 % needs 20 decimal places: 10^20 overflowed u64 when it was displayed. More
    // than the 9 places a percentage may be written with, so it shows as a fraction.
    let rules = proportional("1/1048576");
    assert_eq!(validate_rules(&rules, &contest()), Ok(()));
    let Rules::Proportional {
        viability_percent, ..
    } = &rules
    else {
        unreachable!()
    };
    assert_eq!(viability_percent.to_string(), "1/1048576");
    assert_eq!(Fraction::new(1, 512).unwrap().to_string(), "0.001953125");
    // Threshold ceil(1000001 × 1/104857600) = 1: both options are viable; 10 delegates split
    // 1000000 : 1 of 1000001 → 9.99999 → 10 and 0.00001 → 0.
    let a = allocate(&rules, &[1_000_000, 1], 10).unwrap();
    assert_eq!(a.viability_threshold, Some(1));
    assert_eq!(a.outcomes, vec![vec![10, 0]]);
    // The rule still serializes and reads back as the same fraction.
    let back: Rules = serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
    assert_eq!(back, rules);
}

#[test]
fn fractions_whose_decimal_does_not_fit_print_as_fractions() {
    // 2^40: 10^40 does not fit in u128.
    let f = Fraction::new(1, 1 << 40).unwrap();
    assert_eq!(f.to_string(), "1/1099511627776");
    // Half of u64::MAX: one decimal place, but num × 10 does not fit (nor would it parse).
    let f = Fraction::new(u64::MAX, 2).unwrap();
    assert_eq!(f.to_string(), format!("{}/2", u64::MAX));
    assert_eq!(Fraction::parse(&f.to_string()), Ok(f));
    let f = Fraction::new(u64::MAX / 10, 2).unwrap();
    assert_eq!(Fraction::parse(&f.to_string()), Ok(f));
}

#[test]
fn viability_above_100_percent_is_a_rules_error() {
    // num > 100 × den with den near u64::MAX: 100 × den overflowed u64.
    let percent = format!("{}/{}", u64::MAX, u64::MAX / 101);
    let rules = proportional(&percent);
    let expected = RulesError::ViabilityOver100 {
        percent: Fraction::parse(&percent).unwrap(),
    };
    assert_eq!(validate_rules(&rules, &contest()), Err(expected.clone()));
    // allocate checks it too, for callers that skip validation.
    assert_eq!(allowed_delegates(&rules, &[5, 5], 2), Err(expected.clone()));
    assert!(expected.to_string().contains("is impossible"), "{expected}");
    let json = serde_json::to_value(&expected).unwrap();
    assert_eq!(json["kind"], "viability-over-100");
    assert_eq!(
        serde_json::from_value::<RulesError>(json).unwrap(),
        expected
    );
}

#[test]
fn caucus_rules_on_an_approval_contest_are_a_rules_error() {
    let mut c = contest();
    c.kind = ContestKind::Approval;
    assert_eq!(
        validate_rules(&Rules::IowaDem2020, &c),
        Err(RulesError::NeedsSingleChoice)
    );
}

#[test]
fn counts_near_u64_max_give_errors_not_panics() {
    // The sum of the counts overflows.
    assert_eq!(
        allowed_delegates(&Rules::IowaDem2020, &[u64::MAX, 1], 4),
        Err(RulesError::CountsTooLarge)
    );
    assert_eq!(
        allowed_delegates(&Rules::Plurality, &[u64::MAX, u64::MAX], 1),
        Err(RulesError::CountsTooLarge)
    );
    assert_eq!(
        allowed_delegates(&proportional("15"), &[u64::MAX, 1], 4),
        Err(RulesError::CountsTooLarge)
    );
    // count × delegates overflows (it was truncated to u64 before).
    let count = u64::MAX - 1;
    assert_eq!(
        allowed_delegates(&Rules::IowaDem2020, &[count, 1], 4),
        Err(RulesError::QuotaTooLarge {
            count,
            delegates: 4
        })
    );
    // More delegates than a signed change can carry.
    assert_eq!(
        allowed_delegates(&Rules::Plurality, &[3, 1], u64::MAX),
        Err(RulesError::DelegatesTooLarge {
            delegates: u64::MAX
        })
    );
    // A near-maximum count whose sum fits is plain arithmetic.
    assert_eq!(
        allowed_delegates(&Rules::Plurality, &[u64::MAX, 0], 1),
        Ok(vec![vec![1, 0]])
    );
}

#[test]
fn final_counts_far_above_the_attendance_stop_instead_of_adjusting_forever() {
    // 2 attendees, 4 delegates, threshold 1: each final group of 10^6 has quota 2 000 000, so
    // rounding gives 4 000 000 delegates; removing them one by one would take millions of steps.
    assert_eq!(
        allocate_alignments(&Rules::IowaDem2020, &[1, 1], &[1_000_000, 1_000_000], 4),
        Err(RulesError::RoundedTooFar {
            rounded: 4_000_000,
            delegates: 4
        })
    );
    // Near u64::MAX the loop would have run for ever (and the key overflowed i128).
    let big = u64::MAX / 4;
    assert_eq!(
        allocate_alignments(&Rules::IowaDem2020, &[1], &[big], 4),
        Err(RulesError::RoundedTooFar {
            rounded: big * 4,
            delegates: 4
        })
    );
    // A small excess (final exceeds first by one person) is still adjusted as the rules say:
    // first 10, final 6 + 5 = 11, 2 delegates: 6×2/10 = 1.2 → 1, 5×2/10 = 1 → 1.
    let a = allocate_alignments(&Rules::IowaDem2020, &[5, 5], &[6, 5], 2).unwrap();
    assert_eq!(a.outcomes, vec![vec![1, 1]]);
}

#[test]
fn number_parse_errors_are_typed() {
    assert_eq!(Fraction::parse(""), Err(NumberError::Empty));
    assert_eq!(
        Fraction::parse("1e3"),
        Err(NumberError::NotANumber { text: "1e3".into() })
    );
    assert_eq!(
        Fraction::parse("99999999999999999999"),
        Err(NumberError::TooLarge {
            text: "99999999999999999999".into()
        })
    );
    assert_eq!(
        Fraction::parse("1.0000000001"),
        Err(NumberError::TooManyDecimals {
            text: "1.0000000001".into(),
            max: 9
        })
    );
    assert_eq!(
        Fixed::parse("1234567890123456.5"),
        Err(NumberError::TooLarge {
            text: "1234567890123456.5".into()
        })
    );
    assert_eq!(
        Fixed::parse("-1"),
        Err(NumberError::NotANumber { text: "-1".into() })
    );
    let e = NumberError::TooLarge { text: "9".into() };
    assert_eq!(e.to_string(), "number too large: \"9\"");
}

#[test]
fn fixed_and_ratio_arithmetic_is_checked() {
    let big = Fixed::parse("999999999999999").unwrap();
    assert_eq!(big.mul_div(u64::MAX, 1), None);
    assert_eq!(Fixed(u128::MAX).checked_add(Fixed(1)), None);
    // Half up, without doubling the numerator.
    assert_eq!(Fixed(5).mul_div(1, 2), Some(Fixed(3)));
    assert_eq!(
        Fixed(u128::MAX).mul_div(1, 2),
        Some(Fixed(u128::MAX / 2 + 1))
    );
    assert_eq!(format_ratio(2, 3, 3), "0.667");
    assert_eq!(format_ratio(19995, 10000, 3), "2.000");
    assert_eq!(format_ratio(u128::MAX, 1, 2), format!("{}.00", u128::MAX));
    assert_eq!(format_ratio(u128::MAX, u128::MAX - 1, 3), "1.000");
    assert_eq!(format_ratio(1, 0, 3), "undefined");
}
