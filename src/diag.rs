//! Diagnostics: content problems found by any stage, collected and reported together.
//!
//! Plumbing failures (an unreadable root, a failed write) are `anyhow` errors instead; a
//! `Diagnostic` is always about something an author wrote and can fix, so it carries the
//! file, the place in it, and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Relative to the site root, with `/` separators.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line: None,
            col: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// A text of a data file that has no entry in the languages `missing` of a site whose
    /// default language is `langs[0]`. Without the default language it is an error with
    /// `hint`: nothing can stand in for it. Without only others it is a warning: pages in
    /// those languages show another language's text until it is translated, so a language
    /// can be added one file at a time.
    pub fn missing_text(
        file: impl AsRef<Path>,
        message: String,
        missing: &[&str],
        langs: &[String],
        hint: impl Into<String>,
    ) -> Self {
        let default = langs.first().map_or("en", String::as_str);
        if missing.contains(&default) {
            return Self::error(file, message).hint(hint);
        }
        let add = missing
            .iter()
            .map(|l| format!("`{l}: ...`"))
            .collect::<Vec<_>>()
            .join(" and ");
        Self::warning(
            file,
            format!("{message}; its pages show another language's text"),
        )
        .hint(format!("translate it: add {add} beside `{default}:`"))
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line.max(1));
        self.col = Some(col.max(1));
        self
    }

    pub fn at_opt(self, place: Option<(usize, usize)>) -> Self {
        match place {
            Some((line, col)) => self.at(line, col),
            None => self,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (PathBuf, usize, usize, Severity, String) {
        (
            self.file.clone(),
            self.line.unwrap_or(0),
            self.col.unwrap_or(0),
            self.severity,
            self.message.clone(),
        )
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, the form editors jump to, then the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}:{}", self.col.unwrap_or(1))?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything the stages found, in one list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by file and place, duplicates removed: the order a reader fixes them in.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut all = self.0.clone();
        all.sort_by_key(Diagnostic::sort_key);
        all.dedup();
        all
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// The whole report as text, one diagnostic after another.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_a_compiler() {
        let d = Diagnostic::error("data/a.yaml", "bad")
            .at(3, 5)
            .hint("fix it");
        assert_eq!(d.to_string(), "data/a.yaml:3:5: error: bad\n  hint: fix it");
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("b.md", "x").at(1, 1));
        all.push(Diagnostic::error("a.md", "y").at(9, 1));
        all.push(Diagnostic::error("a.md", "z").at(2, 1));
        let lines: Vec<_> = all.sorted().iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "a.md:2:1: error: z",
                "a.md:9:1: error: y",
                "b.md:1:1: error: x"
            ]
        );
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\n中文x", 9), (2, 3));
        assert_eq!(line_col("abc", 0), (1, 1));
    }
}
