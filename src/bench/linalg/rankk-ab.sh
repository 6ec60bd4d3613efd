#!/usr/bin/env bash
# RankKUpdate's Vector API kernel, before and after a change, alternated so both see the same
# load: one thread, d = 768 and 4096, 128-row blocks (docs/benchmarks.md §14).
#
#   mvn -o -q package -Pbench -DskipTests && cp target/benchmarks.jar /tmp/new-bench.jar
#   (the same on the old commit, to /tmp/old-bench.jar)
#   src/bench/linalg/rankk-ab.sh /tmp/old-bench.jar /tmp/new-bench.jar OUTDIR [ROUNDS] [EXTRA_JVM_ARG]
#
# EXTRA_JVM_ARG, e.g. -XX:UseAVX=2, runs the kernel as on narrower (256-bit) hardware.
# GFLOP/s = rows·d·(d+1) / (µs per op · 1000); each run also prints its CPU seconds and the load.
set -euo pipefail
old=$1 new=$2 out=$3 rounds=${4:-3} extra=${5:-}
mkdir -p "$out"
jvm=(-jvmArgsAppend "-Xmx2g --add-modules jdk.incubator.vector ${extra}")
for r in $(seq 1 "$rounds"); do
  for side in old new; do
    jar=$old; [ "$side" = new ] && jar=$new
    f="$out/$side-$r.csv"
    echo "round $r $side: $(uptime)"
    /usr/bin/time -f "cpu_s %U user %S sys, wall %e s" \
      java -jar "$jar" RankKUpdateBenchmark -p d=768,4096 -p rows=128 -p impl=vector \
        -f 1 -wi 3 -i 5 "${jvm[@]}" -rf csv -rff "$f" > "$out/$side-$r.log" 2>&1 || { tail "$out/$side-$r.log"; exit 1; }
    tail -1 "$out/$side-$r.log"
    python3 - "$f" "$side" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    d, rows = int(row['Param: d']), int(row['Param: rows'])
    us = float(row['Score'])
    print(f"  {sys.argv[2]} d={d} rows={rows}: {us:.1f} us/op, {rows*d*(d+1)/(us*1000):.1f} GFLOP/s")
PY
  done
done
