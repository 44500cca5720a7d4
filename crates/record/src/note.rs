//! Signed notes, checkpoints and witness cosignatures on the transparency-log standards, so that
//! existing transparency tools can read, monitor and witness a castcheck ballot board:
//!
//! - [C2SP signed-note](https://c2sp.org/signed-note): a text ending in a newline, a blank line,
//!   then signature lines `— <key name> base64(key ID || signature)`. Ed25519 signatures (type
//!   `0x01`) sign the text; the key ID is `SHA-256(name || 0x0A || 0x01 || public key)[:4]`.
//! - [C2SP tlog-checkpoint](https://c2sp.org/tlog-checkpoint): the text is the origin line, the
//!   tree size in decimal, the base64 root hash, then optional extension lines.
//! - [C2SP tlog-cosignature](https://c2sp.org/tlog-cosignature) v1: a witness's Ed25519 signature
//!   (type `0x04`, key ID `SHA-256(name || 0x0A || 0x04 || public key)[:4]`) whose signature bytes
//!   are `timestamp (u64, big-endian) || Ed25519 signature` over
//!   `"cosignature/v1\ntime <timestamp>\n" || checkpoint text`.
//!
//! Verifier keys are the standard *vkey* strings `<name>+<hex key ID>+base64(type || key)`.

use base64ct::{Base64, Encoding};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha256};

/// Ed25519 signatures over the note text.
pub const TYPE_ED25519: u8 = 0x01;
/// Timestamped Ed25519 checkpoint cosignatures.
pub const TYPE_COSIGNATURE: u8 = 0x04;

/// No note may carry more signature lines than this (the standard asks for at least 16).
pub const MAX_SIGNATURES: usize = 64;

/// Why a note, a checkpoint or a key could not be read or trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteError {
    /// Not valid UTF-8, a control character other than newline, or no blank line before the
    /// signatures.
    Malformed,
    /// A signature line is malformed.
    BadSignatureLine,
    /// More signature lines than [`MAX_SIGNATURES`].
    TooManySignatures,
    /// A verifier key is malformed or of another type.
    BadKey,
    /// A signature from a trusted key does not verify.
    BadSignature,
    /// No signature from the trusted key.
    Unsigned,
    /// The text is not a checkpoint (origin, size, root hash).
    NotACheckpoint,
}

impl std::fmt::Display for NoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NoteError::Malformed => "the signed note is malformed",
            NoteError::BadSignatureLine => "a signature line of the note is malformed",
            NoteError::TooManySignatures => "the note carries too many signatures",
            NoteError::BadKey => "the verifier key is malformed",
            NoteError::BadSignature => "a signature from a trusted key does not verify",
            NoteError::Unsigned => "the note is not signed by the trusted key",
            NoteError::NotACheckpoint => "the note is not a checkpoint",
        })
    }
}

impl std::error::Error for NoteError {}

/// A key that signs or cosigns notes, as verifiers know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteKey {
    /// The key name (no spaces, no `+`).
    pub name: String,
    /// [`TYPE_ED25519`] or [`TYPE_COSIGNATURE`].
    pub kind: u8,
    /// The Ed25519 public key.
    pub key: [u8; 32],
}

impl NoteKey {
    /// The key ID: `SHA-256(name || 0x0A || type || key)[:4]`, big-endian.
    pub fn id(&self) -> u32 {
        let digest = Sha256::new()
            .chain_update(self.name.as_bytes())
            .chain_update([b'\n', self.kind])
            .chain_update(self.key)
            .finalize();
        u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
    }

    /// Reads a vkey `<name>+<hex key ID>+base64(type || key)`; the ID must match the key.
    pub fn from_vkey(vkey: &str) -> Result<Self, NoteError> {
        let mut parts = vkey.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::BadKey);
        };
        let bytes = Base64::decode_vec(key).map_err(|_| NoteError::BadKey)?;
        let (kind, key) = bytes.split_first().ok_or(NoteError::BadKey)?;
        let key = NoteKey {
            name: name.to_owned(),
            kind: *kind,
            key: key.try_into().map_err(|_| NoteError::BadKey)?,
        };
        let valid_name = !name.is_empty() && !name.chars().any(char::is_whitespace);
        let id_matches = id.len() == 8 && u32::from_str_radix(id, 16) == Ok(key.id());
        let known_kind = key.kind == TYPE_ED25519 || key.kind == TYPE_COSIGNATURE;
        if valid_name && id_matches && known_kind {
            Ok(key)
        } else {
            Err(NoteError::BadKey)
        }
    }

    /// The vkey string.
    pub fn vkey(&self) -> String {
        let mut material = vec![self.kind];
        material.extend_from_slice(&self.key);
        format!(
            "{}+{:08x}+{}",
            self.name,
            self.id(),
            Base64::encode_string(&material)
        )
    }
}

/// One signature line: who, and the signature bytes after the key ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// The key name.
    pub name: String,
    /// The key ID.
    pub id: u32,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The signature line: `— <name> base64(key ID || signature)`.
    pub fn line(&self) -> String {
        let mut bytes = self.id.to_be_bytes().to_vec();
        bytes.extend_from_slice(&self.signature);
        format!("\u{2014} {} {}\n", self.name, Base64::encode_string(&bytes))
    }
}

/// A signed note: its text (ending in a newline) and its signature lines. It serializes as its
/// text ([`Note::to_text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The text, including its final newline.
    pub text: String,
    /// The signatures, in order.
    pub signatures: Vec<NoteSignature>,
}

impl Note {
    /// Parses a signed note.
    pub fn parse(bytes: &[u8]) -> Result<Self, NoteError> {
        let all = std::str::from_utf8(bytes).map_err(|_| NoteError::Malformed)?;
        if all.chars().any(|c| c.is_control() && c != '\n') || !all.ends_with('\n') {
            return Err(NoteError::Malformed);
        }
        // The text ends at the last blank line.
        let split = all.rfind("\n\n").ok_or(NoteError::Malformed)?;
        let (text, signatures) = (&all[..=split], &all[split + 2..]);
        let signatures = signatures
            .lines()
            .map(|line| {
                let rest = line
                    .strip_prefix("\u{2014} ")
                    .ok_or(NoteError::BadSignatureLine)?;
                let (name, sig) = rest.split_once(' ').ok_or(NoteError::BadSignatureLine)?;
                let bytes = Base64::decode_vec(sig).map_err(|_| NoteError::BadSignatureLine)?;
                if name.is_empty() || name.contains('+') || bytes.len() < 4 {
                    return Err(NoteError::BadSignatureLine);
                }
                Ok(NoteSignature {
                    name: name.to_owned(),
                    id: u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
                    signature: bytes[4..].to_vec(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if signatures.is_empty() {
            return Err(NoteError::Malformed);
        }
        if signatures.len() > MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        Ok(Note {
            text: text.to_owned(),
            signatures,
        })
    }

    /// The note as text: the text, a blank line, the signature lines.
    pub fn to_text(&self) -> String {
        let mut out = self.text.clone();
        out.push('\n');
        for s in &self.signatures {
            out.push_str(&s.line());
        }
        out
    }

    /// The signatures by `key` (matched by name and ID; others are ignored, as the standard says).
    fn by<'a>(&'a self, key: &'a NoteKey) -> impl Iterator<Item = &'a NoteSignature> + 'a {
        let id = key.id();
        self.signatures
            .iter()
            .filter(move |s| s.name == key.name && s.id == id)
    }

    /// Whether `key` (an Ed25519 note key) signed this note: at least one signature by it, and
    /// every one of them verifies.
    pub fn verify(&self, key: &NoteKey) -> Result<(), NoteError> {
        let verifying = verifying_key(key, TYPE_ED25519)?;
        let mut any = false;
        for s in self.by(key) {
            let signature =
                Signature::from_slice(&s.signature).map_err(|_| NoteError::BadSignature)?;
            verifying
                .verify_strict(self.text.as_bytes(), &signature)
                .map_err(|_| NoteError::BadSignature)?;
            any = true;
        }
        any.then_some(()).ok_or(NoteError::Unsigned)
    }

    /// The timestamp of `witness`'s cosignature of this checkpoint, if it cosigned it validly.
    pub fn cosigned_at(&self, witness: &NoteKey) -> Result<u64, NoteError> {
        let verifying = verifying_key(witness, TYPE_COSIGNATURE)?;
        let mut time = None;
        for s in self.by(witness) {
            let (stamp, sig) = s
                .signature
                .split_at_checked(8)
                .ok_or(NoteError::BadSignature)?;
            let timestamp =
                u64::from_be_bytes(stamp.try_into().map_err(|_| NoteError::BadSignature)?);
            let signature = Signature::from_slice(sig).map_err(|_| NoteError::BadSignature)?;
            verifying
                .verify_strict(&cosigned_message(timestamp, &self.text), &signature)
                .map_err(|_| NoteError::BadSignature)?;
            time = Some(timestamp);
        }
        time.ok_or(NoteError::Unsigned)
    }

    /// Adds the signature of `name`'s Ed25519 `key` (type `0x01`).
    pub fn sign(&mut self, name: &str, key: &SigningKey) {
        let id = NoteKey {
            name: name.to_owned(),
            kind: TYPE_ED25519,
            key: key.verifying_key().to_bytes(),
        }
        .id();
        self.signatures.push(NoteSignature {
            name: name.to_owned(),
            id,
            signature: key.sign(self.text.as_bytes()).to_bytes().to_vec(),
        });
    }

    /// Adds `name`'s v1 cosignature (type `0x04`) made at `timestamp`.
    pub fn cosign(&mut self, name: &str, key: &SigningKey, timestamp: u64) {
        let id = NoteKey {
            name: name.to_owned(),
            kind: TYPE_COSIGNATURE,
            key: key.verifying_key().to_bytes(),
        }
        .id();
        let mut signature = timestamp.to_be_bytes().to_vec();
        signature.extend_from_slice(
            &key.sign(&cosigned_message(timestamp, &self.text))
                .to_bytes(),
        );
        self.signatures.push(NoteSignature {
            name: name.to_owned(),
            id,
            signature,
        });
    }
}

fn verifying_key(key: &NoteKey, kind: u8) -> Result<VerifyingKey, NoteError> {
    if key.kind != kind {
        return Err(NoteError::BadKey);
    }
    VerifyingKey::from_bytes(&key.key).map_err(|_| NoteError::BadKey)
}

/// `"cosignature/v1\ntime <timestamp>\n" || checkpoint text`.
fn cosigned_message(timestamp: u64, text: &str) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{text}").into_bytes()
}

/// A checkpoint: a tree head in the tlog-checkpoint text format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Names the log; castcheck derives it from the election fingerprint.
    pub origin: String,
    /// Leaves in the tree.
    pub size: u64,
    /// The RFC 6962 Merkle root.
    pub root: [u8; 32],
    /// Extension lines, each non-empty.
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// Whether it closes the board (a `closed` extension line): then it is final (spec §7.5).
    pub fn closes_board(&self) -> bool {
        self.extensions
            .iter()
            .any(|e| e.starts_with(crate::board::CLOSED_PREFIX))
    }

    /// The note text.
    pub fn text(&self) -> String {
        let mut out = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            Base64::encode_string(&self.root)
        );
        for line in &self.extensions {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// Reads a note text as a checkpoint (the size in canonical decimal, the root 32 bytes).
    pub fn from_text(text: &str) -> Result<Self, NoteError> {
        let body = text.strip_suffix('\n').ok_or(NoteError::NotACheckpoint)?;
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(NoteError::NotACheckpoint);
        };
        let size = parse_decimal(size).ok_or(NoteError::NotACheckpoint)?;
        let root: [u8; 32] = Base64::decode_vec(root)
            .ok()
            .and_then(|r| r.try_into().ok())
            .ok_or(NoteError::NotACheckpoint)?;
        let extensions: Vec<String> = lines.map(str::to_owned).collect();
        if origin.is_empty() || extensions.iter().any(String::is_empty) {
            return Err(NoteError::NotACheckpoint);
        }
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }
}

/// A decimal `u64` in its one spelling: no sign, no leading zeros.
pub fn parse_decimal(s: &str) -> Option<u64> {
    let canonical = s == "0" || (!s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()));
    s.parse().ok().filter(|_| canonical)
}

impl serde::Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_text())
    }
}

impl<'de> serde::Deserialize<'de> for Note {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Note::parse(text.as_bytes()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example of c2sp.org/signed-note: a vkey and a note it verifies.
    const SPEC_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    const SPEC_NOTE: &str = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    #[test]
    fn the_standards_example_verifies() {
        let key = NoteKey::from_vkey(SPEC_VKEY).expect("the spec's vkey");
        assert_eq!(key.id(), 0x530d_903a);
        assert_eq!(key.vkey(), SPEC_VKEY);
        let note = Note::parse(SPEC_NOTE.as_bytes()).expect("the spec's note");
        assert_eq!(note.text, "This is an example message.\n");
        assert_eq!(note.verify(&key), Ok(()));
        assert_eq!(note.to_text(), SPEC_NOTE);
    }

    #[test]
    fn every_flipped_byte_of_the_example_is_caught() {
        let key = NoteKey::from_vkey(SPEC_VKEY).expect("the spec's vkey");
        let bytes = SPEC_NOTE.as_bytes();
        for i in 0..bytes.len() {
            let mut flipped = bytes.to_vec();
            flipped[i] ^= 0x01;
            let verdict = Note::parse(&flipped).and_then(|n| n.verify(&key));
            assert!(verdict.is_err(), "byte {i} flipped still verifies");
        }
    }

    #[test]
    fn the_standards_checkpoint_reads_back() {
        // The example of c2sp.org/tlog-checkpoint.
        let text =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        let c = Checkpoint::from_text(text).expect("a checkpoint");
        assert_eq!(
            (c.origin.as_str(), c.size),
            ("example.com/behind-the-sofa", 20_852_163)
        );
        assert_eq!(c.text(), text);
        for bad in [
            "o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            "o\n1\nAAAA\n",
            "o\n1\n",
            "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        ] {
            assert_eq!(
                Checkpoint::from_text(bad),
                Err(NoteError::NotACheckpoint),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn cosignatures_verify_and_bind_the_time_and_the_checkpoint() {
        let log = SigningKey::from_bytes(&[7; 32]);
        let witness = SigningKey::from_bytes(&[9; 32]);
        let checkpoint = Checkpoint {
            origin: "castcheck.example/e1".into(),
            size: 5,
            root: [3; 32],
            extensions: vec![],
        };
        let mut note = Note {
            text: checkpoint.text(),
            signatures: vec![],
        };
        note.sign("castcheck.example/e1", &log);
        note.cosign("witness.example/w1", &witness, 1_700_000_000);
        let text = note.to_text();
        let read = Note::parse(text.as_bytes()).expect("a note");
        let w = NoteKey {
            name: "witness.example/w1".into(),
            kind: TYPE_COSIGNATURE,
            key: witness.verifying_key().to_bytes(),
        };
        assert_eq!(read.cosigned_at(&w), Ok(1_700_000_000));
        let w = NoteKey::from_vkey(&w.vkey()).expect("its vkey");
        assert_eq!(read.cosigned_at(&w), Ok(1_700_000_000));
        // The log's key is not a cosigner key, and another witness did not cosign.
        let l = NoteKey {
            name: "castcheck.example/e1".into(),
            kind: TYPE_ED25519,
            key: log.verifying_key().to_bytes(),
        };
        assert_eq!(read.verify(&l), Ok(()));
        assert_eq!(read.cosigned_at(&l), Err(NoteError::BadKey));
        let other = NoteKey {
            key: SigningKey::from_bytes(&[10; 32]).verifying_key().to_bytes(),
            ..w.clone()
        };
        assert_eq!(read.cosigned_at(&other), Err(NoteError::Unsigned));
        // Another size or time under the same signature fails.
        let moved = text.replace("\n5\n", "\n6\n");
        assert_eq!(
            Note::parse(moved.as_bytes()).and_then(|n| n.cosigned_at(&w)),
            Err(NoteError::BadSignature)
        );
        let mut retimed = read.clone();
        if let Some(s) = retimed.signatures.last_mut() {
            s.signature[7] ^= 1;
        }
        assert_eq!(retimed.cosigned_at(&w), Err(NoteError::BadSignature));
    }
}
