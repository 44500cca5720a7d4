//! Receipt codes: exhaustive typo detection and location over a sample of codes.
//!
//! receipt.rs claims the 24 symbols form a distance-3 Reed–Solomon codeword over GF(32), so that
//! every single substitution is detected *and located* (its group named), every two changed
//! symbols (so every transposition of neighbours) are detected, and a random string is a valid
//! code with probability 1/32² = 1/1024.

use castcheck_record::digest::Digest;
use castcheck_record::receipt::{
    ReceiptCode, ReceiptCodeError, ALPHABET, CODE_SYMBOLS, DATA_SYMBOLS, GROUPS, GROUP_SIZE,
};

/// SplitMix64: a small deterministic generator so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for chunk in out.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        out
    }
}

/// 260 trackers: edge patterns plus pseudo-random ones.
fn sample_trackers() -> Vec<Digest> {
    let mut out = vec![
        Digest([0; 32]),
        Digest([0xff; 32]),
        Digest([0xaa; 32]),
        Digest([0x55; 32]),
    ];
    // One bit set, at 32 of the 110 coded bits.
    for i in 0..32usize {
        let bit = i * 109 / 31;
        let mut b = [0u8; 32];
        b[bit / 8] = 0x80 >> (bit % 8);
        out.push(Digest(b));
    }
    let mut rng = Rng(0x5eed);
    while out.len() < 260 {
        out.push(Digest(rng.bytes()));
    }
    out
}

fn sample_codes() -> Vec<ReceiptCode> {
    sample_trackers()
        .iter()
        .map(ReceiptCode::from_digest)
        .collect()
}

fn symbols(s: &str) -> Vec<u8> {
    s.bytes().collect()
}

fn text(symbols: &[u8]) -> String {
    String::from_utf8(symbols.to_vec()).unwrap()
}

/// Groups the compact form in fours with dashes, as printed.
fn dashed(compact: &str) -> String {
    compact
        .as_bytes()
        .chunks(GROUP_SIZE)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("-")
}

#[test]
fn constants_describe_six_groups_of_four() {
    assert_eq!(CODE_SYMBOLS, 24);
    assert_eq!(DATA_SYMBOLS, 22);
    assert_eq!(GROUP_SIZE * GROUPS, CODE_SYMBOLS);
    assert_eq!(ALPHABET.len(), 32);
    for banned in [b'I', b'L', b'O', b'U'] {
        assert!(!ALPHABET.contains(&banned));
    }
    let mut sorted = ALPHABET.to_vec();
    sorted.dedup();
    assert_eq!(sorted.len(), 32, "alphabet symbols are distinct");
}

#[test]
fn sample_codes_are_distinct_and_well_formed() {
    let codes = sample_codes();
    assert!(codes.len() >= 200);
    let mut seen = std::collections::HashSet::new();
    for c in &codes {
        let compact = c.compact();
        assert_eq!(compact.len(), CODE_SYMBOLS);
        assert!(compact.bytes().all(|b| ALPHABET.contains(&b)), "{compact}");
        assert!(seen.insert(compact));
    }
}

/// The 22 data symbols are the first 110 bits of the receipt digest, most significant first.
#[test]
fn data_symbols_are_the_digests_first_110_bits() {
    for t in sample_trackers() {
        let code = ReceiptCode::from_digest(&t);
        let mut bits = String::new();
        for b in t.0 {
            bits.push_str(&format!("{b:08b}"));
        }
        let expected: String = (0..DATA_SYMBOLS)
            .map(|i| {
                let v = usize::from_str_radix(&bits[i * 5..i * 5 + 5], 2).unwrap();
                ALPHABET[v] as char
            })
            .collect();
        assert_eq!(code.lookup_key(), expected);
        assert_eq!(&code.compact()[..DATA_SYMBOLS], expected);
        // Flipping any of the 110 coded bits changes the code; later bits are not coded.
        for bit in [0usize, 7, 8, 55, 104, 109] {
            let mut other = t;
            other.0[bit / 8] ^= 0x80 >> (bit % 8);
            assert_ne!(ReceiptCode::from_digest(&other), code);
        }
        let mut beyond = t;
        beyond.0[13] ^= 0x80 >> 6; // bit 110, the first one not coded
        beyond.0[31] ^= 1;
        assert_eq!(ReceiptCode::from_digest(&beyond), code);
    }
}

#[test]
fn display_and_compact_round_trip() {
    for code in sample_codes() {
        let shown = code.to_string();
        assert_eq!(shown.len(), CODE_SYMBOLS + GROUPS - 1);
        assert_eq!(shown, dashed(&code.compact()));
        assert_eq!(ReceiptCode::parse(&shown), Ok(code));
        assert_eq!(ReceiptCode::parse(&code.compact()), Ok(code));
    }
}

#[test]
fn sloppy_typing_is_accepted() {
    for code in sample_codes() {
        let compact = code.compact();
        let shown = code.to_string();
        let variants = [
            shown.to_lowercase(),
            compact.to_lowercase(),
            shown.replace('-', " "),
            shown.replace('-', "  "),
            shown.replace('-', "\t"),
            format!("  {shown}\n"),
            compact
                .as_bytes()
                .chunks(GROUP_SIZE)
                .map(|c| std::str::from_utf8(c).unwrap().to_lowercase())
                .collect::<Vec<_>>()
                .join(" - "),
            shown.replace('0', "O"),
            shown.replace('0', "o"),
            shown.replace('1', "I"),
            shown.replace('1', "i"),
            shown.replace('1', "L"),
            shown.replace('1', "l"),
            compact.replace('0', "o").replace('1', "L").to_lowercase(),
            shown.replace('-', "\u{2010}"),
            shown.replace('-', "\u{2013}"),
        ];
        for v in variants {
            assert_eq!(ReceiptCode::parse(&v), Ok(code), "{v:?}");
        }
    }
}

/// Every one of 24 × 31 substitutions, for every sample code: rejected as a typo, and the
/// group named is the group of the changed symbol.
#[test]
fn every_single_substitution_is_rejected_and_located() {
    let mut checked = 0usize;
    let mut mislocated = Vec::new();
    for code in sample_codes() {
        let original = symbols(&code.compact());
        for pos in 0..CODE_SYMBOLS {
            for &sym in ALPHABET.iter() {
                if sym == original[pos] {
                    continue;
                }
                let mut typed = original.clone();
                typed[pos] = sym;
                let typed = text(&typed);
                let want = ReceiptCodeError::Mistyped {
                    group: Some(pos / GROUP_SIZE + 1),
                };
                match ReceiptCode::parse(&typed) {
                    Ok(c) => panic!("substitution at {pos} in {code} parsed as {c}"),
                    Err(e) if e == want => {}
                    Err(e) => mislocated.push((code.to_string(), pos, typed.clone(), e)),
                }
                // The same typo in the printed form names the same group.
                assert_eq!(ReceiptCode::parse(&dashed(&typed)), Err(want));
                checked += 1;
            }
        }
    }
    assert_eq!(checked, sample_codes().len() * CODE_SYMBOLS * 31);
    assert!(
        mislocated.is_empty(),
        "{} of {checked} substitutions were not located, e.g. {:?}",
        mislocated.len(),
        &mislocated[..mislocated.len().min(5)]
    );
}

/// Every swap of two different neighbouring symbols is rejected as a typo.
#[test]
fn every_adjacent_transposition_is_rejected() {
    let mut checked = 0usize;
    for code in sample_codes() {
        let original = symbols(&code.compact());
        for pos in 0..CODE_SYMBOLS - 1 {
            if original[pos] == original[pos + 1] {
                continue;
            }
            let mut typed = original.clone();
            typed.swap(pos, pos + 1);
            let typed = text(&typed);
            let result = ReceiptCode::parse(&typed);
            assert!(
                matches!(result, Err(ReceiptCodeError::Mistyped { .. })),
                "swap at {pos} of {code}: {result:?}"
            );
            assert!(ReceiptCode::parse(&dashed(&typed)).is_err());
            checked += 1;
        }
    }
    assert!(checked > 200 * 20, "{checked}");
}

/// Distance 3: any two changed symbols anywhere are detected (exhaustive for a few codes).
#[test]
fn every_double_substitution_is_rejected() {
    for code in sample_codes().into_iter().take(3) {
        let original = symbols(&code.compact());
        for i in 0..CODE_SYMBOLS {
            for j in i + 1..CODE_SYMBOLS {
                for &a in ALPHABET.iter().filter(|&&a| a != original[i]) {
                    for &b in ALPHABET.iter().filter(|&&b| b != original[j]) {
                        let mut typed = original.clone();
                        typed[i] = a;
                        typed[j] = b;
                        assert!(
                            ReceiptCode::parse(&text(&typed)).is_err(),
                            "{code}: positions {i} and {j} changed yet accepted"
                        );
                    }
                }
            }
        }
    }
}

/// Non-adjacent swaps are two substitutions, so they are caught too.
#[test]
fn every_transposition_of_distinct_symbols_is_rejected() {
    for code in sample_codes() {
        let original = symbols(&code.compact());
        for i in 0..CODE_SYMBOLS {
            for j in i + 1..CODE_SYMBOLS {
                if original[i] != original[j] {
                    let mut typed = original.clone();
                    typed.swap(i, j);
                    assert!(ReceiptCode::parse(&text(&typed)).is_err());
                }
            }
        }
    }
}

#[test]
fn characters_outside_the_alphabet_name_their_group() {
    for code in sample_codes().into_iter().take(40) {
        let compact = code.compact();
        for pos in 0..CODE_SYMBOLS {
            for bad in ['U', 'u', '*', '#', 'é'] {
                let mut typed: Vec<char> = compact.chars().collect();
                typed[pos] = bad;
                let typed: String = typed.into_iter().collect();
                let want = ReceiptCodeError::InvalidCharacter {
                    character: bad,
                    group: pos / GROUP_SIZE + 1,
                };
                assert_eq!(ReceiptCode::parse(&typed), Err(want.clone()), "{typed}");
                let printed = dashed_chars(&typed);
                assert_eq!(ReceiptCode::parse(&printed), Err(want), "{printed}");
            }
        }
    }
}

/// Like [`dashed`] for text that may hold non-ASCII characters.
fn dashed_chars(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .chunks(GROUP_SIZE)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[test]
fn wrong_lengths_are_rejected() {
    for code in sample_codes().into_iter().take(40) {
        let compact = code.compact();
        // A symbol missing or extra, anywhere.
        for pos in 0..CODE_SYMBOLS {
            let mut short = compact.clone();
            short.remove(pos);
            assert_eq!(
                ReceiptCode::parse(&short),
                Err(ReceiptCodeError::WrongLength { found: 23 })
            );
            for &extra in ALPHABET.iter() {
                let mut long = compact.clone();
                long.insert(pos, extra as char);
                assert_eq!(
                    ReceiptCode::parse(&long),
                    Err(ReceiptCodeError::WrongLength { found: 25 })
                );
            }
            // In the printed form a short group is named.
            let mut printed: Vec<char> = code.to_string().chars().collect();
            let idx = pos + pos / GROUP_SIZE; // skip the dashes before it
            printed.remove(idx);
            let printed: String = printed.into_iter().collect();
            assert_eq!(
                ReceiptCode::parse(&printed),
                Err(ReceiptCodeError::WrongGroupLength {
                    group: pos / GROUP_SIZE + 1,
                    found: GROUP_SIZE - 1
                }),
                "{printed}"
            );
        }
        assert_eq!(
            ReceiptCode::parse(&compact[..20]),
            Err(ReceiptCodeError::WrongLength { found: 20 })
        );
        assert_eq!(
            ReceiptCode::parse(&format!("{compact}{compact}")),
            Err(ReceiptCodeError::WrongLength { found: 48 })
        );
        let shown = code.to_string();
        assert_eq!(
            ReceiptCode::parse(&shown[..shown.len() - 5]),
            Err(ReceiptCodeError::WrongLength { found: 20 })
        );
        assert_eq!(
            ReceiptCode::parse(&format!("{shown}-ABCD")),
            Err(ReceiptCodeError::WrongLength { found: 28 })
        );
    }
    assert_eq!(ReceiptCode::parse(""), Err(ReceiptCodeError::Empty));
    assert_eq!(ReceiptCode::parse("  \n\t"), Err(ReceiptCodeError::Empty));
}

/// About 1 in 1024 random strings is a valid code: a random typo is told apart from a real
/// (unknown) code in all but ~0.1% of cases.
#[test]
fn about_one_random_string_in_1024_is_a_valid_code() {
    const N: usize = 200_000;
    let mut rng = Rng(0xc0de);
    let mut valid = 0usize;
    let mut located = 0usize;
    for _ in 0..N {
        let s: String = (0..CODE_SYMBOLS)
            .map(|_| ALPHABET[rng.below(32)] as char)
            .collect();
        match ReceiptCode::parse(&s) {
            Ok(c) => {
                assert_eq!(c.compact(), s);
                valid += 1;
            }
            Err(ReceiptCodeError::Mistyped { group: Some(g) }) => {
                assert!((1..=GROUPS).contains(&g));
                located += 1;
            }
            Err(ReceiptCodeError::Mistyped { group: None }) => {}
            Err(e) => panic!("{s}: unexpected {e:?}"),
        }
    }
    assert!(
        valid > N / 2048 && valid < N / 512,
        "{valid} of {N} random strings were valid codes"
    );
    // Both syndromes are non-zero with probability (31/32)², and then the located position
    // is one of the 24 real ones with probability 24/31.
    let expected = N as f64 * (31.0 / 32.0) * (31.0 / 32.0) * 24.0 / 31.0;
    assert!(
        (located as f64 - expected).abs() < expected * 0.05,
        "{located} located, about {expected:.0} expected"
    );
}

mod links {
    use castcheck_record::{ElectionCode, ReceiptCode, ReceiptLink, ReceiptLinkError};

    // A demo receipt's QR payload, as printed in demo/receipts.csv.
    const DEMO: &str = "http://127.0.0.1:8080/#/check/DJC7KNDT7B6JSJD8R3QHFHDX/T2GS0QN6FT";

    #[test]
    fn a_printed_payload_reads_back_to_itself() {
        let link = ReceiptLink::parse(DEMO).expect("a receipt link");
        assert_eq!(link.verifier_url, "http://127.0.0.1:8080/");
        assert_eq!(
            link.code,
            ReceiptCode::parse("DJC7-KNDT-7B6J-SJD8-R3QH-FHDX").unwrap()
        );
        assert_eq!(link.election, ElectionCode::parse("T2GS0-QN6FT").unwrap());
        assert_eq!(link.payload(), DEMO);
        assert!(link.is_for_verifier("HTTP://127.0.0.1:8080"));
        assert!(!link.is_for_verifier("https://evil.example/"));
        assert!(!link.is_for_verifier("http://127.0.0.1:8080/other/"));
    }

    #[test]
    fn other_qr_codes_are_not_receipts() {
        for text in [
            "WIFI:S:office;T:WPA;P:secret;;",
            "https://example.org/",
            "",
            "#/check/",
        ] {
            assert_eq!(
                ReceiptLink::parse(text),
                Err(ReceiptLinkError::NotAReceipt),
                "{text:?}"
            );
        }
        let typo = DEMO.replace("DJC7", "DJC8");
        assert_eq!(ReceiptLink::parse(&typo), Err(ReceiptLinkError::BadCode));
        let other = DEMO.replace("T2GS0QN6FT", "T2GS0QN6FV");
        assert_eq!(
            ReceiptLink::parse(&other),
            Err(ReceiptLinkError::BadElection)
        );
    }
}
