#!/usr/bin/env python3
"""PyTorch peer of org.expressivity4j.core.bench.PropagationBenchmark.

Propagates P points through L random fully connected layers of width k (input dimension k, weights
N(0, 2/k), biases N(0, 0.01), hard tanh or relu) the way torch.nn.Linear does it (torch.addmm: bias and
product in one BLAS call, activation in place), timed beside the raw products torch.mm(a, W, out=c) on
exactly the same shapes, alternating after warm-up. Rates count only the products' 2 P k^2 L flops, as
the Java benchmark does. Prints one JSON object.

Run with Debian's interpreter and packages (python3-torch, libopenblas0-pthread so that libblas.so.3 is
OpenBLAS; the reference BLAS is ~30x slower):

    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/torch_propagation.py --threads 2

(torch.set_num_threads sets torch's own threads; the system OpenBLAS that runs the products starts its
own pthreads, as many as cores unless OPENBLAS_NUM_THREADS says otherwise.)
"""
import argparse
import json
import math
import statistics
import time

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=10_000)
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--width", type=int, default=1000)
    p.add_argument("--activation", choices=["hard-tanh", "relu"], default="hard-tanh")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    dtype = getattr(torch, a.dtype)
    g = torch.Generator().manual_seed(a.seed)
    k = a.width
    weights = [torch.randn(k, k, generator=g, dtype=dtype) * math.sqrt(2.0 / k) for _ in range(a.layers)]
    biases = [torch.randn(k, generator=g, dtype=dtype) * 0.1 for _ in range(a.layers)]
    x = torch.randn(a.points, k, generator=g, dtype=dtype)
    act = torch.nn.functional.hardtanh_ if a.activation == "hard-tanh" else torch.relu_

    def propagate():
        z = x
        for w, b in zip(weights, biases):
            z = act(torch.addmm(b, z, w))
        return z

    buf = [x.clone(), torch.empty_like(x)]

    def gemm_chain():
        src, dst = buf
        for w in weights:
            torch.mm(src, w, out=dst)
            src, dst = dst, src

    flops = 2.0 * a.points * k * k * a.layers
    prop_s, gemm_s = [], []
    with torch.no_grad():
        for _ in range(a.warmup):
            propagate()
            gemm_chain()
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            propagate()
            t1 = time.perf_counter()
            gemm_chain()
            t2 = time.perf_counter()
            prop_s.append(t1 - t0)
            gemm_s.append(t2 - t1)
    prop = flops / statistics.median(prop_s) / 1e9
    gemm = flops / statistics.median(gemm_s) / 1e9
    print(json.dumps({
        "impl": "torch", "torch": torch.__version__, "dtype": a.dtype, "threads": torch.get_num_threads(),
        "points": a.points, "layers": a.layers, "width": k, "activation": a.activation,
        "propagation_gflops": round(prop, 2), "gemm_gflops": round(gemm, 2), "ratio": round(prop / gemm, 3),
        "prop_s": [round(t, 4) for t in prop_s], "gemm_s": [round(t, 4) for t in gemm_s],
    }))


if __name__ == "__main__":
    main()
