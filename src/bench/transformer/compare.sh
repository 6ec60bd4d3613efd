#!/bin/sh
# Training throughput of taskmix's transformer (DJL + PyTorch, Java) beside the same architecture
# and training step in Python PyTorch (peer.py), on the same machine, same thread count.
# Usage: src/bench/transformer/compare.sh [STEPS_SMALL] [STEPS_PAPER] [THREADS]
# Needs: target/taskmix.jar with target/engine/ (mvn -B package -DskipTests), python3 with torch
# (Debian: apt-get install python3-torch; Debian's torch calls the system BLAS, so install an optimised
# one, e.g. libopenblas0-pthread, or the peer runs on the reference BLAS and is several times slower).
# Prints one line per configuration and engine.
set -eu
cd "$(dirname "$0")/../../.."
SMALL=${1:-200}
PAPER=${2:-10}
THREADS=${3:-1}
# Debian's python3-torch lives under /usr/bin/python3 (a pyenv python3 on PATH may lack torch).
PY=${PYTHON:-/usr/bin/python3}
PROBLEM=problems/nonlinear-compute-vs-context.json
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc); threads: $THREADS"
for cfg in "small $SMALL 1" "small $SMALL 8" "paper $PAPER 1" "paper $PAPER 8"; do
  set -- $cfg
  preset=$1; steps=$2; k=$3
  java -Dai.djl.pytorch.num_threads="$THREADS" -jar target/taskmix.jar validate "$PROBLEM" --mixture uniform \
      --model "transformer:$preset" --k-train "$k" --steps "$steps" --batch 32 --n 20 --m 20 --k-max "$k" \
      --test-prompts 2 --threads "$THREADS" --json --quiet \
    | python3 -c 'import json,sys; t=json.load(sys.stdin)["training"]; print("java-djl   %-5s K_train=%d steps=%4d: %8.1f prompts/s %9.0f tokens/s" % (sys.argv[1], t["kTrain"], t["steps"], t["promptsPerSecond"], t["tokensPerSecond"]))' "$preset"
  OPENBLAS_NUM_THREADS="$THREADS" "$PY" src/bench/transformer/peer.py --preset "$preset" --d 5 --n 20 --k-train "$k" --batch 32 --steps "$steps" \
      --warmup 0 --threads "$THREADS" \
    | python3 -c 'import json,sys; t=json.loads(sys.stdin.read()); print("python-pt  %-5s K_train=%d steps=%4d: %8.1f prompts/s %9.0f tokens/s (%s)" % (t["preset"], t["kTrain"], t["steps"], t["promptsPerSecond"], t["tokensPerSecond"], t["engine"]))'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
