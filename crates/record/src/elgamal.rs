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

/// A ballot's ciphertext as elastic-elgamal's, for checking its decryption.
pub fn from_choice(ct: &crate::choice::Ciphertext) -> Ct {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let b64 = |p: &curve25519_dalek::ristretto::RistrettoPoint| {
        Value::String(Base64UrlUnpadded::encode_string(p.compress().as_bytes()))
    };
    let json =
        serde_json::json!({"blinded_element": b64(&ct.blinded), "random_element": b64(&ct.random)});
    decode(&json).expect("valid points make a valid ciphertext")
}

/// elastic-elgamal's ciphertext as a ballot's.
pub fn to_choice(ct: &Ct) -> crate::choice::Ciphertext {
    crate::choice::Ciphertext {
        random: *ct.random_element(),
        blinded: *ct.blinded_element(),
    }
}
