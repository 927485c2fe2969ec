//! Build-time SVG flowcharts of the decision graph.
//!
//! Split so each part can be tested alone: `layout` holds the generic input and output
//! types of a graph layout, `outline` is the indented, phone-narrow layout that knows
//! only box sizes, `text` measures and wraps text without fonts, `chart` is the
//! domain-neutral [`Chart`] a drawing is made from, and `outline_svg` turns a chart into
//! markup.

pub mod chart;
pub mod layout;
pub mod outline;
pub mod outline_svg;
pub mod text;

pub use chart::{Chart, ChartEdge, ChartLink, ChartNode, NodeKind};
pub use layout::{EdgeSpec, LayoutError, LayoutInput, Point, Rect, Size};
pub use outline::{outline_layout, Outline, OutlineEdge, OutlineSpacing};
pub use outline_svg::{render_outline_svg, OutlineStyle};
pub use text::{text_width, wrap};
