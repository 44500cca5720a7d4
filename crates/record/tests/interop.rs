//! Interoperability with an implementation we did not write: Cloudflare's `signed_note` and
//! `tlog_tiles` crates (C2SP signed notes, checkpoints and tiles) read what castcheck publishes.
//!
//! - our checkpoint note verifies under the authority's vkey with `signed_note`, and its text parses
//!   as a checkpoint with `tlog_tiles`, with the same origin, size and root;
//! - our vkeys and key IDs are the ones `signed_note` derives;
//! - `tlog_tiles` reads our tiles (built by the generator) and proves inclusion and consistency
//!   with exactly the hashes our verifier builds from the same tiles.
//!
//! `signed_note` 0.2 has no cosignature/v1 verifier, so the cosignature is checked through its
//! `Verifier` trait with the message written out here from the standard: only the line parsing,
//! key-ID matching and dispatch are `signed_note`'s there.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use castcheck_record::board::authority_note_key;
use castcheck_record::digest::Digest;
use castcheck_record::merkle::{leaf_hash, root, RootHash};
use castcheck_record::note::{Note as OurNote, NoteKey, TYPE_COSIGNATURE};
use castcheck_record::tiles::{build_tiles, TileHashes};
use ed25519_dalek::{SigningKey, Verifier as _};
use signed_note::{Note, StandardVerifier, Verifier, VerifierList};
use tlog_tiles::{
    check_record, check_tree, prove_record, prove_tree, record_hash, tree_hash, Checkpoint, Hash,
    Tile, TileHashReader, TileReader,
};

/// A cosignature/v1 verifier for `signed_note`, from the tlog-cosignature standard.
struct CosignatureV1 {
    name: String,
    id: u32,
    key: ed25519_dalek::VerifyingKey,
}

impl Verifier for CosignatureV1 {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id
    }
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some((stamp, sig)) = sig.split_at_checked(8) else {
            return false;
        };
        let time = u64::from_be_bytes(stamp.try_into().unwrap());
        let mut m = format!("cosignature/v1\ntime {time}\n").into_bytes();
        m.extend_from_slice(msg);
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
            return false;
        };
        self.key.verify(&m, &sig).is_ok()
    }
}

#[test]
fn our_checkpoint_and_cosignature_verify_with_signed_note() {
    let record = common::small_record_with_key();
    let manifest: castcheck_record::manifest::Manifest =
        serde_json::from_slice(&record.files["manifest.json"]).unwrap();
    let fingerprint = manifest.fingerprint().unwrap();
    let authority = authority_note_key(&fingerprint, &record.authority.verifying_key());
    assert_eq!(
        authority.vkey(),
        signed_note::new_ed25519_verifier_key(&authority.name, &record.authority.verifying_key())
    );
    // A witness cosigns the published checkpoint.
    let witness = SigningKey::from_bytes(&[21; 32]);
    let witness_key = NoteKey {
        name: "witness.example/1".into(),
        kind: TYPE_COSIGNATURE,
        key: witness.verifying_key().to_bytes(),
    };
    let mut ours = OurNote::parse(&record.files["board/checkpoint"]).unwrap();
    ours.cosign(&witness_key.name, &witness, 1_780_345_000);
    let bytes = ours.to_text().into_bytes();
    assert_eq!(
        witness_key.id(),
        signed_note::key_id(
            &witness_key.name,
            &[&[TYPE_COSIGNATURE][..], &witness_key.key[..]].concat()
        )
    );

    let note = Note::from_bytes(&bytes).expect("signed_note parses our note");
    let log = StandardVerifier::new(&authority.vkey()).expect("signed_note reads our vkey");
    let cosigner = CosignatureV1 {
        name: witness_key.name.clone(),
        id: witness_key.id(),
        key: witness.verifying_key(),
    };
    let (verified, unverified) = note
        .verify(&VerifierList::new(vec![Box::new(log), Box::new(cosigner)]))
        .expect("both signatures verify");
    let names: Vec<&str> = verified.iter().map(|s| s.name()).collect();
    assert_eq!(names, [authority.name.as_str(), witness_key.name.as_str()]);
    assert!(unverified.is_empty());
    let checkpoint = Checkpoint::from_bytes(note.text()).expect("tlog_tiles parses our checkpoint");
    let tree = common::checkpoint_tree(&record.files["board/checkpoint"]).unwrap();
    assert_eq!(checkpoint.origin(), authority.name);
    assert_eq!(checkpoint.size(), tree.size);
    assert_eq!(checkpoint.hash().0, tree.root.0);

    // A flipped byte of the authority's signature is refused by signed_note too.
    let text = String::from_utf8(record.files["board/checkpoint"].clone()).unwrap();
    let line = text.trim_end().rsplit('\n').next().unwrap();
    let mut flipped = line.as_bytes().to_vec();
    let at = flipped.len() - 6;
    flipped[at] = if flipped[at] == b'A' { b'B' } else { b'A' };
    let tampered = text.replace(line, std::str::from_utf8(&flipped).unwrap());
    let log = StandardVerifier::new(&authority.vkey()).unwrap();
    assert!(Note::from_bytes(tampered.as_bytes())
        .unwrap()
        .verify(&VerifierList::new(vec![Box::new(log)]))
        .is_err());
}

/// Our tiles, served to `tlog_tiles` by their C2SP paths.
struct Tiles(std::collections::BTreeMap<String, Vec<u8>>);

impl TileReader for Tiles {
    fn height(&self) -> u8 {
        8
    }
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, tlog_tiles::Error> {
        tiles
            .iter()
            .map(|t| {
                // tlog_tiles 0.2 names tiles the Go sumdb way, `tile/<H>/<L>/…`; C2SP drops `<H>/`.
                let path = t.path();
                let c2sp = format!(
                    "tile/{}",
                    path.strip_prefix(&format!("tile/{}/", t.height())).unwrap()
                );
                self.0
                    .get(&c2sp)
                    .cloned()
                    .ok_or(tlog_tiles::Error::InvalidTile)
            })
            .collect()
    }
    fn save_tiles(&self, _: &[Tile], _: &[Vec<u8>]) {}
}

#[test]
fn tlog_tiles_proves_with_our_tiles_what_our_verifier_builds() {
    for size in [43u64, 1_000, 70_001] {
        let data: Vec<Vec<u8>> = (0..size)
            .map(|i| format!("entry {i}").into_bytes())
            .collect();
        let leaves: Vec<Digest> = data.iter().map(|d| leaf_hash(d)).collect();
        let (tiles, frontier) = build_tiles(&leaves);
        let tree = RootHash {
            root: root(&leaves),
            size,
        };
        let reader = Tiles(tiles.iter().map(|(t, b)| (t.path(), b.clone())).collect());
        let theirs = TileHashReader::new(size, Hash(tree.root.0), &reader);
        assert_eq!(tree_hash(size, &theirs).unwrap().0, tree.root.0);
        let mut ours = TileHashes::new(&tree, &frontier).unwrap();
        for (t, b) in &tiles {
            ours.add_tile(*t, b).unwrap();
        }
        for i in [0, 1, size / 3, size / 2, size - 2, size - 1] {
            let proof = prove_record(size, i, &theirs).unwrap();
            let our_proof = ours.inclusion_proof(i).unwrap();
            assert_eq!(
                proof.iter().map(|h| h.0).collect::<Vec<_>>(),
                our_proof.iter().map(|d| d.0).collect::<Vec<_>>()
            );
            assert_eq!(record_hash(&data[i as usize]).0, leaves[i as usize].0);
            check_record(
                &proof,
                size,
                Hash(tree.root.0),
                i,
                record_hash(&data[i as usize]),
            )
            .unwrap();
        }
        for m in [1, size / 3, size - 1] {
            let proof = prove_tree(size, m, &theirs).unwrap();
            let our_proof = ours.consistency_proof(m).unwrap();
            assert_eq!(
                proof.iter().map(|h| h.0).collect::<Vec<_>>(),
                our_proof.iter().map(|d| d.0).collect::<Vec<_>>()
            );
            let old = Hash(root(&leaves[..m as usize]).0);
            check_tree(&proof, size, Hash(tree.root.0), m, old).unwrap();
        }
    }
}
