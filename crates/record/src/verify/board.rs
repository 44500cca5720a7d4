//! The board's tiles as a verifier uses them (V-06 for a voter), its witnesses, and its memory of
//! checkpoints seen before (V-04).

use std::collections::BTreeMap;

use super::election::ElectionContext;
use crate::digest::Digest;
use crate::files::{board_path, CHECKPOINT_PATH};
use crate::merkle::{verify_consistency, verify_inclusion, RootHash};
use crate::note::Checkpoint;
use crate::reason::Reason;
use crate::report::{CheckId, Failure, Findings};
use crate::tiles::{tiles_for_consistency, tiles_for_inclusion, TileHashes, FRONTIER_PATH};
use crate::witness::{cosigners, WitnessPolicy, WitnessProblem};

/// The frontier and tiles fetched for a few proofs, by path.
#[derive(Debug, Default)]
pub struct FetchedTiles {
    files: BTreeMap<String, Vec<u8>>,
}

impl FetchedTiles {
    /// Keeps a fetched board file.
    pub fn insert(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(path.to_owned(), bytes);
    }

    /// The paths of the frontier and the tiles for a proof of leaf `index`.
    pub fn inclusion_paths(tree: &RootHash, index: u64) -> Vec<String> {
        Self::paths(tiles_for_inclusion(index, tree.size))
    }

    /// The paths of the frontier and the tiles for a proof that `old_size` leaves are a prefix.
    pub fn consistency_paths(tree: &RootHash, old_size: u64) -> Vec<String> {
        Self::paths(tiles_for_consistency(old_size, tree.size))
    }

    fn paths(tiles: Vec<crate::tiles::TileId>) -> Vec<String> {
        std::iter::once(board_path(FRONTIER_PATH))
            .chain(tiles.iter().map(|t| board_path(&t.path())))
            .collect()
    }

    /// The hashes of `tree` read from what was fetched.
    fn hashes(
        &self,
        tree: &RootHash,
        tiles: &[crate::tiles::TileId],
    ) -> Result<TileHashes, crate::tiles::TileError> {
        let frontier = self
            .files
            .get(&board_path(FRONTIER_PATH))
            .ok_or(crate::tiles::TileError::Missing)?;
        let mut hashes = TileHashes::new(tree, frontier)?;
        for t in tiles {
            if let Some(bytes) = self.files.get(&board_path(&t.path())) {
                hashes.add_tile(*t, bytes)?;
            }
        }
        Ok(hashes)
    }

    /// V-06 for one leaf: its inclusion proof, built from the tiles, verifies under the checkpoint.
    pub fn check_inclusion(
        &self,
        ctx: &ElectionContext,
        leaf: &Digest,
        index: u64,
        precinct: &str,
        findings: &mut Findings,
    ) {
        let tree = ctx.checkpoint.tree;
        let failure = |reason| {
            Failure::in_file(board_path(FRONTIER_PATH), reason)
                .precinct(precinct)
                .ballot(index)
        };
        let proof = self
            .hashes(&tree, &tiles_for_inclusion(index, tree.size))
            .and_then(|h| h.inclusion_proof(index));
        match proof {
            Err(error) => findings.fail(
                CheckId::Inclusion,
                failure(Reason::NoInclusionProof { error }),
            ),
            Ok(proof) => match verify_inclusion(leaf, index, &proof, &tree) {
                Ok(()) => findings.pass(CheckId::Inclusion, 1),
                Err(error) => {
                    findings.fail(CheckId::Inclusion, failure(Reason::NotIncluded { error }))
                }
            },
        }
    }

    /// Whether `remembered`'s tree is a prefix of the checkpoint's, by a proof built from the
    /// tiles.
    fn extends(&self, tree: &RootHash, remembered: &RootHash) -> Result<(), WitnessProblemKind> {
        let proof = self
            .hashes(tree, &tiles_for_consistency(remembered.size, tree.size))
            .and_then(|h| h.consistency_proof(remembered.size))
            .map_err(|_| WitnessProblemKind::Unproven)?;
        verify_consistency(remembered, tree, &proof).map_err(WitnessProblemKind::NotExtension)
    }
}

enum WitnessProblemKind {
    Unproven,
    NotExtension(crate::merkle::ConsistencyError),
}

/// A checkpoint this verifier verified before, for the same election.
#[derive(Debug, Clone)]
pub struct Remembered {
    /// Its text, for evidence.
    pub text: String,
    /// Its tree.
    pub tree: RootHash,
    /// Whether it closed the board (a `closed` line): then it is final, and any other checkpoint
    /// for its origin is a second board.
    pub closed: bool,
}

impl Remembered {
    /// Reads a remembered checkpoint; `None` if it is unreadable.
    pub fn read(text: &str) -> Option<(String, Self)> {
        let c: Checkpoint = crate::witness::remembered_checkpoint(text)?;
        Some((
            c.origin.clone(),
            Self {
                text: c.text(),
                tree: RootHash {
                    root: Digest(c.root),
                    size: c.size,
                },
                closed: c.closes_board(),
            },
        ))
    }

    /// The files needed to compare it with the checkpoint (beyond what the job fetches anyway).
    pub fn needed(&self, ctx: &ElectionContext) -> Vec<String> {
        let tree = ctx.checkpoint.tree;
        if self.tree.size < tree.size {
            FetchedTiles::consistency_paths(&tree, self.tree.size)
        } else {
            Vec::new()
        }
    }
}

/// V-04: the checkpoint carries the policy's quorum of trusted cosignatures, and (if this
/// verifier saw one before) is consistent with the checkpoint remembered. `prefix_root` gives the
/// root of the checkpoint's first `n` leaves when the caller has every leaf (the audit); otherwise
/// the proof is built from `tiles`.
pub fn check_witnessing(
    ctx: &ElectionContext,
    policy: Option<&WitnessPolicy>,
    remembered: Option<&Remembered>,
    tiles: &FetchedTiles,
    prefix_root: Option<&dyn Fn(u64) -> Option<Digest>>,
    findings: &mut Findings,
) {
    let fail = |findings: &mut Findings, problem| {
        findings.fail(
            CheckId::Witnesses,
            Failure::in_file(CHECKPOINT_PATH, Reason::Witness { problem }),
        );
    };
    // Without a policy or a memory there is nothing to check: not applicable.
    findings.pass(CheckId::Witnesses, 0);
    if let Some(policy) = policy {
        match policy.keys() {
            Err(_) => fail(findings, WitnessProblem::BadPolicy),
            Ok(keys) => {
                let (good, bad) = cosigners(&ctx.checkpoint.note, &keys);
                for witness in bad {
                    fail(findings, WitnessProblem::BadCosignature { witness });
                }
                let cosigned = good.len() as u64;
                if cosigned < policy.quorum {
                    fail(
                        findings,
                        WitnessProblem::NotWitnessed {
                            cosigned,
                            quorum: policy.quorum,
                        },
                    );
                } else {
                    findings.pass(CheckId::Witnesses, cosigned);
                }
            }
        }
    }
    let Some(old) = remembered else {
        return;
    };
    let tree = ctx.checkpoint.tree;
    let evidence = || (old.text.clone(), ctx.checkpoint.text().to_owned());
    if old.tree.size > tree.size {
        let (remembered, seen) = evidence();
        fail(findings, WitnessProblem::Rollback { remembered, seen });
    } else if old.tree.size == tree.size {
        if old.tree.root == tree.root {
            findings.pass(CheckId::Witnesses, 1);
        } else {
            let (remembered, seen) = evidence();
            fail(findings, WitnessProblem::SplitView { remembered, seen });
        }
    } else if old.closed {
        // A closed board is final: a larger one has ballots added after the count, whether or
        // not its tree extends the closed one.
        let (remembered, seen) = evidence();
        fail(findings, WitnessProblem::AfterClose { remembered, seen });
    } else {
        let result = match prefix_root.and_then(|f| f(old.tree.size)) {
            Some(root) if root == old.tree.root => Ok(()),
            Some(_) => Err(WitnessProblemKind::NotExtension(
                crate::merkle::ConsistencyError::OldRootMismatch,
            )),
            None => tiles.extends(&tree, &old.tree),
        };
        match result {
            Ok(()) => findings.pass(CheckId::Witnesses, 1),
            Err(WitnessProblemKind::NotExtension(error)) => {
                let (remembered, seen) = evidence();
                fail(
                    findings,
                    WitnessProblem::NotExtension {
                        remembered,
                        seen,
                        error,
                    },
                );
            }
            // The tiles to compare with were not to be had: V-00 says which.
            Err(WitnessProblemKind::Unproven) => findings.not_run(CheckId::Witnesses),
        }
    }
}
