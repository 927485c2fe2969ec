//! The bundled knowledge base, loaded once for unit tests: real content exercises every
//! branch a hand-built site would have to imitate. It is read from the repository in
//! place, so no temp folder is left behind.

use crate::model::Site;
use crate::theme::Theme;
use std::sync::OnceLock;

/// The bundled site, discovered, parsed and linked; panics if it does not load, which
/// the integration tests would report with the exact diagnostics.
pub(crate) fn bundled() -> &'static Site {
    &bundled_with_theme().0
}

/// The bundled site and the theme it renders with.
pub(crate) fn bundled_with_theme() -> &'static (Site, Theme) {
    static SITE: OnceLock<(Site, Theme)> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (sources, _) = crate::source::discover(root).expect("the bundled site is readable");
        let config = crate::parse::config(&sources).expect("the bundled config parses");
        let theme = Theme::load(&sources, &config.theme);
        let (parsed, _) = crate::parse::parse(&sources, &config);
        let (site, diags) = crate::link::link(
            parsed,
            &sources,
            config,
            &crate::link::LinkOptions { drafts: false },
        );
        let site = site.unwrap_or_else(|| panic!("the bundled site links: {diags:?}"));
        (site, theme)
    })
}
