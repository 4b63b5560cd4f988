"""Assemble the pipeline from settings: rules, LanguageTool, and the model if any."""

from __future__ import annotations

from pathlib import Path

from fixtext.components import Detector
from fixtext.config import Settings
from fixtext.detectors.grammar import GrammarDetector
from fixtext.detectors.model import ModelDetector
from fixtext.languagetool import LanguageToolChecker, ensure_running
from fixtext.pipeline import Pipeline
from fixtext.rules import RULES, RuleDetector
from fixtext.seq2seq import Seq2SeqModel
from fixtext.verify import Verifier


def build_pipeline(settings: Settings, model_path: Path | None) -> Pipeline:
    """The default pipeline; starts (or reuses) the LanguageTool server.

    Raises ``LanguageToolUnavailable`` when no server can be had and ``ModelError`` when
    ``model_path`` is not a loadable seq2seq checkpoint.
    """
    checker = LanguageToolChecker(ensure_running(), language=settings.language)
    detectors: list[Detector] = [
        RuleDetector(RULES),
        GrammarDetector(checker, settings.languagetool),
    ]
    model = Seq2SeqModel(model_path) if model_path is not None else None
    if model is not None:
        detectors.append(ModelDetector(model, settings.model_threshold))
    verifier = Verifier(checker, settings.protected_terms)
    return Pipeline(detectors, verifier, settings, proposer=model)
