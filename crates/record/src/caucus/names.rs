//! Joining county and precinct names that differ in spelling, spacing or HTML escaping.
//!
//! The key of a name is: HTML character references decoded (repeatedly, so `&amp;amp;` becomes
//! `&`), then lower-cased, then everything except letters and digits removed. So
//! `"Elk Run Heights &amp; Raymond"`, `"Elk Run Heights & Raymond"` and
//! `"ELK RUN HEIGHTS&RAYMOND"` share one key.

/// Decodes the HTML character references that appear in scraped names (`&amp;`, `&lt;`, `&gt;`,
/// `&quot;`, `&apos;`, `&#39;`, `&#NN;`, `&#xNN;`, `&nbsp;`), repeating until nothing changes.
pub fn decode_html(s: &str) -> String {
    let mut cur = s.to_string();
    for _ in 0..4 {
        let next = decode_once(&cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

fn decode_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let end = tail[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &tail[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = ent.strip_prefix('#')?;
                    let v = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(v)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The join key of a name (see the module docs).
pub fn name_key(s: &str) -> String {
    decode_html(s)
        .chars()
        .flat_map(|c| c.to_lowercase())
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A display form: HTML references decoded and runs of white space collapsed.
pub fn display_name(s: &str) -> String {
    decode_html(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_join_spelling_variants() {
        assert_eq!(
            name_key("Carroll Ward Two &amp;amp; N1/2 Maple River Twp"),
            name_key("Carroll Ward Two &amp; N1/2 Maple River Twp")
        );
        assert_eq!(
            name_key("E&amp;W DES MOINES - JEFFERSON"),
            name_key("E&W Des Moines-Jefferson")
        );
        assert_eq!(name_key("  Adair "), "adair");
        assert_eq!(
            decode_html("a &#38; b &unknown; c &"),
            "a & b &unknown; c &"
        );
        assert_eq!(display_name("CF W2 P2 &amp; CF  Twp"), "CF W2 P2 & CF Twp");
    }
}
