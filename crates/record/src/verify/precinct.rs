//! One precinct: its file of ballots, challenged ballots and tally (V-08 to V-12, V-15), and its
//! proofs file (V-07).
//!
//! The two are checked apart so that a voter's device can add up the precinct (the ciphertexts
//! are a quarter of the bytes) before the proofs arrive; the ballots' decoded ciphertexts wait in
//! the [`PrecinctSummary`] until their proofs are checked.

use std::collections::{HashMap, HashSet};

use curve25519_dalek::ristretto::CompressedRistretto;
use sha2::{Digest as _, Sha256};

use super::election::ElectionContext;
use super::parse::open_sealed;
use crate::ballot::{decode_proofs, transcript, Ballot, BallotError, DecodedContest};
use crate::batch::{verify_contest, BatchVerifier};
use crate::board::{BoardEntry, EntryKind};
use crate::choice::Ciphertext;
use crate::digest::Digest;
use crate::elgamal::{self, Ct};
use crate::files::{
    limits, precinct_path, proofs_path, ChallengedBallot, ContestDecryption, PrecinctFile,
    ProofsFile,
};
use crate::manifest::ContestKind;
use crate::reason::Reason;
use crate::report::{CheckId, Failure, Findings};
use crate::trustees::{verify_decryption, DecryptionFailure};

/// One ballot of a precinct file as it stands on the board.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PostedEntry {
    /// Board position.
    pub position: u64,
    /// The board leaf's hash.
    pub leaf: Digest,
    /// The ballot's tracker.
    pub tracker: Digest,
    /// Cast or challenged.
    pub kind: EntryKind,
    /// Short hashes of each contest's ciphertexts, to catch a copied encryption (of a whole
    /// ballot or of one contest) anywhere in the record.
    pub encryptions: Vec<[u8; 16]>,
    /// Whether the ballot's ciphertexts were added into the precinct's sum: only a cast ballot
    /// that decoded is. A voter's ballot counts only if this holds.
    pub in_sum: bool,
}

/// A ballot whose ciphertexts decoded, waiting for its proofs.
#[derive(Debug, Clone)]
pub struct DecodedBallot {
    /// Board position.
    pub position: u64,
    /// Per contest, the ciphertexts.
    pub contests: Vec<DecodedContest>,
}

/// What the rest of the verification needs from a checked precinct file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PrecinctSummary {
    /// Every ballot in the file.
    pub entries: Vec<PostedEntry>,
    /// Decrypted counts per contest, when every contest's tally is the sum of the cast ballots
    /// and its decryption verified (V-10 to V-12).
    pub counts: Option<Vec<Vec<u64>>>,
    /// Cast ballots in the file.
    pub cast: u64,
    /// Challenged ballots in the file.
    pub challenged: u64,
    /// Openings of challenged ballots that verified, by tracker.
    pub openings: Vec<(Digest, Vec<Vec<u64>>)>,
    /// The ballots whose ciphertexts decoded, until their proofs are checked (never sent
    /// elsewhere: by then they are checked).
    #[serde(skip)]
    pub decoded: Vec<DecodedBallot>,
}

/// The check a ballot's error fails: a value that is not the one canonical encoding of a point or
/// proof is a malformed file (V-00), anything else a failed proof (V-07).
fn check_of(error: &BallotError) -> CheckId {
    match error {
        BallotError::Malformed { .. } => CheckId::Files,
        _ => CheckId::BallotProofs,
    }
}

/// Checks `precincts/<precinct>.json`. Returns `None` if the file cannot be read at all.
pub fn verify_precinct(
    ctx: &ElectionContext,
    precinct: &str,
    bytes: &[u8],
    findings: &mut Findings,
) -> Option<PrecinctSummary> {
    let path = precinct_path(precinct);
    let file: PrecinctFile = open_sealed(ctx, &path, bytes, limits::PRECINCT, findings)?;
    let fail = |findings: &mut Findings, id, position: Option<u64>, reason: Reason| {
        let mut f = Failure::in_file(&path, reason).precinct(precinct);
        if let Some(p) = position {
            f = f.ballot(p);
        }
        findings.fail(id, f);
    };
    if file.precinct != precinct {
        fail(
            findings,
            CheckId::Placement,
            None,
            Reason::WrongPrecinctFile {
                found: file.precinct.clone(),
            },
        );
    }
    let contests = &ctx.manifest.contests;
    let mut sums: Vec<Vec<Ciphertext>> = contests
        .iter()
        .map(|c| vec![Ciphertext::zero(); c.options.len()])
        .collect();
    let mut summary = PrecinctSummary::default();
    let mut trackers = HashSet::new();

    let mut check_ballot = |findings: &mut Findings,
                            position: u64,
                            ballot: &Ballot,
                            kind: EntryKind|
     -> (Digest, Option<Vec<DecodedContest>>) {
        // V-08: the tracker is the hash of this ballot (a parsed ballot always has canonical
        // bytes), unique here.
        let tracker = &ballot.tracker(&ctx.fingerprint).unwrap_or_default();
        if trackers.insert(*tracker) {
            findings.pass(CheckId::Trackers, 1);
        } else {
            fail(
                findings,
                CheckId::Trackers,
                Some(position),
                Reason::TrackerClash {
                    tracker: tracker.to_hex(),
                },
            );
        }
        // V-06 is checked where the tiles are: for the voter's own ballot, or for the whole
        // board in the audit.
        let entry = BoardEntry {
            kind,
            precinct: precinct.to_owned(),
            tracker: *tracker,
        };
        let leaf = entry.leaf_hash().unwrap_or_default();
        // V-09 and the ballot's shape; its proofs are V-07, in the proofs file.
        let decoded = match ballot.decode(&ctx.manifest, precinct) {
            Ok(decoded) => {
                findings.pass(CheckId::Placement, 1);
                Some(decoded)
            }
            Err(BallotError::WrongPrecinct { found }) => {
                fail(
                    findings,
                    CheckId::Placement,
                    Some(position),
                    Reason::BallotInWrongPrecinct { found },
                );
                None
            }
            Err(error) => {
                fail(
                    findings,
                    check_of(&error),
                    Some(position),
                    Reason::InvalidBallot { error },
                );
                None
            }
        };
        summary.entries.push(PostedEntry {
            position,
            leaf,
            tracker: *tracker,
            kind,
            encryptions: encryption_hashes(ballot),
            in_sum: kind == EntryKind::Cast && decoded.is_some(),
        });
        if let Some(contests) = &decoded {
            summary.decoded.push(DecodedBallot {
                position,
                contests: contests.clone(),
            });
        }
        (*tracker, decoded)
    };

    for b in &file.ballots {
        if let (_, Some(decoded)) = check_ballot(findings, b.position, &b.ballot, EntryKind::Cast) {
            for (sum, contest) in sums.iter_mut().zip(decoded) {
                for (s, ct) in sum.iter_mut().zip(contest.ciphertexts) {
                    *s += ct;
                }
            }
        }
        summary.cast += 1;
    }
    findings.pass(CheckId::Challenged, 0);
    for c in &file.challenged {
        let (tracker, decoded) =
            check_ballot(findings, c.position, &c.ballot, EntryKind::Challenged);
        summary.challenged += 1;
        if let Some(decoded) = decoded {
            match check_opening(ctx, c, &decoded) {
                Ok(values) => {
                    findings.pass(CheckId::Challenged, 1);
                    summary.openings.push((tracker, values));
                }
                Err(reason) => fail(findings, CheckId::Challenged, Some(c.position), reason),
            }
        }
    }

    // V-10 to V-12: the tally.
    if file.tally.len() != contests.len()
        || file
            .tally
            .iter()
            .zip(contests)
            .any(|(t, c)| t.contest != c.id)
    {
        fail(
            findings,
            CheckId::EncryptedTally,
            None,
            Reason::TallyContests,
        );
        return Some(summary);
    }
    let mut counts = Vec::with_capacity(contests.len());
    for ((tally, contest), sum) in file.tally.iter().zip(contests).zip(sums) {
        let n = contest.options.len();
        let published: Option<Vec<Ct>> = (tally.encrypted.len() == n)
            .then(|| {
                tally
                    .encrypted
                    .iter()
                    .map(|v| elgamal::decode(v).ok())
                    .collect()
            })
            .flatten();
        let Some(published) = published else {
            fail(
                findings,
                CheckId::EncryptedTally,
                None,
                Reason::TallyMalformed {
                    contest: contest.id.clone(),
                },
            );
            continue;
        };
        if sum
            .iter()
            .zip(&published)
            .any(|(a, b)| a.to_bytes()[..] != b.to_bytes()[..])
        {
            fail(
                findings,
                CheckId::EncryptedTally,
                None,
                Reason::TallyNotSum {
                    contest: contest.id.clone(),
                },
            );
            continue;
        }
        findings.pass(CheckId::EncryptedTally, 1);
        match check_decryption(ctx, &published, &tally.decryption, &contest.id) {
            Ok(()) => {
                findings.pass(CheckId::DecryptionProofs, 1);
                // Checked: decrypted values are bounded by the ballots, but the sum is still
                // computed from published numbers.
                let votes = tally
                    .decryption
                    .values
                    .iter()
                    .try_fold(0u64, |a, &v| a.checked_add(v))
                    .unwrap_or(u64::MAX);
                if contest.kind == ContestKind::SingleChoice && votes != summary.cast {
                    fail(
                        findings,
                        CheckId::Counts,
                        None,
                        Reason::VotesNotBallots {
                            contest: contest.id.clone(),
                            votes,
                            ballots: summary.cast,
                        },
                    );
                } else {
                    findings.pass(CheckId::Counts, 1);
                    counts.push(tally.decryption.values.clone());
                }
            }
            Err(DecryptionFailure::Shares(error)) => fail(
                findings,
                CheckId::DecryptionProofs,
                None,
                Reason::Decryption {
                    contest: contest.id.clone(),
                    error,
                },
            ),
            Err(DecryptionFailure::Values(error)) => {
                findings.pass(CheckId::DecryptionProofs, 1);
                fail(
                    findings,
                    CheckId::Counts,
                    None,
                    Reason::Decryption {
                        contest: contest.id.clone(),
                        error,
                    },
                )
            }
        }
    }
    summary.counts = (counts.len() == contests.len()).then_some(counts);
    Some(summary)
}

/// Checks `proofs/<precinct>.json` against the precinct's file (V-07): it lists each ballot
/// once and nothing else, and the proofs of every ballot that decoded verify. All of the
/// precinct's proofs are checked as one batch; only when the batch fails is each contest checked
/// on its own, to name the ballots whose proofs are wrong. Returns how many ballots' proofs
/// verified.
pub fn verify_proofs(
    ctx: &ElectionContext,
    precinct: &str,
    summary: &PrecinctSummary,
    bytes: Option<&[u8]>,
    findings: &mut Findings,
) -> u64 {
    let ballots = &summary.decoded;
    let path = proofs_path(precinct);
    let fail = |findings: &mut Findings, id, position: Option<u64>, reason: Reason| {
        let mut f = Failure::in_file(&path, reason).precinct(precinct);
        if let Some(p) = position {
            f = f.ballot(p);
        }
        findings.fail(id, f);
    };
    let file =
        bytes.and_then(|b| open_sealed::<ProofsFile>(ctx, &path, b, limits::PROOFS, findings));
    let Some(file) = file else {
        // The file is missing or unreadable (V-00 or V-17 says why): no ballot's proofs were
        // checked.
        for b in ballots {
            fail(
                findings,
                CheckId::BallotProofs,
                Some(b.position),
                Reason::InvalidBallot {
                    error: BallotError::MissingProof,
                },
            );
        }
        return 0;
    };
    if file.precinct != precinct {
        fail(
            findings,
            CheckId::Placement,
            None,
            Reason::WrongPrecinctFile {
                found: file.precinct.clone(),
            },
        );
    }
    let wanted: HashSet<u64> = summary.entries.iter().map(|e| e.position).collect();
    let mut listed: HashMap<u64, &Vec<String>> = HashMap::new();
    for entry in &file.ballots {
        if !wanted.contains(&entry.position)
            || listed.insert(entry.position, &entry.proofs).is_some()
        {
            fail(
                findings,
                CheckId::BallotProofs,
                Some(entry.position),
                Reason::UnexpectedProofs,
            );
        }
    }
    let key = ctx.joint_key_point();
    let key_bytes = CompressedRistretto(key.compress().to_bytes());
    // Each ballot with decoded proofs: its transcript and proofs.
    let mut statements = Vec::with_capacity(ballots.len());
    for b in ballots {
        let Some(proofs) = listed.get(&b.position) else {
            fail(
                findings,
                CheckId::BallotProofs,
                Some(b.position),
                Reason::InvalidBallot {
                    error: BallotError::MissingProof,
                },
            );
            continue;
        };
        match decode_proofs(&ctx.manifest, proofs) {
            Ok(proofs) => {
                let t = transcript(
                    &ctx.manifest,
                    &ctx.fingerprint,
                    &key_bytes,
                    precinct,
                    &b.contests,
                );
                statements.push((b, t, proofs));
            }
            Err(error) => {
                fail(
                    findings,
                    check_of(&error),
                    Some(b.position),
                    Reason::InvalidBallot { error },
                );
            }
        }
    }
    let batch_holds = BatchVerifier::new().is_some_and(|mut batch| {
        for (b, t, proofs) in &statements {
            for (k, (contest, proof)) in b.contests.iter().zip(proofs).enumerate() {
                batch.add_contest(t, k as u64, &contest.ciphertexts, proof);
            }
        }
        batch.verify(&key)
    });
    if batch_holds {
        findings.pass(CheckId::BallotProofs, statements.len() as u64);
        return statements.len() as u64;
    }
    // Some equation failed: find which ballots, contest by contest.
    let mut verified = 0;
    for (b, t, proofs) in &statements {
        let failed = b
            .contests
            .iter()
            .zip(proofs)
            .enumerate()
            .find_map(|(k, (contest, proof))| {
                let id = &ctx.manifest.contests[k].id;
                match verify_contest(t, k as u64, &contest.ciphertexts, proof, &key) {
                    Some(true) => None,
                    Some(false) => Some(BallotError::InvalidProof {
                        contest: id.clone(),
                    }),
                    None => Some(BallotError::NoRandomness),
                }
            });
        match failed {
            None => {
                findings.pass(CheckId::BallotProofs, 1);
                verified += 1;
            }
            Some(error) => fail(
                findings,
                CheckId::BallotProofs,
                Some(b.position),
                Reason::InvalidBallot { error },
            ),
        }
    }
    verified
}

fn check_decryption(
    ctx: &ElectionContext,
    cts: &[Ct],
    d: &ContestDecryption,
    contest: &str,
) -> Result<(), DecryptionFailure> {
    if d.contest != contest {
        return Err(DecryptionFailure::Shares(
            crate::trustees::DecryptionError::WrongContest,
        ));
    }
    verify_decryption(&ctx.key_set, cts, d)
}

/// Verifies a challenged ballot's opening and returns the selections per contest.
fn check_opening(
    ctx: &ElectionContext,
    c: &ChallengedBallot,
    decoded: &[DecodedContest],
) -> Result<Vec<Vec<u64>>, Reason> {
    let contests = &ctx.manifest.contests;
    if c.opening.len() != contests.len() {
        return Err(Reason::OpeningIncomplete);
    }
    let mut out = Vec::new();
    for ((opening, contest), decoded) in c.opening.iter().zip(contests).zip(decoded) {
        let cts: Vec<Ct> = decoded
            .ciphertexts
            .iter()
            .map(elgamal::from_choice)
            .collect();
        check_decryption(ctx, &cts, opening, &contest.id).map_err(|e| match e {
            DecryptionFailure::Shares(error) | DecryptionFailure::Values(error) => {
                Reason::Decryption {
                    contest: contest.id.clone(),
                    error,
                }
            }
        })?;
        if opening.values.iter().any(|&v| v > 1) {
            return Err(Reason::OpeningNotZeroOne {
                contest: contest.id.clone(),
            });
        }
        out.push(opening.values.clone());
    }
    Ok(out)
}

/// Per contest, 16 bytes of SHA-256 over the ciphertexts' bytes: equal for copied encryptions
/// (fresh encryptions collide with negligible probability).
fn encryption_hashes(ballot: &Ballot) -> Vec<[u8; 16]> {
    ballot
        .contests
        .iter()
        .filter_map(|c| crate::ballot::base64url(&c.ciphertexts))
        .map(|bytes| {
            let d = Sha256::digest(&bytes);
            d[..16].try_into().unwrap_or_default()
        })
        .collect()
}
