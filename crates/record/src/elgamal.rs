//! The one place that turns record JSON into elastic-elgamal values (Ristretto255).
//!
//! Record files keep cryptographic values in elastic-elgamal's own JSON shapes; decoding them
//! lazily lets one malformed value fail one check instead of the whole file.

use elastic_elgamal::{group::Ristretto, Ciphertext, PublicKey};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The group every key and ciphertext lives in.
pub type Group = Ristretto;
/// An ElGamal ciphertext.
pub type Ct = Ciphertext<Ristretto>;
/// An ElGamal public key.
pub type Key = PublicKey<Ristretto>;

/// A value is not in elastic-elgamal's JSON shape, or is not a valid group element or scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError;

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a valid encoding of a group element, scalar or proof")
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a value in elastic-elgamal's JSON shape, accepting only its one canonical encoding:
/// the value must be exactly what encoding the decoded value gives (no extra members, no other
/// base64 or point encoding), so no two encodings of one value can exist in a record.
pub fn decode<T: DeserializeOwned + serde::Serialize>(value: &Value) -> Result<T, DecodeError> {
    let decoded = T::deserialize(value).map_err(|_| DecodeError)?;
    match serde_json::to_value(&decoded) {
        Ok(again) if again == *value => Ok(decoded),
        _ => Err(DecodeError),
    }
}

/// Decodes a public key from its base64url text.
pub fn decode_key(text: &str) -> Result<Key, DecodeError> {
    decode(&Value::String(text.to_owned()))
}

/// Encodes a value in elastic-elgamal's JSON shape.
pub fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("elastic-elgamal values always serialize")
}

/// The JSON text of a public key.
pub fn encode_key(key: &Key) -> String {
    match encode(key) {
        Value::String(s) => s,
        _ => unreachable!("public keys serialize as strings"),
    }
}

/// Component-wise sum of equally long ciphertext vectors.
pub fn add_into(acc: &mut [Ct], add: &[Ct]) {
    for (a, b) in acc.iter_mut().zip(add) {
        *a += *b;
    }
}
