//! Diagnostics: what went wrong, where (file, line, column), and how to fix it; as text or JSON.

use std::fmt::Write as _;
use std::ops::{Deref, DerefMut, Range};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::i18n::codes::Code;
use crate::i18n::{Arg, Lang, Message};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Advice that is not a problem (the canonical form of what was written): shown by
    /// `check` only, so that builds stay quiet.
    Note,
}

/// One problem found in the input. Stages collect these and carry on, so that a build
/// reports every problem at once. It holds a code and the message's arguments, and is put
/// into words (Vietnamese or English) only where it is shown. Boxed: it travels in `Err`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic(Box<Details>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub severity: Severity,
    /// The kind of problem: its stable code and message id.
    pub code: Code,
    /// The arguments of the message (and of its `.help`).
    pub args: Vec<(&'static str, Arg)>,
    /// Path as the user knows it: relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    /// How to fix it, when not the message's own `.help`.
    pub help: Option<Message>,
    /// The offending source line, for the caret display.
    pub source_line: Option<String>,
    /// Width of the caret underline, in characters.
    pub span: usize,
    /// Where the problem is, as a byte range of the file's text as read (byte-order mark
    /// dropped, line ends as `\n`, NFC), when known: what line and column are computed from.
    pub bytes: Option<Range<usize>>,
}

impl Deref for Diagnostic {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl DerefMut for Diagnostic {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, code: Code) -> Self {
        Self::new(Severity::Error, file, code)
    }

    pub fn warning(file: impl Into<PathBuf>, code: Code) -> Self {
        Self::new(Severity::Warning, file, code)
    }

    pub fn note(file: impl Into<PathBuf>, code: Code) -> Self {
        Self::new(Severity::Note, file, code)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, code: Code) -> Self {
        Diagnostic(Box::new(Details {
            severity,
            code,
            args: Vec::new(),
            file: file.into(),
            line: 0,
            column: 0,
            help: None,
            source_line: None,
            span: 0,
            bytes: None,
        }))
    }

    /// An argument of the message, `{ $name }` in the catalogues.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.0.args.push((name, value.into()));
        self
    }

    pub fn at(mut self, pos: Position) -> Self {
        self.0.line = pos.line;
        self.0.column = pos.column;
        self.0.source_line = pos.source_line;
        self.0.span = pos.span;
        self.0.bytes = pos.bytes;
        self
    }

    /// How to fix it, in place of the message's own `.help`.
    pub fn help(mut self, help: Message) -> Self {
        self.0.help = Some(help);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Shows the path relative to `root` when it lies inside it.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.0.file.strip_prefix(root) {
            self.0.file = rel.to_path_buf();
        }
        self
    }

    fn message_of(&self) -> Message {
        Message {
            id: self.code.id,
            args: self.args.clone(),
        }
    }

    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.message_of().text(lang)
    }

    /// How to fix it, in `lang`, when there is something useful to say.
    pub fn help_text(&self, lang: Lang) -> Option<String> {
        match &self.help {
            Some(help) => Some(help.text(lang)),
            None => self.message_of().attribute(lang, "help"),
        }
    }

    /// `file:line:column: error BT018: what — how to fix`, then the source line with a caret.
    pub fn render(&self, lang: Lang) -> String {
        let mut f = String::new();
        let kind = crate::i18n::text(
            lang,
            match self.severity {
                Severity::Error => "severity-error",
                Severity::Warning => "severity-warning",
                Severity::Note => "severity-note",
            },
        );
        if self.file.as_os_str().is_empty() {
            // A problem with what was typed, not with a file.
            f.push_str("bantin");
        } else {
            let _ = write!(f, "{}", self.file.display());
        }
        if self.line > 0 {
            let _ = write!(f, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(f, ":{}", self.column);
            }
        }
        let _ = write!(f, ": {kind} {}: {}", self.code.code, self.message(lang));
        if let Some(help) = self.help_text(lang) {
            let _ = write!(f, " — {help}");
        }
        if let (Some(src), true) = (&self.source_line, self.line > 0) {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = write!(f, "\n  {gutter} | {src}");
            if self.column > 0 {
                let indent: String = src
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = write!(f, "\n  {pad} | {indent}{}", "^".repeat(self.span.max(1)));
            }
        }
        f
    }

    /// The diagnostic for `check --format json` and editors, its text in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let mut v = serde_json::json!({
            "severity": self.severity,
            "code": self.code.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message(lang),
        });
        if let Some(help) = self.help_text(lang) {
            v["help"] = help.into();
        }
        if let Some(src) = &self.source_line {
            v["source_line"] = src.clone().into();
        }
        v
    }
}

/// A place in a source file, with the line's text for display.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub source_line: Option<String>,
    pub span: usize,
    /// The byte range in the file's text (see [`Details::bytes`]).
    pub bytes: Option<Range<usize>>,
}

/// Renders diagnostics for a terminal, one after another, in `lang`.
pub fn render_text(diags: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render(lang));
        out.push('\n');
    }
    out
}

/// Sorts by file, then position, so output is stable whatever the thread schedule.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, a.code, &a.args)
            .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.args))
    });
}

/// The known key closest to an unknown one, when it is close enough to be a typo.
pub fn did_you_mean<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

pub fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::codes;

    fn impossible_day() -> Diagnostic {
        Diagnostic::error("content/2022/a.md", codes::DATE_NOT_A_DAY)
            .arg("date", "2022-02-30")
            .arg("month", 2)
            .arg("day", 30)
            .arg("partial", "2022-02")
            .at(Position {
                line: 5,
                column: 7,
                source_line: Some("date: 2022-02-30".into()),
                span: 10,
                bytes: Some(40..50),
            })
    }

    #[test]
    fn a_diagnostic_is_one_pointer_and_keeps_its_byte_range() {
        // Stages return Result<_, Diagnostic>: the error side stays one word wide.
        assert_eq!(
            std::mem::size_of::<Diagnostic>(),
            std::mem::size_of::<usize>()
        );
        let d = impossible_day();
        assert_eq!((d.code.code, d.bytes.clone()), ("BT018", Some(40..50)));
    }

    #[test]
    fn shows_location_code_message_fix_and_caret_in_either_language() {
        let d = impossible_day();
        assert_eq!(
            d.render(Lang::Vi),
            "content/2022/a.md:5:7: lỗi BT018: Không đọc được ngày `2022-02-30`: tháng 2 không có ngày 30 \
             — nếu không rõ ngày, hãy viết `2022-02`.\n  \
             5 | date: 2022-02-30\n    |       ^^^^^^^^^^"
        );
        assert_eq!(
            d.render(Lang::En),
            "content/2022/a.md:5:7: error BT018: 2022-02-30 is not a day: month 2 has no day 30 \
             — check the day; write `2022-02` if the day is unknown\n  \
             5 | date: 2022-02-30\n    |       ^^^^^^^^^^"
        );
    }

    #[test]
    fn json_carries_the_code_and_the_words() {
        let v = impossible_day().to_json(Lang::En);
        assert_eq!(v["code"], "BT018");
        assert_eq!(v["severity"], "error");
        assert_eq!(v["line"], 5);
        assert!(v["help"].as_str().unwrap().contains("2022-02"));
    }
}
