//! The benchmarks page's sections: bench results grouped by architecture family, in the
//! comparison table's family order, leaving out families without results.

use super::bench::{model_groups, BenchGroup, BenchText};
use super::card::link;
use super::table::ComparisonTable;
use crate::model::Site;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BenchFamily {
    pub id: String,
    pub name: String,
    /// The family's architecture page.
    pub url: String,
    /// Never empty: a family without results has no section.
    pub groups: Vec<BenchGroup>,
}

/// Every family of `table` with bench results, in the table's order. Each family's chart
/// ids start with the family id, so the charts of one page cannot share an SVG id.
pub fn bench_families(
    site: &Site,
    lang: &str,
    text: BenchText,
    table: &ComparisonTable,
) -> Vec<BenchFamily> {
    table
        .groups
        .iter()
        .filter_map(|g| site.architecture(&g.family))
        .map(|family| BenchFamily {
            id: family.id.clone(),
            name: family.record.name.text(lang).to_string(),
            url: link(site, lang, family).url,
            groups: model_groups(site, lang, text, &[family], &family.id),
        })
        .filter(|f| !f.groups.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::table::comparison_table;
    use crate::views::test_site::bundled;
    use std::collections::BTreeMap;

    fn families_of(site: &Site) -> Vec<BenchFamily> {
        let strings = BTreeMap::new();
        let table = comparison_table(site, "en", &strings);
        bench_families(site, "en", BenchText(&strings), &table)
    }

    #[test]
    fn families_follow_the_table_and_each_has_results() {
        let site = bundled();
        let strings = BTreeMap::new();
        let table = comparison_table(site, "en", &strings);
        let families = families_of(site);
        assert!(!families.is_empty());
        let order: Vec<&str> = table.groups.iter().map(|g| g.family.as_str()).collect();
        let ids: Vec<&str> = families.iter().map(|f| f.id.as_str()).collect();
        let mut in_table_order = ids.clone();
        in_table_order.sort_by_key(|id| order.iter().position(|o| o == id));
        assert_eq!(ids, in_table_order);
        for family in &families {
            assert!(!family.groups.is_empty(), "{}", family.id);
            assert!(family.groups.iter().all(|g| g.id.starts_with("bench-")));
            assert_eq!(family.url, format!("/architectures/{}/", family.id));
        }
    }

    #[test]
    fn a_family_whose_results_are_removed_drops_out() {
        let mut site = bundled().clone();
        let first = families_of(&site).remove(0);
        let models: Vec<String> = first.groups.iter().map(|g| g.model.clone()).collect();
        for file in &mut site.bench {
            file.record.results.retain(|r| !models.contains(&r.model));
        }
        assert!(families_of(&site).iter().all(|f| f.id != first.id));
    }
}
