//! Template contexts: what each page's template sees (documented in docs/templates.md).
//! Everything here is data; escaping happens in the templates, where autoescape is on.
//! Each template has its own context type (`templates`), built here from the site and the
//! language's shared parts, and serialised into Tera's context once per page.

pub mod base;
#[cfg(test)]
mod doc_check;
pub mod page_key;
pub mod templates;

use super::markdown::RenderedMarkdown;
use crate::diag::Diagnostics;
use crate::markup::join_path;
use crate::model::{Page, PageKind, Site};
use crate::theme::Theme;
use crate::views;
use base::Scope;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use templates::*;

/// What every page of one language shares.
pub struct LangContext {
    pub lang: String,
    pub prefix: String,
    pub strings: BTreeMap<String, String>,
    pub base_path: String,
    pub table: views::table::ComparisonTable,
    /// The decision flowchart, drawn once and embedded on the choose page.
    pub flowchart_svg: String,
    /// Its first step, for the home page.
    pub flowchart_preview_svg: String,
    /// The templates' `assets` object: hashed URLs and their integrity values.
    pub assets: Value,
}

impl LangContext {
    pub fn new(
        site: &Site,
        theme: &Theme,
        assets: &super::assets::AssetManifest,
        lang: &str,
        diags: &mut Diagnostics,
    ) -> Self {
        let strings = theme.strings(lang, site.config.default_language(), diags);
        let table = views::table::comparison_table(site, lang, &strings);
        let t = |k: &str| strings.get(k).cloned().unwrap_or_default();
        let flowchart_svg = views::decision_chart::svg(
            site,
            lang,
            &t("choose_title"),
            &t("flowchart_desc"),
            "flow",
        );
        let flowchart_preview_svg = views::decision_chart::preview_svg(
            site,
            lang,
            &t("home_flowchart"),
            &t("flowchart_preview_desc"),
        );
        LangContext {
            assets: assets.context(&site.config.base_path()),
            flowchart_svg,
            flowchart_preview_svg,
            lang: lang.to_string(),
            prefix: site.config.lang_prefix(lang),
            strings,
            base_path: site.config.base_path(),
            table,
        }
    }

    fn url(&self, rel: &str) -> String {
        join_path(&self.base_path, &format!("/{}{rel}", self.prefix))
    }

    fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// One page to render: a template, its context, and where the output goes.
pub struct PageJob<'a> {
    pub template: &'static str,
    pub output: String,
    /// The context, typed: keyed as it is, and turned into Tera's only when the page
    /// renders.
    pub context: Box<dyn PageContext + 'a>,
}

impl<'a> PageJob<'a> {
    fn new(template: &'static str, output: String, context: impl PageContext + 'a) -> Self {
        PageJob {
            template,
            output,
            context: Box::new(context),
        }
    }

    /// The key of the page with `templates` ([`page_key::PageKey`]).
    pub fn key(&self, keys: &page_key::KeyMaker) -> Option<page_key::PageKey> {
        self.context.key(keys, self.template)
    }

    /// Tera's context for the page.
    pub fn tera_context(&self) -> tera::Context {
        // The context types hold strings, numbers, lists and string-keyed maps only, so
        // they always serialise to an object; were one ever not to, the page would render
        // against an empty context and fail with a diagnostic naming the missing variable.
        tera::Context::from_value(self.context.json()).unwrap_or_default()
    }
}

/// A page's context of any of the types in `templates`: what a [`PageJob`] holds.
pub trait PageContext: Send + Sync {
    /// The page's key when it renders with `template` ([`page_key::KeyMaker`]).
    fn key(&self, keys: &page_key::KeyMaker, template: &str) -> Option<page_key::PageKey>;
    /// The context as the JSON object Tera renders from.
    fn json(&self) -> Value;
}

impl<T: Serialize + Send + Sync> PageContext for T {
    fn key(&self, keys: &page_key::KeyMaker, template: &str) -> Option<page_key::PageKey> {
        keys.page_key(template, self)
    }

    fn json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

pub fn tag_slug(tag: &str) -> String {
    super::markdown::slugify(tag)
}

impl<'a> Scope<'a> {
    fn summary(&self, page: &'a Page) -> PageSummary<'a> {
        let architecture = page.architecture_id();
        PageSummary {
            title: &page.front.title,
            summary: &page.front.summary,
            date: &page.front.date,
            url: join_path(&self.lang.base_path, &page.url),
            architecture,
            kind: architecture
                .and_then(|id| self.site.architecture(id))
                .map(|a| a.record.kind),
        }
    }

    /// The summaries templates list pages by.
    fn summaries(&self, pages: &[&'a Page]) -> Vec<PageSummary<'a>> {
        pages.iter().map(|p| self.summary(p)).collect()
    }

    /// The summaries of a section's articles, in reading order.
    fn section_summaries(&self, section: &str) -> Vec<PageSummary<'a>> {
        self.summaries(&section_pages(self.site, &self.lang.lang, section))
    }

    fn page_fields(&self, page: &'a Page, body: &'a RenderedMarkdown) -> PageFields<'a> {
        PageFields {
            title: &page.front.title,
            title_id: &body.title_id,
            summary: &page.front.summary,
            date: &page.front.date,
            updated: &page.front.updated,
            tags: page
                .front
                .tags
                .iter()
                .map(|t| TagLink {
                    name: t.clone(),
                    url: self.lang.url(&format!("tags/{}/", tag_slug(t))),
                    count: 0,
                })
                .collect(),
            content: &body.html,
            toc: if page.front.toc.unwrap_or(true) {
                &body.toc
            } else {
                &[]
            },
            kind: page.kind,
            section: &page.section,
            source: page.file.to_string_lossy().replace('\\', "/"),
            reading_minutes: reading_minutes(&body.text),
        }
    }

    /// The job of one page from content/.
    fn content_page(&self, page: &'a Page, body: &'a RenderedMarkdown) -> PageJob<'a> {
        let (site, lang) = (self.site, self.lang);
        let code = lang.lang.as_str();
        let path_in_lang = page
            .url
            .trim_start_matches('/')
            .strip_prefix(&lang.prefix)
            .unwrap_or("");
        let description = page.front.summary.as_deref().unwrap_or_default();
        let article = (page.kind == PageKind::Article).then_some(page);
        let mut base = self.base(path_in_lang, &page.front.title, description, article);
        let fields = self.page_fields(page, body);
        let output = output_for(&page.url);
        match page.kind {
            PageKind::Home => {
                base.page_title = site.config.title.text(code).to_string();
                let context = HomeContext {
                    base,
                    page: fields,
                    families: family_cards(site, lang),
                    flowchart_svg: &lang.flowchart_preview_svg,
                    guides: self.section_summaries("guides"),
                };
                PageJob::new("home.html", output, context)
            }
            PageKind::Section => {
                let section = page.section.as_deref().unwrap_or_default();
                let context = SectionContext {
                    base,
                    page: fields,
                    pages: self.section_summaries(section),
                };
                PageJob::new("section.html", output, context)
            }
            PageKind::Article => {
                if let Some(arch) = page.architecture_id().and_then(|id| site.architecture(id)) {
                    let text = views::bench::BenchText(&lang.strings);
                    let card = views::card::card(site, code, arch, &lang.strings);
                    let facts = views::facts::panel(&views::facts::Subject {
                        site,
                        lang: code,
                        arch,
                        card: &card,
                        strings: &lang.strings,
                    });
                    let context = ArchitectureContext {
                        base,
                        page: fields,
                        arch: card,
                        facts,
                        bench_groups: views::bench::model_groups(
                            site,
                            code,
                            text,
                            &[arch],
                            "bench",
                        ),
                        bench_pending: views::bench_models::pending(site, arch),
                        estimator: views::estimate_page::view(
                            site,
                            text,
                            &views::bench_models::models_of(site, arch),
                        ),
                    };
                    PageJob::new("architecture.html", output, context)
                } else {
                    let context = ArticleContext { base, page: fields };
                    PageJob::new("page.html", output, context)
                }
            }
        }
    }
}

/// Pages of a section in reading order: weight, then title.
fn section_pages<'a>(site: &'a Site, lang: &str, section: &str) -> Vec<&'a Page> {
    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| {
            p.lang == lang && p.kind == PageKind::Article && p.section.as_deref() == Some(section)
        })
        .collect();
    pages.sort_by(|a, b| (a.front.weight, &a.front.title).cmp(&(b.front.weight, &b.front.title)));
    pages
}

pub(crate) fn output_for(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// The pages of `lang` from content/ (articles, sections and the home page), each passed to
/// `render` as soon as its context is built, in parallel: no context outlives its page, and
/// building the contexts is spread over the cores like rendering them.
pub fn render_content_pages<'a, R: Send>(
    site: &'a Site,
    lang: &'a LangContext,
    bodies: &'a [RenderedMarkdown],
    render: impl Fn(PageJob<'a>) -> R + Sync,
) -> Vec<R> {
    let scope = Scope::new(site, lang);
    site.pages
        .par_iter()
        .zip(bodies)
        .filter(|(page, _)| page.lang == lang.lang)
        .map(|(page, body)| render(scope.content_page(page, body)))
        .collect()
}

/// Pages per batch of [`for_content_pages`]: a batch's Markdown renders before its
/// templates, so that each core runs the highlighter and then Tera over many pages in a row
/// (alternating them page by page cost a quarter more CPU, the caches each time cold), and
/// a batch's HTML is all that is held.
const CONTENT_BATCH: usize = 32;

/// Every page from content/, in every language of `langs` (one [`LangContext`] each), in
/// parallel, in page order: `body` makes each page's body from the page and its item of
/// `inputs` (one per page of `site.pages`, in order), then `make` makes the result from the
/// page, its body and the [`ContentJobs`] of its language (`None` for a page of no language
/// in `langs`). Unlike [`render_content_pages`], the page's Markdown can render just before
/// the page is rendered and written, so no page's HTML outlives its batch.
pub fn for_content_pages<'a, T: Send, B, R: Send>(
    site: &'a Site,
    langs: &'a [LangContext],
    inputs: Vec<T>,
    body: impl Fn(&'a Page, T) -> B + Sync,
    make: impl Fn(&'a Page, B, Option<&ContentJobs<'a>>) -> R + Sync,
) -> Vec<R> {
    let jobs: Vec<ContentJobs<'a>> = langs
        .iter()
        .map(|lang| ContentJobs(Scope::new(site, lang)))
        .collect();
    site.pages
        .par_iter()
        .zip(inputs)
        .chunks(CONTENT_BATCH)
        .flat_map_iter(|batch| {
            let bodies: Vec<(&Page, B)> = batch
                .into_iter()
                .map(|(page, input)| (page, body(page, input)))
                .collect();
            let jobs = &jobs;
            let make = &make;
            bodies.into_iter().map(move |(page, body)| {
                let lang = jobs.iter().find(|j| j.0.lang.lang == page.lang);
                make(page, body, lang)
            })
        })
        .collect()
}

/// What turns a content page of one language and its rendered Markdown into its job.
pub struct ContentJobs<'a>(Scope<'a>);

impl ContentJobs<'_> {
    /// The job of `page`, whose rendered Markdown is `body`.
    pub fn job<'b>(&'b self, page: &'b Page, body: &'b RenderedMarkdown) -> PageJob<'b> {
        self.0.content_page(page, body)
    }
}

/// The jobs of the pages of `lang` whose output paths `wanted` holds: the content pages of
/// `pages` (the wanted ones, each with its body) and the generated pages. The generated
/// pages' contexts are built only when a wanted path is not a content page's.
pub fn jobs_for<'a>(
    site: &'a Site,
    lang: &'a LangContext,
    pages: &'a [(&'a Page, RenderedMarkdown)],
    wanted: &BTreeSet<String>,
) -> Vec<PageJob<'a>> {
    let scope = Scope::new(site, lang);
    let mut jobs: Vec<PageJob<'a>> = pages
        .iter()
        .filter(|(page, _)| page.lang == lang.lang)
        .map(|(page, body)| scope.content_page(page, body))
        .collect();
    let missing = wanted
        .iter()
        .filter(|path| site.config.lang_of_path(path) == lang.lang)
        .any(|path| !jobs.iter().any(|job| &job.output == path));
    if missing {
        jobs.extend(
            generated_jobs(site, lang)
                .into_iter()
                .filter(|job| wanted.contains(&job.output)),
        );
    }
    jobs
}

/// The generated pages of `lang`: section lists without an `_index.md`, the tag pages, the
/// comparison, glossary, choose, benchmarks and search pages, and the 404 page.
pub fn generated_jobs<'a>(site: &'a Site, lang: &'a LangContext) -> Vec<PageJob<'a>> {
    let scope = Scope::new(site, lang);
    let mut jobs = Vec::new();
    let code = lang.lang.as_str();

    // Sections without an _index.md still get a list page.
    for section in super::sections(site, code) {
        let url = format!("/{}{section}/", lang.prefix);
        if scope.urls.contains(&url) {
            continue;
        }
        let title = lang
            .strings
            .get(&format!("nav_{section}"))
            .cloned()
            .unwrap_or_else(|| section.clone());
        let context = SectionContext {
            base: scope.base(&format!("{section}/"), &title, "", None),
            pages: scope.section_summaries(&section),
            page: SectionListPage {
                title,
                content: "",
                kind: PageKind::Section,
                section,
                tags: Vec::new(),
                toc: Vec::new(),
            },
        };
        jobs.push(PageJob::new("section.html", output_for(&url), context));
    }

    // Tags.
    let mut tags: BTreeMap<String, (String, Vec<&Page>)> = BTreeMap::new();
    for page in site.pages.iter().filter(|p| p.lang == code) {
        for tag in &page.front.tags {
            tags.entry(tag_slug(tag))
                .or_insert_with(|| (tag.clone(), Vec::new()))
                .1
                .push(page);
        }
    }
    let context = TagsContext {
        base: scope.base("tags/", &lang.t("all_tags"), "", None),
        tags: tags
            .iter()
            .map(|(slug, (name, pages))| TagLink {
                name: name.clone(),
                url: lang.url(&format!("tags/{slug}/")),
                count: pages.len(),
            })
            .collect(),
    };
    jobs.push(PageJob::new(
        "tags.html",
        format!("{}tags/index.html", lang.prefix),
        context,
    ));
    for (slug, (name, pages)) in &tags {
        let context = TagContext {
            base: scope.base(&format!("tags/{slug}/"), name, "", None),
            tag: name.clone(),
            pages: scope.summaries(pages),
        };
        jobs.push(PageJob::new(
            "tag.html",
            format!("{}tags/{slug}/index.html", lang.prefix),
            context,
        ));
    }

    // Generated views, titled from the UI strings.
    let generated = |rel: &str, title_key: &str, intro_key: &str| {
        (
            scope.base(rel, &lang.t(title_key), &lang.t(intro_key), None),
            format!("{}{rel}index.html", lang.prefix),
        )
    };
    let text = views::bench::BenchText(&lang.strings);

    let (base, output) = generated("compare/", "compare_title", "compare_intro");
    let context = CompareContext {
        base,
        table: &lang.table,
        csv_url: lang.url("compare/architectures.csv"),
        json_url: lang.url("compare/architectures.json"),
    };
    jobs.push(PageJob::new("compare.html", output, context));

    let (base, output) = generated("glossary/", "glossary_title", "glossary_intro");
    let context = GlossaryContext {
        base,
        terms: views::glossary::glossary_terms(site, code),
    };
    jobs.push(PageJob::new("glossary.html", output, context));

    let (base, output) = generated("choose/", "choose_title", "choose_intro");
    let context = ChooseContext {
        base,
        decision: views::decision_outline::decision_outline(site, code, &lang.strings),
        flowchart_svg: &lang.flowchart_svg,
        widget_json: crate::markup::json_for_script(
            &views::widget::widget_data(site, code, &lang.strings),
            "{}",
        ),
    };
    jobs.push(PageJob::new("choose.html", output, context));

    let (base, output) = generated("benchmarks/", "benchmarks_title", "benchmarks_intro");
    let every_model: Vec<String> = site
        .architectures
        .iter()
        .flat_map(|a| a.record.bench_models.iter().cloned())
        .collect();
    let context = BenchmarksContext {
        base,
        bench_families: views::bench_families::bench_families(site, code, text, &lang.table),
        bench_files: &site.bench,
        estimator: views::estimate_page::view(site, text, &every_model),
    };
    jobs.push(PageJob::new("benchmarks.html", output, context));

    let (base, output) = generated("search/", "search_title", "");
    let context = SearchContext {
        base,
        search_facets: crate::search::facet_groups(site, code, &lang.strings),
    };
    jobs.push(PageJob::new("search.html", output, context));

    let title = lang.t("not_found_title");
    let context = NotFoundContext {
        base: scope.base("404.html", &title, "", None),
        page: NotFoundPage { title },
    };
    jobs.push(PageJob::new(
        "404.html",
        format!("{}404.html", lang.prefix),
        context,
    ));
    jobs
}

fn reading_minutes(text: &str) -> usize {
    // About 230 English words (white-space-separated, all ASCII) or 400 Chinese characters
    // a minute; one pass over the text, which every page's context reads.
    let (mut words, mut han) = (0usize, 0usize);
    let (mut in_word, mut ascii_word) = (false, true);
    for c in text.chars() {
        if c.is_whitespace() {
            words += usize::from(in_word && ascii_word);
            (in_word, ascii_word) = (false, true);
            continue;
        }
        in_word = true;
        if !c.is_ascii() {
            ascii_word = false;
            han += usize::from(('\u{4e00}'..='\u{9fff}').contains(&c));
        }
    }
    words += usize::from(in_word && ascii_word);
    ((words as f64 / 230.0) + (han as f64 / 400.0))
        .ceil()
        .max(1.0) as usize
}

fn family_cards(site: &Site, lang: &LangContext) -> Vec<views::card::Card> {
    lang.table
        .groups
        .iter()
        .filter_map(|g| g.rows.first().map(|r| r.card.clone()))
        .filter(|c| site.architecture(&c.id).is_some())
        .collect()
}

/// Files beside the pages: the table as CSV and JSON.
pub fn data_files(site: &Site, lang: &LangContext) -> Vec<(String, Vec<u8>)> {
    let widget = views::widget::widget_data(site, &lang.lang, &lang.strings);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if lang.prefix.is_empty() {
        // The raw results files, so every number links to its provenance.
        for file in &site.bench {
            files.push((
                format!("benchmarks/data/{}.json", file.id),
                serde_json::to_vec_pretty(&file.record).unwrap_or_default(),
            ));
        }
    }
    files.extend([
        (
            format!("{}choose/decision.json", lang.prefix),
            serde_json::to_vec_pretty(&widget).unwrap_or_default(),
        ),
        (
            format!("{}compare/architectures.csv", lang.prefix),
            lang.table.to_csv().into_bytes(),
        ),
        (
            format!("{}compare/architectures.json", lang.prefix),
            lang.table.to_json(),
        ),
    ]);
    files
}

#[cfg(test)]
mod tests {
    use super::reading_minutes;

    /// The two-pass count it replaces, kept as the definition.
    fn by_definition(text: &str) -> usize {
        let words = text.split_whitespace().filter(|w| w.is_ascii()).count();
        let han = text
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        ((words as f64 / 230.0) + (han as f64 / 400.0))
            .ceil()
            .max(1.0) as usize
    }

    #[test]
    fn reading_minutes_count_ascii_words_and_chinese_characters() {
        let long_english = "word ".repeat(461);
        let long_chinese = "模型".repeat(401);
        let mixed = format!("{long_english}naïve 你好\u{b}x\u{3000}y {long_chinese} end");
        for text in [
            "",
            "   ",
            "one",
            "one two\n",
            &long_english,
            &long_chinese,
            &mixed,
        ] {
            assert_eq!(reading_minutes(text), by_definition(text), "{text:.40}");
        }
        assert_eq!(reading_minutes(&long_english), 3);
        assert_eq!(reading_minutes(&long_chinese), 3);
    }
}
