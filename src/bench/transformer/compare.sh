#!/bin/sh
# Training throughput of taskmix's transformer (DJL + PyTorch, Java) beside the same architecture
# and training step in Python PyTorch (peer.py), on the same machine, same thread count.
# Usage: src/bench/transformer/compare.sh [STEPS_SMALL] [STEPS_PAPER] [THREADS]
# Needs: target/taskmix.jar with target/engine/ (mvn -B package -DskipTests), python3 with torch
# (Debian: apt-get install python3-torch; Debian's torch calls the system BLAS, so install an optimised
# one, e.g. libopenblas0-pthread, or the peer runs on the reference BLAS and is several times slower).
# Prints one line per configuration: prompts/s of both engines and Java/Python.
set -eu
cd "$(dirname "$0")/../../.."
SMALL=${1:-200}
PAPER=${2:-10}
THREADS=${3:-1}
# Debian's python3-torch lives under /usr/bin/python3 (a pyenv python3 on PATH may lack torch).
PY=${PYTHON:-/usr/bin/python3}
PROBLEM=problems/nonlinear-compute-vs-context.json
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc); threads: $THREADS"
# Both engines time the same steps: all but the first W = ceil(steps / 10) (none for one step),
# which carry the JVM's JIT compilation and either engine's first allocations
# (TransformerTrainer.warmupSteps). Each line also gives prompts/s over all steps ("all"), the
# figure this script reported before 2026-11-30 round 5 (Java timed from its first step, Python
# with --warmup 0).
for cfg in "small $SMALL 1" "small $SMALL 8" "paper $PAPER 1" "paper $PAPER 8"; do
  set -- $cfg
  preset=$1; steps=$2; k=$3
  if [ "$steps" -lt 2 ]; then warm=0; else warm=$(( (steps + 9) / 10 )); fi
  j=$(java -Dai.djl.pytorch.num_threads="$THREADS" -jar target/taskmix.jar validate "$PROBLEM" --mixture uniform \
      --model "transformer:$preset" --k-train "$k" --steps "$steps" --batch 32 --n 20 --m 20 --k-max "$k" \
      --test-prompts 2 --threads "$THREADS" --json --quiet \
    | python3 -c 'import json,sys; t=json.load(sys.stdin)["training"]; print(t["promptsPerSecond"], t["promptsPerSecondAllSteps"], t["throughputWarmupSteps"])')
  p=$(OPENBLAS_NUM_THREADS="$THREADS" "$PY" src/bench/transformer/peer.py --preset "$preset" --d 5 --n 20 --k-train "$k" --batch 32 \
      --steps $((steps - warm)) --warmup "$warm" --threads "$THREADS" \
    | python3 -c 'import json,sys; t=json.loads(sys.stdin.read()); print(t["promptsPerSecond"], t["promptsPerSecondAllSteps"], t["warmup"])')
  python3 -c 'import sys
pre, steps, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
jp, ja, jw = map(float, sys.argv[4].split()); pp, pa, pw = map(float, sys.argv[5].split())
print("%-5s K_train=%d steps=%4d warm-up %d/%d: java %8.1f python %8.1f prompts/s ratio %.2f | all steps: java %8.1f python %8.1f ratio %.2f"
      % (pre, k, steps, jw, pw, jp, pp, jp / pp, ja, pa, ja / pa))' "$preset" "$steps" "$k" "$j" "$p"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
