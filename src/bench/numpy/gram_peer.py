#!/usr/bin/env python3
"""Peer benchmark for `taskmix estimate`: numpy's X.T @ X on the same NPY file.

Usage:
  python3 gram_peer.py make FILE ROWS DIM [SEED]   # write a float32 (ROWS, DIM) NPY file
  python3 gram_peer.py time FILE [float32|float64] # time load + X.T @ X in row blocks
  python3 gram_peer.py whole FILE                  # time np.load + one X.T @ X (float32)

Run the timing with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in that command only, e.g.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 gram_peer.py time x.npy
It prints the BLAS kernel numpy uses (threadpoolctl when installed) so the figure can be judged.
The file is memory-mapped and processed in row blocks of 65,536 rows (like taskmix's chunks),
so the float64 variant does not need 2x the file in memory.
"""
import sys
import time

import numpy as np


def make(path, rows, dim, seed=1):
    rng = np.random.default_rng(seed)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(rows, dim))
    # A non-trivial covariance: columns scaled 1 .. 10 (hardness well above d).
    scale = np.linspace(1.0, 10.0, dim).astype(np.float32)
    step = 65536
    for r in range(0, rows, step):
        k = min(step, rows - r)
        out[r:r + k] = rng.standard_normal((k, dim), dtype=np.float32) * scale
    out.flush()


def timeit(path, dtype):
    try:
        from threadpoolctl import threadpool_info
        for lib in threadpool_info():
            print("blas:", lib.get("internal_api"), lib.get("version"), "arch", lib.get("architecture"),
                  "threads", lib.get("num_threads"), file=sys.stderr)
    except ImportError:
        print("blas: threadpoolctl not installed; kernel unknown", file=sys.stderr)
    t0 = time.perf_counter()
    x = np.load(path, mmap_mode="r")
    n, d = x.shape
    acc = np.zeros((d, d), dtype=np.float64)
    step = 65536
    for r in range(0, n, step):
        blk = np.asarray(x[r:r + step], dtype=dtype)
        acc += blk.T @ blk
    acc /= n
    t1 = time.perf_counter()
    print(f"numpy (blocks of 65536 rows) {np.__version__} X.T@X {dtype}: n={n} d={d} seconds={t1 - t0:.2f} trace={np.trace(acc):.6g}")


def whole(path):
    """The plain form: load the whole file, one float32 X.T @ X (float32 accumulation)."""
    t0 = time.perf_counter()
    x = np.load(path)
    g = (x.T @ x) / x.shape[0]
    t1 = time.perf_counter()
    print(f"numpy {np.__version__} whole-file X.T@X float32: n={x.shape[0]} d={x.shape[1]} seconds={t1 - t0:.2f}"
          f" trace={np.trace(g, dtype=np.float64):.6g}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    elif sys.argv[1] == "whole":
        whole(sys.argv[2])
    else:
        timeit(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "float32")
