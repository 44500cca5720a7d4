//! The verifier's list of elections (`elections.json`, served beside the app; whoever hosts the
//! verifier sets its own): which elections it vouches for, under which authority key, and which
//! witnesses must cosign each one's board.

use serde::{Deserialize, Serialize};

use crate::board::{authority_note_key, board_origin, parse_verifying_key};
use crate::digest::Digest;
use crate::note::Note;
use crate::verdict::Listing;
use crate::witness::WitnessPolicy;

/// One election the verifier knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedElection {
    /// The name people know it by.
    pub name: String,
    /// The election fingerprint, 64 hex digits.
    pub fingerprint: String,
    /// The authority's Ed25519 public key, 64 hex digits.
    pub authority_key: String,
    /// Where its record is published.
    pub record: String,
    /// The witnesses whose cosignatures its checkpoint must carry, and how many.
    #[serde(default)]
    pub witnesses: Option<WitnessPolicy>,
}

/// The list. An unreadable list lists nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustList {
    /// The elections, in the list's order.
    pub elections: Vec<ListedElection>,
}

impl TrustList {
    /// The list in `bytes`, or an empty one when they are not a list of elections.
    pub fn parse(bytes: &[u8]) -> Self {
        serde_json::from_slice(bytes).unwrap_or_default()
    }

    /// The position of the listed election whose authority signed `note` as a checkpoint of that
    /// election's own board (its origin): only such a checkpoint says anything about it.
    pub fn signer_of_checkpoint(&self, note: &Note) -> Option<usize> {
        let origin = note.text.lines().next()?;
        self.elections.iter().position(|e| {
            let fingerprint = Digest::from_hex(&e.fingerprint.to_ascii_lowercase());
            let key = parse_verifying_key(&e.authority_key.to_ascii_lowercase());
            let (Some(fingerprint), Some(key)) = (fingerprint, key) else {
                return false;
            };
            board_origin(&fingerprint) == origin
                && note.verify(&authority_note_key(&fingerprint, &key)).is_ok()
        })
    }

    /// Whether the election with `fingerprint`, signed by `authority_key` (both hex), is listed.
    pub fn listing(&self, fingerprint: &str, authority_key: &str) -> Listing {
        self.elections
            .iter()
            .find(|e| {
                e.fingerprint.eq_ignore_ascii_case(fingerprint)
                    && e.authority_key.eq_ignore_ascii_case(authority_key)
            })
            .map_or(Listing::Unlisted, |e| Listing::Listed(e.name.clone()))
    }

    /// Each listed election's witness policy, by fingerprint (a fingerprint that does not parse
    /// has no policy to apply).
    pub fn policies(&self) -> impl Iterator<Item = (Digest, &WitnessPolicy)> {
        self.elections.iter().filter_map(|e| {
            let fingerprint = Digest::from_hex(&e.fingerprint.to_ascii_lowercase())?;
            Some((fingerprint, e.witnesses.as_ref()?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"{"elections": [{"name": "Demo", "fingerprint": "AB", "authority_key": "cd",
        "record": "demo/"}]}"#;

    #[test]
    fn listed_only_with_its_own_authority_key() {
        let list = TrustList::parse(LIST.as_bytes());
        assert_eq!(list.listing("ab", "CD"), Listing::Listed("Demo".into()));
        assert_eq!(list.listing("ab", "ce"), Listing::Unlisted);
        assert_eq!(list.listing("ac", "cd"), Listing::Unlisted);
    }

    #[test]
    fn an_unreadable_list_lists_nothing() {
        for bytes in [&b"not json"[..], br#"{"elections": [], "extra": 1}"#, b""] {
            assert_eq!(TrustList::parse(bytes), TrustList::default());
        }
    }
}
