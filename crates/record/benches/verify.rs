//! Speed of the core's hot paths: one ballot's proofs, a 500-ballot precinct, a 100k-leaf root.

use castcheck_record::elgamal::decode_key;
use castcheck_record::files::{precinct_path, PrecinctFile, CHECKPOINT_PATH, MANIFEST_PATH};
use castcheck_record::manifest::Manifest;
use castcheck_record::{merkle, Driver, FetchProblem, Job};
use castcheck_simulate::{simulate_in_memory, SimulationSpec};
use criterion::{criterion_group, criterion_main, Criterion};

fn benches(c: &mut Criterion) {
    let spec = SimulationSpec {
        voters: 500,
        precincts: 1,
        challenged: 0,
        seed: 1,
        ..SimulationSpec::default()
    };
    let files = simulate_in_memory(&spec).expect("simulates").files;
    let manifest: Manifest = serde_json::from_slice(&files[MANIFEST_PATH]).expect("parses");
    let precinct = manifest.precincts[0].id.clone();
    let path = precinct_path(&precinct);
    let bytes = &files[&path];
    let sealed: castcheck_record::seal::Sealed = serde_json::from_slice(bytes).expect("parses");
    let file: PrecinctFile = serde_json::from_value(sealed.body).expect("parses");
    let ballot = &file.ballots[0].ballot;
    let joint_key = decode_key(&manifest.trustees.joint_key).expect("valid");

    c.bench_function("verify one ballot (6 options)", |b| {
        b.iter(|| {
            ballot
                .verify(&manifest, &joint_key, &precinct)
                .expect("valid")
        })
    });
    // The driver verifies a precinct file in `prepare`, once the manifest and heads are in.
    let mut driver = Driver::new(Job::Audit);
    driver.next_fetches();
    for p in [MANIFEST_PATH, CHECKPOINT_PATH] {
        driver.feed(p, files.get(p).cloned().ok_or(FetchProblem::NotFound));
    }
    let mut group = c.benchmark_group("precinct");
    group.sample_size(10);
    group.bench_function("verify a 500-ballot precinct file", |b| {
        b.iter(|| driver.prepare(&path, Ok(bytes.clone())))
    });
    group.finish();
    let leaves: Vec<_> = (0u32..100_000)
        .map(|i| merkle::leaf_hash(&i.to_be_bytes()))
        .collect();
    c.bench_function("Merkle root of 100k leaves", |b| {
        b.iter(|| merkle::root(&leaves))
    });
}

criterion_group!(verify, benches);
criterion_main!(verify);
