//! End-to-end tests of the built `castcheck` binary: simulate, verify, lookup, export and receipt-code,
//! on fresh records, tampered copies, garbage input and the committed demo record.

mod common;

use std::path::{Path, PathBuf};

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use castcheck_record::note::Note;
use common::{
    assert_same_tree, authority_key, castcheck, copy_dir, edit_json, read_json, read_receipts,
    simulate_small, tree, Run,
};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// The precinct files of a record, sorted by path (relative to the record).
fn precinct_files(rec: &Path) -> Vec<String> {
    let files: Vec<String> = tree(rec)
        .into_keys()
        .filter(|k| k.starts_with("precincts/"))
        .collect();
    assert!(files.len() >= 2, "expected several precinct files");
    files
}

/// Runs `verify` on a tampered copy and asserts it fails, naming every check in `expected`.
#[track_caller]
fn assert_verify_fails(rec: &Path, expected: &[&str]) -> Vec<String> {
    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), rec]);
    run.expect_code(1);
    let failed = run.failed_checks();
    eprintln!("failed checks: {failed:?}");
    assert!(
        !failed.iter().any(|f| f == "V-00") || expected.contains(&"V-00"),
        "the edit should leave the files well-formed, but V-00 failed:\n{}",
        run.stdout
    );
    for id in expected {
        assert!(
            failed.iter().any(|f| f == id),
            "expected [FAIL] {id}; failed checks were {failed:?}\n--- stdout\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("NOT VERIFIED") && !run.stdout.contains("\nVERIFIED"),
        "a failed audit must not read as verified:\n{}",
        run.stdout
    );
    failed
}

/// A voter's lookup on a tampered record must fail and must not report the ballot as found.
#[track_caller]
fn assert_lookup_fails(rec: &Path, receipts: &Path) {
    let code = read_receipts(receipts)[0].code.clone();
    let run = castcheck(&[
        "lookup",
        "--no-witnesses",
        &rec.display().to_string(),
        &code,
    ]);
    run.expect_code(1);
    assert!(
        !run.stdout.contains("Found:") && run.stdout.contains("NOT VERIFIED"),
        "{}",
        run.stdout
    );
}

/// A fresh small record plus a copy of it to tamper with.
fn record_and_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempdir();
    let (rec, _) = simulate_small(dir.path());
    let copy = dir.path().join("tampered");
    copy_dir(&rec, &copy);
    // The untouched copy must verify, so any failure below is the edit's doing.
    castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &copy]).expect_code(0);
    (dir, rec, copy)
}

// ---------------------------------------------------------------------------------------------
// 1. Simulate then verify
// ---------------------------------------------------------------------------------------------

#[test]
fn simulated_record_verifies() {
    let dir = tempdir();
    let (rec, receipts) = simulate_small(dir.path());
    assert!(rec.join("manifest.json").is_file());
    assert!(receipts.is_file());

    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &rec]);
    run.expect_code(0);
    assert!(run.stdout.contains("VERIFIED"), "{}", run.stdout);
    assert!(!run.stdout.contains("NOT VERIFIED"), "{}", run.stdout);
    assert!(run.failed_checks().is_empty(), "{}", run.stdout);

    let run = castcheck(&[
        Path::new("verify"),
        Path::new("--no-witnesses"),
        Path::new("--json"),
        &rec,
    ]);
    run.expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("verify --json is not JSON ({e}):\n{}", run.stdout));
    assert_eq!(report["scope"], "audit");
    let checks = report["checks"].as_array().expect("checks is an array");
    let ids: Vec<&str> = checks.iter().filter_map(|c| c["id"].as_str()).collect();
    let expected: Vec<String> = (0..=17).map(|i| format!("V-{i:02}")).collect();
    assert_eq!(ids, expected, "the report lists every check once, in order");
    for c in checks {
        let status = c["status"].as_str().unwrap_or("<missing>");
        assert!(
            status == "passed" || status == "not-applicable",
            "check {} has status {status}: {c}",
            c["id"]
        );
    }
    // The challenged ballots exist, so V-15 really ran.
    assert_eq!(checks[15]["status"], "passed");
}

// ---------------------------------------------------------------------------------------------
// 2. Determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn same_seed_gives_identical_bytes() {
    let a = tempdir();
    let b = tempdir();
    let (rec_a, receipts_a) = simulate_small(a.path());
    let (rec_b, receipts_b) = simulate_small(b.path());
    assert_same_tree(&rec_a, &rec_b);
    assert_eq!(
        std::fs::read(&receipts_a).unwrap(),
        std::fs::read(&receipts_b).unwrap(),
        "receipts differ"
    );
    // And a different seed gives a different record, so the comparison can tell them apart.
    let c = tempdir();
    let rec_c = c.path().join("rec");
    let mut args: Vec<String> = vec!["simulate".into(), "--out".into()];
    args.push(rec_c.display().to_string());
    args.push("--receipts".into());
    args.push(c.path().join("receipts.csv").display().to_string());
    args.extend(common::SMALL.iter().map(|s| s.to_string()));
    *args.last_mut().unwrap() = "12".into();
    castcheck(&args).expect_code(0);
    assert_ne!(tree(&rec_a)["manifest.json"], tree(&rec_c)["manifest.json"]);
}

// ---------------------------------------------------------------------------------------------
// 3. Lookup
// ---------------------------------------------------------------------------------------------

#[test]
fn lookup_finds_every_receipt() {
    let dir = tempdir();
    let (rec, receipts) = simulate_small(dir.path());
    let receipts = read_receipts(&receipts);
    assert_eq!(receipts.len(), 64, "60 cast + 4 challenged");
    assert_eq!(
        receipts.iter().filter(|r| r.kind == "challenged").count(),
        4
    );
    for r in &receipts {
        let run = castcheck(&[
            "lookup",
            "--no-witnesses",
            &rec.display().to_string(),
            &r.code,
        ]);
        run.expect_code(0);
        let (want, not) = match r.kind.as_str() {
            "cast" => ("Found: cast and counted", "Found: challenged"),
            "challenged" => ("Found: challenged", "Found: cast and counted"),
            other => panic!("unknown kind {other:?}"),
        };
        assert!(
            run.stdout.contains(want) && !run.stdout.contains(not),
            "lookup {} ({}) printed:\n{}",
            r.code,
            r.kind,
            run.stdout
        );
        let headline = match r.kind.as_str() {
            "cast" => "\nVERIFIED: every check passed.",
            _ => "\nCHALLENGED: every check passed; this ballot was opened correctly",
        };
        assert!(run.stdout.contains(headline), "{}", run.stdout);

        // The JSON report agrees on precinct and kind; the QR payload's compact, lower-case
        // form of the code is accepted too. The payload ends with the election code.
        let (_, deep_link) = r.qr_payload.split_once("#/check/").unwrap();
        let (compact, election) = deep_link.split_once('/').unwrap();
        assert_eq!(
            election,
            r.election_code.replace('-', ""),
            "{}",
            r.qr_payload
        );
        let compact = compact.to_lowercase();
        assert_eq!(compact.len(), 24, "{}", r.qr_payload);
        let run = castcheck(&[
            "lookup",
            "--no-witnesses",
            "--json",
            &rec.display().to_string(),
            &compact,
        ]);
        run.expect_code(0);
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(v["voter"]["verdict"], "verified", "{}", r.code);
        assert_eq!(v["voter"]["kind"], r.kind.as_str(), "{}", r.code);
        assert_eq!(v["voter"]["precinct"], r.precinct.as_str(), "{}", r.code);
    }
}

#[test]
fn lookup_of_unknown_code_is_not_found() {
    let dir = tempdir();
    let (rec, receipts) = simulate_small(dir.path());
    let receipts = read_receipts(&receipts);
    let run = castcheck(&["receipt-code", "--tracker", &"ab".repeat(32)]);
    run.expect_code(0);
    let code = run.stdout.trim().to_owned();
    assert_eq!(code.len(), 29, "six groups of four with dashes: {code:?}");
    assert!(receipts.iter().all(|r| r.code != code));

    let run = castcheck(&[
        "lookup",
        "--no-witnesses",
        &rec.display().to_string(),
        &code,
    ]);
    run.expect_code(1);
    assert!(run.stdout.contains("NOT FOUND"), "{}", run.stdout);
    assert!(!run.stdout.contains("Found:"), "{}", run.stdout);

    // A tracker that is not 64 hex digits is unusable input.
    let run = castcheck(&["receipt-code", "--tracker", "abc"]);
    run.expect_code(2);
}

#[test]
fn lookup_of_mistyped_code_names_the_group() {
    let dir = tempdir();
    let (rec, receipts) = simulate_small(dir.path());
    let code = read_receipts(&receipts)[0].code.clone();
    for group in 1..=6usize {
        // Change the second character of the group to another valid symbol.
        let at = (group - 1) * 5 + 1;
        let old = code.as_bytes()[at] as char;
        let new = CROCKFORD.chars().find(|&c| c != old).unwrap();
        let mut typo = code.clone();
        typo.replace_range(at..at + 1, &new.to_string());
        let run = castcheck(&[
            "lookup",
            "--no-witnesses",
            &rec.display().to_string(),
            &typo,
        ]);
        run.expect_code(2);
        let message = format!("group {group} looks mistyped");
        assert!(
            run.stderr.contains(&message),
            "typo {typo} (from {code}): expected {message:?} in:\n{}",
            run.output()
        );
        assert!(!run.stdout.contains("Found:"), "{}", run.stdout);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Tampered records
// ---------------------------------------------------------------------------------------------

#[test]
fn changed_count_fails_v12() {
    let (_dir, _rec, copy) = record_and_copy();
    let file = &precinct_files(&copy)[0];
    edit_json(&copy, file, |v| {
        let n = &mut v["tally"][0]["decryption"]["values"][0];
        *n = Value::from(n.as_u64().expect("a count") + 1);
    });
    assert_verify_fails(&copy, &["V-12"]);
}

#[test]
fn flipped_proof_character_fails_v07() {
    let (_dir, _rec, copy) = record_and_copy();
    let file = precinct_files(&copy)[0].replacen("precincts/", "proofs/", 1);
    edit_json(&copy, &file, |v| {
        // The first option's 0/1 proof: its challenge c_0 follows the four 32-byte commitments.
        // Its lowest byte plus one: the scalar stays canonical but is wrong.
        let proof = &mut v["ballots"][1]["proofs"][0];
        let mut bytes = Base64UrlUnpadded::decode_vec(proof.as_str().unwrap()).unwrap();
        bytes[128] = bytes[128].wrapping_add(1);
        *proof = Value::from(Base64UrlUnpadded::encode_string(&bytes));
    });
    assert_verify_fails(&copy, &["V-07"]);
}

#[test]
fn deleted_ballot_fails_v10_and_v05() {
    let (_dir, _rec, copy) = record_and_copy();
    let file = &precinct_files(&copy)[0];
    edit_json(&copy, file, |v| {
        let ballots = v["ballots"].as_array_mut().unwrap();
        assert!(ballots.len() > 2);
        ballots.remove(1);
    });
    assert_verify_fails(&copy, &["V-10", "V-05"]);
}

#[test]
fn ballot_moved_to_another_precinct_fails_v09() {
    let (_dir, _rec, copy) = record_and_copy();
    let files = precinct_files(&copy);
    let (from, to) = (&files[0], &files[1]);
    let mut moved = None;
    edit_json(&copy, from, |v| {
        moved = Some(v["ballots"].as_array_mut().unwrap().remove(0));
    });
    edit_json(&copy, to, |v| {
        v["ballots"]
            .as_array_mut()
            .unwrap()
            .push(moved.take().unwrap());
    });
    assert_verify_fails(&copy, &["V-09"]);
}

/// Replaces the record's checkpoint with `text` signed by `key` under the checkpoint's key name.
fn resign_checkpoint(rec: &Path, text: &str, key: &SigningKey) {
    let path = rec.join("board/checkpoint");
    let note = Note::parse(&std::fs::read(&path).unwrap()).unwrap();
    let name = note.text.lines().next().unwrap().to_owned();
    // The signed-note standard by hand: key ID = SHA-256(name || 0x0A || 0x01 || key)[:4].
    let mut id_input = name.as_bytes().to_vec();
    id_input.extend([b'\n', 1]);
    id_input.extend(key.verifying_key().as_bytes());
    let id = &Sha256::digest(&id_input)[..4];
    let mut sig = id.to_vec();
    sig.extend(key.sign(text.as_bytes()).to_bytes());
    let line = format!("\u{2014} {name} {}\n", Base64::encode_string(&sig));
    std::fs::write(&path, format!("{text}\n{line}")).unwrap();
}

#[test]
fn a_checkpoint_signed_by_another_key_fails_v03() {
    let (_dir, rec, copy) = record_and_copy();
    let other = SigningKey::from_bytes(&[42u8; 32]);
    assert_ne!(other.verifying_key(), authority_key(&rec).verifying_key());
    let text = Note::parse(&std::fs::read(copy.join("board/checkpoint")).unwrap())
        .unwrap()
        .text;
    resign_checkpoint(&copy, &text, &other);
    assert_verify_fails(&copy, &["V-03"]);
    assert_lookup_fails(&copy, &rec.with_file_name("receipts.csv"));
}

#[test]
fn a_checkpoint_that_does_not_close_the_board_fails_v03() {
    let (_dir, rec, copy) = record_and_copy();
    let text = Note::parse(&std::fs::read(copy.join("board/checkpoint")).unwrap())
        .unwrap()
        .text;
    let open: String = text
        .lines()
        .filter(|l| !l.starts_with("closed "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(open, text);
    // Signed by the real authority: only the missing "closed" line is wrong.
    resign_checkpoint(&copy, &open, &authority_key(&rec));
    assert_verify_fails(&copy, &["V-03"]);
    assert_lookup_fails(&copy, &rec.with_file_name("receipts.csv"));
}

// ---------------------------------------------------------------------------------------------
// 5. Garbage input
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_directory_is_unusable() {
    let run = castcheck(&["verify", "--no-witnesses", "/nonexistent"]);
    run.expect_code(2);
    assert!(run.stderr.contains("/nonexistent"), "{}", run.output());

    let dir = tempdir();
    let missing = dir.path().join("no-such-record");
    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &missing]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(&missing.display().to_string()),
        "{}",
        run.output()
    );
}

#[test]
fn directory_without_manifest_is_unusable() {
    let dir = tempdir();
    std::fs::write(dir.path().join("heads.json"), b"{}").unwrap();
    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), dir.path()]);
    run.expect_code(2);
    assert!(run.stderr.contains("manifest.json"), "{}", run.output());

    // A file, not a directory.
    let file = dir.path().join("heads.json");
    castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &file]).expect_code(2);
}

#[test]
fn truncated_manifest_fails_v00_with_position() {
    let (_dir, _rec, copy) = record_and_copy();
    let path = copy.join("manifest.json");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &copy]);
    run.expect_code(1);
    assert!(
        run.failed_checks().iter().any(|c| c == "V-00"),
        "{}",
        run.stdout
    );
    let failures = run.failures_of("V-00");
    assert!(
        failures.contains("manifest.json")
            && failures.contains("line")
            && failures.contains("column"),
        "the V-00 failure should name the file and the parse error's position:\n{}",
        run.stdout
    );
}

#[test]
fn binary_precinct_file_fails_v00() {
    let (_dir, _rec, copy) = record_and_copy();
    let file = &precinct_files(&copy)[1];
    // Deterministic pseudo-random bytes (xorshift), not valid UTF-8 or JSON.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    std::fs::write(copy.join(file), bytes).unwrap();
    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &copy]);
    run.expect_code(1);
    assert!(
        run.failures_of("V-00").contains(file.as_str()),
        "the V-00 failure should name {file}:\n{}",
        run.stdout
    );
}

#[test]
fn garbage_json_in_every_file_never_panics() {
    let (_dir, rec, _copy) = record_and_copy();
    let names: Vec<String> = tree(&rec).into_keys().collect();
    let dir = tempdir();
    for (i, name) in names.iter().enumerate() {
        for (j, garbage) in [&b""[..], b"{\"heads\":7}", b"\xff\xfe"].iter().enumerate() {
            let copy = dir.path().join(format!("{i}-{j}"));
            copy_dir(&rec, &copy);
            std::fs::write(copy.join(name), garbage).unwrap();
            let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &copy]);
            // castcheck() already asserted there was no panic.
            assert!(
                run.code == Some(1) || run.code == Some(2),
                "{name} = {:?}: exit {:?}\n{}",
                String::from_utf8_lossy(garbage),
                run.code,
                run.output()
            );
            std::fs::remove_dir_all(&copy).unwrap();
        }
    }
}

/// A record missing its checkpoint or a tile is a record whose files are not all present: V-00.
#[test]
fn a_missing_checkpoint_or_tile_fails_v00() {
    for file in [
        "board/checkpoint",
        "board/tile/0/000.p/64",
        "board/tile/entries/000.p/64",
        "board/frontier",
    ] {
        let (_dir, _rec, copy) = record_and_copy();
        std::fs::remove_file(copy.join(file)).unwrap();
        let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &copy]);
        run.expect_code(1);
        assert!(run.failures_of("V-00").contains(file), "{}", run.stdout);
    }
}

/// Serves `dir` over HTTP on 127.0.0.1 until the returned flag is set (or for 120 s at most):
/// enough of HTTP/1.1 for the CLI's fetcher, one request per connection.
fn serve(dir: &Path) -> (String, std::sync::Arc<std::sync::atomic::AtomicBool>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (root, done) = (dir.to_owned(), stop.clone());
    std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !done.load(Ordering::Relaxed) && std::time::Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(std::time::Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or_default();
            let path = line
                .split(' ')
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/')
                .to_owned();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let (status, body) = match std::fs::read(root.join(&path)) {
                Ok(b) if !path.contains("..") => ("200 OK", b),
                _ => ("404 Not Found", b"not found".to_vec()),
            };
            let mut stream = stream;
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (url, stop)
}

/// `castcheck witness` cosigns a checkpoint consistent with the last it cosigned, and refuses a
/// split view (another board of the same size, signed by the authority) or a rollback, printing
/// both checkpoints; its state survives restarts, and concurrent runs leave it whole.
#[test]
fn a_witness_cosigns_once_and_refuses_a_split_view() {
    let dir = tempdir();
    let (rec, _) = simulate_small(dir.path());
    let key = dir.path().join("w.key");
    let state = dir.path().join("state.json");
    let made = castcheck(&[
        "witness-key".to_owned(),
        "--name".to_owned(),
        "witness.test/1".to_owned(),
        "--out".to_owned(),
        key.display().to_string(),
    ]);
    made.expect_code(0);
    let vkey = made.stdout.trim().to_owned();
    let witness = |record: &Path| {
        castcheck(&[
            "witness".to_owned(),
            record.display().to_string(),
            "--key".to_owned(),
            key.display().to_string(),
            "--state".to_owned(),
            state.display().to_string(),
        ])
    };
    let first = witness(&rec);
    first.expect_code(0);
    assert!(
        first.stdout.starts_with("\u{2014} witness.test/1 "),
        "{}",
        first.stdout
    );
    // Again, from the saved state: the same checkpoint is consistent with itself.
    witness(&rec).expect_code(0);
    // Concurrent runs: all succeed, and the state file stays one whole JSON object.
    let runs: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| witness(&rec))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in &runs {
        r.expect_code(0);
    }
    let saved = read_json(&state);
    assert_eq!(saved.as_object().unwrap().len(), 1);
    // The line verifies under the printed vkey, with a policy of quorum 1.
    let mut note = std::fs::read_to_string(rec.join("board/checkpoint")).unwrap();
    note.push_str(&first.stdout);
    std::fs::write(rec.join("board/checkpoint"), &note).unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(
        &policy,
        serde_json::json!({"quorum": 1, "witnesses": [vkey]}).to_string(),
    )
    .unwrap();
    let run = castcheck(&[Path::new("verify"), Path::new("--policy"), &policy, &rec]);
    run.expect_code(0);
    // The same record fetched over HTTP: the same checkpoint, cosigned again; a URL that is not a
    // record is unusable input.
    let (url, stop) = serve(&rec);
    let over_http = castcheck(&[
        "witness".to_owned(),
        url.clone(),
        "--key".to_owned(),
        key.display().to_string(),
        "--state".to_owned(),
        state.display().to_string(),
    ]);
    over_http.expect_code(0);
    assert!(over_http.stdout.starts_with("\u{2014} witness.test/1 "));
    castcheck(&[
        "witness".to_owned(),
        format!("{url}nothing/"),
        "--key".to_owned(),
        key.display().to_string(),
        "--state".to_owned(),
        state.display().to_string(),
    ])
    .expect_code(2);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    // Another board of the same size for the same election, signed by the authority: refused,
    // with both checkpoints as evidence, and the state is not changed.
    let before = std::fs::read(&state).unwrap();
    for (voters, challenged, what) in [("59", "5", "size"), ("61", "4", "extend")] {
        let fork_dir = tempdir();
        let fork = fork_dir.path().join("rec");
        let mut args = vec![
            "simulate".to_owned(),
            "--out".to_owned(),
            fork.display().to_string(),
            "--receipts".to_owned(),
            fork_dir.path().join("r.csv").display().to_string(),
        ];
        let mut small: Vec<String> = common::SMALL.iter().map(|s| s.to_string()).collect();
        small[1] = voters.to_owned();
        small[9] = challenged.to_owned();
        args.extend(small);
        castcheck(&args).expect_code(0);
        let refused = witness(&fork);
        refused.expect_code(1);
        assert!(
            refused.stderr.contains("REFUSED"),
            "{what}: {}",
            refused.stderr
        );
        assert!(
            refused
                .stderr
                .contains("The checkpoint this witness cosigned before")
                && refused
                    .stderr
                    .contains("The checkpoint the record shows now"),
            "{}",
            refused.stderr
        );
        assert_eq!(std::fs::read(&state).unwrap(), before, "state unchanged");
    }
}

// ---------------------------------------------------------------------------------------------
// 6. The committed demo record
// ---------------------------------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn committed_demo_verifies_and_regenerates_identically() {
    let root = repo_root();
    let demo = root.join("public/demo");
    let receipts = root.join("demo/receipts.csv");
    assert!(demo.join("manifest.json").is_file(), "{}", demo.display());

    let policy = root.join("demo/witness-policy.json");
    let run = castcheck(&[Path::new("verify"), Path::new("--policy"), &policy, &demo]);
    run.expect_code(0);
    assert!(run.stdout.contains("VERIFIED: every check passed"));
    assert!(run.stdout.contains("[PASS] V-04"), "{}", run.stdout);

    // The exact commands of scripts/make-demo.sh.
    let dir = tempdir();
    let out = dir.path().join("demo");
    let out_receipts = dir.path().join("receipts.csv");
    let out_keys = dir.path().join("authority-key.json");
    castcheck(&[
        "simulate",
        "--out",
        &out.display().to_string(),
        "--receipts",
        &out_receipts.display().to_string(),
        "--keys",
        &out_keys.display().to_string(),
        "--voters",
        "2400",
        "--precincts",
        "24",
        "--challenged",
        "12",
        "--seed",
        "2026",
        "--verifier-url",
        "http://127.0.0.1:8080/",
    ])
    .expect_code(0);
    for i in 1..=2 {
        castcheck(&[
            "witness".to_owned(),
            out.display().to_string(),
            "--key".to_owned(),
            root.join(format!("demo/witness-{i}.key"))
                .display()
                .to_string(),
            "--state".to_owned(),
            dir.path()
                .join(format!("witness-{i}.json"))
                .display()
                .to_string(),
            "--attach".to_owned(),
            "--time".to_owned(),
            "1780345800".to_owned(),
        ])
        .expect_code(0);
    }
    assert_same_tree(&demo, &out);
    assert!(
        std::fs::read(&receipts).unwrap() == std::fs::read(&out_receipts).unwrap(),
        "demo/receipts.csv differs from a fresh simulation"
    );
    assert!(
        std::fs::read(root.join("demo/authority-key.json")).unwrap()
            == std::fs::read(&out_keys).unwrap(),
        "demo/authority-key.json differs from a fresh simulation"
    );
    // The receipts name every board entry.
    let lines = read_receipts(&receipts);
    assert_eq!(lines.len(), 2400 + 12);
}

/// The app's list of known elections (public/elections.json) names the committed demo: its
/// fingerprint as the audit reports it and its authority key as its manifest gives it.
#[test]
fn the_apps_list_of_elections_names_the_demo() {
    let root = repo_root();
    let run = castcheck(&[
        Path::new("verify"),
        Path::new("--no-witnesses"),
        Path::new("--json"),
        &root.join("public/demo"),
    ]);
    run.expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let manifest = read_json(&root.join("public/demo/manifest.json"));
    let list = read_json(&root.join("public/elections.json"));
    let demo = &list["elections"][0];
    assert_eq!(demo["fingerprint"], report["election"]["fingerprint"]);
    assert_eq!(demo["authority_key"], manifest["authority"]["signing_key"]);
    assert_eq!(demo["record"], "demo/");
}

// ---------------------------------------------------------------------------------------------
// Export: the document validates against NIST's own published JSON Schema (copied with its
// notice into `tests/nist-1500-100/`), carries the verified numbers, and nothing is exported
// from a record that does not verify.
// ---------------------------------------------------------------------------------------------

fn nist_validator() -> jsonschema::Validator {
    let schema: Value = read_json(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/nist-1500-100/NIST_V2_election_results_reporting.json"),
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("NIST's schema compiles")
}

fn violations(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn export_demo(dir: &Path) -> Value {
    let out = dir.join("results.json");
    castcheck(&[
        Path::new("export"),
        Path::new("--format"),
        Path::new("nist-1500-100"),
        &repo_root().join("public/demo"),
        Path::new("--out"),
        &out,
    ])
    .expect_code(0);
    read_json(&out)
}

#[test]
fn demo_export_is_valid_nist_1500_100() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let doc = export_demo(dir.path());
    let errors = violations(&nist_validator(), &doc);
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
}

#[test]
fn the_validator_catches_a_broken_document() {
    // The schema test above can fail: a document missing a required field, or with a reporting
    // unit type outside NIST's list, is refused.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let validator = nist_validator();
    let mut doc = export_demo(dir.path());
    doc.as_object_mut().expect("an object").remove("Issuer");
    assert!(!violations(&validator, &doc).is_empty());
    let mut doc = export_demo(dir.path());
    doc["GpUnit"][0]["Type"] = Value::from("galaxy");
    assert!(!violations(&validator, &doc).is_empty());
}

#[test]
fn export_carries_the_verified_totals() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let doc = export_demo(dir.path());
    let totals: Value = read_json(&repo_root().join("public/demo/totals.json"));
    let election = &totals["body"]["election"];
    let report_ballots = doc["Election"][0]["BallotCounts"]
        .as_array()
        .expect("ballot counts")
        .iter()
        .find(|b| b["GpUnitId"] == "ru-election")
        .expect("the election's ballot count")["BallotsCast"]
        .clone();
    assert_eq!(report_ballots, election["ballots"]);
    // Every option's statewide vote count is the published, verified count.
    let contest = &doc["Election"][0]["Contest"][0];
    for (i, selection) in contest["ContestSelection"]
        .as_array()
        .expect("selections")
        .iter()
        .enumerate()
    {
        let total = selection["VoteCounts"]
            .as_array()
            .expect("vote counts")
            .iter()
            .find(|c| c["GpUnitId"] == "ru-election" && c["Type"] == "total")
            .expect("a statewide total")["Count"]
            .clone();
        assert_eq!(total, election["contests"][0]["counts"][i]);
    }
}

#[test]
fn tampered_record_is_not_exported() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copy = dir.path().join("rec");
    copy_dir(&repo_root().join("public/demo"), &copy);
    // The demo authority's key, where the resealing helper looks for it: the tampered copy is
    // sealed by the authority, as an attacker holding its key would do.
    std::fs::copy(
        repo_root().join("demo/authority-key.json"),
        dir.path().join("rec.keys.json"),
    )
    .expect("the demo key");
    // One precinct's published count raised by one: V-12 fails, so nothing may be exported.
    let precinct = std::fs::read_dir(copy.join("precincts"))
        .expect("precincts")
        .flatten()
        .map(|e| format!("precincts/{}", e.file_name().to_string_lossy()))
        .min()
        .expect("a precinct file");
    edit_json(&copy, &precinct, |v| {
        let n = &mut v["tally"][0]["decryption"]["values"][0];
        *n = Value::from(n.as_u64().expect("a count") + 1);
    });
    let out = dir.path().join("results.json");
    let run = castcheck(&[
        Path::new("export"),
        Path::new("--format"),
        Path::new("nist-1500-100"),
        &copy,
        Path::new("--out"),
        &out,
    ]);
    run.expect_code(1);
    assert!(!out.exists(), "nothing may be written for a failed audit");
    assert!(run.stderr.contains("Nothing exported"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Record archives: a .tar or .zip of the record, made by GNU tar and Info-ZIP
// ---------------------------------------------------------------------------------------------

/// Runs an archiving tool in `dir`.
fn archive_tool(dir: &Path, program: &str, args: &[&str]) {
    let status = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(status.success(), "{program} {args:?} failed");
}

#[test]
fn record_archives_verify_like_the_directory() {
    let dir = tempdir();
    let (rec, receipts) = simulate_small(dir.path());
    let code = read_receipts(&receipts)[0].code.clone();
    // A tar of the record's parent (entries under "rec/") and a deflated zip of the record itself.
    archive_tool(dir.path(), "tar", &["-cf", "rec.tar", "rec"]);
    archive_tool(&rec, "zip", &["-q", "-r", "-9", "../rec.zip", "."]);
    for archive in ["rec.tar", "rec.zip"] {
        let path = dir.path().join(archive);
        castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &path]).expect_code(0);
        let run = castcheck(&[
            "lookup",
            "--no-witnesses",
            &path.display().to_string(),
            &code,
        ]);
        run.expect_code(0);
        assert!(run.stdout.contains("Found:"), "{}", run.stdout);
    }
}

#[test]
fn tampered_or_broken_archives_are_refused() {
    let (dir, _rec, copy) = record_and_copy();
    // A count changed inside the archive, by someone without the authority's key: the seal fails.
    let file = &precinct_files(&copy)[0];
    let path = copy.join(file);
    let mut v = read_json(&path);
    let n = &mut v["body"]["tally"][0]["decryption"]["values"][0];
    *n = Value::from(n.as_u64().expect("a count") + 1);
    std::fs::write(&path, serde_json::to_vec(&v).expect("json")).expect("write");
    archive_tool(&copy, "zip", &["-q", "-r", "../tampered.zip", "."]);
    let run = castcheck(&[
        Path::new("verify"),
        Path::new("--no-witnesses"),
        &dir.path().join("tampered.zip"),
    ]);
    run.expect_code(1);
    assert!(
        run.failed_checks()
            .iter()
            .any(|c| c == "V-17" || c == "V-00"),
        "{}",
        run.stdout
    );

    // Cut short: unusable input, said plainly.
    let tar = dir.path().join("rec.tar");
    archive_tool(dir.path(), "tar", &["-cf", "rec.tar", "rec"]);
    let bytes = std::fs::read(&tar).expect("the tar");
    let cut = dir.path().join("cut.tar");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &cut]);
    run.expect_code(2);
    assert!(run.stderr.contains("cut short"), "{}", run.stderr);

    // Not an archive at all.
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"not an archive").expect("write");
    let run = castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &junk]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("neither a .tar nor a .zip"),
        "{}",
        run.stderr
    );

    // An entry that climbs out of the record.
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(outside.join("inner")).expect("mkdir");
    std::fs::write(outside.join("evil.json"), b"{}").expect("write");
    std::fs::write(outside.join("inner/manifest.json"), b"{}").expect("write");
    archive_tool(
        &outside.join("inner"),
        "zip",
        &["-q", "../../evil.zip", "manifest.json", "../evil.json"],
    );
    let run = castcheck(&[
        Path::new("verify"),
        Path::new("--no-witnesses"),
        &dir.path().join("evil.zip"),
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("unsafe path"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Printable receipts
// ---------------------------------------------------------------------------------------------

/// `castcheck receipts` of `receipts` (a CSV) in the record `rec`, written to `out`, in `lang`.
fn print_receipts(rec: &Path, receipts: &Path, out: &Path, lang: &str) -> Run {
    castcheck(&[
        Path::new("receipts"),
        Path::new("--record"),
        rec,
        Path::new("--receipts"),
        receipts,
        Path::new("--out"),
        out,
        Path::new("--lang"),
        Path::new(lang),
    ])
}

#[test]
fn receipts_print_one_card_each_with_its_qr_code() {
    let dir = tempdir();
    let (rec, receipts) = simulate_small(dir.path());
    let out = dir.path().join("print/receipts.html");
    print_receipts(&rec, &receipts, &out, "en").expect_code(0);
    let html = std::fs::read_to_string(&out).expect("the receipts document");
    let rows = read_receipts(&receipts);
    assert_eq!(html.matches("<article").count(), rows.len());
    assert_eq!(html.matches("<svg").count(), rows.len());
    for r in &rows {
        assert!(
            html.contains(&format!("data-code=\"{}\"", r.code)),
            "{}",
            r.code
        );
    }
    let challenged = rows.iter().filter(|r| r.kind == "challenged").count();
    assert!(challenged > 0);
    assert_eq!(
        html.matches("class=\"receipt challenged\"").count(),
        challenged
    );
    // A challenged ballot is opened for anyone with its code: its receipt never promises secrecy.
    for card in html.split("<article").skip(1) {
        let secret = card.contains("nobody can learn your vote");
        let opened = card.contains("anyone with this code can see what it contained");
        let is_challenged = card.starts_with(" class=\"receipt challenged\"");
        assert_eq!((secret, opened), (!is_challenged, is_challenged), "{card}");
    }

    // In Spanish: the page says so, links the other languages, and keeps the challenged card's
    // warning; an unknown language is refused.
    let es = dir.path().join("print/es.html");
    print_receipts(&rec, &receipts, &es, "es").expect_code(0);
    let es = std::fs::read_to_string(&es).expect("the Spanish receipts");
    assert!(es.contains("<html lang=\"es\" dir=\"ltr\">"));
    for file in ["index.html", "es.html", "vi.html", "ar.html"] {
        assert!(es.contains(&format!("href=\"{file}\"")), "{file}");
    }
    assert!(es.contains("window.print()"));
    assert_eq!(
        es.matches("cualquiera con este código puede ver lo que contenía")
            .count(),
        challenged
    );
    assert!(!es.contains("nobody can learn"));
    print_receipts(&rec, &receipts, &dir.path().join("xx.html"), "xx").expect_code(2);

    // A row whose QR payload is not a receipt link is refused, not printed.
    let text = std::fs::read_to_string(&receipts).expect("receipts");
    let broken = dir.path().join("broken.csv");
    let first = &rows[0];
    std::fs::write(
        &broken,
        text.replace(&first.qr_payload, "https://example.org/"),
    )
    .expect("write");
    let run = print_receipts(&rec, &broken, &dir.path().join("broken.html"), "en");
    run.expect_code(2);
    assert!(
        run.stderr.contains("not a castcheck receipt"),
        "{}",
        run.stderr
    );
}

/// Without a witness policy nothing shows that others see the same board: `verify` and `lookup`
/// say NOT WITNESSED and exit 3, never VERIFIED, unless witnesses are waived on purpose.
#[test]
fn without_a_witness_policy_nothing_is_verified() {
    let dir = tempdir();
    let (rec, receipts) = simulate_small(dir.path());
    let code = read_receipts(&receipts)[0].code.clone();
    let runs = [
        castcheck(&[Path::new("verify"), &rec]),
        castcheck(&["lookup", &rec.display().to_string(), &code]),
    ];
    for run in &runs {
        run.expect_code(3);
        assert!(run.stdout.contains("NOT WITNESSED: "), "{}", run.stdout);
        assert!(!run.stdout.contains("VERIFIED"), "{}", run.stdout);
    }
    let json = castcheck(&[Path::new("verify"), Path::new("--json"), &rec]);
    json.expect_code(3);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["verdict"]["answer"], "not-witnessed");
    assert_eq!(report["verdict"]["quorum"], Value::Null);
    // Waiving witnesses together with a policy is refused as unusable input.
    castcheck(&[
        Path::new("verify"),
        Path::new("--no-witnesses"),
        Path::new("--policy"),
        &rec.join("manifest.json"),
        &rec,
    ])
    .expect_code(2);
}

/// The terminal-injection attack: a record whose title carries ANSI escapes that would erase the
/// lines above and print a verdict of their own. The audit fails, and no
/// byte of the record reaches the terminal as a control character: the text never says VERIFIED.
#[test]
fn a_hostile_title_cannot_write_a_verdict_on_the_terminal() {
    let (dir, _rec, copy) = record_and_copy();
    let forged = "Demo\u{1b}[2K\u{1b}[1A\rVERIFIED: every check passed.\n\u{202e}\u{1b}[8m";
    edit_json(&copy, "manifest.json", |m| m["title"] = Value::from(forged));
    let receipts = dir.path().join("receipts.csv");
    let code = read_receipts(&receipts)[0].code.clone();
    for run in [
        castcheck(&[Path::new("verify"), Path::new("--no-witnesses"), &copy]),
        castcheck(&[
            "lookup",
            "--no-witnesses",
            &copy.display().to_string(),
            &code,
        ]),
    ] {
        run.expect_code(1);
        assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{202e}'));
        assert!(
            !run.stdout.lines().any(|l| l.starts_with("VERIFIED")),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("NOT VERIFIED"), "{}", run.stdout);
    }
}
