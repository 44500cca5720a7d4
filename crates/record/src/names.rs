//! Names that cannot lie (V-01): a name people read (the election's title, the authority's, a
//! contest's, an option's, a county's or a precinct's) may not carry characters that change what
//! is shown without being seen (control, format and bidi-override characters), may not run longer
//! than [`MAX_NAME_CHARS`], and two options of one contest may not look alike: their UTS #39
//! skeletons (`unicode-security`) differ, so "Avery Chen" and "Аvery Chen" with a Cyrillic А cannot
//! stand side by side.

use serde::{Deserialize, Serialize};
use unicode_security::confusable_detection::skeleton;

/// No name people read is longer than this, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// What is wrong with a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum NameProblem {
    /// It holds a control, format or bidi character (its code point).
    Invisible {
        /// The character's code point.
        code_point: u32,
    },
    /// It is longer than [`MAX_NAME_CHARS`].
    TooLong {
        /// Its length in characters.
        chars: u64,
        /// The most allowed.
        max: u64,
    },
    /// It looks like another option's name in the same contest (same UTS #39 skeleton).
    Confusable {
        /// The other option's id.
        other: String,
    },
}

impl std::fmt::Display for NameProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invisible { code_point } => write!(
                f,
                "it holds the invisible or direction-changing character U+{code_point:04X}"
            ),
            Self::TooLong { chars, max } => {
                write!(f, "it has {chars} characters, more than the {max} allowed")
            }
            Self::Confusable { other } => {
                write!(
                    f,
                    "it looks like the name of option {other} in the same contest"
                )
            }
        }
    }
}

/// Whether `c` acts on or hides text without being seen: a control character (Cc), a format
/// character (Cf: bidi embeddings, overrides and isolates, zero-width characters, the BOM, tag
/// characters) or a line or paragraph separator (Zl, Zp).
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{890}'..='\u{891}'
            | '\u{8e2}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}' | '\u{e0001}' | '\u{e0020}'..='\u{e007f}')
}

/// What is wrong with `name` on its own, if anything.
pub fn name_problem(name: &str) -> Option<NameProblem> {
    if let Some(c) = name.chars().find(|c| is_invisible(*c)) {
        return Some(NameProblem::Invisible {
            code_point: u32::from(c),
        });
    }
    let chars = name.chars().count();
    (chars > MAX_NAME_CHARS).then_some(NameProblem::TooLong {
        chars: chars as u64,
        max: MAX_NAME_CHARS as u64,
    })
}

/// The first pair of `(id, name)` options whose names look alike: the later one's id, and the
/// earlier one's.
pub fn confusable<'a>(
    options: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<(&'a str, &'a str)> {
    let mut seen: Vec<(&str, String)> = Vec::new();
    for (id, name) in options {
        let shape: String = skeleton(name).collect();
        if let Some((other, _)) = seen.iter().find(|(_, s)| *s == shape) {
            return Some((id, other));
        }
        seen.push((id, shape));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_pass() {
        for name in [
            "Avery Chen",
            "Cao Văn Hải",
            "عربي",
            "O'Brien-Smith",
            "Zoë · 3rd ward",
        ] {
            assert_eq!(name_problem(name), None, "{name}");
        }
    }

    #[test]
    fn invisible_characters_and_overlong_names_fail() {
        for (name, c) in [
            ("Demo\u{1b}[2K", 0x1b),
            ("a\u{202e}b", 0x202e),
            ("a\u{2066}b", 0x2066),
            ("a\u{200b}b", 0x200b),
            ("two\nlines", 0x0a),
        ] {
            assert_eq!(
                name_problem(name),
                Some(NameProblem::Invisible { code_point: c }),
                "{name:?}"
            );
        }
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(matches!(
            name_problem(&long),
            Some(NameProblem::TooLong { .. })
        ));
        assert_eq!(name_problem(&"x".repeat(MAX_NAME_CHARS)), None);
    }

    #[test]
    fn look_alike_option_names_are_found() {
        // A Cyrillic А (U+0410) for the Latin A.
        let options = [
            ("avery", "Avery Chen"),
            ("b", "Blake Diaz"),
            ("fake", "\u{410}very Chen"),
        ];
        assert_eq!(confusable(options), Some(("fake", "avery")));
        assert_eq!(confusable([("a", "rn"), ("b", "m")]), Some(("b", "a")));
        assert_eq!(confusable([("a", "Avery Chen"), ("b", "Blake Diaz")]), None);
    }
}
