//! The audit over the real Iowa 2020 published results (fixtures in `fixtures/iowa-2020/`).

use castcheck_record::caucus::audit::{audit_results_table, FindingKind};

const RESULTS: &str = include_str!("fixtures/iowa-2020/idp-2020-02-08-results.csv");
const DELEGATES: &str = include_str!("fixtures/iowa-2020/precinct-delegates.csv");

#[test]
fn print_real_audit() {
    let t = std::time::Instant::now();
    let audit = audit_results_table(RESULTS, DELEGATES).expect("tables parse");
    let el = t.elapsed();
    println!("{}", audit.render_text());
    println!("elapsed {el:?}");
    let _ = FindingKind::ALL;
}
