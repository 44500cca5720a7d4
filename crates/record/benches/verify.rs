//! Speed of the core's hot paths: one ballot's proofs alone, a 500-ballot precinct's proofs as one
//! batch, a whole 500-ballot precinct (its file and its proofs file), a 100k-leaf root.

use castcheck_record::ballot::{decode_proofs, transcript, Ballot, DecodedContest};
use castcheck_record::batch::{verify_contest, BatchVerifier};
use castcheck_record::choice::ContestProof;
use castcheck_record::digest::Digest;
use castcheck_record::elgamal::decode_key;
use castcheck_record::files::{
    precinct_path, proofs_path, PrecinctFile, ProofsFile, CHECKPOINT_PATH, MANIFEST_PATH,
};
use castcheck_record::manifest::Manifest;
use castcheck_record::{merkle, Driver, FetchProblem, Job, WorkUnit};
use castcheck_simulate::{simulate_in_memory, SimulationSpec};
use criterion::{criterion_group, criterion_main, Criterion};
use curve25519_dalek::ristretto::RistrettoPoint;
use merlin::Transcript;
use serde::de::DeserializeOwned;

fn body<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let sealed: castcheck_record::seal::Sealed = serde_json::from_slice(bytes).expect("parses");
    serde_json::from_value(sealed.body).expect("parses")
}

/// One ballot, decoded, with its transcript and proofs.
fn decoded(
    manifest: &Manifest,
    fingerprint: &Digest,
    key: &RistrettoPoint,
    ballot: &Ballot,
    proofs: &[String],
) -> (Vec<DecodedContest>, Transcript, Vec<ContestProof>) {
    let contests = ballot.decode(manifest, &ballot.precinct).expect("decodes");
    let t = transcript(
        manifest,
        fingerprint,
        &key.compress(),
        &ballot.precinct,
        &contests,
    );
    (
        contests,
        t,
        decode_proofs(manifest, proofs).expect("decodes"),
    )
}

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
    let fingerprint = manifest.fingerprint().expect("canonical");
    let precinct = manifest.precincts[0].id.clone();
    let (path, proofs) = (precinct_path(&precinct), proofs_path(&precinct));
    let file: PrecinctFile = body(&files[&path]);
    let proof_file: ProofsFile = body(&files[&proofs]);
    let key = decode_key(&manifest.trustees.joint_key)
        .expect("valid")
        .as_element();
    let ballots: Vec<_> = file
        .ballots
        .iter()
        .zip(&proof_file.ballots)
        .map(|(b, p)| decoded(&manifest, &fingerprint, &key, &b.ballot, &p.proofs))
        .collect();

    c.bench_function("one ballot's proofs alone (6 options)", |b| {
        b.iter(|| {
            let (contests, t, proofs) = &ballots[0];
            verify_contest(t, 0, &contests[0].ciphertexts, &proofs[0], &key).expect("entropy")
        })
    });
    let mut group = c.benchmark_group("precinct");
    group.sample_size(10);
    group.bench_function("a 500-ballot precinct's proofs as one batch", |b| {
        b.iter(|| {
            let mut batch = BatchVerifier::new().expect("entropy");
            for (contests, t, proofs) in &ballots {
                batch.add_contest(t, 0, &contests[0].ciphertexts, &proofs[0]);
            }
            assert!(batch.verify(&key));
        })
    });
    // The driver checks a precinct's two files in `prepare_unit`, once the manifest and
    // checkpoint are in.
    let mut driver = Driver::new(Job::Audit);
    driver.next_fetches();
    for p in [MANIFEST_PATH, CHECKPOINT_PATH] {
        driver.feed(p, files.get(p).cloned().ok_or(FetchProblem::NotFound));
    }
    let unit = WorkUnit::Precinct {
        ballots: path.clone(),
        proofs: proofs.clone(),
    };
    group.bench_function("a 500-ballot precinct: its file and its proofs file", |b| {
        b.iter(|| {
            driver.prepare_unit(&unit, |p| {
                files.get(p).cloned().ok_or(FetchProblem::NotFound)
            })
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
