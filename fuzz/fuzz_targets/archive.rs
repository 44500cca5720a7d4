//! Record archives as an observer might drop them: any bytes are read or refused, never panic,
//! and whatever is read has safe paths and files within their kinds' size limits.
#![no_main]

use castcheck_record::files::size_limit;
use castcheck_record::read_archive;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(files) = read_archive(data) {
        assert!(files.contains_key("manifest.json"));
        for (path, bytes) in &files {
            assert!(!path.starts_with('/') && !path.split('/').any(|p| p == ".." || p.is_empty()));
            assert!(bytes.len() <= size_limit(path));
        }
    }
});
