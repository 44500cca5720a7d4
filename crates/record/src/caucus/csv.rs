//! A small RFC 4180 CSV reader that remembers where every record starts.
//!
//! - fields are separated by `,`, records by CRLF or LF (a lone CR is also accepted);
//! - a field may be enclosed in double quotes; inside, `""` is a literal quote and commas and line
//!   breaks are data;
//! - a leading UTF-8 byte-order mark is skipped; a final line break is optional;
//! - strictness: a quote inside an unquoted field, text after a closing quote, or a quote left open
//!   at the end of the input is an error naming the line and column.
//!
//! Rows are numbered by the line on which the record starts (1-based), which equals the record
//! number when no quoted field spans lines; columns are 1-based field positions.

/// One record: the line it starts on and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line number where the record starts.
    pub line: usize,
    pub fields: Vec<String>,
}

impl Record {
    /// True for a record that is a blank line (one empty field).
    pub fn is_blank(&self) -> bool {
        self.fields.len() == 1 && self.fields[0].is_empty()
    }
}

/// A syntax error: 1-based line and field column, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses `text` into records.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
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
                            message: if st == St::AfterQuote {
                                "a quote right after a closing quote (write \"\" inside quotes)"
                                    .into()
                            } else {
                                "a double quote inside an unquoted field (quote the whole field)"
                                    .into()
                            },
                        });
                    }
                }
                _ => {
                    if st == St::AfterQuote {
                        return Err(CsvError {
                            line,
                            column: fields.len() + 1,
                            message: format!(
                                "text {c:?} after the closing quote of a quoted field"
                            ),
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
            message: "a quoted field is never closed".into(),
        });
    }
    if any {
        fields.push(field);
        records.push(Record {
            line: record_line,
            fields,
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
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
        assert_eq!(f(&r[0]), ["a", "two\nlines"]);
        assert_eq!(r[1].line, 3);
        assert_eq!(f(&r[1]), ["b", "c"]);
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("a,b\nc,d\"e\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        let e = parse("a,\"b\"x,c\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 2));
        let e = parse("a,b\nc,\"open\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
    }
}
