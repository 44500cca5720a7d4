//! Speed of the core's hot paths: one ballot's proofs, a 500-ballot precinct, a 100k-leaf root.

use castcheck_record::files::{precinct_path, PrecinctFile, HEADS_PATH, MANIFEST_PATH};
use castcheck_record::merkle;
use castcheck_record::report::Findings;
use castcheck_record::verify::{verify_precinct, ElectionContext};
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
    let (files, _) = simulate_in_memory(&spec).expect("simulates");
    let ctx = ElectionContext::load(
        &files[MANIFEST_PATH],
        &files[HEADS_PATH],
        &mut Findings::default(),
    )
    .expect("valid");
    let precinct = ctx.manifest.precincts[0].id.clone();
    let bytes = &files[&precinct_path(&precinct)];
    let file: PrecinctFile = serde_json::from_slice(bytes).expect("parses");
    let ballot = &file.ballots[0].ballot;

    c.bench_function("verify one ballot (6 options)", |b| {
        b.iter(|| {
            ballot
                .verify(&ctx.manifest, ctx.joint_key(), &precinct)
                .expect("valid")
        })
    });
    let mut group = c.benchmark_group("precinct");
    group.sample_size(10);
    group.bench_function("verify a 500-ballot precinct file", |b| {
        b.iter(|| {
            verify_precinct(&ctx, &precinct, bytes, &mut Findings::default()).expect("verifies")
        })
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
