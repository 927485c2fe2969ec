//! The training-time estimator: how long a bench model takes on a data set, on a GPU model
//! and count, at a precision, and what that costs where the site has prices. Pure: it reads
//! only coefficients drawn from the bench files (which `estimate.js` reads too, so the page's
//! script and this module answer alike), never invents a rate, and says what it assumed.

use crate::model::bench::{BenchFile, Precision, RateUnit, ThroughputScope};
use crate::model::Pricing;
use serde::Serialize;
use std::collections::BTreeMap;

/// A deviation of more than this between two estimates of the same run is worth showing.
const DIFFER_RATIO: f64 = 1.05;

/// One bench result an estimate reads: the file it is in and its place in `results`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowRef {
    pub file: String,
    pub index: usize,
    pub gpu: String,
    pub gpu_count: u32,
    pub precision: Precision,
    /// The rate of one GPU in this run, in the model's unit per second.
    pub per_gpu_rate: f64,
}

/// One published or measured run of a setup at one GPU count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub gpu_count: u32,
    pub per_gpu_rate: f64,
    /// Model TFLOP/s of one GPU, where the file reports it (directly, or as MFU × ceiling).
    pub tflops_per_gpu: Option<f64>,
    pub row: RowRef,
}

/// Runs of one model that differ only in GPU count: same GPU, precision, compilation, task
/// and input (a global batch size in the input is left out: it grows with the GPU count).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setup {
    pub gpu: String,
    pub precision: Precision,
    pub compiled: bool,
    pub input: Option<String>,
    /// Sorted by GPU count, one per count (the first file in order wins a tie).
    pub points: Vec<Point>,
}

/// Everything the estimator knows about one bench model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelCoefficients {
    pub model: String,
    /// The UI key of the unit the data set is counted in: `bench_unit_tokens`, `bench_unit_images`.
    pub unit: String,
    pub tokens: bool,
    pub setups: Vec<Setup>,
    /// Per-doubling scaling efficiency of every setup with runs at two or more counts.
    pub scaling: Vec<Scaling>,
}

/// How the per-GPU rate of one setup changes each time the GPU count doubles, from its
/// smallest to its largest run: `1.0` is linear scaling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scaling {
    pub gpu: String,
    pub precision: Precision,
    pub from: RowRef,
    pub to: RowRef,
    pub per_doubling: f64,
}

/// What the reader asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Request<'a> {
    /// Samples per epoch in the model's unit, or tokens for a token-rate model.
    pub dataset: f64,
    /// Passes over the data set; `1` with a token budget.
    pub epochs: f64,
    pub gpu: &'a str,
    pub gpu_count: u32,
    pub precision: Precision,
    /// Parameters, for the 6·N·D estimate of a Transformer language model.
    pub parameters: Option<f64>,
}

/// What an estimate took for granted, in the order a reader should read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assumption {
    /// The rate is that of a run at exactly this GPU count.
    Exact { row: RowRef },
    /// Between two runs of the setup: the per-GPU rate is interpolated on log₂(GPUs).
    Interpolated { from: RowRef, to: RowRef },
    /// Beyond the largest run: its per-GPU rate falls by the scaling the rows show per doubling.
    Extrapolated {
        from: RowRef,
        per_doubling: f64,
        /// The rows the scaling comes from.
        scaling_from: RowRef,
        scaling_to: RowRef,
        /// The scaling is this setup's own (else another GPU's or precision's).
        same_setup: bool,
    },
    /// No multi-GPU rows for the model: every added GPU is assumed to add the same rate.
    LinearScaling { from: RowRef },
    /// Fewer GPUs than the smallest run: its per-GPU rate is kept.
    FewerThanSmallest { from: RowRef },
    /// The time is pure compute: data loading, evaluation, checkpoints and restarts add to it.
    ComputeOnly,
}

/// The 6·N·D FLOPs estimate beside the throughput one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlopsEstimate {
    pub flops: f64,
    pub tflops_per_gpu: f64,
    pub seconds: f64,
    /// More than 5 % from the throughput estimate either way.
    pub differs: bool,
}

/// The answer for one setup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub compiled: bool,
    pub input: Option<String>,
    pub per_gpu_rate: f64,
    pub system_rate: f64,
    pub seconds: f64,
    pub gpu_hours: f64,
    pub cost: Option<f64>,
    pub rows: Vec<RowRef>,
    pub assumptions: Vec<Assumption>,
    pub flops: Option<FlopsEstimate>,
}

/// Why no answer, and what the bench data has instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoRow {
    /// Rows of the model on the same GPU at other precisions, then at the same precision on
    /// other GPUs.
    pub nearest: Vec<RowRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// One line per setup of the model on that GPU and precision; empty with `no_row`.
    pub lines: Vec<Line>,
    pub no_row: Option<NoRow>,
    /// `{currency, date}` of the price used, where there is one for the GPU.
    pub price: Option<PriceUsed>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceUsed {
    pub per_gpu_hour: f64,
    pub currency: String,
    pub date: String,
}

/// The coefficients of `model` from every results file, or `None` when no file has a rate
/// for it.
pub fn coefficients(bench: &[BenchFile], model: &str) -> Option<ModelCoefficients> {
    let mut setups: Vec<Setup> = Vec::new();
    let mut unit: Option<RateUnit> = None;
    for file in bench {
        let system = &file.record.system;
        for (index, result) in file.record.results.iter().enumerate() {
            if result.model != model {
                continue;
            }
            let Some((value, rate_unit)) = result.headline() else {
                continue;
            };
            if *unit.get_or_insert(rate_unit) != rate_unit {
                // A model counted in two units is two workloads; the first unit answers.
                continue;
            }
            let per_gpu_rate = match result.throughput_scope {
                Some(ThroughputScope::PerGpu) => value,
                _ => value / f64::from(system.gpu_count.max(1)),
            };
            let tflops_per_gpu = result.tflops.or_else(|| {
                let ceiling = file.record.ceilings.as_ref()?.bf16_matmul_tflops?;
                Some(result.utilization? * ceiling)
            });
            let row = RowRef {
                file: file.id.clone(),
                index,
                gpu: system.gpu.clone(),
                gpu_count: system.gpu_count,
                precision: result.precision,
                per_gpu_rate,
            };
            let input = result.input.as_deref().map(without_global_batch);
            let point = Point {
                gpu_count: system.gpu_count,
                per_gpu_rate,
                tflops_per_gpu,
                row,
            };
            match setups.iter_mut().find(|s| {
                s.gpu == system.gpu
                    && s.precision == result.precision
                    && s.compiled == result.compiled
                    && s.input == input
            }) {
                Some(setup) => {
                    if !setup.points.iter().any(|p| p.gpu_count == point.gpu_count) {
                        setup.points.push(point);
                    }
                }
                None => setups.push(Setup {
                    gpu: system.gpu.clone(),
                    precision: result.precision,
                    compiled: result.compiled,
                    input,
                    points: vec![point],
                }),
            }
        }
    }
    let unit = unit?;
    for setup in &mut setups {
        setup.points.sort_by_key(|p| p.gpu_count);
    }
    let scaling = setups
        .iter()
        .filter_map(|s| {
            let (first, last) = (s.points.first()?, s.points.last()?);
            if last.gpu_count <= first.gpu_count {
                return None;
            }
            Some(Scaling {
                gpu: s.gpu.clone(),
                precision: s.precision,
                from: first.row.clone(),
                to: last.row.clone(),
                per_doubling: per_doubling(first, last),
            })
        })
        .collect();
    Some(ModelCoefficients {
        model: model.to_string(),
        unit: unit.key(),
        tokens: unit == RateUnit::Tokens,
        setups,
        scaling,
    })
}

/// `FSDP, GBS 16` → `FSDP`: a global batch grows with the GPU count, so runs that differ only
/// in it are one setup.
fn without_global_batch(input: &str) -> String {
    input
        .split(',')
        .map(str::trim)
        .filter(|part| !part.starts_with("GBS "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(rate_b / rate_a) ^ (1 / log₂(n_b / n_a))`, per GPU.
fn per_doubling(a: &Point, b: &Point) -> f64 {
    let doublings = (f64::from(b.gpu_count) / f64::from(a.gpu_count)).log2();
    (b.per_gpu_rate / a.per_gpu_rate).powf(1.0 / doublings)
}

/// The scaling to extrapolate `setup` with: its own, else the median of the model's others
/// (the lower of the middle two), else none.
fn scaling_for<'a>(coeffs: &'a ModelCoefficients, setup: &Setup) -> Option<(&'a Scaling, bool)> {
    if let Some(own) = coeffs.scaling.iter().find(|s| {
        s.from.file == setup.points[0].row.file && s.from.index == setup.points[0].row.index
    }) {
        return Some((own, true));
    }
    let mut all: Vec<&Scaling> = coeffs.scaling.iter().collect();
    if all.is_empty() {
        return None;
    }
    all.sort_by(|a, b| a.per_doubling.total_cmp(&b.per_doubling));
    Some((all[(all.len() - 1) / 2], false))
}

/// The estimate for `request`, with `pricing` where the site has one.
pub fn estimate(
    coeffs: &ModelCoefficients,
    request: &Request,
    pricing: Option<&Pricing>,
) -> Estimate {
    let price = pricing.and_then(|p| {
        p.gpus.get(request.gpu).map(|per_gpu_hour| PriceUsed {
            per_gpu_hour: *per_gpu_hour,
            currency: p.currency.clone(),
            date: p.date.clone(),
        })
    });
    let setups: Vec<&Setup> = coeffs
        .setups
        .iter()
        .filter(|s| s.gpu == request.gpu && s.precision == request.precision)
        .collect();
    if setups.is_empty() || request.gpu_count == 0 {
        return Estimate {
            lines: Vec::new(),
            no_row: Some(NoRow {
                nearest: nearest(coeffs, request),
            }),
            price,
        };
    }
    let work = request.dataset * request.epochs;
    let n = f64::from(request.gpu_count);
    let lines = setups
        .into_iter()
        .map(|setup| {
            let (per_gpu_rate, rows, rate_assumption, point) =
                rate_at(coeffs, setup, request.gpu_count);
            let system_rate = per_gpu_rate * n;
            let seconds = work / system_rate;
            let gpu_hours = seconds * n / 3600.0;
            let flops = match (coeffs.tokens, request.parameters, point.tflops_per_gpu) {
                (true, Some(parameters), Some(tflops)) if tflops > 0.0 => {
                    let flops = 6.0 * parameters * work;
                    let flops_seconds = flops / (n * tflops * 1e12);
                    let ratio = flops_seconds / seconds;
                    Some(FlopsEstimate {
                        flops,
                        tflops_per_gpu: tflops,
                        seconds: flops_seconds,
                        differs: !(1.0 / DIFFER_RATIO..=DIFFER_RATIO).contains(&ratio),
                    })
                }
                _ => None,
            };
            Line {
                compiled: setup.compiled,
                input: setup.input.clone(),
                per_gpu_rate,
                system_rate,
                seconds,
                gpu_hours,
                cost: price.as_ref().map(|p| gpu_hours * p.per_gpu_hour),
                rows,
                assumptions: vec![rate_assumption, Assumption::ComputeOnly],
                flops,
            }
        })
        .collect();
    Estimate {
        lines,
        no_row: None,
        price,
    }
}

/// The per-GPU rate of `setup` at `count` GPUs, the rows it reads, what it assumed, and the
/// run whose reported FLOP rate applies.
fn rate_at<'a>(
    coeffs: &ModelCoefficients,
    setup: &'a Setup,
    count: u32,
) -> (f64, Vec<RowRef>, Assumption, &'a Point) {
    let points = &setup.points;
    if let Some(p) = points.iter().find(|p| p.gpu_count == count) {
        return (
            p.per_gpu_rate,
            vec![p.row.clone()],
            Assumption::Exact { row: p.row.clone() },
            p,
        );
    }
    let first = &points[0];
    let last = &points[points.len() - 1];
    if count < first.gpu_count {
        return (
            first.per_gpu_rate,
            vec![first.row.clone()],
            Assumption::FewerThanSmallest {
                from: first.row.clone(),
            },
            first,
        );
    }
    if count < last.gpu_count {
        let pair = points
            .windows(2)
            .find(|w| w[0].gpu_count < count && count < w[1].gpu_count);
        if let Some([a, b]) = pair {
            let t = (f64::from(count) / f64::from(a.gpu_count)).log2()
                / (f64::from(b.gpu_count) / f64::from(a.gpu_count)).log2();
            let rate = a.per_gpu_rate * (b.per_gpu_rate / a.per_gpu_rate).powf(t);
            return (
                rate,
                vec![a.row.clone(), b.row.clone()],
                Assumption::Interpolated {
                    from: a.row.clone(),
                    to: b.row.clone(),
                },
                a,
            );
        }
    }
    match scaling_for(coeffs, setup) {
        Some((scaling, same_setup)) => {
            // Never more than linear beyond what a run has shown.
            let factor = scaling.per_doubling.min(1.0);
            let doublings = (f64::from(count) / f64::from(last.gpu_count)).log2();
            let rate = last.per_gpu_rate * factor.powf(doublings);
            let mut rows = vec![last.row.clone()];
            for r in [&scaling.from, &scaling.to] {
                if !rows.contains(r) {
                    rows.push(r.clone());
                }
            }
            (
                rate,
                rows,
                Assumption::Extrapolated {
                    from: last.row.clone(),
                    per_doubling: factor,
                    scaling_from: scaling.from.clone(),
                    scaling_to: scaling.to.clone(),
                    same_setup,
                },
                last,
            )
        }
        None => (
            last.per_gpu_rate,
            vec![last.row.clone()],
            Assumption::LinearScaling {
                from: last.row.clone(),
            },
            last,
        ),
    }
}

/// Up to four rows the reader could use instead: the same GPU at other precisions, then the
/// same precision on other GPUs, each setup's smallest run.
fn nearest(coeffs: &ModelCoefficients, request: &Request) -> Vec<RowRef> {
    let same_gpu = coeffs.setups.iter().filter(|s| s.gpu == request.gpu);
    let same_precision = coeffs
        .setups
        .iter()
        .filter(|s| s.gpu != request.gpu && s.precision == request.precision);
    let mut out: Vec<RowRef> = Vec::new();
    for setup in same_gpu.chain(same_precision) {
        let row = &setup.points[0].row;
        if !out.contains(row) && out.len() < 4 {
            out.push(row.clone());
        }
    }
    out
}

/// The least and most GPU-hours `dataset × epochs` takes over every row of the model, each at
/// its own GPU count: the order of magnitude a shortlist can show beside an architecture
/// before the reader has picked a GPU. `estimate.js` has the same as `gpuHoursRange`.
pub fn gpu_hours_range(
    coeffs: &ModelCoefficients,
    dataset: f64,
    epochs: f64,
) -> Option<(f64, f64)> {
    let work = dataset * epochs;
    coeffs
        .setups
        .iter()
        .flat_map(|s| s.points.iter())
        .map(|p| work / p.per_gpu_rate / 3600.0)
        .fold(None, |range, hours| match range {
            None => Some((hours, hours)),
            Some((lo, hi)) => Some((f64::min(lo, hours), f64::max(hi, hours))),
        })
}

/// The GPUs and precisions the model's rows cover, for the form's choices.
pub fn choices(coeffs: &ModelCoefficients) -> BTreeMap<String, Vec<Precision>> {
    let mut out: BTreeMap<String, Vec<Precision>> = BTreeMap::new();
    for setup in &coeffs.setups {
        let list = out.entry(setup.gpu.clone()).or_default();
        if !list.contains(&setup.precision) {
            list.push(setup.precision);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Known cases, each worked by hand from the files in data/bench/.
    use super::*;
    use crate::model::bench::BenchRecord;

    fn bench() -> Vec<BenchFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/bench");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|path| BenchFile {
                id: path.file_stem().unwrap().to_string_lossy().into_owned(),
                record: serde_json::from_str::<BenchRecord>(
                    &std::fs::read_to_string(&path).unwrap(),
                )
                .unwrap(),
                file: path,
            })
            .collect()
    }

    fn ask(
        gpu: &str,
        gpu_count: u32,
        precision: Precision,
        dataset: f64,
        epochs: f64,
    ) -> Request<'_> {
        Request {
            dataset,
            epochs,
            gpu,
            gpu_count,
            precision,
            parameters: None,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
    }

    const IMAGENET: f64 = 1_281_167.0;
    const DGX_A100: &str = "NVIDIA A100 80GB SXM4";

    #[test]
    fn a_run_at_exactly_that_count_answers_from_its_row() {
        let coeffs = coefficients(&bench(), "resnet50").unwrap();
        let e = estimate(
            &coeffs,
            &ask(DGX_A100, 8, Precision::Amp, IMAGENET, 90.0),
            None,
        );
        assert_eq!(e.lines.len(), 1);
        let line = &e.lines[0];
        // 16,621 images/s for all 8 GPUs: 1,281,167 × 90 / 16,621 = 6,937.3 s.
        close(line.system_rate, 16621.0);
        close(line.seconds, IMAGENET * 90.0 / 16621.0);
        assert!((line.seconds - 6937.3).abs() < 0.1);
        close(line.gpu_hours, line.seconds * 8.0 / 3600.0);
        assert!((line.gpu_hours - 15.42).abs() < 0.01);
        assert_eq!(line.cost, None);
        assert_eq!(line.rows.len(), 1);
        assert_eq!(line.rows[0].file, "nvidia-dle-resnet50-a100-80gb-8gpu");
        assert!(matches!(line.assumptions[0], Assumption::Exact { .. }));
        assert_eq!(line.assumptions[1], Assumption::ComputeOnly);
    }

    #[test]
    fn between_two_runs_the_per_gpu_rate_is_interpolated() {
        let coeffs = coefficients(&bench(), "resnet50").unwrap();
        let e = estimate(
            &coeffs,
            &ask(DGX_A100, 4, Precision::Amp, IMAGENET, 90.0),
            None,
        );
        let line = &e.lines[0];
        // 1 GPU: 2,470/s; 8 GPUs: 16,621/8 = 2,077.6/s each; 4 GPUs is ⅔ of the way in log₂.
        let rate = 2470.0 * (2077.625f64 / 2470.0).powf(2.0 / 3.0);
        close(line.per_gpu_rate, rate);
        assert!(
            (line.per_gpu_rate - 2200.95).abs() < 0.01,
            "{}",
            line.per_gpu_rate
        );
        close(line.seconds, IMAGENET * 90.0 / (rate * 4.0));
        assert!(matches!(
            line.assumptions[0],
            Assumption::Interpolated { .. }
        ));
        assert_eq!(line.rows.len(), 2);
    }

    #[test]
    fn beyond_the_largest_run_the_setups_own_scaling_is_extended() {
        let coeffs = coefficients(&bench(), "llama3-8b").unwrap();
        let gpu = "NVIDIA H100 96GB HBM2e (500 W, Grand Teton)";
        let e = estimate(&coeffs, &ask(gpu, 256, Precision::Bf16, 10e9, 1.0), None);
        // Two setups: eager and compiled, each run at 8 and 128 GPUs ("GBS 16"/"GBS 256" one setup).
        assert_eq!(e.lines.len(), 2);
        let eager = e.lines.iter().find(|l| !l.compiled).unwrap();
        // 5,762 → 5,605 tokens/s per GPU over four doublings; one more past 128.
        let factor = (5605.0f64 / 5762.0).powf(0.25);
        close(eager.per_gpu_rate, 5605.0 * factor);
        close(eager.seconds, 10e9 / (5605.0 * factor * 256.0));
        match &eager.assumptions[0] {
            Assumption::Extrapolated {
                per_doubling,
                same_setup,
                ..
            } => {
                close(*per_doubling, factor);
                assert!(same_setup);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_gpu_with_one_run_borrows_the_models_median_scaling() {
        let coeffs = coefficients(&bench(), "resnet50").unwrap();
        let gpu = "NVIDIA H100 80GB PCIe";
        let e = estimate(&coeffs, &ask(gpu, 8, Precision::Fp16, IMAGENET, 90.0), None);
        let line = &e.lines[0];
        let Assumption::Extrapolated {
            per_doubling,
            same_setup,
            scaling_from,
            ..
        } = &line.assumptions[0]
        else {
            panic!("{:?}", line.assumptions[0]);
        };
        assert!(!same_setup);
        // The model's 1→8 GPU runs per doubling, sorted; the lower middle of the eight.
        let mut factors: Vec<f64> = [
            (1582.0, 11439.0),
            (2616.0, 20728.0),
            (3076.0, 24461.0),
            (3079.0, 24479.0),
            (938.0, 7248.0),
            (2470.0, 16621.0),
            (367.0, 2855.0),
            (1200.0, 8322.0),
        ]
        .iter()
        .map(|(one, eight): &(f64, f64)| (eight / 8.0 / one).powf(1.0 / 3.0))
        .collect();
        factors.sort_by(f64::total_cmp);
        close(*per_doubling, factors[3]);
        close(line.per_gpu_rate, 1866.0 * factors[3].powf(3.0));
        assert!(line.rows.iter().any(|r| r == scaling_from));
    }

    #[test]
    fn without_multi_gpu_rows_linear_scaling_is_said_to_be_assumed() {
        let coeffs = coefficients(&bench(), "bert-base-squad").unwrap();
        assert!(coeffs.scaling.is_empty());
        let e = estimate(
            &coeffs,
            &ask("NVIDIA H200 141GB SXM", 8, Precision::Fp16, 88_000.0, 2.0),
            None,
        );
        let line = &e.lines[0];
        close(line.per_gpu_rate, 932.0);
        close(line.seconds, 176_000.0 / (932.0 * 8.0));
        assert!(matches!(
            line.assumptions[0],
            Assumption::LinearScaling { .. }
        ));
    }

    #[test]
    fn fewer_gpus_than_the_smallest_run_keep_its_per_gpu_rate() {
        let coeffs = coefficients(&bench(), "llama3-8b").unwrap();
        let e = estimate(
            &coeffs,
            &ask("NVIDIA B200", 4, Precision::Fp8, 10e9, 1.0),
            None,
        );
        let line = &e.lines[0];
        close(line.per_gpu_rate, 30624.0);
        close(line.seconds, 10e9 / (30624.0 * 4.0));
        assert!(matches!(
            line.assumptions[0],
            Assumption::FewerThanSmallest { .. }
        ));
    }

    #[test]
    fn no_row_for_that_precision_names_the_nearest_rows_and_invents_nothing() {
        let coeffs = coefficients(&bench(), "resnet50").unwrap();
        let e = estimate(
            &coeffs,
            &ask("NVIDIA H100 80GB PCIe", 1, Precision::Fp8, IMAGENET, 90.0),
            None,
        );
        assert!(e.lines.is_empty());
        let nearest = &e.no_row.unwrap().nearest;
        assert_eq!(nearest.len(), 1);
        assert_eq!(nearest[0].file, "lambda-v1-fp16-h100-80gb-pcie-1gpu");
        assert_eq!(nearest[0].precision, Precision::Fp16);

        let e = estimate(
            &coeffs,
            &ask("NVIDIA L4", 1, Precision::Amp, IMAGENET, 90.0),
            None,
        );
        let nearest = e.no_row.unwrap().nearest;
        // The same precision on other GPUs: the DGX A100 and DGX-1 runs.
        assert_eq!(nearest.len(), 2);
        assert!(nearest.iter().all(|r| r.precision == Precision::Amp));
    }

    #[test]
    fn a_price_for_the_gpu_gives_a_cost_and_none_for_another() {
        let coeffs = coefficients(&bench(), "resnet50").unwrap();
        let pricing = Pricing {
            currency: "USD".into(),
            date: "2026-11-01".into(),
            gpus: [(DGX_A100.to_string(), 2.0)].into_iter().collect(),
        };
        let e = estimate(
            &coeffs,
            &ask(DGX_A100, 8, Precision::Amp, IMAGENET, 90.0),
            Some(&pricing),
        );
        let line = &e.lines[0];
        close(line.cost.unwrap(), line.gpu_hours * 2.0);
        assert_eq!(e.price.unwrap().currency, "USD");
        let e = estimate(
            &coeffs,
            &ask("NVIDIA V100 16GB", 8, Precision::Amp, IMAGENET, 90.0),
            Some(&pricing),
        );
        assert_eq!(e.lines[0].cost, None);
        assert!(e.price.is_none());
    }

    #[test]
    fn the_flops_estimate_appears_only_where_a_row_reports_model_flops() {
        let mut files = bench();
        let coeffs = coefficients(&files, "llama3-8b").unwrap();
        let gpu = "NVIDIA B200";
        let mut request = ask(gpu, 8, Precision::Fp8, 10e9, 1.0);
        request.parameters = Some(8.0e9);
        // No file in data/bench/ reports TFLOP/s or MFU: no FLOPs estimate is made up.
        assert!(estimate(&coeffs, &request, None).lines[0].flops.is_none());

        let file = files
            .iter_mut()
            .find(|f| f.id == "megatron-bridge-2511-b200-llama3-8b-8gpu")
            .unwrap();
        file.record.results[0].tflops = Some(1000.0);
        let coeffs = coefficients(&files, "llama3-8b").unwrap();
        let line = &estimate(&coeffs, &request, None).lines[0];
        let flops = line.flops.as_ref().unwrap();
        // 6 × 8e9 × 1e10 = 4.8e20 FLOPs over 8 × 1,000 TFLOP/s = 60,000 s.
        close(flops.flops, 4.8e20);
        close(flops.seconds, 60_000.0);
        // The throughput says 1e10 / (30,624 × 8) = 40,818 s: they differ, so both are shown.
        assert!(flops.differs);
    }

    #[test]
    fn the_gpu_hours_range_spans_the_slowest_and_fastest_row() {
        let coeffs = coefficients(&bench(), "resnet50").unwrap();
        let (lo, hi) = gpu_hours_range(&coeffs, IMAGENET, 90.0).unwrap();
        // Fastest per GPU: 1× H200 at 3,079 images/s; slowest: 8× V100 fp32 at 2,855/8.
        close(lo, IMAGENET * 90.0 / 3079.0 / 3600.0);
        close(hi, IMAGENET * 90.0 / (2855.0 / 8.0) / 3600.0);
    }

    /// Published end-to-end times against the estimate for the same setup. NVIDIA's
    /// DeepLearningExamples ResNet-50 v1.5 README (the source of the nvidia-dle-resnet50 files)
    /// gives a 90-epoch ImageNet run on 8× A100 80GB as about 3 h with AMP and about 5 h in
    /// TF32. The estimate counts steady-state training throughput only, so it must come out
    /// shorter, by no more than a factor of 2 (the gap: data loading, per-epoch evaluation,
    /// start-up and checkpoints). AMP lands at 1.56×, TF32 at 1.13×.
    #[test]
    fn published_end_to_end_runs_lie_within_a_factor_of_two_of_the_estimate() {
        let coeffs = coefficients(&bench(), "resnet50").unwrap();
        for (precision, published_hours) in [(Precision::Amp, 3.0), (Precision::Tf32, 5.0)] {
            let e = estimate(&coeffs, &ask(DGX_A100, 8, precision, IMAGENET, 90.0), None);
            let hours = e.lines[0].seconds / 3600.0;
            let factor = published_hours / hours;
            assert!(
                (1.0..=2.0).contains(&factor),
                "{precision:?}: {hours:.2} h estimated, {published_hours} h published"
            );
        }
    }

    /// NVIDIA's DeepLearningExamples BERT README (the source of the nvidia-dle-bert files)
    /// gives full two-phase BERT-large pretraining on 256× A100 80GB as 1.2 h with AMP and
    /// 2.4 h in TF32. Its pretraining recipe (scripts/configs/pretrain_config.sh, the DGX A100
    /// configs) trains phase 1 at sequence length 128 for 7,038 steps of a 65,536-sequence
    /// global batch and phase 2 at 512 for 1,563 steps of 32,768: the 256-GPU run is taken to
    /// train the same sequences. Phase 1 reads the 256-GPU row; phase 2 has no 256-GPU row,
    /// so it extends the 1→8-GPU seq-512 runs. Within a factor of 1.5 either way: AMP comes
    /// out at 1.20 h (published ÷ estimate 1.00), TF32 at 2.23 h (1.08).
    #[test]
    fn bert_large_full_pretraining_on_256_gpus_lies_within_a_factor_of_one_and_a_half() {
        let coeffs = coefficients(&bench(), "bert-large-pretrain").unwrap();
        const PHASE1: f64 = 7038.0 * 65_536.0;
        const PHASE2: f64 = 1563.0 * 32_768.0;
        let seq = |e: &Estimate, input: &str| -> Line {
            e.lines
                .iter()
                .find(|l| l.input.as_deref() == Some(input))
                .unwrap_or_else(|| panic!("no {input} line"))
                .clone()
        };
        for (precision, published_hours) in [(Precision::Amp, 1.2), (Precision::Tf32, 2.4)] {
            let one = estimate(&coeffs, &ask(DGX_A100, 256, precision, PHASE1, 1.0), None);
            let one = seq(&one, "seq 128");
            assert!(matches!(one.assumptions[0], Assumption::Exact { .. }));
            let two = estimate(&coeffs, &ask(DGX_A100, 256, precision, PHASE2, 1.0), None);
            let two = seq(&two, "seq 512");
            assert!(matches!(
                two.assumptions[0],
                Assumption::Extrapolated { .. }
            ));
            let hours = (one.seconds + two.seconds) / 3600.0;
            let factor = published_hours / hours;
            assert!(
                (1.0 / 1.5..=1.5).contains(&factor),
                "{precision:?}: {hours:.2} h estimated, {published_hours} h published"
            );
        }
    }

    #[test]
    fn a_global_batch_in_the_input_does_not_split_a_setup() {
        assert_eq!(without_global_batch("FSDP, GBS 256"), "FSDP");
        assert_eq!(without_global_batch("seq 128"), "seq 128");
    }

    /// The golden cases `tests/estimate/estimate.test.mjs` holds `estimate.js` to: the
    /// coefficients of the bench files, requests that reach every kind of answer, and this
    /// module's answers. `ARCHKB_BLESS=1 cargo test --lib estimate` rewrites the file from
    /// this implementation; review the diff before committing it.
    #[test]
    fn golden_cases_shared_with_the_script() {
        const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/estimate/golden.json");
        let mut files = bench();
        // One model with a reported FLOP rate, so the 6·N·D path has a case too.
        let mut flops_file = files
            .iter()
            .find(|f| f.id == "megatron-bridge-2511-b200-llama3-8b-8gpu")
            .unwrap()
            .clone();
        flops_file.id = "fixture-flops".into();
        flops_file.record.results[0].model = "llama3-8b-with-flops".into();
        flops_file.record.results[0].tflops = Some(1000.0);
        files.push(flops_file);
        let pricing = Pricing {
            currency: "USD".into(),
            date: "2026-11-01".into(),
            gpus: [
                (DGX_A100.to_string(), 2.0),
                ("NVIDIA B200".to_string(), 5.5),
            ]
            .into_iter()
            .collect(),
        };
        let h100_96 = "NVIDIA H100 96GB HBM2e (500 W, Grand Teton)";
        // (model, GPU, count, precision, data set, epochs, parameters, priced)
        type Case<'a> = (
            &'a str,
            &'a str,
            u32,
            Precision,
            f64,
            f64,
            Option<f64>,
            bool,
        );
        let cases: Vec<Case> = vec![
            (
                "resnet50",
                DGX_A100,
                8,
                Precision::Amp,
                IMAGENET,
                90.0,
                None,
                false,
            ),
            (
                "resnet50",
                DGX_A100,
                8,
                Precision::Amp,
                IMAGENET,
                90.0,
                None,
                true,
            ),
            (
                "resnet50",
                DGX_A100,
                4,
                Precision::Amp,
                IMAGENET,
                90.0,
                None,
                true,
            ),
            (
                "resnet50",
                DGX_A100,
                32,
                Precision::Tf32,
                IMAGENET,
                90.0,
                None,
                false,
            ),
            (
                "resnet50",
                "NVIDIA H100 80GB PCIe",
                8,
                Precision::Fp16,
                IMAGENET,
                90.0,
                None,
                false,
            ),
            (
                "resnet50",
                "NVIDIA H100 80GB PCIe",
                1,
                Precision::Fp8,
                IMAGENET,
                90.0,
                None,
                false,
            ),
            (
                "resnet50",
                "NVIDIA L4",
                2,
                Precision::Amp,
                IMAGENET,
                90.0,
                None,
                false,
            ),
            (
                "resnet50",
                DGX_A100,
                0,
                Precision::Amp,
                IMAGENET,
                90.0,
                None,
                false,
            ),
            (
                "llama3-8b",
                h100_96,
                256,
                Precision::Bf16,
                10e9,
                1.0,
                Some(8.0e9),
                false,
            ),
            (
                "llama3-8b",
                h100_96,
                64,
                Precision::Fp8,
                1e12,
                1.0,
                None,
                false,
            ),
            (
                "llama3-8b",
                "NVIDIA H200",
                48,
                Precision::Fp8,
                15e12,
                1.0,
                None,
                false,
            ),
            (
                "llama3-8b",
                "NVIDIA B200",
                4,
                Precision::Fp8,
                10e9,
                1.0,
                None,
                true,
            ),
            (
                "llama3-8b-with-flops",
                "NVIDIA B200",
                8,
                Precision::Fp8,
                10e9,
                1.0,
                Some(8.0e9),
                true,
            ),
            (
                "llama3-8b-with-flops",
                "NVIDIA B200",
                16,
                Precision::Fp8,
                10e9,
                1.0,
                Some(8.0e9),
                false,
            ),
            (
                "bert-base-squad",
                "NVIDIA H200 141GB SXM",
                8,
                Precision::Fp16,
                88_000.0,
                2.0,
                None,
                false,
            ),
            (
                "bert-large-pretrain",
                DGX_A100,
                16,
                Precision::Amp,
                4.6e8,
                1.0,
                None,
                false,
            ),
            (
                "bert-large-pretrain",
                "NVIDIA V100 32GB",
                3,
                Precision::Fp32,
                1e7,
                1.5,
                None,
                false,
            ),
            (
                "gnmt-v2",
                "NVIDIA A100 40GB",
                2,
                Precision::Tf32,
                1.3e8,
                6.0,
                None,
                false,
            ),
        ];
        let mut models = serde_json::Map::new();
        let mut out = Vec::new();
        for (model, gpu, gpu_count, precision, dataset, epochs, parameters, priced) in cases {
            let coeffs = coefficients(&files, model).unwrap();
            let request = Request {
                dataset,
                epochs,
                gpu,
                gpu_count,
                precision,
                parameters,
            };
            let answer = estimate(&coeffs, &request, priced.then_some(&pricing));
            models.insert(model.to_string(), serde_json::to_value(&coeffs).unwrap());
            out.push(serde_json::json!({
                "model": model,
                "priced": priced,
                "request": {
                    "dataset": dataset, "epochs": epochs, "gpu": gpu, "gpu_count": gpu_count,
                    "precision": precision, "parameters": parameters,
                },
                "expected": answer,
            }));
        }
        let ranges: Vec<serde_json::Value> =
            [("resnet50", IMAGENET, 90.0), ("llama3-8b", 10e9, 1.0)]
                .into_iter()
                .map(|(model, dataset, epochs)| {
                    let coeffs = coefficients(&files, model).unwrap();
                    models.insert(model.to_string(), serde_json::to_value(&coeffs).unwrap());
                    serde_json::json!({
                        "model": model, "dataset": dataset, "epochs": epochs,
                        "expected": gpu_hours_range(&coeffs, dataset, epochs),
                    })
                })
                .collect();
        let golden = serde_json::json!({
            "pricing": pricing, "models": models, "cases": out, "ranges": ranges,
        });
        let fresh = serde_json::to_string_pretty(&golden).unwrap() + "\n";
        if std::env::var_os("ARCHKB_BLESS").is_some() {
            std::fs::write(PATH, &fresh).unwrap();
        }
        let stored = std::fs::read_to_string(PATH)
            .expect("tests/estimate/golden.json (ARCHKB_BLESS=1 writes it)");
        assert_eq!(
            stored, fresh,
            "the golden cases changed: rerun with ARCHKB_BLESS=1 and review the diff"
        );
        // Every kind of answer has a case.
        for kind in [
            "exact",
            "interpolated",
            "extrapolated",
            "linear_scaling",
            "fewer_than_smallest",
        ] {
            assert!(
                fresh.contains(&format!("\"kind\": \"{kind}\"")),
                "no case answers with {kind}"
            );
        }
        assert!(fresh.contains("\"nearest\""));
        assert!(fresh.contains("\"differs\": true"));
    }
}
