//! Whom a verification trusts and what a device remembers: the verifier's own list of elections
//! (`elections.json`, served beside the app; whoever hosts the verifier sets its own) and, per
//! election, the largest checkpoint this device verified (a JSON map kept in local storage;
//! never a receipt code). The whole app uses these in the page; the check page leaves them to
//! the checker, so that it links none of it.

use std::collections::BTreeMap;

use castcheck_record::witness::remembered_checkpoint;

use crate::worker_protocol::Trust;

/// One election this verifier knows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownElection {
    pub name: String,
    /// The election fingerprint, 64 hex digits.
    pub fingerprint: String,
    /// The authority's Ed25519 public key, 64 hex digits.
    pub authority_key: String,
    /// Where its record is published.
    pub record: String,
    /// The witnesses whose cosignatures its checkpoint must carry, and how many.
    #[serde(default)]
    pub witnesses: Option<castcheck_record::witness::WitnessPolicy>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownElections {
    elections: Vec<KnownElection>,
}

/// The list of elections this verifier knows, beside the app.
const KNOWN_ELECTIONS: &str = "elections.json";
/// No list of elections is larger than this.
const KNOWN_ELECTIONS_LIMIT: usize = 1 << 20;

/// The verifier's own list of elections, served with the app: an unreadable list lists none.
pub async fn load_known() -> Vec<KnownElection> {
    crate::api::fetch("", KNOWN_ELECTIONS, KNOWN_ELECTIONS_LIMIT)
        .await
        .ok()
        .and_then(|b| serde_json::from_slice::<KnownElections>(&b).ok())
        .map(|k| k.elections)
        .unwrap_or_default()
}

/// The name the election with `fingerprint`, signed by `authority_key`, is listed under; `None`
/// when it is not on the list (or listed with another authority key).
pub fn listed_as(
    known: &[KnownElection],
    fingerprint: &str,
    authority_key: &str,
) -> Option<String> {
    known
        .iter()
        .find(|e| {
            e.fingerprint.eq_ignore_ascii_case(fingerprint)
                && e.authority_key.eq_ignore_ascii_case(authority_key)
        })
        .map(|e| e.name.clone())
}

/// The checkpoints kept in `remembered` (the JSON map from local storage), by origin.
pub fn remembered_map(remembered: Option<&str>) -> BTreeMap<String, String> {
    remembered
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// The trust settings for a verification: the witness policy the list gives each election
/// (applied by fingerprint, wherever the record comes from), and the checkpoints this device
/// verified before (`None` on a kiosk, which remembers nothing).
pub fn trust(known: &[KnownElection], remembered: Option<&str>) -> Trust {
    Trust {
        policies: known
            .iter()
            .filter_map(|e| Some((e.fingerprint.clone(), e.witnesses.clone()?)))
            .collect(),
        remembered: remembered_map(remembered).into_values().collect(),
    }
}

/// The map to keep after verifying `checkpoint`, which nothing contradicted: `remembered` with it
/// in, when it is larger than the one kept for its election (`None`: keep the map as it is).
pub fn remember(remembered: Option<&str>, checkpoint: &str) -> Option<String> {
    let seen = remembered_checkpoint(checkpoint)?;
    let mut all = remembered_map(remembered);
    let larger = all
        .get(&seen.origin)
        .and_then(|t| remembered_checkpoint(t))
        .is_none_or(|old| old.size < seen.size);
    if !larger {
        return None;
    }
    all.insert(seen.origin, checkpoint.to_owned());
    serde_json::to_string(&all).ok()
}
