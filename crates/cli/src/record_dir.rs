//! Reading record files from a directory, with the core's size limits.

use std::io::Read;
use std::path::{Path, PathBuf};

/// A record directory on disk.
#[derive(Debug, Clone)]
pub struct RecordDir {
    root: PathBuf,
}

/// No record file may be larger than this; the core applies tighter limits per kind.
const MAX_FILE: u64 = 512 << 20;

impl RecordDir {
    /// Opens `root`, which must be a directory holding `manifest.json`.
    pub fn open(root: &Path) -> Result<Self, String> {
        if !root.is_dir() {
            return Err(format!("{} is not a directory", root.display()));
        }
        if !root.join("manifest.json").is_file() {
            return Err(format!(
                "{} has no manifest.json: it is not an election record",
                root.display()
            ));
        }
        Ok(Self {
            root: root.to_owned(),
        })
    }

    /// The bytes of `path` (relative to the record), read up to a bound.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = self.root.join(path);
        let file = std::fs::File::open(&full)
            .map_err(|e| format!("cannot open {}: {e}", full.display()))?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {}: {e}", full.display()))?;
        if bytes.len() as u64 > MAX_FILE {
            return Err(format!(
                "{} is larger than {MAX_FILE} bytes",
                full.display()
            ));
        }
        Ok(bytes)
    }
}
