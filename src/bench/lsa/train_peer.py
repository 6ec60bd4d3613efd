#!/usr/bin/env python3
"""PyTorch-CPU peer of taskmix's LSA training loop (org.taskmix.validation.Trainer).

Same problem as `KernelBench train`: d features, n examples per prompt, batch B, covariance
Lambda = Q diag(1, 1/2, ..., 1/d) Q^T (a seeded random rotation), w ~ N(0, I_d), x = Lambda^{1/2} z,
y = <w, x>; embedding E = [[x_1 .. x_n, 0], [y_1 .. y_n, 0], [0 .. 0, 0], [0 .. 0, 1]] with D = 2d + 2
rows; model f(E) = E + V E (E^T W E) / n with every entry of V and W (D x D) trainable; loss
0.5 * ||f(E)[:, last] - (0, 0, w, 1)||^2 averaged over the batch; Adam (lr 1e-3, betas 0.9/0.999,
eps 1e-8) from the documented initialisation (W_13 = I, W_24 = -1, V = 0).

Only the last column of f(E) enters the loss, so the peer computes just that column:
u = W e_last, h = E (E^T u) / n, out = e_last + V h (two batched matrix-vector products), the
strongest form we know in PyTorch; autograd gives the gradients. `--form full` forms the N x N
matrix E^T W E instead (what a literal transcription of the model does), for reference.

Prints one JSON line with prompts/s and the CPU seconds of the timed steps.
"""
import argparse
import json
import resource
import time

import torch


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rotated_root(d, dtype):
    g = torch.Generator().manual_seed(1)
    q, _ = torch.linalg.qr(torch.randn(d, d, generator=g, dtype=torch.float64))
    spectrum = 1.0 / torch.arange(1, d + 1, dtype=torch.float64)
    return (q * spectrum.sqrt()) @ q.T  # Lambda^{1/2}, symmetric

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d", type=int, default=20)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--form", choices=["last", "full"], default="last")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(7)
    dt = torch.float32 if a.dtype == "float32" else torch.float64
    d, n, b = a.d, a.n, a.batch
    D = 2 * d + 2
    root = rotated_root(d, dt).to(dt)
    w0 = torch.zeros(D, D, dtype=torch.float64)
    w0[torch.arange(d), d + 1 + torch.arange(d)] = 1.0
    w0[d, D - 1] = -1.0
    V = torch.zeros(D, D, dtype=dt, requires_grad=True)
    W = w0.to(dt).requires_grad_(True)
    opt = torch.optim.Adam([V, W], lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    E = torch.zeros(b, D, n + 1, dtype=dt)
    E[:, D - 1, n] = 1.0
    target = torch.zeros(b, D, dtype=dt)
    target[:, D - 1] = 1.0

    def step():
        w = torch.randn(b, d, dtype=dt)
        x = torch.randn(b, n, d, dtype=dt) @ root  # rows x_i^T = z_i^T Lambda^{1/2}
        y = torch.bmm(x, w.unsqueeze(2)).squeeze(2)
        E[:, :d, :n] = x.transpose(1, 2)
        E[:, d, :n] = y
        target[:, d + 1:D - 1] = w
        opt.zero_grad(set_to_none=True)
        if a.form == "last":
            u = W[:, D - 1]                                            # W e_last
            s = torch.matmul(u, E)                                     # E^T u, (b, N)
            h = torch.bmm(E, s.unsqueeze(2)).squeeze(2) / n            # E E^T u / n
            out = E[:, :, n] + h @ V.T
        else:
            A = torch.matmul(E.transpose(1, 2), torch.matmul(W, E))    # E^T W E, (b, N, N)
            out = (E + torch.matmul(V, torch.bmm(E, A)) / n)[:, :, n]
        loss = 0.5 * ((out - target) ** 2).sum(1).mean()
        loss.backward()
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    c0, t0 = cpu_seconds(), time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(json.dumps({"kernel": "train", "peer": "pytorch-" + a.form, "d": d, "n": n, "batch": b,
                      "steps": a.steps, "threads": a.threads, "dtype": a.dtype,
                      "rate": round(a.steps * b / wall, 1), "unit": "prompts/s",
                      "wallSeconds": round(wall, 4), "cpuSeconds": round(cpu, 4),
                      "finalLoss": float(loss)}))


if __name__ == "__main__":
    main()
