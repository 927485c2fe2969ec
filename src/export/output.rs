//! Where an export goes: a file, or stdout.

use anyhow::Result;
use std::path::Path;

/// Writes `text` to `out`, or to stdout.
pub fn write_output(text: &str, out: Option<&Path>) -> Result<()> {
    use anyhow::Context;
    if let Some(path) = out {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
    } else {
        use std::io::Write as _;
        std::io::stdout()
            .write_all(text.as_bytes())
            .context("writing to stdout")
    }
}
