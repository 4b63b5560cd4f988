#!/usr/bin/env bash
# Train the larger fixtext model (SIZE_PRESETS["cuda"]) and its detector head on the
# device machine: one H200 lent to some sessions, 15 minutes of device time in all, no
# network, its own python3 with torch and transformers, and ../shared not carried.
#
#   1. here:    tools/train_gpu.sh prepare
#               gzips the default corpus sources (train and held-out) into .gpu/corpus/,
#               which git ignores, about 20 MB: what the device run carries.
#   2. device:  run tool, command "bash tools/train_gpu.sh device", carry [".gpu"],
#               timeout_s 600: trains the span model for SPAN_MINUTES (default 5.5), then
#               the detector head for DETECTOR_MINUTES (default 2.5), and writes the model
#               as $OUT/fixtext-gpu.tar.gz.aa, .ab, ... (15 MB pieces: the tool brings back
#               at most 8 files of 16 MiB).
#   3. here:    tools/train_gpu.sh unpack FILES_AT
#               joins the pieces into models/fixtext-gpu/, then calibrates its detector
#               (python -m tools.calibrate_detector). Measure it (fixtext eval --model
#               models/fixtext-gpu ...) before it replaces models/fixtext-small.
#
# SHARED (default ../shared, the data folder prepare reads), DEVICE, PYTHON, OUT,
# SPAN_MINUTES and DETECTOR_MINUTES override the defaults, so the device step can be
# rehearsed here: DEVICE=cpu PYTHON=.venv/bin/python OUT=/tmp/gpu
# SPAN_MINUTES=0.3 DETECTOR_MINUTES=0.2 tools/train_gpu.sh device
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=.gpu/model/fixtext-gpu
SHARED="${SHARED:-../shared}"

case "${1:-}" in
prepare)
  SOURCES=$(.venv/bin/python -c 'from fixtext.training.data import DEFAULT_SOURCES as s; print(*s)')
  grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>.git/info/exclude
  mkdir -p .gpu/corpus
  for source in $SOURCES; do
    for split in train heldout; do
      gzip -c "$SHARED/corpus/$source.$split.txt" >".gpu/corpus/$source.$split.txt.gz"
    done
  done
  du -sh .gpu/corpus
  ;;
device)
  PYTHON="${PYTHON:-python3}"
  OUT="${OUT:?OUT must name the folder that comes back}"
  export PYTHONUNBUFFERED=1 DEVICE="${DEVICE:-cuda}" MODEL
  export SPAN_MINUTES="${SPAN_MINUTES:-5.5}" DETECTOR_MINUTES="${DETECTOR_MINUTES:-2.5}"
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null || true
  "$PYTHON" - <<'EOF'
import os
from pathlib import Path

import torch

from fixtext.training.train import TrainConfig, train
from fixtext.training.train_detector import DetectorConfig, train_detector

device, model = os.environ["DEVICE"], Path(os.environ["MODEL"])
torch.backends.cuda.matmul.allow_tf32 = True
command = f"tools/train_gpu.sh device (DEVICE={device})"
record = train(TrainConfig(corpus=Path(".gpu/corpus"), out=model, device=device,
                           max_minutes=float(os.environ["SPAN_MINUTES"]), command=command))
print("span model:", record["steps"], "steps, final dev loss", record["final_dev_loss"])
record = train_detector(DetectorConfig(corpus=Path(".gpu/corpus"), model=model, device=device,
                                       batch_size=256,
                                       max_minutes=float(os.environ["DETECTOR_MINUTES"]),
                                       command=command))
print("detector head:", record["steps"], "steps")
EOF
  rm -rf "$MODEL/checkpoint" "$MODEL/detector/checkpoint"
  mkdir -p "$OUT"
  tar czf - -C "$(dirname "$MODEL")" "$(basename "$MODEL")" | split -b 15m - "$OUT/fixtext-gpu.tar.gz."
  ls -l "$OUT"
  ;;
unpack)
  FILES_AT="${2:?usage: tools/train_gpu.sh unpack FILES_AT}"
  rm -rf models/fixtext-gpu
  cat "$FILES_AT"/fixtext-gpu.tar.gz.* | tar xzf - -C models
  .venv/bin/python -m tools.calibrate_detector models/fixtext-gpu --limit "${LIMIT:-300}"
  ;;
*)
  echo "usage: tools/train_gpu.sh prepare | device | unpack FILES_AT" >&2
  exit 2
  ;;
esac
