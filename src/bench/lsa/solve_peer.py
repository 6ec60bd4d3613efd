#!/usr/bin/env python3
"""Python + cvxopt peer of `taskmix solve` (the task-selection surrogate, docs/theory.md §6).

Reads a problem file whose tasks and target carry explicit covariance matrices (e.g. written by
`taskmix generate power-law --matrices`), and solves

    minimise_pi ||I - Sigma^{-1} sum_l pi_l Lambda_l||_F^2  s.t.  pi >= 0, sum pi = 1

as the dense quadratic program cvxopt.solvers.qp expects (P = 2 A^T A, q = -2 A^T vec(I), with
a_l = vec(Sigma^{-1} Lambda_l)). End to end, as a user would run it: interpreter start, imports,
JSON parsing, set-up and solve. Prints one JSON line: objective, weights, cvxopt status, and the
seconds spent inside the solver.
"""
import json
import sys
import time

import numpy as np
from cvxopt import matrix, solvers


def main():
    problem = json.load(open(sys.argv[1]))
    lams = [np.asarray(t["covariance"], dtype=float) for t in problem["tasks"]]
    target = problem["target"]
    sigma = np.asarray(target["covariance"] if isinstance(target, dict) else target, dtype=float)
    d = sigma.shape[0]
    sinv = np.linalg.inv(sigma)
    a = np.stack([(sinv @ lam).ravel() for lam in lams], axis=1)  # d^2 x T
    b = np.eye(d).ravel()
    t = a.shape[1]
    p = 2 * a.T @ a
    q = -2 * a.T @ b
    solvers.options["show_progress"] = False
    t0 = time.perf_counter()
    sol = solvers.qp(matrix(p), matrix(q), matrix(-np.eye(t)), matrix(np.zeros(t)),
                     matrix(np.ones((1, t))), matrix(1.0))
    solve_s = time.perf_counter() - t0
    pi = np.maximum(np.array(sol["x"]).ravel(), 0)
    pi /= pi.sum()
    r = a @ pi - b
    print(json.dumps({"peer": "cvxopt.solvers.qp", "tasks": t, "d": d, "status": sol["status"],
                      "objective": float(r @ r), "solverSeconds": round(solve_s, 4),
                      "weights": [round(float(x), 12) for x in pi]}))


if __name__ == "__main__":
    main()
