#!/usr/bin/env bash
# The issue-13 chain on a Parquet catalog: estimate -> inspect -> solve -> compare, each timed
# with /usr/bin/time -v (wall, user, sys, max RSS) and the load average before and after.
#
#   src/bench/parquet/chain.sh JAR DATA_DIR OUT_DIR
#
# DATA_DIR holds the Parquet files and tasks.jsonl written by MakeTables.java, e.g.
#   java -cp target/taskmix.jar src/bench/parquet/MakeTables.java DATA 100 10000 768
# JAVA (default: java) runs the jar directly, without the launcher's start-up cache.
set -euo pipefail
jar="$1"; data="$2"; out="$3"
mkdir -p "$out"
# shellcheck source=/dev/null
source "$(dirname "$0")/../problem/timed-step.sh"
step estimate estimate --manifest "$data/tasks.jsonl" --target-identity --out "$out/catalog.json"
step inspect inspect "$out/catalog.json"
step solve solve "$out/catalog.json"
step compare compare "$out/catalog.json"
