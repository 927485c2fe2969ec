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

/// Every result of `arch`'s bench models (and, for a family, of its members' models).
pub fn results_for<'a>(
    site: &'a Site,
    arch: &Architecture,
) -> Vec<(&'a BenchFile, &'a BenchResult)> {
    let member_ids: Vec<&str> = std::iter::once(arch.id.as_str())
        .chain(
            site.architectures
                .iter()
                .filter(|a| a.record.family.as_deref() == Some(&arch.id))
                .map(|a| a.id.as_str()),
        )
        .collect();
    site.bench
        .iter()
        .flat_map(|file| file.record.results.iter().map(move |r| (file, r)))
        .filter(|(_, r)| member_ids.contains(&r.architecture.as_str()))
        .collect()
}

pub fn rows_for(site: &Site, arch: &Architecture) -> Vec<BenchRow> {
    results_for(site, arch)
        .into_iter()
        .map(|(f, r)| row(f, r))
        .collect()
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
