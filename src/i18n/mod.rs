//! Every user-visible string, in every language the app speaks. One module per language; each
//! implements [`Language`], so a missing translation does not compile.

mod ar;
mod en;
mod es;
mod format;
mod vi;

pub use format::{date_time, decimal, number, plural};

use castcheck_record::caucus::table::TableError;
use castcheck_record::caucus::text::{English, Wording};
use castcheck_record::{ArchiveError, Failure, FetchProblem};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
    Vi,
    Ar,
}

impl Lang {
    /// Every language, in the order the switch lists them.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Es, Lang::Vi, Lang::Ar];

    /// The BCP 47 tag, for `lang` attributes and `Intl`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Vi => "vi",
            Lang::Ar => "ar",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Vi => "Tiếng Việt",
            Lang::Ar => "العربية",
        }
    }

    /// Writing direction, for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::En | Lang::Es | Lang::Vi => "ltr",
        }
    }

    /// The language of a BCP 47 tag such as `es-MX`, if the app speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Everything this language words.
    pub fn words(self) -> &'static dyn Language {
        match self {
            Lang::En => &English,
            Lang::Es => &es::Spanish,
            Lang::Vi => &vi::Vietnamese,
            Lang::Ar => &ar::Arabic,
        }
    }

    /// The whole app's texts (the check page's too, through `base`).
    pub fn app_texts(self) -> &'static AppTexts {
        match self {
            Lang::En => &en::APP_TEXTS,
            Lang::Es => es::app_texts(),
            Lang::Vi => vi::app_texts(),
            Lang::Ar => ar::app_texts(),
        }
    }

    /// The page's texts (without the rest of the language's words, so a page that shows only
    /// texts links nothing else).
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::TEXTS,
            Lang::Es => es::texts(),
            Lang::Vi => vi::texts(),
            Lang::Ar => ar::texts(),
        }
    }
}

/// One failure in `lang`. (The checker words failures through this, not [`Language`], so that it
/// links the findings' words and none of the results-table audit's.)
pub fn failure(lang: Lang, f: &Failure) -> String {
    match lang {
        Lang::En => f.to_string(),
        Lang::Es => es::failure(f),
        Lang::Vi => vi::failure(f),
        Lang::Ar => ar::failure(f),
    }
}

/// Why a file could not be had, in `lang`.
pub fn fetch_problem(lang: Lang, p: &FetchProblem) -> String {
    match lang {
        // The browser's own words are technical and untranslated: they are shown apart, folded.
        Lang::En if matches!(p, FetchProblem::Unreachable { .. }) => {
            "the file could not be fetched".into()
        }
        Lang::En => p.to_string(),
        Lang::Es => es::fetch_problem(p),
        Lang::Vi => vi::fetch_problem(p),
        Lang::Ar => ar::fetch_problem(p),
    }
}

/// What one language must word: the page's texts, the record's findings and (through [`Wording`])
/// the results-table audit's.
pub trait Language: Wording + Sync {
    /// One failure: where, and why.
    fn failure(&self, f: &Failure) -> String;
    /// Why a file could not be had.
    fn fetch_problem(&self, p: &FetchProblem) -> String;
    /// Why a results or delegates table could not be read.
    fn table_error(&self, e: &TableError) -> String;
    /// Why a record archive could not be read.
    fn archive_error(&self, e: &ArchiveError) -> String;
}

/// Implements [`Language`] for a language module's struct from its `texts`, `findings` and `caucus`
/// modules, so every language is wired the same way.
macro_rules! language {
    ($name:ident) => {
        /// The page's texts.
        pub(crate) fn texts() -> &'static $crate::i18n::Texts {
            &texts::TEXTS
        }

        /// The whole app's texts.
        pub(crate) fn app_texts() -> &'static $crate::i18n::AppTexts {
            &texts::APP_TEXTS
        }

        impl $crate::i18n::Language for $name {
            fn failure(&self, f: &castcheck_record::Failure) -> String {
                findings::failure(f)
            }
            fn fetch_problem(&self, p: &castcheck_record::FetchProblem) -> String {
                findings::fetch_problem(p)
            }
            fn table_error(&self, e: &castcheck_record::caucus::table::TableError) -> String {
                caucus::table_error(e)
            }
            fn archive_error(&self, e: &castcheck_record::ArchiveError) -> String {
                findings::archive_error(e)
            }
        }
    };
}
use language;

/// English is the core's own wording (its `Display`s), shared with the CLI and reports.
impl Language for English {
    fn failure(&self, f: &Failure) -> String {
        f.to_string()
    }
    fn fetch_problem(&self, p: &FetchProblem) -> String {
        p.to_string()
    }
    fn table_error(&self, e: &TableError) -> String {
        e.to_string()
    }
    fn archive_error(&self, e: &ArchiveError) -> String {
        e.to_string()
    }
}

/// One glossary entry in one language: its title (`None`: the label the pages use) and what it
/// means.
pub type GlossaryEntry = (Option<&'static str>, &'static str);

/// One language's strings for the check page (and every page's frame). A struct, so a missing
/// translation does not compile.
pub struct Texts {
    /// The footer's link to the glossary.
    pub glossary_link: &'static str,
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub nav_check: &'static str,
    pub nav_audit: &'static str,
    pub nav_results: &'static str,
    pub nav_label: &'static str,
    pub language: &'static str,
    pub election_fingerprint: &'static str,
    pub authority_key: &'static str,
    pub fingerprint_hint: &'static str,
    pub record_from: &'static str,
    pub check_title: &'static str,
    pub check_intro: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub check_button: &'static str,
    pub code_incomplete: &'static str,
    pub code_ok: &'static str,
    pub typo_group: &'static str,
    pub typo_unknown: &'static str,
    pub typo_char: &'static str,
    pub typo_length: &'static str,
    pub checking: &'static str,
    /// How long the check has run: `{s}` seconds.
    pub checking_for: &'static str,
    /// Before a statement that is not proven yet, so that it never reads as a fact.
    pub not_yet_proven: &'static str,
    pub statement_in_box: &'static str,
    /// "{precinct}": the precinct's name.
    pub statement_counted: &'static str,
    pub statement_counted_challenged: &'static str,
    /// "{precinct}": the precinct's name.
    pub statement_proofs: &'static str,
    pub proof_pending: &'static str,
    pub proof_proven: &'static str,
    pub proof_unwitnessed: &'static str,
    pub passed: &'static str,
    pub failed: &'static str,
    pub not_run: &'static str,
    pub not_applicable: &'static str,
    pub details: &'static str,
    pub verdict_verified: &'static str,
    pub verdict_verified_body: &'static str,
    pub verdict_challenged_body: &'static str,
    pub challenged_contents: &'static str,
    pub verdict_not_found: &'static str,
    pub verdict_not_found_body: &'static str,
    pub compare_link: &'static str,
    pub split_view_title: &'static str,
    pub split_view_body: &'static str,
    pub checkpoint_before: &'static str,
    pub checkpoint_now: &'static str,
    pub verdict_not_witnessed: &'static str,
    pub verdict_not_witnessed_body: &'static str,
    pub verdict_failed: &'static str,
    pub verdict_failed_body: &'static str,
    pub verdict_error: &'static str,
    pub verdict_error_body: &'static str,
    pub retry: &'static str,
    pub tracker: &'static str,
    pub position: &'static str,
    pub head: &'static str,
    pub precinct: &'static str,
    pub your_precinct: &'static str,
    pub county: &'static str,
    /// "{n} ballots".
    pub ballots_n: Plural,
    /// What passing each check V-00 … V-17 means, in order (`None`: the core's English).
    pub check_meanings: Option<[&'static str; 18]>,
    pub nav_tables: &'static str,
    pub footer: &'static str,
    pub banner_checking: &'static str,
    pub banner_verified: &'static str,
    pub banner_not_verified: &'static str,
    pub worker_failed: &'static str,
    pub verdict_challenged_title: &'static str,
    pub foreign_link_title: &'static str,
    pub foreign_link_body: &'static str,
    pub wrong_election_title: &'static str,
    pub wrong_election_body: &'static str,
    pub unlisted_title: &'static str,
    pub unlisted_body: &'static str,
    pub banner_unlisted: &'static str,
    pub known_as: &'static str,
    pub election_code: &'static str,
    pub unlisted_not_found_body: &'static str,
    pub skip_link: &'static str,
    /// "Voting opened {opens} and closed {closes}", dates in the language's own format.
    pub voting_window: &'static str,
    pub scan_button: &'static str,
    pub scan_stop: &'static str,
    pub scan_torch: &'static str,
    pub scan_switch: &'static str,
    pub scan_hint: &'static str,
    pub scan_no_camera: &'static str,
    pub scan_denied: &'static str,
    pub scan_foreign_verifier: &'static str,
    pub scan_not_receipt: &'static str,
    pub scan_bad_code: &'static str,
    pub scan_no_election: &'static str,
    pub print_slip: &'static str,
    pub slip_include_code: &'static str,
    pub slip_title: &'static str,
    pub slip_checked_at: &'static str,
    pub slip_next_ok: &'static str,
    pub slip_next_problem: &'static str,
    pub head_root: &'static str,
}

/// The whole app's texts beyond the check page's: the audit, results, tables, kiosk and compare
/// pages. Apart from [`Texts`] so that the check page links none of them; it reads the others
/// through its `base`.
pub struct AppTexts {
    /// The check page's texts, in the same language.
    pub base: &'static Texts,
    pub glossary_title: &'static str,
    pub glossary_intro: &'static str,
    /// One entry per glossary term (`crate::glossary::Term::ALL`, in its order).
    pub glossary: [GlossaryEntry; 10],
    pub compare_title: &'static str,
    pub compare_unknown_title: &'static str,
    pub compare_unknown_body: &'static str,
    pub compare_nothing_title: &'static str,
    pub compare_nothing_body: &'static str,
    pub compare_same_title: &'static str,
    pub compare_same_body: &'static str,
    pub compare_different_title: &'static str,
    pub compare_other_size_title: &'static str,
    pub compare_other_size_body: &'static str,
    pub checkpoint_shared: &'static str,
    pub checkpoint_mine: &'static str,
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub audit_start: &'static str,
    pub audit_cancel: &'static str,
    pub audit_cancelled: &'static str,
    /// "{p} of {n} precincts", plural on n.
    pub precincts_of: Plural,
    /// "{n} ballots verified".
    pub ballots_verified: Plural,
    pub ballots_per_second: &'static str,
    pub audit_done_ok: &'static str,
    pub audit_done_failed: &'static str,
    pub download_report: &'static str,
    pub print_summary: &'static str,
    pub check_id: &'static str,
    pub what_it_means: &'static str,
    pub status: &'static str,
    pub items: &'static str,
    pub results_title: &'static str,
    pub ballots: &'static str,
    pub ballots_on_board: &'static str,
    pub ballots_challenged: &'static str,
    pub ballots_counted: &'static str,
    pub statewide: &'static str,
    /// "{n} precincts".
    pub precincts_n: Plural,
    /// "{n} delegates".
    pub delegates_n: Plural,
    pub tables_title: &'static str,
    pub tables_intro: &'static str,
    pub results_table: &'static str,
    pub delegates_table: &'static str,
    pub table_url: &'static str,
    pub table_file: &'static str,
    pub tables_run: &'static str,
    /// "{n} findings".
    pub findings_n: Plural,
    /// "{k} of {n} precincts audited match the rules", plural on n.
    pub consistent_of: Plural,
    pub tables_kind: &'static str,
    pub tables_flagged: &'static str,
    /// The findings table's filter: a county or precinct name, or part of one.
    pub tables_filter: &'static str,
    /// How many flagged rows the filter shows: `{k}` of `{n}`.
    pub tables_shown: &'static str,
    pub tables_row: &'static str,
    pub tables_coin_tosses: &'static str,
    pub tables_readings: &'static str,
    pub results_verifying: &'static str,
    pub results_verified: &'static str,
    pub results_not_verified: &'static str,
    pub tables_none: &'static str,
    pub audit_done_unlisted: &'static str,
    pub results_unlisted: &'static str,
    pub chart_title: &'static str,
    pub chart_measure: &'static str,
    pub chart_area: &'static str,
    pub measure_first: &'static str,
    pub measure_delegates: &'static str,
    pub measure_sde: &'static str,
    pub chart_as_text: &'static str,
    pub verified_here: &'static str,
    pub export_nist: &'static str,
    pub export_nist_hint: &'static str,
    pub tables_try_iowa: &'static str,
    pub tables_iowa_source: &'static str,
    pub tables_kinds_chart: &'static str,
    /// "about {s} s left".
    pub seconds_left: &'static str,
    pub audit_archive: &'static str,
    pub audit_archive_hint: &'static str,
    pub archive_unreadable: &'static str,
    pub kiosk_touch: &'static str,
    pub kiosk_type: &'static str,
    pub kiosk_delete: &'static str,
    pub kiosk_finish: &'static str,
    pub kiosk_still_there: &'static str,
    pub kiosk_countdown: &'static str,
    pub kiosk_continue: &'static str,
    pub kiosk_preloading: &'static str,
    pub kiosk_ready_offline: &'static str,
    pub kiosk_preload_failed: &'static str,
    pub kiosk_keypad: &'static str,
}

impl std::ops::Deref for AppTexts {
    type Target = Texts;
    fn deref(&self) -> &Texts {
        self.base
    }
}

/// A CLDR plural category, as `Intl.PluralRules` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// A text with a number in it, in each plural form the language has. `{n}` is the number.
pub struct Plural {
    /// Used for every category not in `forms`.
    pub other: &'static str,
    pub forms: &'static [(PluralCategory, &'static str)],
}

impl Plural {
    /// The template for one category.
    pub fn form(&self, category: PluralCategory) -> &'static str {
        self.forms
            .iter()
            .find(|(c, _)| *c == category)
            .map_or(self.other, |(_, t)| t)
    }
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |acc, (k, v)| {
        acc.replace(&format!("{{{k}}}"), v)
    })
}

/// What passing a check means, in the interface language.
pub fn check_meaning(t: &Texts, id: castcheck_record::report::CheckId) -> &'static str {
    let index = castcheck_record::report::CheckId::ALL
        .iter()
        .position(|c| *c == id)
        .unwrap_or(0);
    t.check_meanings.map_or(id.meaning(), |m| m[index])
}
