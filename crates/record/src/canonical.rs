//! Canonical bytes: what is hashed or signed.
//!
//! Every hashed or signed object is encoded as `tag || 0x00 || canonical JSON`, where the tag is
//! an ASCII domain-separation string unique to that use and the canonical JSON is the compact
//! RFC 8785 form restricted to the values a record contains (ASCII object keys, integers below
//! 2^53, no floating-point numbers), so that any JCS implementation produces the same bytes.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::digest::Digest;

/// Domain-separation tags, one per use of a hash or signature.
pub mod tag {
    /// The election fingerprint: hash of the manifest.
    pub const MANIFEST: &str = "castcheck/v2/manifest";
    /// A ballot's tracker.
    pub const TRACKER: &str = "castcheck/v2/tracker";
    /// The data of a board leaf (hashed again with the RFC 6962 leaf prefix).
    pub const BOARD_LEAF: &str = "castcheck/v2/board-leaf";
    /// A signed tree head.
    pub const TREE_HEAD: &str = "castcheck/v2/tree-head";
    /// The authority key's fingerprint.
    pub const AUTHORITY_KEY: &str = "castcheck/v2/authority-key";
    /// A receipt code: a ballot's tracker and whether it was cast or challenged.
    pub const RECEIPT: &str = "castcheck/v2/receipt";
    /// The authority's seal on one record file.
    pub const FILE_SEAL: &str = "castcheck/v2/file-seal";
}

/// Largest integer a canonical value may hold (JavaScript's safe integer range).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why a value has no canonical encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanonicalError {
    /// The value contains a floating-point or out-of-range number.
    UnsupportedNumber(String),
    /// The value could not be converted to JSON at all.
    NotJson(String),
}

impl std::fmt::Display for CanonicalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnsupportedNumber(n) => write!(f, "number {n} has no canonical form"),
            Self::NotJson(e) => write!(f, "value is not JSON: {e}"),
        }
    }
}

/// `tag || 0x00 || canonical JSON of value`.
pub fn canonical_bytes<T: Serialize>(tag: &str, value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value = serde_json::to_value(value).map_err(|e| CanonicalError::NotJson(e.to_string()))?;
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(tag.as_bytes());
    out.push(0);
    write_canonical(&value, &mut out)?;
    Ok(out)
}

/// The canonical JSON of `value` alone (no tag): how every record file is written.
pub fn canonical_json<T: Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value = serde_json::to_value(value).map_err(|e| CanonicalError::NotJson(e.to_string()))?;
    let mut out = Vec::with_capacity(256);
    write_canonical(&value, &mut out)?;
    Ok(out)
}

/// SHA-256 of [`canonical_bytes`].
pub fn canonical_hash<T: Serialize>(tag: &str, value: &T) -> Result<Digest, CanonicalError> {
    Ok(Digest(Sha256::digest(canonical_bytes(tag, value)?).into()))
}

/// Writes `value` as canonical JSON (sorted keys, no white space).
pub fn write_canonical(value: &Value, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => match n.as_u64() {
            Some(u) if u <= MAX_SAFE_INTEGER => out.extend_from_slice(u.to_string().as_bytes()),
            _ => return Err(CanonicalError::UnsupportedNumber(n.to_string())),
        },
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            // Sort explicitly: serde_json's map may preserve insertion order in some builds.
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write_canonical(item, out)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

/// JSON string escaping as in RFC 8785 (ECMAScript `JSON.stringify`).
fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    // Runs of bytes that need no escape are copied whole (UTF-8 continuation and lead bytes are
    // all ≥ 0x80): record strings are mostly long base64.
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_and_output_is_compact() {
        let v = json!({"b": 1, "a": [true, null, "x\n\u{1}é"], "c": {"z": 0, "y": 2}});
        let mut out = Vec::new();
        write_canonical(&v, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a\":[true,null,\"x\\n\\u0001é\"],\"b\":1,\"c\":{\"y\":2,\"z\":0}}"
        );
    }

    #[test]
    fn floats_and_negative_numbers_are_rejected() {
        for v in [json!(1.5), json!(-1), json!(1u64 << 60)] {
            assert!(write_canonical(&v, &mut Vec::new()).is_err(), "{v}");
        }
    }

    #[test]
    fn tag_separates_uses() {
        let a = canonical_bytes("castcheck/v2/a", &json!({"x": 1})).unwrap();
        assert_eq!(&a[..15], b"castcheck/v2/a\0");
        assert_ne!(
            canonical_hash(tag::TRACKER, &json!(1)).unwrap(),
            canonical_hash(tag::MANIFEST, &json!(1)).unwrap()
        );
    }
}
