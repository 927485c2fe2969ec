//! The site's base URL (`base_url` in config.yaml, or `--base-url`), split once into the
//! parts every stage needs: the origin (`https://example.com`, when the site names a
//! host), and the base path (`/kb/`, always starting and ending with `/`) that every URL
//! the site writes starts with. Nothing else takes the text apart.
//!
//! Whether the text is safe to write into `href`s is `parse::url::base_url_problem`'s
//! question, asked by `parse::config` and by `load` for `--base-url` before a `BaseUrl`
//! reaches any page.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct BaseUrl {
    text: String,
    origin: Option<String>,
    path: String,
}

impl BaseUrl {
    /// Splits `text`: `https://example.com/kb` → origin `https://example.com`, path `/kb/`;
    /// `/kb/` → no origin, path `/kb/`.
    pub fn new(text: impl Into<String>) -> BaseUrl {
        let text = text.into();
        let (origin, path) = match text.find("://") {
            Some(at) => {
                let host_start = at + 3;
                match text[host_start..].find('/') {
                    Some(i) => (
                        Some(text[..host_start + i].to_string()),
                        &text[host_start + i..],
                    ),
                    None => (Some(text.trim_end_matches('/').to_string()), "/"),
                }
            }
            None => (None, text.as_str()),
        };
        let trimmed = path.trim_matches('/');
        let path = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        BaseUrl { origin, path, text }
    }

    /// The text as the author wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the base names a scheme and host, so absolute URLs (feeds, sitemap, Open
    /// Graph, the blog export's links back) can be written.
    pub fn is_hosted(&self) -> bool {
        self.origin.is_some()
    }

    /// `https://example.com` (no path, no trailing `/`): what makes a rooted URL absolute.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// `/kb/`, or `/` for a site at the root.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The host without user or port, lowercased, for `tag:` URIs.
    pub fn host(&self) -> Option<String> {
        let origin = self.origin.as_deref()?;
        let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        Some(host.split(':').next().unwrap_or(host).to_ascii_lowercase())
    }

    /// A site URL (`/zh/guides/x/`, as pages store it) under the base path:
    /// `/kb/zh/guides/x/`.
    pub fn join(&self, site_url: &str) -> String {
        crate::markup::join_path(&self.path, site_url)
    }

    /// A site URL as the world sees it: `https://example.com/kb/zh/guides/x/` when the base
    /// names a host, otherwise rooted at the base path (`/kb/zh/guides/x/`).
    pub fn public(&self, site_url: &str) -> String {
        match &self.origin {
            Some(origin) => format!("{origin}{}", self.join(site_url)),
            None => self.join(site_url),
        }
    }
}

impl From<String> for BaseUrl {
    fn from(text: String) -> Self {
        BaseUrl::new(text)
    }
}

impl From<&str> for BaseUrl {
    fn from(text: &str) -> Self {
        BaseUrl::new(text)
    }
}

impl From<BaseUrl> for String {
    fn from(url: BaseUrl) -> Self {
        url.text
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hosted_base_splits_into_origin_and_path() {
        let url = BaseUrl::new("https://Example.com:8443/kb");
        assert!(url.is_hosted());
        assert_eq!(url.origin(), Some("https://Example.com:8443"));
        assert_eq!(url.path(), "/kb/");
        assert_eq!(url.host().as_deref(), Some("example.com"));
        assert_eq!(url.as_str(), "https://Example.com:8443/kb");
        for text in ["https://x.com", "https://x.com/", "http://user@x.com/"] {
            assert_eq!(BaseUrl::new(text).path(), "/", "{text}");
        }
        assert_eq!(
            BaseUrl::new("https://x.com").origin(),
            Some("https://x.com")
        );
    }

    #[test]
    fn a_path_base_has_no_origin() {
        for (text, path) in [("/", "/"), ("/kb/", "/kb/"), ("kb", "/kb/"), ("", "/")] {
            let url = BaseUrl::new(text);
            assert!(!url.is_hosted(), "{text}");
            assert_eq!(url.path(), path, "{text}");
            assert_eq!(url.host(), None);
        }
    }

    #[test]
    fn public_urls_keep_the_subpath() {
        let hosted = BaseUrl::new("https://example.com/kb/");
        assert_eq!(
            hosted.public("/zh/guides/x/"),
            "https://example.com/kb/zh/guides/x/"
        );
        assert_eq!(
            BaseUrl::new("https://example.com/kb").public("/"),
            "https://example.com/kb/"
        );
        assert_eq!(BaseUrl::new("/kb/").public("/guides/"), "/kb/guides/");
        assert_eq!(hosted.join("/compare/"), "/kb/compare/");
    }

    #[test]
    fn it_reads_and_writes_as_its_text() {
        let url: BaseUrl = serde_json::from_str("\"https://example.com/kb/\"").unwrap();
        assert_eq!(url.path(), "/kb/");
        assert_eq!(
            serde_json::to_string(&url).unwrap(),
            "\"https://example.com/kb/\""
        );
    }
}
