//! Where a verification's record files come from.

use castcheck_record::files::size_limit;
use castcheck_record::{FetchProblem, RecordFiles};

use crate::api;

/// Where the record's files come from.
pub enum Source<'a> {
    /// Fetched from the record's base URL.
    Url(&'a str),
    /// Fetched from the record's base URL and stored in the record cache.
    Preload(&'a str, web_sys::Cache),
    /// Read from an archive on this device.
    Files(&'a RecordFiles),
}

/// A record file fetched, with its path.
pub type Fetched = (String, Result<Vec<u8>, FetchProblem>);

impl Source<'_> {
    /// The file at `path`, within its kind's size limit.
    pub async fn get(&self, path: &str) -> Result<Vec<u8>, FetchProblem> {
        match self {
            Source::Url(base) => api::fetch(base, path, size_limit(path)).await,
            Source::Preload(base, cache) => {
                let mut bytes = api::fetch(base, path, size_limit(path)).await?;
                let stored = web_sys::Response::new_with_opt_u8_array(Some(&mut bytes))
                    .map(|r| cache.put_with_str(&format!("{base}{path}"), &r));
                if let Ok(done) = stored {
                    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
                }
                Ok(bytes)
            }
            Source::Files(files) => files.get(path).cloned().ok_or(FetchProblem::NotFound),
        }
    }

    /// The file at `path`, with its path.
    pub async fn fetch(&self, path: String) -> Fetched {
        let fetched = self.get(&path).await;
        (path, fetched)
    }

    /// The files at `paths`, fetched at once.
    pub async fn fetch_all(&self, paths: Vec<String>) -> Vec<Fetched> {
        futures::future::join_all(paths.into_iter().map(|path| self.fetch(path))).await
    }
}
