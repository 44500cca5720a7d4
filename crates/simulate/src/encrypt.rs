//! Encrypting a voter's selections, as the voting device does.

use castcheck_record::ballot::{compact_choice, Ballot, EncryptedContest};
use castcheck_record::elgamal::{self, Group, Key};
use castcheck_record::manifest::{ContestKind, Manifest};
use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice, SingleChoice};
use rand_core::{CryptoRng, RngCore};

/// Encrypts a voter's selections: `selections[c]` lists the chosen option indexes of contest `c`.
///
/// # Panics
/// If the selections do not fit the manifest (a generator-side programming error).
pub fn encrypt<R: RngCore + CryptoRng>(
    manifest: &Manifest,
    joint_key: &Key,
    precinct: &str,
    selections: &[Vec<usize>],
    rng: &mut R,
) -> Ballot {
    assert_eq!(
        selections.len(),
        manifest.contests.len(),
        "one selection list per contest"
    );
    let contests = manifest
        .contests
        .iter()
        .zip(selections)
        .map(|(contest, chosen)| {
            let n = contest.options.len();
            let flags: Vec<bool> = (0..n).map(|i| chosen.contains(&i)).collect();
            let choice = match contest.kind {
                ContestKind::SingleChoice => {
                    assert_eq!(
                        chosen.len(),
                        1,
                        "single-choice contests take exactly one option"
                    );
                    elgamal::encode(&EncryptedChoice::<Group, SingleChoice>::single(
                        &ChoiceParams::single(joint_key.clone(), n),
                        chosen[0],
                        rng,
                    ))
                }
                ContestKind::Approval => {
                    elgamal::encode(&EncryptedChoice::<Group, MultiChoice>::new(
                        &ChoiceParams::multi(joint_key.clone(), n),
                        &flags,
                        rng,
                    ))
                }
            };
            EncryptedContest {
                contest: contest.id.clone(),
                choice: compact_choice(&choice).expect("elastic-elgamal's own choice JSON"),
            }
        })
        .collect();
    Ballot {
        precinct: precinct.to_owned(),
        contests,
    }
}
