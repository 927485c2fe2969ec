//! GPU benchmark results: files written by the harness in `bench/gpu/` or transcribed
//! from a published source. Units live in the field names.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const BENCH_SCHEMA: &str = "kb-gpu-bench/1";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BenchRecord {
    pub schema: String,
    pub source: BenchSource,
    pub system: BenchSystem,
    #[serde(default)]
    pub harness: Option<Harness>,
    pub date: String,
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
        date: String,
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
    pub task: String,
    pub precision: Precision,
    #[serde(default)]
    pub compiled: bool,
    #[serde(default)]
    pub batch_size: Option<u32>,
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
    /// The throughput a reader compares: tokens/s where it means something, else samples/s.
    pub fn headline(&self) -> Option<(f64, &'static str)> {
        if self.status != RunStatus::Ok {
            return None;
        }
        self.tokens_per_s
            .map(|v| (v, "tokens/s"))
            .or(self.samples_per_s.map(|v| (v, "samples/s")))
    }
}
