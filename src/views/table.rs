//! The comparison table: architectures as rows (grouped by family), facets and key
//! metrics as columns. Rendered as a plain accessible `<table>` by the theme and also
//! written as CSV and JSON for download.

use super::bench::{headline, BenchText, Headline};
use super::card::{card, Card};
use super::facts::{in_order, FactValue, Subject, TABLE};
use crate::model::architecture::ArchKind;
use crate::model::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// A column: the fact's key (`data-key`, the `?sort=` and filter keys) and its label.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Column {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    pub card: Card,
    pub headline: Option<Headline>,
    /// One value per column, in the columns' order: what the page's cells and the CSV show.
    pub cells: Vec<FactValue>,
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
    let sources = in_order(TABLE);
    let columns = sources
        .iter()
        .map(|source| Column {
            key: source.key().to_string(),
            label: source.label(site, lang, strings),
        })
        .collect();

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
                .map(|arch| {
                    let card = card(site, lang, arch, strings);
                    let subject = Subject {
                        site,
                        lang,
                        arch,
                        card: &card,
                        strings,
                    };
                    let cells = sources.iter().map(|s| s.value(&subject)).collect();
                    Row {
                        headline: headline(site, arch, BenchText(strings)),
                        cells,
                        card,
                    }
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
    /// The JSON download: the columns and each row's card and headline, the data the
    /// cells are drawn from (the cells themselves are the page's and the CSV's).
    pub fn to_json(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct DownloadRow<'a> {
            card: &'a Card,
            headline: &'a Option<Headline>,
        }
        #[derive(Serialize)]
        struct DownloadGroup<'a> {
            family: &'a str,
            name: &'a str,
            rows: Vec<DownloadRow<'a>>,
        }
        #[derive(Serialize)]
        struct Download<'a> {
            columns: &'a [Column],
            groups: Vec<DownloadGroup<'a>>,
        }
        let download = Download {
            columns: &self.columns,
            groups: self
                .groups
                .iter()
                .map(|g| DownloadGroup {
                    family: &g.family,
                    name: &g.name,
                    rows: g
                        .rows
                        .iter()
                        .map(|r| DownloadRow {
                            card: &r.card,
                            headline: &r.headline,
                        })
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_vec_pretty(&download).unwrap_or_default()
    }

    /// One line per architecture, the cells as a reader sees them; RFC 4180 quoting.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = std::iter::once("id".to_string())
            .chain(self.columns.iter().map(|c| c.label.clone()))
            .collect();
        push_csv_line(&mut out, &header);
        for row in self.groups.iter().flat_map(|g| &g.rows) {
            let cells: Vec<String> = std::iter::once(row.card.id.clone())
                .chain(row.cells.iter().map(|c| c.plain("; ")))
                .collect();
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
