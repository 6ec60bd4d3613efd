#!/usr/bin/env bash
# Issue 13, "10^6 tasks at d = 16 from a compact catalog: load + certified solve under 60 s in
# under 8 GB". Writes the catalog with generate (a sidecar with its spectra trailer), then times
# solve on it with /usr/bin/time -v (wall, user, sys, max RSS) and the load before and after.
# Default heap (a quarter of the machine's memory); pass JAVA_OPTS to change it.
#
#   src/bench/problem/million.sh JAR OUT_DIR [TASKS]
set -euo pipefail
jar="$1"; out="$2"; tasks="${3:-1000000}"
mkdir -p "$out"
# shellcheck source=/dev/null
source "$(dirname "$0")/timed-step.sh"
if [ ! -f "$out/big.json" ]; then
  JAVA_OPTS="${GEN_OPTS:--Xmx12g}" step generate generate power-law --dimension 16 --tasks "$tasks" --matrices \
    --allow-large --json --out "$out/big.json"
fi
step solve solve "$out/big.json" --json --allow-large
grep -m1 '"status"' "$out/solve.out"
