//! The verdict: what a verification means for the person who asked, decided once, here, for the
//! check page, the kiosk, the printed slip, the audit page and the command line alike. No view
//! decides whether something is green; each renders a [`Verdict`].
//!
//! The order of the rules is the point of this module:
//! 1. a file that could not be had: *could not check* (not evidence against the record);
//! 2. two boards signed by the authority (a split view, a rollback, a tree that does not extend
//!    the one seen before): *two boards*, with both checkpoints as evidence;
//! 3. a receipt whose election code is not the record's: *wrong election* (nothing here speaks
//!    for that ballot);
//! 4. any failed check: *failed*;
//! 5. a record not on this verifier's list: *unlisted*, never green, and never "your ballot is
//!    missing" either;
//! 6. too few trusted witnesses, or no witness policy at all unless the person verifying waived
//!    witnesses on purpose: *not witnessed*, never green;
//! 7. then *verified*, *challenged* (opened correctly, not counted) or *not found*.

use serde::{Deserialize, Serialize};

use crate::board::EntryKind;
use crate::digest::Digest;
use crate::note::Checkpoint;
use crate::reason::Reason;
use crate::receipt::ElectionCode;
use crate::report::{CheckId, Report};
use crate::verify::{BallotFound, Proof, Statement, Verification, VoterOutcome};
use crate::witness::WitnessProblem;

/// Whether the verifier trusts the election it verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "listing", content = "name")]
pub enum Listing {
    /// On the verifier's list of elections (fingerprint and authority key), under this name.
    Listed(String),
    /// Not on the list, or listed with another authority key.
    Unlisted,
    /// Named by the person verifying (the command line's record argument): nothing to look up.
    Named,
}

/// Whether a verdict may be green without a quorum of witnesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Witnessing {
    /// Green needs a witness policy with a quorum of at least one, met (the default everywhere).
    Required,
    /// The person verifying waived witnesses explicitly (`--no-witnesses`).
    Waived,
}

/// The answer, in the order of the module's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "answer")]
pub enum Answer {
    /// Every check passed, the checkpoint is witnessed and the election is listed; for a voter,
    /// the cast ballot was found and counted.
    Verified,
    /// The voter's challenged ballot was found and opened correctly; it is not counted.
    Challenged,
    /// Everything passed, but no quorum of trusted witnesses vouches that others see this board.
    NotWitnessed {
        /// Trusted witnesses whose cosignature verified (0 without a policy).
        cosigned: u64,
        /// How many the policy asks for; `None`: no witness policy at all.
        quorum: Option<u64>,
    },
    /// The record does not list the code, and nothing checked failed.
    NotFound,
    /// Not on this verifier's list: whatever it proves, never green.
    Unlisted {
        /// For a voter's check: whether the code was found in it.
        found: bool,
    },
    /// The receipt belongs to another election than the record verified.
    WrongElection {
        /// The receipt's election code.
        receipt: String,
        /// The record's.
        record: String,
    },
    /// The authority showed this verifier two different boards.
    TwoBoards {
        /// What kind of contradiction.
        kind: TwoBoardsKind,
        /// The checkpoint seen before (its signed text).
        remembered: String,
        /// The one seen now.
        seen: String,
    },
    /// A check failed.
    Failed {
        /// The failed checks, in id order.
        checks: Vec<CheckId>,
    },
    /// A file could not be had: nothing was shown wrong, nothing was shown right.
    CouldNotCheck,
}

/// How two boards contradict each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TwoBoardsKind {
    /// Same size, another root.
    SplitView,
    /// Smaller than the board seen before.
    Rollback,
    /// Larger, but its tree does not extend the one seen before.
    NotExtension,
    /// Larger than a board seen before that was closed (ballots added after the count).
    AfterClose,
}

impl Answer {
    /// Its stable name (in reports, exit messages and page attributes).
    pub fn code(&self) -> &'static str {
        match self {
            Answer::Verified => "verified",
            Answer::Challenged => "challenged",
            Answer::NotWitnessed { .. } => "not-witnessed",
            Answer::NotFound => "not-found",
            Answer::Unlisted { .. } => "unlisted",
            Answer::WrongElection { .. } => "wrong-election",
            Answer::TwoBoards { .. } => "two-boards",
            Answer::Failed { .. } => "failed",
            Answer::CouldNotCheck => "could-not-check",
        }
    }

    /// The one green answer.
    pub fn is_green(&self) -> bool {
        matches!(self, Answer::Verified)
    }

    /// Whether the record checked out for this person (verified, or a challenged ballot opened
    /// correctly): what a slip's "what to do next" rests on.
    pub fn all_well(&self) -> bool {
        matches!(self, Answer::Verified | Answer::Challenged)
    }
}

/// What a verification means, with what to show and what to remember.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The answer.
    #[serde(flatten)]
    pub answer: Answer,
    /// Whether the verifier trusts the election.
    pub listing: Listing,
    /// For a voter's check: the ballot, when found in a record whose checks all passed (perhaps
    /// unwitnessed or unlisted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballot: Option<BallotFound>,
    /// For a voter's check: how far each statement was proven.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<(Statement, Proof)>,
    /// The signed checkpoint to remember for next time: set when nothing contradicted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remember: Option<String>,
}

impl Verdict {
    /// The verdict of a voter's check. `receipt_election`: the election code the receipt carries,
    /// when it carries one.
    pub fn of_voter(
        v: &Verification,
        listing: Listing,
        receipt_election: Option<ElectionCode>,
        witnessing: Witnessing,
    ) -> Self {
        let ballot = match &v.voter {
            Some(VoterOutcome::Verified(found) | VoterOutcome::NotWitnessed(found)) => {
                Some(found.clone())
            }
            _ => None,
        };
        let record_election = v
            .report
            .election
            .as_ref()
            .and_then(|e| Digest::from_hex(&e.fingerprint))
            .map(|fp| ElectionCode::of(&fp));
        let wrong_election = receipt_election
            .zip(record_election)
            .filter(|(receipt, record)| receipt != record);
        let answer = if let Some(answer) = Self::cannot_speak(v) {
            answer
        } else if let Some((receipt, record)) = wrong_election {
            Answer::WrongElection {
                receipt: receipt.to_string(),
                record: record.to_string(),
            }
        } else {
            match (&v.voter, &listing) {
                (
                    Some(VoterOutcome::Verified(_) | VoterOutcome::NotWitnessed(_)),
                    Listing::Unlisted,
                ) => Answer::Unlisted { found: true },
                (Some(VoterOutcome::NotFound), Listing::Unlisted) => {
                    Answer::Unlisted { found: false }
                }
                (Some(VoterOutcome::Verified(found) | VoterOutcome::NotWitnessed(found)), _) => {
                    match unwitnessed(&v.report, witnessing) {
                        Some(answer) => answer,
                        None if found.kind == EntryKind::Challenged => Answer::Challenged,
                        None => Answer::Verified,
                    }
                }
                (Some(VoterOutcome::NotFound), _) => Answer::NotFound,
                (Some(VoterOutcome::Failed) | None, _) => failed(&v.report),
            }
        };
        // "In the box the witnesses cosigned" is proven only if the verdict says witnessed.
        let statements = v
            .statements
            .iter()
            .map(|&(s, p)| match (&answer, s, p) {
                (Answer::NotWitnessed { .. }, Statement::InBox, Proof::Proven) => {
                    (s, Proof::Unwitnessed)
                }
                _ => (s, p),
            })
            .collect();
        Self {
            ballot: ballot.filter(|_| !matches!(answer, Answer::WrongElection { .. })),
            statements,
            remember: v.checkpoint_to_remember(),
            answer,
            listing,
        }
    }

    /// The verdict of a full audit, or of the election alone (manifest, trustees, checkpoint and
    /// witnesses: the banner's check), whose report covers only those checks.
    pub fn of_audit(v: &Verification, listing: Listing, witnessing: Witnessing) -> Self {
        let answer = if let Some(answer) = Self::cannot_speak(v) {
            answer
        } else if !v.report.all_passed() && !v.report.passed_but_unwitnessed() {
            failed(&v.report)
        } else if listing == Listing::Unlisted {
            Answer::Unlisted { found: true }
        } else {
            unwitnessed(&v.report, witnessing).unwrap_or(Answer::Verified)
        };
        Self {
            ballot: None,
            statements: Vec::new(),
            remember: v.checkpoint_to_remember(),
            answer,
            listing,
        }
    }

    /// Rules 1 and 2: a file that could not be had, or two boards.
    fn cannot_speak(v: &Verification) -> Option<Answer> {
        if !v.unreachable.is_empty() {
            return Some(Answer::CouldNotCheck);
        }
        two_boards(&v.report)
    }
}

/// The failed answer, naming the checks.
fn failed(report: &Report) -> Answer {
    Answer::Failed {
        checks: report.failed_checks(),
    }
}

/// Rule 6 for a report with no failure but, at most, too few cosignatures: `None` when the
/// checkpoint is witnessed (or witnesses were waived).
fn unwitnessed(report: &Report, witnessing: Witnessing) -> Option<Answer> {
    let short = report
        .check(CheckId::Witnesses)
        .into_iter()
        .flat_map(|c| &c.failures)
        .find_map(|f| match &f.reason {
            Reason::Witness {
                problem: WitnessProblem::NotWitnessed { cosigned, quorum },
            } => Some(Answer::NotWitnessed {
                cosigned: *cosigned,
                quorum: Some(*quorum),
            }),
            _ => None,
        });
    if short.is_some() {
        return short;
    }
    match (report.witness_quorum, witnessing) {
        (_, Witnessing::Waived) => None,
        (Some(quorum), _) if quorum > 0 => None,
        (quorum, Witnessing::Required) => Some(Answer::NotWitnessed {
            cosigned: 0,
            quorum,
        }),
    }
}

/// Rule 2: both checkpoints, when V-04 found the authority showed two boards.
fn two_boards(report: &Report) -> Option<Answer> {
    report
        .check(CheckId::Witnesses)?
        .failures
        .iter()
        .find_map(|f| {
            let Reason::Witness { problem } = &f.reason else {
                return None;
            };
            let (kind, remembered, seen) = match problem {
                WitnessProblem::SplitView { remembered, seen } => {
                    (TwoBoardsKind::SplitView, remembered, seen)
                }
                WitnessProblem::Rollback { remembered, seen } => {
                    (TwoBoardsKind::Rollback, remembered, seen)
                }
                WitnessProblem::NotExtension {
                    remembered, seen, ..
                } => (TwoBoardsKind::NotExtension, remembered, seen),
                WitnessProblem::AfterClose { remembered, seen } => {
                    (TwoBoardsKind::AfterClose, remembered, seen)
                }
                _ => return None,
            };
            Some(Answer::TwoBoards {
                kind,
                remembered: remembered.clone(),
                seen: seen.clone(),
            })
        })
}

impl Verification {
    /// The checkpoint worth remembering for next time: one that passed V-00 to V-03 and that V-04
    /// found consistent with what was seen before (too few cosignatures aside).
    pub fn checkpoint_to_remember(&self) -> Option<String> {
        self.checkpoint
            .clone()
            .filter(|_| self.report.checkpoint_consistent())
    }
}

/// What a checkpoint someone shared says against the one this verifier remembers for the same
/// election ("compare with others"). Only a checkpoint signed by the authority of a listed
/// election, for that election's origin, is compared at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    /// Not a checkpoint signed by the authority of an election this verifier knows.
    Unknown,
    /// This verifier has not verified this election's board.
    NothingToCompare,
    /// The same board.
    Same,
    /// Same size, another root: two boards, both signed by the authority.
    Different,
    /// Taken at different sizes: a check of the record compares them.
    OtherSize,
}

impl Comparison {
    /// Compares a shared checkpoint (already found signed by a listed election's authority for
    /// its origin) with the one remembered for that origin.
    pub fn of(shared: &Checkpoint, mine: Option<&Checkpoint>) -> Self {
        match mine {
            None => Self::NothingToCompare,
            Some(mine) if mine.size != shared.size => Self::OtherSize,
            Some(mine) if mine.root == shared.root => Self::Same,
            Some(_) => Self::Different,
        }
    }

    /// Its stable name (in page attributes).
    pub fn code(self) -> &'static str {
        match self {
            Self::Unknown => "compare-refused",
            Self::NothingToCompare | Self::OtherSize => "compare-not-run",
            Self::Same => "compare-verified",
            Self::Different => "compare-failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{CheckResult, ElectionSummary, Failure, Scope, Status};
    use crate::verify::UnreachableFile;
    use crate::FetchProblem;

    /// The fingerprint of the test record.
    const FINGERPRINT: &str = "d0a1905ea6686b3784ec57d275a5f009b1a34159932604f2910937bb2f37a597";
    const CHECKPOINT: &str = "castcheck.test/board\n2\nroot\n";

    fn report(scope: Scope, witnesses: CheckResult, quorum: Option<u64>) -> Report {
        let passed = |id| CheckResult {
            id,
            status: Status::Passed,
            checked: 1,
            failed: 0,
            failures: Vec::new(),
        };
        Report {
            scope,
            election: Some(ElectionSummary {
                election_id: "test".into(),
                title: "Test".into(),
                authority: "Party".into(),
                fingerprint: FINGERPRINT.into(),
                authority_key_fingerprint: "00".into(),
            }),
            checks: vec![
                passed(CheckId::Files),
                witnesses,
                passed(CheckId::Inclusion),
            ],
            ballots_verified: 1,
            precincts_verified: 1,
            witness_quorum: quorum,
        }
    }

    fn witnesses(problems: Vec<WitnessProblem>) -> CheckResult {
        CheckResult {
            id: CheckId::Witnesses,
            status: if problems.is_empty() {
                Status::Passed
            } else {
                Status::Failed
            },
            checked: 2,
            failed: problems.len() as u64,
            failures: problems
                .into_iter()
                .map(|problem| Failure::in_file("board/checkpoint", Reason::Witness { problem }))
                .collect(),
        }
    }

    fn found(kind: EntryKind) -> BallotFound {
        BallotFound {
            kind,
            precinct: "p1".into(),
            precinct_name: "One".into(),
            county_name: "County".into(),
            position: 3,
            tracker: "ab".into(),
            head_size: 9,
            head_time: 0,
            head_root: "cd".into(),
            opened: None,
        }
    }

    /// A witnessed voter's check (quorum 2, met) ending in `voter`.
    fn voter(voter: VoterOutcome) -> Verification {
        Verification {
            report: report(Scope::Voter, witnesses(vec![]), Some(2)),
            voter: Some(voter),
            manifest: None,
            checkpoint: Some(CHECKPOINT.into()),
            totals: None,
            unreachable: Vec::new(),
            statements: Vec::new(),
        }
    }

    fn listed() -> Listing {
        Listing::Listed("Test".into())
    }

    fn answer(v: &Verification, listing: Listing) -> Answer {
        Verdict::of_voter(v, listing, None, Witnessing::Required).answer
    }

    #[test]
    fn a_listed_witnessed_counted_ballot_is_the_one_green() {
        let v = voter(VoterOutcome::Verified(found(EntryKind::Cast)));
        let verdict = Verdict::of_voter(&v, listed(), None, Witnessing::Required);
        assert_eq!(verdict.answer, Answer::Verified);
        assert!(verdict.answer.is_green());
        assert_eq!(verdict.ballot, Some(found(EntryKind::Cast)));
        assert_eq!(verdict.remember.as_deref(), Some(CHECKPOINT));
    }

    #[test]
    fn a_challenged_ballot_is_all_well_but_not_green() {
        let v = voter(VoterOutcome::Verified(found(EntryKind::Challenged)));
        let a = answer(&v, listed());
        assert_eq!(a, Answer::Challenged);
        assert!(a.all_well() && !a.is_green());
    }

    #[test]
    fn an_unlisted_record_is_never_green_nor_says_a_ballot_is_missing() {
        let v = voter(VoterOutcome::Verified(found(EntryKind::Cast)));
        assert_eq!(
            answer(&v, Listing::Unlisted),
            Answer::Unlisted { found: true }
        );
        let v = voter(VoterOutcome::NotFound);
        assert_eq!(
            answer(&v, Listing::Unlisted),
            Answer::Unlisted { found: false }
        );
        assert_eq!(answer(&v, listed()), Answer::NotFound);
    }

    #[test]
    fn too_few_cosignatures_are_not_witnessed() {
        let mut v = voter(VoterOutcome::NotWitnessed(found(EntryKind::Cast)));
        v.report.checks[1] = witnesses(vec![WitnessProblem::NotWitnessed {
            cosigned: 1,
            quorum: 2,
        }]);
        let expected = Answer::NotWitnessed {
            cosigned: 1,
            quorum: Some(2),
        };
        assert_eq!(answer(&v, listed()), expected);
        // Waiving witnesses does not waive a policy that was given and failed.
        let waived = Verdict::of_voter(&v, listed(), None, Witnessing::Waived);
        assert_eq!(waived.answer, expected);
        assert!(!expected.all_well());
    }

    #[test]
    fn without_a_witness_policy_nothing_is_green_unless_witnesses_are_waived() {
        for quorum in [None, Some(0)] {
            let mut v = voter(VoterOutcome::Verified(found(EntryKind::Cast)));
            v.report.witness_quorum = quorum;
            v.statements = vec![(Statement::InBox, Proof::Proven)];
            let verdict = Verdict::of_voter(&v, Listing::Named, None, Witnessing::Required);
            assert_eq!(
                verdict.answer,
                Answer::NotWitnessed {
                    cosigned: 0,
                    quorum
                }
            );
            assert_eq!(
                verdict.statements,
                vec![(Statement::InBox, Proof::Unwitnessed)]
            );
            let waived = Verdict::of_voter(&v, Listing::Named, None, Witnessing::Waived);
            assert_eq!(waived.answer, Answer::Verified);
        }
    }

    #[test]
    fn a_receipt_of_another_election_gets_no_answer_about_its_ballot() {
        let v = voter(VoterOutcome::Verified(found(EntryKind::Cast)));
        let other = ElectionCode::of(&Digest([7; 32]));
        let verdict = Verdict::of_voter(&v, listed(), Some(other), Witnessing::Required);
        assert!(matches!(verdict.answer, Answer::WrongElection { .. }));
        assert_eq!(verdict.ballot, None);
        let own = Digest::from_hex(FINGERPRINT).map(|d| ElectionCode::of(&d));
        let verdict = Verdict::of_voter(&v, listed(), own, Witnessing::Required);
        assert_eq!(verdict.answer, Answer::Verified);
    }

    #[test]
    fn two_boards_are_their_own_red_verdict_and_are_not_remembered() {
        let cases = [
            (
                WitnessProblem::SplitView {
                    remembered: "a".into(),
                    seen: "b".into(),
                },
                TwoBoardsKind::SplitView,
            ),
            (
                WitnessProblem::Rollback {
                    remembered: "a".into(),
                    seen: "b".into(),
                },
                TwoBoardsKind::Rollback,
            ),
            (
                WitnessProblem::NotExtension {
                    remembered: "a".into(),
                    seen: "b".into(),
                    error: crate::merkle::ConsistencyError::OldRootMismatch,
                },
                TwoBoardsKind::NotExtension,
            ),
            (
                WitnessProblem::AfterClose {
                    remembered: "a".into(),
                    seen: "b".into(),
                },
                TwoBoardsKind::AfterClose,
            ),
        ];
        for (problem, kind) in cases {
            let mut v = voter(VoterOutcome::Failed);
            v.report.checks[1] = witnesses(vec![problem]);
            let verdict = Verdict::of_voter(&v, listed(), None, Witnessing::Required);
            assert_eq!(
                verdict.answer,
                Answer::TwoBoards {
                    kind,
                    remembered: "a".into(),
                    seen: "b".into()
                }
            );
            assert_eq!(verdict.remember, None);
            let audit = Verdict::of_audit(&v, listed(), Witnessing::Waived);
            assert_eq!(audit.answer.code(), "two-boards");
        }
    }

    #[test]
    fn a_failed_check_is_red_and_names_the_check() {
        let mut v = voter(VoterOutcome::Failed);
        v.report.checks[2].status = Status::Failed;
        let expected = Answer::Failed {
            checks: vec![CheckId::Inclusion],
        };
        assert_eq!(answer(&v, listed()), expected);
        assert_eq!(answer(&v, Listing::Unlisted), expected);
        assert_eq!(
            Verdict::of_audit(&v, listed(), Witnessing::Waived).answer,
            expected
        );
    }

    #[test]
    fn a_file_that_could_not_be_had_is_could_not_check() {
        let mut v = voter(VoterOutcome::Failed);
        v.unreachable.push(UnreachableFile {
            path: "manifest.json".into(),
            problem: FetchProblem::TimedOut { seconds: 30 },
        });
        assert_eq!(answer(&v, listed()), Answer::CouldNotCheck);
        assert_eq!(
            Verdict::of_audit(&v, listed(), Witnessing::Required).answer,
            Answer::CouldNotCheck
        );
    }

    #[test]
    fn audits_follow_the_same_rules() {
        let mut v = voter(VoterOutcome::Failed);
        v.voter = None;
        let audit = |v: &Verification, listing, w| Verdict::of_audit(v, listing, w).answer;
        assert_eq!(audit(&v, listed(), Witnessing::Required), Answer::Verified);
        assert_eq!(
            audit(&v, Listing::Named, Witnessing::Required),
            Answer::Verified
        );
        assert_eq!(
            audit(&v, Listing::Unlisted, Witnessing::Required),
            Answer::Unlisted { found: true }
        );
        v.report.witness_quorum = None;
        assert_eq!(
            audit(&v, Listing::Named, Witnessing::Required),
            Answer::NotWitnessed {
                cosigned: 0,
                quorum: None
            }
        );
        assert_eq!(
            audit(&v, Listing::Named, Witnessing::Waived),
            Answer::Verified
        );
    }

    #[test]
    fn shared_checkpoints_compare_by_size_then_root() {
        let at = |size, root| Checkpoint {
            origin: "o".into(),
            size,
            root: [root; 32],
            extensions: Vec::new(),
        };
        let shared = at(5, 1);
        assert_eq!(Comparison::of(&shared, None), Comparison::NothingToCompare);
        assert_eq!(Comparison::of(&shared, Some(&at(5, 1))), Comparison::Same);
        assert_eq!(
            Comparison::of(&shared, Some(&at(5, 2))),
            Comparison::Different
        );
        assert_eq!(
            Comparison::of(&shared, Some(&at(6, 1))),
            Comparison::OtherSize
        );
        assert_eq!(Comparison::Different.code(), "compare-failed");
        assert_eq!(Comparison::Same.code(), "compare-verified");
    }
}
