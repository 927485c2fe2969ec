//! The export's look as inline styles: the colours and the style of each element.

use crate::publish::palette::LIGHT;
pub(super) const TEXT: &str = LIGHT.text;
pub(super) const MUTED: &str = LIGHT.muted;
pub(super) const BORDER: &str = LIGHT.border;
pub(super) const SURFACE: &str = LIGHT.surface_2;
pub(super) const ACCENT: &str = LIGHT.accent;
pub(super) const MONO: &str = "Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace";

/// The inline style of an element, by tag and the class the site would give it (`table-wrap`,
/// `footnote`), which the export never writes.
pub(super) fn style_for(tag: &str, class: &str) -> String {
    let s = match tag {
        "h1" => format!("font-size:26px;line-height:1.3;margin:0 0 12px;color:{TEXT};font-weight:700"),
        "h2" => format!("font-size:21px;line-height:1.35;margin:30px 0 12px;padding-bottom:6px;border-bottom:1px solid {BORDER};color:{TEXT};font-weight:700"),
        "h3" => format!("font-size:18px;line-height:1.4;margin:24px 0 10px;color:{TEXT};font-weight:700"),
        "h4" | "h5" | "h6" => format!("font-size:16px;margin:20px 0 8px;color:{TEXT};font-weight:700"),
        "p" => "margin:0 0 14px;line-height:1.75".to_string(),
        "a" => format!("color:{ACCENT};text-decoration:underline"),
        "ul" | "ol" => "margin:0 0 14px;padding-left:24px".to_string(),
        "li" => "margin:4px 0;line-height:1.7".to_string(),
        "blockquote" => format!("margin:16px 0;padding:6px 14px;border-left:4px solid {ACCENT};background-color:{SURFACE};color:{TEXT}"),
        "code" => format!("font-family:{MONO};font-size:14px;background-color:{SURFACE};padding:1px 5px;border-radius:4px;color:{TEXT}"),
        "table" => "border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px;line-height:1.5".to_string(),
        "th" => format!("border:1px solid {BORDER};padding:6px 10px;background-color:{SURFACE};text-align:left;font-weight:600;color:{TEXT}"),
        "td" => format!("border:1px solid {BORDER};padding:6px 10px;vertical-align:top;color:{TEXT}"),
        "img" => "max-width:100%;height:auto".to_string(),
        "hr" => format!("border:none;border-top:1px solid {BORDER};margin:24px 0"),
        "sup" => "font-size:12px;line-height:0".to_string(),
        "div" if class.contains("table-wrap") => "overflow-x:auto;margin:0 0 16px".to_string(),
        "div" if class.contains("footnote") => format!("font-size:14px;color:{MUTED};margin:8px 0"),
        _ => String::new(),
    };
    s
}
