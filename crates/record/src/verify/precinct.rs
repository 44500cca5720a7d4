//! One precinct file: its ballots, challenged ballots and tally (V-07 to V-12, V-15).

use std::collections::HashSet;

use sha2::{Digest as _, Sha256};

use super::election::ElectionContext;
use super::parse::open_sealed;
use crate::ballot::{Ballot, BallotError};
use crate::board::{BoardEntry, EntryKind};
use crate::digest::Digest;
use crate::elgamal::{self, Ct};
use crate::files::{limits, precinct_path, ChallengedBallot, ContestDecryption, PrecinctFile};
use crate::manifest::ContestKind;
use crate::reason::Reason;
use crate::report::{CheckId, Failure, Findings};
use crate::trustees::{verify_decryption, DecryptionFailure};

/// One ballot of a precinct file as it stands on the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedEntry {
    /// Board position.
    pub position: u64,
    /// The board leaf's hash.
    pub leaf: Digest,
    /// The ballot's tracker.
    pub tracker: Digest,
    /// Cast or challenged.
    pub kind: EntryKind,
    /// Short hashes of each contest's encrypted choices, to catch a copied encryption (of a whole
    /// ballot or of one contest) anywhere in the record.
    pub encryptions: Vec<[u8; 16]>,
}

/// What the rest of the audit needs from a verified precinct file.
#[derive(Debug, Clone, Default)]
pub struct PrecinctSummary {
    /// Every ballot in the file.
    pub entries: Vec<PostedEntry>,
    /// Decrypted counts per contest, when the tally's decryption verified.
    pub counts: Option<Vec<Vec<u64>>>,
    /// Cast ballots in the file.
    pub cast: u64,
    /// Challenged ballots in the file.
    pub challenged: u64,
    /// Openings of challenged ballots that verified, by tracker.
    pub openings: Vec<(Digest, Vec<Vec<u64>>)>,
}

/// Verifies `precincts/<precinct>.json`. Returns `None` if the file cannot be read at all.
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
    let mut sums: Vec<Option<Vec<Ct>>> = vec![None; contests.len()];
    let mut summary = PrecinctSummary::default();
    let mut trackers = HashSet::new();

    let mut check_ballot = |findings: &mut Findings,
                            position: u64,
                            ballot: &Ballot,
                            kind: EntryKind|
     -> (Digest, Option<Vec<Vec<Ct>>>) {
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
        summary.entries.push(PostedEntry {
            position,
            leaf,
            tracker: *tracker,
            kind,
            encryptions: encryption_hashes(ballot, &ctx.manifest),
        });
        // V-07 and V-09: proofs and precinct.
        let cts = match ballot.verify(&ctx.manifest, ctx.joint_key(), precinct) {
            Ok(cts) => {
                findings.pass(CheckId::BallotProofs, 1);
                findings.pass(CheckId::Placement, 1);
                Some(cts)
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
                // A value that is not the one canonical encoding of a ciphertext or proof is a
                // malformed file, not a failed proof.
                let id = match error {
                    BallotError::Malformed { .. } => CheckId::Files,
                    _ => CheckId::BallotProofs,
                };
                fail(
                    findings,
                    id,
                    Some(position),
                    Reason::InvalidBallot { error },
                );
                None
            }
        };
        (*tracker, cts)
    };

    for b in &file.ballots {
        if let (_, Some(cts)) = check_ballot(findings, b.position, &b.ballot, EntryKind::Cast) {
            for (sum, cts) in sums.iter_mut().zip(cts) {
                match sum {
                    Some(s) => elgamal::add_into(s, &cts),
                    None => *sum = Some(cts),
                }
            }
        }
        summary.cast += 1;
    }
    findings.pass(CheckId::Challenged, 0);
    for c in &file.challenged {
        let (tracker, cts) = check_ballot(findings, c.position, &c.ballot, EntryKind::Challenged);
        summary.challenged += 1;
        if let Some(cts) = cts {
            match check_opening(ctx, c, &cts) {
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
        let expected = sum.unwrap_or_else(|| vec![Ct::zero(); n]);
        if expected
            .iter()
            .zip(&published)
            .any(|(a, b)| a.to_bytes() != b.to_bytes())
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
    cts: &[Vec<Ct>],
) -> Result<Vec<Vec<u64>>, Reason> {
    let contests = &ctx.manifest.contests;
    if c.opening.len() != contests.len() {
        return Err(Reason::OpeningIncomplete);
    }
    let mut out = Vec::new();
    for ((opening, contest), cts) in c.opening.iter().zip(contests).zip(cts) {
        check_decryption(ctx, cts, opening, &contest.id).map_err(|e| match e {
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
fn encryption_hashes(ballot: &Ballot, manifest: &crate::manifest::Manifest) -> Vec<[u8; 16]> {
    ballot
        .contests
        .iter()
        .zip(&manifest.contests)
        .filter_map(|(c, contest)| c.ciphertext_bytes(contest.kind))
        .map(|bytes| {
            let d = Sha256::digest(&bytes);
            d[..16].try_into().unwrap_or_default()
        })
        .collect()
}
