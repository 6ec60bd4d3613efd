#!/usr/bin/env bash
# What if we stopped curating some tasks? Drop them, re-solve, and see what the objective loses.
#
#   bash examples/what-if-curation/run.sh [WORKDIR]
#
# Environment: TASKMIX_JAR (default: target/taskmix.jar under the repo root), JAVA (default: java),
# PROBLEM (default: problems/paper-task-selection.json), DROP_K (how many tasks the two
# heuristics drop, default 5).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${TASKMIX_JAR:-$ROOT/target/taskmix.jar}"
JAVA="${JAVA:-java}"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/taskmix-whatif.XXXXXX")}"
PROBLEM="${PROBLEM:-$ROOT/problems/paper-task-selection.json}"
DROP_K="${DROP_K:-5}"
# Each step is a short JVM run: C1-only JIT and the serial GC start fastest.
read -r -a JOPTS <<< "${TASKMIX_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"

[[ -f "$JAR" ]] || { echo "run.sh: no jar at $JAR (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }
mkdir -p "$WORK"
taskmix() { "$JAVA" "${JOPTS[@]}" -jar "$JAR" "$@"; }
drop() { "$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/Drop.java" "$@"; }
pids=()
spawn() { "$@" & pids+=($!); }
join_all() { for p in ${pids[@]+"${pids[@]}"}; do wait "$p"; done; pids=(); }
echo "work dir: $WORK"

# 1. The full catalog: which tasks does the optimum use, and what would the others cost?
echo; echo "== 1. solve the full catalog ($(basename "$PROBLEM"))"
# --out writes solution.json (the same document as --json) next to the table on stdout.
taskmix solve "$PROBLEM" --quiet --out "$WORK/full" | sed -n '1,/^objective/p'
cp "$WORK/full/solution.json" "$WORK/full-solution.json"

# 2. Drop the tasks the optimum gives weight 0 (their reduced gradient is > 0: forcing weight
#    onto them would raise the objective). Nothing should be lost, and the re-solve's
#    certificate proves it.
echo; echo "== 2. what if we drop the zero-weight tasks?"
drop "$PROBLEM" "$WORK/no-zero.json" --zero-weight "$WORK/full-solution.json"
taskmix solve "$WORK/no-zero.json" --quiet --json > "$WORK/no-zero-solution.json"

# 3. Two ways to cut DROP_K more tasks from what is left: the optimiser's own smallest weights,
#    and the intuitive heuristic "least relevant to the target first".
echo; echo "== 3. what if we also drop $DROP_K more: the smallest weights, or the least relevant?"
drop "$WORK/no-zero.json" "$WORK/smallest.json" --smallest "$DROP_K" "$WORK/no-zero-solution.json"
drop "$WORK/no-zero.json" "$WORK/least-relevant.json" --least-relevant "$DROP_K" "$WORK/no-zero-solution.json"
spawn taskmix solve "$WORK/smallest.json" --quiet --json > "$WORK/smallest-solution.json"
spawn taskmix solve "$WORK/least-relevant.json" --quiet --json > "$WORK/least-relevant-solution.json"
join_all

# 4. What each what-if costs, on the surrogate objective and on the predicted CoT error.
echo; echo "== 4. losses (objective: surrogate ||I - Sigma^-1 Lambda_mix||_F^2; CoT error: m = inf, per dimension)"
"$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/Losses.java" "$PROBLEM" "$WORK/losses.json" "$WORK/full-solution.json" \
    "no-zero-weight=$WORK/no-zero-solution.json" \
    "drop-${DROP_K}-smallest=$WORK/smallest-solution.json" \
    "drop-${DROP_K}-least-relevant=$WORK/least-relevant-solution.json"
