//! Benchmark views: the results of an architecture's bench models, the headline figure
//! the comparison table shows, and the bar charts drawn as SVG at build time.

use crate::model::bench::{BenchSource, RunStatus};
use crate::model::{Architecture, BenchFile, BenchResult, Site};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Headline {
    pub value: f64,
    pub unit: String,
    pub gpu: String,
    pub gpu_count: u32,
    pub precision: String,
    pub model: String,
    pub source: String,
    /// `3,079 samples/s`
    pub value_text: String,
    /// `1× NVIDIA H200 · fp16`
    pub detail: String,
    /// `3,079 samples/s · 1× NVIDIA H200 · fp16`
    pub text: String,
}

/// One result with the file it came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BenchRow {
    pub file: String,
    pub measured: bool,
    pub source_title: String,
    pub source_url: Option<String>,
    pub date: String,
    pub gpu: String,
    pub gpu_count: u32,
    pub framework: Option<String>,
    pub result: BenchResult,
    pub throughput: Option<String>,
    pub step_time: Option<String>,
    pub failed: bool,
}

pub fn row(file: &BenchFile, result: &BenchResult) -> BenchRow {
    let (measured, source_title, source_url) = match &file.record.source {
        BenchSource::Measured => (true, "archkb GPU harness".to_string(), None),
        BenchSource::Published { url, title, .. } => (false, title.clone(), Some(url.clone())),
    };
    BenchRow {
        file: file.id.clone(),
        measured,
        source_title,
        source_url,
        date: file.record.date.clone(),
        gpu: file.record.system.gpu.clone(),
        gpu_count: file.record.system.gpu_count,
        framework: file.record.system.framework.clone(),
        result: result.clone(),
        throughput: result
            .headline()
            .map(|(v, unit)| format!("{} {unit}", group_digits(v))),
        step_time: result
            .step_time_ms
            .as_ref()
            .map(|s| format!("{:.1} ms ({:.1}–{:.1})", s.median, s.min, s.max)),
        failed: result.status != RunStatus::Ok,
    }
}

/// The figure the comparison table shows: a measured result first, then the newest
/// published one, single-GPU before multi-GPU.
pub fn headline(site: &Site, arch: &Architecture) -> Option<Headline> {
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
                std::cmp::Reverse(f.record.date.clone()),
                r.model.clone(),
            )
        };
        key(fa, ra).cmp(&key(fb, rb))
    });
    let (file, result) = candidates.first()?;
    let (value, unit) = result.headline()?;
    let system = &file.record.system;
    Some(Headline {
        value,
        unit: unit.to_string(),
        gpu: system.gpu.clone(),
        gpu_count: system.gpu_count,
        precision: result.precision.as_str().to_string(),
        model: result.model.clone(),
        source: file.id.clone(),
        value_text: format!("{} {unit}", group_digits(value)),
        detail: format!(
            "{}× {} · {}",
            system.gpu_count,
            system.gpu,
            result.precision.as_str()
        ),
        text: format!(
            "{} {unit} · {}× {} · {}",
            group_digits(value),
            system.gpu_count,
            system.gpu,
            result.precision.as_str()
        ),
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
    let whole = format!("{:.0}", value);
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
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

/// The results of one bench model, ready to show: a chart and a table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModelGroup {
    pub model: String,
    pub architecture: String,
    pub architecture_name: String,
    pub architecture_url: String,
    pub task: String,
    pub chart_svg: String,
    pub rows: Vec<BenchRow>,
}

/// Results grouped by bench model, in the order the architectures list their models.
pub fn model_groups(
    site: &Site,
    lang: &str,
    architectures: &[&Architecture],
    id_prefix: &str,
) -> Vec<ModelGroup> {
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
            let mut rows: Vec<BenchRow> = site
                .bench
                .iter()
                .flat_map(|f| f.record.results.iter().map(move |r| (f, r)))
                .filter(|(_, r)| &r.model == model)
                .map(|(f, r)| row(f, r))
                .collect();
            if rows.is_empty() {
                continue;
            }
            rows.sort_by(|a, b| {
                (
                    a.gpu.as_str(),
                    a.gpu_count,
                    precision_rank(a),
                    a.result.compiled,
                    a.date.as_str(),
                )
                    .cmp(&(
                        b.gpu.as_str(),
                        b.gpu_count,
                        precision_rank(b),
                        b.result.compiled,
                        b.date.as_str(),
                    ))
            });
            let owner = site
                .architecture(&rows[0].result.architecture)
                .unwrap_or(arch);
            let title = format!("{model}: {}", rows[0].result.task);
            groups.push(ModelGroup {
                model: model.clone(),
                architecture: owner.id.clone(),
                architecture_name: owner.record.name.text(lang).to_string(),
                architecture_url: super::card::link(site, lang, owner).url,
                task: rows[0].result.task.clone(),
                chart_svg: super::charts::bar_chart(&format!("{id_prefix}-{model}"), &title, &rows),
                rows,
            });
        }
    }
    groups
}

fn precision_rank(row: &BenchRow) -> u8 {
    use crate::model::bench::Precision::*;
    match row.result.precision {
        Fp32 => 0,
        Tf32 => 1,
        Fp16 => 2,
        Amp => 3,
        Bf16 => 4,
        Fp8 => 5,
    }
}
