//! `--policy FILE`: which witnesses this verifier trusts and how many must cosign.

use std::path::PathBuf;

use castcheck_record::witness::WitnessPolicy;
use castcheck_record::Driver;

#[derive(Debug, Clone, clap::Args)]
pub struct PolicyArg {
    /// A witness policy, `{"quorum": n, "witnesses": ["<vkey>", …]}`: the checkpoint must carry
    /// that many valid cosignatures from these witnesses (V-04). Without it witnesses are not
    /// checked, and nothing shows that others see the same board.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
}

impl PolicyArg {
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
