//! What to simulate, and why a request cannot be simulated.

/// What to simulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulationSpec {
    /// Voters; each casts one ballot.
    pub voters: u64,
    /// Precincts, spread over up to eight counties.
    pub precincts: u32,
    /// The options' names, in ballot order.
    pub options: Vec<String>,
    /// Trustees holding shares of the election key.
    pub trustees: usize,
    /// How many trustees must take part in a decryption.
    pub threshold: usize,
    /// Voters who challenge one ballot before casting.
    pub challenged: u64,
    /// Everything is derived from this seed, so a spec always gives the same bytes.
    pub seed: u64,
    /// The verifier app's address, for the receipts' QR codes.
    pub verifier_url: String,
}

impl Default for SimulationSpec {
    /// A party caucus: a few counties, dozens of precincts, five candidates and "Uncommitted".
    fn default() -> Self {
        Self {
            voters: 3000,
            precincts: 24,
            options: [
                "Avery Chen",
                "Blake Okafor",
                "Carmen Ruiz",
                "Dana Whitfield",
                "Eli Novak",
                "Uncommitted",
            ]
            .map(String::from)
            .to_vec(),
            trustees: 5,
            threshold: 3,
            challenged: 12,
            seed: 2026,
            verifier_url: "http://127.0.0.1:8080/".into(),
        }
    }
}

/// Why a spec cannot be simulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError(pub String);

impl std::error::Error for SpecError {}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
