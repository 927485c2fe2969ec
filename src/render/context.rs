//! Template contexts: what each page's template sees (documented in docs/templates.md).
//! Everything here is data; escaping happens in the templates, where autoescape is on.

use super::markdown::RenderedMarkdown;
use crate::diag::Diagnostics;
use crate::markup::join_path;
use crate::model::{Page, PageKind, Site};
use crate::theme::Theme;
use crate::views;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

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
pub struct PageJob {
    pub template: &'static str,
    pub output: String,
    pub context: tera::Context,
}

#[derive(Serialize)]
struct TagLink {
    name: String,
    url: String,
    count: usize,
}

pub fn tag_slug(tag: &str) -> String {
    super::markdown::slugify(tag)
}

fn page_summary(site: &Site, lang: &LangContext, page: &Page) -> Value {
    json!({
        "title": page.front.title,
        "summary": page.front.summary,
        "date": page.front.date,
        "url": join_path(&lang.base_path, &page.url),
        "architecture": page.architecture_id(),
        "kind": page.architecture_id().and_then(|id| site.architecture(id)).map(|a| a.record.kind),
    })
}

/// The summaries templates list pages by.
fn summaries(site: &Site, lang: &LangContext, pages: &[&Page]) -> Vec<Value> {
    pages.iter().map(|p| page_summary(site, lang, p)).collect()
}

/// The summaries of a section's articles, in reading order.
fn section_summaries(site: &Site, lang: &LangContext, section: &str) -> Vec<Value> {
    summaries(site, lang, &section_pages(site, &lang.lang, section))
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

/// The common part of every context; `path` is the page's site-relative path after the
/// language prefix (`guides/x/`), used for the language switcher.
fn base(
    site: &Site,
    lang: &LangContext,
    path_in_lang: &str,
    title: &str,
    description: &str,
) -> tera::Context {
    let config = &site.config;
    let languages: Vec<Value> = config
        .languages
        .iter()
        .map(|code| {
            let prefix = config.lang_prefix(code);
            let candidate = format!("/{prefix}{path_in_lang}");
            // Link to the translation when it exists, else to the nearest section above
            // it that the language has (a single-language page), else to its home.
            let has = |path: &str| {
                site.pages.iter().any(|p| p.url == format!("/{prefix}{path}"))
                    || crate::model::GENERATED_PAGES.contains(&path)
                    || path.is_empty()
            };
            let exists = has(path_in_lang);
            let mut nearest = path_in_lang.trim_end_matches('/');
            while !has(&format!("{nearest}/")) && !nearest.is_empty() {
                nearest = nearest.rsplit_once('/').map_or("", |(head, _)| head);
            }
            let url = if exists {
                candidate
            } else if nearest.is_empty() {
                format!("/{prefix}")
            } else {
                format!("/{prefix}{nearest}/")
            };
            json!({
                "code": code,
                "name": lang.strings.get(&format!("lang_{code}")).cloned().unwrap_or_else(|| code.clone()),
                "url": join_path(&lang.base_path, &url),
                "current": *code == lang.lang,
                "exists": exists,
            })
        })
        .collect();
    let nav_items = [
        ("nav_architectures", "architectures/"),
        ("nav_guides", "guides/"),
        ("nav_choose", "choose/"),
        ("nav_compare", "compare/"),
        ("nav_benchmarks", "benchmarks/"),
        ("nav_glossary", "glossary/"),
    ];
    let nav: Vec<Value> = nav_items
        .iter()
        .map(|(key, rel)| json!({"label": lang.t(key), "url": lang.url(rel), "current": path_in_lang.starts_with(rel)}))
        .collect();
    let canonical = config
        .base_url
        .public(&format!("/{}{path_in_lang}", lang.prefix));
    let mut ctx = tera::Context::new();
    ctx.insert("lang", &lang.lang);
    ctx.insert("t", &lang.strings);
    ctx.insert(
        "site",
        &json!({
            "title": config.title.text(&lang.lang),
            "description": config.description.text(&lang.lang),
            "author": config.author,
            "base_url": config.base_url,
            "base_path": lang.base_path,
            "home_url": lang.url(""),
            "languages": languages,
        }),
    );
    ctx.insert("nav", &nav);
    ctx.insert("page_title", title);
    ctx.insert("page_description", description);
    ctx.insert("canonical", &canonical);
    ctx.insert("assets", &lang.assets);
    ctx.insert(
        "seo",
        &crate::publish::seo::context(site, &lang.lang, path_in_lang, title, description, None),
    );
    ctx
}

/// A generated page of `lang` at `<prefix><rel>index.html`, titled from the UI strings.
fn generated_page(
    site: &Site,
    lang: &LangContext,
    rel: &str,
    template: &'static str,
    title_key: &str,
    intro_key: &str,
    fill: impl FnOnce(&mut tera::Context),
) -> PageJob {
    let mut context = base(site, lang, rel, &lang.t(title_key), &lang.t(intro_key));
    fill(&mut context);
    PageJob {
        template,
        output: format!("{}{rel}index.html", lang.prefix),
        context,
    }
}

fn output_for(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

pub fn jobs_for_language(
    site: &Site,
    lang: &LangContext,
    bodies: &[RenderedMarkdown],
) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    let code = lang.lang.as_str();
    let site_title = site.config.title.text(code).to_string();

    // Articles, sections and the home page from content/.
    for (page, body) in site
        .pages
        .iter()
        .zip(bodies)
        .filter(|(p, _)| p.lang == code)
    {
        let path_in_lang = page
            .url
            .trim_start_matches('/')
            .strip_prefix(&lang.prefix)
            .unwrap_or("")
            .to_string();
        let description = page.front.summary.clone().unwrap_or_default();
        let mut ctx = base(site, lang, &path_in_lang, &page.front.title, &description);
        let tags: Vec<TagLink> = page
            .front
            .tags
            .iter()
            .map(|t| TagLink {
                name: t.clone(),
                url: lang.url(&format!("tags/{}/", tag_slug(t))),
                count: 0,
            })
            .collect();
        ctx.insert(
            "page",
            &json!({
                "title": page.front.title,
                "title_id": body.title_id,
                "summary": page.front.summary,
                "date": page.front.date,
                "updated": page.front.updated,
                "tags": tags,
                "content": body.html,
                "toc": if page.front.toc.unwrap_or(true) { serde_json::to_value(&body.toc).unwrap_or_default() } else { json!([]) },
                "kind": page.kind,
                "section": page.section,
                "source": page.file.to_string_lossy().replace('\\', "/"),
                "reading_minutes": reading_minutes(&body.text),
            }),
        );
        if page.kind == PageKind::Article {
            let seo = crate::publish::seo::context(
                site,
                code,
                &path_in_lang,
                &page.front.title,
                &description,
                Some(page),
            );
            ctx.insert("seo", &seo);
        }
        let template = match page.kind {
            PageKind::Home => {
                ctx.insert("page_title", &site_title);
                ctx.insert("families", &family_cards(site, lang));
                ctx.insert("flowchart_svg", &lang.flowchart_preview_svg);
                ctx.insert("guides", &section_summaries(site, lang, "guides"));
                "home.html"
            }
            PageKind::Section => {
                let section = page.section.clone().unwrap_or_default();
                ctx.insert("pages", &section_summaries(site, lang, &section));
                "section.html"
            }
            PageKind::Article => {
                match page.architecture_id().and_then(|id| site.architecture(id)) {
                    Some(arch) => {
                        ctx.insert("arch", &views::card::card(site, code, arch, &lang.strings));
                        ctx.insert(
                            "bench_groups",
                            &views::bench::model_groups(
                                site,
                                code,
                                views::bench::BenchText(&lang.strings),
                                &[arch],
                                "bench",
                            ),
                        );
                        // Bench models named here that no results file has yet.
                        let benched: std::collections::BTreeSet<&str> = site
                            .bench
                            .iter()
                            .flat_map(|f| f.record.results.iter().map(|r| r.model.as_str()))
                            .collect();
                        let pending: Vec<&String> = arch
                            .record
                            .bench_models
                            .iter()
                            .filter(|m| !benched.contains(m.as_str()))
                            .collect();
                        ctx.insert("bench_pending", &pending);
                        ctx.insert(
                            "estimator",
                            &views::estimate_page::view(
                                site,
                                views::bench::BenchText(&lang.strings),
                                &bench_models_of(site, arch),
                            ),
                        );
                        "architecture.html"
                    }
                    None => "page.html",
                }
            }
        };
        jobs.push(PageJob {
            template,
            output: output_for(&page.url),
            context: ctx,
        });
    }

    // Sections without an _index.md still get a list page.
    for section in super::sections(site, code) {
        let url = format!("/{}{section}/", lang.prefix);
        if site.pages.iter().any(|p| p.url == url) {
            continue;
        }
        let title = lang
            .strings
            .get(&format!("nav_{section}"))
            .cloned()
            .unwrap_or_else(|| section.clone());
        let mut ctx = base(site, lang, &format!("{section}/"), &title, "");
        ctx.insert("page", &json!({"title": title, "content": "", "kind": "section", "section": section, "tags": [], "toc": []}));
        ctx.insert("pages", &section_summaries(site, lang, &section));
        jobs.push(PageJob {
            template: "section.html",
            output: output_for(&url),
            context: ctx,
        });
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
    let tag_links: Vec<TagLink> = tags
        .iter()
        .map(|(slug, (name, pages))| TagLink {
            name: name.clone(),
            url: lang.url(&format!("tags/{slug}/")),
            count: pages.len(),
        })
        .collect();
    let mut ctx = base(site, lang, "tags/", &lang.t("all_tags"), "");
    ctx.insert("tags", &tag_links);
    jobs.push(PageJob {
        template: "tags.html",
        output: format!("{}tags/index.html", lang.prefix),
        context: ctx,
    });
    for (slug, (name, pages)) in &tags {
        let mut ctx = base(site, lang, &format!("tags/{slug}/"), name, "");
        ctx.insert("tag", name);
        ctx.insert("pages", &summaries(site, lang, pages));
        jobs.push(PageJob {
            template: "tag.html",
            output: format!("{}tags/{slug}/index.html", lang.prefix),
            context: ctx,
        });
    }

    // Generated views.
    jobs.push(generated_page(
        site,
        lang,
        "compare/",
        "compare.html",
        "compare_title",
        "compare_intro",
        |ctx| {
            ctx.insert("table", &lang.table);
            ctx.insert("csv_url", &lang.url("compare/architectures.csv"));
            ctx.insert("json_url", &lang.url("compare/architectures.json"));
        },
    ));
    jobs.push(generated_page(
        site,
        lang,
        "glossary/",
        "glossary.html",
        "glossary_title",
        "glossary_intro",
        |ctx| {
            ctx.insert("terms", &glossary_terms(site, code));
        },
    ));
    jobs.push(generated_page(
        site,
        lang,
        "choose/",
        "choose.html",
        "choose_title",
        "choose_intro",
        |ctx| {
            ctx.insert("decision", &decision_outline(site, lang));
            ctx.insert("flowchart_svg", &lang.flowchart_svg);
            ctx.insert(
                "widget_json",
                &crate::markup::json_for_script(
                    &views::widget::widget_data(site, code, &lang.strings),
                    "{}",
                ),
            );
        },
    ));
    jobs.push(generated_page(
        site,
        lang,
        "benchmarks/",
        "benchmarks.html",
        "benchmarks_title",
        "benchmarks_intro",
        |ctx| {
            ctx.insert("bench_families", &bench_families(site, lang));
            ctx.insert("bench_files", &site.bench);
            let models: Vec<String> = site
                .architectures
                .iter()
                .flat_map(|a| a.record.bench_models.iter().cloned())
                .collect();
            ctx.insert(
                "estimator",
                &views::estimate_page::view(site, views::bench::BenchText(&lang.strings), &models),
            );
        },
    ));
    jobs.push(generated_page(
        site,
        lang,
        "search/",
        "search.html",
        "search_title",
        "",
        |ctx| {
            ctx.insert(
                "search_facets",
                &crate::search::facet_groups(site, code, &lang.strings),
            );
        },
    ));
    let mut ctx = base(site, lang, "404.html", &lang.t("not_found_title"), "");
    ctx.insert("page", &json!({"title": lang.t("not_found_title")}));
    jobs.push(PageJob {
        template: "404.html",
        output: format!("{}404.html", lang.prefix),
        context: ctx,
    });
    jobs
}

fn reading_minutes(text: &str) -> usize {
    // About 230 English words or 400 Chinese characters a minute.
    let words = text.split_whitespace().filter(|w| w.is_ascii()).count();
    let han = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    ((words as f64 / 230.0) + (han as f64 / 400.0))
        .ceil()
        .max(1.0) as usize
}

fn family_cards(site: &Site, lang: &LangContext) -> Vec<views::card::Card> {
    lang.table
        .groups
        .iter()
        .filter_map(|g| g.rows.first().map(|r| r.card.clone()))
        .collect::<Vec<_>>()
        .into_iter()
        .filter(|c| site.architecture(&c.id).is_some())
        .collect()
}

/// The decision graph as nested lists, the no-JavaScript fallback of the widget.
fn decision_outline(site: &Site, lang: &LangContext) -> Value {
    let code = lang.lang.as_str();
    let questions: Vec<Value> = site
        .decision
        .questions
        .iter()
        .map(|q| {
            let answers: Vec<Value> = q
                .answers
                .iter()
                .map(|a| match &a.outcome {
                    crate::model::Outcome::Next { question } => json!({"label": a.label.text(code), "next": question}),
                    crate::model::Outcome::Recommend { architectures, reason, ask, baseline, guide } => json!({
                        "guide": guide.as_deref().and_then(|rel| views::shortlist::guide_link(site, code, rel)),
                        "label": a.label.text(code),
                        "recommend": architectures.iter().filter_map(|id| site.architecture(id)).map(|arch| views::card::link(site, code, arch)).collect::<Vec<_>>(),
                        "reason": reason.text(code),
                        "baseline": baseline.as_ref().map(|b| b.text(code)),
                        "compare_url": views::shortlist::compare_url(site, code, &architectures.iter().map(String::as_str).collect::<Vec<_>>()),
                        "asks": ask.iter().filter_map(|c| site.constraints.get(c)).map(|c| c.question.text(code)).collect::<Vec<_>>(),
                        "ruled_out_when": views::shortlist::ruled_out_when(site, code, architectures, ask),
                    }),
                })
                .collect();
            json!({"id": q.id, "text": q.text.text(code), "help": q.help.as_ref().map(|h| h.text(code)), "answers": answers})
        })
        .collect();
    let constraints: Vec<Value> = site
        .constraints
        .list
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "question": c.question.text(code),
                "help": c.help.as_ref().map(|h| h.text(code)),
                "options": c.options.iter().map(|o| o.label.text(code)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"start": site.decision.start, "questions": questions, "constraints": constraints})
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
            serde_json::to_vec_pretty(&lang.table).unwrap_or_default(),
        ),
    ]);
    files
}

/// The glossary in `code`, sorted by the term as that language writes it.
fn glossary_terms(site: &Site, code: &str) -> Vec<Value> {
    let mut terms: Vec<Value> = site
        .glossary
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "term": t.names.get(code).cloned().unwrap_or_default(),
                "names": site.config.languages.iter().filter(|l| *l != code).filter_map(|l| t.names.get(l).cloned()).collect::<Vec<_>>(),
                "aliases": t.aliases,
                "definition": t.definition.text(code),
            })
        })
        .collect();
    terms.sort_by(|a, b| {
        a["term"]
            .as_str()
            .unwrap_or("")
            .to_lowercase()
            .cmp(&b["term"].as_str().unwrap_or("").to_lowercase())
    });
    terms
}

/// The bench models of `arch` and of the members of its family, as its page lists them.
fn bench_models_of(site: &Site, arch: &crate::model::Architecture) -> Vec<String> {
    std::iter::once(arch)
        .chain(
            site.architectures
                .iter()
                .filter(|a| a.record.family.as_deref() == Some(&arch.id)),
        )
        .flat_map(|a| a.record.bench_models.iter().cloned())
        .collect()
}

/// Bench results grouped by family, for /benchmarks/; families without results are left out.
fn bench_families(site: &Site, lang: &LangContext) -> Vec<Value> {
    let code = lang.lang.as_str();
    let families: Vec<Value> = lang
        .table
        .groups
        .iter()
        .filter_map(|g| site.architecture(&g.family))
        .map(|family| {
            json!({
                "id": family.id,
                "name": family.record.name.text(code),
                "url": views::card::link(site, code, family).url,
                "groups": views::bench::model_groups(site, code, views::bench::BenchText(&lang.strings), &[family], &family.id),
            })
        })
        .filter(|f| f["groups"].as_array().is_some_and(|g| !g.is_empty()))
        .collect();
    families
}
