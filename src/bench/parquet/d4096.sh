#!/usr/bin/env bash
# The issue-13 d = 4096 figures of docs/benchmarks.md section 11:
#   1. the chain estimate -> inspect -> solve -> compare on 20 float16 Parquet tasks (chain.sh),
#   2. one task's PSD check / extremes (LanczosExtremes) against EJML's dense eigenvalues.
#
#   src/bench/parquet/d4096.sh JAR DATA_DIR OUT_DIR
#
# DATA_DIR: 20 tasks of 10,000 rows at d = 4096, made by
#   java -cp JAR src/bench/parquet/MakeTables.java DATA_DIR 20 10000 4096
# Needs about 6.5 GB of memory (solve's peak RSS) and 2.8 GB of disk for the sidecar.
set -euo pipefail
jar="$1"; data="$2"; out="$3"
here="$(dirname "$0")"
export JAVA_OPTS="${JAVA_OPTS:---add-modules jdk.incubator.vector}"
uptime
"$here/chain.sh" "$jar" "$data" "$out"
uptime
# shellcheck disable=SC2086
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" \
  java $JAVA_OPTS -cp "$jar" "$here/ExtremesBench.java" "$data/t000.parquet" dense
uptime
