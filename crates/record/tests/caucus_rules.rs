//! Hand-computed cases for every rule path of `caucus::allocate`.

use castcheck_record::caucus::allocate::{AllocationNote, Step};
use castcheck_record::caucus::rules::{iowa_viability_threshold, QuotaBase, RoundingMethod};
use castcheck_record::caucus::sde::state_delegate_equivalents;
use castcheck_record::caucus::text::{explain, tie_note, English};
use castcheck_record::caucus::{allocate, allocate_alignments, Fixed, Fraction, Rules, RulesError};

fn iowa(first: &[u64], final_: &[u64], delegates: u64) -> castcheck_record::caucus::Allocation {
    allocate_alignments(&Rules::IowaDem2020, first, final_, delegates).unwrap()
}

fn only(a: &castcheck_record::caucus::Allocation) -> Vec<u64> {
    assert!(a.tie_notes.is_empty(), "unexpected tie: {:?}", a.tie_notes);
    a.unique().expect("one outcome").to_vec()
}

// ---- viability by precinct size -------------------------------------------------------------

#[test]
fn viability_thresholds_by_size() {
    assert_eq!(iowa_viability_threshold(1, 50), None);
    assert_eq!(iowa_viability_threshold(0, 50), None);
    // two delegates: 25 %, rounded up
    assert_eq!(iowa_viability_threshold(2, 20), Some(5));
    assert_eq!(iowa_viability_threshold(2, 21), Some(6)); // 5.25 → 6
                                                          // three delegates: one sixth, rounded up
    assert_eq!(iowa_viability_threshold(3, 12), Some(2));
    assert_eq!(iowa_viability_threshold(3, 13), Some(3)); // 2.17 → 3
                                                          // four or more: 15 %, rounded up
    assert_eq!(iowa_viability_threshold(4, 20), Some(3));
    assert_eq!(iowa_viability_threshold(8, 40), Some(6));
    assert_eq!(iowa_viability_threshold(10, 34), Some(6)); // 5.1 → 6
    assert_eq!(iowa_viability_threshold(10, 72), Some(11)); // 10.8 → 11
}

#[test]
fn one_delegate_goes_to_the_largest_final_group() {
    let a = iowa(&[5, 3, 2], &[5, 4, 0], 1);
    assert_eq!(a.viability_threshold, None);
    assert_eq!(only(&a), vec![1, 0, 0]);
    // even a small group may win it: no threshold with one delegate
    let a = iowa(&[1, 1, 1], &[1, 0, 2], 1);
    assert_eq!(only(&a), vec![0, 0, 1]);
}

#[test]
fn one_delegate_tie_is_a_coin_toss() {
    let a = iowa(&[4, 4, 1], &[4, 4, 1], 1);
    assert_eq!(a.outcomes, vec![vec![1, 0, 0], vec![0, 1, 0]]);
    assert!(a.is_allowed(&[0, 1, 0]));
    assert!(!a.is_allowed(&[0, 0, 1]));
    assert_eq!(a.tie_notes.len(), 1);
    assert_eq!(a.tie_notes[0].step, Step::LargestGroup);
    assert_eq!(a.tie_notes[0].options, vec![0, 1]);
    let text = tie_note(
        &English,
        &a.tie_notes[0],
        &["A".into(), "B".into(), "C".into()],
    );
    assert!(
        text.contains("coin toss") && text.contains("A and B"),
        "{text}"
    );
}

#[test]
fn two_delegates_25_percent() {
    // 20 participants → threshold 5: 11 and 5 viable, 4 not. 11×2/20 = 1.1 → 1, 5×2/20 = 0.5 → 1.
    let a = iowa(&[11, 5, 4], &[11, 5, 4], 2);
    assert_eq!(a.viability_threshold, Some(5));
    assert_eq!(a.viable, vec![true, true, false]);
    assert_eq!(only(&a), vec![1, 1, 0]);
    // 21 participants → threshold 6: the 5-group is not viable; 12×2/21 = 1.14 → 1, then the
    // remaining delegate goes to the only viable group.
    let a = iowa(&[12, 5, 4], &[12, 5, 4], 2);
    assert_eq!(a.viability_threshold, Some(6));
    assert_eq!(only(&a), vec![2, 0, 0]);
}

#[test]
fn three_delegates_one_sixth() {
    // 13 participants → threshold 3. 8×3/13 = 1.846 → 2, 3×3/13 = 0.692 → 1.
    let a = iowa(&[8, 3, 2], &[8, 3, 2], 3);
    assert_eq!(a.viability_threshold, Some(3));
    assert_eq!(only(&a), vec![2, 1, 0]);
    // 9×3/13 = 2.077 → 2; 2 < 3 not viable; the third delegate goes to the largest remainder.
    let a = iowa(&[9, 2, 2], &[9, 2, 2], 3);
    assert_eq!(only(&a), vec![3, 0, 0]);
}

#[test]
fn four_or_more_15_percent_boundary() {
    // 20 participants → threshold 3 (exactly 15 %): 3 is viable, 2 is not.
    let a = iowa(&[10, 5, 3, 2], &[10, 5, 3, 2], 4);
    assert_eq!(a.viability_threshold, Some(3));
    assert_eq!(a.viable, vec![true, true, true, false]);
    // 10×4/20 = 2, 5×4/20 = 1, 3×4/20 = 0.6 → 1.
    assert_eq!(only(&a), vec![2, 1, 1, 0]);
}

// ---- the delegate formula: rounding -----------------------------------------------------------

#[test]
fn rounds_to_nearest() {
    // 5 delegates, 100 participants: 2.25 → 2 (down), 1.75 → 2 (up), 1.0 → 1.
    let a = iowa(&[45, 35, 20], &[45, 35, 20], 5);
    assert_eq!(only(&a), vec![2, 2, 1]);
    assert!(a.adjustments.is_empty());
    let q = a.quotas[1].as_ref().unwrap();
    assert_eq!((q.numerator, q.base, q.rounded), (175, 100, 2));
}

#[test]
fn exactly_half_rounds_up_and_only_delegate_is_kept() {
    // 3 delegates, 12 participants: 6×3/12 = 1.5 → 2, 4×3/12 = 1.0 → 1, 2×3/12 = 0.5 → 1; sum 4.
    // Too many: the lowest decimals rounded up are 1.5 and 0.5 (both rounded up by .5), but the
    // 0.5 group cannot lose its only delegate, so the 1.5 group loses one.
    let a = iowa(&[6, 4, 2], &[6, 4, 2], 3);
    assert_eq!(only(&a), vec![1, 1, 1]);
    assert_eq!(a.adjustments.len(), 1);
    assert_eq!(a.adjustments[0].option, 0);
    assert_eq!(a.adjustments[0].step, Step::RemoveFromMostRoundedUp);
}

#[test]
fn under_allocation_adds_to_largest_remainder() {
    // Black Hawk WL 4-6 without the error: 5 delegates, 34 participants, threshold 6.
    // Sanders 14×5/34 = 2.059 → 2, Steyer 6×5/34 = 0.882 → 1, Warren 9×5/34 = 1.324 → 1; sum 4.
    // Largest decimal rounded down: Warren (.324 > .059) → 2.
    let first = [5, 14, 3, 8, 4];
    let final_ = [5, 14, 6, 9, 0];
    let a = iowa(&first, &final_, 5);
    assert_eq!(a.viability_threshold, Some(6));
    assert_eq!(only(&a), vec![0, 2, 1, 2, 0]);
    assert_eq!(a.adjustments.len(), 1);
    assert_eq!(a.adjustments[0].option, 3);
    assert_eq!(a.adjustments[0].step, Step::AddToLargestRemainder);
}

#[test]
fn under_allocation_when_people_left_adds_several() {
    // 40 came, 20 left after the first alignment; 6 delegates; the formula divides by the 40.
    // 10×6/40 = 1.5 → 2 each; sum 4; two more delegates for the two (tied) remainders: no lot
    // needed because both get one.
    let a = iowa(&[10, 10, 20], &[10, 10, 0], 6);
    assert_eq!(only(&a), vec![3, 3, 0]);
    assert_eq!(a.adjustments.len(), 2);
}

#[test]
fn over_allocation_removes_from_lowest_decimal_rounded_up() {
    // 9 delegates, 31 participants: 9×9/31 = 2.613 → 3, 7×9/31 = 2.032 → 2, 15×9/31 = 4.355 → 4: 9.
    let a = iowa(&[9, 7, 15], &[9, 7, 15], 9);
    assert_eq!(only(&a), vec![3, 2, 4]);
    // 7 delegates, 20 participants: 7×7/20 = 2.45 → 2, 7 → 2, 6×7/20 = 2.1 → 2: 6 → add one to
    // a .45 remainder: tie between the two 7s → coin toss.
    let a = iowa(&[7, 7, 6], &[7, 7, 6], 7);
    assert_eq!(a.outcomes, vec![vec![3, 2, 2], vec![2, 3, 2]]);
    assert_eq!(a.tie_notes[0].step, Step::AddToLargestRemainder);
}

#[test]
fn over_allocation_tie_is_a_coin_toss() {
    // Adair 1NW ADAIR, as published: 8 delegates, 40 participants, threshold 6.
    // Biden 6×8/40 = 1.2 → 1; Buttigieg and Klobuchar 8×8/40 = 1.6 → 2; Sanders and Warren
    // 9×8/40 = 1.8 → 2; sum 9. One too many: the lowest decimal rounded up is .6 (Buttigieg,
    // Klobuchar, tied) → coin toss. The party published Buttigieg 1, Klobuchar 2.
    let counts = [6, 8, 8, 9, 9];
    let a = iowa(&counts, &counts, 8);
    assert_eq!(a.outcomes, vec![vec![1, 1, 2, 2, 2], vec![1, 2, 1, 2, 2]]);
    assert!(a.is_allowed(&[1, 1, 2, 2, 2]));
    assert!(a.decided_by_lot());
    assert_eq!(a.tie_notes[0].step, Step::RemoveFromMostRoundedUp);
    assert_eq!(a.tie_notes[0].options, vec![1, 2]);
    assert_eq!(a.tie_notes[0].chosen, 1);
    let names: Vec<String> = ["Biden", "Buttigieg", "Klobuchar", "Sanders", "Warren"]
        .map(String::from)
        .to_vec();
    let text = explain(&English, &a, &names);
    assert!(text.contains("Buttigieg 8×8/40 = 1.600 → 2"), "{text}");
    assert!(text.contains("Rules allow (by lot)"), "{text}");
}

#[test]
fn more_viable_groups_than_delegates_smallest_loses_its_only_delegate() {
    // Guthrie Red: 2 delegates, 20 participants, threshold 5; final 8, 7, 5:
    // 0.8 → 1, 0.7 → 1, 0.5 → 1; sum 3 and nobody has two: the group rounded up the most (0.5)
    // loses its only delegate.
    let a = iowa(&[6, 7, 4, 3], &[8, 7, 5, 0], 2);
    assert_eq!(only(&a), vec![1, 1, 0, 0]);
    assert_eq!(a.adjustments[0].step, Step::RemoveOnlyDelegate);
    // Tied smallest groups → coin toss.
    let a = iowa(&[5, 5, 5], &[5, 5, 5], 2);
    assert_eq!(a.outcomes.len(), 3);
}

#[test]
fn nobody_viable_or_nobody_present() {
    let a = iowa(
        &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2],
        &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        7,
    );
    assert_eq!(only(&a), vec![0; 11]);
    assert_eq!(
        a.notes,
        vec![AllocationNote::NoViableOption { delegates: 7 }]
    );
    let a = iowa(&[0, 0], &[0, 0], 3);
    assert_eq!(only(&a), vec![0, 0]);
    let a = iowa(&[3, 4], &[3, 4], 0);
    assert_eq!(only(&a), vec![0, 0]);
}

#[test]
fn single_alignment_entry_point_and_length_check() {
    let a = allocate(&Rules::IowaDem2020, &[6, 8, 8, 9, 9], 8).unwrap();
    assert_eq!(a.outcomes.len(), 2);
    assert_eq!(
        allocate_alignments(&Rules::IowaDem2020, &[1, 2], &[1], 2),
        Err(RulesError::LengthMismatch {
            first: 2,
            final_: 1
        })
    );
}

// ---- plurality and proportional ---------------------------------------------------------------

#[test]
fn plurality_winner_takes_all() {
    let a = allocate(&Rules::Plurality, &[3, 5, 2], 4).unwrap();
    assert_eq!(only(&a), vec![0, 4, 0]);
    let a = allocate(&Rules::Plurality, &[5, 5, 2], 1).unwrap();
    assert_eq!(a.outcomes, vec![vec![1, 0, 0], vec![0, 1, 0]]);
    let a = allocate(&Rules::Plurality, &[0, 0], 1).unwrap();
    assert_eq!(only(&a), vec![0, 0]);
}

#[test]
fn proportional_primary_style() {
    // 15 % of 100 = 15: 50 and 30 viable; shares among viable (80): 6.25 → 6, 3.75 → 4.
    let rules = Rules::Proportional {
        viability_percent: Fraction::whole(15),
        quota_base: QuotaBase::ViableOnly,
        method: RoundingMethod::RoundHalfUpAdjusted,
    };
    let a = allocate(&rules, &[50, 30, 12, 8], 10).unwrap();
    assert_eq!(a.viability_threshold, Some(15));
    assert_eq!(only(&a), vec![6, 4, 0, 0]);
}

#[test]
fn proportional_largest_remainder() {
    // 7 delegates over 100: 3.5, 2.1, 1.4 → floors 3, 2, 1 = 6; the largest remainder (.5) gets one.
    let rules = Rules::Proportional {
        viability_percent: Fraction::whole(0),
        quota_base: QuotaBase::AllCounted,
        method: RoundingMethod::LargestRemainder,
    };
    let a = allocate(&rules, &[50, 30, 20], 7).unwrap();
    assert_eq!(only(&a), vec![4, 2, 1]);
}

// ---- rules as data ------------------------------------------------------------------------------

#[test]
fn rules_are_json_without_floats() {
    let r: Rules =
        serde_json::from_str(r#"{"kind":"proportional","viability_percent":"15"}"#).unwrap();
    assert_eq!(
        r,
        Rules::Proportional {
            viability_percent: Fraction::whole(15),
            quota_base: QuotaBase::ViableOnly,
            method: RoundingMethod::RoundHalfUpAdjusted
        }
    );
    let r: Rules = serde_json::from_str(
        r#"{"kind":"proportional","viability_percent":"50/3","quota_base":"all-counted","method":"largest-remainder"}"#,
    )
    .unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"proportional","viability_percent":"50/3","quota_base":"all-counted","method":"largest-remainder"}"#
    );
    assert_eq!(
        serde_json::to_string(&Rules::IowaDem2020).unwrap(),
        r#"{"kind":"iowa-dem-2020"}"#
    );
    assert_eq!(
        serde_json::to_string(&Rules::Plurality).unwrap(),
        r#"{"kind":"plurality"}"#
    );
    assert!(
        serde_json::from_str::<Rules>(r#"{"kind":"proportional","viability_percent":15.0}"#)
            .is_err()
    );
    assert_eq!(Rules::from_id("iowa-dem-2020"), Some(Rules::IowaDem2020));
    assert!(Rules::from_id("proportional-15").is_some());
    assert_eq!(Rules::from_id("nope"), None);
    // Allocations serialize as integers and strings only.
    let a = allocate(&Rules::IowaDem2020, &[6, 8, 8, 9, 9], 8).unwrap();
    let v = serde_json::to_value(&a).unwrap();
    fn no_floats(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Number(n) => n.is_u64() || n.is_i64(),
            serde_json::Value::Array(a) => a.iter().all(no_floats),
            serde_json::Value::Object(o) => o.values().all(no_floats),
            _ => true,
        }
    }
    assert!(no_floats(&v));
}

#[test]
fn state_delegate_equivalents_from_weight() {
    // Adair 1NW ADAIR: weight 32/51, 8 delegates → 4/51 = 0.0784 per delegate.
    let w = Fixed::parse("0.6274509803921569").unwrap();
    let s = state_delegate_equivalents(&[1, 1, 2, 2, 2], 8, w).unwrap();
    let shown: Vec<String> = s.iter().map(|x| x.display(4)).collect();
    assert_eq!(shown, ["0.0784", "0.0784", "0.1569", "0.1569", "0.1569"]);
}
