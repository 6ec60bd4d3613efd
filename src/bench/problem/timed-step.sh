# Sourced by the issue-13 bench scripts: step NAME ARGS... runs "$jar" ARGS with /usr/bin/time -v,
# output in "$out/NAME.out" and ".err", and prints wall, user, sys, max RSS and the load average
# before and after. Needs jar and out set; JAVA (default java) and JAVA_OPTS are honoured.
step() {
  local name="$1"; shift
  local before; before="$(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -v "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$jar" "$@" > "$out/$name.out" 2> "$out/$name.err"
  local after; after="$(cut -d' ' -f1-3 /proc/loadavg)"
  awk -v n="$name" -v b="$before" -v a="$after" -F': ' '
    /Elapsed/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
    END {printf "%-8s wall %s  user %s s  sys %s s  maxRSS %.0f MB  load %s -> %s\n", n, w, u, s, r/1024, b, a}' "$out/$name.err"
}
