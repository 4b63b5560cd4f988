#!/usr/bin/env bash
# Re-measure every figure of docs/measurements.md, with default settings (the shipped
# model on), into OUT (default runs/measure-DATE/); `make measurements` runs this and then
# `python -m tools.measurements OUT`, which renders docs/measurements.md from OUT:
#   fixtext eval on the examples, held-out noised text, clean held-out news, JFLEG dev and
#   all MLQE-PE pairs (*.json: `fixtext eval --format json`);
#   benchmarks/quality.py (fixtext vs LanguageTool alone vs Harper: quality.md, quality.json);
#   tools/class_recall.py (the pipeline on each noise class alone: class_recall.txt);
#   tools/calibrate_word_choice.py (FT102 and the fluency guard: word-choice/report.json);
#   benchmarks/speed.py with the model, with FT102 too and without the model (speed.md,
#   speed-bert-all.md, speed-no-model.md), alone
#   at the end, since it times against LanguageTool; SPEED_WORDS="" skips it.
# Two jobs run at a time (2 cores). SHARED (default ../shared) is the data folder.
# Usage: tools/measure.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-runs/measure-$(date +%Y%m%d-%H%M)}"
SHARED="${SHARED:-../shared}"
SPEED_WORDS="${SPEED_WORDS-1000 10000 100000}"
mkdir -p "$OUT"
{
  echo "date: $(date -u +%Y-%m-%d)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- fixtext models || echo ' (with local changes)')"
  echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -m)"
} >"$OUT/run.txt"
FIXTEXT=.venv/bin/fixtext
PYTHON=.venv/bin/python
"$FIXTEXT" languagetool start >/dev/null

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
# The same with BERT's word-level detectors too (FT102, FT103: bert = "all"), smaller
for pair in ro-en ru-en et-en ne-en si-en; do
  run "mt-all-$pair.json" "$FIXTEXT" eval --set "$SHARED/eval/mt-postedit/$pair" --bert all \
    --limit 200 --format json
done
run examples-all.json "$FIXTEXT" eval --set examples --bert all --format json
run news-fnc1-all.json "$FIXTEXT" eval --set "$SHARED/corpus/fnc1-news.heldout.txt" --clean \
  --limit 286 --bert all --format json
run quality.md "$PYTHON" benchmarks/quality.py --json "$OUT/quality.json" &
run class_recall.txt "$PYTHON" -m tools.class_recall --per-class 40 --shared "$SHARED"
wait
run word-choice.log "$PYTHON" -m tools.calibrate_word_choice --out "$OUT/word-choice" \
  --clean 600 --noised 250 --mlqe 60 --guard 30
if [[ -n "$SPEED_WORDS" ]]; then
  # shellcheck disable=SC2086  # SPEED_WORDS is a list of sizes
  run speed.md "$PYTHON" benchmarks/speed.py --words $SPEED_WORDS
  # shellcheck disable=SC2086
  run speed-bert-all.md "$PYTHON" benchmarks/speed.py --words $SPEED_WORDS --bert all
  # shellcheck disable=SC2086
  run speed-no-model.md "$PYTHON" benchmarks/speed.py --words $SPEED_WORDS --no-model
fi
echo "measurements in $OUT"
