//! Reading record files from a directory, with the core's size limits.

use std::io::Read;
use std::path::{Path, PathBuf};

use castcheck_record::FetchProblem;

/// A record: a directory, a `.tar`/`.zip` archive of one read into memory, or a base URL.
#[derive(Debug, Clone)]
pub enum RecordDir {
    Directory(PathBuf),
    Archive(castcheck_record::RecordFiles),
    /// `http://` or `https://`, ending in `/`: files are fetched as the app fetches them (no
    /// redirects, 30 s each, at most their kind's size limit).
    Url(String, ureq::Agent),
}

/// How long one record file may take to arrive, as in the app.
const FETCH_SECONDS: u64 = 30;

/// No record archive read into memory may be larger than this.
const MAX_ARCHIVE: u64 = 8 << 30;

/// No record file may be larger than this; the core applies tighter limits per kind.
const MAX_FILE: u64 = castcheck_record::files::limits::LARGEST as u64;

impl RecordDir {
    /// Opens `root`: a directory holding `manifest.json`, a `.tar`/`.zip` archive of one, or an
    /// `http(s)://` URL of one.
    pub fn open(root: &Path) -> Result<Self, String> {
        let text = root.to_string_lossy();
        if text.starts_with("http://") || text.starts_with("https://") {
            let base = if text.ends_with('/') {
                text.into_owned()
            } else {
                format!("{text}/")
            };
            let agent = ureq::Agent::config_builder()
                .timeout_global(Some(std::time::Duration::from_secs(FETCH_SECONDS)))
                .max_redirects(0)
                .http_status_as_error(false)
                .build()
                .into();
            return Ok(Self::Url(base, agent));
        }
        if root.is_file() {
            return Self::open_archive(root);
        }
        if !root.is_dir() {
            return Err(format!(
                "{} is not a directory or an archive",
                root.display()
            ));
        }
        if !root.join("manifest.json").is_file() {
            return Err(format!(
                "{} has no manifest.json: it is not an election record",
                root.display()
            ));
        }
        Ok(Self::Directory(root.to_owned()))
    }

    fn open_archive(file: &Path) -> Result<Self, String> {
        let mut bytes = Vec::new();
        std::fs::File::open(file)
            .and_then(|f| f.take(MAX_ARCHIVE + 1).read_to_end(&mut bytes))
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        if bytes.len() as u64 > MAX_ARCHIVE {
            return Err(format!(
                "{} is larger than {MAX_ARCHIVE} bytes",
                file.display()
            ));
        }
        castcheck_record::read_archive(&bytes)
            .map(Self::Archive)
            .map_err(|e| format!("{}: {e}", file.display()))
    }

    /// The bytes of `path` (relative to the record), read up to a bound.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, FetchProblem> {
        let root = match self {
            Self::Directory(root) => root,
            Self::Archive(files) => return files.get(path).cloned().ok_or(FetchProblem::NotFound),
            Self::Url(base, agent) => return fetch(agent, &format!("{base}{path}"), path),
        };
        let full = root.join(path);
        let unreadable = |e: std::io::Error| FetchProblem::Unreachable {
            detail: format!("{}: {e}", full.display()),
        };
        let file = match std::fs::File::open(&full) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(FetchProblem::NotFound)
            }
            Err(e) => return Err(unreadable(e)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > MAX_FILE {
            return Err(FetchProblem::TooLarge { limit: MAX_FILE });
        }
        Ok(bytes)
    }

    /// Runs `driver` to the end: fetches what it asks for and has the precinct files verified
    /// on every core. `on_precinct` sees each precinct as it is done.
    pub fn drive(
        &self,
        driver: castcheck_record::Driver,
        on_precinct: impl FnMut(&castcheck_record::Driver),
    ) -> castcheck_record::Verification {
        use rayon::prelude::*;
        // Each worker holds one precinct (its two files) at a time; what it keeps of a precinct
        // is hashes only. Units are handed out one by one: a precinct costs thousands of times
        // what a tile does, and rayon's default split left one core idle.
        driver.run(
            |driver, units| {
                units
                    .par_iter()
                    .with_max_len(1)
                    .flat_map_iter(|u| driver.prepare_unit(u, |p| self.read(p)))
                    .collect()
            },
            on_precinct,
        )
    }
}

/// GETs `url` (the record file `path`) within its kind's size limit.
fn fetch(agent: &ureq::Agent, url: &str, path: &str) -> Result<Vec<u8>, FetchProblem> {
    let limit = castcheck_record::files::size_limit(path) as u64;
    let failed = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => FetchProblem::TimedOut {
            seconds: FETCH_SECONDS,
        },
        ureq::Error::BodyExceedsLimit(_) => FetchProblem::TooLarge { limit },
        other => FetchProblem::Unreachable {
            detail: other.to_string(),
        },
    };
    let mut response = agent.get(url).call().map_err(failed)?;
    match response.status().as_u16() {
        200 => {}
        404 | 410 => return Err(FetchProblem::NotFound),
        300..=399 => return Err(FetchProblem::Redirected),
        status => return Err(FetchProblem::Status { status }),
    }
    response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(failed)
}
