#!/usr/bin/env bash
# docs/benchmarks.md section 15: the d = 4096 chain's reading steps (estimate, inspect, solve) with
# two jars, alternated so both see the same load, and the identity checks between them.
#
#   src/bench/parquet/reading.sh OLD_JAR NEW_JAR DATA_DIR OUT_DIR [ROUNDS]
#
# Each round runs estimate -> inspect -> solve with OLD_JAR into OUT_DIR/old-R, then with NEW_JAR
# into OUT_DIR/new-R (timed-step.sh: wall, user, sys, max RSS, load before -> after), then checks
# that the two rounds wrote the same sidecar (SHA-256), the same catalog JSON and the same stdout
# (apart from the output folder's name and solve's timing field). DATA_DIR: 20 tasks of 10,000
# float16 rows at d = 4096 (MakeTables.java DATA_DIR 20 10000 4096, with tasks.jsonl).
# Memory: one step at a time, each under 8 GB with the default -Xmx6g; 2 x 2.8 GB of disk per round.
set -euo pipefail
old="$1"; new="$2"; data="$3"; base="$4"; rounds="${5:-1}"
here="$(dirname "$0")"
export JAVA_OPTS="${JAVA_OPTS:---add-modules jdk.incubator.vector -Xmx6g}"
# shellcheck source=/dev/null
source "$here/../problem/timed-step.sh"
nproc; uptime
for r in $(seq 1 "$rounds"); do
  for which in old new; do
    jar="$old"; [ "$which" = new ] && jar="$new"
    out="$base/$which-$r"
    mkdir -p "$out"
    echo "== round $r, $which jar ($jar)"
    step estimate estimate --manifest "$data/tasks.jsonl" --target-identity --out "$out/catalog.json"
    step inspect inspect "$out/catalog.json"
    step solve solve "$out/catalog.json"
  done
  o="$base/old-$r"; n="$base/new-$r"
  sha256sum "$o/catalog.covariances.npy" "$n/catalog.covariances.npy"
  cmp "$o/catalog.covariances.npy" "$n/catalog.covariances.npy" && echo "sidecar: identical"
  cmp "$o/catalog.json" "$n/catalog.json" && echo "catalog JSON: identical"
  for s in estimate inspect solve; do
    # The output folder appears in estimate's first line; solve prints its solver time in seconds.
    if diff <(sed -e "s#$o#OUT#g" -e 's/iterations, [0-9.]* s$/iterations, T s/' "$o/$s.out") \
            <(sed -e "s#$n#OUT#g" -e 's/iterations, [0-9.]* s$/iterations, T s/' "$n/$s.out") > /dev/null; then
      echo "$s stdout: identical"
    else
      echo "$s stdout: DIFFERS"
    fi
  done
  # Keep only the newest round's sidecars (2.7 GB each).
  [ "$r" -lt "$rounds" ] && rm -f "$o/catalog.covariances.npy" "$n/catalog.covariances.npy"
done
uptime
