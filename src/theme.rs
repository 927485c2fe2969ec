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
                (path.to_string(), file)
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
        Theme { files }
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
    /// key by key so a partial translation still renders.
    pub fn strings(
        &self,
        lang: &str,
        fallback: &str,
        diags: &mut Diagnostics,
    ) -> BTreeMap<String, String> {
        let mut strings = self.strings_of(fallback, diags).unwrap_or_default();
        if lang != fallback {
            match self.strings_of(lang, diags) {
                Some(own) => strings.extend(own),
                None => diags.push(
                    Diagnostic::warning(
                        format!("themes/<theme>/i18n/{lang}.yaml"),
                        format!("no UI strings for `{lang}`"),
                    )
                    .hint("the theme's text falls back to the default language"),
                ),
            }
        }
        strings
    }

    fn strings_of(&self, lang: &str, diags: &mut Diagnostics) -> Option<BTreeMap<String, String>> {
        let file = self.files.get(&format!("i18n/{lang}.yaml"))?;
        let mut decode_diags = Diagnostics::default();
        let text =
            crate::source::decode(file.origin.clone(), file.bytes.clone(), &mut decode_diags);
        diags.extend(decode_diags);
        let text = text?;
        match YamlDoc::whole(&file.origin, &text.text).parse::<BTreeMap<String, String>>() {
            Ok(map) => Some(map),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }
}
