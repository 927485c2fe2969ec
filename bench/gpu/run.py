#!/usr/bin/env python3
"""Training-step benchmarks on one GPU, written as a kb-gpu-bench/2 file.

    python bench/gpu/run.py --out data/bench/h200-YYYY-MM-DD.json            # whole run, 540 s
    python bench/gpu/run.py --out /tmp/t.json --device cpu --tiny            # smoke test

See bench/gpu/README.md for what is measured and how.
"""

import argparse
import datetime
import gc
import json
import os
import platform
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import schema  # noqa: E402
from measure import (Budget, achieved_tflops, per_second, summarize,  # noqa: E402
                     utilization)

HARNESS_VERSION = "1"

# Models whose default pass is followed by a precision study.
STUDY = {"resnet50": ("fp32", "tf32"), "gpt2-small": ("fp32", "tf32")}
# Models also run under torch.compile (in bf16), last because compiling is slow.
COMPILED = ("gpt2-small",)

# Seconds a run needs at least before it is started; a run that does not fit is skipped.
MIN_RUN_S = 10.0
MIN_COMPILED_RUN_S = 120.0
MIN_MEASURED_STEPS = 5


def plan_runs(models, default_precision="bf16", study=True, compile_runs=True):
    """The ordered list of (model, precision, compiled) runs for the chosen models."""
    runs = [(m, default_precision, False) for m in models]
    if study:
        for m in models:
            for p in STUDY.get(m, ()):
                if p != default_precision:
                    runs.append((m, p, False))
    if compile_runs:
        runs += [(m, "bf16", True) for m in models if m in COMPILED]
    return runs


def empty_result(model, precision, compiled, status, message, task=None, batch_size=None,
                 input_desc=None):
    """A result row with no measurements (skipped, oom, error)."""
    return {
        "model": model, "architecture": schema.MODEL_ARCH[model],
        "task": task or {"en": "training step", "zh": "训练步"},
        "precision": precision, "compiled": compiled,
        "batch_size": batch_size, "batch_size_scope": "per_gpu" if batch_size else None,
        "input": input_desc,
        "warmup_steps": None, "measured_steps": None, "step_time_ms": None,
        "samples_per_s": None, "sample_unit": None, "tokens_per_s": None,
        "throughput_scope": None,
        "peak_memory_gib": None, "memory_source": None,
        "tflops": None, "utilization": None,
        "status": status, "message": message,
    }


def ok_result(workload, precision, compiled, warmup, times_ms, flops, peak_bytes, ceiling,
              cuda):
    stats = summarize(times_ms)
    tflops = achieved_tflops(flops, stats["median"])
    return {
        "model": workload.model_id, "architecture": schema.MODEL_ARCH[workload.model_id],
        "task": workload.task, "precision": precision, "compiled": compiled,
        # The harness runs on one GPU: the batch and the rates are that GPU's.
        "batch_size": workload.batch_size, "batch_size_scope": "per_gpu",
        "input": workload.input,
        "warmup_steps": warmup, "measured_steps": len(times_ms),
        "step_time_ms": stats,
        "samples_per_s": per_second(workload.batch_size, stats["median"]),
        "sample_unit": workload.sample_unit,
        "tokens_per_s": per_second(workload.tokens_per_step, stats["median"]),
        "throughput_scope": "per_gpu",
        "peak_memory_gib": round(peak_bytes / 2 ** 30, 2) if cuda else None,
        "memory_source": "torch.cuda.max_memory_allocated" if cuda else None,
        "tflops": tflops, "utilization": utilization(tflops, ceiling),
        "status": "ok", "message": None,
    }


def build_document(system, command, ceilings, results, date=None):
    return {
        "schema": schema.SCHEMA,
        "source": {"kind": "measured"},
        "system": system,
        "harness": {"version": HARNESS_VERSION, "command": command},
        "date": date or datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "ceilings": ceilings,
        "results": results,
    }


def write_document(path, doc):
    """Write atomically, so a run killed mid-write leaves the previous complete file."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def short_error(exc, limit=300):
    text = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------- torch parts

def _cudnn_version(torch):
    v = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None
    if not v:
        return None
    if v >= 90000:  # cuDNN 9: major*10000 + minor*100 + patch
        return f"{v // 10000}.{v // 100 % 100}.{v % 100}"
    return f"{v // 1000}.{v // 100 % 10}.{v % 100}"


def _driver():
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=driver_version",
                              "--format=csv,noheader"], capture_output=True, text=True,
                             timeout=20)
        return out.stdout.strip().splitlines()[0] if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, IndexError):
        return None


def system_info(device):
    import torch

    libs = {}
    for name in ("torchvision", "transformers"):
        try:
            libs[name] = __import__(name).__version__
        except ImportError:
            pass
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        gpu, mem = props.name, round(props.total_memory / 2 ** 30, 1)
        driver, cuda, cudnn = _driver(), torch.version.cuda, _cudnn_version(torch)
    else:
        gpu, mem = f"none (CPU run: {platform.machine()})", None
        driver, cuda, cudnn = None, None, None
    return {"gpu": gpu, "gpu_count": 1, "gpu_memory_gib": mem, "driver": driver,
            "cuda": cuda, "cudnn": cudnn,
            "framework": f"PyTorch {torch.__version__.split('+')[0]}", "libraries": libs}


def precision_context(precision, device):
    """Set the TF32 switches for a precision and return the forward-pass context factory."""
    import contextlib

    import torch

    tf32 = precision in ("tf32", "bf16")
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    if precision == "bf16":
        return lambda: torch.autocast(device_type=device.type, dtype=torch.bfloat16)
    if precision in ("fp32", "tf32"):
        return contextlib.nullcontext
    raise ValueError(f"the harness does not run precision {precision!r}")


def _is_oom(exc):
    import torch

    return isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in str(exc).lower()


def _free(device, compiled):
    import torch

    gc.collect()
    if device.type == "cuda":
        torch.cuda.empty_cache()
    if compiled:
        torch._dynamo.reset()


def _flops_per_step(workload, model, device, tiny):
    """FLOPs of one training step, counted on an eager (uncompiled) step.

    Recurrent models are counted on a second, fp32 instance with the fused cuDNN/oneDNN
    RNN kernels off: those kernels are opaque to FlopCounterMode, and PyTorch's unfused
    CUDA LSTM/GRU cells have no bf16 kernels. The FLOP count does not depend on precision.
    """
    import contextlib

    from measure import count_flops
    from models import FACTORIES

    if not workload.recurrent:
        return count_flops(workload.count_step)
    twin = FACTORIES[model](device, tiny, contextlib.nullcontext, None)
    try:
        return count_flops(twin.count_step, decompose_rnn=True)
    finally:
        del twin


def run_one(model, precision, compiled, device, tiny, budget, ceiling, warmup, measured,
            compile_backend="inductor"):
    """One (model, precision, compiled) run; never raises."""
    need = MIN_COMPILED_RUN_S if compiled and not tiny else (0.0 if tiny else MIN_RUN_S)
    if not budget.allows(need):
        return empty_result(model, precision, compiled, "skipped",
                            f"time budget: {max(budget.remaining(), 0):.0f} s left, "
                            f"the run needs about {need:.0f} s")

    import torch

    from measure import Timer, synchronize
    from models import FACTORIES

    workload = None
    try:
        autocast = precision_context(precision, device)
        compile_fn = ((lambda m: torch.compile(m, backend=compile_backend)) if compiled
                      else None)
        if device.type == "cuda":
            torch.cuda.reset_peak_memory_stats(device)
        torch.manual_seed(0)
        workload = FACTORIES[model](device, tiny, autocast, compile_fn)
        # warm-up (includes compilation for compiled runs)
        warm = Timer(device)
        for _ in range(warmup):
            with warm.step():
                workload.step()
        per_step_s = max(warm.times_ms()[-1], 1e-3) / 1000.0
        flops = _flops_per_step(workload, model, device, tiny)
        synchronize(device)
        steps = budget.steps_that_fit(measured, per_step_s, min(MIN_MEASURED_STEPS, measured))
        if steps == 0:
            return empty_result(model, precision, compiled, "skipped",
                                f"time budget: {max(budget.remaining(), 0):.0f} s left after "
                                f"warm-up, too few for {MIN_MEASURED_STEPS} steps of "
                                f"{per_step_s * 1000:.0f} ms",
                                workload.task, workload.batch_size, workload.input)
        timer = Timer(device)
        for _ in range(steps):
            with timer.step():
                workload.step()
        times = timer.times_ms()
        peak = torch.cuda.max_memory_allocated(device) if device.type == "cuda" else 0
        return ok_result(workload, precision, compiled, warmup, times, flops, peak, ceiling,
                         device.type == "cuda")
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, the run goes on
        status = "oom" if _is_oom(exc) else "error"
        info = (workload.task, workload.batch_size, workload.input) if workload else ()
        return empty_result(model, precision, compiled, status, short_error(exc), *info)
    finally:
        del workload
        _free(device, compiled)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="results file (kb-gpu-bench/2 JSON)")
    p.add_argument("--budget-s", type=float, default=540.0,
                   help="wall-clock budget for the whole run, seconds (default 540)")
    p.add_argument("--models", default=None,
                   help="comma-separated bench model ids (default: all the harness builds)")
    p.add_argument("--device", choices=("cuda", "cpu"), default="cuda")
    p.add_argument("--tiny", action="store_true", help="tiny shapes (smoke tests)")
    p.add_argument("--precision", choices=("bf16", "tf32", "fp32"), default="bf16",
                   help="precision of the main pass (default bf16 autocast)")
    p.add_argument("--no-study", action="store_true", help="skip the precision study")
    p.add_argument("--no-compile", action="store_true", help="skip the torch.compile runs")
    p.add_argument("--compile-backend", default="inductor",
                   help="torch.compile backend (tests use 'eager')")
    p.add_argument("--warmup", type=int, default=None, help="warm-up steps (default 10, tiny 1)")
    p.add_argument("--steps", type=int, default=None,
                   help="measured steps (default 30, tiny 3)")
    return p.parse_args(argv)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    budget = Budget(args.budget_s)
    command = shlex.join(["python", "bench/gpu/run.py"] + list(argv))

    from models import FACTORIES  # imports torch

    import torch

    from measure import measure_ceilings

    models = list(FACTORIES) if not args.models else [m.strip() for m in args.models.split(",")
                                                      if m.strip()]
    unknown = [m for m in models if m not in FACTORIES]
    if unknown:
        print(f"unknown or unbuildable model(s): {', '.join(unknown)}; "
              f"choose from {', '.join(FACTORIES)}", file=sys.stderr)
        return 2
    if args.device == "cuda" and not torch.cuda.is_available():
        print("--device cuda but no CUDA device is available", file=sys.stderr)
        return 2
    device = torch.device(args.device)
    warmup = args.warmup if args.warmup is not None else (1 if args.tiny else 10)
    measured = args.steps if args.steps is not None else (3 if args.tiny else 30)

    system = system_info(device)
    ceilings = {"bf16_matmul_tflops": None, "d2d_copy_gbs": None}
    try:
        ceilings = measure_ceilings(device, tiny=args.tiny)
    except Exception as exc:  # noqa: BLE001
        print(f"ceilings not measured: {short_error(exc)}", file=sys.stderr)
    print(f"{system['gpu']}: bf16 matmul {ceilings['bf16_matmul_tflops']} TFLOP/s, "
          f"copy {ceilings['d2d_copy_gbs']} GB/s ({budget.elapsed():.0f} s)", flush=True)

    results = []
    for model, precision, compiled in plan_runs(models, args.precision, not args.no_study,
                                                not args.no_compile):
        r = run_one(model, precision, compiled, device, args.tiny, budget,
                    ceilings["bf16_matmul_tflops"], warmup, measured, args.compile_backend)
        results.append(r)
        st = r["step_time_ms"]
        print(f"{model:18} {precision:5} {'compiled' if compiled else 'eager':8} "
              f"{r['status']:7} "
              + (f"{st['median']:9.2f} ms  {r['samples_per_s']} samples/s  "
                 f"{r['tflops']} TFLOP/s" if st else (r["message"] or ""))
              + f"  ({budget.elapsed():.0f} s)", flush=True)
        write_document(args.out, build_document(system, command, ceilings, results))

    doc = build_document(system, command, ceilings, results)
    write_document(args.out, doc)
    problems = schema.validate(doc)
    for p in problems:
        print(f"schema: {p}", file=sys.stderr)
    print(f"wrote {args.out}: {len(results)} runs in {budget.elapsed():.0f} s", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
