//! Manifest, trustees and signed heads: what every other check builds on.

use std::collections::HashSet;

use ed25519_dalek::VerifyingKey;
use elastic_elgamal::sharing::PublicKeySet;

use super::parse::parse_file;
use crate::board::{key_fingerprint, parse_verifying_key, TreeHead};
use crate::digest::Digest;
use crate::elgamal::{Group, Key};
use crate::files::{limits, HeadsFile, HEADS_PATH, MANIFEST_PATH};
use crate::manifest::{is_valid_id, Manifest, FORMAT_V1};
use crate::merkle::verify_consistency;
use crate::report::{CheckId, ElectionSummary, Failure, Findings};
use crate::results::validate_rules;
use crate::trustees::verify_trustees;

/// A manifest, trustee set and final head that passed V-01 to V-04.
#[derive(Debug, Clone)]
pub struct ElectionContext {
    pub manifest: Manifest,
    pub fingerprint: Digest,
    pub key_set: PublicKeySet<Group>,
    pub authority: VerifyingKey,
    pub final_head: TreeHead,
    /// Every published head, oldest first.
    pub heads: Vec<TreeHead>,
}

impl ElectionContext {
    pub fn joint_key(&self) -> &Key {
        self.key_set.shared_key()
    }

    pub fn summary(&self) -> ElectionSummary {
        summary(&self.manifest, &self.fingerprint)
    }

    /// Runs V-01 to V-04. Returns `None` if anything they check failed, since nothing after them
    /// can be trusted without them.
    pub fn load(manifest: &[u8], heads: &[u8], findings: &mut Findings) -> Option<Self> {
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
                    Failure::in_file(MANIFEST_PATH, e.to_string()),
                );
                return None;
            }
        };
        let heads: HeadsFile = parse_file(HEADS_PATH, heads, limits::HEADS, findings)?;
        let heads = check_heads(&manifest, &fingerprint, &authority, &heads, findings)?;
        let final_head = heads.last().cloned()?;
        Some(Self {
            manifest,
            fingerprint,
            key_set,
            authority,
            final_head,
            heads,
        })
    }
}

pub fn summary(manifest: &Manifest, fingerprint: &Digest) -> ElectionSummary {
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

fn check_manifest(m: &Manifest, findings: &mut Findings) -> Option<(Digest, VerifyingKey)> {
    let mut problems = Vec::new();
    if m.format != FORMAT_V1 {
        problems.push(format!(
            "format is '{}', this verifier reads '{FORMAT_V1}'",
            m.format
        ));
    }
    if m.election_id.is_empty() || m.title.is_empty() {
        problems.push("the election id and title must not be empty".into());
    }
    if m.contests.is_empty() || m.contests.len() > limits::CONTESTS {
        problems.push(format!(
            "{} contests (1 to {} allowed)",
            m.contests.len(),
            limits::CONTESTS
        ));
    }
    unique_ids(
        "contest",
        m.contests.iter().map(|c| c.id.as_str()),
        &mut problems,
    );
    for c in &m.contests {
        if c.options.is_empty() || c.options.len() > limits::OPTIONS {
            problems.push(format!(
                "contest '{}' has {} options (1 to {} allowed)",
                c.id,
                c.options.len(),
                limits::OPTIONS
            ));
        }
        unique_ids(
            "option",
            c.options.iter().map(|o| o.id.as_str()),
            &mut problems,
        );
        if let Err(e) = validate_rules(&c.rules, c) {
            problems.push(format!("contest '{}': {e}", c.id));
        }
    }
    unique_ids(
        "county",
        m.counties.iter().map(|c| c.id.as_str()),
        &mut problems,
    );
    unique_ids(
        "precinct",
        m.precincts.iter().map(|p| p.id.as_str()),
        &mut problems,
    );
    if m.precincts.is_empty() {
        problems.push("no precincts".into());
    }
    for p in &m.precincts {
        if !m.counties.iter().any(|c| c.id == p.county) {
            problems.push(format!(
                "precinct '{}' names unknown county '{}'",
                p.id, p.county
            ));
        }
    }
    if !(1..=4).contains(&m.index_prefix_len) {
        problems.push(format!(
            "index_prefix_len {} is not 1 to 4",
            m.index_prefix_len
        ));
    }
    if m.voting_opens > m.voting_closes {
        problems.push("voting closes before it opens".into());
    }
    let key = parse_verifying_key(&m.authority.signing_key);
    if key.is_err() {
        problems.push("the authority's signing key is not a valid Ed25519 key".into());
    }
    let fingerprint = m.fingerprint();
    if let Err(e) = &fingerprint {
        problems.push(format!("the manifest has no canonical form: {e}"));
    }
    if !problems.is_empty() {
        for p in problems {
            findings.fail(CheckId::Manifest, Failure::in_file(MANIFEST_PATH, p));
        }
        return None;
    }
    findings.pass(CheckId::Manifest, 1);
    Some((fingerprint.ok()?, key.ok()?))
}

fn unique_ids<'a>(what: &str, ids: impl Iterator<Item = &'a str>, problems: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for id in ids {
        if !is_valid_id(id) {
            problems.push(format!(
                "{what} id '{id}' is not lowercase letters, digits and dashes"
            ));
        } else if !seen.insert(id) {
            problems.push(format!("{what} id '{id}' appears twice"));
        }
    }
}

fn check_heads(
    m: &Manifest,
    fingerprint: &Digest,
    key: &VerifyingKey,
    file: &HeadsFile,
    findings: &mut Findings,
) -> Option<Vec<TreeHead>> {
    let Some(last) = file.heads.last() else {
        findings.fail(
            CheckId::HeadSignatures,
            Failure::in_file(HEADS_PATH, "no signed heads are published"),
        );
        return None;
    };
    let final_head = &last.signed.head;
    let count = file.heads.len();
    let mut ok = true;
    for (i, h) in file.heads.iter().enumerate() {
        let head = &h.signed.head;
        let fail = |findings: &mut Findings, id, reason: String| {
            findings.fail(
                id,
                Failure::in_file(
                    HEADS_PATH,
                    format!("head {} (size {}): {reason}", i + 1, head.size),
                ),
            );
        };
        let mut head_ok = true;
        if let Err(e) = h.signed.verify(key, fingerprint) {
            fail(findings, CheckId::HeadSignatures, e.to_string());
            head_ok = false;
        }
        if i + 1 < count && head.is_final {
            fail(
                findings,
                CheckId::HeadSignatures,
                "a head before the last one is marked final".into(),
            );
            head_ok = false;
        }
        if i + 1 == count && !head.is_final {
            fail(
                findings,
                CheckId::HeadSignatures,
                "the latest head is not the final head: voting may still be open or later heads were withheld".into(),
            );
            head_ok = false;
        }
        if i + 1 == count && head.time < m.voting_closes {
            fail(
                findings,
                CheckId::HeadSignatures,
                "the final head is dated before voting closed".into(),
            );
            head_ok = false;
        }
        if head_ok {
            findings.pass(CheckId::HeadSignatures, 1);
        }
        ok &= head_ok;
        if i > 0 {
            let prev = &file.heads[i - 1].signed.head;
            if head.size < prev.size || head.time < prev.time {
                fail(
                    findings,
                    CheckId::HeadConsistency,
                    "is smaller or older than the head before it".into(),
                );
                ok = false;
                continue;
            }
        }
        match verify_consistency(
            head.size,
            final_head.size,
            &h.consistency_to_final,
            &head.root,
            &final_head.root,
        ) {
            Ok(()) => findings.pass(CheckId::HeadConsistency, 1),
            Err(e) => {
                fail(
                    findings,
                    CheckId::HeadConsistency,
                    format!("is not a prefix of the final head ({e:?})"),
                );
                ok = false;
            }
        }
    }
    ok.then(|| file.heads.iter().map(|h| h.signed.head.clone()).collect())
}
