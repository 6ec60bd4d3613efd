#!/usr/bin/env python3
"""Throughput peer of taskmix's transformer trainer (docs/theory.md section 9), in Python PyTorch.

The same model and the same training step as org.taskmix.nonlinear.Gpt / TransformerTrainer:
pre-LN GPT-2 blocks (causal softmax attention, GELU MLP of width 4C, learned positions, final
layer norm), example tokens E_x [x; y] + b_x, estimate tokens E_w w_hat + b_w, read-out
W_o LN_f(h) + b_o; K_train chain-of-thought steps unrolled with a key/value cache (examples encoded
once, then one token per step, gradients through the chain); loss = mean over steps of
mean((w_hat_j - w)^2); Adam with global-norm clipping at 1.0. Prompts: w ~ N(0, I_d),
x ~ N(0, I_d), y = <w, x>, drawn with NumPy (like taskmix draws them in Java, outside the engine).

It is a benchmark peer only: taskmix never calls it and its tests do not need it.

    python3 peer.py --preset small --d 5 --n 20 --k-train 1 --batch 32 --steps 200 --threads 1

prints one JSON line: prompts/s and tokens/s (tokens per prompt = n + K_train) over the timed steps
(after --warmup untimed steps), and promptsPerSecondAllSteps over all warmup + steps steps.
compare.sh runs taskmix for S steps and this peer for --warmup W --steps S - W, with W the first
tenth of S (rounded up; TransformerTrainer.warmupSteps), so both time the same steps.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {"tiny": (1, 2, 16), "small": (2, 4, 64), "paper": (12, 8, 256)}


class Block(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(c)
        self.qkv = nn.Linear(c, 3 * c)
        self.out = nn.Linear(c, c)
        self.ln2 = nn.LayerNorm(c)
        self.mlp_in = nn.Linear(c, 4 * c)
        self.mlp_out = nn.Linear(4 * c, c)
        self.heads = heads

    def forward(self, h, mask, cache):
        b, t, c = h.shape
        dh = c // self.heads
        a = self.ln1(h)
        qkv = self.qkv(a).reshape(b, t, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        if cache[0] is not None:
            k = torch.cat([cache[0], k], dim=2)
            v = torch.cat([cache[1], v], dim=2)
        cache[0], cache[1] = k, v
        att = torch.softmax(q @ k.transpose(-1, -2) * (1.0 / math.sqrt(dh)) + mask, dim=-1)
        o = (att @ v).transpose(1, 2).reshape(b, t, c)
        h = h + self.out(o)
        return h + self.mlp_out(F.gelu(self.mlp_in(self.ln2(h))))


class Gpt(nn.Module):
    def __init__(self, d, layers, heads, c, slots, estimates):
        super().__init__()
        self.ex = nn.Linear(d + 1, c)
        self.est = nn.Linear(d, c)
        self.pos = nn.Parameter(torch.randn(slots + estimates, c) * 0.02)
        self.blocks = nn.ModuleList([Block(c, heads) for _ in range(layers)])
        self.lnf = nn.LayerNorm(c)
        self.readout = nn.Linear(c, d)
        self.slots = slots
        self.d = d

    def encode(self, tokens):
        b, s, _ = tokens.shape
        h = self.ex(tokens) + self.pos[:s]
        mask = torch.triu(torch.full((s, s), -1e9), diagonal=1)
        caches = [[None, None] for _ in self.blocks]
        for blk, cache in zip(self.blocks, caches):
            h = blk(h, mask, cache)
        return caches

    def step(self, caches, estimate, j):
        p = self.slots + j
        h = self.est(estimate).unsqueeze(1) + self.pos[p:p + 1]
        mask = torch.zeros(1, 1)
        for blk, cache in zip(self.blocks, caches):
            h = blk(h, mask, cache)
        return self.readout(self.lnf(h)).squeeze(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="small")
    ap.add_argument("--d", type=int, default=5)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--k-train", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    layers, heads, c = PRESETS[args.preset]
    d, n, k, b = args.d, args.n, args.k_train, args.batch
    model = Gpt(d, layers, heads, c, n, k)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    losses = []
    t0 = None
    start = time.perf_counter()
    for step in range(args.warmup + args.steps):
        if step == args.warmup:
            t0 = time.perf_counter()
        w = rng.standard_normal((b, d))
        x = rng.standard_normal((b, n, d))
        y = np.einsum("bnd,bd->bn", x, w)
        tokens = torch.from_numpy(np.concatenate([x, y[..., None]], axis=2).astype(np.float32))
        target = torch.from_numpy(w.astype(np.float32))
        caches = model.encode(tokens)
        est = torch.zeros(b, d)
        total = 0
        for j in range(k):
            est = model.step(caches, est, j)
            total = total + ((est - target) ** 2).mean()
        loss = total / k
        opt.zero_grad(set_to_none=False)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
    end = time.perf_counter()
    sec = end - t0
    pps = args.steps * b / sec
    pps_all = (args.warmup + args.steps) * b / (end - start)
    print(json.dumps({"engine": "python-pytorch " + torch.__version__, "preset": args.preset, "d": d, "n": n,
                      "kTrain": k, "batch": b, "steps": args.steps, "warmup": args.warmup, "threads": args.threads, "seconds": sec,
                      "promptsPerSecond": pps, "tokensPerSecond": pps * (n + k),
                      "promptsPerSecondAllSteps": pps_all,
                      "parameters": sum(p.numel() for p in model.parameters()),
                      "firstLoss": losses[0], "lastLoss": losses[-1], "load": os.getloadavg()}))


if __name__ == "__main__":
    main()
