//! The bundled knowledge base, loaded once for the views' unit tests: real content
//! exercises every branch a hand-built site would have to imitate. It is read from the
//! repository in place, so no temp folder is left behind.

use crate::model::Site;
use std::sync::OnceLock;

/// The bundled site, discovered, parsed and linked; panics if it does not load, which
/// the integration tests would report with the exact diagnostics.
pub fn bundled() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (sources, _) = crate::source::discover(root).expect("the bundled site is readable");
        let config = crate::parse::config(&sources).expect("the bundled config parses");
        let (parsed, _) = crate::parse::parse(&sources, &config);
        let (site, diags) = crate::link::link(
            parsed,
            &sources,
            config,
            &crate::link::LinkOptions { drafts: false },
        );
        site.unwrap_or_else(|| panic!("the bundled site links: {diags:?}"))
    })
}
