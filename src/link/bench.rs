//! Bench files: dates that are dates, every result's model listed by the architecture it
//! names, and the units and scopes that make a number comparable.

use super::Context;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::bench::RunStatus;
use crate::model::BenchFile;

/// One bench file, whose source text is `text`.
pub(super) fn check(ctx: &Context, file: &BenchFile, text: &str, diags: &mut Diagnostics) {
    let langs = ctx.langs;
    let architectures = ctx.architectures;
    use crate::model::bench::BenchSource;
    let place_of = |needle: &str| text.find(needle).map(|i| crate::diag::line_col(text, i));
    // The run's `date` is the top-level one: the last `"date"` key, after `source`'s.
    let run_date_place = text
        .rfind("\"date\"")
        .map(|i| crate::diag::line_col(text, i));
    let is_date = |d: &str| crate::parse::front_matter::is_iso_date(d) || is_year_month(d);
    match (&file.record.date, &file.record.source) {
        (Some(date), _) if !is_date(date) => diags.push(
            Diagnostic::error(&file.file, format!("`date` is `{date}`, not a date"))
                .at_opt(run_date_place)
                .hint("write the day the run was made, YYYY-MM-DD (or YYYY-MM for a published source)"),
        ),
        (None, BenchSource::Measured) => diags.push(
            Diagnostic::error(&file.file, "a measured run has no `date`")
                .at_opt(run_date_place.or(place_of("\"schema\"")))
                .hint("write the day the harness ran, YYYY-MM-DD"),
        ),
        _ => {}
    }
    if let BenchSource::Published {
        date, retrieved, ..
    } = &file.record.source
    {
        if !is_date(date) {
            diags.push(
                Diagnostic::error(&file.file, format!("`source.date` is `{date}`, not a date"))
                    .at_opt(place_of("\"date\""))
                    .hint("write when the source was published or last changed, YYYY-MM-DD or YYYY-MM"),
            );
        }
        if !crate::parse::front_matter::is_iso_date(retrieved) {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("`source.retrieved` is `{retrieved}`, not a date"),
                )
                .at_opt(place_of("\"retrieved\""))
                .hint("write the day the numbers were read from the source, YYYY-MM-DD"),
            );
        }
    }
    for (i, result) in file.record.results.iter().enumerate() {
        // The i-th `"model"` key is this result's (system and harness have no such key).
        let place = text
            .match_indices("\"model\"")
            .nth(i)
            .map(|(offset, _)| crate::diag::line_col(text, offset));
        let what = format!("result {} (`{}`)", i + 1, result.model);
        let owner = architectures
            .iter()
            .find(|a| a.record.bench_models.contains(&result.model));
        match (
            architectures.iter().find(|a| a.id == result.architecture),
            owner,
        ) {
            (None, _) if ctx.unparsed.contains(&result.architecture) => {}
            (None, _) => diags.push(
                Diagnostic::error(
                    &file.file,
                    format!(
                        "{what} names unknown architecture `{}`",
                        result.architecture
                    ),
                )
                .at_opt(place)
                .hint("use the id of a file under data/architectures/"),
            ),
            (Some(_), None) => diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what}: unknown bench model `{}`", result.model),
                )
                .at_opt(place)
                .hint(format!(
                    "list it in `bench_models` of data/architectures/{}.yaml",
                    result.architecture
                )),
            ),
            (Some(arch), Some(owner)) if arch.id != owner.id => diags.push(
                Diagnostic::error(
                    &file.file,
                    format!(
                        "{what} says architecture `{}`, but `{}` lists this model",
                        arch.id, owner.id
                    ),
                )
                .at_opt(place)
                .hint(format!("set \"architecture\": \"{}\"", owner.id)),
            ),
            _ => {}
        }
        for lang in result.task.missing(langs) {
            diags.push(
                Diagnostic::missing_text(
                    &file.file,
                    format!("{what}: `task` has no `{lang}` label"),
                    &[lang],
                    langs,
                    format!(
                        "write the task in every language: \"task\": {{{}}}",
                        langs
                            .iter()
                            .map(|l| format!("\"{l}\": \"...\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .at_opt(place),
            );
        }
        let rate = result.samples_per_s.is_some() || result.tokens_per_s.is_some();
        if rate && result.throughput_scope.is_none() {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what} gives a throughput without `throughput_scope`"),
                )
                .at_opt(place)
                .hint("say what the rate covers: \"throughput_scope\": \"per_gpu\" (one GPU) or \"system\" (all of gpu_count together)"),
            );
        }
        if result.batch_size.is_some() && result.batch_size_scope.is_none() {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what} gives `batch_size` without `batch_size_scope`"),
                )
                .at_opt(place)
                .hint("say what the batch counts: \"batch_size_scope\": \"per_gpu\" or \"global\""),
            );
        }
        if result.samples_per_s.is_some() && result.sample_unit.is_none() {
            diags.push(
                Diagnostic::error(
                    &file.file,
                    format!("{what} gives `samples_per_s` without `sample_unit`"),
                )
                .at_opt(place)
                .hint("say what one sample is: \"sample_unit\": one of images, sequences, mels, items, volumes, users, transitions, samples"),
            );
        }
        if result.status != RunStatus::Ok && result.message.as_deref().unwrap_or("").is_empty() {
            diags.push(
                Diagnostic::error(&file.file, format!("{what} failed without a message"))
                    .at_opt(place)
                    .hint("say what happened in \"message\""),
            );
        }
        if result.status == RunStatus::Ok
            && result.samples_per_s.is_none()
            && result.tokens_per_s.is_none()
            && result.step_time_ms.is_none()
        {
            diags.push(
                Diagnostic::error(&file.file, format!("{what} is `ok` but has no number"))
                    .at_opt(place)
                    .hint("give samples_per_s, tokens_per_s or step_time_ms"),
            );
        }
        for (name, value) in [
            ("samples_per_s", result.samples_per_s),
            ("tokens_per_s", result.tokens_per_s),
            ("peak_memory_gib", result.peak_memory_gib),
            ("tflops", result.tflops),
        ] {
            if value.is_some_and(|v| !v.is_finite() || v < 0.0) {
                diags.push(
                    Diagnostic::error(
                        &file.file,
                        format!("{what}: `{name}` must be a non-negative number"),
                    )
                    .at_opt(place)
                    .hint("check the value"),
                );
            }
        }
    }
}

fn is_year_month(s: &str) -> bool {
    s.len() == 7 && crate::parse::front_matter::is_iso_date(&format!("{s}-01"))
}
