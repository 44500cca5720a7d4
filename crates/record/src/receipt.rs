//! Receipt codes: the short, typeable form of a ballot's tracker.
//!
//! A code is 24 Crockford base32 symbols in six groups of four: 22 symbols (110 bits) of the
//! tracker followed by two check symbols. The 24 symbols form a codeword of a Reed–Solomon code
//! over GF(32) with minimum distance 3: `Σ cᵢ = 0` and `Σ αⁱ cᵢ = 0`. Any one or two changed
//! symbols — so every substitution and every transposition of neighbours — are detected, and a
//! single substitution can be located, which lets us tell the voter which group looks wrong.

use crate::board::EntryKind;
use crate::canonical::{canonical_hash, tag};
use crate::digest::Digest;

/// Crockford's base32 alphabet (no I, L, O, U).
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols taken from the tracker.
pub const DATA_SYMBOLS: usize = 22;
/// Symbols in a whole code.
pub const CODE_SYMBOLS: usize = 24;
/// Symbols per group as printed.
pub const GROUP_SIZE: usize = 4;
/// Groups as printed.
pub const GROUPS: usize = CODE_SYMBOLS / GROUP_SIZE;

/// GF(32) with the primitive polynomial x⁵ + x² + 1; `EXP[i] = αⁱ`.
const EXP: [u8; 31] = {
    let mut t = [0u8; 31];
    let mut x: u8 = 1;
    let mut i = 0;
    while i < 31 {
        t[i] = x;
        x <<= 1;
        if x & 0x20 != 0 {
            x ^= 0b10_0101;
        }
        i += 1;
    }
    t
};

const LOG: [u8; 32] = {
    let mut t = [0u8; 32];
    let mut i = 0;
    while i < 31 {
        t[EXP[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        return 0;
    }
    EXP[(LOG[a as usize] as usize + LOG[b as usize] as usize) % 31]
}

fn div(a: u8, b: u8) -> u8 {
    debug_assert!(b != 0);
    if a == 0 {
        return 0;
    }
    EXP[(LOG[a as usize] as usize + 31 - LOG[b as usize] as usize) % 31]
}

fn alpha_pow(i: usize) -> u8 {
    EXP[i % 31]
}

/// The two syndromes `(Σ cᵢ, Σ αⁱ cᵢ)`; both zero for a valid code.
fn syndromes(symbols: &[u8]) -> (u8, u8) {
    symbols
        .iter()
        .enumerate()
        .fold((0, 0), |(s0, s1), (i, &c)| {
            (s0 ^ c, s1 ^ mul(alpha_pow(i), c))
        })
}

/// A well-formed receipt code (its check symbols are right).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReceiptCode([u8; CODE_SYMBOLS]);

/// Why typed text is not a receipt code. Groups are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptCodeError {
    /// Nothing was typed.
    Empty,
    /// A character that cannot appear in a code.
    InvalidCharacter {
        /// The character.
        character: char,
        /// Its group.
        group: usize,
    },
    /// The groups were typed apart and this one has the wrong number of characters.
    WrongGroupLength {
        /// The group.
        group: usize,
        /// Characters in it.
        found: usize,
    },
    /// Too few or too many characters in all.
    WrongLength {
        /// Characters typed.
        found: usize,
    },
    /// The check symbols do not match: a typo. `group` is where a single mistyped
    /// character would be, when that can be known.
    Mistyped {
        /// The group of a single mistyped character, when known.
        group: Option<usize>,
    },
}

impl std::fmt::Display for ReceiptCodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "no code was entered"),
            Self::InvalidCharacter { character, group } => {
                write!(
                    f,
                    "group {group} contains '{character}', which is not used in codes"
                )
            }
            Self::WrongGroupLength { group, found } => {
                write!(
                    f,
                    "group {group} has {found} characters instead of {GROUP_SIZE}"
                )
            }
            Self::WrongLength { found } => {
                write!(
                    f,
                    "a code has {CODE_SYMBOLS} characters; {found} were entered"
                )
            }
            Self::Mistyped { group: Some(g) } => write!(f, "group {g} looks mistyped"),
            Self::Mistyped { group: None } => write!(f, "the code looks mistyped"),
        }
    }
}

impl std::error::Error for ReceiptCodeError {}

/// The value of one typed character, accepting Crockford's look-alikes.
fn symbol_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u8)
}

fn is_separator(c: char) -> bool {
    c == '-' || c.is_whitespace() || c == '\u{2010}' || c == '\u{2013}'
}

/// Sets the last two symbols so that both syndromes vanish: with the data in positions
/// `0..n−2`, solve `c₁ + c₂ = s0` and `αⁿ⁻² c₁ + αⁿ⁻¹ c₂ = s1` (characteristic 2: minus is plus).
fn add_check_symbols(symbols: &mut [u8]) {
    let n = symbols.len();
    symbols[n - 2] = 0;
    symbols[n - 1] = 0;
    let (s0, s1) = syndromes(symbols);
    let last = div(
        s1 ^ mul(alpha_pow(n - 2), s0),
        alpha_pow(n - 2) ^ alpha_pow(n - 1),
    );
    symbols[n - 2] = s0 ^ last;
    symbols[n - 1] = last;
    debug_assert_eq!(syndromes(symbols), (0, 0));
}

/// The first `N − 2` five-bit symbols of `digest`, then two check symbols.
fn coded<const N: usize>(digest: &Digest) -> [u8; N] {
    let mut symbols = [0u8; N];
    for (i, s) in symbols.iter_mut().take(N - 2).enumerate() {
        *s = bits5(&digest.0, i * 5);
    }
    add_check_symbols(&mut symbols);
    symbols
}

impl ReceiptCode {
    /// The code of a ballot: its data symbols are the first 110 bits of
    /// `SHA-256(tag::RECEIPT || 0x00 || canonical {"kind", "tracker"})`, so the code says
    /// whether the voter cast or challenged the ballot.
    pub fn for_ballot(tracker: &Digest, kind: EntryKind) -> Self {
        let statement = BoardStatement { kind, tracker };
        match canonical_hash(tag::RECEIPT, &statement) {
            Ok(d) => Self::from_digest(&d),
            // A kind and a tracker always have a canonical form.
            Err(_) => Self([0; CODE_SYMBOLS]),
        }
    }

    /// The code whose data symbols are the first 110 bits of `digest`.
    pub fn from_digest(digest: &Digest) -> Self {
        Self(coded::<CODE_SYMBOLS>(digest))
    }

    /// Parses typed or scanned text, ignoring case, spaces and dashes.
    pub fn parse(text: &str) -> Result<Self, ReceiptCodeError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ReceiptCodeError::Empty);
        }
        let groups: Vec<&str> = text.split(is_separator).filter(|g| !g.is_empty()).collect();
        let mut symbols = Vec::with_capacity(CODE_SYMBOLS);
        for (g, group) in groups.iter().enumerate() {
            for c in group.chars() {
                let group_number = if groups.len() > 1 {
                    g + 1
                } else {
                    symbols.len() / GROUP_SIZE + 1
                };
                let v = symbol_value(c).ok_or(ReceiptCodeError::InvalidCharacter {
                    character: c,
                    group: group_number,
                })?;
                symbols.push(v);
            }
        }
        if groups.len() == GROUPS {
            if let Some((g, group)) = groups
                .iter()
                .enumerate()
                .find(|(_, g)| g.chars().count() != GROUP_SIZE)
            {
                return Err(ReceiptCodeError::WrongGroupLength {
                    group: g + 1,
                    found: group.chars().count(),
                });
            }
        }
        let symbols: [u8; CODE_SYMBOLS] = symbols
            .try_into()
            .map_err(|s: Vec<u8>| ReceiptCodeError::WrongLength { found: s.len() })?;
        match syndromes(&symbols) {
            (0, 0) => Ok(Self(symbols)),
            (0, _) | (_, 0) => Err(ReceiptCodeError::Mistyped { group: None }),
            (s0, s1) => {
                let position = LOG[div(s1, s0) as usize] as usize;
                let group = (position < CODE_SYMBOLS).then_some(position / GROUP_SIZE + 1);
                Err(ReceiptCodeError::Mistyped { group })
            }
        }
    }

    /// The 24 symbols without separators.
    pub fn compact(&self) -> String {
        self.0
            .iter()
            .map(|&v| ALPHABET[v as usize] as char)
            .collect()
    }

    /// The 22 tracker symbols: what the lookup index lists.
    pub fn lookup_key(&self) -> String {
        self.compact()[..DATA_SYMBOLS].to_string()
    }

    /// The first `bits` bits (at most 64) of the receipt digest the code was made from: the
    /// number of its index shard.
    pub fn leading_bits(&self, bits: u32) -> u64 {
        (0..bits.min(64) as usize).fold(0, |v, i| {
            let bit = (self.0[i / 5] >> (4 - i % 5)) & 1;
            (v << 1) | u64::from(bit)
        })
    }

    /// Whether this is the code of the ballot with `tracker`, cast or challenged as `kind`.
    pub fn matches(&self, tracker: &Digest, kind: EntryKind) -> bool {
        Self::for_ballot(tracker, kind) == *self
    }
}

/// Five bits of `bytes` starting at bit `start` (most significant first).
fn bits5(bytes: &[u8; 32], start: usize) -> u8 {
    let mut v = 0u8;
    for b in start..start + 5 {
        let bit = (bytes[b / 8] >> (7 - b % 8)) & 1;
        v = (v << 1) | bit;
    }
    v
}

impl std::fmt::Display for ReceiptCode {
    /// Six groups of four separated by dashes, as printed on receipts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let compact = self.compact();
        let groups: Vec<&str> = (0..GROUPS)
            .map(|g| &compact[g * GROUP_SIZE..(g + 1) * GROUP_SIZE])
            .collect();
        f.write_str(&groups.join("-"))
    }
}

impl std::fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReceiptCode({self})")
    }
}

/// What a receipt code commits to.
#[derive(serde::Serialize)]
struct BoardStatement<'a> {
    kind: EntryKind,
    tracker: &'a Digest,
}

/// Symbols of an election code: 8 from the fingerprint (40 bits) and 2 check symbols.
pub const ELECTION_CODE_SYMBOLS: usize = 10;

/// A short code for an election, printed on receipts beside the receipt code: the first 40 bits
/// of the fingerprint in the receipt alphabet, with two check symbols so a typo is caught.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ElectionCode([u8; ELECTION_CODE_SYMBOLS]);

impl ElectionCode {
    /// The code of the election with `fingerprint`.
    pub fn of(fingerprint: &Digest) -> Self {
        Self(coded::<ELECTION_CODE_SYMBOLS>(fingerprint))
    }

    /// Parses `XXXXX-XXXXX` (case, dashes and Crockford look-alikes do not matter); `None` for
    /// anything that is not a well-formed election code.
    pub fn parse(text: &str) -> Option<Self> {
        let symbols: Vec<u8> = text
            .chars()
            .filter(|c| !is_separator(*c))
            .map(symbol_value)
            .collect::<Option<_>>()?;
        let symbols: [u8; ELECTION_CODE_SYMBOLS] = symbols.try_into().ok()?;
        (syndromes(&symbols) == (0, 0)).then_some(Self(symbols))
    }

    /// The ten symbols without separators.
    pub fn compact(&self) -> String {
        self.0
            .iter()
            .map(|&v| ALPHABET[v as usize] as char)
            .collect()
    }
}

impl std::fmt::Display for ElectionCode {
    /// Two groups of five, as printed on receipts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.compact();
        write!(f, "{}-{}", &c[..5], &c[5..])
    }
}

impl std::fmt::Debug for ElectionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ElectionCode({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(i: u8) -> ReceiptCode {
        ReceiptCode::from_digest(&Digest(
            [i.wrapping_mul(37).wrapping_add(11); 32].map(|b| b ^ i),
        ))
    }

    #[test]
    fn election_codes_round_trip_and_catch_a_typo() {
        let fingerprint = Digest([0x3b; 32]);
        let code = ElectionCode::of(&fingerprint);
        assert_eq!(ElectionCode::parse(&code.to_string()), Some(code));
        assert_eq!(
            ElectionCode::parse(&code.compact().to_lowercase()),
            Some(code)
        );
        let mut typo = code.compact().into_bytes();
        typo[3] = if typo[3] == b'7' { b'8' } else { b'7' };
        assert_eq!(
            ElectionCode::parse(std::str::from_utf8(&typo).unwrap()),
            None
        );
        assert_eq!(ElectionCode::parse("3BAE"), None);
    }

    #[test]
    fn the_kind_changes_the_receipt_code() {
        let t = Digest([5; 32]);
        let cast = ReceiptCode::for_ballot(&t, EntryKind::Cast);
        let challenged = ReceiptCode::for_ballot(&t, EntryKind::Challenged);
        assert_ne!(cast, challenged);
        assert!(cast.matches(&t, EntryKind::Cast));
        assert!(!cast.matches(&t, EntryKind::Challenged));
    }

    #[test]
    fn field_tables_are_a_field() {
        for a in 1..32u8 {
            assert_eq!(mul(a, div(1, a)), 1);
        }
    }

    #[test]
    fn round_trip_through_display_and_sloppy_typing() {
        let code = sample(3);
        assert_eq!(ReceiptCode::parse(&code.to_string()), Ok(code));
        let sloppy = code
            .to_string()
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(ReceiptCode::parse(&sloppy), Ok(code));
    }

    #[test]
    fn invalid_character_names_its_group() {
        let mut s = sample(1).to_string();
        s.replace_range(6..7, "U");
        assert_eq!(
            ReceiptCode::parse(&s),
            Err(ReceiptCodeError::InvalidCharacter {
                character: 'U',
                group: 2
            })
        );
    }

    #[test]
    fn short_group_is_named() {
        let s = sample(1).to_string();
        let cut = format!("{}{}", &s[..11], &s[12..]);
        assert_eq!(
            ReceiptCode::parse(&cut),
            Err(ReceiptCodeError::WrongGroupLength { group: 3, found: 3 })
        );
    }
}

/// What a receipt's QR code carries: `<verifier_url>#/check/<receipt code>/<election code>`,
/// both codes without separators. Opened by a phone's camera app it is a link to the election's
/// verifier; scanned inside castcheck it is checked against the election being verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLink {
    /// The verifier the election's manifest names (`verifier_url`).
    pub verifier_url: String,
    /// The receipt code.
    pub code: ReceiptCode,
    /// The election code.
    pub election: ElectionCode,
}

/// Why scanned text is not a receipt link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptLinkError {
    /// No `#/check/<code>/<election code>` in it: some other QR code.
    NotAReceipt,
    /// The receipt code in it is not valid.
    BadCode,
    /// The election code in it is not valid.
    BadElection,
}

impl std::fmt::Display for ReceiptLinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReceiptLinkError::NotAReceipt => "this is not a castcheck receipt's QR code",
            ReceiptLinkError::BadCode => "the receipt code in this QR code is not valid",
            ReceiptLinkError::BadElection => "the election code in this QR code is not valid",
        })
    }
}

impl std::error::Error for ReceiptLinkError {}

/// The fragment that starts a receipt link's codes.
const CHECK_FRAGMENT: &str = "#/check/";

impl ReceiptLink {
    /// The QR code's text.
    pub fn payload(&self) -> String {
        format!(
            "{}{CHECK_FRAGMENT}{}/{}",
            self.verifier_url,
            self.code.compact(),
            self.election.compact()
        )
    }

    /// Reads scanned text.
    pub fn parse(text: &str) -> Result<Self, ReceiptLinkError> {
        let text = text.trim();
        let (verifier_url, codes) = text
            .split_once(CHECK_FRAGMENT)
            .ok_or(ReceiptLinkError::NotAReceipt)?;
        let (code, election) = codes.split_once('/').ok_or(ReceiptLinkError::NotAReceipt)?;
        Ok(Self {
            verifier_url: verifier_url.to_owned(),
            code: ReceiptCode::parse(code).map_err(|_| ReceiptLinkError::BadCode)?,
            election: ElectionCode::parse(election).ok_or(ReceiptLinkError::BadElection)?,
        })
    }

    /// Whether this link's verifier is `verifier_url` (a trailing slash or letter case in the
    /// scheme and host aside).
    pub fn is_for_verifier(&self, verifier_url: &str) -> bool {
        fn normal(url: &str) -> String {
            let url = url.trim().trim_end_matches('/');
            match url.split_once("://") {
                Some((scheme, rest)) => {
                    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                    format!(
                        "{}://{}/{path}",
                        scheme.to_ascii_lowercase(),
                        host.to_ascii_lowercase()
                    )
                }
                None => url.to_owned(),
            }
        }
        normal(&self.verifier_url) == normal(verifier_url)
    }
}
