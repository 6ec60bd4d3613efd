#!/usr/bin/env bash
# The figures of the CLI clean-up (issue 10), reproducible from a checkout:
#   1. duplicates in src/main: all pairs, and the pairs with a side in cli/ or the settings records;
#   2. methods over 80 lines in src/main (src/bench/tools/long_methods.py);
#   3. with HELP_DIR set: every command's --help written to HELP_DIR/<command>.txt, to diff two builds
#      (e.g. HELP_DIR=/tmp/help-main on main, HELP_DIR=/tmp/help-branch here, then diff -r).
# Usage: src/bench/tools/cli-figures.sh   (after mvn -B -q package -DskipTests; needs `duplicates` on PATH)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
out="$(mktemp -d "${TMPDIR:-/tmp}/cli-figures.XXXXXX")"
duplicates --repo src/main --most 200 --seconds 120 > "$out/duplicates.txt"
echo "duplicates (src/main): $(head -1 "$out/duplicates.txt")"
mine='cli/|catalog/(TrainingSettings|Settings|Spelled)|selection/SolverSettings|io/(TransformerSettingsReader|SolverSettingsReader)'
echo "  rows with a side in cli/ or the settings records: $(grep -E '^D' "$out/duplicates.txt" | grep -cE "$mine")"
python3 src/bench/tools/long_methods.py --limit 80 src/main/java
if [[ -n "${HELP_DIR:-}" ]]; then
  mkdir -p "$HELP_DIR"
  jar=target/taskmix.jar
  java -jar "$jar" --help > "$HELP_DIR/_root.txt"
  for c in $(awk '/^Commands:/{p=1;next} p&&/^  [a-z]/{print $1}' "$HELP_DIR/_root.txt"); do
    java -jar "$jar" "$c" --help > "$HELP_DIR/$c.txt"
    for s in $(awk '/^Commands:/{p=1;next} p&&/^  [a-z]/{print $1}' "$HELP_DIR/$c.txt"); do
      java -jar "$jar" "$c" "$s" --help > "$HELP_DIR/$c-$s.txt"
    done
  done
  echo "help of every command written to $HELP_DIR"
fi
rm -rf "$out"
