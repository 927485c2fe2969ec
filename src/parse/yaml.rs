//! All YAML parsing goes through here, so every YAML error reads the same way: the file,
//! the line in that file (not in a front-matter block), and what to do.

use crate::diag::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A YAML document inside a file: `line_offset` is the number of lines before it (the
/// opening `---` of front matter, say), so errors point at the line in the file.
#[derive(Debug, Clone, Copy)]
pub struct YamlDoc<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub line_offset: usize,
}

impl<'a> YamlDoc<'a> {
    pub fn whole(file: &'a Path, text: &'a str) -> Self {
        Self {
            file,
            text,
            line_offset: 0,
        }
    }

    /// Parses the document into `T`, or a diagnostic at the place serde_yaml stopped.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if self.text.trim().is_empty() {
            return Err(Diagnostic::error(self.file, "the YAML document is empty")
                .at(self.line_offset + 1, 1)
                .hint("see docs/content-model.md for the fields this file needs"));
        }
        self.check_limits()?;
        serde_yaml::from_str(self.text).map_err(|err| self.error(&err))
    }

    /// Size and depth, checked before the parser sees the text (see `yaml_limits`).
    fn check_limits(&self) -> Result<(), Diagnostic> {
        use super::yaml_limits::{check, LimitError, MAX_YAML_BYTES, MAX_YAML_DEPTH};
        let place = |line: usize, col: usize| (self.line_offset + line, col);
        match check(self.text) {
            Ok(()) => Ok(()),
            Err(LimitError::TooLarge { bytes }) => Err(Diagnostic::error(
                self.file,
                format!(
                    "the YAML document is {bytes} bytes; archkb reads at most {MAX_YAML_BYTES}"
                ),
            )
            .at(self.line_offset + 1, 1)
            .hint("split the data into several files, or move long text into an article")),
            Err(LimitError::ControlCharacter { line, col, code }) => Err(Diagnostic::error(
                self.file,
                format!("the YAML holds the control character U+{code:04X}, which YAML does not allow"),
            )
            .at_opt(Some(place(line, col)))
            .hint("delete it; write it as an escape such as \\u0000 inside a double-quoted string if it is meant")),
            Err(LimitError::LoneCarriageReturn { line, col }) => Err(Diagnostic::error(
                self.file,
                "a carriage return without a line feed (an old Mac line end)",
            )
            .at_opt(Some(place(line, col)))
            .hint("save the file with LF or CRLF line ends")),
            Err(LimitError::TooDeep { line, col }) => Err(Diagnostic::error(
                self.file,
                format!("the YAML nests more than {MAX_YAML_DEPTH} levels deep here"),
            )
            .at_opt(Some(place(line, col)))
            .hint("close the `[` and `{` brackets that are open here; real data nests a few levels at most")),
        }
    }

    fn error(&self, err: &serde_yaml::Error) -> Diagnostic {
        let full = err.to_string();
        // serde_yaml appends " at line L column C"; we print the place ourselves.
        let message = match full.find(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full.clone(),
        };
        let message = message.trim_start_matches(": ").to_string();
        let hint = if message.contains("unknown field") {
            "check the spelling; every valid field is listed above and in docs/content-model.md"
        } else if message.contains("missing field") {
            "add the field; docs/content-model.md says what it holds"
        } else if message.contains("unknown variant") {
            "use one of the values listed above"
        } else {
            "check the indentation, the colons, and that strings with `: ` or `#` are quoted"
        };
        let diag = Diagnostic::error(self.file, format!("invalid YAML: {message}")).hint(hint);
        match err.location() {
            Some(loc) => {
                let (line, col) = self.clamp(loc.line(), loc.column());
                diag.at(self.line_offset + line, col)
            }
            None => diag.at(self.line_offset + 1, 1),
        }
    }

    /// The parser places an error at the end of a text without a final newline on the
    /// line after the last; such a place becomes the end of the last line.
    fn clamp(&self, line: usize, col: usize) -> (usize, usize) {
        let last = self.text.split('\n').count();
        if line <= last {
            return (line, col);
        }
        let last_len = self
            .text
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count());
        (last, last_len + 1)
    }

    /// Where `key:` is written, and if `value` is given, the first place at or after it
    /// where that value appears. Used to place errors found after parsing (an unknown id,
    /// say), since serde_yaml keeps no positions in the values it returns.
    pub fn locate(&self, key: &str, value: Option<&str>) -> Option<(usize, usize)> {
        locate(self.text, key, value).map(|(line, col)| (line + self.line_offset, col))
    }

    /// The place of the `nth` (0-based) `key:` after the line where `anchor:` is written:
    /// the third answer's `label` under a question, say.
    pub fn locate_nth_after(&self, anchor: &str, key: &str, nth: usize) -> Option<(usize, usize)> {
        let (anchor_line, _) = locate(self.text, anchor, None)?;
        let mut seen = 0;
        for (i, line) in self.text.lines().enumerate().skip(anchor_line) {
            if declares_key(line, key) {
                if seen == nth {
                    let col = line.find(key).unwrap_or(0);
                    return Some((i + 1 + self.line_offset, col + 1));
                }
                seen += 1;
            }
        }
        None
    }

    /// Like `locate`, but starts looking on `from_line` (1-based, in the file).
    pub fn locate_from_line(
        &self,
        from_line: usize,
        key: &str,
        value: Option<&str>,
    ) -> Option<(usize, usize)> {
        let skip = from_line.saturating_sub(1 + self.line_offset);
        let skipped: usize = self
            .text
            .split_inclusive('\n')
            .take(skip)
            .map(str::len)
            .sum();
        locate(&self.text[skipped..], key, value)
            .map(|(line, col)| (line + skip + self.line_offset, col))
    }

    /// Like `locate`, but starts looking after the line where `anchor:` is written; for a
    /// key that repeats in the file (`label` under many answers).
    pub fn locate_after(
        &self,
        anchor: &str,
        key: &str,
        value: Option<&str>,
    ) -> Option<(usize, usize)> {
        let (anchor_line, _) = locate(self.text, anchor, None)?;
        let skipped: usize = self
            .text
            .split_inclusive('\n')
            .take(anchor_line - 1)
            .map(str::len)
            .sum();
        locate(&self.text[skipped..], key, value)
            .map(|(line, col)| (line + anchor_line - 1 + self.line_offset, col))
    }
}

fn locate(text: &str, key: &str, value: Option<&str>) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let key_line = lines.iter().position(|line| declares_key(line, key))?;
    let Some(value) = value else {
        let col = lines[key_line].find(key).unwrap_or(0);
        return Some((key_line + 1, col + 1));
    };
    // The value sits on the key's line (`tasks: [a, b]`) or on the lines after it.
    for (i, line) in lines.iter().enumerate().skip(key_line) {
        if i > key_line && declares_any_key_at_or_above(line, lines[key_line]) {
            break;
        }
        let search_from = if i == key_line {
            line.find(':').map_or(0, |c| c + 1)
        } else {
            0
        };
        if let Some(pos) = find_token(&line[search_from..], value) {
            let col = line[..search_from + pos].chars().count();
            return Some((i + 1, col + 1));
        }
    }
    Some((key_line + 1, 1))
}

fn declares_key(line: &str, key: &str) -> bool {
    let trimmed = line.trim_start().trim_start_matches("- ");
    trimmed
        .strip_prefix(key)
        .is_some_and(|rest| rest.starts_with(':'))
}

/// True for a line that starts a new key at the same or a lower indentation than `key_line`.
fn declares_any_key_at_or_above(line: &str, key_line: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let trimmed = line.trim_start();
    !trimmed.is_empty()
        && !trimmed.starts_with('-')
        && !trimmed.starts_with('#')
        && indent(line) <= indent(key_line)
}

/// `value` as a whole token: not part of a longer identifier.
fn find_token(haystack: &str, value: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut start = 0;
    while let Some(pos) = haystack[start..].find(value) {
        let at = start + pos;
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + value.len()..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return Some(at);
        }
        start = at + value.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_a_value_in_a_flow_list() {
        let text = "name: x\ntasks: [classification, detectoin]\n";
        assert_eq!(locate(text, "tasks", Some("detectoin")), Some((2, 25)));
    }

    #[test]
    fn locates_a_value_in_a_block_list() {
        let text = "tasks:\n  - classification\n  - detectoin\nyear: 1\n";
        assert_eq!(locate(text, "tasks", Some("detectoin")), Some((3, 5)));
    }

    #[test]
    fn does_not_match_inside_a_longer_id() {
        let text = "alternatives: [vit-large, vit]\n";
        assert_eq!(locate(text, "alternatives", Some("vit")), Some((1, 27)));
    }

    #[test]
    fn an_error_at_the_end_of_a_file_without_a_final_newline_points_inside_the_file() {
        // Found by the architecture_yaml fuzz target: the parser said line 4 of a 3-line
        // file for a flow mapping left open at the end.
        let text = "kind: model\nfamily: cnn\nname: {B0 to B7) built fro";
        let doc = YamlDoc::whole(Path::new("a.yaml"), text);
        let err = doc.parse::<serde_yaml::Value>().unwrap_err();
        assert_eq!((err.line, err.col), (Some(3), Some(27)), "{err}");
    }

    #[test]
    fn errors_count_lines_from_the_file() {
        let doc = YamlDoc {
            file: Path::new("a.md"),
            text: "title: x\ntags: [a\n",
            line_offset: 1,
        };
        let err = doc.parse::<serde_yaml::Value>().unwrap_err();
        // The end of the text (block line 3) is file line 4 after the one-line offset.
        assert_eq!((err.line, err.col), (Some(4), Some(1)), "{err}");
    }
}
