#!/usr/bin/env python3
"""A synthetic catalog for the d = 4096 compare benchmark when no estimated one is at hand:
T diagonal tasks, task j with lambda_i = i^-alpha_j (alpha_j evenly spaced in [0.2, 0.8]),
target Sigma = I, the settings of an `estimate --target-identity` catalog (n 20, m 40,
k 1 2 4 8 16). Diagonal tasks keep the file small; every prediction step is still dense.

  python3 src/bench/problem/diagonal-catalog.py 4096 20 OUT.json
"""
import json, sys

d, t, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
tasks = []
for j in range(t):
    alpha = 0.2 + 0.6 * j / max(1, t - 1)
    tasks.append({"name": "t%03d" % j, "size": 10000,
                  "covariance": {"diagonal": [round((i + 1) ** -alpha, 12) for i in range(d)]}})
problem = {"format": "taskmix/problem-1", "name": "diag%d" % d,
           "description": "Synthetic: %d diagonal power-law tasks in d = %d, target I." % (t, d),
           "dimension": d, "tasks": tasks,
           "target": {"name": "target", "covariance": {"diagonal": [1.0] * d}},
           "settings": {"n": 20, "m": 40, "k": [1, 2, 4, 8, 16]}}
with open(out, "w") as f:
    json.dump(problem, f)
