#!/bin/sh
# taskmix's LSA kernels beside their PyTorch-CPU peers, run alternately in the same minute.
#
# Usage: src/bench/lsa/compare.sh [WHAT] [ROUNDS] [LOAD]
#   WHAT   train20 (d = 20, n = 20, batch 512), train100 (d = 100, n = 200, batch 512),
#          cot (d = 100, m = 400, k = 32, 512 prompts) or all (default)
#   ROUNDS alternations per configuration (default 3; figures are medians over rounds)
#   LOAD   busy-loop processes started beside the runs (default 0; e.g. 2 = one per core on a
#          2-core machine), killed at the end
# Needs: target/benchmarks.jar (mvn -B -Pbench package -DskipTests), python3 with torch (Debian's
# python3-torch lives under /usr/bin/python3; PYTHON overrides). BASELINE_CP=classpath (an older
# build's classes plus KernelBench and the dependencies) adds that build to every round, for
# before/after figures.
#
# Per round: taskmix (KernelBench, all processors, its own thread sizing), then every peer setting:
# float32 and float64 (training; CoT runs float32 as the issue specifies), threads 1 and 2. The
# peer's figure is its best setting's median. Ratios are given for throughput (wall clock) and for
# throughput per CPU-second (less sensitive to other processes on a shared machine).
set -eu
cd "$(dirname "$0")/../../.."
WHAT=${1:-all}
ROUNDS=${2:-3}
LOAD=${3:-0}
# Seconds of untimed runs before each timed taskmix run (the JIT's warm-up; WARM=0 measures the
# first runs of a fresh JVM, as a short command would see them).
WARM=${WARM:-5}
# Arithmetic of taskmix's training kernel (double, the default, or float32: docs/benchmarks.md §9).
PRECISION=${PRECISION:-double}
PY=${PYTHON:-/usr/bin/python3}
JAR=target/benchmarks.jar
[ -f "$JAR" ] || { echo "compare.sh: $JAR not found: run mvn -B -Pbench package -DskipTests" >&2; exit 2; }
OUT=$(mktemp -d "${TMPDIR:-/tmp}/taskmix-lsa-bench.XXXXXX")
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  rm -rf "$OUT"
}
trap cleanup EXIT INT TERM
i=0
while [ "$i" -lt "$LOAD" ]; do
  nice -n 0 sh -c 'while :; do :; done' &
  PIDS="$PIDS $!"
  i=$((i + 1))
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); busy loops beside: $LOAD"
echo "uptime before: $(uptime)"

run_config() { # name, java args, peer script, peer args, dtypes
  name=$1; jargs=$2; peer=$3; pargs=$4; dtypes=$5
  r=0
  while [ "$r" -lt "$ROUNDS" ]; do
    # shellcheck disable=SC2086
    java -cp "$JAR" org.taskmix.validation.KernelBench $jargs >> "$OUT/$name.java"
    if [ -n "${BASELINE_CP:-}" ]; then
      # shellcheck disable=SC2086
      java -cp "$BASELINE_CP" org.taskmix.validation.KernelBench $jargs >> "$OUT/$name.base"
    fi
    for dt in $dtypes; do
      for t in 1 2; do
        # shellcheck disable=SC2086
        OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$PY" "src/bench/lsa/$peer" $pargs --dtype "$dt" --threads "$t" \
          >> "$OUT/$name.peer"
      done
    done
    r=$((r + 1))
  done
  "$PY" - "$name" "$OUT/$name.java" "$OUT/$name.peer" "$OUT/$name.base" <<'EOF'
import json, os, statistics, sys
name, jf, pf, bf = sys.argv[1:5]
java = [json.loads(l) for l in open(jf)]
peer = [json.loads(l) for l in open(pf)]
def med(rows, key):
    return statistics.median(r[key] for r in rows)
j_rate = med(java, "rate")
j_cpu = statistics.median(r["rate"] * r["wallSeconds"] / max(r["cpuSeconds"], 1e-9) for r in java)
settings = {}
for r in peer:
    settings.setdefault((r["dtype"], r["threads"]), []).append(r)
rows = []
for (dt, t), rs in sorted(settings.items()):
    rate = med(rs, "rate")
    cpu = statistics.median(x["rate"] * x["wallSeconds"] / max(x["cpuSeconds"], 1e-9) for x in rs)
    rows.append((rate, cpu, dt, t))
best = max(rows)
unit = java[0]["unit"]
print(f"{name}: taskmix {j_rate:,.0f} {unit} ({j_cpu:,.0f} per CPU-s, {java[0]['threads']} threads allowed)")
for rate, cpu, dt, t in rows:
    print(f"    peer {dt} threads {t}: {rate:,.0f} {unit} ({cpu:,.0f} per CPU-s)")
print(f"    ratio vs peer's best ({best[2]}, {best[3]} threads): {j_rate / best[0]:.2f}x wall;"
      f" per CPU-s vs the peer's best per CPU-s: {j_cpu / max(r[1] for r in rows):.2f}x")
if os.path.exists(bf):
    base = [json.loads(l) for l in open(bf)]
    b_rate = med(base, "rate")
    b_cpu = statistics.median(r["rate"] * r["wallSeconds"] / max(r["cpuSeconds"], 1e-9) for r in base)
    print(f"    baseline build: {b_rate:,.0f} {unit} ({b_cpu:,.0f} per CPU-s); this build / baseline:"
          f" {j_rate / b_rate:.2f}x wall, {j_cpu / b_cpu:.2f}x per CPU-s; baseline / peer's best: {b_rate / best[0]:.2f}x")
EOF
}

case "$WHAT" in
  train20|all)
    run_config train20 "train --d 20 --n 20 --batch 512 --steps 2000 --warmup 1 --warmup-seconds $WARM --precision $PRECISION" train_peer.py \
      "--d 20 --n 20 --batch 512 --steps 200 --warmup 50" "float32 float64" ;;
esac
case "$WHAT" in
  train100|all)
    run_config train100 "train --d 100 --n 200 --batch 512 --steps 20 --warmup 2 --warmup-seconds $WARM --precision $PRECISION" train_peer.py \
      "--d 100 --n 200 --batch 512 --steps 4 --warmup 3" "float32 float64" ;;
esac
case "$WHAT" in
  cot|all)
    run_config cot "cot --d 100 --m 400 --k 32 --prompts 512 --warmup 2 --warmup-seconds $WARM" cot_peer.py \
      "--d 100 --m 400 --k 32 --prompts 256 --warmup 3" "float32" ;;
esac
echo "uptime after: $(uptime)"
