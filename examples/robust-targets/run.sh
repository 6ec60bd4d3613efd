#!/usr/bin/env bash
# Several downstream targets: the weighted-sum mixture vs the robust (worst-target) mixture.
#
#   bash examples/robust-targets/run.sh [WORKDIR]
#
# Environment: TASKMIX_JAR (default: target/taskmix.jar under the repo root), JAVA (default: java),
# K (CoT length at which the per-target test error is predicted, default 4).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${TASKMIX_JAR:-$ROOT/target/taskmix.jar}"
JAVA="${JAVA:-java}"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/taskmix-robust.XXXXXX")}"
K="${K:-4}"
PROBLEM="$HERE/problem.json"
# Each step is a short JVM run: C1-only JIT and the serial GC start fastest.
read -r -a JOPTS <<< "${TASKMIX_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"

[[ -f "$JAR" ]] || { echo "run.sh: no jar at $JAR (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }
mkdir -p "$WORK"
taskmix() { "$JAVA" "${JOPTS[@]}" -jar "$JAR" "$@"; }
echo "work dir: $WORK"

# 1. Three benchmarks with weights 0.6 / 0.3 / 0.1; six tasks. Diagnostics per target.
echo; echo "== 1. inspect: 6 tasks, 3 targets (math-eval 0.6, code-eval 0.3, chat-eval 0.1)"
taskmix inspect "$PROBLEM" --quiet --out "$WORK/inspect"

# 2. The weighted-sum mixture: minimises 0.6 f_math + 0.3 f_code + 0.1 f_chat.
# 3. The robust mixture: minimises max(f_math, f_code, f_chat), solved exactly and certified
#    with the default tolerances. The two solves are independent, so they run side by side.
echo; echo "== 2-3. solve: weighted sum, and --robust"
taskmix solve "$PROBLEM" --quiet --json --out "$WORK/weighted-sum" > "$WORK/weighted-sum.json" &
ws=$!
taskmix solve "$PROBLEM" --robust --quiet --json --out "$WORK/robust" > "$WORK/robust.json"
wait "$ws"
grep -h -E '^  "(status|objective|mode|iterations)"' "$WORK/weighted-sum.json" "$WORK/robust.json"

# 4. The two mixtures, and each target under both: the surrogate objective and the CoT error
#    after K steps.
echo; echo "== 4. weights and per-target objectives"
"$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/PerTarget.java" "$PROBLEM" "$WORK/weighted-sum.json" "$WORK/robust.json" \
    "$K" "$WORK/per-target.json"
