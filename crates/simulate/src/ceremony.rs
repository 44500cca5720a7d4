//! The trustees' key ceremony and their decryptions: the secret side of the election.

use castcheck_record::elgamal::{self, Ct, Group};
use castcheck_record::files::{ContestDecryption, DecryptionShare, TrusteeShares};
use castcheck_record::manifest::{Trustee, TrusteeSet};
use elastic_elgamal::sharing::{ActiveParticipant, Dealer, Params, PublicKeySet};
use elastic_elgamal::DiscreteLogTable;
use rand_core::{CryptoRng, RngCore};

/// The trustees' secret side, held by the generator only.
pub struct TrusteeSecrets {
    participants: Vec<ActiveParticipant<Group>>,
}

impl std::fmt::Debug for TrusteeSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TrusteeSecrets({} trustees)", self.participants.len())
    }
}

/// Runs a dealer-based key ceremony and returns the public trustee set and the secret shares.
///
/// # Panics
/// If `threshold` is not in `1..=names.len()`.
pub fn key_ceremony<R: RngCore + CryptoRng>(
    names: &[String],
    threshold: usize,
    rng: &mut R,
) -> (TrusteeSet, TrusteeSecrets) {
    let params = Params::new(names.len(), threshold);
    let dealer = Dealer::<Group>::new(params, rng);
    let (poly, proof) = dealer.public_info();
    let key_set = PublicKeySet::new(params, poly, proof).expect("the dealer's own proof verifies");
    let participants: Vec<_> = (0..names.len())
        .map(|i| {
            ActiveParticipant::new(key_set.clone(), i, dealer.secret_share_for_participant(i))
                .expect("the dealer's shares match its polynomial")
        })
        .collect();
    let trustees = participants
        .iter()
        .zip(names)
        .map(|(p, name)| Trustee {
            name: name.clone(),
            public_key: elgamal::encode_key(p.public_key_share()),
            proof_of_possession: elgamal::encode(&p.proof_of_possession(rng)),
        })
        .collect();
    let set = TrusteeSet {
        threshold: threshold as u64,
        trustees,
        joint_key: elgamal::encode_key(key_set.shared_key()),
    };
    (set, TrusteeSecrets { participants })
}

impl TrusteeSecrets {
    /// Decrypts `ciphertexts` (values at most `max_value`) with the trustees in `taking_part`.
    pub fn decrypt<R: RngCore + CryptoRng>(
        &self,
        contest: &str,
        ciphertexts: &[Ct],
        taking_part: &[usize],
        max_value: u64,
        rng: &mut R,
    ) -> ContestDecryption {
        let shares: Vec<TrusteeShares> = taking_part
            .iter()
            .map(|&i| {
                let p = &self.participants[i];
                let shares = ciphertexts
                    .iter()
                    .map(|ct| {
                        let (share, proof) = p.decrypt_share(*ct, rng);
                        DecryptionShare {
                            share: elgamal::encode(&share),
                            proof: elgamal::encode(&proof),
                        }
                    })
                    .collect();
                TrusteeShares {
                    trustee: i as u64,
                    shares,
                }
            })
            .collect();
        let params = self.participants[0].key_set().params();
        let table = DiscreteLogTable::<Group>::new(0..=max_value);
        let values = ciphertexts
            .iter()
            .map(|ct| {
                let combined = params
                    .combine_shares(
                        taking_part
                            .iter()
                            .map(|&i| (i, self.participants[i].decrypt_share(*ct, rng).0)),
                    )
                    .expect("enough trustees take part");
                combined
                    .decrypt(*ct, &table)
                    .expect("values are within the table")
            })
            .collect();
        ContestDecryption {
            contest: contest.to_owned(),
            shares,
            values,
        }
    }
}
