//! `--policy FILE`: which witnesses this verifier trusts and how many must cosign.

use std::path::PathBuf;

use castcheck_record::witness::WitnessPolicy;
use castcheck_record::{Driver, Witnessing};

#[derive(Debug, Clone, clap::Args)]
pub struct PolicyArg {
    /// A witness policy, `{"quorum": n, "witnesses": ["<vkey>", …]}`: the checkpoint must carry
    /// that many valid cosignatures from these witnesses (V-04). Without it witnesses are not
    /// checked, and nothing shows that others see the same board.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Waive witnesses on purpose: without a policy, a record whose every check passed is then
    /// VERIFIED (exit 0) instead of NOT WITNESSED (exit 3). A split view passes unseen.
    #[arg(long, conflicts_with = "policy")]
    no_witnesses: bool,
}

impl PolicyArg {
    /// Whether a green verdict needs witnesses.
    pub fn witnessing(&self) -> Witnessing {
        if self.no_witnesses {
            Witnessing::Waived
        } else {
            Witnessing::Required
        }
    }

    /// `driver` with the policy, if one was given.
    pub fn apply(&self, driver: Driver) -> Result<Driver, String> {
        let Some(path) = &self.policy else {
            return Ok(driver);
        };
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let policy: WitnessPolicy = serde_json::from_slice(&bytes)
            .map_err(|e| format!("{} is not a witness policy: {e}", path.display()))?;
        policy
            .keys()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(driver.with_policy(policy))
    }
}
