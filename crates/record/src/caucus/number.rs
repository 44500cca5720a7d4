//! Exact numbers for tally rules: no floating point anywhere.
//!
//! - [`Fraction`]: a small non-negative rational used in rules data (a viability percentage such as
//!   `"15"`, `"16.5"` or `"50/3"`); serialized as that string so JSON stays float-free.
//! - [`Fixed`]: a non-negative fixed-point amount with 12 decimal places, used for state delegate
//!   equivalents (SDEs). Published SDEs have 4 decimals; precinct SDE weights in the source data have
//!   up to 17, which are rounded (half up) to 12 — far below the 0.0001 publication precision.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

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

    pub fn num(&self) -> u64 {
        self.num
    }

    pub fn den(&self) -> u64 {
        self.den
    }

    /// Parses `"15"`, `"16.5"`, `"0.25"` or `"50/3"`.
    pub fn parse(s: &str) -> Result<Fraction, String> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once('/') {
            let num = parse_whole(a.trim())?;
            let den = parse_whole(b.trim())?;
            return Fraction::new(num, den).ok_or_else(|| format!("zero denominator in {s:?}"));
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(format!("not a number: {s:?}"));
        }
        if frac.len() > 9 {
            return Err(format!("at most 9 decimal places: {s:?}"));
        }
        let int_v = if int.is_empty() { 0 } else { parse_whole(int)? };
        let frac_v = if frac.is_empty() {
            0
        } else {
            parse_whole(frac)?
        };
        let den = 10u64.pow(frac.len() as u32);
        let num = int_v
            .checked_mul(den)
            .and_then(|v| v.checked_add(frac_v))
            .ok_or_else(|| format!("number too large: {s:?}"))?;
        Fraction::new(num, den).ok_or_else(|| format!("not a number: {s:?}"))
    }

    /// `ceil(self * x)`, exact.
    pub fn ceil_mul(&self, x: u64) -> u64 {
        let p = self.num as u128 * x as u128;
        p.div_ceil(self.den as u128) as u64
    }
}

fn parse_whole(s: &str) -> Result<u64, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("not a whole number: {s:?}"));
    }
    s.parse::<u64>()
        .map_err(|_| format!("number too large: {s:?}"))
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            return write!(f, "{}", self.num);
        }
        // Print as a terminating decimal when the denominator is 2^a 5^b, else as n/d.
        let mut d = self.den;
        while d.is_multiple_of(2) {
            d /= 2;
        }
        while d.is_multiple_of(5) {
            d /= 5;
        }
        if d == 1 {
            let mut digits = 0u32;
            while !10u64.pow(digits).is_multiple_of(self.den) {
                digits += 1;
            }
            let scaled = self.num * (10u64.pow(digits) / self.den);
            let p = 10u64.pow(digits);
            write!(
                f,
                "{}.{:0width$}",
                scaled / p,
                scaled % p,
                width = digits as usize
            )
        } else {
            write!(f, "{}/{}", self.num, self.den)
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

/// Formats `num / den` as a decimal with `places` places, rounded half up (exact integer maths).
pub fn format_ratio(num: u128, den: u128, places: u32) -> String {
    if den == 0 {
        return "undefined".to_string();
    }
    let p = 10u128.pow(places);
    let scaled = (num * p * 2 + den) / (den * 2);
    if places == 0 {
        return format!("{scaled}");
    }
    format!(
        "{}.{:0width$}",
        scaled / p,
        scaled % p,
        width = places as usize
    )
}

/// Number of decimal places kept by [`Fixed`].
pub const FIXED_PLACES: u32 = 12;
const FIXED_ONE: u128 = 1_000_000_000_000;

/// A non-negative fixed-point decimal with 12 places (value = raw / 10^12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fixed(pub u128);

impl Fixed {
    pub const ZERO: Fixed = Fixed(0);

    /// Parses a plain decimal string (`"0.1569"`, `"0"`, `"0.20199999999999999"`, `"12."`).
    /// Digits beyond 12 decimal places are rounded half up. Signs, exponents and spaces are
    /// rejected.
    pub fn parse(s: &str) -> Result<Fixed, String> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return Err("expected a decimal number, found an empty value".to_string());
        }
        let ok = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if !ok(int) || !ok(frac) {
            return Err(format!("expected a decimal number, found {s:?}"));
        }
        if int.len() > 15 || frac.len() > 40 {
            return Err(format!("decimal number too long: {s:?}"));
        }
        let int_v: u128 = if int.is_empty() {
            0
        } else {
            int.parse().unwrap_or(0)
        };
        let keep = frac.len().min(FIXED_PLACES as usize);
        let mut frac_v: u128 = if keep == 0 {
            0
        } else {
            frac[..keep].parse().unwrap_or(0)
        };
        frac_v *= 10u128.pow(FIXED_PLACES - keep as u32);
        if frac.len() > keep && frac.as_bytes()[keep] >= b'5' {
            frac_v += 1;
        }
        Ok(Fixed(int_v * FIXED_ONE + frac_v))
    }

    /// The value rounded (half up) to `places` decimals, as text.
    pub fn display(&self, places: u32) -> String {
        format_ratio(self.0, FIXED_ONE, places)
    }

    /// `self * k / n` (exact up to the 12th place, rounded half up).
    pub fn mul_div(&self, k: u64, n: u64) -> Fixed {
        if n == 0 {
            return Fixed::ZERO;
        }
        let num = self.0 * k as u128;
        Fixed((num * 2 + n as u128) / (2 * n as u128))
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
        assert!(Fraction::parse("1/0").is_err());
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
