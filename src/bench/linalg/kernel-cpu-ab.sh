#!/usr/bin/env bash
# The Vector API micro-kernel's users, RankKUpdate (d = 768, 4096; 128-row blocks) and Gemm
# (768 x 768 times 768 x 768), in GFLOP per CPU second (KernelCpuBench), two builds alternated run
# by run so both see the same load (docs/benchmarks.md §14). One thread.
#
#   src/bench/linalg/kernel-cpu-ab.sh OLD.jar NEW.jar [ROUNDS] [EXTRA_JVM_ARG]
#
# OLD.jar/NEW.jar: target/taskmix.jar (or target/benchmarks.jar) of each build. EXTRA_JVM_ARG,
# e.g. -XX:UseAVX=2, runs the kernel as on 256-bit (AVX2) hardware.
set -euo pipefail
old=$1 new=$2 rounds=${3:-3} extra=${4:-}
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/KernelCpuBench.java"
echo "$(nproc) cores; $(uptime)"
for r in $(seq 1 "$rounds"); do
  for what in "rankk 768 128" "rankk 4096 128" "gemm 768 768"; do
    for side in old new; do
      jar=$old; [ "$side" = new ] && jar=$new
      printf '%s round %s: ' "$side" "$r"
      # shellcheck disable=SC2086
      java -Xmx2g --add-modules jdk.incubator.vector $extra -cp "$jar" "$src" $what 5 2>/dev/null
    done
  done
done
echo "$(uptime)"
