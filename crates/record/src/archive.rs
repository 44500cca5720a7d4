//! A whole record in one file: a `.tar` or `.zip` of the record directory, for observers without a
//! network and kiosks loaded by an operator. Reading it is pure (bytes in, files out), so the CLI
//! and the browser open the same archives the same way.
//!
//! - **tar**: POSIX ustar (and GNU/pax long names); regular files only, directories skipped.
//! - **zip**: entries stored or deflated, found through the central directory; no encryption,
//!   no ZIP64.
//!
//! Paths are taken relative to the directory that holds `manifest.json`, so an archive of the
//! record directory itself or of its parent both work. Every file is held to the record's own
//! size limit ([`files::size_limit`](crate::files::size_limit)) before and while it is inflated,
//! so a small archive cannot expand into a huge one.

use std::collections::BTreeMap;

use crate::files::{limits, size_limit, MANIFEST_PATH};

/// A record's files by path (`manifest.json`, `precincts/p1.json`, …).
pub type RecordFiles = BTreeMap<String, Vec<u8>>;

/// Why an archive could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ArchiveError {
    /// Neither a tar nor a zip archive.
    UnknownFormat,
    /// The archive ends in the middle of an entry.
    Truncated,
    /// An entry's header is malformed.
    Malformed {
        /// The entry's path, when it could be read.
        entry: String,
    },
    /// A zip entry uses a compression method other than stored or deflate.
    UnsupportedCompression {
        /// The entry's path.
        entry: String,
        /// The method number.
        method: u16,
    },
    /// An entry is larger than any record file of its kind may be.
    TooLarge {
        /// The entry's path.
        entry: String,
        /// The limit for its kind, in bytes.
        limit: usize,
    },
    /// A path that climbs out of the archive or is absolute.
    UnsafePath {
        /// The path.
        entry: String,
    },
    /// The same path twice.
    Duplicate {
        /// The path.
        entry: String,
    },
    /// No `manifest.json` in the archive: it is not an election record.
    NoManifest,
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArchiveError::UnknownFormat => f.write_str("the file is neither a .tar nor a .zip archive"),
            ArchiveError::Truncated => f.write_str("the archive is cut short"),
            ArchiveError::Malformed { entry } => {
                write!(f, "the archive entry {entry:?} is malformed")
            }
            ArchiveError::UnsupportedCompression { entry, method } => write!(
                f,
                "the archive entry {entry:?} uses compression method {method}; only stored and deflate are read"
            ),
            ArchiveError::TooLarge { entry, limit } => write!(
                f,
                "the archive entry {entry:?} is larger than the {limit} bytes a record file of its kind may have"
            ),
            ArchiveError::UnsafePath { entry } => {
                write!(f, "the archive entry {entry:?} has an unsafe path")
            }
            ArchiveError::Duplicate { entry } => {
                write!(f, "the archive holds {entry:?} twice")
            }
            ArchiveError::NoManifest => {
                f.write_str("the archive holds no manifest.json: it is not an election record")
            }
        }
    }
}

impl std::error::Error for ArchiveError {}

/// The record files in a `.tar` or `.zip` archive, by path relative to `manifest.json`.
pub fn read_archive(bytes: &[u8]) -> Result<RecordFiles, ArchiveError> {
    let entries = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        zip_entries(bytes)?
    } else if bytes.len() >= 512 && &bytes[257..262] == b"ustar" {
        tar_entries(bytes)?
    } else {
        return Err(ArchiveError::UnknownFormat);
    };
    rooted(entries)
}

/// The entries re-rooted at the directory holding `manifest.json` (the shallowest one).
fn rooted(entries: Vec<(String, Vec<u8>)>) -> Result<RecordFiles, ArchiveError> {
    let root = entries
        .iter()
        .filter_map(|(p, _)| p.strip_suffix(MANIFEST_PATH))
        .filter(|prefix| prefix.is_empty() || prefix.ends_with('/'))
        .min_by_key(|prefix| prefix.len())
        .map(str::to_owned)
        .ok_or(ArchiveError::NoManifest)?;
    let mut files = RecordFiles::new();
    for (path, bytes) in entries {
        let Some(relative) = path.strip_prefix(&root) else {
            continue;
        };
        let limit = size_limit(relative);
        if bytes.len() > limit {
            return Err(ArchiveError::TooLarge { entry: path, limit });
        }
        if files.insert(relative.to_owned(), bytes).is_some() {
            return Err(ArchiveError::Duplicate { entry: path });
        }
    }
    Ok(files)
}

/// A normalised entry path: no leading `./`, no `..`, not absolute, not empty.
fn safe_path(raw: &str) -> Result<String, ArchiveError> {
    let unsafe_path = || ArchiveError::UnsafePath {
        entry: raw.to_owned(),
    };
    if raw.starts_with('/') || raw.contains('\\') {
        return Err(unsafe_path());
    }
    let mut parts = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(unsafe_path()),
            p => parts.push(p),
        }
    }
    // A file must have a name: "." or "./" names none.
    if parts.is_empty() {
        return Err(unsafe_path());
    }
    Ok(parts.join("/"))
}

/// An entry's declared size, if no record file could be larger (each kind's own limit is held
/// once the record's root is known).
fn check_size(path: &str, size: u64) -> Result<usize, ArchiveError> {
    match usize::try_from(size) {
        Ok(n) if n <= limits::LARGEST => Ok(n),
        _ => Err(ArchiveError::TooLarge {
            entry: path.to_owned(),
            limit: limits::LARGEST,
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// tar
// ---------------------------------------------------------------------------------------------

/// A NUL-terminated field as text.
fn field(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..end]
}

/// An octal number field (spaces and NULs around it allowed).
fn octal(bytes: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(field(bytes)).ok()?.trim();
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

fn tar_entries(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ArchiveError> {
    let mut entries = Vec::new();
    let mut at = 0usize;
    let mut long_name: Option<String> = None;
    while at + 512 <= bytes.len() {
        let header = &bytes[at..at + 512];
        if header.iter().all(|&b| b == 0) {
            return Ok(entries);
        }
        let name = |h: &[u8]| -> String {
            let prefix = String::from_utf8_lossy(field(&h[345..500])).into_owned();
            let name = String::from_utf8_lossy(field(&h[..100])).into_owned();
            if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            }
        };
        let entry_name = long_name.take().unwrap_or_else(|| name(header));
        let malformed = || ArchiveError::Malformed {
            entry: entry_name.clone(),
        };
        let size = octal(&header[124..136]).ok_or_else(malformed)?;
        let kind = header[156];
        let start = at + 512;
        let padded = size
            .checked_add(511)
            .map(|s| s / 512 * 512)
            .and_then(|s| usize::try_from(s).ok())
            .ok_or_else(malformed)?;
        let end = start.checked_add(padded).ok_or_else(malformed)?;
        let data_end = start
            .checked_add(usize::try_from(size).map_err(|_| malformed())?)
            .ok_or_else(malformed)?;
        if data_end > bytes.len() {
            return Err(ArchiveError::Truncated);
        }
        let data = &bytes[start..data_end];
        match kind {
            b'0' | 0 | b'7' => {
                let path = safe_path(&entry_name)?;
                let n = check_size(&path, size)?;
                entries.push((path, data[..n].to_vec()));
            }
            // GNU long name: the next entry's path.
            b'L' => long_name = Some(String::from_utf8_lossy(field(data)).into_owned()),
            // pax extended header: take its `path` record, if any.
            b'x' => long_name = pax_path(data),
            // Directories, links, global pax headers and the rest carry no record file.
            _ => {}
        }
        at = end;
    }
    if at == bytes.len() {
        Ok(entries)
    } else {
        Err(ArchiveError::Truncated)
    }
}

/// The `path` of a pax extended header (`"<len> path=<value>\n"` records).
fn pax_path(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    text.lines()
        .filter_map(|line| line.split_once(' ').map(|(_, kv)| kv))
        .find_map(|kv| kv.strip_prefix("path="))
        .map(str::to_owned)
}

// ---------------------------------------------------------------------------------------------
// zip
// ---------------------------------------------------------------------------------------------

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn zip_entries(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ArchiveError> {
    // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (search_from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
        .ok_or(ArchiveError::Truncated)?;
    let count = u16_at(bytes, eocd + 10).ok_or(ArchiveError::Truncated)? as usize;
    let mut at = u32_at(bytes, eocd + 16).ok_or(ArchiveError::Truncated)? as usize;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let short = || ArchiveError::Truncated;
        if !bytes
            .get(at..)
            .is_some_and(|b| b.starts_with(b"PK\x01\x02"))
        {
            return Err(ArchiveError::Malformed {
                entry: String::new(),
            });
        }
        let method = u16_at(bytes, at + 10).ok_or_else(short)?;
        let compressed = u32_at(bytes, at + 20).ok_or_else(short)? as usize;
        let size = u32_at(bytes, at + 24).ok_or_else(short)?;
        let name_len = u16_at(bytes, at + 28).ok_or_else(short)? as usize;
        let extra_len = u16_at(bytes, at + 30).ok_or_else(short)? as usize;
        let comment_len = u16_at(bytes, at + 32).ok_or_else(short)? as usize;
        let local = u32_at(bytes, at + 42).ok_or_else(short)? as usize;
        let name_bytes = bytes.get(at + 46..at + 46 + name_len).ok_or_else(short)?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        let path = safe_path(&name)?;
        let declared = check_size(&path, u64::from(size))?;
        // The data follows the local header, whose name and extra fields may differ in length.
        let local_name = u16_at(bytes, local + 26).ok_or_else(short)? as usize;
        let local_extra = u16_at(bytes, local + 28).ok_or_else(short)? as usize;
        if !bytes[local..].starts_with(b"PK\x03\x04") {
            return Err(ArchiveError::Malformed { entry: path });
        }
        let start = local + 30 + local_name + local_extra;
        let data = bytes
            .get(start..start.checked_add(compressed).ok_or_else(short)?)
            .ok_or_else(short)?;
        let contents = match method {
            0 => data.to_vec(),
            // Inflating stops at the declared size: more is not the file it claims to be.
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, declared).map_err(
                |_| ArchiveError::Malformed {
                    entry: path.clone(),
                },
            )?,
            method => {
                return Err(ArchiveError::UnsupportedCompression {
                    entry: path,
                    method,
                })
            }
        };
        if contents.len() != declared {
            return Err(ArchiveError::Malformed { entry: path });
        }
        entries.push((path, contents));
    }
    Ok(entries)
}
