//! Escaping of every text from the rule package or the data that goes into
//! an HTML page: the templates (`templates/*.html`) escape by default with
//! [`Xhtml`], and the SVG built in code goes through [`esc`].

use std::fmt::{self, Write};

/// The escaper of the HTML templates (named in `host/askama.toml`): the
/// five XML entities, and control characters, which XML does not allow
/// and no page needs, written as a space.
#[derive(Debug, Clone, Copy)]
pub struct Xhtml;

impl askama::filters::Escaper for Xhtml {
    fn write_escaped_str<W: Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        // Runs of plain text are written at once.
        let mut plain = 0;
        for (i, c) in string.char_indices() {
            if let Some(entity) = entity(c) {
                dest.write_str(&string[plain..i])?;
                dest.write_str(entity)?;
                plain = i + c.len_utf8();
            }
        }
        dest.write_str(&string[plain..])
    }
}

fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        c if (c as u32) < 0x20 && c != '\n' && c != '\t' => Some(" "),
        _ => None,
    }
}

/// `text` escaped for HTML and XML text and attribute values, as the
/// templates escape it.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = askama::filters::Escaper::write_escaped_str(&Xhtml, &mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            esc("<a href=\"x\">Tom & 'Jerry'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; "
        );
        assert_eq!(esc("Центр № 1\n"), "Центр № 1\n");
    }
}
