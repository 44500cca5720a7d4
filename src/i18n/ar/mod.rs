//! Arabic.

mod caucus;
mod findings;
mod texts;

use castcheck_record::caucus::table::TableError;
use castcheck_record::{ArchiveError, Failure, FetchProblem};

use super::{Language, Texts};

/// The Arabic wording of everything.
pub struct Arabic;

impl Language for Arabic {
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
            ArchiveError::UnknownFormat => "الملف ليس أرشيف ‎.tar ولا ‎.zip".into(),
            ArchiveError::Truncated => "الأرشيف مقطوع".into(),
            ArchiveError::Malformed { entry } => format!("المدخل «{entry}» في الأرشيف تالف"),
            ArchiveError::UnsupportedCompression { entry, method } => {
                format!("المدخل «{entry}» يستخدم طريقة الضغط {method}؛ لا تُقرأ إلا طريقتا stored وdeflate")
            }
            ArchiveError::TooLarge { entry, limit } => {
                format!("المدخل «{entry}» أكبر من {limit} بايت المسموح بها لملف سجلّ من نوعه")
            }
            ArchiveError::UnsafePath { entry } => format!("للمدخل «{entry}» مسار غير آمن"),
            ArchiveError::Duplicate { entry } => format!("يحتوي الأرشيف على «{entry}» مرتين"),
            ArchiveError::NoManifest => "لا يحتوي الأرشيف على manifest.json: ليس سجلًّا انتخابيًّا".into(),
        }
    }
}
