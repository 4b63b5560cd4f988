"""The model detector: calibration, thresholds, word-aligned spans (fake model)."""

from __future__ import annotations

import json
from pathlib import Path

from fixtext.detect.model import Calibration, ModelDetector
from fixtext.document import Document
from fixtext.model.seq2seq import TokenScore


class FakeModel:
    """Scores every token 0.9 except those of the word 'tank' (0.001)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def token_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        out = []
        for sentence in sentences:
            scores, pos = [], 0
            for word in sentence.split(" "):
                p = 0.001 if word.strip(".,") == "tank" else 0.9
                scores.append(TokenScore(pos, pos + len(word), p))
                pos += len(word) + 1
            out.append(scores)
        return out


def test_calibration_file_sets_threshold_and_confidence(tmp_path: Path) -> None:
    (tmp_path / "calibration.json").write_text(
        json.dumps({"threshold": 0.01, "confidence_bins": [[0.005, 0.8, 10], [0.01, 0.4, 5]]})
    )
    detector = ModelDetector(FakeModel(tmp_path), threshold=None)  # type: ignore[arg-type]
    [finding] = detector.detect(Document("Talks came in the middle tank relations."))
    assert finding.rule == "FT101"
    assert (
        Document("Talks came in the middle tank relations.").text[finding.start : finding.end]
        == "tank"
    )
    assert finding.confidence == 0.8


def test_without_calibration_the_detector_is_off_unless_configured(tmp_path: Path) -> None:
    text = Document("Talks came in the middle tank relations.")
    assert ModelDetector(FakeModel(tmp_path), None).detect(text) == []  # type: ignore[arg-type]
    [finding] = ModelDetector(FakeModel(tmp_path), 0.01).detect(text)  # type: ignore[arg-type]
    assert finding.confidence == 0.999


def test_confidence_bins() -> None:
    calibration = Calibration(0.02, (0.001, 0.02), (0.9, 0.5))
    assert calibration.confidence(0.0005) == 0.9
    assert calibration.confidence(0.01) == 0.5
    assert calibration.confidence(0.3) == 0.7  # above the last bin: 1 - p
