//! Ballot proofs in commitment form (spec §5.2): the known-answer vectors that the independent
//! Python verifier computed (`python3 scripts/spec-example.py --write-vectors`), and every byte of
//! a batch's proofs flipped.
#![cfg(not(target_arch = "wasm32"))]

use base64ct::{Base64UrlUnpadded, Encoding};
use castcheck_record::ballot::{decode_proofs, transcript, Ballot, DecodedContest};
use castcheck_record::batch::{verify_contest, BatchVerifier};
use castcheck_record::choice::{decode_proof, ContestProof};
use castcheck_record::digest::Digest;
use castcheck_record::manifest::{ContestKind, Manifest};
use castcheck_simulate::Encryptor;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::{json, Value};

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/ballot-proofs.json")).unwrap()
}

fn b64(s: &Value) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(s.as_str().unwrap()).unwrap()
}

/// A manifest with the vectors' contests (the other members are not used by proofs).
fn manifest(v: &Value) -> Manifest {
    let contests: Vec<Value> = v["contests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let options: Vec<Value> = (0..c["options"].as_u64().unwrap())
                .map(|i| json!({"id": format!("option-{i}"), "name": format!("Option {i}")}))
                .collect();
            json!({"id": c["id"], "title": c["id"], "kind": c["kind"], "options": options,
                   "rules": {"kind": "plurality"}})
        })
        .collect();
    serde_json::from_value(json!({
        "format": "castcheck-record/2", "election_id": "vectors", "title": "Vectors",
        "authority": {"name": "Test", "signing_key": "00".repeat(32)},
        "contests": contests, "counties": [], "precincts": [],
        "trustees": {"threshold": 1, "trustees": [], "joint_key": v["key"]},
        "verifier_url": "https://example.org/", "voting_opens": 0, "voting_closes": 0
    }))
    .unwrap()
}

fn election(v: &Value) -> Digest {
    Digest::from_hex(v["election"].as_str().unwrap()).unwrap()
}

fn key(v: &Value) -> RistrettoPoint {
    CompressedRistretto::from_slice(&b64(&v["key"]))
        .unwrap()
        .decompress()
        .unwrap()
}

fn selections(v: &Value) -> Vec<Vec<usize>> {
    serde_json::from_value(v["selections"].clone()).unwrap()
}

/// One ballot's contests and proofs, decoded, with its transcript.
struct Posted {
    contests: Vec<DecodedContest>,
    proofs: Vec<String>,
    transcript: Transcript,
}

fn posted(
    m: &Manifest,
    fp: &Digest,
    key: &RistrettoPoint,
    ballot: &Ballot,
    proofs: &[String],
) -> Posted {
    let contests = ballot.decode(m, &ballot.precinct).unwrap();
    let transcript = transcript(m, fp, &key.compress(), &ballot.precinct, &contests);
    Posted {
        contests,
        proofs: proofs.to_vec(),
        transcript,
    }
}

fn batch_holds(posted: &[Posted], m: &Manifest, key: &RistrettoPoint) -> bool {
    let mut batch = BatchVerifier::new().unwrap();
    for p in posted {
        let Ok(proofs) = decode_proofs(m, &p.proofs) else {
            return false;
        };
        for (k, (c, proof)) in p.contests.iter().zip(&proofs).enumerate() {
            batch.add_contest(&p.transcript, k as u64, &c.ciphertexts, proof);
        }
    }
    batch.verify(key)
}

#[test]
fn the_prover_reproduces_the_known_answers() {
    let v = vectors();
    let m = manifest(&v);
    let mut nonces = v["nonces"].as_array().unwrap().iter().map(|n| {
        let bytes: [u8; 32] = hex::decode(n.as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        Scalar::from_canonical_bytes(bytes).unwrap()
    });
    let encrypted = Encryptor::new(key(&v)).encrypt_with(
        &m,
        &election(&v),
        v["precinct"].as_str().unwrap(),
        &selections(&v),
        &mut || {
            nonces
                .next()
                .expect("as many nonces as the spec's order uses")
        },
    );
    assert!(nonces.next().is_none(), "every nonce is used");
    let ciphertexts: Vec<&str> = encrypted
        .ballot
        .contests
        .iter()
        .map(|c| c.ciphertexts.as_str())
        .collect();
    let expected: Vec<&str> = v["ciphertexts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(ciphertexts, expected);
    let proofs: Vec<Value> = encrypted
        .proofs
        .iter()
        .map(|p| Value::from(p.as_str()))
        .collect();
    assert_eq!(Value::from(proofs), v["proofs"]);
}

#[test]
fn the_known_answers_verify_in_a_batch_and_one_by_one() {
    let v = vectors();
    let (m, fp, key) = (manifest(&v), election(&v), key(&v));
    let ballot = Ballot {
        precinct: v["precinct"].as_str().unwrap().to_owned(),
        contests: m
            .contests
            .iter()
            .zip(v["ciphertexts"].as_array().unwrap())
            .map(|(c, cts)| castcheck_record::ballot::EncryptedContest {
                contest: c.id.clone(),
                ciphertexts: cts.as_str().unwrap().to_owned(),
            })
            .collect(),
    };
    let proofs: Vec<String> = serde_json::from_value(v["proofs"].clone()).unwrap();
    let p = posted(&m, &fp, &key, &ballot, &proofs);
    assert!(batch_holds(&[p], &m, &key));
    let p = posted(&m, &fp, &key, &ballot, &proofs);
    let decoded = decode_proofs(&m, &proofs).unwrap();
    for (k, (c, proof)) in p.contests.iter().zip(&decoded).enumerate() {
        assert_eq!(
            verify_contest(&p.transcript, k as u64, &c.ciphertexts, proof, &key),
            Some(true)
        );
        // A proof checked as another contest's (another transcript fork) fails.
        let other = 1 - k as u64;
        assert_eq!(
            verify_contest(&p.transcript, other, &c.ciphertexts, proof, &key),
            Some(false)
        );
    }
    // The same proofs bound to another election, precinct or key fail.
    let other_fp = Digest([9; 32]);
    for (fp, precinct) in [(&other_fp, ballot.precinct.as_str()), (&fp, "ward-8")] {
        let mut moved = ballot.clone();
        moved.precinct = precinct.to_owned();
        let q = posted(&m, fp, &key, &moved, &proofs);
        assert!(!batch_holds(&[q], &m, &key), "{precinct}");
    }
    let other_key = key + curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
    let q = posted(&m, &fp, &other_key, &ballot, &proofs);
    assert!(!batch_holds(&[q], &m, &other_key));
}

/// Two ballots of the vectors' election, honestly encrypted and proven.
fn two_ballots() -> (Manifest, Digest, RistrettoPoint, Vec<(Ballot, Vec<String>)>) {
    let v = vectors();
    let (m, fp, key) = (manifest(&v), election(&v), key(&v));
    let encryptor = Encryptor::new(key);
    let mut rng = ChaCha20Rng::from_seed([5; 32]);
    let ballots = [vec![vec![0], vec![]], vec![vec![2], vec![1]]]
        .iter()
        .map(|s| {
            let e = encryptor.encrypt(&m, &fp, "ward-7", s, &mut rng);
            (e.ballot, e.proofs)
        })
        .collect();
    (m, fp, key, ballots)
}

/// Every byte of every proof of a batch, flipped (bit `i mod 8` of byte `i`): the proof no
/// longer decodes, or the batch fails and checking each contest alone names exactly the one that
/// changed.
#[test]
fn every_flipped_byte_of_a_batchs_proofs_is_caught_and_named() {
    let (m, fp, key, ballots) = two_ballots();
    let fresh = || -> Vec<Posted> {
        ballots
            .iter()
            .map(|(b, p)| posted(&m, &fp, &key, b, p))
            .collect()
    };
    assert!(batch_holds(&fresh(), &m, &key));
    let mut flips = 0;
    for (b, (_, proofs)) in ballots.iter().enumerate() {
        for (k, text) in proofs.iter().enumerate() {
            let bytes = Base64UrlUnpadded::decode_vec(text).unwrap();
            let contest = &m.contests[k];
            for i in 0..bytes.len() {
                let mut changed = bytes.clone();
                changed[i] ^= 1 << (i % 8);
                let with_sum = contest.kind == ContestKind::SingleChoice;
                let mut batch = fresh();
                batch[b].proofs[k] = Base64UrlUnpadded::encode_string(&changed);
                flips += 1;
                let Ok(proof) = decode_proof(&changed, contest.options.len(), with_sum) else {
                    // Not a canonical point or scalar: malformed (V-00), never verified.
                    assert!(!batch_holds(&batch, &m, &key));
                    continue;
                };
                assert!(
                    !batch_holds(&batch, &m, &key),
                    "ballot {b} contest {k} byte {i}"
                );
                for (b2, p) in batch.iter().enumerate() {
                    let decoded: Vec<ContestProof> = if b2 == b {
                        let mut d = decode_proofs(&m, &ballots[b].1).unwrap();
                        d[k] = proof.clone();
                        d
                    } else {
                        decode_proofs(&m, &p.proofs).unwrap()
                    };
                    for (k2, (c, pr)) in p.contests.iter().zip(&decoded).enumerate() {
                        let holds =
                            verify_contest(&p.transcript, k2 as u64, &c.ciphertexts, pr, &key);
                        assert_eq!(holds, Some((b2, k2) != (b, k)), "{b} {k} {i}: {b2} {k2}");
                    }
                }
            }
        }
    }
    assert_eq!(flips, 2 * (3 * 224 + 96 + 2 * 224));
}

/// A flipped ciphertext byte changes every challenge of the ballot: the ciphertext no longer
/// decodes, or its proofs fail.
#[test]
fn every_flipped_byte_of_a_ballots_ciphertexts_is_caught() {
    let (m, fp, key, ballots) = two_ballots();
    let (ballot, proofs) = &ballots[1];
    for k in 0..ballot.contests.len() {
        let bytes = Base64UrlUnpadded::decode_vec(&ballot.contests[k].ciphertexts).unwrap();
        for i in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[i] ^= 1 << (i % 8);
            let mut b = ballot.clone();
            b.contests[k].ciphertexts = Base64UrlUnpadded::encode_string(&changed);
            if b.decode(&m, &b.precinct).is_err() {
                continue;
            }
            let p = posted(&m, &fp, &key, &b, proofs);
            assert!(!batch_holds(&[p], &m, &key), "contest {k} byte {i}");
        }
    }
}
