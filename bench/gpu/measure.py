"""Timing, statistics, budget, FLOP counting and hardware ceilings.

The statistics and the budget are pure Python (tested without torch); everything that
touches a device imports torch lazily.
"""

import contextlib
import math
import statistics
import time
import warnings


def sig(x, digits=4):
    """Round to `digits` significant digits (0 stays 0)."""
    if x == 0:
        return 0.0
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def summarize(times_ms):
    """Median, min and max of per-step times in milliseconds (rounded to 0.001 ms)."""
    if not times_ms:
        raise ValueError("no step times to summarize")
    return {
        "median": round(statistics.median(times_ms), 3),
        "min": round(min(times_ms), 3),
        "max": round(max(times_ms), 3),
    }


def per_second(count, median_ms):
    """Items per second for `count` items per step at a median step time; None when unknown."""
    if count is None or not median_ms or median_ms <= 0:
        return None
    return round(count * 1000.0 / median_ms, 1)


def achieved_tflops(flops_per_step, median_ms):
    if not flops_per_step or not median_ms or median_ms <= 0:
        return None
    return sig(flops_per_step / (median_ms / 1000.0) / 1e12)


def utilization(tflops, ceiling_tflops):
    if tflops is None or not ceiling_tflops:
        return None
    return sig(tflops / ceiling_tflops, 3)


class Budget:
    """Wall-clock budget for a whole harness run.

    `clock` is injectable so the tests can drive it. `reserve_s` is kept back for writing
    the results file and freeing memory.
    """

    def __init__(self, limit_s, clock=time.monotonic, reserve_s=5.0):
        self.limit_s = float(limit_s)
        self.clock = clock
        self.reserve_s = float(reserve_s)
        self.start = clock()

    def elapsed(self):
        return self.clock() - self.start

    def remaining(self):
        return self.limit_s - self.elapsed() - self.reserve_s

    def allows(self, needed_s):
        """True when a run that needs about `needed_s` seconds still fits."""
        return self.remaining() >= needed_s

    def steps_that_fit(self, wanted, per_step_s, minimum):
        """How many measured steps fit in what is left: `wanted` at most, 0 if not even `minimum`."""
        if per_step_s <= 0:
            return wanted
        fit = int(self.remaining() / per_step_s)
        if fit < minimum:
            return 0
        return min(wanted, fit)


class Timer:
    """Per-step timing: CUDA events on a GPU, perf_counter on the CPU."""

    def __init__(self, device):
        import torch

        self.torch = torch
        self.cuda = device.type == "cuda"
        self.events = []
        self.cpu_times = []

    @contextlib.contextmanager
    def step(self):
        if self.cuda:
            start = self.torch.cuda.Event(enable_timing=True)
            end = self.torch.cuda.Event(enable_timing=True)
            start.record()
            yield
            end.record()
            self.events.append((start, end))
        else:
            t0 = time.perf_counter()
            yield
            self.cpu_times.append((time.perf_counter() - t0) * 1000.0)

    def times_ms(self):
        if self.cuda:
            self.torch.cuda.synchronize()
            return [s.elapsed_time(e) for s, e in self.events]
        return list(self.cpu_times)


def synchronize(device):
    import torch

    if device.type == "cuda":
        torch.cuda.synchronize(device)


def count_flops(step, decompose_rnn=False):
    """FLOPs of one call of `step()` (forward + backward) by torch.utils.flop_counter.

    FlopCounterMode counts matmuls, convolutions and attention; pointwise ops count zero.
    The fused RNN kernels of cuDNN (GPU) and oneDNN (CPU) are opaque to it, so recurrent
    workloads are counted with both disabled, which makes PyTorch run the LSTM/GRU cells
    as matmuls it counts. Only this untimed step runs that way.
    """
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False)
    with contextlib.ExitStack() as stack, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="TF32 acceleration on top of oneDNN")
        if decompose_rnn:
            stack.enter_context(torch.backends.cudnn.flags(enabled=False))
            stack.enter_context(torch.backends.mkldnn.flags(enabled=False))
        stack.enter_context(counter)
        step()
    return int(counter.get_total_flops())


def _time_op(op, device, repeats):
    synchronize(device)
    op()  # warm-up
    synchronize(device)
    timer = Timer(device)
    for _ in range(repeats):
        with timer.step():
            op()
    return statistics.median(timer.times_ms()) / 1000.0


def bf16_matmul_tflops(device, n=8192, repeats=20):
    """TFLOP/s of an n x n x n bf16 matmul: the compute ceiling for `utilization`."""
    import torch

    a = torch.randn(n, n, device=device, dtype=torch.bfloat16)
    b = torch.randn(n, n, device=device, dtype=torch.bfloat16)
    seconds = _time_op(lambda: torch.mm(a, b), device, repeats)
    del a, b
    return sig(2.0 * n ** 3 / seconds / 1e12)


def d2d_copy_gbs(device, gib=1.0, repeats=20):
    """GB/s (1e9 bytes) of a device-to-device copy, counting bytes read plus bytes written."""
    import torch

    numel = int(gib * 2 ** 30) // 4
    src = torch.empty(numel, device=device, dtype=torch.float32)
    dst = torch.empty_like(src)
    seconds = _time_op(lambda: dst.copy_(src), device, repeats)
    nbytes = 2 * src.numel() * src.element_size()
    del src, dst
    return sig(nbytes / seconds / 1e9)


def measure_ceilings(device, tiny=False):
    if tiny:
        return {"bf16_matmul_tflops": bf16_matmul_tflops(device, n=256, repeats=3),
                "d2d_copy_gbs": d2d_copy_gbs(device, gib=1 / 64, repeats=3)}
    return {"bf16_matmul_tflops": bf16_matmul_tflops(device),
            "d2d_copy_gbs": d2d_copy_gbs(device)}
