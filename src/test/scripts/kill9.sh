#!/usr/bin/env bash
# kill -9 campaign (issue 9): start a command, kill -9 it at a random moment, and check that no
# partial file or folder exists under a final name; after the last kill of each command, one
# complete run in the same place must leave no temporary (*taskmix-tmp-*) behind.
#
#   bash src/test/scripts/kill9.sh [JAR] [KILLS_PER_COMMAND] [WORKDIR]
#
# Defaults: target/taskmix.jar, 10 kills for each of the 5 commands (50 in all), a new temp dir.
# Seeded: RANDOM is seeded with SEED (default 9), so the kill moments repeat. KINDS (default
# "generate estimate solve repro demo") picks commands; MIN_MS and MAX_MS (milliseconds) override
# the kill window, e.g. to hit the end of a long demo where the report is written. KILL_AT=write
# waits until the command's first temporary appears (it has begun writing) and kills it 0-300 ms
# later, so every kill lands in the write phase.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
JAR="${1:-$ROOT/target/taskmix.jar}"
PER="${2:-10}"
WORK="${3:-$(mktemp -d "${TMPDIR:-/tmp}/taskmix-kill9.XXXXXX")}"
RANDOM="${SEED:-9}"
JAVA="${JAVA:-java}"
J=("$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR")
PROBLEM="$ROOT/problems/paper-task-selection.json"
mkdir -p "$WORK"
cd "$WORK" || exit 2
echo "work dir: $WORK"

# Embeddings for `estimate`, made once by a complete run.
"${J[@]}" generate samples "$PROBLEM" --count 200000 --seed 3 --out emb.npy --quiet > /dev/null || exit 2

cmd_of() {
    case "$1" in
        demo)     echo "demo --no-train --samples 50 --k 4 --out demo --quiet" ;;
        repro)    echo "reproduce overthinking --quick --out repro --quiet" ;;
        solve)    echo "solve $PROBLEM --out solve --quiet" ;;
        estimate) echo "estimate --task a=emb.npy --target-identity --out est.json --quiet" ;;
        generate) echo "generate samples $PROBLEM --count 1500000 --seed 5 --out gen.npy --quiet" ;;
    esac
}
final_of() {
    case "$1" in
        demo) echo demo ;; repro) echo repro ;; solve) echo solve ;; estimate) echo est.json ;; generate) echo gen.npy ;;
    esac
}
# Longest kill delay per command, in milliseconds (about its run time on a loaded 2-core machine).
max_ms_of() {
    case "$1" in
        demo) echo 20000 ;; repro) echo 6000 ;; solve) echo 4000 ;; estimate) echo 2500 ;; generate) echo 5000 ;;
    esac
}

# Complete, or absent: a folder must hold its result files and every JSON in it must parse;
# an NPY must be as long as its header says; a JSON file must parse.
check_final() {
    local kind="$1" f
    f="$(final_of "$kind")"
    [[ -e "$f" ]] || { echo absent; return 0; }
    case "$kind" in
        demo)  [[ -f demo/report.json && -f demo/index.html ]] || { echo "PARTIAL folder demo"; return 1; } ;;
        repro) [[ -f repro/result.json && -f repro/summary.md ]] || { echo "PARTIAL folder repro"; return 1; } ;;
        solve) [[ -f solve/solution.json && -f solve/weights.csv ]] || { echo "PARTIAL folder solve"; return 1; } ;;
    esac
    if [[ "$kind" == generate ]]; then
        python3 - "$f" <<'PY' || { echo "PARTIAL file $f"; return 1; }
import sys, ast, os, struct
p = sys.argv[1]
b = open(p, 'rb').read(4096)
assert b[:6] == b'\x93NUMPY'
hl = struct.unpack('<H', b[8:10])[0]
h = ast.literal_eval(b[10:10 + hl].decode('latin1'))
r, c = h['shape']
item = 4 if h['descr'][-1] == '4' else 8
assert os.path.getsize(p) == 10 + hl + r * c * item, 'length'
PY
    else
        find "$f" -name '*.json' -print0 | xargs -0 -r -n1 python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
            || { echo "PARTIAL json under $f"; return 1; }
    fi
    echo complete
}

kills=0; finished=0; absent=0; complete=0; partial=0; stale=0; seen=0
for kind in ${KINDS:-generate estimate solve repro demo}; do
    read -r -a args <<< "$(cmd_of "$kind")"
    max="${MAX_MS:-$(max_ms_of "$kind")}"
    for ((i = 0; i < PER; i++)); do
        rm -rf "$(final_of "$kind")"
        "${J[@]}" "${args[@]}" > /dev/null 2>&1 &
        pid=$!
        if [[ "${KILL_AT:-}" == write ]]; then
            # Poll for the first temporary of this process (writing has begun), up to 10 minutes.
            for ((t = 0; t < 12000; t++)); do
                [[ -n "$(find "$WORK" -name "*taskmix-tmp-${pid}-*" -print -quit)" ]] && break
                kill -0 "$pid" 2> /dev/null || break
                sleep 0.05
            done
            ms=$(( RANDOM % 300 ))
        else
            ms=$(( ${MIN_MS:-200} + RANDOM % max ))
        fi
        sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
        # A process that already exited is not counted as killed.
        if kill -0 "$pid" 2> /dev/null && kill -9 "$pid" 2> /dev/null; then
            kills=$((kills + 1)); how="killed"
        else
            finished=$((finished + 1)); how="had finished"
        fi
        wait "$pid" 2> /dev/null
        now="$(find "$WORK" -name "*taskmix-tmp-*" | wc -l)"
        seen=$((seen + now))
        state="$(check_final "$kind")" || partial=$((partial + 1))
        case "$state" in absent) absent=$((absent + 1)) ;; complete) complete=$((complete + 1)) ;; esac
        echo "$kind run $i $how at ${ms} ms: final name $state; temporaries on disk now: $now"
    done
    # The next (complete) run in the same place removes every temporary the killed ones left.
    rm -rf "$(final_of "$kind")"
    "${J[@]}" "${args[@]}" > /dev/null || { echo "$kind: the complete run failed"; partial=$((partial + 1)); }
    left="$(find "$WORK" -name "*taskmix-tmp-*" | wc -l)"
    echo "$kind: complete run done; temporaries left anywhere: $left"
    stale=$((stale + left))
done
echo "kill9: $kills killed with -9 ($finished had finished first); final name absent $absent, complete $complete," \
    "partial $partial; temporaries seen after kills (summed) $seen, left after the next complete run $stale"
[[ $partial -eq 0 && $stale -eq 0 ]]
