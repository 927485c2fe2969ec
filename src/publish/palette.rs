//! The light theme's colours, once, for output that must carry its colours on the elements
//! instead of reading the stylesheet: the chart files for embedding and the blog export,
//! both read on white pages. A test keeps them equal to `style.css`'s light `:root`.

/// The colours of the default theme's light scheme, by the CSS variable they copy.
pub struct Palette {
    /// `--text`
    pub text: &'static str,
    /// `--muted`
    pub muted: &'static str,
    /// `--border`
    pub border: &'static str,
    /// `--surface-2`
    pub surface_2: &'static str,
    /// `--accent`
    pub accent: &'static str,
    /// `--bad`
    pub bad: &'static str,
}

pub const LIGHT: Palette = Palette {
    text: "#1b1f2a",
    muted: "#5a6275",
    border: "#dde2ea",
    surface_2: "#f2f4f8",
    accent: "#3a4fd8",
    bad: "#b3261e",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_is_the_stylesheets_light_scheme() {
        let css = include_str!("../../themes/default/static/style.css");
        let root = &css[css.find(":root {").expect("a light :root block")..];
        let root = &root[..root.find('}').unwrap()];
        for (var, value) in [
            ("--text", LIGHT.text),
            ("--muted", LIGHT.muted),
            ("--border", LIGHT.border),
            ("--surface-2", LIGHT.surface_2),
            ("--accent", LIGHT.accent),
            ("--bad", LIGHT.bad),
        ] {
            assert!(
                root.contains(&format!("{var}: {value};")),
                "style.css's light {var} is not {value}"
            );
        }
    }
}
