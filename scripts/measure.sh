#!/usr/bin/env bash
# Re-measure every figure in README "Measurements" and the model card, with default
# settings (the shipped model on), into OUT (default runs/measure-DATE/):
#   fixtext eval on the examples, held-out noised text, clean held-out news, JFLEG dev and
#   all MLQE-PE pairs;
#   benchmarks/quality.py (fixtext vs LanguageTool alone vs Harper); scripts/class_recall.py
#   (the pipeline on each noise class alone).
# Two jobs run at a time (2 cores). Speed is measured alone: benchmarks/speed.py.
# Usage: scripts/measure.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-runs/measure-$(date +%Y%m%d-%H%M)}"
SHARED=../shared
mkdir -p "$OUT"
FIXTEXT=.venv/bin/fixtext
.venv/bin/fixtext languagetool start >/dev/null

run() {  # NAME COMMAND...: stdout to OUT/NAME, stderr to OUT/NAME.err
  local name=$1
  shift
  "$@" >"$OUT/$name" 2>"$OUT/$name.err" || echo "failed: $name (see $OUT/$name.err)" >&2
}

run examples.json "$FIXTEXT" eval --set examples --format json &
run synthetic.json "$FIXTEXT" eval --set "$SHARED/corpus/enwiki-2018.heldout.txt" --limit 300 \
  --format json
wait
# 10,000 words of clean held-out news, British (BBC, in en-GB and en-US) and American
# (fnc1): paragraphs changed must be 0
run news-bbc-gb.json "$FIXTEXT" eval --set "$SHARED/corpus/bbc-news.heldout.txt" --clean \
  --limit 167 --language en-GB --format json &
run news-bbc-us.json "$FIXTEXT" eval --set "$SHARED/corpus/bbc-news.heldout.txt" --clean \
  --limit 167 --format json
wait
run news-fnc1-us.json "$FIXTEXT" eval --set "$SHARED/corpus/fnc1-news.heldout.txt" --clean \
  --limit 286 --format json &
run jfleg.json "$FIXTEXT" eval --set "$SHARED/eval/jfleg-dev" --limit 300 --format json
wait

for pair in ro-en ru-en et-en ne-en si-en; do
  run "mt-$pair.json" "$FIXTEXT" eval --set "$SHARED/eval/mt-postedit/$pair" --format json
done
wait
run quality.md .venv/bin/python benchmarks/quality.py --json "$OUT/quality.json" &
run class_recall.txt .venv/bin/python scripts/class_recall.py --per-class 40
wait
echo "measurements in $OUT"
