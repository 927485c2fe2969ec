//! Web links written in data fields (papers, implementations, a bench file's source, the
//! site's `base_url`): each becomes an `href`, so only `http://` and `https://` URLs with a
//! host are accepted. A `javascript:` or `data:` URL would run or render in a reader's
//! browser when clicked; escaping cannot make it safe, so it is an error.

/// Why `url` is not a web link a page may point at, or `None` when it is one.
pub fn web_url_problem(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!(
            "`{}` holds spaces or control characters",
            url.escape_debug()
        ));
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Some(format!("`{url}` is not an absolute URL"));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Some(format!(
            "`{url}` is a `{scheme}:` URL; only http and https links are allowed"
        ));
    }
    let host = rest
        .strip_prefix("//")
        .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(host) if !host.is_empty() => None,
        _ => Some(format!("`{url}` has no host")),
    }
}

/// `base_url` may also be a path (`/` or `/kb/`); with a scheme it must be a web URL.
pub fn base_url_problem(url: &str) -> Option<String> {
    let has_scheme = url
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if has_scheme {
        web_url_problem(url)
    } else if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some(format!(
            "`{}` holds spaces or control characters",
            url.escape_debug()
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_web_links() {
        for url in [
            "https://arxiv.org/abs/1512.03385",
            "http://example.com",
            "HTTPS://EXAMPLE.COM/x?y#z",
        ] {
            assert_eq!(web_url_problem(url), None, "{url}");
        }
    }

    #[test]
    fn refuses_links_that_run_or_render_in_the_browser() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "https:/no-host",
            "https://",
            "arxiv.org/abs/1",
            "//example.com/x",
        ] {
            assert!(web_url_problem(url).is_some(), "{url}");
        }
    }

    #[test]
    fn base_url_may_be_a_path() {
        assert_eq!(base_url_problem("/"), None);
        assert_eq!(base_url_problem("/kb/"), None);
        assert_eq!(base_url_problem("https://kb.example.com/"), None);
        assert!(base_url_problem("javascript:alert(1)//").is_some());
        assert!(base_url_problem("data:,x").is_some());
    }
}
