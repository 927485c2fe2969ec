//! Build-time SVG flowcharts of the decision graph.
//!
//! Split so each part can be tested alone: `layout` (layered) and
//! `outline` (indented, phone-narrow) are generic graph layouts that know
//! only box sizes, `text` measures and wraps text without fonts, and `svg`
//! and `outline_svg` turn a domain-neutral [`Chart`] into markup with one
//! layout each. The site draws the outline; the layered drawing stays for
//! wide charts and other callers.

pub mod layout;
pub mod outline;
pub mod outline_svg;
pub mod svg;
pub mod text;

pub use layout::{
    count_crossings, layered_layout, EdgeRoute, EdgeSpec, Layout, LayoutError, LayoutInput, Point,
    Rect, Size, Spacing,
};
pub use outline::{outline_layout, Outline, OutlineEdge, OutlineSpacing};
pub use outline_svg::{render_outline_svg, OutlineStyle};
pub use svg::{render_svg, Chart, ChartEdge, ChartLink, ChartNode, NodeKind, Style};
pub use text::{text_width, wrap};
