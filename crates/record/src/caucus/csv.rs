//! A small RFC 4180 CSV reader that remembers where every record starts.
//!
//! - fields are separated by `,`, records by CRLF or LF (a lone CR is also accepted);
//! - a field may be enclosed in double quotes; inside, `""` is a literal quote and commas and line
//!   breaks are data;
//! - a leading UTF-8 byte-order mark is skipped; a final line break is optional;
//! - a line break inside a quoted field is read as a space, and any other invisible character
//!   (control, format and bidi characters: `names::is_invisible`) as U+FFFD, so no name from a
//!   published table can change how a report of it reads;
//! - strictness: a quote inside an unquoted field, text after a closing quote, or a quote left open
//!   at the end of the input is an error naming the line and column.
//!
//! Rows are numbered by the line on which the record starts (1-based), which equals the record
//! number when no quoted field spans lines; columns are 1-based field positions.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One record: the line it starts on and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// 1-based line number where the record starts.
    pub(crate) line: usize,
    /// The fields, unquoted.
    pub(crate) fields: Vec<String>,
}

impl Record {
    /// True for a record that is a blank line (one empty field).
    pub(crate) fn is_blank(&self) -> bool {
        self.fields.len() == 1 && self.fields[0].is_empty()
    }
}

/// A syntax error: 1-based line and field column, and what is wrong. Tables report it as a
/// [`super::table::TableError`] with the same position and [`CsvProblem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvError {
    /// 1-based line the error is on (for an unclosed quote, where the quote opens).
    pub(crate) line: usize,
    /// 1-based field position in the record.
    pub(crate) column: usize,
    /// What is wrong.
    pub(crate) problem: CsvProblem,
}

/// What is wrong with the CSV syntax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CsvProblem {
    /// A `"` inside a field that does not start with one.
    QuoteInUnquotedField,
    /// Text after a quoted field's closing quote, before the next comma or line break.
    TextAfterClosingQuote {
        /// The first character found.
        found: char,
    },
    /// A quoted field still open at the end of the input.
    UnclosedQuote,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvProblem::QuoteInUnquotedField => {
                f.write_str("a double quote inside an unquoted field (quote the whole field)")
            }
            CsvProblem::TextAfterClosingQuote { found } => {
                write!(
                    f,
                    "text {found:?} after the closing quote of a quoted field"
                )
            }
            CsvProblem::UnclosedQuote => f.write_str("a quoted field is never closed"),
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.problem
        )
    }
}

impl std::error::Error for CsvError {}

/// Parses `text` into records.
pub(crate) fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut chars = text.chars().peekable();
    // State: at the start of a field, inside an unquoted field, inside quotes, or just after a
    // closing quote.
    #[derive(PartialEq)]
    enum St {
        Start,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let mut st = St::Start;
    let mut quote_line = 0usize;
    let mut any = false; // anything read since the last record end
    while let Some(c) = chars.next() {
        any = true;
        match st {
            St::Quoted => {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        st = St::AfterQuote;
                    }
                } else {
                    if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            _ => match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    st = St::Start;
                }
                '\r' | '\n' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    fields.push(std::mem::take(&mut field));
                    records.push(Record {
                        line: record_line,
                        fields: std::mem::take(&mut fields),
                    });
                    line += 1;
                    record_line = line;
                    st = St::Start;
                    any = false;
                }
                '"' => {
                    if st == St::Start {
                        st = St::Quoted;
                        quote_line = line;
                    } else {
                        return Err(CsvError {
                            line,
                            column: fields.len() + 1,
                            // After a closing quote the next character is never a quote (`""` is
                            // read as a literal quote), but say what it would be anyway.
                            problem: if st == St::AfterQuote {
                                CsvProblem::TextAfterClosingQuote { found: c }
                            } else {
                                CsvProblem::QuoteInUnquotedField
                            },
                        });
                    }
                }
                _ => {
                    if st == St::AfterQuote {
                        return Err(CsvError {
                            line,
                            column: fields.len() + 1,
                            problem: CsvProblem::TextAfterClosingQuote { found: c },
                        });
                    }
                    st = St::Unquoted;
                    field.push(c);
                }
            },
        }
    }
    if st == St::Quoted {
        return Err(CsvError {
            line: quote_line,
            column: fields.len() + 1,
            problem: CsvProblem::UnclosedQuote,
        });
    }
    if any {
        fields.push(field);
        records.push(Record {
            line: record_line,
            fields,
        });
    }
    for field in records.iter_mut().flat_map(|r| &mut r.fields) {
        if field.chars().any(crate::names::is_invisible) {
            *field = field
                .chars()
                .map(|c| match c {
                    '\n' | '\r' => ' ',
                    c if crate::names::is_invisible(c) => '\u{fffd}',
                    c => c,
                })
                .collect();
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_breaks_read_as_spaces_and_invisible_characters_as_replacements() {
        let rows = super::parse("\"Adams\n[PASS]\",\u{1b}[2K\u{202e}x\nok,1\n").unwrap();
        assert_eq!(rows[0].fields, ["Adams [PASS]", "\u{fffd}[2K\u{fffd}x"]);
        assert_eq!(rows[1].fields, ["ok", "1"]);
    }

    use super::*;

    fn f(r: &Record) -> Vec<&str> {
        r.fields.iter().map(|s| s.as_str()).collect()
    }

    #[test]
    fn plain_and_quoted() {
        let r = parse("a,b,c\n1,\"x, y\",3\r\n\"he said \"\"hi\"\"\",,\n").unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(f(&r[0]), ["a", "b", "c"]);
        assert_eq!(f(&r[1]), ["1", "x, y", "3"]);
        assert_eq!(f(&r[2]), ["he said \"hi\"", "", ""]);
        assert_eq!(r[2].line, 3);
    }

    #[test]
    fn multiline_field_and_no_final_newline() {
        let r = parse("\u{feff}a,\"two\nlines\"\nb,c").unwrap();
        assert_eq!(f(&r[0]), ["a", "two lines"]);
        assert_eq!(r[1].line, 3);
        assert_eq!(f(&r[1]), ["b", "c"]);
    }

    fn err(line: usize, column: usize, problem: CsvProblem) -> CsvError {
        CsvError {
            line,
            column,
            problem,
        }
    }

    #[test]
    fn errors_have_positions_and_problems() {
        assert_eq!(
            parse("a,b\nc,d\"e\n").unwrap_err(),
            err(2, 2, CsvProblem::QuoteInUnquotedField)
        );
        assert_eq!(
            parse("a,\"b\"x,c\n").unwrap_err(),
            err(1, 2, CsvProblem::TextAfterClosingQuote { found: 'x' })
        );
        assert_eq!(
            parse("a,b\nc,\"open\nstill open").unwrap_err(),
            err(2, 2, CsvProblem::UnclosedQuote)
        );
    }

    #[test]
    fn error_display_and_json() {
        let e = err(1, 2, CsvProblem::TextAfterClosingQuote { found: 'x' });
        assert_eq!(
            e.to_string(),
            "line 1, column 2: text 'x' after the closing quote of a quoted field"
        );
        for p in [
            CsvProblem::QuoteInUnquotedField,
            CsvProblem::TextAfterClosingQuote { found: '"' },
            CsvProblem::UnclosedQuote,
        ] {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<CsvProblem>(&json).unwrap(), p);
        }
    }
}
