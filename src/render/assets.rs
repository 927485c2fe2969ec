//! Content-hashed static assets with Subresource Integrity.
//!
//! Every file under the theme's `static/` (and the generated `highlight.css`) is written a
//! second time as `static/<stem>.<hash8>.<ext>`, where `hash8` is the start of the file's
//! SHA-384 digest, so a host can cache it forever; pages link only the hashed names and
//! carry `integrity="sha384-…"` so a tampered copy is refused. The plain names stay for
//! anything outside the templates that links them (a CSS `url()`, an override theme).
//! Hashing happens once, before any page renders, because the templates need the names.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha384};
use std::collections::BTreeMap;

/// One static file: its plain and hashed names (relative to `static/`) and its integrity.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub hashed: String,
    pub integrity: String,
    pub bytes: Vec<u8>,
}

/// Every static file by its plain name (`style.css`, `fonts/x.woff2`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssetManifest {
    pub assets: BTreeMap<String, Asset>,
}

impl AssetManifest {
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Self {
        let assets = files
            .into_iter()
            .map(|(name, bytes)| {
                let digest = Sha384::digest(&bytes);
                let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
                let asset = Asset {
                    hashed: hashed_name(&name, &hex),
                    integrity: format!("sha384-{}", base64(&digest)),
                    bytes,
                };
                (name, asset)
            })
            .collect();
        AssetManifest { assets }
    }

    /// The same files under their plain names, without integrity values: for the live
    /// preview, where a changed stylesheet must keep its URL so it can be swapped in place.
    pub fn plain(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Self {
        let assets = files
            .into_iter()
            .map(|(name, bytes)| {
                let asset = Asset {
                    hashed: name.clone(),
                    integrity: String::new(),
                    bytes,
                };
                (name, asset)
            })
            .collect();
        AssetManifest { assets }
    }

    /// The same files without integrity values: for the offline copy, since a browser
    /// cannot check them for files opened from disk.
    pub fn without_integrity(mut self) -> Self {
        for asset in self.assets.values_mut() {
            asset.integrity.clear();
        }
        self
    }

    /// The files to write: every asset under its plain and its hashed name.
    pub fn files(&self) -> impl Iterator<Item = (String, &[u8])> {
        self.assets.iter().flat_map(|(name, asset)| {
            [
                (format!("static/{name}"), asset.bytes.as_slice()),
                (format!("static/{}", asset.hashed), asset.bytes.as_slice()),
            ]
        })
    }

    /// The templates' `assets` object: `assets.style`, `assets.theme_js`, ... hold the
    /// hashed URLs under `base_path`; `assets.integrity.<key>` the SRI value, where the
    /// manifest has one (not in the preview or an offline copy).
    pub fn context(&self, base_path: &str) -> Value {
        let mut urls = Map::new();
        let mut integrity = Map::new();
        for (name, asset) in &self.assets {
            let key = context_key(name);
            urls.insert(
                key.clone(),
                json!(format!("{base_path}static/{}", asset.hashed)),
            );
            if !asset.integrity.is_empty() {
                integrity.insert(key, json!(asset.integrity));
            }
        }
        urls.insert("integrity".into(), Value::Object(integrity));
        Value::Object(urls)
    }
}

/// `style.css` → `style`, `theme.js` → `theme_js`, `fonts/a-b.woff2` → `fonts_a_b_woff2`:
/// stylesheets by their stem, everything else with its extension.
pub fn context_key(name: &str) -> String {
    let key = name.strip_suffix(".css").unwrap_or(name);
    key.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// `style.css` + `1a2b3c4d` → `style.1a2b3c4d.css`; a name without an extension gets the
/// hash at the end.
fn hashed_name(name: &str, hex: &str) -> String {
    let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hex}.{ext}"),
        _ => format!("{file}.{hex}"),
    };
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

/// Standard base64 with padding (RFC 4648 §4): SRI needs exactly this, and it is twenty
/// lines, so no crate for it.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn integrity_of_a_known_input() {
        // `printf 'alert(1)' | openssl dgst -sha384 -binary | openssl base64 -A`
        let manifest = AssetManifest::new([("a.js".to_string(), b"alert(1)".to_vec())]);
        let asset = &manifest.assets["a.js"];
        assert_eq!(
            asset.integrity,
            "sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW"
        );
        assert!(asset.hashed.starts_with("a.") && asset.hashed.ends_with(".js"));
        assert_eq!(asset.hashed.len(), "a.12345678.js".len());
    }

    #[test]
    fn names_and_keys() {
        assert_eq!(hashed_name("style.css", "abcd0123"), "style.abcd0123.css");
        assert_eq!(
            hashed_name("fonts/x.woff2", "abcd0123"),
            "fonts/x.abcd0123.woff2"
        );
        assert_eq!(hashed_name("LICENSE", "abcd0123"), "LICENSE.abcd0123");
        assert_eq!(context_key("style.css"), "style");
        assert_eq!(context_key("theme.js"), "theme_js");
        assert_eq!(context_key("fonts/a-b.woff2"), "fonts_a_b_woff2");
    }

    #[test]
    fn offline_context_has_no_integrity() {
        let manifest = AssetManifest::new([("style.css".to_string(), b"a{}".to_vec())]);
        let online = manifest.context("/kb/");
        assert!(online["style"]
            .as_str()
            .unwrap()
            .starts_with("/kb/static/style."));
        assert!(online["integrity"]["style"]
            .as_str()
            .unwrap()
            .starts_with("sha384-"));
        let offline = manifest.without_integrity().context("/kb/");
        assert!(offline["integrity"].as_object().unwrap().is_empty());
    }
}
