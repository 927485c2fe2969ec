//! Build-time SVG flowcharts of the decision graph.
//!
//! Split in three so each part can be tested alone: `layout` is a generic
//! layered graph layout that knows only box sizes, `text` measures and
//! wraps text without fonts, and `svg` turns a domain-neutral [`Chart`]
//! into markup using the other two.

pub mod layout;
pub mod svg;
pub mod text;

pub use layout::{
    count_crossings, layered_layout, EdgeRoute, EdgeSpec, Layout, LayoutError, LayoutInput, Point,
    Rect, Size, Spacing,
};
pub use svg::{render_svg, Chart, ChartEdge, ChartLink, ChartNode, NodeKind, Style, STYLESHEET};
pub use text::{text_width, wrap};
