#!/usr/bin/env bash
# Reproduces the figures of the "one study engine" change (issue 10):
#  1. `reproduce` gives the same numbers through org.taskmix.study.Study as through the old
#     experiment runner: runs the three experiments with --quick --seed 3 on two jars and diffs
#     result.json, table.csv and summary.md (timings, load and the command line masked) and the
#     figures byte for byte;
#  2. wall and CPU seconds of each run (/usr/bin/time), with the load average before it.
#
# Usage: src/bench/study/reproduce-same.sh OLD.jar NEW.jar [OUTDIR]
#   OLD.jar: e.g. built from commit cf76385 (git archive cf76385 | tar -x -C DIR; mvn -o package -DskipTests)
#   NEW.jar: target/taskmix.jar of this branch
# Exit status 0 if every experiment's outputs are the same, 1 otherwise.
set -euo pipefail
old="$1"; new="$2"; out="${3:-/tmp/feat-study/reproduce-same}"
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1700000000   # fixed provenance date in both runs
mask() { sed -E 's/"[a-zA-Z]*([sS]econds|loadAverage[A-Za-z]*)" : [^,}]*//g; /"commandLine"/d; s/Run time [0-9.]+ s/Run time/; s/train [0-9.]+ s, measure [0-9.]+ s, predict [0-9.]+ s//' "$1"; }
status=0
for e in compute-vs-context overthinking task-selection; do
  for v in old new; do
    jar=$old; [[ $v == new ]] && jar=$new
    echo "$e $v: load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
    /usr/bin/time -f "$e $v: %e s wall, %U s user, %S s sys" java -jar "$jar" reproduce "$e" --quick --seed 3 --quiet \
      --out "$out/$v-$e" > /dev/null
  done
  for f in result.json table.csv summary.md; do
    if ! diff -q <(mask "$out/old-$e/$f") <(mask "$out/new-$e/$f") > /dev/null; then
      echo "DIFFERS: $e/$f"; diff <(mask "$out/old-$e/$f") <(mask "$out/new-$e/$f") | head -20; status=1
    fi
  done
  for f in "$out"/new-"$e"/*.png; do
    cmp -s "$f" "$out/old-$e/$(basename "$f")" || { echo "DIFFERS: $e/$(basename "$f")"; status=1; }
  done
  [[ $status == 0 ]] && echo "SAME: $e"
done
exit $status
