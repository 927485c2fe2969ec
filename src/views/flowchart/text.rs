//! Text measurement and line wrapping for flowchart boxes, without fonts.
//!
//! The site is generated at build time on machines that may have no fonts
//! installed, so widths come from a fixed per-character table: the real
//! advance widths of a Helvetica-like sans-serif for printable ASCII, and
//! character classes for everything else (CJK, kana, hangul and full-width
//! forms are one em; combining marks take no space). Widths are summed in
//! integer thousandths of an em so that a line's measured width does not
//! depend on the order in which it was added up.
//!
//! Wrapping follows the rules a reader expects in each script: Latin text
//! breaks at spaces, CJK text between any two characters, except that a
//! line never starts with closing punctuation (`，。、）」`) or ends with
//! opening punctuation (`（「`).

/// Advance widths, in thousandths of an em, of the printable ASCII
/// characters `' '..='~'` in a Helvetica/Arial-like sans-serif.
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // 'A'..'M'
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // 'N'..'Z'
    278, 278, 278, 469, 556, 333, // '['..'`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // 'a'..'m'
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // 'n'..'z'
    334, 260, 334, 584, // '{'..'~'
];

/// Width of one em, in the thousandths used by [`ASCII_WIDTHS`].
const EM: u32 = 1000;

/// Width of a character as a fraction of the font size.
pub fn char_width_em(c: char) -> f64 {
    f64::from(char_width_milli(c)) / f64::from(EM)
}

/// Width of `s` when set at `font_size` (in the same unit as `font_size`).
pub fn text_width(s: &str, font_size: f64) -> f64 {
    let milli = s.chars().map(|c| u64::from(char_width_milli(c))).sum();
    milli_to_width(milli, font_size)
}

/// Breaks `s` into lines no wider than `max_width` at `font_size`.
///
/// Runs of whitespace collapse to one space and vanish at line ends; a
/// newline forces a break. A line is wider than `max_width` only when it
/// holds a single character that is itself wider. Empty input gives no
/// lines.
pub fn wrap(s: &str, max_width: f64, font_size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in s.split('\n') {
        wrap_paragraph(paragraph, max_width, font_size, &mut lines);
    }
    lines
}

fn milli_to_width(milli: u64, font_size: f64) -> f64 {
    milli as f64 / f64::from(EM) * font_size
}

fn char_width_milli(c: char) -> u32 {
    let code = u32::from(c);
    if (0x20..0x7f).contains(&code) {
        return u32::from(ASCII_WIDTHS[(code - 0x20) as usize]);
    }
    if c.is_control() || is_zero_width(code) {
        0
    } else if is_wide(code) {
        EM
    } else if (0xff61..=0xff9f).contains(&code) {
        // Half-width katakana and punctuation.
        EM / 2
    } else if c.is_uppercase() {
        667
    } else if c.is_alphabetic() {
        556
    } else {
        600
    }
}

/// Combining marks, joiners and variation selectors: drawn on or between
/// neighbouring characters, never advancing the pen.
fn is_zero_width(code: u32) -> bool {
    matches!(
        code,
        0x0300..=0x036f
            | 0x0483..=0x0489
            | 0x0591..=0x05bd
            | 0x1ab0..=0x1aff
            | 0x1dc0..=0x1dff
            | 0x200b..=0x200f
            | 0x2060..=0x2064
            | 0x20d0..=0x20ff
            | 0x3099..=0x309a
            | 0xfe00..=0xfe0f
            | 0xfe20..=0xfe2f
            | 0xfeff
            | 0xe0100..=0xe01ef
    )
}

/// Characters set one em wide: CJK ideographs and symbols, kana, hangul,
/// Yi, full-width forms and pictographic emoji. The same characters allow
/// a line break on either side.
fn is_wide(code: u32) -> bool {
    matches!(
        code,
        0x1100..=0x115f
            | 0x2e80..=0x303f
            | 0x3041..=0x33ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xa000..=0xa4cf
            | 0xac00..=0xd7a3
            | 0xf900..=0xfaff
            | 0xfe30..=0xfe4f
            | 0xff01..=0xff60
            | 0xffe0..=0xffe6
            | 0x1f300..=0x1f64f
            | 0x1f900..=0x1f9ff
            | 0x20000..=0x3fffd
    )
}

/// Closing punctuation and small kana, which must not start a line.
fn forbids_break_before(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '］'
            | '｝'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '〗'
            | '〙'
            | '〛'
            | '”'
            | '’'
            | '…'
            | '‥'
            | '・'
            | 'ー'
            | '々'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Opening punctuation, which must not end a line.
fn forbids_break_after(c: char) -> bool {
    matches!(
        c,
        '（' | '［'
            | '｛'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '〖'
            | '〘'
            | '〚'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
    )
}

/// Whether a line may break between two adjacent non-space characters.
fn can_break_between(before: char, after: char) -> bool {
    let cjk_side = is_wide(u32::from(before)) || is_wide(u32::from(after));
    cjk_side
        && !is_zero_width(u32::from(after))
        && !forbids_break_before(after)
        && !forbids_break_after(before)
}

/// A run of characters that must stay on one line unless it alone is too
/// wide, and whether a space separated it from the previous run.
struct Unit {
    after_space: bool,
    text: String,
    milli: u64,
}

fn split_units(paragraph: &str) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut current: Option<Unit> = None;
    let mut space_pending = false;
    let mut previous: Option<char> = None;
    for c in paragraph.chars() {
        if c.is_whitespace() {
            units.extend(current.take());
            space_pending = true;
            previous = None;
            continue;
        }
        if let Some(before) = previous {
            if can_break_between(before, c) {
                units.extend(current.take());
            }
        }
        let unit = current.get_or_insert_with(|| Unit {
            after_space: std::mem::take(&mut space_pending),
            text: String::new(),
            milli: 0,
        });
        unit.text.push(c);
        unit.milli += u64::from(char_width_milli(c));
        previous = Some(c);
    }
    units.extend(current);
    units
}

fn wrap_paragraph(paragraph: &str, max_width: f64, font_size: f64, lines: &mut Vec<String>) {
    let fits = |milli: u64| milli_to_width(milli, font_size) <= max_width;
    let space_milli = u64::from(char_width_milli(' '));
    let mut line = String::new();
    let mut line_milli = 0;
    for unit in split_units(paragraph) {
        if line.is_empty() && fits(unit.milli) {
            line = unit.text;
            line_milli = unit.milli;
            continue;
        }
        let separator = if unit.after_space { space_milli } else { 0 };
        if !line.is_empty() && fits(line_milli + separator + unit.milli) {
            if unit.after_space {
                line.push(' ');
            }
            line.push_str(&unit.text);
            line_milli += separator + unit.milli;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_milli = 0;
        }
        if fits(unit.milli) {
            line = unit.text;
            line_milli = unit.milli;
            continue;
        }
        // A single run wider than the line: break it between characters,
        // keeping combining marks with the character they modify.
        for c in unit.text.chars() {
            let width = u64::from(char_width_milli(c));
            if !line.is_empty() && width > 0 && !fits(line_milli + width) {
                lines.push(std::mem::take(&mut line));
                line_milli = 0;
            }
            line.push(c);
            line_milli += width;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, got {actual}"
        );
    }

    /// Every line fits, or is a single character (plus combining marks)
    /// that is wider than the limit on its own.
    fn assert_lines_fit(lines: &[String], max_width: f64, font_size: f64) {
        for line in lines {
            let visible = line.chars().filter(|&c| char_width_milli(c) > 0).count();
            assert!(
                text_width(line, font_size) <= max_width || visible == 1,
                "line {line:?} is wider than {max_width}"
            );
        }
    }

    #[test]
    fn widths_of_known_strings() {
        assert_close(text_width("", 14.0), 0.0);
        // H e l l o = 722 + 556 + 222 + 222 + 556 thousandths.
        assert_close(text_width("Hello", 10.0), 22.78);
        assert_close(text_width("il.", 10.0), 7.22);
        assert_close(text_width("W M", 10.0), 9.44 + 2.78 + 8.33);
        assert_close(text_width("2024", 12.0), 4.0 * 0.556 * 12.0);
        assert_close(text_width("模型选择", 14.0), 56.0);
        assert_close(text_width("カナ한글", 10.0), 40.0);
        assert_close(text_width("ＡＢ", 10.0), 20.0);
        assert_close(text_width("，。", 10.0), 20.0);
        // Combining acute accent takes no space.
        assert_close(text_width("e\u{301}", 10.0), 5.56);
        assert_close(text_width("\u{200b}", 10.0), 0.0);
        assert_close(char_width_em(' '), 0.278);
        assert!(char_width_em('W') > char_width_em('a'));
        assert!(char_width_em('a') > char_width_em('i'));
    }

    #[test]
    fn english_breaks_at_spaces() {
        let text = "Do you need the model to run on a phone without a network?";
        let lines = wrap(text, 120.0, 14.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(!line.starts_with(' ') && !line.ends_with(' '));
        }
        assert_lines_fit(&lines, 120.0, 14.0);
        // The first line is filled greedily: the next word would not fit.
        let next_word = lines[1].split(' ').next().unwrap_or_default();
        assert!(text_width(&format!("{} {next_word}", lines[0]), 14.0) > 120.0);
    }

    #[test]
    fn spaces_collapse_and_newlines_force_breaks() {
        assert_eq!(wrap("  a   b  ", 1000.0, 10.0), vec!["a b"]);
        assert_eq!(wrap("one\ntwo", 1000.0, 10.0), vec!["one", "two"]);
        assert!(wrap("", 100.0, 10.0).is_empty());
        assert!(wrap("   ", 100.0, 10.0).is_empty());
    }

    #[test]
    fn overlong_word_is_broken_by_characters() {
        let lines = wrap("a supercalifragilistic word", 40.0, 10.0);
        assert_eq!(lines.concat().replace(' ', ""), "asupercalifragilisticword");
        assert!(lines.len() >= 3, "{lines:?}");
        assert_lines_fit(&lines, 40.0, 10.0);
        // A character wider than the limit still gets a line of its own.
        assert_eq!(wrap("WW", 5.0, 10.0), vec!["W", "W"]);
        // Combining marks stay with their base character.
        assert_eq!(
            wrap("e\u{301}e\u{301}", 6.0, 10.0),
            vec!["e\u{301}", "e\u{301}"]
        );
    }

    #[test]
    fn chinese_breaks_between_characters_but_respects_punctuation() {
        let text = "如果需要在手机上离线运行，请选择小型模型。";
        let lines = wrap(text, 70.0, 10.0);
        assert_eq!(lines.concat(), text);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_lines_fit(&lines, 70.0, 10.0);
        for line in &lines {
            let first = line.chars().next().unwrap_or(' ');
            let last = line.chars().last().unwrap_or(' ');
            assert!(!forbids_break_before(first), "{lines:?}");
            assert!(!forbids_break_after(last), "{lines:?}");
        }
        // Seven characters fit exactly; the comma may not start line two,
        // so it pulls the previous character down with it.
        assert_eq!(
            wrap("一二三四五六七，八", 70.0, 10.0),
            vec!["一二三四五六", "七，八"]
        );
        assert_eq!(wrap("一二（三四", 30.0, 10.0), vec!["一二", "（三四"]);
        assert_eq!(wrap("「一」二三", 30.0, 10.0), vec!["「一」", "二三"]);
    }

    #[test]
    fn mixed_text_breaks_both_ways() {
        let text = "使用Transformer模型 or a CNN 处理图像";
        let lines = wrap(text, 60.0, 10.0);
        assert_lines_fit(&lines, 60.0, 10.0);
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        // Latin words are never split when they fit on a line.
        assert!(lines.iter().any(|l| l.contains("Transformer")), "{lines:?}");
        // Breaks happen at the Latin/CJK boundary.
        assert_eq!(wrap("模型Model", 30.0, 10.0), vec!["模型", "Model"]);
        assert_eq!(wrap("Model模型", 30.0, 10.0), vec!["Model", "模型"]);
        // Latin punctuation after CJK does not start a line.
        assert_eq!(wrap("模型一,", 25.0, 10.0), vec!["模型", "一,"]);
    }

    #[test]
    fn no_line_is_too_wide_for_many_limits() {
        let samples = [
            "A quick brown fox jumps over the lazy dog, twice.",
            "机器学习模型的选择取决于数据、算法（以及硬件）和预算。",
            "日本語のテキストも、ちゃんと折り返されます。",
            "한국어 텍스트도 줄바꿈이 됩니다",
            "Mixed 中文 and English，with punctuation（括号）ok?",
        ];
        for sample in samples {
            for max_width in [1.0, 8.0, 15.0, 33.0, 50.0, 77.0, 120.0, 500.0] {
                let lines = wrap(sample, max_width, 10.0);
                assert_lines_fit(&lines, max_width, 10.0);
                let expected: String = sample.chars().filter(|c| !c.is_whitespace()).collect();
                let got: String = lines
                    .concat()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                assert_eq!(got, expected);
            }
        }
    }
}
