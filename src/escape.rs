//! Escaping at the boundary of each format bantin writes: one escaper for HTML and XML, one
//! for iCalendar text. Every value from the input passes through one of them.

use std::borrow::Cow;
use std::fmt;

/// Characters XML 1.0 does not allow in a document at all, not even escaped: C0 controls other
/// than tab, line feed and carriage return (a Word field code leaves U+0013 in the text), and
/// U+FFFE/U+FFFF. HTML treats them as errors too, so they are dropped from both.
fn forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Drops the characters `forbidden` names from text already escaped (rendered Markdown).
pub fn drop_forbidden(s: &mut String) {
    if s.contains(forbidden) {
        s.retain(|c| !forbidden(c));
    }
}

fn entity(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        c if forbidden(c) => "",
        _ => return None,
    })
}

/// Writes `s` escaped for HTML or XML text and quoted attribute values.
pub fn write_xml(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        if let Some(e) = entity(c) {
            out.write_str(&s[last..i])?;
            out.write_str(e)?;
            last = i + c.len_utf8();
        }
    }
    out.write_str(&s[last..])
}

/// `s` escaped for HTML or XML text and quoted attribute values.
pub fn xml(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| entity(c).is_some()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let _ = write_xml(&mut out, s);
    Cow::Owned(out)
}

/// `s` as an iCalendar TEXT value (RFC 5545 §3.3.11): backslash, `;` and `,` escaped, every
/// line break (CR, LF or both) as `\n`, other control characters dropped, so that no value can
/// end its line and start a property or an event of its own.
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1),
/// never splitting a UTF-8 character; every line ends in CRLF.
pub fn ics_fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(xml("Đồng Văn"), Cow::Borrowed("Đồng Văn"));
        assert_eq!(
            xml("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(
            xml("HYPERLINK\u{13} x\u{14}y\u{15}\u{0}\u{ffff}"),
            "HYPERLINK xy"
        );
        assert_eq!(xml("a\tb\nc\rd"), "a\tb\nc\rd");
    }

    #[test]
    fn ics_text_cannot_start_a_line_of_its_own() {
        assert_eq!(
            ics_text("Báo cáo\r\nEND:VEVENT\rBEGIN:VEVENT\nX;Y,Z\\\u{13}"),
            "Báo cáo\\nEND:VEVENT\\nBEGIN:VEVENT\\nX\\;Y\\,Z\\\\"
        );
    }

    #[test]
    fn folds_long_lines_on_character_boundaries() {
        let mut out = String::new();
        ics_fold(&format!("SUMMARY:{}", "Đồng Văn ".repeat(20)), &mut out);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "Đồng Văn ".repeat(20))
        );
    }
}
