#!/usr/bin/env bash
# Checks that a refactoring left every number alone: runs each command below with two builds of
# taskmix and compares their --json output byte for byte, after dropping the lines that differ
# by nature (times, rates, start time, command line, host).
# Usage: src/bench/tools/same-output.sh BEFORE.jar AFTER.jar
#   (e.g. BEFORE.jar built from the merge base, AFTER.jar = target/taskmix.jar of this branch)
# Prints SAME or DIFF (with the first differing lines) per command; exits 1 if any differs.
set -uo pipefail
before="$1"
after="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/same-output.XXXXXX")"
status=0
masked() {
  java -jar "$1" "${@:2}" --json 2>/dev/null \
    | grep -vE 'econds|startTime|"started"|"commandLine"|"time|"date|"host|perSecond|PerSecond'
}
run() {
  masked "$before" "$@" > "$tmp/before.json"
  masked "$after" "$@" > "$tmp/after.json"
  if cmp -s "$tmp/before.json" "$tmp/after.json"; then
    echo "SAME $* ($(wc -c < "$tmp/after.json") bytes)"
  else
    echo "DIFF $*"
    diff "$tmp/before.json" "$tmp/after.json" | head -10
    status=1
  fi
}
run solve problems/tiny.json --solver ojalgo-active-set
run solve problems/tiny.json --solver ojalgo-admm
run solve problems/tiny.json --solver first-order
run solve problems/paper-task-selection.json --solver ojalgo-admm
run solve problems/paper-task-selection.json --solver first-order
run predict problems/tiny.json --mixture uniform
run predict problems/paper-task-selection.json --mixture uniform --samples 300
run inspect problems/tiny.json
run compare problems/tiny.json --mixtures uniform,surrogate --samples 50
run validate problems/tiny.json --mixture uniform --steps 50 --test-prompts 200
run reproduce overthinking --quick --steps 30 --test-prompts 100 --samples 100 --out "$tmp/ro"
run reproduce compute-vs-context --quick --steps 30 --test-prompts 100 --samples 100 --out "$tmp/rc"
run reproduce task-selection --quick --steps 20 --test-prompts 50 --samples 50 --out "$tmp/rt"
run reproduce overthinking --reading list --samples 100
run generate power-law --tasks 3 --dimension 4 --out "$tmp/gen.json"
rm -rf "$tmp"
exit $status
