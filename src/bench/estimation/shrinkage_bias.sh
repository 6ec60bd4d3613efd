#!/usr/bin/env bash
# Hardness bias of raw vs OAS-shrunk estimates: d = 50, 5,000 samples per task, seeds 1..SEEDS.
# Ground truth: generate paper-task-selection --dimension 50 --tasks-per-type 1 --seed 7
# (easy-short-1 has true hardness 786.7). Prints one line per task and estimator:
# true hardness, mean and range of the estimate over seeds, and the mean relative bias.
#   bash src/bench/estimation/shrinkage_bias.sh [JAR] [SEEDS]
set -euo pipefail
JAR="${1:-target/taskmix.jar}"
SEEDS="${2:-8}"
W="$(mktemp -d)"
J=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR")
"${J[@]}" generate paper-task-selection --dimension 50 --tasks-per-type 1 --seed 7 --quiet --out "$W/true.json" > /dev/null
TASKS=(easy-short-1 easy-long-1 hard-short-1 hard-long-1)
"${J[@]}" inspect "$W/true.json" --json > "$W/true-inspect.json"
for s in $(seq 1 "$SEEDS"); do
  args=()
  for i in "${!TASKS[@]}"; do
    "${J[@]}" generate samples "$W/true.json" --task "${TASKS[$i]}" --count 5000 --seed "$((s * 100 + i))" \
        --out "$W/$s-${TASKS[$i]}.npy" > /dev/null
    args+=(--task "${TASKS[$i]}=$W/$s-${TASKS[$i]}.npy")
  done
  "${J[@]}" estimate "${args[@]}" --target-identity --shrinkage oas --bootstrap 200 --seed "$s" --json -q \
      --out "$W/est-$s.json" > "$W/est-$s.out.json"
done
python3 - "$W" "$SEEDS" <<'PY'
import json, sys
w, seeds = sys.argv[1], int(sys.argv[2])
true = {t["name"]: t["hardness"] for t in json.load(open(f"{w}/true-inspect.json"))["tasks"]}
rows = {}
for s in range(1, seeds + 1):
    for t in json.load(open(f"{w}/est-{s}.out.json"))["tasks"]:
        r = rows.setdefault(t["name"], {"raw": [], "oas": [], "bc": [], "cover": 0, "rho": []})
        r["raw"].append(t["rawHardness"]); r["oas"].append(t["hardness"]); r["rho"].append(t["shrinkageIntensity"])
        r["bc"].append(t["hardnessBiasCorrected"])
        r["cover"] += t["hardnessLow"] <= true[t["name"]] <= t["hardnessHigh"]
print(f"{'task':14s} {'true':>8s} {'raw mean':>9s} {'raw range':>17s} {'raw bias':>8s} {'oas mean':>9s} {'oas range':>17s} {'oas bias':>8s} {'rho':>7s} {'oas+bc mean':>11s} {'bc bias':>8s} {'90% CI covers':>13s}")
for name, r in rows.items():
    t = true[name]; rm = sum(r["raw"]) / len(r["raw"]); om = sum(r["oas"]) / len(r["oas"])
    print(f"{name:14s} {t:8.1f} {rm:9.1f} {min(r['raw']):8.1f}..{max(r['raw']):7.1f} {100*(rm/t-1):+7.1f}% {om:9.1f}"
          f" {min(r['oas']):8.1f}..{max(r['oas']):7.1f} {100*(om/t-1):+7.1f}% {sum(r['rho'])/len(r['rho']):7.4f}"
          f" {sum(r['bc'])/len(r['bc']):11.1f} {100*(sum(r['bc'])/len(r['bc'])/t-1):+7.1f}% {r['cover']:>6d}/{seeds}")
PY
rm -rf "$W"
