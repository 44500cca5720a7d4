//! Spanish.

mod caucus;
mod findings;
mod texts;

use castcheck_record::caucus::table::TableError;
use castcheck_record::{ArchiveError, Failure, FetchProblem};

use super::{Language, Texts};

/// The Spanish wording of everything.
pub struct Spanish;

impl Language for Spanish {
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
            ArchiveError::UnknownFormat => "el archivo no es un archivo .tar ni .zip".into(),
            ArchiveError::Truncated => "el archivo está cortado".into(),
            ArchiveError::Malformed { entry } => format!("la entrada «{entry}» del archivo está mal formada"),
            ArchiveError::UnsupportedCompression { entry, method } => {
                format!("la entrada «{entry}» usa el método de compresión {method}; solo se leen «stored» y «deflate»")
            }
            ArchiveError::TooLarge { entry, limit } => format!("la entrada «{entry}» supera los {limit} bytes que puede tener un archivo del registro de su tipo"),
            ArchiveError::UnsafePath { entry } => format!("la entrada «{entry}» tiene una ruta peligrosa"),
            ArchiveError::Duplicate { entry } => format!("el archivo contiene «{entry}» dos veces"),
            ArchiveError::NoManifest => "el archivo no contiene manifest.json: no es un registro electoral".into(),
        }
    }
}
