//! GPU benchmark results: files written by the harness in `bench/gpu/` or transcribed
//! from a published source. Units live in the field names, and what a rate or a batch
//! covers is said, never guessed: `throughput_scope` (one GPU or the whole system),
//! `batch_size_scope` (per GPU or global) and `sample_unit` (what one sample is).

use super::Localized;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const BENCH_SCHEMA: &str = "kb-gpu-bench/2";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BenchRecord {
    pub schema: String,
    pub source: BenchSource,
    pub system: BenchSystem,
    #[serde(default)]
    pub harness: Option<Harness>,
    /// When the run was made (`YYYY-MM-DD` or `YYYY-MM`); `null` for a published source
    /// that does not say. Never the date the source was read: that is `source.retrieved`.
    pub date: Option<String>,
    #[serde(default)]
    pub ceilings: Option<Ceilings>,
    pub results: Vec<BenchResult>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum BenchSource {
    Measured,
    Published {
        url: String,
        title: String,
        /// When the source was published or last changed.
        date: String,
        /// When the numbers were read from it (`YYYY-MM-DD`).
        retrieved: String,
    },
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BenchSystem {
    pub gpu: String,
    pub gpu_count: u32,
    #[serde(default)]
    pub gpu_memory_gib: Option<f64>,
    #[serde(default)]
    pub driver: Option<String>,
    #[serde(default)]
    pub cuda: Option<String>,
    #[serde(default)]
    pub cudnn: Option<String>,
    #[serde(default)]
    pub framework: Option<String>,
    #[serde(default)]
    pub libraries: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Harness {
    pub version: String,
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ceilings {
    #[serde(default)]
    pub bf16_matmul_tflops: Option<f64>,
    #[serde(default)]
    pub d2d_copy_gbs: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Fp32,
    Tf32,
    Fp16,
    Bf16,
    Fp8,
    Amp,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Fp32 => "fp32",
            Precision::Tf32 => "tf32",
            Precision::Fp16 => "fp16",
            Precision::Bf16 => "bf16",
            Precision::Fp8 => "fp8",
            Precision::Amp => "amp",
        }
    }
}

/// What a throughput figure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThroughputScope {
    /// The rate of one GPU (a multi-GPU run divided by its GPU count, as sources print it).
    PerGpu,
    /// The rate of all `gpu_count` GPUs together.
    System,
}

/// What a batch size counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchScope {
    /// The micro-batch on each GPU.
    PerGpu,
    /// The global batch across all GPUs.
    Global,
}

/// What one sample of `samples_per_s` is; the unit a reader sees ("images/s").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SampleUnit {
    Images,
    Sequences,
    Mels,
    Items,
    Volumes,
    Users,
    Transitions,
    Samples,
}

impl SampleUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            SampleUnit::Images => "images",
            SampleUnit::Sequences => "sequences",
            SampleUnit::Mels => "mels",
            SampleUnit::Items => "items",
            SampleUnit::Volumes => "volumes",
            SampleUnit::Users => "users",
            SampleUnit::Transitions => "transitions",
            SampleUnit::Samples => "samples",
        }
    }
}

/// The unit of a headline rate: tokens, or one of the sample units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum RateUnit {
    Tokens,
    Samples(SampleUnit),
}

impl RateUnit {
    /// The id of the UI string that names the unit: `bench_unit_tokens`, `bench_unit_images`.
    pub fn key(self) -> String {
        match self {
            RateUnit::Tokens => "bench_unit_tokens".to_string(),
            RateUnit::Samples(unit) => format!("bench_unit_{}", unit.as_str()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Ok,
    Oom,
    Error,
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BenchResult {
    pub model: String,
    pub architecture: String,
    /// What was trained, as a reader reads it, in every configured language.
    pub task: Localized<String>,
    pub precision: Precision,
    #[serde(default)]
    pub compiled: bool,
    #[serde(default)]
    pub batch_size: Option<u32>,
    /// Required with `batch_size`.
    #[serde(default)]
    pub batch_size_scope: Option<BatchScope>,
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub warmup_steps: Option<u32>,
    #[serde(default)]
    pub measured_steps: Option<u32>,
    #[serde(default)]
    pub step_time_ms: Option<Spread>,
    #[serde(default)]
    pub samples_per_s: Option<f64>,
    #[serde(default)]
    pub tokens_per_s: Option<f64>,
    /// Required with `samples_per_s`.
    #[serde(default)]
    pub sample_unit: Option<SampleUnit>,
    /// Required with `samples_per_s` or `tokens_per_s`.
    #[serde(default)]
    pub throughput_scope: Option<ThroughputScope>,
    #[serde(default)]
    pub peak_memory_gib: Option<f64>,
    #[serde(default)]
    pub memory_source: Option<String>,
    #[serde(default)]
    pub tflops: Option<f64>,
    #[serde(default)]
    pub utilization: Option<f64>,
    pub status: RunStatus,
    #[serde(default)]
    pub message: Option<String>,
}

/// One results file with the name it is linked by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchFile {
    /// The file stem: `lambda-v2-fp16` for `data/bench/lambda-v2-fp16.json`.
    pub id: String,
    #[serde(skip)]
    pub file: PathBuf,
    #[serde(flatten)]
    pub record: BenchRecord,
}

impl BenchResult {
    /// The throughput a reader compares: tokens/s where it means something, else samples/s
    /// in the file's own sample unit.
    pub fn headline(&self) -> Option<(f64, RateUnit)> {
        if self.status != RunStatus::Ok {
            return None;
        }
        self.tokens_per_s
            .map(|v| (v, RateUnit::Tokens))
            .or(self.samples_per_s.map(|v| {
                (
                    v,
                    RateUnit::Samples(self.sample_unit.unwrap_or(SampleUnit::Samples)),
                )
            }))
    }
}

impl BenchFile {
    /// The date to order runs by: the run's own, else the source's.
    pub fn sort_date(&self) -> &str {
        match (&self.record.date, &self.record.source) {
            (Some(date), _) => date,
            (None, BenchSource::Published { date, .. }) => date,
            (None, BenchSource::Measured) => "",
        }
    }
}
