#!/usr/bin/env bash
# Per-task embedding files -> estimated covariances -> mixture weights, and how close those
# weights are to the ones solved from the true covariances.
#
#   bash examples/embeddings-to-weights/run.sh [WORKDIR]
#
# Environment: TASKMIX_JAR (default: target/taskmix.jar under the repo root), JAVA (default: java),
# SAMPLES (embeddings per task, default 5000), SEED (seed of the embeddings, default 7),
# JOBS (parallel sample writers, default 2).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${TASKMIX_JAR:-$ROOT/target/taskmix.jar}"
JAVA="${JAVA:-java}"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/taskmix-embeddings.XXXXXX")}"
SAMPLES="${SAMPLES:-5000}"
SEED="${SEED:-7}"
JOBS="${JOBS:-2}"
# Each step is a short JVM run: C1-only JIT and the serial GC start fastest.
read -r -a JOPTS <<< "${TASKMIX_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"

[[ -f "$JAR" ]] || { echo "run.sh: no jar at $JAR (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }
mkdir -p "$WORK/embeddings"
taskmix() { "$JAVA" "${JOPTS[@]}" -jar "$JAR" "$@"; }
# Independent steps run JOBS at a time; `join_all` waits for all (set -e stops on a failed one).
pids=()
spawn() {
    "$@" & pids+=($!)
    if (( ${#pids[@]} >= JOBS )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
}
join_all() { for p in ${pids[@]+"${pids[@]}"}; do wait "$p"; done; pids=(); }
echo "work dir: $WORK"

# 1. A known ground truth: the paper's four task types at d = 20, two tasks of each type.
#    In real use you have no true-problem.json, only the embedding files of step 2.
echo; echo "== 1. ground-truth problem (generate paper-task-selection, d = 20, 8 tasks)"
taskmix generate paper-task-selection --dimension 20 --tasks-per-type 2 --seed 7 --quiet \
    --out "$WORK/true-problem.json" > /dev/null
TASKS=(easy-short-1 easy-short-2 easy-long-1 easy-long-2 hard-short-1 hard-short-2 hard-long-1 hard-long-2)
GROUPS_=(Easy-Short Easy-Short Easy-Long Easy-Long Hard-Short Hard-Short Hard-Long Hard-Long)

# 2. "The user's embedding files": SAMPLES seeded draws x ~ N(0, Lambda) per task (and of the
#    target), float32 NPY, as an embedding model would write them. Independent seeds per file.
echo; echo "== 2. embedding files: $SAMPLES samples per task, d = 20 (generate samples, seed base $SEED)"
for i in "${!TASKS[@]}"; do
    spawn taskmix generate samples "$WORK/true-problem.json" --task "${TASKS[$i]}" --count "$SAMPLES" \
        --seed "$((SEED * 1000 + i + 1))" --out "$WORK/embeddings/${TASKS[$i]}.npy" > /dev/null
done
spawn taskmix generate samples "$WORK/true-problem.json" --count "$SAMPLES" \
    --seed "$((SEED * 1000))" --out "$WORK/embeddings/target.npy" > /dev/null
join_all
ls -l "$WORK/embeddings" | awk 'NR > 1 {print "  " $NF "  " $5 " bytes"}'

# 3. Estimate a problem from the files alone: second moments (1/N) sum x x^T per task.
echo; echo "== 3. estimate"
args=()
for i in "${!TASKS[@]}"; do
    args+=(--task "${TASKS[$i]}=$WORK/embeddings/${TASKS[$i]}.npy" --group "${TASKS[$i]}=${GROUPS_[$i]}")
done
taskmix estimate "${args[@]}" --target "$WORK/embeddings/target.npy" --target-name hard-downstream \
    --name estimated --n 20 --m 40 --k 1,2,4,8,16 --quiet --out "$WORK/estimated-problem.json"

# 4. Diagnostics of the estimate (hardness is biased upwards: sampling spreads the spectrum, so
#    the estimated lambda_min is too small).
echo; echo "== 4. inspect the estimated problem"
spawn taskmix inspect "$WORK/true-problem.json" --quiet --json > "$WORK/inspect-true.json"
taskmix inspect "$WORK/estimated-problem.json" --quiet --out "$WORK/inspect-estimated"
join_all

# 5. Weights from the estimate, and (for the comparison only) from the truth.
echo; echo "== 5. solve both"
spawn taskmix solve "$WORK/estimated-problem.json" --quiet --json > "$WORK/estimated-solution.json"
spawn taskmix solve "$WORK/true-problem.json" --quiet --json > "$WORK/true-solution.json"
join_all

# 6. What the estimated mixture does on the TRUE target, next to the true optimum: the theory's
#    chain-of-thought error at m = infinity.
echo; echo "== 6. predict both mixtures on the true problem"
spawn taskmix predict "$WORK/true-problem.json" --weights "$WORK/estimated-solution.json" --m inf \
    --quiet --json > "$WORK/predict-estimated-weights.json"
spawn taskmix predict "$WORK/true-problem.json" --weights "$WORK/true-solution.json" --m inf \
    --quiet --json > "$WORK/predict-true-weights.json"
join_all

# 7. How close: weight distances, and the estimated weights scored on the true objective.
echo; echo "== 7. estimated vs true"
"$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/Closeness.java" "$WORK/true-problem.json" "$WORK/estimated-problem.json" \
    "$WORK/true-solution.json" "$WORK/estimated-solution.json" \
    "$WORK/predict-true-weights.json" "$WORK/predict-estimated-weights.json" "$WORK/closeness.json"
