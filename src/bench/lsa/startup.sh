#!/bin/sh
# Whole-process times of short taskmix commands, run alternately with their alternatives:
#   inspect problems/tiny.json through bin/taskmix with the start-up cache, without it
#   (TASKMIX_NO_CACHE=1), and with Java 17 + AppCDS; solve at T = 100 (power-law, d = 16) through
#   bin/taskmix beside Python + cvxopt (solve_peer.py) on the same problem file.
# Usage: src/bench/lsa/startup.sh [ROUNDS]   (default 10; medians of wall and CPU seconds)
# Needs: target/taskmix.jar, /usr/bin/time, python3 with numpy and cvxopt (Debian: python3-cvxopt).
set -eu
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-10}
PY=${PYTHON:-/usr/bin/python3}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/taskmix-startup.XXXXXX")
trap 'rm -rf "$OUT"' EXIT INT TERM
bin/taskmix generate power-law --dimension 16 --tasks 100 --seed 1 --matrices --out "$OUT/t100.json" >/dev/null
# First uses make the caches (not timed).
bin/taskmix inspect problems/tiny.json >/dev/null
TASKMIX_JAVA=java bin/taskmix inspect problems/tiny.json >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "uptime before: $(uptime)"
timed() { # label, command...
  label=$1; shift
  /usr/bin/time -f "$label %e %U %S" -a -o "$OUT/times" "$@" >/dev/null 2>"$OUT/err" || { cat "$OUT/err" >&2; exit 1; }
}
r=0
while [ "$r" -lt "$ROUNDS" ]; do
  timed inspect-cache bin/taskmix inspect problems/tiny.json
  TASKMIX_NO_CACHE=1 timed inspect-plain bin/taskmix inspect problems/tiny.json
  TASKMIX_JAVA=java timed inspect-java17-appcds bin/taskmix inspect problems/tiny.json
  timed solve-T100-taskmix bin/taskmix solve "$OUT/t100.json" --json
  timed solve-T100-cvxopt "$PY" src/bench/lsa/solve_peer.py "$OUT/t100.json"
  r=$((r + 1))
done
echo "uptime after: $(uptime)"
"$PY" - "$OUT/times" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 4:
        rows.setdefault(f[0], []).append((float(f[1]), float(f[2]) + float(f[3])))
for k, v in rows.items():
    print(f"{k:24s} wall {statistics.median(x[0] for x in v):.3f} s  cpu {statistics.median(x[1] for x in v):.3f} s"
          f"  (median of {len(v)}; fastest wall {min(x[0] for x in v):.3f} s)")
EOF
