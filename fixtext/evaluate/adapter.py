"""Run the fixtext pipeline as an evaluation ``Repair`` function.

A batch of sentences becomes one document, one sentence per paragraph, so LanguageTool
and the model see them in bulk; findings and repairs are mapped back per sentence.
"""

from __future__ import annotations

from fixtext.document import Document
from fixtext.evaluate.metrics import Span
from fixtext.evaluate.report import Repair
from fixtext.pipeline import Pipeline

SEPARATOR = "\n\n"


def pipeline_repair(pipeline: Pipeline, unsafe: bool = False) -> Repair:
    """A ``Repair``: flags are the spans of the original's findings; the text is ``fix``'s."""

    def repair(sentences: list[str]) -> list[tuple[list[Span], str]]:
        clean = [" ".join(s.split("\n")) for s in sentences]
        text = SEPARATOR.join(clean)
        result = pipeline.fix(Document(text), unsafe=unsafe)
        repaired = result.text.split(SEPARATOR)
        if len(repaired) != len(clean):  # a fix touched a separator: keep sources
            repaired = clean
        out: list[tuple[list[Span], str]] = []
        offset = 0
        for sentence, fixed in zip(clean, repaired, strict=True):
            end = offset + len(sentence)
            spans = [
                (f.start - offset, f.end - offset)
                for f in result.found
                if offset <= f.start and f.end <= end
            ]
            out.append((spans, fixed))
            offset = end + len(SEPARATOR)
        return out

    return repair
