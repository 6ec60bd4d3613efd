#!/bin/sh
# Alternated single-thread training runs of two setups, for before/after and double/float32
# figures (docs/benchmarks.md §9). Prints, per run, prompts/s and prompts per CPU-second.
#
# Usage: src/bench/lsa/train_ab.sh builds BASE_JAR [ROUNDS] [KernelBench train options...]
#        src/bench/lsa/train_ab.sh precision [ROUNDS] [KernelBench train options...]
#   builds:    BASE_JAR (an older target/benchmarks.jar) against target/benchmarks.jar, double
#   precision: target/benchmarks.jar with --precision double against --precision float32
# Default options: --d 20 --n 20 --batch 512 --steps 3000 --warmup 1 --warmup-seconds 4 --threads 1
set -eu
cd "$(dirname "$0")/../../.."
MODE=$1; shift
if [ "$MODE" = builds ]; then BASE=$1; shift; fi
ROUNDS=${1:-3}; [ $# -gt 0 ] && shift
OPTS=${*:-"--d 20 --n 20 --batch 512 --steps 3000 --warmup 1 --warmup-seconds 4 --threads 1"}
JAR=target/benchmarks.jar
echo "uptime before: $(uptime)"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
  if [ "$MODE" = builds ]; then
    set -- "$BASE|double" "$JAR|double"
  else
    set -- "$JAR|double" "$JAR|float32"
  fi
  for setup in "$@"; do
    cp=${setup%|*}; prec=${setup#*|}
    # shellcheck disable=SC2086
    java -cp "$cp" org.taskmix.validation.KernelBench train $OPTS --precision "$prec" | \
      python3 -c "import json,sys; r=json.loads(sys.stdin.read()); print('%s %s: %.0f prompts/s, %.0f per CPU-s' % (sys.argv[1], sys.argv[2], r['rate'], r['rate']*r['wallSeconds']/r['cpuSeconds']))" "$cp" "$prec"
  done
  r=$((r + 1))
done
echo "uptime after: $(uptime)"
