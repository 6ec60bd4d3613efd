#!/usr/bin/env bash
# A curator's embedding tables (Parquet, float16, one folder per task) + a manifest -> a catalog
# estimated with shrinkage -> mixture weights defended by a bootstrap: how often each task is
# selected and how much its weight would move under resampling.
#
#   bash examples/parquet-manifest/run.sh [WORKDIR]
#
# Environment: TASKMIX_JAR (default: target/taskmix.jar under the repo root), JAVA (default: java),
# SAMPLES (rows per task, default 4000, written as two Parquet files), REPLICATES (bootstrap
# replicates, default 100), JOBS (parallel writers, default 2).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${TASKMIX_JAR:-$ROOT/target/taskmix.jar}"
JAVA="${JAVA:-java}"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/taskmix-parquet.XXXXXX")}"
SAMPLES="${SAMPLES:-4000}"
REPLICATES="${REPLICATES:-100}"
JOBS="${JOBS:-2}"
read -r -a JOPTS <<< "${TASKMIX_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"

[[ -f "$JAR" ]] || { echo "run.sh: no jar at $JAR (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }
mkdir -p "$WORK/tables"
taskmix() { "$JAVA" "${JOPTS[@]}" -jar "$JAR" "$@"; }
pids=()
spawn() {
    "$@" & pids+=($!)
    if (( ${#pids[@]} >= JOBS )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
}
join_all() { for p in ${pids[@]+"${pids[@]}"}; do wait "$p"; done; pids=(); }
echo "work dir: $WORK"

# 1. A known ground truth (in real use you have only the tables of step 2): the paper's four task
#    types at d = 16, two tasks of each type.
echo; echo "== 1. ground truth (generate paper-task-selection, d = 16, 8 tasks)"
taskmix generate paper-task-selection --dimension 16 --tasks-per-type 2 --seed 11 --quiet \
    --out "$WORK/true-problem.json" > /dev/null
TASKS=(easy-short-1 easy-short-2 easy-long-1 easy-long-2 hard-short-1 hard-short-2 hard-long-1 hard-long-2)
GROUPS_=(Easy-Short Easy-Short Easy-Long Easy-Long Hard-Short Hard-Short Hard-Long Hard-Long)

# 2. "The curator's tables": per task a folder of two float16 Parquet files (columns task,
#    embedding = list<halffloat>), as a dataset export would shard them; and the target's table.
HALF=$((SAMPLES / 2))
echo; echo "== 2. Parquet tables: $SAMPLES float16 rows per task in 2 shards"
for i in "${!TASKS[@]}"; do
    mkdir -p "$WORK/tables/${TASKS[$i]}"
    for part in 0 1; do
        spawn taskmix generate samples "$WORK/true-problem.json" --task "${TASKS[$i]}" --count "$HALF" --float16 \
            --seed "$((1000 + 10 * i + part))" --out "$WORK/tables/${TASKS[$i]}/part-$part.parquet" > /dev/null
    done
done
spawn taskmix generate samples "$WORK/true-problem.json" --count "$SAMPLES" --float16 --seed 999 \
    --out "$WORK/tables/target.parquet" > /dev/null
join_all

# 3. The manifest: one line per task; a folder path takes every Parquet file in it.
{
  for i in "${!TASKS[@]}"; do
    printf '{"name": "%s", "group": "%s", "path": "tables/%s", "column": "embedding"}\n' \
        "${TASKS[$i]}" "${GROUPS_[$i]}" "${TASKS[$i]}"
  done
} > "$WORK/tasks.jsonl"
echo; echo "== 3. manifest"; cat "$WORK/tasks.jsonl"

# 4. Estimate the catalog: OAS shrinkage and bootstrap intervals of each task's hardness.
echo; echo "== 4. estimate --manifest"
taskmix estimate --manifest "$WORK/tasks.jsonl" --target "$WORK/tables/target.parquet" --target-name downstream \
    --shrinkage oas --bootstrap "$REPLICATES" --seed 5 --quiet --json --out "$WORK/catalog.json" > "$WORK/estimate.json"
taskmix inspect "$WORK/catalog.json" --quiet

# 5. The mixture, defended: weights, and over REPLICATES bootstrap replicates how often each task
#    is selected and its 5%..95% weight range.
echo; echo "== 5. solve --bootstrap"
taskmix solve "$WORK/catalog.json" --bootstrap "$REPLICATES" --bootstrap-shrinkage oas --bootstrap-seed 5 --quiet
taskmix solve "$WORK/catalog.json" --bootstrap "$REPLICATES" --bootstrap-shrinkage oas --bootstrap-seed 5 --quiet \
    --json > "$WORK/solution.json"
taskmix solve "$WORK/true-problem.json" --quiet --json > "$WORK/true-solution.json"

# 6. Summary for the checks: the true optimum's support against the bootstrap's selection.
"$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/Defend.java" "$WORK/true-solution.json" "$WORK/solution.json" \
    "$WORK/estimate.json" "$WORK/true-problem.json" "$WORK/defence.json"
echo; echo "== 6. defence"; cat "$WORK/defence.json"
