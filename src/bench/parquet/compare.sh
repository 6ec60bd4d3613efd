#!/usr/bin/env bash
# Issue 13, round 19: `compare` (predicted curves, no training) on the d = 768 Parquet catalog and
# on a d = 4096 catalog, each timed with /usr/bin/time -v (wall, user, sys, max RSS, load before
# and after; docs/benchmarks.md §10), plus the GEMM kernel against EJML.
#
#   src/bench/parquet/compare.sh JAR OUT_DIR [CATALOG_768] [PROBLEM_4096]
#
# CATALOG_768 defaults to OUT_DIR/c768/catalog.json, made once from /tmp/feat-syrk/pq768 with
#   estimate --manifest /tmp/feat-syrk/pq768/tasks.jsonl --target-identity
# PROBLEM_4096 defaults to OUT_DIR/s4096/problem.json, made by diagonal-catalog.py (20 diagonal
# power-law tasks, target I) when no estimated d = 4096 catalog is given.
set -euo pipefail
jar="$1"; out="$2"
c768="${3:-$out/c768/catalog.json}"
p4096="${4:-$out/s4096/problem.json}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
export JAVA_OPTS="${JAVA_OPTS:---add-modules jdk.incubator.vector}"
# shellcheck source=/dev/null
source "$here/../problem/timed-step.sh"
if [ ! -f "$c768" ]; then
  mkdir -p "$(dirname "$c768")"
  step estimate768 estimate --manifest /tmp/feat-syrk/pq768/tasks.jsonl --target-identity --out "$c768"
fi
echo "cores $(nproc)"
java $JAVA_OPTS -cp "$jar" "$here/../problem/GemmBench.java" 768 768 5 2>/dev/null
java $JAVA_OPTS -cp "$jar" "$here/../problem/GemmBench.java" 768 40 20 2>/dev/null
step compare768 compare "$c768" --json
if [ ! -f "$p4096" ]; then
  mkdir -p "$(dirname "$p4096")"
  python3 "$here/../problem/diagonal-catalog.py" 4096 20 "$p4096"
fi
# One prediction at d = 4096 (20 dense tasks, uniform mixture) without reading a problem file.
/usr/bin/time -v java $JAVA_OPTS -Xmx14g -cp "$jar" "$here/../problem/PredictBench.java" 4096 20 1 \
  2> "$out/predict4096.err" | tee "$out/predict4096.out"
grep -E "Elapsed|User time|System time|Maximum resident" "$out/predict4096.err"
# d = 4096 needs more than the default heap (21 covariances and their spectra).
JAVA_OPTS="$JAVA_OPTS -Xmx14g" step compare4096 compare "$p4096" --json
