#!/bin/sh
# Issue 12's acceptance check of the finite-m exact objective (docs/theory.md §7.3): on the 5
# random problems of SaaCheck (d = 8, 5 tasks, K = 8, m = 100, n = 20), the SAA weights against
# the best of 20 random restarts (2048 fixed prompts each), selected on 100,000 fresh prompts and
# compared on another 100,000 (paired, k = 1 control variate). Prints one block per problem with
# ours/best - 1 and its 95% interval, the certificate, N, evaluations, wall and CPU seconds.
#
# Usage: src/bench/exact/saa_check.sh [OUTDIR]   (from the repository root; minutes per problem)
# Each problem runs in its own JVM; set SEQUENTIAL=1 to run them one after another, and
# SUPPLEMENTARY=1 to add problem 1 on 400,000 more prompts.
set -eu
out=${1:-/tmp/taskmix-saa-check}
mkdir -p "$out"
mvn -B -q -o package -DskipTests
mvn -B -q -o test-compile
cp target/taskmix.jar "$out/taskmix.jar"
rm -rf "$out/test-classes" && cp -r target/test-classes "$out/test-classes"
uptime > "$out/load-start.txt"
for p in 0 1 2 3 4; do
    ( /usr/bin/time -v java -cp "$out/taskmix.jar:$out/test-classes" org.taskmix.theory.SaaCheck 1 100000 20 2048 "$p" \
        > "$out/problem-$p.log" 2> "$out/problem-$p.time"; uptime >> "$out/problem-$p.log" ) &
    if [ "${SEQUENTIAL:-0}" = 1 ]; then wait; fi
done
wait
cat "$out"/problem-*.log
# Problem 1's supplementary comparison on 400,000 more independent prompts (docs/theory.md §7.3):
if [ "${SUPPLEMENTARY:-0}" = 1 ]; then
    java -cp "$out/taskmix.jar:$out/test-classes" org.taskmix.theory.SaaCheck 1 100000 20 2048 1 400000 \
        > "$out/problem-1-supplementary.log"
    cat "$out/problem-1-supplementary.log"
fi
