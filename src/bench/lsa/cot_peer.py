#!/usr/bin/env python3
"""PyTorch-CPU peer of taskmix's chain-of-thought evaluation (org.taskmix.validation.ChainOfThought).

Same problem as `KernelBench cot`: d features, m examples per test prompt drawn from
N(0, Lambda) with Lambda = Q diag(1, 1/2, ..., 1/d) Q^T (seeded random rotation), w* ~ N(0, I_d),
y = <w*, x>, query column (0, 0, 0, 1), k CoT steps; the model has V_31 = -Gamma^{-1}
(Gamma = (1 + 1/20) Lambda + tr(Lambda)/20 I, the optimum for n = 20) and W at the documented
initialisation. Per prompt: the Gram matrix G = E E^T (D x D, D = 2d + 2) from the m examples, then
per step u = W e, h = G u / m, o = e + V h, G += o o^T, e = o, and the error ||w_k - w*||^2 / d.

Prompts run in batches (`--block`, batched matrix products, dense V and W as PyTorch users
write them); float32 by default. Prints prompt-steps/s and CPU seconds of the timed part.
"""
import argparse
import json
import resource
import time

import torch


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d", type=int, default=100)
    ap.add_argument("--m", type=int, default=400)
    ap.add_argument("--k", type=int, default=32)
    ap.add_argument("--prompts", type=int, default=512)
    ap.add_argument("--block", type=int, default=64, help="prompts per batched block")
    ap.add_argument("--warmup", type=int, default=1, help="untimed blocks first")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(3)
    dt = torch.float32 if a.dtype == "float32" else torch.float64
    d, m, D = a.d, a.m, 2 * a.d + 2
    g = torch.Generator().manual_seed(1)
    q, _ = torch.linalg.qr(torch.randn(d, d, generator=g, dtype=torch.float64))
    spec = 1.0 / torch.arange(1, d + 1, dtype=torch.float64)
    lam = (q * spec) @ q.T
    root = ((q * spec.sqrt()) @ q.T).to(dt)
    gamma = lam * (1 + 1 / 20) + torch.eye(d, dtype=torch.float64) * lam.trace() / 20
    V = torch.zeros(D, D, dtype=torch.float64)
    V[d + 1:2 * d + 1, :d] = -torch.linalg.inv(gamma)
    W = torch.zeros(D, D, dtype=torch.float64)
    W[torch.arange(d), d + 1 + torch.arange(d)] = 1.0
    W[d, D - 1] = -1.0
    V, W = V.to(dt), W.to(dt)

    def block(b):
        wstar = torch.randn(b, d, dtype=dt)
        x = torch.randn(b, m, d, dtype=dt) @ root
        s = torch.bmm(x.transpose(1, 2), x)                      # sum_i x_i x_i^T
        sw = torch.bmm(s, wstar.unsqueeze(2)).squeeze(2)
        G = torch.zeros(b, D, D, dtype=dt)
        G[:, :d, :d] = s
        G[:, :d, d] = sw
        G[:, d, :d] = sw
        G[:, d, d] = (sw * wstar).sum(1)
        G[:, D - 1, D - 1] = 1.0
        e = torch.zeros(b, D, dtype=dt)
        e[:, D - 1] = 1.0
        err = torch.empty(b, a.k, dtype=dt)
        for k in range(a.k):
            u = e @ W.T
            h = torch.bmm(G, u.unsqueeze(2)).squeeze(2) / m
            o = e + h @ V.T
            G.baddbmm_(o.unsqueeze(2), o.unsqueeze(1))
            e = o
            err[:, k] = ((o[:, d + 1:2 * d + 1] - wstar) ** 2).sum(1) / d
        return err

    for _ in range(a.warmup):
        block(min(a.block, a.prompts))
    c0, t0 = cpu_seconds(), time.perf_counter()
    done = 0
    while done < a.prompts:
        b = min(a.block, a.prompts - done)
        err = block(b)
        done += b
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(json.dumps({"kernel": "cot", "peer": "pytorch", "d": d, "m": m, "k": a.k, "prompts": a.prompts,
                      "threads": a.threads, "dtype": a.dtype, "rate": round(a.prompts * a.k / wall, 1),
                      "unit": "prompt-steps/s", "wallSeconds": round(wall, 4), "cpuSeconds": round(cpu, 4),
                      "lastError": float(err[:, -1].mean())}))


if __name__ == "__main__":
    main()
