//! Exact numbers for tally rules: no floating point anywhere.
//!
//! - [`Fraction`]: a small non-negative rational used in rules data (a viability percentage such as
//!   `"15"`, `"16.5"` or `"50/3"`); serialized as that string so JSON stays float-free.
//! - [`Fixed`]: a non-negative fixed-point amount with 12 decimal places, used for state delegate
//!   equivalents (SDEs). Published SDEs have 4 decimals; precinct SDE weights in the source data have
//!   up to 17, which are rounded (half up) to 12 — far below the 0.0001 publication precision.
//!
//! Every operation on these numbers is checked: values come from records and published tables, so
//! an overflow is reported (a [`NumberError`] or `None`), never wrapped or panicked on.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Why a number in rules data or a table could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NumberError {
    /// Nothing where a number was expected.
    Empty,
    /// Text that is not a plain decimal or whole number (signs, exponents, commas, ...).
    NotANumber {
        /// The text found.
        text: String,
    },
    /// More digits than castcheck computes with.
    TooLarge {
        /// The text found.
        text: String,
    },
    /// More decimal places than allowed.
    TooManyDecimals {
        /// The text found.
        text: String,
        /// The most decimal places allowed.
        max: u32,
    },
    /// A fraction `n/0`.
    ZeroDenominator {
        /// The text found.
        text: String,
    },
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => f.write_str("expected a number, found an empty value"),
            NumberError::NotANumber { text } => write!(f, "expected a number, found {text:?}"),
            NumberError::TooLarge { text } => write!(f, "number too large: {text:?}"),
            NumberError::TooManyDecimals { text, max } => {
                write!(f, "at most {max} decimal places: {text:?}")
            }
            NumberError::ZeroDenominator { text } => write!(f, "zero denominator in {text:?}"),
        }
    }
}

impl std::error::Error for NumberError {}

/// A non-negative rational number `num / den` (den > 0), kept in lowest terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fraction {
    num: u64,
    den: u64,
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Fraction {
    /// `num / den`; `None` if `den` is zero.
    pub fn new(num: u64, den: u64) -> Option<Fraction> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        Some(Fraction {
            num: num / g,
            den: den / g,
        })
    }

    /// A whole number.
    pub fn whole(n: u64) -> Fraction {
        Fraction { num: n, den: 1 }
    }

    /// The numerator (lowest terms).
    pub(crate) fn num(&self) -> u64 {
        self.num
    }

    /// The denominator (lowest terms, > 0).
    pub(crate) fn den(&self) -> u64 {
        self.den
    }

    /// Parses `"15"`, `"16.5"`, `"0.25"` or `"50/3"`.
    pub fn parse(s: &str) -> Result<Fraction, NumberError> {
        let s = s.trim();
        let text = || s.to_string();
        if let Some((a, b)) = s.split_once('/') {
            let num = parse_whole(a.trim())?;
            let den = parse_whole(b.trim())?;
            return Fraction::new(num, den).ok_or(NumberError::ZeroDenominator { text: text() });
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() && frac.is_empty() {
            return Err(NumberError::Empty);
        }
        if frac.len() > 9 {
            return Err(NumberError::TooManyDecimals {
                text: text(),
                max: 9,
            });
        }
        let int_v = if int.is_empty() { 0 } else { parse_whole(int)? };
        let frac_v = if frac.is_empty() {
            0
        } else {
            parse_whole(frac)?
        };
        // At most 9 places, so 10^places fits.
        let den = 10u64.pow(frac.len() as u32);
        let num = int_v
            .checked_mul(den)
            .and_then(|v| v.checked_add(frac_v))
            .ok_or(NumberError::TooLarge { text: text() })?;
        Ok(Fraction::new(num, den).unwrap_or(Fraction::whole(num)))
    }

    /// `ceil(self × x)`, exact; `u64 × u64` always fits in `u128`.
    pub fn ceil_mul(&self, x: u64) -> u128 {
        (self.num as u128 * x as u128).div_ceil(self.den as u128)
    }

    /// True when the fraction is more than `n`.
    pub fn exceeds(&self, n: u64) -> bool {
        self.num as u128 > n as u128 * self.den as u128
    }
}

/// Parses a plain whole number (ASCII digits only).
pub(crate) fn parse_whole(s: &str) -> Result<u64, NumberError> {
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber { text: s.into() });
    }
    s.parse::<u64>()
        .map_err(|_| NumberError::TooLarge { text: s.into() })
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            return write!(f, "{}", self.num);
        }
        // A decimal only when `parse` reads it back: at most 9 places and num × 10^places ÷ den
        // within u64 (10^places a multiple of den, i.e. den = 2^a 5^b); else n/d.
        let decimal = (0..=9u32)
            .map(|p| 10u64.pow(p))
            .find(|t| t.is_multiple_of(self.den))
            .and_then(|p| Some((p, self.num.checked_mul(p / self.den)?)));
        match decimal {
            Some((p, scaled)) => {
                let digits = p.ilog10() as usize;
                write!(f, "{}.{:0digits$}", scaled / p, scaled % p)
            }
            None => write!(f, "{}/{}", self.num, self.den),
        }
    }
}

impl Serialize for Fraction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Fraction::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Formats `num / den` as a decimal with `places` places, rounded half up (exact integer maths,
/// long division so nothing overflows; `places` beyond 38 is treated as 38).
pub fn format_ratio(num: u128, den: u128, places: u32) -> String {
    if den == 0 {
        return "undefined".to_string();
    }
    let places = places.min(38);
    let (mut int, mut rem) = (num / den, num % den);
    let mut digits = Vec::with_capacity(places as usize);
    for _ in 0..places {
        // rem < den; rem × 10 ÷ den without overflow: ten additions of rem modulo den.
        let mut digit = 0u8;
        let mut r = 0u128;
        for _ in 0..10 {
            let room = den - r;
            if rem >= room {
                r = rem - room;
                digit += 1;
            } else {
                r += rem;
            }
        }
        digits.push(digit);
        rem = r;
    }
    // Half up: 2 × rem ≥ den.
    if rem >= den - rem {
        let mut carry = true;
        for d in digits.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                carry = false;
                break;
            }
        }
        if carry {
            match int.checked_add(1) {
                Some(i) => int = i,
                None => return format!("{num}/{den}"),
            }
        }
    }
    if digits.is_empty() {
        return int.to_string();
    }
    let frac: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    format!("{int}.{frac}")
}

/// Number of decimal places kept by [`Fixed`].
pub const FIXED_PLACES: u32 = 12;
const FIXED_ONE: u128 = 1_000_000_000_000;

/// A non-negative fixed-point decimal with 12 places (value = raw / 10^12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fixed(pub u128);

impl Fixed {
    /// Zero.
    pub(crate) const ZERO: Fixed = Fixed(0);

    /// Parses a plain decimal string (`"0.1569"`, `"0"`, `"0.20199999999999999"`, `"12."`).
    /// Digits beyond 12 decimal places are rounded half up. Signs, exponents and spaces are
    /// rejected.
    pub fn parse(s: &str) -> Result<Fixed, NumberError> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() && frac.is_empty() {
            return Err(NumberError::Empty);
        }
        let ok = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if !ok(int) || !ok(frac) {
            return Err(NumberError::NotANumber { text: s.into() });
        }
        if int.len() > 15 || frac.len() > 40 {
            return Err(NumberError::TooLarge { text: s.into() });
        }
        // At most 15 + 12 digits: everything below fits in u128.
        let digits = |t: &str| t.bytes().fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
        let keep = frac.len().min(FIXED_PLACES as usize);
        let mut frac_v = digits(&frac[..keep]) * 10u128.pow(FIXED_PLACES - keep as u32);
        if frac.len() > keep && frac.as_bytes()[keep] >= b'5' {
            frac_v += 1;
        }
        Ok(Fixed(digits(int) * FIXED_ONE + frac_v))
    }

    /// The value rounded (half up) to `places` decimals, as text.
    pub fn display(&self, places: u32) -> String {
        format_ratio(self.0, FIXED_ONE, places)
    }

    /// `self × k ÷ n` (exact up to the 12th place, rounded half up); zero when `n` is zero,
    /// `None` when the product does not fit.
    pub fn mul_div(&self, k: u64, n: u64) -> Option<Fixed> {
        if n == 0 {
            return Some(Fixed::ZERO);
        }
        let num = self.0.checked_mul(k as u128)?;
        let n = n as u128;
        // round(num / n) = q + (r ≥ n − r), with no doubling that could overflow.
        let (q, r) = (num / n, num % n);
        Some(Fixed(q + u128::from(r >= n - r)))
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(&self, other: Fixed) -> Option<Fixed> {
        self.0.checked_add(other.0).map(Fixed)
    }

    /// Absolute difference.
    pub fn abs_diff(&self, other: Fixed) -> Fixed {
        Fixed(self.0.abs_diff(other.0))
    }

    /// `value × 10^-places` as a Fixed (e.g. `Fixed::unit(4)` = 0.0001).
    pub fn unit(places: u32) -> Fixed {
        Fixed(10u128.pow(FIXED_PLACES.saturating_sub(places)))
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shortest exact representation.
        let int = self.0 / FIXED_ONE;
        let frac = self.0 % FIXED_ONE;
        if frac == 0 {
            return write!(f, "{int}");
        }
        let s = format!("{:012}", frac);
        write!(f, "{int}.{}", s.trim_end_matches('0'))
    }
}

impl Serialize for Fixed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Fixed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Fixed::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_parse_and_display() {
        assert_eq!(Fraction::parse("15").unwrap(), Fraction::whole(15));
        assert_eq!(Fraction::parse("16.5").unwrap().to_string(), "16.5");
        assert_eq!(Fraction::parse("50/3").unwrap().to_string(), "50/3");
        assert_eq!(
            Fraction::parse("0.25").unwrap(),
            Fraction::new(1, 4).unwrap()
        );
        assert!(Fraction::parse("1e3").is_err());
        assert!(Fraction::parse("-1").is_err());
        assert_eq!(
            Fraction::parse("1/0"),
            Err(NumberError::ZeroDenominator { text: "1/0".into() })
        );
        assert_eq!(Fraction::new(15, 100).unwrap().ceil_mul(40), 6);
        assert_eq!(Fraction::new(15, 100).unwrap().ceil_mul(34), 6);
    }

    #[test]
    fn fixed_parse_and_round() {
        assert_eq!(Fixed::parse("0.1569").unwrap().display(4), "0.1569");
        assert_eq!(Fixed::parse("0").unwrap(), Fixed::ZERO);
        assert_eq!(
            Fixed::parse("0.20199999999999999").unwrap(),
            Fixed::parse("0.202").unwrap()
        );
        assert_eq!(
            Fixed::parse("0.6274509803921569").unwrap().display(6),
            "0.627451"
        );
        assert!(Fixed::parse("-0.1").is_err());
        assert!(Fixed::parse("").is_err());
        assert!(Fixed::parse("1,5").is_err());
        assert_eq!(format_ratio(81, 34, 3), "2.382");
        assert_eq!(Fixed::parse("1.5").unwrap().to_string(), "1.5");
    }
}
