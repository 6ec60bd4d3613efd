#!/bin/sh
# Whole-process times of short taskmix commands, run alternately with their alternatives
# (docs/benchmarks.md §4, §12):
#   inspect problems/tiny.json and --version through bin/taskmix as it starts by default (a JDK
#   25 with its AOT cache if one is found, else the default java with AppCDS), on Java 17 with
#   its AppCDS archive (TASKMIX_JAVA=java), without any archive (TASKMIX_NO_CACHE=1, Java 17),
#   and with the optimising compiler kept on (JAVA_OPTS=-XX:TieredStopAtLevel=4, Java 17, to show
#   what the launcher's C1-only choice saves);
#   solve at T = 100 (power-law, d = 16) through bin/taskmix (both JVMs) beside Python + cvxopt
#   (solve_peer.py) on the same problem file.
#   With BASE=DIR (another checkout with its target/taskmix.jar built, e.g. the commit before a
#   change), its bin/taskmix runs inspect and solve in the same rounds ("base-" rows).
#   The floor (docs/benchmarks.md §12), when a JDK 25 is installed: a trivial main (prints one
#   line) with its own AOT cache, and the same main on taskmix's AOT cache and class path (what
#   any taskmix command pays before its first line of code runs).
# Then, once, the classes each variant of inspect loads and how many came from the archive
#   (-Xlog:class+load), and how many of them are picocli's, Jackson's, ojAlgo's and EJML's.
# With RT=1 every timed command runs under `chrt -f 10` (real-time priority, needs root): on a
#   machine busy with ordinary (time-shared) processes this comes near an idle machine's wall
#   times, for taskmix and the peer alike. Keep the commands short: nothing else runs on a core
#   while they do.
# Usage: [BASE=DIR] [RT=1] src/bench/lsa/startup.sh [ROUNDS]   (default 10; medians of wall and CPU
#   seconds, CPU = user + sys of the whole process tree, /usr/bin/time)
# Needs: target/taskmix.jar, /usr/bin/time, python3 with numpy and cvxopt (Debian: python3-cvxopt).
set -eu
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-10}
PY=${PYTHON:-/usr/bin/python3}
BASE=${BASE:-}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/taskmix-startup.XXXXXX")
trap 'rm -rf "$OUT"' EXIT INT TERM
bin/taskmix generate power-law --dimension 16 --tasks 100 --seed 1 --matrices --out "$OUT/t100.json" >/dev/null
# First uses make the caches (not timed).
bin/taskmix inspect problems/tiny.json >/dev/null
TASKMIX_JAVA=java bin/taskmix inspect problems/tiny.json >/dev/null
[ -n "$BASE" ] && TASKMIX_JAVA=java "$BASE/bin/taskmix" inspect problems/tiny.json >/dev/null
# The floor: a trivial main, on a JDK 25 if there is one (same flags as the launcher's short commands).
J25=$(ls -d /usr/lib/jvm/*25*/bin 2>/dev/null | head -1 || true)
TASKMIX_CACHE=$(ls target/cache/taskmix-*-25-*.aot 2>/dev/null | head -1 || true)
if [ -n "$J25" ] && [ -x "$J25/javac" ]; then
  printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$OUT/Hello.java"
  "$J25/javac" -d "$OUT" "$OUT/Hello.java" && "$J25/jar" cf "$OUT/hello.jar" -C "$OUT" Hello.class
  "$J25/java" -XX:AOTCacheOutput="$OUT/hello.aot" -cp "$OUT/hello.jar" Hello >/dev/null 2>&1
fi
FLOOR="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "uptime before: $(uptime)"
PRIO=
[ "${RT:-0}" = 1 ] && PRIO="chrt -f 10" && echo "timed commands run under: $PRIO"
timed() { # label, command...
  label=$1; shift
  # shellcheck disable=SC2086 # PRIO is a word list or empty
  $PRIO /usr/bin/time -f "$label %e %U %S" -a -o "$OUT/times" "$@" >/dev/null 2>"$OUT/err" || { cat "$OUT/err" >&2; exit 1; }
}
r=0
while [ "$r" -lt "$ROUNDS" ]; do
  timed inspect-default bin/taskmix inspect problems/tiny.json
  TASKMIX_JAVA=java timed inspect-java17-appcds bin/taskmix inspect problems/tiny.json
  TASKMIX_JAVA=java TASKMIX_NO_CACHE=1 timed inspect-java17-no-archive bin/taskmix inspect problems/tiny.json
  TASKMIX_JAVA=java JAVA_OPTS=-XX:TieredStopAtLevel=4 timed inspect-java17-c2-kept bin/taskmix inspect problems/tiny.json
  timed version-default bin/taskmix --version
  if [ -n "$J25" ] && [ -f "$OUT/hello.aot" ]; then
    # shellcheck disable=SC2086 # FLOOR is a list of options
    timed floor-trivial-main-own-aot "$J25/java" -XX:AOTCache="$OUT/hello.aot" $FLOOR -cp "$OUT/hello.jar" Hello
    if [ -n "$TASKMIX_CACHE" ]; then
      # shellcheck disable=SC2086
      timed floor-trivial-main-taskmix-aot "$J25/java" -XX:AOTCache="$TASKMIX_CACHE" $FLOOR \
        -cp target/taskmix.jar:"$OUT/hello.jar" Hello
    fi
  fi
  if [ -n "$BASE" ]; then
    TASKMIX_JAVA=java timed base-inspect-java17-appcds "$BASE/bin/taskmix" inspect problems/tiny.json
    TASKMIX_JAVA=java timed base-solve-T100-java17-appcds "$BASE/bin/taskmix" solve "$OUT/t100.json" --json
  fi
  timed solve-T100-default bin/taskmix solve "$OUT/t100.json" --json
  TASKMIX_JAVA=java timed solve-T100-java17-appcds bin/taskmix solve "$OUT/t100.json" --json
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
    print(f"{k:28s} wall {statistics.median(x[0] for x in v):.3f} s  cpu {statistics.median(x[1] for x in v):.3f} s"
          f"  (median of {len(v)}; fastest wall {min(x[0] for x in v):.3f} s)")
EOF
# Class counts: the launcher's own java command, with -Xlog:class+load added through JAVA_OPTS.
classes() { # label, launcher, env assignments...
  label=$1; launcher=$2; shift 2
  env "$@" JAVA_OPTS="-Xlog:class+load:file=$OUT/cl.log" "$launcher" inspect problems/tiny.json >/dev/null
  total=$(grep -c 'class,load' "$OUT/cl.log")
  shared=$(grep -c 'shared objects file' "$OUT/cl.log" || true)
  printf '%-28s %5d classes, %5d from the archive; picocli %d, Jackson %d, ojAlgo %d, EJML %d\n' "$label" "$total" "$shared" \
    "$(grep -c '] picocli\.' "$OUT/cl.log" || true)" "$(grep -c '] com\.fasterxml\.' "$OUT/cl.log" || true)" \
    "$(grep -c '] org\.ojalgo\.' "$OUT/cl.log" || true)" "$(grep -c '] org\.ejml\.' "$OUT/cl.log" || true)"
}
classes inspect-default bin/taskmix TASKMIX_UNUSED=1
classes inspect-java17-appcds bin/taskmix TASKMIX_JAVA=java
classes inspect-java17-no-archive bin/taskmix TASKMIX_JAVA=java TASKMIX_NO_CACHE=1
if [ -n "$BASE" ]; then
  classes base-inspect-java17-appcds "$BASE/bin/taskmix" TASKMIX_JAVA=java
fi
exit 0
