//! The theme: the default embedded in the binary, with any single file overridden by the
//! site's `themes/<name>/` folder (Zola's site → theme → built-in lookup).

use crate::diag::{Diagnostic, Diagnostics};
use crate::parse::yaml::YamlDoc;
use crate::source::SourceSet;
use std::collections::BTreeMap;
use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// Where the file came from, for diagnostics: `themes/default/templates/base.html`, or
    /// `<built-in theme>/...` when nothing overrides it.
    pub origin: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
    /// The theme's name in config.yaml, for the paths diagnostics suggest.
    pub name: String,
}

impl Theme {
    /// The embedded theme overlaid with the site's `themes/<name>/` files.
    pub fn load(sources: &SourceSet, name: &str) -> Theme {
        let mut files: BTreeMap<String, ThemeFile> = EMBEDDED_THEME
            .iter()
            .map(|(path, bytes)| {
                let file = ThemeFile {
                    bytes: bytes.to_vec(),
                    origin: PathBuf::from(format!("<built-in theme>/{path}")),
                };
                ((*path).to_string(), file)
            })
            .collect();
        let prefix = format!("themes/{name}/");
        for file in &sources.theme {
            let path = file.path.to_string_lossy().replace('\\', "/");
            if let Some(rel) = path.strip_prefix(&prefix) {
                files.insert(
                    rel.to_string(),
                    ThemeFile {
                        bytes: file.bytes.clone(),
                        origin: PathBuf::from(&path),
                    },
                );
            }
        }
        Theme {
            files,
            name: name.to_string(),
        }
    }

    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(path, file)| path.strip_prefix("templates/").map(|name| (name, file)))
    }

    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(path, file)| path.strip_prefix("static/").map(|name| (name, file)))
    }

    /// UI strings for `lang` from `i18n/<lang>.yaml`, falling back to the default language
    /// key by key so a partial translation still renders. Each fallback is a warning that
    /// names the file and the key (or, without a file, the file to create), so `check` is
    /// the translator's to-do list and a new language never shows an empty label.
    pub fn strings(
        &self,
        lang: &str,
        fallback: &str,
        diags: &mut Diagnostics,
    ) -> BTreeMap<String, String> {
        let mut strings = self.strings_of(fallback, diags).unwrap_or_default();
        if lang == fallback {
            return strings;
        }
        let fallback_file = self.i18n_origin(fallback);
        match self.strings_of(lang, diags) {
            Some(own) => {
                let file = self.i18n_origin(lang);
                for key in strings.keys().filter(|k| !own.contains_key(*k)) {
                    diags.push(
                        Diagnostic::warning(
                            &file,
                            format!("`{key}` has no `{lang}` text; the `{fallback}` text is shown"),
                        )
                        .hint(format!(
                            "add `{key}: ...` in {lang} to {}, translating the line of {}",
                            file.display(),
                            fallback_file.display()
                        )),
                    );
                }
                strings.extend(own);
            }
            None => diags.push(
                Diagnostic::warning(
                    format!("themes/{}/i18n/{lang}.yaml", self.name),
                    format!(
                        "no UI strings for `{lang}`; all {} are shown in `{fallback}`",
                        strings.len()
                    ),
                )
                .hint(format!(
                    "create this file with the keys of {} translated (a site's themes/{}/ folder overrides single theme files)",
                    fallback_file.display(),
                    self.name
                )),
            ),
        }
        strings
    }

    /// Where `i18n/<lang>.yaml` comes from: the site's copy or the built-in theme.
    fn i18n_origin(&self, lang: &str) -> PathBuf {
        let rel = format!("i18n/{lang}.yaml");
        self.files.get(&rel).map_or_else(
            || PathBuf::from(format!("themes/{}/{rel}", self.name)),
            |f| f.origin.clone(),
        )
    }

    fn strings_of(&self, lang: &str, diags: &mut Diagnostics) -> Option<BTreeMap<String, String>> {
        let file = self.files.get(&format!("i18n/{lang}.yaml"))?;
        let mut decode_diags = Diagnostics::default();
        let text =
            crate::source::decode(file.origin.clone(), file.bytes.clone(), &mut decode_diags);
        diags.extend(decode_diags);
        let text = text?;
        // A file of comments only (the stub `archkb new language` writes) translates
        // nothing yet: every key falls back, each with its warning.
        if text
            .text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Some(BTreeMap::new());
        }
        match YamlDoc::whole(&file.origin, &text.text).parse::<BTreeMap<String, String>>() {
            Ok(map) => Some(map),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }
}
