"""The measurement scripts' shipped model, with the threshold its detector (FT101) uses."""

from __future__ import annotations

import sys

from fixtext.detectors.model import ModelDetector
from fixtext.seq2seq import Seq2SeqModel, default_model_path


def shipped_detector() -> tuple[Seq2SeqModel, float]:
    """The shipped model and FT101's calibrated threshold for it; exits with a one-line
    message when no model is shipped (nothing to measure)."""
    path = default_model_path()
    if path is None:
        sys.exit("no shipped model")
    model = Seq2SeqModel(path)
    return model, ModelDetector(model, None).threshold
