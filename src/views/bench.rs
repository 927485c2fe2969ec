//! Benchmark views: the results of an architecture's bench models grouped by task and unit,
//! the headline figure the comparison table shows, and the bar charts drawn as SVG at build
//! time. Every figure carries what it covers (one GPU or the whole system) and every batch
//! what it counts (per GPU or global), in the reader's language.

use super::charts::{self, Bar};
use crate::model::bench::{BatchScope, BenchSource, RateUnit, RunStatus, ThroughputScope};
use crate::model::{Architecture, BenchFile, BenchResult, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The UI strings of one language, as the bench views read them.
#[derive(Clone, Copy)]
pub struct BenchText<'a>(pub &'a BTreeMap<String, String>);

impl BenchText<'_> {
    /// The string `key`, or the key itself when the theme lacks it (visible, never a panic).
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The string `key` with `{name}` placeholders filled in.
    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }

    /// `images/s`, `token/s`.
    pub fn unit(&self, unit: RateUnit) -> String {
        self.get(&unit.key())
    }

    /// What a rate covers, or `None` for one GPU (where a GPU and the system are the same).
    pub fn scope(&self, scope: Option<ThroughputScope>, gpu_count: u32) -> Option<String> {
        match scope? {
            _ if gpu_count <= 1 => None,
            ThroughputScope::PerGpu => Some(self.get("bench_scope_per_gpu")),
            ThroughputScope::System => {
                Some(self.fill("bench_scope_system", &[("n", &gpu_count.to_string())]))
            }
        }
    }

    /// `30,624 tokens/s per GPU`, `24,479 images/s, all 8 GPUs`, `3,079 images/s`.
    pub fn rate(&self, value: f64, result: &BenchResult, unit: RateUnit, gpu_count: u32) -> String {
        let value = group_digits(value);
        let unit = self.unit(unit);
        match (result.throughput_scope, gpu_count) {
            (Some(ThroughputScope::PerGpu), n) if n > 1 => {
                self.fill("bench_rate_per_gpu", &[("value", &value), ("unit", &unit)])
            }
            (Some(ThroughputScope::System), n) if n > 1 => self.fill(
                "bench_rate_system",
                &[("value", &value), ("unit", &unit), ("n", &n.to_string())],
            ),
            _ => format!("{value} {unit}"),
        }
    }

    /// `128 global`, `2 per GPU`.
    fn batch(&self, result: &BenchResult) -> Option<String> {
        let size = result.batch_size?.to_string();
        Some(match result.batch_size_scope {
            Some(BatchScope::Global) => self.fill("bench_batch_global", &[("n", &size)]),
            Some(BatchScope::PerGpu) => self.fill("bench_batch_per_gpu", &[("n", &size)]),
            None => size,
        })
    }

    /// `failed: oom`.
    pub fn failure(&self, status: RunStatus) -> String {
        let status = serde_json::to_value(status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        self.fill("bench_failed_status", &[("status", &status)])
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Headline {
    pub value: f64,
    /// The unit as the reader reads it: `tokens/s`, `token/s`.
    pub unit: String,
    /// `per_gpu` or `system`: what the figure covers.
    pub scope: Option<ThroughputScope>,
    pub gpu: String,
    pub gpu_count: u32,
    pub precision: String,
    pub model: String,
    pub source: String,
    /// `30,624 tokens/s per GPU`
    pub value_text: String,
    /// `8× NVIDIA B200 · fp8`
    pub detail: String,
    /// `30,624 tokens/s per GPU · 8× NVIDIA B200 · fp8`
    pub text: String,
}

/// One result with the file it came from, and the words a reader sees for it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BenchRow {
    pub file: String,
    pub measured: bool,
    pub source_title: String,
    pub source_url: Option<String>,
    /// When the run was made, where known.
    pub date: Option<String>,
    /// When the source was published (published sources only).
    pub source_date: Option<String>,
    /// When the numbers were read from the source (published sources only).
    pub retrieved: Option<String>,
    pub gpu: String,
    pub gpu_count: u32,
    pub framework: Option<String>,
    pub result: BenchResult,
    /// The figure with its unit and scope: `24,479 images/s, all 8 GPUs`.
    pub throughput: Option<String>,
    /// `128 global`, `2 per GPU`.
    pub batch: Option<String>,
    pub step_time: Option<String>,
    pub failed: bool,
    /// `failed: oom`, in the reader's language.
    pub failure: Option<String>,
    /// The first line of a bar's label: `8× NVIDIA H200 141GB SXM`.
    pub label: String,
    /// The second line: what else tells this bar from its neighbours (`fp16 · all 8 GPUs`).
    pub detail: String,
    /// The number of this row's entry in its group's `sources` (from 1).
    pub source_ref: usize,
}

/// Where a group's numbers come from, listed once under its table instead of in every row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceNote {
    /// From 1, as the rows cite it.
    pub number: usize,
    pub measured: bool,
    pub title: String,
    pub url: Option<String>,
    /// The run's date, where known.
    pub date: Option<String>,
    pub source_date: Option<String>,
    pub retrieved: Option<String>,
    /// The raw results files this source's rows come from.
    pub files: Vec<String>,
}

pub fn row(file: &BenchFile, result: &BenchResult, text: BenchText) -> BenchRow {
    let (measured, source_title, source_url, source_date, retrieved) = match &file.record.source {
        BenchSource::Measured => (true, text.get("bench_harness"), None, None, None),
        BenchSource::Published {
            url,
            title,
            date,
            retrieved,
        } => (
            false,
            title.clone(),
            Some(url.clone()),
            Some(date.clone()),
            Some(retrieved.clone()),
        ),
    };
    let gpu_count = file.record.system.gpu_count;
    let mut detail = vec![result.precision.as_str().to_string()];
    if result.compiled {
        detail.push(text.get("bench_compiled"));
    }
    if let Some(scope) = text.scope(result.throughput_scope, gpu_count) {
        detail.push(scope);
    }
    BenchRow {
        file: file.id.clone(),
        measured,
        source_title,
        source_url,
        date: file.record.date.clone(),
        source_date,
        retrieved,
        gpu: file.record.system.gpu.clone(),
        gpu_count,
        framework: file.record.system.framework.clone(),
        result: result.clone(),
        throughput: result
            .headline()
            .map(|(v, unit)| text.rate(v, result, unit, gpu_count)),
        batch: text.batch(result),
        step_time: result
            .step_time_ms
            .as_ref()
            .map(|s| format!("{:.1} ms ({:.1}–{:.1})", s.median, s.min, s.max)),
        failed: result.status != RunStatus::Ok,
        failure: (result.status != RunStatus::Ok).then(|| text.failure(result.status)),
        label: format!("{gpu_count}× {}", file.record.system.gpu),
        detail: detail.join(" · "),
        source_ref: 0,
    }
}

/// The figure the comparison table shows: a measured result first, then the newest
/// published one, single-GPU before multi-GPU.
pub fn headline(site: &Site, arch: &Architecture, text: BenchText) -> Option<Headline> {
    let mut candidates: Vec<(&BenchFile, &BenchResult)> = site
        .bench
        .iter()
        .flat_map(|f| f.record.results.iter().map(move |r| (f, r)))
        .filter(|(_, r)| r.architecture == arch.id && r.headline().is_some())
        .collect();
    candidates.sort_by(|(fa, ra), (fb, rb)| {
        let key = |f: &BenchFile, r: &BenchResult| {
            (
                !matches!(f.record.source, BenchSource::Measured),
                f.record.system.gpu_count,
                std::cmp::Reverse(f.sort_date().to_string()),
                r.model.clone(),
            )
        };
        key(fa, ra).cmp(&key(fb, rb))
    });
    let (file, result) = candidates.first()?;
    let (value, unit) = result.headline()?;
    let system = &file.record.system;
    let value_text = text.rate(value, result, unit, system.gpu_count);
    let detail = format!(
        "{}× {} · {}",
        system.gpu_count,
        system.gpu,
        result.precision.as_str()
    );
    Some(Headline {
        value,
        unit: text.unit(unit),
        scope: result.throughput_scope,
        gpu: system.gpu.clone(),
        gpu_count: system.gpu_count,
        precision: result.precision.as_str().to_string(),
        model: result.model.clone(),
        source: file.id.clone(),
        text: format!("{value_text} · {detail}"),
        value_text,
        detail,
    })
}

/// `24479.0` → `24,479`; `3.5` → `3.5`.
pub fn group_digits(value: f64) -> String {
    if value.fract().abs() > f64::EPSILON && value < 100.0 {
        return format!("{value:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string();
    }
    let whole = format!("{value:.0}");
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A row as a chart bar: its figure, the spread of its step times, and its texts.
pub fn bar(row: &BenchRow) -> Bar<'_> {
    let value = row.result.headline().map(|(value, _)| value);
    Bar {
        label: &row.label,
        detail: &row.detail,
        value,
        value_text: value.map(group_digits).unwrap_or_default(),
        precision: row.result.precision.as_str(),
        spread: spread(row),
        summary: row
            .throughput
            .as_deref()
            .or(row.failure.as_deref())
            .unwrap_or(""),
        failure: row.failure.as_deref().unwrap_or(""),
        failed: row.failed,
    }
}

/// Throughput at the fastest and slowest measured step, when the step times are known.
fn spread(row: &BenchRow) -> Option<(f64, f64)> {
    let steps = row.result.step_time_ms.as_ref()?;
    let (value, _) = row.result.headline()?;
    // The work of one step, in the rate's own unit; the rate at the fastest and slowest step.
    let per_step = value * steps.median / 1000.0;
    (steps.min > 0.0 && steps.max > 0.0)
        .then(|| (per_step * 1000.0 / steps.max, per_step * 1000.0 / steps.min))
}

/// The results of one bench model on one task in one unit, ready to show: a chart in a
/// wide and a narrow layout, and a table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BenchGroup {
    /// The anchor: `bench-resnet50` for a model's first group, `bench-resnet50-2` after.
    pub id: String,
    pub model: String,
    pub architecture: String,
    pub architecture_name: String,
    pub architecture_url: String,
    /// The task, in the reader's language.
    pub task: String,
    /// The unit every bar of the chart is in: `images/s`.
    pub unit: String,
    /// For screens wider than a phone: labels beside the bars.
    pub chart_wide: String,
    /// For phones and blog export: labels above the bars, 340 px wide.
    pub chart_narrow: String,
    pub rows: Vec<BenchRow>,
    /// The sources the rows cite, in order of first citation.
    pub sources: Vec<SourceNote>,
    /// Columns the table leaves out when no row has a value for them.
    pub has_batch: bool,
    pub has_step_time: bool,
    pub has_memory: bool,
}

/// Results grouped by bench model, then by task and unit, in the order the architectures
/// list their models. Rows with different units never share a chart.
pub fn model_groups(
    site: &Site,
    lang: &str,
    text: BenchText,
    architectures: &[&Architecture],
    id_prefix: &str,
) -> Vec<BenchGroup> {
    let mut groups = Vec::new();
    for arch in architectures {
        let models: Vec<&String> = std::iter::once(*arch)
            .chain(
                site.architectures
                    .iter()
                    .filter(|a| a.record.family.as_deref() == Some(&arch.id)),
            )
            .flat_map(|a| a.record.bench_models.iter())
            .collect();
        for model in models {
            // (task in the default language, unit) -> rows, so a group has the same anchor in
            // every language; a failed row has no unit of its own and joins its task's group.
            let default_lang = site.config.default_language();
            let mut by_task: BTreeMap<(String, Option<RateUnit>), Vec<BenchRow>> = BTreeMap::new();
            let results: Vec<(&BenchFile, &BenchResult)> = site
                .bench
                .iter()
                .flat_map(|f| f.record.results.iter().map(move |r| (f, r)))
                .filter(|(_, r)| &r.model == model)
                .collect();
            for (f, r) in &results {
                let task = r.task.text(default_lang).to_string();
                let unit = r.headline().map(|(_, u)| u).or_else(|| {
                    results
                        .iter()
                        .filter(|(_, o)| o.task.text(default_lang) == task)
                        .find_map(|(_, o)| o.headline().map(|(_, u)| u))
                });
                by_task
                    .entry((task, unit))
                    .or_default()
                    .push(row(f, r, text));
            }
            for (n, ((_, unit), mut rows)) in by_task.into_iter().enumerate() {
                let task = rows[0].result.task.text(lang).to_string();
                rows.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
                disambiguate(&mut rows, text);
                let sources = cite_sources(&mut rows);
                let owner = site
                    .architecture(&rows[0].result.architecture)
                    .unwrap_or(arch);
                let id = if n == 0 {
                    format!("bench-{model}")
                } else {
                    format!("bench-{model}-{}", n + 1)
                };
                let unit = unit.map(|u| text.unit(u)).unwrap_or_default();
                let title = format!("{model}: {task}");
                let chart_id = format!("{id_prefix}-{}", &id["bench-".len()..]);
                let bars: Vec<Bar> = rows.iter().map(bar).collect();
                groups.push(BenchGroup {
                    chart_wide: charts::bar_chart(
                        &format!("{chart_id}-w"),
                        &title,
                        &unit,
                        &bars,
                        charts::Layout::Wide,
                    ),
                    chart_narrow: charts::bar_chart(
                        &format!("{chart_id}-n"),
                        &title,
                        &unit,
                        &bars,
                        charts::Layout::Narrow,
                    ),
                    id,
                    model: model.clone(),
                    architecture: owner.id.clone(),
                    architecture_name: owner.record.name.text(lang).to_string(),
                    architecture_url: super::card::link(site, lang, owner).url,
                    task,
                    unit,
                    has_batch: rows.iter().any(|r| r.batch.is_some()),
                    has_step_time: rows.iter().any(|r| r.step_time.is_some()),
                    has_memory: rows.iter().any(|r| r.result.peak_memory_gib.is_some()),
                    rows,
                    sources,
                });
            }
        }
    }
    groups
}

/// Numbers the distinct sources of `rows` (same title, link and dates) and marks each row
/// with its source's number.
fn cite_sources(rows: &mut [BenchRow]) -> Vec<SourceNote> {
    let mut notes: Vec<SourceNote> = Vec::new();
    for row in rows.iter_mut() {
        let same = |n: &SourceNote| {
            n.measured == row.measured
                && n.title == row.source_title
                && n.url == row.source_url
                && n.date == row.date
                && n.source_date == row.source_date
                && n.retrieved == row.retrieved
        };
        let number = if let Some(note) = notes.iter_mut().find(|n| same(n)) {
            if !note.files.contains(&row.file) {
                note.files.push(row.file.clone());
            }
            note.number
        } else {
            let number = notes.len() + 1;
            notes.push(SourceNote {
                number,
                measured: row.measured,
                title: row.source_title.clone(),
                url: row.source_url.clone(),
                date: row.date.clone(),
                source_date: row.source_date.clone(),
                retrieved: row.retrieved.clone(),
                files: vec![row.file.clone()],
            });
            number
        };
        row.source_ref = number;
    }
    notes
}

fn sort_key(row: &BenchRow) -> (&str, u32, u8, bool, &str, &str) {
    (
        row.gpu.as_str(),
        row.gpu_count,
        precision_rank(row),
        row.result.compiled,
        row.result.input.as_deref().unwrap_or(""),
        row.file.as_str(),
    )
}

/// Makes every bar's label say what tells it from the others: where two rows of a chart
/// read the same (BERT at sequence length 128 and 512, one GPU in two sources), the first
/// of input, batch, framework and source that differs between them is added.
fn disambiguate(rows: &mut [BenchRow], text: BenchText) {
    type Extra = fn(&BenchRow, BenchText) -> Option<String>;
    let extras: [Extra; 4] = [
        |r, _| r.result.input.clone(),
        |r, t| {
            t.batch(&r.result)
                .map(|b| format!("{} {b}", t.get("bench_batch_short")))
        },
        |r, _| r.framework.clone(),
        |r, _| Some(r.source_title.clone()),
    ];
    for extra in extras {
        let keys: Vec<String> = rows
            .iter()
            .map(|r| format!("{}\u{1f}{}", r.label, r.detail))
            .collect();
        let values: Vec<Option<String>> = rows.iter().map(|r| extra(r, text)).collect();
        let mut add = vec![false; rows.len()];
        for i in 0..rows.len() {
            for j in 0..rows.len() {
                if i != j && keys[i] == keys[j] && values[i] != values[j] {
                    add[i] = true;
                }
            }
        }
        for (i, row) in rows.iter_mut().enumerate() {
            if let (true, Some(value)) = (add[i], &values[i]) {
                row.detail = format!("{} · {value}", row.detail);
            }
        }
    }
}

fn precision_rank(row: &BenchRow) -> u8 {
    use crate::model::bench::Precision::{Amp, Bf16, Fp16, Fp32, Fp8, Tf32};
    match row.result.precision {
        Fp32 => 0,
        Tf32 => 1,
        Fp16 => 2,
        Amp => 3,
        Bf16 => 4,
        Fp8 => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits(24479.0), "24,479");
        assert_eq!(group_digits(938.0), "938");
        assert_eq!(group_digits(2.59), "2.59");
        assert_eq!(group_digits(4490263.0), "4,490,263");
    }
}
