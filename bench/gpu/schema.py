"""The kb-gpu-bench/2 file format (docs/content-model.md, "data/bench/*.json").

Pure Python: no torch needed. `validate` returns a list of problems (empty when the
document is fine); the harness checks what it writes and the tests check every file in
data/bench/ with it.
"""

import re

SCHEMA = "kb-gpu-bench/2"

# The languages a task label must be written in (the bundled site's config.yaml).
LANGUAGES = ("en", "zh")

# Bench model id -> architecture id. Only these ids may appear in a bench file.
MODEL_ARCH = {
    "resnet50": "resnet",
    "efficientnet-b0": "efficientnet",
    "vit-b16": "vit",
    "lstm-lm": "lstm",
    "gnmt-v2": "lstm",
    "tacotron2": "lstm",
    "gru-lm": "gru",
    "bilstm-tagger": "bilstm",
    "bert-base-mlm": "bert",
    "bert-large-pretrain": "bert",
    "bert-large-squad": "bert",
    "bert-base-squad": "bert",
    "gpt2-small": "gpt",
    "llama3-8b": "gpt",
    "dcgan-64": "dcgan",
    "ddpm-unet-32": "ddpm",
    "dqn-nature": "dqn",
    "sac-mlp": "sac",
    "conv-autoencoder": "autoencoder",
    "conv-vae": "vae",
    "vae-cf": "vae",
    "ssd300": "cnn",
    "nnunet-3d": "unet",
}

PRECISIONS = ("fp32", "tf32", "fp16", "bf16", "fp8", "amp")
STATUSES = ("ok", "oom", "error", "skipped")
# What one sample of samples_per_s is.
SAMPLE_UNITS = ("images", "sequences", "mels", "items", "volumes", "users", "transitions",
                "samples")
# What a rate covers: one GPU, or all gpu_count GPUs together.
THROUGHPUT_SCOPES = ("per_gpu", "system")
# What a batch size counts: the batch on each GPU, or the global batch.
BATCH_SCOPES = ("per_gpu", "global")

TOP_KEYS = ("schema", "source", "system", "harness", "date", "ceilings", "results")
SYSTEM_KEYS = ("gpu", "gpu_count", "gpu_memory_gib", "driver", "cuda", "cudnn",
               "framework", "libraries")
HARNESS_KEYS = ("version", "command")
CEILING_KEYS = ("bf16_matmul_tflops", "d2d_copy_gbs")
STEP_TIME_KEYS = ("median", "min", "max")
RESULT_KEYS = ("model", "architecture", "task", "precision", "compiled", "batch_size",
               "batch_size_scope", "input", "warmup_steps", "measured_steps", "step_time_ms",
               "samples_per_s", "sample_unit", "tokens_per_s", "throughput_scope",
               "peak_memory_gib", "memory_source", "tflops", "utilization", "status", "message")
MEASURED_SOURCE_KEYS = ("kind",)
PUBLISHED_SOURCE_KEYS = ("kind", "url", "title", "date", "retrieved")

DATE_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
DAY_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _opt_num(v):
    return v is None or _is_num(v)


def _opt_int(v):
    return v is None or (isinstance(v, int) and not isinstance(v, bool))


def _opt_str(v):
    return v is None or isinstance(v, str)


def _keys(obj, expected, where, problems):
    if not isinstance(obj, dict):
        problems.append(f"{where}: expected an object")
        return False
    missing = [k for k in expected if k not in obj]
    unknown = [k for k in obj if k not in expected]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    if unknown:
        problems.append(f"{where}: unknown field {', '.join(unknown)}")
    return not missing


def validate_result(r, where="result"):
    problems = []
    if not _keys(r, RESULT_KEYS, where, problems):
        return problems
    model = r["model"]
    if model not in MODEL_ARCH:
        problems.append(f"{where}: unknown model {model!r}")
    elif r["architecture"] != MODEL_ARCH[model]:
        problems.append(f"{where}: model {model} belongs to {MODEL_ARCH[model]!r}, "
                        f"not {r['architecture']!r}")
    if r["precision"] not in PRECISIONS:
        problems.append(f"{where}: precision {r['precision']!r} not in {PRECISIONS}")
    if r["status"] not in STATUSES:
        problems.append(f"{where}: status {r['status']!r} not in {STATUSES}")
    if r["status"] != "ok" and not r["message"]:
        problems.append(f"{where}: status {r['status']} needs a message")
    task = r["task"]
    if not isinstance(task, dict) or not all(isinstance(task.get(l), str) and task[l]
                                             for l in LANGUAGES):
        problems.append(f"{where}: task must be a label in every language: "
                        + ", ".join(f"{l}: ..." for l in LANGUAGES))
    rate = r["samples_per_s"] is not None or r["tokens_per_s"] is not None
    if r["throughput_scope"] not in ((None,) + THROUGHPUT_SCOPES if not rate else THROUGHPUT_SCOPES):
        problems.append(f"{where}: throughput_scope must be one of {THROUGHPUT_SCOPES}"
                        + (" (required with a throughput)" if rate else " or null"))
    if r["batch_size_scope"] not in ((None,) + BATCH_SCOPES if r["batch_size"] is None
                                     else BATCH_SCOPES):
        problems.append(f"{where}: batch_size_scope must be one of {BATCH_SCOPES}"
                        + (" (required with batch_size)" if r["batch_size"] is not None
                           else " or null"))
    if r["sample_unit"] not in ((None,) + SAMPLE_UNITS if r["samples_per_s"] is None
                                else SAMPLE_UNITS):
        problems.append(f"{where}: sample_unit must be one of {SAMPLE_UNITS}"
                        + (" (required with samples_per_s)" if r["samples_per_s"] is not None
                           else " or null"))
    if not _opt_str(r["input"]):
        problems.append(f"{where}: input must be a string or null")
    if not isinstance(r["compiled"], bool):
        problems.append(f"{where}: compiled must be true or false")
    for k in ("batch_size", "warmup_steps", "measured_steps"):
        if not _opt_int(r[k]):
            problems.append(f"{where}: {k} must be an integer or null")
    for k in ("samples_per_s", "tokens_per_s", "peak_memory_gib", "tflops", "utilization"):
        if not _opt_num(r[k]):
            problems.append(f"{where}: {k} must be a number or null")
    if not _opt_str(r["memory_source"]) or not _opt_str(r["message"]):
        problems.append(f"{where}: memory_source and message must be strings or null")
    st = r["step_time_ms"]
    if st is not None:
        if _keys(st, STEP_TIME_KEYS, f"{where}.step_time_ms", problems):
            if not all(_is_num(st[k]) for k in STEP_TIME_KEYS):
                problems.append(f"{where}.step_time_ms: values must be numbers")
    return problems


def validate(doc):
    """Problems with one bench document, as human-readable strings."""
    problems = []
    if not _keys(doc, TOP_KEYS, "file", problems):
        return problems
    if doc["schema"] != SCHEMA:
        problems.append(f"schema must be {SCHEMA!r}")
    src = doc["source"]
    if not isinstance(src, dict) or src.get("kind") not in ("measured", "published"):
        problems.append("source.kind must be 'measured' or 'published'")
    elif src["kind"] == "measured":
        _keys(src, MEASURED_SOURCE_KEYS, "source", problems)
    elif _keys(src, PUBLISHED_SOURCE_KEYS, "source", problems):
        if not str(src["url"]).startswith(("http://", "https://")):
            problems.append("source.url must be an http(s) URL")
        if not isinstance(src["title"], str) or not src["title"]:
            problems.append("source.title must be a non-empty string")
        if not isinstance(src["date"], str) or not DATE_RE.match(src["date"]):
            problems.append("source.date must be YYYY-MM-DD or YYYY-MM")
        if not isinstance(src["retrieved"], str) or not DAY_RE.match(src["retrieved"]):
            problems.append("source.retrieved must be YYYY-MM-DD (the day it was read)")
    if _keys(doc["system"], SYSTEM_KEYS, "system", problems):
        sysd = doc["system"]
        if not isinstance(sysd["gpu"], str) or not sysd["gpu"]:
            problems.append("system.gpu must be a non-empty string")
        if not isinstance(sysd["gpu_count"], int) or sysd["gpu_count"] < 1:
            problems.append("system.gpu_count must be a positive integer")
        if not _opt_num(sysd["gpu_memory_gib"]):
            problems.append("system.gpu_memory_gib must be a number or null")
        for k in ("driver", "cuda", "cudnn", "framework"):
            if not _opt_str(sysd[k]):
                problems.append(f"system.{k} must be a string or null")
        libs = sysd["libraries"]
        if not isinstance(libs, dict) or not all(isinstance(v, str) for v in libs.values()):
            problems.append("system.libraries must be a map of strings")
    if doc["harness"] is not None:
        _keys(doc["harness"], HARNESS_KEYS, "harness", problems)
    # `date` is when the run was made; a published source that does not say leaves it null.
    measured = isinstance(src, dict) and src.get("kind") == "measured"
    if doc["date"] is None:
        if measured:
            problems.append("date: a measured run needs the day it ran")
    elif not isinstance(doc["date"], str) or not DATE_RE.match(doc["date"]):
        problems.append("date must be YYYY-MM-DD or YYYY-MM (or null for a published source "
                        "that gives no run date)")
    if doc["ceilings"] is not None:
        if _keys(doc["ceilings"], CEILING_KEYS, "ceilings", problems):
            if not all(_opt_num(doc["ceilings"][k]) for k in CEILING_KEYS):
                problems.append("ceilings: values must be numbers or null")
    results = doc["results"]
    if not isinstance(results, list) or not results:
        problems.append("results must be a non-empty list")
    else:
        for i, r in enumerate(results):
            problems.extend(validate_result(r, f"results[{i}]"))
    return problems
