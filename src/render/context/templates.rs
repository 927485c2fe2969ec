//! One context type per template: the fields of each are exactly the variables that
//! template sees (docs/templates.md lists them, and a test holds the two together). The
//! part every page shares is `BaseContext`, flattened into each.

use super::base::BaseContext;
use crate::model::{ArchKind, BenchFile, PageKind};
use crate::render::markdown::TocEntry;
use crate::search::FacetGroup;
use crate::views::bench::BenchGroup;
use crate::views::bench_families::BenchFamily;
use crate::views::card::Card;
use crate::views::decision_outline::DecisionOutline;
use crate::views::estimate_page::EstimatorView;
use crate::views::facts::FactRow;
use crate::views::glossary::GlossaryEntry;
use crate::views::table::ComparisonTable;
use serde::Serialize;

/// A page from content/: its front matter and its rendered Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct PageFields<'a> {
    pub title: &'a str,
    /// The id of the `<h1>`, kept apart from the headings' ids.
    pub title_id: &'a str,
    pub summary: &'a Option<String>,
    pub date: &'a Option<String>,
    pub updated: &'a Option<String>,
    pub tags: Vec<TagLink>,
    /// HTML archkb produced itself: printed with `| safe`.
    pub content: &'a str,
    /// Empty when the front matter says `toc: false`.
    pub toc: &'a [TocEntry],
    pub kind: PageKind,
    pub section: &'a Option<String>,
    /// The source file, `/`-separated.
    pub source: String,
    pub reading_minutes: usize,
}

/// The `page` of a section that has no `_index.md`: a title and no body.
#[derive(Debug, Clone, Serialize)]
pub struct SectionListPage {
    pub title: String,
    pub content: &'static str,
    pub kind: PageKind,
    pub section: String,
    pub tags: Vec<TagLink>,
    pub toc: Vec<TocEntry>,
}

/// The `page` of the 404 page.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundPage {
    pub title: String,
}

/// A page in a list (section, tag, the home page's guides).
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub summary: &'a Option<String>,
    pub date: &'a Option<String>,
    pub url: String,
    /// For architecture articles: the architecture id and its kind.
    pub architecture: Option<&'a str>,
    pub kind: Option<ArchKind>,
}

/// A tag: on a page (`count` 0) or in the list of all tags.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// `home.html`
#[derive(Debug, Clone, Serialize)]
pub struct HomeContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub page: PageFields<'a>,
    /// Each family's card, in the comparison table's order.
    pub families: Vec<Card>,
    /// The flowchart's first steps.
    pub flowchart_svg: &'a str,
    pub guides: Vec<PageSummary<'a>>,
}

/// `page.html`: an article that is not an architecture's.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub page: PageFields<'a>,
}

/// `architecture.html`
#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub page: PageFields<'a>,
    pub arch: Card,
    /// The facts panel, `views::facts::PANEL` in order.
    pub facts: Vec<FactRow>,
    pub bench_groups: Vec<BenchGroup>,
    /// Bench models the architecture names that no results file has yet.
    pub bench_pending: Vec<&'a String>,
    /// `None` without bench rates.
    pub estimator: Option<EstimatorView>,
}

/// `section.html`; `P` is `PageFields` for a section with an `_index.md`, else
/// `SectionListPage`.
#[derive(Debug, Clone, Serialize)]
pub struct SectionContext<'a, P> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub page: P,
    /// The section's articles in reading order: weight, then title.
    pub pages: Vec<PageSummary<'a>>,
}

/// `tags.html`
#[derive(Debug, Clone, Serialize)]
pub struct TagsContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub tags: Vec<TagLink>,
}

/// `tag.html`
#[derive(Debug, Clone, Serialize)]
pub struct TagContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub tag: String,
    pub pages: Vec<PageSummary<'a>>,
}

/// `compare.html`
#[derive(Debug, Clone, Serialize)]
pub struct CompareContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub table: &'a ComparisonTable,
    pub csv_url: String,
    pub json_url: String,
}

/// `glossary.html`
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub terms: Vec<GlossaryEntry>,
}

/// `choose.html`
#[derive(Debug, Clone, Serialize)]
pub struct ChooseContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    /// The no-JavaScript outline.
    pub decision: DecisionOutline,
    /// The whole chart.
    pub flowchart_svg: &'a str,
    /// The widget's data, already safe inside `<script>`.
    pub widget_json: String,
}

/// `benchmarks.html`
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarksContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub bench_families: Vec<BenchFamily>,
    pub bench_files: &'a [BenchFile],
    /// Over every bench model of the site.
    pub estimator: Option<EstimatorView>,
}

/// `search.html`
#[derive(Debug, Clone, Serialize)]
pub struct SearchContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub search_facets: Vec<FacetGroup>,
}

/// `404.html`
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundContext<'a> {
    #[serde(flatten)]
    pub base: BaseContext<'a>,
    pub page: NotFoundPage,
}
