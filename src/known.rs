//! Whom a verification trusts and what a device remembers: the verifier's own list of elections
//! (`elections.json`, served beside the app, read by the core's [`TrustList`]) and, per election,
//! the largest checkpoint this device verified (kept in local storage; never a receipt code). The whole app uses these in the page; the check page leaves them to the checker, so
//! that it links none of it.

use castcheck_record::witness::remembered_checkpoint;
use castcheck_record::TrustList;

use crate::protocol::worker::Trust;
use crate::protocol::Remembered;

/// The list of elections this verifier knows, beside the app.
const KNOWN_ELECTIONS: &str = "elections.json";
/// No list of elections is larger than this.
const KNOWN_ELECTIONS_LIMIT: usize = 1 << 20;

/// The verifier's own list of elections, served with the app: an unreadable list lists none.
pub async fn load_known() -> TrustList {
    crate::api::fetch("", KNOWN_ELECTIONS, KNOWN_ELECTIONS_LIMIT)
        .await
        .map(|b| TrustList::parse(&b))
        .unwrap_or_default()
}

/// The trust settings for a verification: the witness policy the list gives each election
/// (applied by fingerprint, wherever the record comes from), and the checkpoints this device
/// verified before (`None` on a kiosk, which remembers nothing).
pub fn trust(known: &TrustList, remembered: Option<&Remembered>) -> Trust {
    Trust {
        policies: known
            .policies()
            .map(|(fingerprint, policy)| (fingerprint, policy.clone()))
            .collect(),
        remembered: remembered
            .into_iter()
            .flat_map(|r| r.values().cloned())
            .collect(),
    }
}

/// What to keep after a verification: `remembered` with `checkpoint` (the core's
/// [`castcheck_record::Verification::checkpoint_to_remember`]) in, when it is larger than the one
/// kept for its election (`None`: keep it as it is; always on a kiosk, which remembers nothing).
pub fn remember(remembered: Option<&Remembered>, checkpoint: Option<&str>) -> Option<Remembered> {
    let mut all = remembered?.clone();
    let seen = remembered_checkpoint(checkpoint?)?;
    // Larger, or the same board now closed: a closed checkpoint is final (V-04 `after-close`), so
    // it must replace the open one it closes.
    let newer = all
        .get(&seen.origin)
        .and_then(|t| remembered_checkpoint(t))
        .is_none_or(|old| {
            old.size < seen.size
                || (old.size == seen.size
                    && old.root == seen.root
                    && seen.closes_board()
                    && !old.closes_board())
        });
    if !newer {
        return None;
    }
    all.insert(seen.origin, checkpoint?.to_owned());
    Some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpoint(origin: &str, size: u64) -> String {
        format!("{origin}\n{size}\n{}\n", "A".repeat(43) + "=")
    }

    #[test]
    fn a_larger_checkpoint_replaces_a_smaller_one_of_its_election_only() {
        let first = remember(Some(&Remembered::new()), Some(&checkpoint("a", 5))).unwrap();
        assert_eq!(first.get("a"), Some(&checkpoint("a", 5)));
        // Smaller or equal: the map stays as it is.
        assert_eq!(remember(Some(&first), Some(&checkpoint("a", 4))), None);
        assert_eq!(remember(Some(&first), Some(&checkpoint("a", 5))), None);
        let grown = remember(Some(&first), Some(&checkpoint("a", 6))).unwrap();
        assert_eq!(grown.get("a"), Some(&checkpoint("a", 6)));
        // Another election is kept beside it.
        let both = remember(Some(&grown), Some(&checkpoint("b", 1))).unwrap();
        assert_eq!(both.len(), 2);
    }

    #[test]
    fn the_closing_checkpoint_replaces_the_open_one_of_the_same_board() {
        let open = checkpoint("a", 5);
        let closed = format!("{open}closed 100\n");
        let kept = remember(Some(&Remembered::new()), Some(&open)).unwrap();
        let now = remember(Some(&kept), Some(&closed)).unwrap();
        assert_eq!(now.get("a"), Some(&closed));
        // And never the other way round.
        assert_eq!(remember(Some(&now), Some(&open)), None);
    }

    #[test]
    fn a_kiosk_or_a_contradicted_checkpoint_remembers_nothing() {
        assert_eq!(remember(None, Some(&checkpoint("a", 5))), None);
        assert_eq!(remember(Some(&Remembered::new()), None), None);
        assert_eq!(
            remember(Some(&Remembered::new()), Some("not a checkpoint")),
            None
        );
    }

    #[test]
    fn trust_applies_the_lists_witness_policies_by_fingerprint() {
        let fp = "d0a1905ea6686b3784ec57d275a5f009b1a34159932604f2910937bb2f37a597";
        let list = TrustList::parse(
            format!(
                r#"{{"elections": [
                {{"name": "A", "fingerprint": "{}", "authority_key": "00", "record": "a/",
                  "witnesses": {{"quorum": 2, "witnesses": []}}}},
                {{"name": "B", "fingerprint": "ff", "authority_key": "00", "record": "b/"}}]}}"#,
                fp.to_uppercase()
            )
            .as_bytes(),
        );
        let kept = Remembered::from([("o".to_owned(), "kept".to_owned())]);
        let trust = trust(&list, Some(&kept));
        assert_eq!(trust.policies.len(), 1);
        assert_eq!(trust.policies[0].0.to_hex(), fp);
        assert_eq!(trust.policies[0].1.quorum, 2);
        assert_eq!(trust.remembered, vec!["kept".to_owned()]);
    }
}
