#!/usr/bin/env bash
# RankKUpdate's Vector API kernel in GFLOP per CPU second (RankKCpuBench), two builds alternated
# run by run so both see the same load (docs/benchmarks.md §14). One thread.
#
#   src/bench/linalg/rankk-cpu-ab.sh OLD.jar NEW.jar [ROUNDS] [EXTRA_JVM_ARG]
#
# OLD.jar/NEW.jar: target/taskmix.jar (or target/benchmarks.jar) of each build. EXTRA_JVM_ARG,
# e.g. -XX:UseAVX=2, runs the kernel as on 256-bit (AVX2) hardware.
set -euo pipefail
old=$1 new=$2 rounds=${3:-3} extra=${4:-}
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/RankKCpuBench.java"
echo "$(nproc) cores; $(uptime)"
for r in $(seq 1 "$rounds"); do
  for d in 768 4096; do
    for side in old new; do
      jar=$old; [ "$side" = new ] && jar=$new
      printf '%s round %s: ' "$side" "$r"
      # shellcheck disable=SC2086
      java -Xmx2g --add-modules jdk.incubator.vector $extra -cp "$jar" "$src" "$d" 128 5 2>/dev/null
    done
  done
done
echo "$(uptime)"
