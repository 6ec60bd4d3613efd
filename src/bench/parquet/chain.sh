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
java_bin="${JAVA:-java}"
mkdir -p "$out"
step() { # name, then the taskmix arguments
  local name="$1"; shift
  local before; before="$(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -v "$java_bin" ${JAVA_OPTS:-} -jar "$jar" "$@" > "$out/$name.out" 2> "$out/$name.err"
  local after; after="$(cut -d' ' -f1-3 /proc/loadavg)"
  awk -v n="$name" -v b="$before" -v a="$after" -F': ' '
    /Elapsed/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
    END {printf "%-8s wall %s  user %s s  sys %s s  maxRSS %.0f MB  load %s -> %s\n", n, w, u, s, r/1024, b, a}' "$out/$name.err"
}
step estimate estimate --manifest "$data/tasks.jsonl" --target-identity --out "$out/catalog.json"
step inspect inspect "$out/catalog.json"
step solve solve "$out/catalog.json"
step compare compare "$out/catalog.json"
