//! A whole mock election, deterministic from a seed: what `castcheck simulate` and the tests run.
//!
//! The work is split so a caller can spread the expensive part (encrypting and tallying each
//! precinct) over threads and write files as it goes: [`Simulation::new`] plans every voter,
//! [`Simulation::cast_precinct`] produces one precinct's draft, and [`Simulation::publish`] builds
//! the board, heads, index and totals once every draft's leaves are known.

use ed25519_dalek::SigningKey;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

use castcheck_record::board::{BoardEntry, EntryKind};
use castcheck_record::choice::Ciphertext;
use castcheck_record::digest::Digest;
use castcheck_record::elgamal;
use castcheck_record::files::{
    index_shard_names, index_shard_of, AreaTotals, BallotProofs, ChallengedBallot,
    ContestTallyFile, ContestTotals, IndexEntry, IndexShard, PostedBallot, PrecinctFile,
    ProofsFile, TotalsFile, ELECTION_AREA,
};
use castcheck_record::manifest::{
    Authority, Contest, ContestKind, ContestOption, County, Manifest, Precinct, FORMAT,
};
use castcheck_record::merkle::RootHash;
use castcheck_record::receipt::{ElectionCode, ReceiptCode, ReceiptLink};
use castcheck_record::sum_areas;
use castcheck_record::{allowed_delegates, default_rules};

use crate::ceremony::{key_ceremony, TrusteeSecrets};
use crate::encrypt::{EncryptedBallot, Encryptor};
use crate::sign::sign_checkpoint;
use crate::spec::{SimulationSpec, SpecError};
use crate::tree::Tree;

const COUNTIES: [&str; 8] = [
    "Adams", "Benton", "Clarke", "Dallas", "Emmet", "Floyd", "Grundy", "Hardin",
];
const OPENS: u64 = 1_780_300_800; // 2026-06-01 08:00 UTC
const VOTING_SECONDS: u64 = 12 * 3600;

/// One voter's planned visit: a cast ballot, sometimes preceded by a challenged one.
#[derive(Debug, Clone)]
struct Voter {
    choice: usize,
    /// Board position of the challenged ballot, if the voter challenged one.
    challenged_at: Option<u64>,
    cast_at: u64,
}

/// A receipt handed to a voter (not part of the record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The code printed on the receipt.
    pub code: ReceiptCode,
    /// The voter's precinct id.
    pub precinct: String,
    /// Whether the voter cast or challenged this ballot.
    pub kind: EntryKind,
    /// The short code of the election, printed beside the receipt code.
    pub election: ElectionCode,
    /// What the receipt's QR code holds: the verifier's deep link,
    /// `<verifier_url>#/check/<receipt code>/<election code>`.
    pub qr_payload: String,
}

/// One precinct's ballots and tally, before the final board is known.
#[derive(Debug, Clone)]
pub(crate) struct PrecinctDraft {
    /// The precinct file.
    pub file: PrecinctFile,
    /// Its ballots' proofs.
    pub proofs: ProofsFile,
    /// Every ballot's board leaf, in the order of `receipts`.
    pub leaves: Vec<BoardLeaf>,
    pub receipts: Vec<Receipt>,
    pub totals: AreaTotals,
}

/// A board leaf at its position: its hash and what it commits to (for the entry bundles).
#[derive(Debug, Clone)]
pub(crate) struct BoardLeaf {
    pub position: u64,
    pub hash: Digest,
    pub entry: BoardEntry,
}

/// The files that need the whole board.
#[derive(Debug, Clone)]
pub(crate) struct Publication {
    /// The final checkpoint, signed by the authority (no witness has cosigned it yet).
    pub checkpoint: String,
    pub totals: TotalsFile,
    pub index: Vec<IndexShard>,
    pub tree: Tree,
    /// Every leaf's data, in board order (for the entry bundles).
    pub entries: Vec<BoardEntry>,
}

/// One generated ballot with what the board and the voter get from it.
struct Posted {
    encrypted: EncryptedBallot,
    leaf: Digest,
    entry: BoardEntry,
    receipt: Receipt,
}

/// A planned election with its secrets.
pub struct Simulation {
    /// The published manifest.
    pub manifest: Manifest,
    authority: SigningKey,
    trustees: TrusteeSecrets,
    encryptor: Encryptor,
    fingerprint: Digest,
    voters: Vec<Voter>,
    by_precinct: Vec<Vec<usize>>,
    board_size: u64,
    seed: u64,
}

impl std::fmt::Debug for Simulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Simulation({}, {} voters)",
            self.manifest.election_id,
            self.voters.len()
        )
    }
}

fn rng_for(seed: u64, stream: u64, item: u64) -> ChaCha20Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&stream.to_le_bytes());
    key[16..24].copy_from_slice(&item.to_le_bytes());
    key[24..].copy_from_slice(b"castchek");
    ChaCha20Rng::from_seed(key)
}

fn below(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    rng.next_u64() % n.max(1)
}

impl Simulation {
    /// Plans the election: manifest, keys, and every voter's precinct, choice and position.
    pub fn new(spec: &SimulationSpec) -> Result<Self, SpecError> {
        if spec.voters == 0 || spec.precincts == 0 {
            return Err(SpecError(
                "there must be at least one voter and one precinct".into(),
            ));
        }
        if spec.options.len() < 2 || spec.options.len() > castcheck_record::files::limits::OPTIONS {
            return Err(SpecError(format!(
                "between 2 and {} options are needed",
                castcheck_record::files::limits::OPTIONS
            )));
        }
        if spec.threshold == 0
            || spec.threshold > spec.trustees
            || spec.trustees > castcheck_record::files::limits::TRUSTEES
        {
            return Err(SpecError(
                "the threshold must be between 1 and the number of trustees".into(),
            ));
        }
        if spec.challenged > spec.voters {
            return Err(SpecError("more challenged ballots than voters".into()));
        }
        let mut rng = rng_for(spec.seed, 0, 0);
        let county_count = (spec.precincts as usize)
            .div_ceil(8)
            .clamp(1, COUNTIES.len());
        let counties: Vec<County> = COUNTIES[..county_count]
            .iter()
            .map(|n| County {
                id: n.to_lowercase(),
                name: format!("{n} County"),
            })
            .collect();
        let precincts: Vec<Precinct> = (0..spec.precincts)
            .map(|i| {
                let county = &counties[i as usize % county_count];
                let delegates = 1 + below(&mut rng, 8);
                Precinct {
                    id: format!("{}-{:03}", county.id, i + 1),
                    name: format!(
                        "{} Precinct {}",
                        county.name.trim_end_matches(" County"),
                        i + 1
                    ),
                    county: county.id.clone(),
                    delegates,
                    sde_weight_millionths: Some(50_000 + below(&mut rng, 100_000)),
                }
            })
            .collect();
        let options: Vec<ContestOption> = spec
            .options
            .iter()
            .enumerate()
            .map(|(i, name)| ContestOption {
                id: option_id(name, i),
                name: name.clone(),
            })
            .collect();
        let contest = Contest {
            id: "presidential-preference".into(),
            title: "Presidential preference".into(),
            kind: ContestKind::SingleChoice,
            rules: default_rules(),
            options,
        };
        let names: Vec<String> = (1..=spec.trustees)
            .map(|i| format!("Trustee {i}"))
            .collect();
        let (trustee_set, trustees) = key_ceremony(&names, spec.threshold, &mut rng);
        let joint_key =
            elgamal::decode_key(&trustee_set.joint_key).map_err(|e| SpecError(e.to_string()))?;
        let mut key_seed = [0u8; 32];
        rng.fill_bytes(&mut key_seed);
        let authority = SigningKey::from_bytes(&key_seed);
        let manifest = Manifest {
            format: FORMAT.into(),
            election_id: format!("demo-caucus-{}", spec.seed),
            title: "Demo State Party Caucus 2026".into(),
            authority: Authority {
                name: "Demo State Party".into(),
                signing_key: hex::encode(authority.verifying_key().as_bytes()),
            },
            contests: vec![contest],
            counties,
            precincts,
            trustees: trustee_set,
            verifier_url: spec.verifier_url.clone(),
            voting_opens: OPENS,
            voting_closes: OPENS + VOTING_SECONDS,
        };
        let fingerprint = manifest
            .fingerprint()
            .map_err(|e| SpecError(e.to_string()))?;

        // Voters: precincts of uneven size, preferences that lean differently by county.
        let weights: Vec<u64> = (0..spec.precincts)
            .map(|_| 1 + below(&mut rng, 4))
            .collect();
        let total_weight: u64 = weights.iter().sum();
        let n_options = spec.options.len();
        let leanings: Vec<Vec<u64>> = (0..county_count)
            .map(|_| {
                (0..n_options)
                    .map(|i| {
                        if i + 1 == n_options {
                            2
                        } else {
                            4 + below(&mut rng, 12)
                        }
                    })
                    .collect()
            })
            .collect();
        let challengers: std::collections::BTreeSet<u64> = {
            let mut set = std::collections::BTreeSet::new();
            while (set.len() as u64) < spec.challenged {
                set.insert(below(&mut rng, spec.voters));
            }
            set
        };
        let mut voters = Vec::with_capacity(spec.voters as usize);
        let mut by_precinct = vec![Vec::new(); spec.precincts as usize];
        let mut position = 0u64;
        for v in 0..spec.voters {
            let mut pick = below(&mut rng, total_weight);
            let precinct = weights
                .iter()
                .position(|&w| {
                    pick < w || {
                        pick -= w;
                        false
                    }
                })
                .unwrap_or(0) as u32;
            let leaning = &leanings[precinct as usize % county_count];
            let mut c = below(&mut rng, leaning.iter().sum());
            let choice = leaning
                .iter()
                .position(|&w| {
                    c < w || {
                        c -= w;
                        false
                    }
                })
                .unwrap_or(0);
            let challenged_at = challengers.contains(&v).then(|| {
                position += 1;
                position - 1
            });
            voters.push(Voter {
                choice,
                challenged_at,
                cast_at: position,
            });
            position += 1;
            by_precinct[precinct as usize].push(voters.len() - 1);
        }
        Ok(Self {
            manifest,
            authority,
            trustees,
            encryptor: Encryptor::new(joint_key.as_element()),
            fingerprint,
            voters,
            by_precinct,
            board_size: position,
            seed: spec.seed,
        })
    }

    /// The election fingerprint (hash of the manifest).
    pub fn fingerprint(&self) -> Digest {
        self.fingerprint
    }

    /// The authority's signing key (secret: it seals the record).
    pub fn authority(&self) -> &SigningKey {
        &self.authority
    }

    /// Number of precincts.
    pub fn precinct_count(&self) -> usize {
        self.by_precinct.len()
    }

    /// Total board entries (cast and challenged).
    pub fn board_size(&self) -> u64 {
        self.board_size
    }

    /// Encrypts, tallies and decrypts one precinct. Deterministic and independent of the others.
    pub(crate) fn cast_precinct(&self, index: usize) -> PrecinctDraft {
        let m = &self.manifest;
        let precinct = &m.precincts[index];
        let contest = &m.contests[0];
        let n = contest.options.len();
        let mut file = PrecinctFile {
            precinct: precinct.id.clone(),
            ballots: Vec::new(),
            challenged: Vec::new(),
            tally: Vec::new(),
        };
        let mut proofs = ProofsFile {
            precinct: precinct.id.clone(),
            ballots: Vec::new(),
        };
        let mut leaves = Vec::new();
        let mut receipts = Vec::new();
        let mut sum = vec![Ciphertext::zero(); n];
        let mut counts = vec![0u64; n];
        let taking_part: Vec<usize> = (self.trustees_count() - m.trustees.threshold as usize
            ..self.trustees_count())
            .collect();
        for &v in &self.by_precinct[index] {
            let voter = &self.voters[v];
            if let Some(at) = voter.challenged_at {
                let mut rng = rng_for(self.seed, 1, at);
                // A challenged ballot: the device shows a choice the voter then checks.
                let shown = (voter.choice + 1) % n;
                let p = self.post(&precinct.id, shown, EntryKind::Challenged, &mut rng);
                let cts: Vec<_> = p.encrypted.ciphertexts[0]
                    .iter()
                    .map(elgamal::from_choice)
                    .collect();
                let opening =
                    vec![self
                        .trustees
                        .decrypt(&contest.id, &cts, &taking_part, 1, &mut rng)];
                leaves.push(BoardLeaf {
                    position: at,
                    hash: p.leaf,
                    entry: p.entry.clone(),
                });
                receipts.push(p.receipt);
                proofs.ballots.push(BallotProofs {
                    position: at,
                    proofs: p.encrypted.proofs,
                });
                file.challenged.push(ChallengedBallot {
                    position: at,
                    ballot: p.encrypted.ballot,
                    opening,
                });
            }
            let mut rng = rng_for(self.seed, 1, voter.cast_at);
            let p = self.post(&precinct.id, voter.choice, EntryKind::Cast, &mut rng);
            for (s, ct) in sum.iter_mut().zip(&p.encrypted.ciphertexts[0]) {
                *s += *ct;
            }
            counts[voter.choice] += 1;
            leaves.push(BoardLeaf {
                position: voter.cast_at,
                hash: p.leaf,
                entry: p.entry.clone(),
            });
            receipts.push(p.receipt);
            proofs.ballots.push(BallotProofs {
                position: voter.cast_at,
                proofs: p.encrypted.proofs,
            });
            file.ballots.push(PostedBallot {
                position: voter.cast_at,
                ballot: p.encrypted.ballot,
            });
        }
        file.ballots.sort_by_key(|b| b.position);
        file.challenged.sort_by_key(|b| b.position);
        proofs.ballots.sort_by_key(|b| b.position);
        let mut rng = rng_for(self.seed, 2, index as u64);
        let cast = file.ballots.len() as u64;
        let sum: Vec<_> = sum.iter().map(elgamal::from_choice).collect();
        let decryption = self
            .trustees
            .decrypt(&contest.id, &sum, &taking_part, cast, &mut rng);
        debug_assert_eq!(decryption.values, counts);
        file.tally.push(ContestTallyFile {
            contest: contest.id.clone(),
            encrypted: sum.iter().map(elgamal::encode).collect(),
            decryption,
        });
        let delegates = allowed_delegates(&contest.rules, &counts, precinct.delegates)
            .ok()
            .filter(|options| !options.is_empty())
            .map(|options| {
                // Where lots decide, draw one of the allowed outcomes.
                let i = below(&mut rng, options.len() as u64) as usize;
                options[i].clone()
            });
        let sde = match (&delegates, precinct.sde_weight_millionths) {
            (Some(d), Some(w)) => Some(d.iter().map(|x| x * w).collect()),
            _ => None,
        };
        let totals = AreaTotals {
            area: precinct.id.clone(),
            ballots: cast,
            contests: vec![ContestTotals {
                contest: contest.id.clone(),
                counts,
                delegates,
                sde_millionths: sde,
            }],
        };
        PrecinctDraft {
            file,
            proofs,
            leaves,
            receipts,
            totals,
        }
    }

    /// Encrypts one ballot for `choice` and derives what the board and the voter get from it.
    fn post(
        &self,
        precinct: &str,
        choice: usize,
        kind: EntryKind,
        rng: &mut ChaCha20Rng,
    ) -> Posted {
        let encrypted = self.encryptor.encrypt(
            &self.manifest,
            &self.fingerprint,
            precinct,
            &[vec![choice]],
            rng,
        );
        let tracker = encrypted
            .ballot
            .tracker(&self.fingerprint)
            .expect("generated ballots are canonical");
        let entry = BoardEntry {
            kind,
            precinct: precinct.to_owned(),
            tracker,
        };
        let leaf = entry.leaf_hash().expect("board entries are canonical");
        let receipt = self.receipt(&tracker, precinct, kind);
        Posted {
            encrypted,
            leaf,
            entry,
            receipt,
        }
    }

    fn trustees_count(&self) -> usize {
        self.manifest.trustees.trustees.len()
    }

    fn receipt(&self, tracker: &Digest, precinct: &str, kind: EntryKind) -> Receipt {
        let code = ReceiptCode::for_ballot(tracker, kind);
        let election = ElectionCode::of(&self.fingerprint);
        Receipt {
            code,
            election,
            precinct: precinct.to_owned(),
            kind,
            qr_payload: ReceiptLink {
                verifier_url: self.manifest.verifier_url.clone(),
                code,
                election,
            }
            .payload(),
        }
    }

    /// Builds the board and its lookup index from every precinct's leaves, signs the checkpoint that
    /// closes it, and adds up the totals.
    ///
    /// # Panics
    /// If the leaves do not cover the board exactly (drafts missing or repeated).
    pub(crate) fn publish(
        &self,
        leaves: Vec<BoardLeaf>,
        precinct_totals: Vec<AreaTotals>,
    ) -> Publication {
        let mut leaves = leaves;
        leaves.sort_by_key(|l| l.position);
        assert!(
            leaves
                .iter()
                .enumerate()
                .all(|(i, l)| l.position == i as u64),
            "every board position has one leaf"
        );
        let entries: Vec<BoardEntry> = leaves.iter().map(|l| l.entry.clone()).collect();
        let tree = Tree::new(leaves.into_iter().map(|l| l.hash).collect());
        let size = tree.size() as u64;
        let checkpoint = sign_checkpoint(
            &self.fingerprint,
            &RootHash {
                root: tree.root(),
                size,
            },
            self.manifest.voting_closes,
            &self.authority,
        );
        let mut shards: std::collections::BTreeMap<String, Vec<IndexEntry>> =
            index_shard_names(size)
                .into_iter()
                .map(|name| (name, Vec::new()))
                .collect();
        for (position, entry) in entries.iter().enumerate() {
            let code = ReceiptCode::for_ballot(&entry.tracker, entry.kind);
            shards
                .entry(index_shard_of(&code, size))
                .or_default()
                .push(IndexEntry {
                    kind: entry.kind,
                    position: position as u64,
                    precinct: entry.precinct.clone(),
                    tracker: entry.tracker,
                });
        }
        let index = shards
            .into_iter()
            .map(|(prefix, entries)| IndexShard { prefix, entries })
            .collect();
        let totals = self.totals(precinct_totals);
        Publication {
            checkpoint,
            totals,
            index,
            tree,
            entries,
        }
    }

    fn totals(&self, mut precincts: Vec<AreaTotals>) -> TotalsFile {
        let m = &self.manifest;
        precincts.sort_by_key(|a| m.precincts.iter().position(|p| p.id == a.area));
        let counties: Vec<AreaTotals> = m
            .counties
            .iter()
            .map(|c| {
                // A county without precincts is listed with nothing in it, as V-13 expects.
                sum_areas(
                    &c.id,
                    precincts
                        .iter()
                        .filter(|a| m.precinct(&a.area).is_some_and(|p| p.county == c.id)),
                )
                .expect("simulated counts are small")
            })
            .collect();
        let election = sum_areas(ELECTION_AREA, &counties).expect("simulated counts are small");
        TotalsFile {
            precincts,
            counties,
            election,
        }
    }
}

fn option_id(name: &str, i: usize) -> String {
    let id: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() {
        format!("option-{}", i + 1)
    } else {
        id
    }
}
