"""Tests for the GPU benchmark harness and the bench files in data/bench/.

The pure-Python parts always run. Model construction and tiny CPU steps run only when
torch (and, per model, torchvision / transformers) can be imported; otherwise they skip.

    python3 -m pytest bench/gpu -q
"""

import glob
import importlib.util
import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import measure  # noqa: E402
import run  # noqa: E402
import schema  # noqa: E402

HAS_TORCH = importlib.util.find_spec("torch") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")

BENCH_FILES = sorted(glob.glob(os.path.join(ROOT, "data", "bench", "*.json")))

# Models the harness must be able to build (the brief's list).
HARNESS_MODELS = ("resnet50", "efficientnet-b0", "vit-b16", "lstm-lm", "gru-lm",
                  "bilstm-tagger", "bert-base-mlm", "gpt2-small", "dcgan-64", "ddpm-unet-32",
                  "dqn-nature", "sac-mlp", "conv-autoencoder", "conv-vae")
NEEDS_LIB = {"resnet50": "torchvision", "efficientnet-b0": "torchvision",
             "vit-b16": "torchvision", "bert-base-mlm": "transformers",
             "gpt2-small": "transformers"}


class FakeClock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def sample_system():
    return {"gpu": "NVIDIA H200", "gpu_count": 1, "gpu_memory_gib": 139.8, "driver": "570.1",
            "cuda": "12.8", "cudnn": "9.8.0", "framework": "PyTorch 2.7.0",
            "libraries": {"torchvision": "0.22.0"}}


# ----------------------------------------------------------------------------- statistics

def test_summarize_odd_and_even():
    assert measure.summarize([3.0, 1.0, 2.0]) == {"median": 2.0, "min": 1.0, "max": 3.0}
    assert measure.summarize([4.0, 1.0, 2.0, 3.0]) == {"median": 2.5, "min": 1.0, "max": 4.0}


def test_summarize_rounds_and_rejects_empty():
    assert measure.summarize([1.23456789])["median"] == 1.235
    with pytest.raises(ValueError):
        measure.summarize([])


def test_rates():
    assert measure.per_second(256, 80.0) == 3200.0
    assert measure.per_second(None, 80.0) is None
    assert measure.per_second(256, 0) is None
    # 1e12 FLOP in 10 ms = 100 TFLOP/s
    assert measure.achieved_tflops(1e12, 10.0) == 100.0
    assert measure.achieved_tflops(0, 10.0) is None
    assert measure.utilization(350.0, 700.0) == 0.5
    assert measure.utilization(350.0, None) is None
    assert measure.utilization(None, 700.0) is None


def test_sig():
    assert measure.sig(123456.0) == 123500.0
    assert measure.sig(0.000123456) == 0.0001235
    assert measure.sig(0) == 0.0


# ----------------------------------------------------------------------------- budget

def test_budget_counts_time_and_reserve():
    clock = FakeClock()
    b = measure.Budget(60, clock=clock, reserve_s=5)
    assert b.remaining() == 55
    clock.t += 40
    assert b.elapsed() == 40
    assert b.allows(15) and not b.allows(16)


def test_budget_steps_that_fit():
    clock = FakeClock()
    b = measure.Budget(100, clock=clock, reserve_s=0)
    assert b.steps_that_fit(30, 1.0, 5) == 30        # plenty of time
    clock.t += 90
    assert b.steps_that_fit(30, 1.0, 5) == 10        # 10 s left, 1 s a step
    assert b.steps_that_fit(30, 2.5, 5) == 0         # 4 steps fit, fewer than the minimum
    assert b.steps_that_fit(30, 0.0, 5) == 30


def test_run_one_skips_when_budget_is_spent():
    clock = FakeClock()
    b = measure.Budget(10, clock=clock, reserve_s=0)
    clock.t += 10
    r = run.run_one("resnet50", "bf16", False, None, False, b, 700.0, 10, 30)
    assert r["status"] == "skipped" and "budget" in r["message"]
    assert schema.validate_result(r) == []
    r = run.run_one("gpt2-small", "bf16", True, None, False,
                    measure.Budget(60, clock=FakeClock()), 700.0, 10, 30)
    assert r["status"] == "skipped", "a compiled run needs more than 60 s"
    assert r["compiled"] is True


# ----------------------------------------------------------------------------- plan

def test_plan_runs_order_study_and_compile():
    runs = run.plan_runs(["resnet50", "gpt2-small", "sac-mlp"])
    assert runs[:3] == [("resnet50", "bf16", False), ("gpt2-small", "bf16", False),
                        ("sac-mlp", "bf16", False)]
    assert set(runs[3:7]) == {("resnet50", "fp32", False), ("resnet50", "tf32", False),
                              ("gpt2-small", "fp32", False), ("gpt2-small", "tf32", False)}
    assert runs[-1] == ("gpt2-small", "bf16", True)
    assert len(runs) == 8
    assert run.plan_runs(["sac-mlp"], study=True, compile_runs=True) == [("sac-mlp", "bf16", False)]
    assert run.plan_runs(["gpt2-small"], study=False, compile_runs=False) == [
        ("gpt2-small", "bf16", False)]


def test_plan_covers_every_harness_model():
    assert set(run.plan_runs(list(HARNESS_MODELS))) >= {(m, "bf16", False) for m in HARNESS_MODELS}
    for m in HARNESS_MODELS:
        assert m in schema.MODEL_ARCH


# ----------------------------------------------------------------------------- file writing

def test_document_round_trip(tmp_path):
    results = [
        run.empty_result("sac-mlp", "bf16", False, "skipped", "time budget: 0 s left"),
        run.empty_result("resnet50", "bf16", False, "oom", "OutOfMemoryError: CUDA out of memory",
                         {"en": "image classification", "zh": "图像分类"}, 256, "3x224x224"),
    ]
    doc = run.build_document(sample_system(), "python bench/gpu/run.py --out x.json",
                             {"bf16_matmul_tflops": 700.0, "d2d_copy_gbs": 3900.0}, results,
                             date="2026-11-28")
    assert schema.validate(doc) == []
    out = tmp_path / "sub" / "bench.json"
    run.write_document(str(out), doc)
    assert json.loads(out.read_text()) == doc
    assert not (tmp_path / "sub" / "bench.json.tmp").exists()
    assert list(json.loads(out.read_text())) == list(schema.TOP_KEYS)


def test_ok_result_shape():
    class W:
        model_id, input, batch_size, tokens_per_step = ("gpt2-small", "seq 1024", 16, 16 * 1024)
        task = {"en": "causal-LM pretraining, seq 1024", "zh": "因果语言模型预训练，序列长度 1024"}
        sample_unit = "sequences"

    r = run.ok_result(W, "bf16", True, 10, [100.0, 110.0, 90.0], 5e13, 20 * 2 ** 30, 700.0,
                      cuda=True)
    assert schema.validate_result(r) == []
    assert r["step_time_ms"] == {"median": 100.0, "min": 90.0, "max": 110.0}
    assert r["samples_per_s"] == 160.0 and r["tokens_per_s"] == 163840.0
    assert r["tflops"] == 500.0 and r["utilization"] == 0.714
    assert r["peak_memory_gib"] == 20.0
    assert r["memory_source"] == "torch.cuda.max_memory_allocated"
    assert r["measured_steps"] == 3 and r["warmup_steps"] == 10
    assert r["throughput_scope"] == "per_gpu" and r["batch_size_scope"] == "per_gpu"
    assert r["sample_unit"] == "sequences"


def test_short_error():
    assert run.short_error(ValueError("bad\nsecond line")) == "ValueError: bad"
    assert len(run.short_error(RuntimeError("x" * 1000))) == 300


# ----------------------------------------------------------------------------- schema checks

def _good_doc():
    return run.build_document(sample_system(), "python bench/gpu/run.py --out x.json",
                              {"bf16_matmul_tflops": 700.0, "d2d_copy_gbs": 3900.0},
                              [run.empty_result("sac-mlp", "bf16", False, "skipped", "no time")],
                              date="2026-11-28")


def test_schema_rejects_mistakes():
    doc = _good_doc()
    doc["extra"] = 1
    assert any("unknown field extra" in p for p in schema.validate(doc))

    doc = _good_doc()
    doc["results"][0]["architecture"] = "mlp"
    assert any("belongs to 'sac'" in p for p in schema.validate(doc))

    doc = _good_doc()
    doc["results"][0]["model"] = "llama2-70b"
    assert any("unknown model" in p for p in schema.validate(doc))

    doc = _good_doc()
    doc["results"][0]["precision"] = "int8"
    assert any("precision" in p for p in schema.validate(doc))

    doc = _good_doc()
    doc["results"][0]["message"] = None
    assert any("needs a message" in p for p in schema.validate(doc))

    doc = _good_doc()
    del doc["system"]["cudnn"]
    assert any("missing cudnn" in p for p in schema.validate(doc))

    doc = _good_doc()
    doc["source"] = {"kind": "published", "url": "https://example.com", "title": "t",
                     "date": "2024", "retrieved": "2026-11"}
    problems = schema.validate(doc)
    assert any("source.date" in p for p in problems)
    assert any("source.retrieved" in p for p in problems)

    doc = _good_doc()
    doc["date"] = None
    assert any("measured run needs the day" in p for p in schema.validate(doc))


def test_schema_requires_scope_and_units():
    r = run.empty_result("resnet50", "bf16", False, "oom", "OutOfMemoryError",
                         {"en": "image classification", "zh": "图像分类"}, 256, "3x224x224")
    assert schema.validate_result(r) == []
    assert r["batch_size_scope"] == "per_gpu"
    r["batch_size_scope"] = None
    assert any("batch_size_scope" in p and "required" in p for p in schema.validate_result(r))
    r["batch_size_scope"] = "per_gpu"
    r["samples_per_s"] = 100.0
    problems = schema.validate_result(r)
    assert any("throughput_scope" in p and "required" in p for p in problems)
    assert any("sample_unit" in p and "required" in p for p in problems)
    r["throughput_scope"], r["sample_unit"] = "system", "images"
    assert schema.validate_result(r) == []
    r["throughput_scope"] = "per-gpu"
    assert any("throughput_scope" in p for p in schema.validate_result(r))
    r["throughput_scope"] = "per_gpu"
    r["task"] = {"en": "image classification"}
    assert any("task must be a label in every language" in p for p in schema.validate_result(r))


# ----------------------------------------------------------------------------- data/bench files

def test_bench_files_exist():
    assert BENCH_FILES, "data/bench/*.json: no files"


@pytest.mark.parametrize("path", BENCH_FILES, ids=[os.path.basename(p) for p in BENCH_FILES])
def test_bench_file_shape(path):
    with open(path) as f:
        doc = json.load(f)
    assert schema.validate(doc) == [], path
    for r in doc["results"]:
        assert schema.MODEL_ARCH[r["model"]] == r["architecture"]
        assert r["precision"] in schema.PRECISIONS
        assert r["status"] in schema.STATUSES
    if doc["source"]["kind"] == "published":
        assert doc["harness"] is None and doc["ceilings"] is None
        # `date` is the run's, never the day the source was read
        assert doc["date"] is None or doc["date"] != doc["source"]["retrieved"]
        for r in doc["results"]:
            # nothing was measured by us: only the throughput the source prints
            assert r["step_time_ms"] is None and r["peak_memory_gib"] is None
            assert r["tflops"] is None and r["utilization"] is None
            assert (r["samples_per_s"] is None) != (r["tokens_per_s"] is None)
            assert r["status"] == "ok" and r["message"] is None


def test_bench_files_one_system_each():
    """Two files never describe the same source and system (one file per system)."""
    seen = {}
    for path in BENCH_FILES:
        with open(path) as f:
            doc = json.load(f)
        key = (json.dumps(doc["source"], sort_keys=True), doc["system"]["gpu"],
               doc["system"]["gpu_count"])
        assert key not in seen, f"{path} and {seen.get(key)} describe the same system"
        seen[key] = path


# ----------------------------------------------------------------------------- with torch

def _have(model):
    lib = NEEDS_LIB.get(model)
    return lib is None or importlib.util.find_spec(lib) is not None


@needs_torch
def test_factories_cover_harness_models():
    import models

    assert tuple(models.FACTORIES) == HARNESS_MODELS


@needs_torch
@pytest.mark.parametrize("model", HARNESS_MODELS)
def test_tiny_cpu_step(model):
    if not _have(model):
        pytest.skip(f"{NEEDS_LIB[model]} is not installed")
    import contextlib

    import torch

    import models

    torch.manual_seed(0)
    w = models.FACTORIES[model](torch.device("cpu"), True, contextlib.nullcontext, None)
    assert w.model_id == model and w.batch_size >= 1 and w.task and w.input
    assert set(w.task) == set(schema.LANGUAGES) and all(w.task.values())
    assert w.sample_unit in schema.SAMPLE_UNITS
    params = [p for m in w.modules for p in m.parameters() if p.requires_grad]
    before = [p.detach().clone() for p in params]
    w.step()
    changed = sum(not torch.equal(a, p.detach()) for a, p in zip(before, params))
    assert changed > 0, "the optimizer step changed no parameter"
    flops = measure.count_flops(w.count_step, decompose_rnn=w.recurrent)
    assert flops > 0


@needs_torch
@pytest.mark.parametrize("model", ["lstm-lm", "gru-lm", "bilstm-tagger"])
def test_rnn_flops_are_counted(model):
    """The recurrent layers' matmuls are counted, not only the output layer's."""
    import contextlib

    import torch

    import models

    w = models.FACTORIES[model](torch.device("cpu"), True, contextlib.nullcontext, None)
    rnn = w.modules[0].rnn
    gates = 4 if isinstance(rnn, torch.nn.LSTM) else 3
    dirs = 2 if rnn.bidirectional else 1
    tokens = w.tokens_per_step
    # forward matmul FLOPs of the recurrent layers alone; backward adds about twice that
    rnn_fwd = 0
    for layer in range(rnn.num_layers):
        inp = rnn.input_size if layer == 0 else rnn.hidden_size * dirs
        rnn_fwd += dirs * 2 * gates * (inp + rnn.hidden_size) * rnn.hidden_size * tokens
    flops = measure.count_flops(w.count_step, decompose_rnn=True)
    assert flops >= 2.5 * rnn_fwd


@needs_torch
def test_tiny_cpu_bf16_autocast_step():
    import torch

    import models

    w = models.FACTORIES["conv-vae"](torch.device("cpu"), True,
                                     lambda: torch.autocast("cpu", dtype=torch.bfloat16), None)
    w.step()


@needs_torch
def test_run_one_records_oom_and_error(monkeypatch):
    import torch

    import models

    def oom(*a, **k):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB")

    def broken(*a, **k):
        raise ValueError("shape mismatch")

    monkeypatch.setitem(models.FACTORIES, "resnet50", oom)
    monkeypatch.setitem(models.FACTORIES, "sac-mlp", broken)
    b = measure.Budget(100)
    cpu = torch.device("cpu")
    r = run.run_one("resnet50", "fp32", False, cpu, True, b, None, 1, 1)
    assert r["status"] == "oom" and "out of memory" in r["message"]
    r = run.run_one("sac-mlp", "fp32", False, cpu, True, b, None, 1, 1)
    assert r["status"] == "error" and r["message"] == "ValueError: shape mismatch"
    assert schema.validate_result(r) == []


@needs_torch
def test_end_to_end_tiny_cpu(tmp_path, capsys):
    if not _have("gpt2-small"):
        pytest.skip("transformers is not installed")
    out = tmp_path / "bench.json"
    rc = run.main(["--out", str(out), "--device", "cpu", "--tiny", "--models",
                   "gpt2-small,sac-mlp", "--precision", "fp32", "--compile-backend", "eager",
                   "--budget-s", "600"])
    assert rc == 0
    doc = json.loads(out.read_text())
    assert schema.validate(doc) == []
    assert doc["source"] == {"kind": "measured"}
    assert doc["harness"]["version"] == run.HARNESS_VERSION
    assert doc["harness"]["command"].startswith("python bench/gpu/run.py --out ")
    assert doc["system"]["framework"].startswith("PyTorch ")
    runs = [(r["model"], r["precision"], r["compiled"], r["status"]) for r in doc["results"]]
    assert runs == [("gpt2-small", "fp32", False, "ok"), ("sac-mlp", "fp32", False, "ok"),
                    ("gpt2-small", "tf32", False, "ok"), ("gpt2-small", "bf16", True, "ok")]
    gpt = doc["results"][0]
    # Both rates come from the median step; compare against it, not against each other,
    # since each is rounded on its own and tiny CPU rates are small numbers.
    per_step_s = gpt["step_time_ms"]["median"] / 1000
    assert gpt["tokens_per_s"] == pytest.approx(gpt["batch_size"] * 16 / per_step_s, rel=0.02)
    assert gpt["samples_per_s"] == pytest.approx(gpt["batch_size"] / per_step_s, rel=0.05)
    assert gpt["tflops"] is not None and gpt["utilization"] is not None


@needs_torch
def test_end_to_end_budget_exhausted(tmp_path):
    out = tmp_path / "bench.json"
    rc = run.main(["--out", str(out), "--device", "cpu", "--tiny", "--models", "sac-mlp,conv-vae",
                   "--budget-s", "0"])
    assert rc == 0
    doc = json.loads(out.read_text())
    assert [r["status"] for r in doc["results"]] == ["skipped", "skipped"]
    assert all("budget" in r["message"] for r in doc["results"])


@needs_torch
def test_unknown_model_is_refused(tmp_path, capsys):
    assert run.main(["--out", str(tmp_path / "x.json"), "--device", "cpu",
                     "--models", "llama3-8b"]) == 2
    assert "llama3-8b" in capsys.readouterr().err
