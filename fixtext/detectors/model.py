"""The model as a detector: words it would not have written become findings.

Each sentence is scored by forced decoding (see :meth:`Seq2SeqModel.token_scores`).
Adjacent improbable tokens are merged into one word-aligned span; the finding's
confidence is ``1 - p`` of its least probable token, so garble no rule knows still gets
flagged, and the threshold is a setting (``model-threshold``).
"""

from __future__ import annotations

from fixtext.document import Document
from fixtext.findings import Finding, Source
from fixtext.seq2seq import Seq2SeqModel

RULE = "FT101"


class ModelDetector:
    """Flags spans whose tokens the model finds improbable as a copy of the sentence."""

    name = "model"

    def __init__(self, model: Seq2SeqModel, threshold: float) -> None:
        self.model = model
        self.threshold = threshold

    def detect(self, doc: Document) -> list[Finding]:
        """Return one finding per run of improbable tokens, widened to whole words."""
        sentences = doc.sentences
        findings: list[Finding] = []
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
                        rule=RULE,
                        message=f"improbable wording: {sentence.text[s:e]!r}",
                        start=sentence.start + s,
                        end=sentence.start + e,
                        confidence=round(1.0 - float(probability), 3),
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
