#!/usr/bin/env bash
# Side by side: numpy's whole-file float32 X.T @ X (gram_peer.py whole) and
# `taskmix estimate` on the same NPY file, alternated ROUNDS times so both see the same load.
# Prints wall, user and sys seconds, max RSS and the load average around each run.
#
#   src/bench/numpy/alternate.sh JAR FILE.npy [ROUNDS]
#
# Make the file first:  python3 src/bench/numpy/gram_peer.py make x768.npy 1000000 768
# JAVA (default: java) runs the jar directly, without the launcher's start-up cache, with
# JAVA_FLAGS (default: --add-modules jdk.incubator.vector, which enables the Vector API
# covariance kernel; JAVA_FLAGS=-Dtaskmix.vector=false times the plain-Java kernel).
set -euo pipefail
jar="$1"; npy="$2"; rounds="${3:-2}"
java_bin="${JAVA:-java}"
read -r -a java_flags <<< "${JAVA_FLAGS---add-modules jdk.incubator.vector}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mktemp -d "${TMPDIR:-/tmp}/taskmix-alternate.XXXXXX")"
run() { # label, command...
  local label="$1"; shift
  local before; before="$(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "%e %U %S %M" "$@" > "$out/stdout" 2> "$out/stderr"
  local after; after="$(cut -d' ' -f1-3 /proc/loadavg)"
  tail -1 "$out/stderr" | awk -v l="$label" -v b="$before" -v a="$after" \
    '{printf "%-8s wall %7.1f s  user %6.1f s  sys %5.1f s  maxRSS %5.0f MB  load %s -> %s\n", l, $1, $2, $3, $4/1024, b, a}'
}
for r in $(seq 1 "$rounds"); do
  run numpy env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/gram_peer.py" whole "$npy"
  run taskmix "$java_bin" "${java_flags[@]}" -jar "$jar" estimate --task "a=$npy" --target-identity --out "$out/estimate.json" -q
done
rm -rf "$out"
