//! Splits a Markdown file into its YAML front matter and its body.

use super::yaml::YamlDoc;
use crate::diag::Diagnostic;
use crate::model::FrontMatter;
use std::path::Path;

/// The parsed front matter, the body, and the 1-based line the body starts on.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<(FrontMatter, &'a str, usize), Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, "the article is empty")
            .at(1, 1)
            .hint(
                "start it with front matter: a `---` line, `title: ...`, and another `---` line",
            ));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(file, "the article has no front matter")
            .at(1, 1)
            .hint("begin the file with a `---` line, then `title: ...`, then another `---` line"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            let body_line = index + 3;
            let doc = YamlDoc {
                file,
                text: yaml,
                line_offset: 1,
            };
            let front: FrontMatter = doc.parse()?;
            if front.title.trim().is_empty() {
                return Err(Diagnostic::error(file, "the title is empty")
                    .at_opt(doc.locate("title", None))
                    .hint("give the page a title in its front matter"));
            }
            for (key, value) in [("date", &front.date), ("updated", &front.updated)] {
                if let Some(date) = value {
                    if !is_iso_date(date) {
                        return Err(Diagnostic::error(
                            file,
                            format!("`{key}` is `{date}`, not a date"),
                        )
                        .at_opt(doc.locate(key, None))
                        .hint("write dates as YYYY-MM-DD, e.g. 2026-11-28"));
                    }
                }
            }
            if let Some(hash) = &front.translated_from {
                if !crate::model::page::is_hash(hash) {
                    return Err(Diagnostic::error(
                        file,
                        format!("`translated_from` is `{hash}`, not a 12-digit hex hash"),
                    )
                    .at_opt(doc.locate("translated_from", None))
                    .hint("copy the value `archkb check` prints for this translation"));
                }
            }
            return Ok((front, body, body_line));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(file, "the front matter opened on line 1 is never closed")
            .at(1, 1)
            .hint("add a line with only `---` after the last front-matter field"),
    )
}

pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let (front, body, line) =
            split(Path::new("a.md"), "---\ntitle: Hi\n---\n# Body\n").unwrap();
        assert_eq!(front.title, "Hi");
        assert_eq!(body, "# Body\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_one() {
        let err = split(Path::new("a.md"), "---\ntitle: Hi\n# Body\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn yaml_errors_count_from_the_file_not_the_block() {
        let err = split(Path::new("a.md"), "---\ntitle: Hi\ntags: [a\n---\n").unwrap_err();
        // The flow list opened on file line 3 is still open where the block ends, at the
        // closing `---` on line 4 (block line 3).
        assert_eq!((err.line, err.col), (Some(4), Some(1)), "{err}");
    }

    #[test]
    fn unknown_field_lists_the_valid_ones() {
        let err = split(Path::new("a.md"), "---\ntitle: Hi\ntitel: x\n---\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("expected one of"), "{err}");
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_iso_date("2026-11-28"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("28.11.2026"));
    }
}
