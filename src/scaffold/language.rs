//! `archkb new language CODE`: the first step of adding a language to a site. It adds the
//! code to config.yaml's `languages` by editing the text in place (comments and layout
//! stay), copies the default language's content folder for the translator to work over
//! (a build needs the home page and every architecture's article in each language), and,
//! where the site keeps its own copy of the theme, an i18n file listing every UI string to
//! translate. What is left (the data files' texts, the strings) `archkb check` lists.

use crate::diag::Diagnostic;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// What `new_language` did, for the command to report.
#[derive(Debug)]
pub struct LanguageAdded {
    /// The canonical code that was added.
    pub code: String,
    /// Files created, relative to the site's root.
    pub created: Vec<PathBuf>,
    /// The site's theme folder when it has one (`themes/default`), else `None`: the
    /// built-in theme's strings are then shown in the default language.
    pub theme_copy: Option<PathBuf>,
    /// The i18n file that translates the theme for `code` (to create, or created).
    pub i18n_file: PathBuf,
}

/// Adds `code` to the site at `root`. A bad or taken code, or a config.yaml whose
/// `languages` cannot be edited safely, is a diagnostic; nothing is written then.
pub fn new_language(root: &Path, code: &str) -> Result<Result<LanguageAdded, Diagnostic>> {
    let config_path = root.join("config.yaml");
    let config_text = std::fs::read_to_string(&config_path)
        .with_context(|| format!("reading {}", config_path.display()))?;
    let config: crate::model::Config =
        match crate::parse::yaml::YamlDoc::whole(Path::new("config.yaml"), &config_text).parse() {
            Ok(c) => c,
            Err(d) => return Ok(Err(d)),
        };
    if let Err(d) = check_code(code) {
        return Ok(Err(d));
    }
    if config.languages.iter().any(|l| l == code) {
        return Ok(Err(Diagnostic::error(
            "config.yaml",
            format!("`{code}` is already a language of this site"),
        )
        .hint(format!(
            "its languages are: {}; `archkb check` lists what is left to translate",
            config.languages.join(", ")
        ))));
    }
    let Some(edited) = add_to_languages(&config_text, code) else {
        return Ok(Err(cannot_edit(code)));
    };
    // The edit is checked by reading it back: the languages must be the old ones plus
    // `code`, in that order, or the file is left as it was.
    let mut expected = config.languages.clone();
    expected.push(code.to_string());
    let reread: Option<crate::model::Config> =
        crate::parse::yaml::YamlDoc::whole(Path::new("config.yaml"), &edited)
            .parse()
            .ok();
    if reread.map(|c| c.languages) != Some(expected) {
        return Ok(Err(cannot_edit(code)));
    }

    let default = config.default_language().to_string();
    let mut files = content_stubs(root, &default, code)?;
    let theme_dir = PathBuf::from(format!("themes/{}", config.theme));
    let i18n_file = theme_dir.join(format!("i18n/{code}.yaml"));
    let theme_copy = root.join(&theme_dir).is_dir().then(|| theme_dir.clone());
    if theme_copy.is_some() && !root.join(&i18n_file).exists() {
        let stub = i18n_stub(root, &theme_dir, &default, code);
        files.push((i18n_file.clone(), stub.into_bytes()));
    }
    for (rel, _) in &files {
        if root.join(rel).exists() {
            return Ok(Err(Diagnostic::error(rel, "already exists")
                .hint("move it away, or add the language to config.yaml by hand")));
        }
    }
    for (rel, text) in &files {
        super::write_new(&root.join(rel), text)?;
    }
    std::fs::write(&config_path, edited)
        .with_context(|| format!("writing {}", config_path.display()))?;
    Ok(Ok(LanguageAdded {
        code: code.to_string(),
        created: files.into_iter().map(|(p, _)| p).collect(),
        theme_copy,
        i18n_file,
    }))
}

fn cannot_edit(code: &str) -> Diagnostic {
    Diagnostic::error(
        "config.yaml",
        format!("cannot add `{code}` to `languages` safely"),
    )
    .hint(format!(
        "write `languages` as a list, e.g. `languages: [en, zh]`, then run this again, or add `{code}` by hand"
    ))
}

/// A BCP 47 tag of the shapes a site uses: a 2–3 letter language, then optionally a
/// 4-letter script and a 2-letter or 3-digit region, in their canonical case (`fr`,
/// `pt-BR`, `zh-Hant`). The code becomes a folder and a URL segment, so nothing else.
fn check_code(code: &str) -> Result<(), Diagnostic> {
    let parts: Vec<&str> = code.split('-').collect();
    let letters = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let mut canonical = Vec::new();
    let mut valid = parts.len() <= 3 && letters(parts[0], 2..=3);
    if valid {
        canonical.push(parts[0].to_ascii_lowercase());
    }
    let mut rest = parts.iter().skip(1).peekable();
    if let Some(script) = rest.next_if(|s| letters(s, 4..=4)) {
        let (first, tail) = script.split_at(1);
        canonical.push(first.to_ascii_uppercase() + &tail.to_ascii_lowercase());
    }
    if let Some(region) = rest
        .next_if(|s| letters(s, 2..=2) || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit())))
    {
        canonical.push(region.to_ascii_uppercase());
    }
    valid &= rest.next().is_none();
    let canonical = canonical.join("-");
    if valid && canonical == code {
        return Ok(());
    }
    let hint = if valid {
        format!("write it as `{canonical}`")
    } else {
        "use a language code such as `fr`, `pt-BR` or `zh-Hant`".to_string()
    };
    Err(Diagnostic::error("config.yaml", format!("`{code}` is not a language code")).hint(hint))
}

/// `text` with `code` appended to its top-level `languages`, or `None` when the key has a
/// shape this edit does not handle. A missing key means the default (`[en]`).
fn add_to_languages(text: &str, code: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(at) = lines.iter().position(|l| l.starts_with("languages:")) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("languages: [en, {code}]\n"));
        return Some(out);
    };
    let line = lines[at];
    let value = line["languages:".len()..].trim_start();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    if value.starts_with('[') {
        // A flow list on one line: insert before its `]`, keeping what follows (a comment).
        let close = line.find(']')?;
        let inside = line[line.find('[')? + 1..close].trim();
        let sep = if inside.is_empty() { "" } else { ", " };
        let before = line[..close].trim_end();
        out[at] = format!("{before}{sep}{code}{}", &line[close..]);
        return Some(out.concat());
    }
    if !(value.trim().is_empty() || value.starts_with('#')) {
        return None;
    }
    // A block list: `- item` lines below (comments and blank lines may sit between).
    let mut last_item = None;
    for (i, l) in lines.iter().enumerate().skip(at + 1) {
        let trimmed = l.trim_start();
        if trimmed.starts_with("- ") || trimmed.trim_end() == "-" {
            last_item = Some(i);
        } else if !(trimmed.trim().is_empty() || trimmed.starts_with('#')) {
            break;
        }
    }
    let last = last_item?;
    let indent = &lines[last][..lines[last].len() - lines[last].trim_start().len()];
    let newline = if lines[last].ends_with('\n') {
        ""
    } else {
        "\n"
    };
    out[last] = format!("{}{newline}{indent}- {code}\n", lines[last]);
    Some(out.concat())
}

/// A copy of the default language's content folder: every page then exists in the new
/// language (the home page and one article per architecture are required, and the links
/// between pages must resolve), reading in the default language until translated. `check`
/// warns about every copy until it records `translated_from`.
fn content_stubs(root: &Path, default: &str, code: &str) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let source = root.join("content").join(default);
    let mut files = Vec::new();
    // A site without default-language content has nothing to copy; `check` says what the
    // build needs.
    if !source.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(&source).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", source.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&source)
            .context("a file under the walked folder")?;
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        files.push((Path::new("content").join(code).join(rel), bytes));
    }
    Ok(files)
}

/// The default language's i18n file with every entry commented out, under a header saying
/// what to do: a translator uncomments and translates line by line, and until then each
/// string is shown in the default language with a `check` warning naming its key.
fn i18n_stub(root: &Path, theme_dir: &Path, default: &str, code: &str) -> String {
    let site_copy = root.join(theme_dir).join(format!("i18n/{default}.yaml"));
    let source = std::fs::read_to_string(site_copy).ok().or_else(|| {
        crate::theme::EMBEDDED_THEME
            .iter()
            .find(|(path, _)| *path == format!("i18n/{default}.yaml"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
    });
    let mut out = format!(
        "# The theme's UI strings in `{code}`. Each line below is the `{default}` string,\n\
         # commented out: uncomment it and translate the text after the key. A key that is\n\
         # missing here is shown in `{default}`, and `archkb check` names it.\n\
         # lang_{code} is this language's name in the language switcher.\n\
         # lang_{code}: {code}\n"
    );
    for line in source.unwrap_or_default().lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            out.push_str(line);
        } else {
            out.push_str("# ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        for good in ["fr", "pt-BR", "zh-Hant", "es-419", "zh-Hant-TW", "fil"] {
            assert!(check_code(good).is_ok(), "{good}");
        }
        let hint = |code: &str| check_code(code).unwrap_err().hint.unwrap_or_default();
        assert_eq!(hint("pt-br"), "write it as `pt-BR`");
        assert_eq!(hint("FR"), "write it as `fr`");
        for bad in [
            "",
            "f",
            "french",
            "fr_FR",
            "fr-",
            "fr/..",
            "../x",
            "fr-FR-x-y",
            "fr BR",
        ] {
            assert!(check_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_flow_list_keeps_its_comment() {
        let text = "title: x\nlanguages: [en, zh]  # the first is the default\ntheme: default\n";
        assert_eq!(
            add_to_languages(text, "fr").unwrap(),
            "title: x\nlanguages: [en, zh, fr]  # the first is the default\ntheme: default\n"
        );
        assert_eq!(
            add_to_languages("languages: []\n", "fr").unwrap(),
            "languages: [fr]\n"
        );
    }

    #[test]
    fn a_block_list_gets_an_item_with_the_same_indent() {
        let text = "languages:\n    - en\n    # Chinese\n    - zh\ntheme: default\n";
        assert_eq!(
            add_to_languages(text, "pt-BR").unwrap(),
            "languages:\n    - en\n    # Chinese\n    - zh\n    - pt-BR\ntheme: default\n"
        );
        assert_eq!(
            add_to_languages("languages:\n  - en", "fr").unwrap(),
            "languages:\n  - en\n  - fr\n"
        );
    }

    #[test]
    fn a_missing_key_is_the_default_plus_the_new_code() {
        assert_eq!(
            add_to_languages("title: x", "fr").unwrap(),
            "title: x\nlanguages: [en, fr]\n"
        );
    }

    #[test]
    fn other_shapes_are_refused() {
        assert_eq!(add_to_languages("languages: en\n", "fr"), None);
        assert_eq!(add_to_languages("languages: [en,\n  zh]\n", "fr"), None);
    }
}
