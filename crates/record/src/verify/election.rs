//! Manifest, trustees and the board's checkpoint: what every other check builds on.

use std::collections::HashSet;

use ed25519_dalek::VerifyingKey;
use elastic_elgamal::sharing::PublicKeySet;

use super::parse::parse_file;
use crate::board::{key_fingerprint, parse_verifying_key, BoardCheckpoint};
use crate::digest::Digest;
use crate::elgamal::Group;
use crate::files::{limits, CHECKPOINT_PATH, MANIFEST_PATH};
use crate::manifest::{is_valid_id, Manifest, FORMAT};
use crate::names::{confusable, name_problem, NameProblem};
use crate::reason::{IdKind, Reason};
use crate::report::{CheckId, ElectionSummary, Failure, Findings};
use crate::results::validate_rules;
use crate::trustees::verify_trustees;

/// A manifest, trustee set and final checkpoint that passed V-00 to V-03.
///
/// It serializes so that an audit's helper workers receive the election their coordinator
/// verified instead of checking it again ([`Driver::for_helper`](crate::Driver::for_helper)): it
/// is the verifier's own state, and is never read from a record.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ElectionContext {
    /// The verified manifest.
    pub manifest: Manifest,
    /// Its fingerprint.
    pub fingerprint: Digest,
    /// The trustees' verified key set.
    pub key_set: PublicKeySet<Group>,
    /// The authority's key: it signed the checkpoint and seals the files.
    pub authority: VerifyingKey,
    /// The board's final checkpoint.
    pub checkpoint: BoardCheckpoint,
}

impl ElectionContext {
    /// The key ballots are encrypted to, as a group element.
    pub fn joint_key_point(&self) -> curve25519_dalek::ristretto::RistrettoPoint {
        self.key_set.shared_key().as_element()
    }

    /// Names and fingerprints for people to compare.
    pub fn summary(&self) -> ElectionSummary {
        summary(&self.manifest, &self.fingerprint)
    }

    /// Runs V-00 to V-03. Returns `None` if anything they check failed, since nothing after them
    /// can be trusted without them.
    pub fn load(manifest: &[u8], checkpoint: &[u8], findings: &mut Findings) -> Option<Self> {
        let manifest: Manifest = parse_file(MANIFEST_PATH, manifest, limits::MANIFEST, findings)?;
        let (fingerprint, authority) = check_manifest(&manifest, findings)?;
        let key_set = match verify_trustees(&manifest.trustees) {
            Ok(k) => {
                findings.pass(CheckId::Trustees, manifest.trustees.trustees.len() as u64);
                k
            }
            Err(e) => {
                findings.fail(
                    CheckId::Trustees,
                    Failure::in_file(MANIFEST_PATH, Reason::Trustees { error: e }),
                );
                return None;
            }
        };
        if checkpoint.len() > limits::CHECKPOINT {
            findings.fail(
                CheckId::Files,
                Failure::in_file(
                    CHECKPOINT_PATH,
                    Reason::FileTooLarge {
                        size: checkpoint.len() as u64,
                        limit: limits::CHECKPOINT as u64,
                    },
                ),
            );
            return None;
        }
        let checkpoint = match BoardCheckpoint::open(
            checkpoint,
            &fingerprint,
            &authority,
            manifest.voting_closes,
        ) {
            Ok(c) => c,
            Err(problem) => {
                findings.fail(
                    CheckId::Checkpoint,
                    Failure::in_file(CHECKPOINT_PATH, Reason::Checkpoint { problem }),
                );
                return None;
            }
        };
        findings.pass(CheckId::Checkpoint, 1);
        Some(Self {
            manifest,
            fingerprint,
            key_set,
            authority,
            checkpoint,
        })
    }
}

fn summary(manifest: &Manifest, fingerprint: &Digest) -> ElectionSummary {
    ElectionSummary {
        election_id: manifest.election_id.clone(),
        title: manifest.title.clone(),
        authority: manifest.authority.name.clone(),
        fingerprint: fingerprint.to_hex(),
        authority_key_fingerprint: parse_verifying_key(&manifest.authority.signing_key)
            .map(|k| key_fingerprint(&k).to_hex())
            .unwrap_or_default(),
    }
}

/// Every name people read, on its own, and each contest's option names against each other.
fn check_names(m: &Manifest, problems: &mut Vec<Reason>) {
    let mut bad = |kind, id: String, problem| problems.push(Reason::BadName { kind, id, problem });
    let names = [
        (None, "title".to_owned(), &m.title),
        (None, "authority".to_owned(), &m.authority.name),
    ]
    .into_iter()
    .chain(m.contests.iter().flat_map(|c| {
        std::iter::once((Some(IdKind::Contest), c.id.clone(), &c.title)).chain(
            c.options
                .iter()
                .map(|o| (Some(IdKind::Option), format!("{}/{}", c.id, o.id), &o.name)),
        )
    }))
    .chain(
        m.counties
            .iter()
            .map(|c| (Some(IdKind::County), c.id.clone(), &c.name)),
    )
    .chain(
        m.precincts
            .iter()
            .map(|p| (Some(IdKind::Precinct), p.id.clone(), &p.name)),
    );
    for (kind, id, name) in names {
        if let Some(problem) = name_problem(name) {
            bad(kind, id, problem);
        }
    }
    for c in &m.contests {
        let options = c.options.iter().map(|o| (o.id.as_str(), o.name.as_str()));
        if let Some((id, other)) = confusable(options) {
            let problem = NameProblem::Confusable {
                other: other.to_owned(),
            };
            bad(Some(IdKind::Option), format!("{}/{id}", c.id), problem);
        }
    }
}

fn check_manifest(m: &Manifest, findings: &mut Findings) -> Option<(Digest, VerifyingKey)> {
    let mut problems = Vec::new();
    if m.format != FORMAT {
        problems.push(Reason::WrongFormat {
            found: m.format.clone(),
            expected: FORMAT.into(),
        });
    }
    if m.election_id.is_empty() || m.title.is_empty() {
        problems.push(Reason::EmptyTitle);
    }
    check_names(m, &mut problems);
    if m.contests.is_empty() || m.contests.len() > limits::CONTESTS {
        problems.push(Reason::ContestCount {
            found: m.contests.len() as u64,
            max: limits::CONTESTS as u64,
        });
    }
    unique_ids(
        IdKind::Contest,
        m.contests.iter().map(|c| c.id.as_str()),
        &mut problems,
    );
    for c in &m.contests {
        if c.options.is_empty() || c.options.len() > limits::OPTIONS {
            problems.push(Reason::OptionCount {
                contest: c.id.clone(),
                found: c.options.len() as u64,
                max: limits::OPTIONS as u64,
            });
        }
        unique_ids(
            IdKind::Option,
            c.options.iter().map(|o| o.id.as_str()),
            &mut problems,
        );
        if let Err(error) = validate_rules(&c.rules, c) {
            problems.push(Reason::InvalidRules {
                contest: c.id.clone(),
                error,
            });
        }
    }
    unique_ids(
        IdKind::County,
        m.counties.iter().map(|c| c.id.as_str()),
        &mut problems,
    );
    unique_ids(
        IdKind::Precinct,
        m.precincts.iter().map(|p| p.id.as_str()),
        &mut problems,
    );
    if m.precincts.is_empty() {
        problems.push(Reason::NoPrecincts);
    }
    for p in &m.precincts {
        if !m.counties.iter().any(|c| c.id == p.county) {
            problems.push(Reason::UnknownCounty {
                precinct: p.id.clone(),
                county: p.county.clone(),
            });
        }
    }
    if m.voting_opens > m.voting_closes {
        problems.push(Reason::ClosesBeforeOpens);
    }
    let key = parse_verifying_key(&m.authority.signing_key);
    if key.is_none() {
        problems.push(Reason::InvalidAuthorityKey);
    }
    let fingerprint = m.fingerprint();
    if fingerprint.is_err() {
        problems.push(Reason::NotCanonical);
    }
    if !problems.is_empty() {
        for p in problems {
            findings.fail(CheckId::Manifest, Failure::in_file(MANIFEST_PATH, p));
        }
        return None;
    }
    findings.pass(CheckId::Manifest, 1);
    Some((fingerprint.ok()?, key?))
}

fn unique_ids<'a>(kind: IdKind, ids: impl Iterator<Item = &'a str>, problems: &mut Vec<Reason>) {
    let mut seen = HashSet::new();
    for id in ids {
        if !is_valid_id(id) {
            problems.push(Reason::InvalidId {
                kind,
                id: id.to_owned(),
            });
        } else if !seen.insert(id) {
            problems.push(Reason::DuplicateId {
                kind,
                id: id.to_owned(),
            });
        }
    }
}
