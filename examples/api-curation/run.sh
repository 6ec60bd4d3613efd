#!/usr/bin/env bash
# A curation decision scripted through the Java API (no CLI): solve, compare with baselines,
# predict error vs k, and pick the smallest catalog whose losses stay within budget.
#
#   bash examples/api-curation/run.sh [WORKDIR]
#
# Environment: TASKMIX_JAR (default: target/taskmix.jar under the repo root), JAVA (default: java),
# PROBLEM (default: problems/paper-task-selection.json), MAX_LOSS (default 0.01).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${TASKMIX_JAR:-$ROOT/target/taskmix.jar}"
JAVA="${JAVA:-java}"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/taskmix-api.XXXXXX")}"
PROBLEM="${PROBLEM:-$ROOT/problems/paper-task-selection.json}"
MAX_LOSS="${MAX_LOSS:-0.01}"

[[ -f "$JAR" ]] || { echo "run.sh: no jar at $JAR (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }
mkdir -p "$WORK"
echo "work dir: $WORK"
echo

# Java 17 runs a single source file directly; the jar supplies the taskmix API (and Jackson).
"$JAVA" -cp "$JAR" "$HERE/CurationDecision.java" --problem "$PROBLEM" --max-loss "$MAX_LOSS" \
    --shares 0.9,0.95,0.99,0.999,1 --samples 400 --seed 1 --out "$WORK" | tee "$WORK/decision.txt"
