//! A small simulated election shared by the integration tests.

use std::collections::BTreeMap;

use castcheck_simulate::{simulate_in_memory, Receipt, SimulationSpec};

pub fn small_spec() -> SimulationSpec {
    SimulationSpec {
        voters: 40,
        precincts: 3,
        trustees: 3,
        threshold: 2,
        challenged: 3,
        seed: 7,
        ..SimulationSpec::default()
    }
}

pub fn small_record() -> (BTreeMap<String, Vec<u8>>, Vec<Receipt>) {
    simulate_in_memory(&small_spec()).expect("the small spec simulates")
}
