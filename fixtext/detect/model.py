"""The model as a detector: words it would not have written become findings.

Each sentence is scored by :meth:`Seq2SeqModel.token_scores` (for fixtext's span model,
every word by its P(``<keep>``) and its detector head's P(fine); for another model, every
token under forced decoding). Adjacent improbable tokens are merged into one word-aligned
span, so garble no rule knows still gets flagged.

The threshold and the confidence come from the model's ``calibration.json`` (written by
``python -m tools.calibrate_detector``): the threshold keeps the flag rate on clean text under
a target, and the confidence of a flag is the measured share of flags in its probability
bin that were real damage. Without a calibration file the detector is off unless the
``model-threshold`` setting gives a threshold (then confidence is ``1 - p``).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, replace
from pathlib import Path

from fixtext.codes import Code, Example, Rewrites
from fixtext.document import Document
from fixtext.findings import Finding, Source
from fixtext.model.client import ResidentModel
from fixtext.model.seq2seq import Seq2SeqModel

CALIBRATION_FILE = "calibration.json"

CODE = Code(
    code="FT101",
    name="improbable-wording",
    summary="The model would not have written these words.",
    issue_type="uncategorized",
    rewrites=Rewrites.NONE,
    fires=(Example("Rain fell all week in the long dry periodTemperatures stayed low."),),
    silent=("Farmers in the valley said the harvest was the worst in a decade.",),
    doc=__doc__,
)


@dataclass(frozen=True)
class Calibration:
    """A threshold and, per probability bin (upper edge), the measured precision."""

    threshold: float
    bin_edges: tuple[float, ...] = ()
    precisions: tuple[float, ...] = ()

    @classmethod
    def load(cls, model_dir: Path) -> Calibration | None:
        """The model's calibration, or None when it has none."""
        path = Path(model_dir) / CALIBRATION_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        bins = data.get("confidence_bins", [])
        return cls(
            float(data["threshold"]),
            tuple(float(b[0]) for b in bins),
            tuple(float(b[1]) for b in bins),
        )

    def confidence(self, probability: float) -> float:
        """Calibrated confidence that a token of this probability is damage."""
        index = bisect.bisect_right(self.bin_edges, probability)
        if index < len(self.precisions):
            return self.precisions[index]
        return round(1.0 - probability, 3)


class ModelDetector:
    """Flags spans whose tokens the model finds improbable as a copy of the sentence."""

    name = "model"

    def __init__(self, model: Seq2SeqModel | ResidentModel, threshold: float | None) -> None:
        self.model = model
        calibration = Calibration.load(model.path) or Calibration(0.0)
        if threshold is not None:  # an explicit setting wins over the calibration
            calibration = replace(calibration, threshold=threshold)
        self.calibration = calibration
        self.threshold = calibration.threshold

    def detect(self, doc: Document) -> list[Finding]:
        """Return one finding per run of improbable tokens, widened to whole words."""
        sentences = doc.sentences
        findings: list[Finding] = []
        if self.threshold <= 0.0 or not sentences:
            return findings
        for sentence, scores in zip(
            sentences, self.model.token_scores([s.text for s in sentences]), strict=True
        ):
            runs: list[list[int | float]] = []  # [start, end, lowest probability]
            for score in scores:
                if score.probability >= self.threshold:
                    continue
                if runs and score.start - runs[-1][1] <= 1:
                    runs[-1][1] = score.end
                    runs[-1][2] = min(runs[-1][2], score.probability)
                else:
                    runs.append([score.start, score.end, score.probability])
            for start, end, probability in runs:
                s, e = _widen(sentence.text, int(start), int(end))
                findings.append(
                    Finding(
                        rule=CODE.code,
                        message=f"improbable wording: {sentence.text[s:e]!r}",
                        start=sentence.start + s,
                        end=sentence.start + e,
                        confidence=self.calibration.confidence(float(probability)),
                        source=Source.MODEL,
                    )
                )
        return findings


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to whole words, never past white space; drop leading white space."""
    while start < end and text[start].isspace():
        start += 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
