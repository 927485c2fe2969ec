//! The comparison table: architectures as rows (grouped by family), facets and key
//! metrics as columns. Rendered as a plain accessible `<table>` by the theme and also
//! written as CSV and JSON for download.

use super::bench::{headline, BenchText, Headline};
use super::card::{card, Card};
use crate::model::architecture::ArchKind;
use crate::model::facets::FACET_FIELDS;
use crate::model::Site;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Column {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    pub card: Card,
    pub headline: Option<Headline>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Group {
    pub family: String,
    pub name: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ComparisonTable {
    pub columns: Vec<Column>,
    pub groups: Vec<Group>,
}

pub fn comparison_table(
    site: &Site,
    lang: &str,
    strings: &BTreeMap<String, String>,
) -> ComparisonTable {
    let label = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
    let mut columns = vec![
        Column {
            key: "name".into(),
            label: label("field_name"),
        },
        Column {
            key: "year".into(),
            label: label("field_year"),
        },
    ];
    for facet in FACET_FIELDS {
        columns.push(Column {
            key: facet.field.to_string(),
            label: label(&format!("field_{}", facet.field)),
        });
    }
    columns.push(Column {
        key: "params".into(),
        label: label("field_params"),
    });
    columns.push(Column {
        key: "benchmark".into(),
        label: label("field_benchmark"),
    });

    let mut families: Vec<_> = site
        .architectures
        .iter()
        .filter(|a| a.record.kind == ArchKind::Family)
        .collect();
    families.sort_by_key(|a| (a.record.year, a.id.clone()));
    let groups = families
        .into_iter()
        .map(|family| {
            let mut members: Vec<_> = site
                .architectures
                .iter()
                .filter(|a| {
                    a.record.kind == ArchKind::Model
                        && a.record.family.as_deref() == Some(&family.id)
                })
                .collect();
            members.sort_by_key(|a| (a.record.year, a.id.clone()));
            let rows = std::iter::once(family)
                .chain(members)
                .map(|a| Row {
                    card: card(site, lang, a, strings),
                    headline: headline(site, a, BenchText(strings)),
                })
                .collect();
            Group {
                family: family.id.clone(),
                name: family.record.name.text(lang).to_string(),
                rows,
            }
        })
        .collect();
    ComparisonTable { columns, groups }
}

impl ComparisonTable {
    /// One line per architecture, the cells as a reader sees them; RFC 4180 quoting.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = std::iter::once("id".to_string())
            .chain(self.columns.iter().map(|c| c.label.clone()))
            .collect();
        push_csv_line(&mut out, &header);
        for row in self.groups.iter().flat_map(|g| &g.rows) {
            let mut cells = vec![
                row.card.id.clone(),
                row.card.name.clone(),
                row.card.year.to_string(),
            ];
            for facet in &row.card.facets {
                cells.push(
                    facet
                        .values
                        .iter()
                        .map(|v| v.label.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                );
            }
            cells.push(row.card.params.clone());
            cells.push(
                row.headline
                    .as_ref()
                    .map_or(String::new(), |h| h.text.clone()),
            );
            push_csv_line(&mut out, &cells);
        }
        out
    }
}

fn push_csv_line(out: &mut String, cells: &[String]) {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            // A leading = + - @ would run as a formula in a spreadsheet.
            let c = if c.starts_with(['=', '+', '-', '@']) {
                format!("'{c}")
            } else {
                c.clone()
            };
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut out = String::new();
        push_csv_line(
            &mut out,
            &["a,b".into(), "say \"hi\"".into(), "=1+1".into()],
        );
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",'=1+1\r\n");
    }
}
