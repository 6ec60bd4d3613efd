#!/bin/bash
# Compares `taskmix COMMAND --help` of every command between two jars (a refactoring of the
# option declarations must leave every help line alone). Usage: src/bench/tools/same-help.sh BEFORE.jar AFTER.jar
# Prints SAME or DIFF (with the first differing lines) per command; exits 1 if any differs.
old=$1; new=$2; st=0
for c in "" solve predict inspect compare validate reproduce generate "generate power-law" "generate paper-task-selection" estimate demo; do
  a=$(java -jar $old $c --help 2>&1); b=$(java -jar $new $c --help 2>&1)
  if [ "$a" == "$b" ]; then echo "SAME help: $c"; else echo "DIFF help: $c"; diff <(echo "$a") <(echo "$b") | head -20; st=1; fi
done
exit $st
