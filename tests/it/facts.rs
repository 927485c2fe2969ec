//! One definition per fact: the comparison table's headers, cells and CSV columns come from
//! one column list, and every fact of the field table reaches the views that show it.

use crate::harness::TestSite;
use archkb::export::{ExportFormat, ExportOptions};
use archkb::views::facts::{in_order, PANEL, TABLE};
use std::collections::BTreeMap;

/// `&amp;` and friends back to text, for comparing HTML text with CSV text.
fn html_text(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The text of an HTML fragment: its tags dropped, entities decoded, spaces trimmed.
fn inner_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    html_text(text.trim())
}

/// The value of attribute `name` in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The cells of a table row, in order: (start tag, inner HTML).
fn cells(row: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(at) = [rest.find("<td"), rest.find("<th")]
        .into_iter()
        .flatten()
        .min()
    {
        let name = &rest[at + 1..at + 3];
        let open_end = at + rest[at..].find('>').expect("a closed start tag");
        let close = format!("</{name}>");
        let end = open_end + rest[open_end..].find(&close).expect("a closed cell");
        out.push((
            rest[at..=open_end].to_string(),
            rest[open_end + 1..end].to_string(),
        ));
        rest = &rest[end + close.len()..];
    }
    out
}

/// An RFC 4180 CSV document as rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                (true, '"') => quoted = false,
                (false, '"') => quoted = true,
                (false, ',') => fields.push(std::mem::take(&mut field)),
                (_, c) => field.push(c),
            }
        }
        fields.push(field);
        rows.push(fields);
    }
    rows
}

#[test]
fn comparison_table_headers_cells_and_csv_columns_line_up() {
    let site = TestSite::bundled();
    site.build();
    for prefix in ["", "zh/"] {
        let page = site.output(&format!("{prefix}compare/index.html"));
        let head =
            &page[page.find("<thead>").unwrap() + "<thead>".len()..page.find("</thead>").unwrap()];
        let headers = cells(head);
        let keys: Vec<&str> = headers
            .iter()
            .map(|(tag, _)| attribute(tag, "data-key").expect("a column key"))
            .collect();
        let expected: Vec<&str> = in_order(TABLE)
            .iter()
            .map(archkb::views::facts::Source::key)
            .collect();
        assert_eq!(
            keys, expected,
            "{prefix}: the headers follow the column list"
        );
        let labels: Vec<String> = headers.iter().map(|(_, h)| inner_text(h)).collect();

        let csv = parse_csv(&site.output(&format!("{prefix}compare/architectures.csv")));
        assert_eq!(csv[0][0], "id");
        assert_eq!(
            csv[0][1..],
            labels[..],
            "{prefix}: CSV header = table header"
        );
        let csv_rows: BTreeMap<&str, &Vec<String>> =
            csv[1..].iter().map(|r| (r[0].as_str(), r)).collect();

        let json: serde_json::Value =
            serde_json::from_str(&site.output(&format!("{prefix}compare/architectures.json")))
                .expect("the JSON download parses");
        let json_keys: Vec<&str> = json["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|c| c["key"].as_str().expect("a key"))
            .collect();
        assert_eq!(json_keys, expected, "{prefix}: JSON columns");

        let mut rows = 0;
        for row in page.split("<tr data-id=\"").skip(1) {
            let id = &row[..row.find('"').unwrap()];
            let row = &row[..row.find("</tr>").unwrap()];
            let row_cells = cells(row);
            assert_eq!(
                row_cells.len(),
                headers.len(),
                "{prefix}{id}: one cell per column"
            );
            let csv_row = csv_rows
                .get(id)
                .unwrap_or_else(|| panic!("{id} in the CSV"));
            assert_eq!(csv_row.len(), headers.len() + 1, "{prefix}{id}: CSV fields");
            for (col, (tag, html)) in row_cells.iter().enumerate() {
                // A facet cell says which field it holds: the column's.
                if let Some(field) = attribute(tag, "data-field") {
                    assert_eq!(field, keys[col], "{prefix}{id}: column {col}");
                }
                let key = keys[col];
                let text = inner_text(html);
                let csv_text = &csv_row[col + 1];
                match key {
                    // A cell without a value shows a dash; its CSV field is empty.
                    _ if text == "–" => assert_eq!(csv_text, "", "{prefix}{id}: {key}"),
                    // The headline cell shows the figure over its detail; the CSV joins them.
                    "benchmark" => assert!(
                        csv_text
                            .starts_with(inner_text(&html[..html.find("<br>").unwrap()]).as_str()),
                        "{prefix}{id}: {csv_text} / {text}"
                    ),
                    // Facet chips sit side by side; the CSV separates them with `; `.
                    _ if attribute(tag, "data-field").is_some() => {
                        assert_eq!(text, csv_text.replace("; ", ""), "{prefix}{id}: {key}");
                    }
                    _ => assert_eq!(&text, csv_text, "{prefix}{id}: {key}"),
                }
            }
            rows += 1;
        }
        assert_eq!(
            rows,
            csv.len() - 1,
            "{prefix}: every CSV line is a table row"
        );
        assert!(rows >= 26, "{prefix}: the bundled site's architectures");
    }
}

#[test]
fn every_fact_of_the_field_table_shows_in_the_table_the_panel_and_the_export() {
    let site = TestSite::fixture("minimal");
    let outcome = archkb::load_and_render(&site.options()).expect("no plumbing failure");
    let (Some(model), Some(theme)) = (outcome.site, outcome.theme) else {
        panic!("{}", outcome.diagnostics.render_text());
    };
    site.build();
    for lang in ["en", "zh"] {
        let prefix = if lang == "en" { "" } else { "zh/" };
        let mut diags = archkb::diag::Diagnostics::default();
        let strings = theme.strings(lang, "en", &mut diags);
        let label = |source: &archkb::views::facts::Source| source.label(&model, lang, &strings);

        let table = site.output(&format!("{prefix}compare/index.html"));
        for source in in_order(TABLE) {
            let header = format!("data-key=\"{}\">{}</th>", source.key(), label(&source));
            assert!(table.contains(&header), "{lang}: table header {header}");
        }

        // resnet is a model of the cnn family: every panel fact has a value.
        let page = site.output(&format!("{prefix}architectures/resnet/index.html"));
        let panel = &page[page.find("<aside class=\"facts\"").unwrap()..];
        let panel = &panel[..panel.find("</dl>").unwrap()];
        let html = archkb::export::export(&ExportOptions {
            build: site.options(),
            article: "resnet".into(),
            lang: Some(lang.into()),
            format: ExportFormat::Html,
        })
        .expect("no plumbing failure")
        .expect("no content errors");
        let markdown = archkb::export::export(&ExportOptions {
            build: site.options(),
            article: "resnet".into(),
            lang: Some(lang.into()),
            format: ExportFormat::Markdown,
        })
        .expect("no plumbing failure")
        .expect("no content errors");
        let mut dt_order = Vec::new();
        for source in in_order(PANEL) {
            let text = label(&source);
            let dt = format!("<dt>{text}</dt>");
            assert!(panel.contains(&dt), "{lang}: facts panel {dt}");
            dt_order.push(panel.find(&dt).unwrap());
            assert!(
                html.contains(&format!("white-space:nowrap\">{text}</th>")),
                "{lang}: HTML export row {text}"
            );
            assert!(
                markdown.contains(&format!("\n| {text} | ")),
                "{lang}: Markdown export row {text}"
            );
        }
        assert!(
            dt_order.windows(2).all(|w| w[0] < w[1]),
            "{lang}: the panel follows PANEL's order"
        );
    }
}
