//! Diagnostics: what went wrong, where (file, line, column), and how to fix it; as text or JSON.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;

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
/// reports every problem at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user knows it: relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// How to fix it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The offending source line, for the caret display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// Width of the caret underline, in characters.
    #[serde(skip)]
    pub span: usize,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    pub fn note(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
            span: 0,
        }
    }

    pub fn at(mut self, pos: Position) -> Self {
        self.line = pos.line;
        self.column = pos.column;
        self.source_line = pos.source_line;
        self.span = pos.span;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Shows the path relative to `root` when it lies inside it.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        self
    }
}

/// A place in a source file, with the line's text for display.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub source_line: Option<String>,
    pub span: usize,
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: error: what — how to fix`, then the source line with a caret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " — {help}")?;
        }
        if let (Some(src), true) = (&self.source_line, self.line > 0) {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n  {gutter} | {src}")?;
            if self.column > 0 {
                let indent: String = src
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n  {pad} | {indent}{}", "^".repeat(self.span.max(1)))?;
            }
        }
        Ok(())
    }
}

/// Renders diagnostics for a terminal, errors first within each file, files in order.
pub fn render_text(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(out, "{d}");
    }
    out
}

/// Sorts by file, then position, so output is stable whatever the thread schedule.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
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

    #[test]
    fn shows_location_message_fix_and_caret() {
        let d = Diagnostic::error("content/2022/a.md", "2022-02-30 is not a day")
            .help("write `2022-02` if the day is unknown")
            .at(Position {
                line: 5,
                column: 7,
                source_line: Some("date: 2022-02-30".into()),
                span: 10,
            });
        assert_eq!(
            d.to_string(),
            "content/2022/a.md:5:7: error: 2022-02-30 is not a day — write `2022-02` if the day is unknown\n  \
             5 | date: 2022-02-30\n    |       ^^^^^^^^^^"
        );
    }
}
