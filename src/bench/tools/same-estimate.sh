#!/usr/bin/env bash
# Checks that a refactoring of the sample readers (NPY/NPZ) and of the covariance estimator left
# `estimate` alone: writes float16/float32/big-endian float64/Fortran-order NPY files and two NPZ
# archives (numpy, seeded), runs `estimate --json` with two builds and compares the problem files
# and the masked --json byte for byte.
# Usage: src/bench/tools/same-estimate.sh BEFORE.jar AFTER.jar   (needs python3 with numpy)
# Prints SAME or DIFF per case; exits 1 if any differs.
set -uo pipefail
before="$1"; after="$2"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/same-estimate.XXXXXX")"
python3 - "$tmp" <<'PY'
import sys, numpy as np
d = sys.argv[1]; rng = np.random.default_rng(7); x = rng.standard_normal((5000, 12))
np.save(d + '/f32.npy', x.astype('<f4')); np.save(d + '/f16.npy', x.astype('<f2'))
np.save(d + '/f64be.npy', x.astype('>f8')); np.save(d + '/fort.npy', np.asfortranarray(x.astype('<f4')))
np.savez(d + '/z.npz', a=x.astype('<f4'), b=(2 * x).astype('<f8')); np.savez_compressed(d + '/zc.npz', a=x.astype('<f2'))
np.save(d + '/t.npy', rng.standard_normal((3000, 12)).astype('<f4'))
PY
status=0
run() { # label, estimate arguments...
  local label="$1"; shift
  for v in before after; do
    jar="$before"; [ "$v" = after ] && jar="$after"
    mkdir -p "$tmp/$v"  # the same file name in both runs: the problem is named after it
    java -jar "$jar" estimate "$@" --out "$tmp/$v/problem.json" --json 2>/dev/null \
      | grep -vE 'econds|startTime|"started"|"commandLine"|"time|"date|"host|perSecond|PerSecond|"out"' > "$tmp/$v.stdout"
  done
  if cmp -s "$tmp/before/problem.json" "$tmp/after/problem.json" && cmp -s "$tmp/before.stdout" "$tmp/after.stdout"; then
    echo "SAME $label ($(wc -c < "$tmp/after/problem.json") + $(wc -c < "$tmp/after.stdout") bytes)"
  else
    echo "DIFF $label"; diff "$tmp/before/problem.json" "$tmp/after/problem.json" | head -5
    diff "$tmp/before.stdout" "$tmp/after.stdout" | head -5; status=1
  fi
}
run "npy f32/f16/f64be/fortran" --task "a=$tmp/f32.npy" --task "b=$tmp/f16.npy" --task "c=$tmp/f64be.npy" \
  --task "d=$tmp/fort.npy" --target "$tmp/t.npy"
run "npz f32/f64/compressed f16" --task "a=$tmp/z.npz:a" --task "b=$tmp/z.npz:b" --task "c=$tmp/zc.npz" \
  --target-identity --center
run "npy threads 3, bootstrap" --task "a=$tmp/f32.npy" --task "b=$tmp/f16.npy" --target-identity --threads 3 \
  --bootstrap 20
rm -rf "$tmp"
exit $status
