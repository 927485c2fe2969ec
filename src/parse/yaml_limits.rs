//! Limits checked before any YAML text reaches the parser: its size and how deep it nests.
//!
//! The YAML scanner under serde_yaml takes time that grows with the square of the nesting
//! depth (10,000 `[` took 2.3 s, 200,000 ran past two minutes) before serde sees a value,
//! and serde_yaml's own recursion limit only applies after that. One linear pass here
//! refuses such a document at once, with the place where the limit was crossed.
//!
//! The pass is a lexical estimate, not a parser: it tracks flow collections (`[`, `{`),
//! block indentation levels and compact nested entries (`- - x`), skipping comments,
//! quoted strings and block scalars (`|`, `>`), so brackets inside text do not count. It
//! may count a little more than the parser would, never less; the limit sits well above
//! serde_yaml's own recursion limit (128), so a document it accepts is never refused here.

/// The most bytes of YAML in one document (a data file or one front-matter block).
pub const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

/// The deepest nesting the pre-scan lets through.
pub const MAX_YAML_DEPTH: usize = 256;

/// A limit a document crossed, with its place (1-based line and column in the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitError {
    TooLarge {
        bytes: usize,
    },
    TooDeep {
        line: usize,
        col: usize,
    },
    /// A character YAML does not allow (NUL and the other control characters but tab,
    /// line feed and carriage return): the parser reports it without a line.
    ControlCharacter {
        line: usize,
        col: usize,
        code: u32,
    },
    /// A carriage return not followed by a line feed (an old Mac line end): the parser
    /// counts it as a line end, every other tool does not, so places would disagree.
    LoneCarriageReturn {
        line: usize,
        col: usize,
    },
}

/// Checks the size and the nesting depth of `text` in one pass.
pub fn check(text: &str) -> Result<(), LimitError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(LimitError::TooLarge { bytes: text.len() });
    }
    let mut scan = Scan::default();
    for (index, line) in text.split('\n').enumerate() {
        if let Some((byte, c)) = line.char_indices().find(|&(_, c)| !is_yaml_printable(c)) {
            let col = line[..byte].chars().count() + 1;
            return Err(LimitError::ControlCharacter {
                line: index + 1,
                col,
                code: c as u32,
            });
        }
        if let Some(byte) = line.trim_end_matches('\r').find('\r') {
            let col = line[..byte].chars().count() + 1;
            return Err(LimitError::LoneCarriageReturn {
                line: index + 1,
                col,
            });
        }
        scan.line(line, index + 1)?;
    }
    Ok(())
}

/// YAML 1.2's printable set (c-printable), with the line feed already split off.
fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

#[derive(Default)]
struct Scan {
    /// Open flow collections (`[` or `{`), across lines.
    flow: usize,
    /// Indentation of the enclosing block collections.
    indents: Vec<usize>,
    /// Inside a quoted string that continues on the next line: its quote character.
    quote: Option<u8>,
    /// Inside a block scalar: lines indented more than this are its text.
    block_scalar: Option<usize>,
}

impl Scan {
    fn line(&mut self, line: &str, number: usize) -> Result<(), LimitError> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = bytes[indent..]
            .iter()
            .all(|&b| b == b' ' || b == b'\t' || b == b'\r');
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return Ok(());
            }
            self.block_scalar = None;
        }
        let mut i = 0;
        if let Some(quote) = self.quote {
            match skip_quoted(bytes, 0, quote) {
                Some(end) => {
                    self.quote = None;
                    i = end;
                }
                None => return Ok(()),
            }
        } else if self.flow == 0 {
            if blank || bytes[indent] == b'#' {
                return Ok(());
            }
            // A block collection's depth is the number of indentation levels open here.
            while self.indents.last().is_some_and(|&open| open > indent) {
                self.indents.pop();
            }
            if self.indents.last() != Some(&indent) {
                self.indents.push(indent);
            }
            i = indent;
        }
        let mut depth_here = self.indents.len();
        // `at_token`: the next non-space character starts a value (so `[`, `{`, a quote, `|`
        // or `>` there mean what they say, and inside a plain scalar they do not).
        let mut at_token = true;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => return Ok(()),
                b'"' | b'\'' if at_token => {
                    if let Some(end) = skip_quoted(bytes, i + 1, b) {
                        i = end;
                        at_token = false;
                        continue;
                    } else {
                        self.quote = Some(b);
                        return Ok(());
                    }
                }
                b'[' | b'{' if at_token || self.flow > 0 => {
                    self.flow += 1;
                    if depth_here + self.flow > MAX_YAML_DEPTH {
                        return Err(too_deep(line, number, i));
                    }
                    at_token = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    at_token = false;
                }
                b',' if self.flow > 0 => at_token = true,
                b'|' | b'>' if at_token && self.flow == 0 => {
                    self.block_scalar = Some(indent);
                    return Ok(());
                }
                // `- `, `? ` and `: ` start a value; the first two, written in a row on one
                // line (`- - - x`), each open one more nested block collection.
                b'-' | b'?' | b':' if next_is_space(bytes, i) => {
                    if b != b':' && at_token && self.flow == 0 {
                        depth_here += 1;
                        if depth_here > MAX_YAML_DEPTH {
                            return Err(too_deep(line, number, i));
                        }
                    }
                    at_token = true;
                }
                b':' if self.flow > 0 => at_token = true,
                _ => {
                    // A plain scalar: runs to the next indicator this pass cares about.
                    at_token = false;
                }
            }
            i += 1;
        }
        Ok(())
    }
}

fn next_is_space(bytes: &[u8], i: usize) -> bool {
    matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r'))
}

/// The index after the closing `quote` at or after `from`, or `None` if the string runs
/// past the end of the line. `"` strings escape with `\`, `'` strings double the quote.
fn skip_quoted(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if quote == b'"' && b == b'\\' {
            i += 2;
            continue;
        }
        if b == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

fn too_deep(line: &str, number: usize, byte: usize) -> LimitError {
    let col = line[..byte].chars().count() + 1;
    LimitError::TooDeep { line: number, col }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> Option<(usize, usize)> {
        match check(text) {
            Err(LimitError::TooDeep { line, col }) => Some((line, col)),
            _ => None,
        }
    }

    #[test]
    fn refuses_deep_flow_nesting_at_the_bracket_that_crosses_the_limit() {
        let text = format!("a: {}", "[".repeat(10_000));
        assert_eq!(depth_error(&text), Some((1, 4 + MAX_YAML_DEPTH - 1)));
        let text = format!("x: 1\ny:\n  {}1{}\n", "{a: ".repeat(300), "}".repeat(300));
        assert!(depth_error(&text).is_some_and(|(line, _)| line == 3));
    }

    #[test]
    fn refuses_deep_compact_block_sequences() {
        let text = format!("{}x\n", "- ".repeat(1_000));
        assert_eq!(depth_error(&text), Some((1, 2 * MAX_YAML_DEPTH - 1)));
    }

    #[test]
    fn accepts_what_real_files_hold() {
        let ok = "\
title: 'A [bracketed title'
summary: \"quotes [ { with \\\" escapes\"
tags: [a, b, {c: [d, e]}]
note: |
  [ [ [ [ a block scalar's text is not nesting
  { {
body: >
  - - - - - folded
plain: a[b {c
# [ [ [ a comment
list:
  - - a
    - b
  - {k: v}
multi: \"a string
  [ [ [ over lines\"
";
        // Repeated, so brackets in text would accumulate if they counted.
        assert_eq!(check(&ok.repeat(50)), Ok(()));
        assert_eq!(check(&"a: [1, 2]\n".repeat(10_000)), Ok(()));
    }

    #[test]
    fn accepts_nesting_up_to_the_limit() {
        let depth = MAX_YAML_DEPTH - 1;
        let text = format!("a: {}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(check(&text), Ok(()));
    }

    #[test]
    fn refuses_control_characters_at_their_place() {
        assert_eq!(
            check("a: 1\nb: \"x\0y\"\n"),
            Err(LimitError::ControlCharacter {
                line: 2,
                col: 6,
                code: 0
            })
        );
        assert_eq!(
            check("名: \u{7}"),
            Err(LimitError::ControlCharacter {
                line: 1,
                col: 4,
                code: 7
            })
        );
        assert_eq!(check("a: \"tab\there\"\r\nb: \u{feff}é😀\n"), Ok(()));
    }

    #[test]
    fn refuses_a_carriage_return_without_a_line_feed() {
        // Found by the front_matter fuzz target: the parser's line numbers ran ahead.
        assert_eq!(
            check("a: 1\rb: 2\nc: 3\n"),
            Err(LimitError::LoneCarriageReturn { line: 1, col: 5 })
        );
        assert_eq!(check("a: 1\r\nb: 2\r\n"), Ok(()));
    }

    #[test]
    fn refuses_a_document_over_the_size_limit() {
        let text = "a".repeat(MAX_YAML_BYTES + 1);
        assert_eq!(
            check(&text),
            Err(LimitError::TooLarge {
                bytes: MAX_YAML_BYTES + 1
            })
        );
    }
}
