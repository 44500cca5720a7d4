//! Vietnamese.

mod caucus;
mod findings;
mod texts;

use castcheck_record::caucus::table::TableError;
use castcheck_record::{ArchiveError, Failure, FetchProblem};

use super::{Language, Texts};

/// The Vietnamese wording of everything.
pub struct Vietnamese;

impl Language for Vietnamese {
    fn texts(&self) -> &'static Texts {
        &texts::TEXTS
    }
    fn failure(&self, f: &Failure) -> String {
        findings::failure(f)
    }
    fn fetch_problem(&self, p: &FetchProblem) -> String {
        findings::fetch_problem(p)
    }
    fn table_error(&self, e: &TableError) -> String {
        caucus::table_error(e)
    }
    fn archive_error(&self, e: &ArchiveError) -> String {
        match e {
            ArchiveError::UnknownFormat => "tệp này không phải là tệp nén .tar hay .zip".into(),
            ArchiveError::Truncated => "tệp nén bị cắt ngắn".into(),
            ArchiveError::Malformed { entry } => {
                format!("mục “{entry}” trong tệp nén bị sai định dạng")
            }
            ArchiveError::UnsupportedCompression { entry, method } => {
                format!("mục “{entry}” dùng phương pháp nén {method}; chỉ đọc được “stored” và “deflate”")
            }
            ArchiveError::TooLarge { entry, limit } => {
                format!("mục “{entry}” lớn hơn {limit} byte mà một tệp hồ sơ loại này được phép có")
            }
            ArchiveError::UnsafePath { entry } => {
                format!("mục “{entry}” có đường dẫn không an toàn")
            }
            ArchiveError::Duplicate { entry } => format!("tệp nén chứa “{entry}” hai lần"),
            ArchiveError::NoManifest => {
                "tệp nén không chứa manifest.json: đây không phải là hồ sơ bầu cử".into()
            }
        }
    }
}
