#!/usr/bin/env bash
# Train models/fixtext-small on CPU (resume-able), logging to /tmp/train.log.
# Usage: [TRAIN_ARGS="lr=1.5e-3, ..."] tools/train_small.sh [MAX_MINUTES] [--resume]
# TRAIN_ARGS holds extra TrainConfig keyword arguments, as Python source; SHARED (default
# ../shared) is the data folder whose corpus/ it trains on.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-105}"
RESUME=False
[[ "${2:-}" == "--resume" ]] && RESUME=True
EXTRA="${TRAIN_ARGS:-}"
SHARED="${SHARED:-../shared}"
COMMAND="${EXTRA:+TRAIN_ARGS=\"$EXTRA\" }tools/train_small.sh ${MINUTES}${2:+ $2}"
nohup .venv/bin/python -c "
from pathlib import Path
from fixtext.training.train import TrainConfig, train
train(TrainConfig(corpus=Path('${SHARED}/corpus'), out=Path('models/fixtext-small'),
                  max_minutes=${MINUTES}, resume=${RESUME}, command='''${COMMAND}''', ${EXTRA}))
" >>/tmp/train.log 2>&1 &
echo "training pid $!, log /tmp/train.log"
