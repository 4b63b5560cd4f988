"""Assemble pipelines from settings: rules, LanguageTool, and the model if any."""

from __future__ import annotations

import logging
from pathlib import Path

from fixtext.config import Settings
from fixtext.detect.damaged_word import CODE as DAMAGED_WORD
from fixtext.detect.damaged_word import DamagedWordDetector
from fixtext.detect.extra_word import CODE as EXTRA_WORD
from fixtext.detect.extra_word import ExtraWordDetector
from fixtext.detect.languagetool import GrammarDetector
from fixtext.detect.missing_word import CODE as MISSING_WORD
from fixtext.detect.missing_word import MissingWordDetector
from fixtext.detect.model import ModelDetector
from fixtext.detect.rules import RULES, RuleDetector
from fixtext.detect.word_choice import CODE as WORD_CHOICE
from fixtext.detect.word_choice import WordChoiceDetector
from fixtext.languagetool import LanguageToolChecker, ensure_running
from fixtext.lexicon.bigrams import BigramModel
from fixtext.lexicon.trigrams import TrigramModel
from fixtext.lexicon.wordnet import WordNet, WordNetUnavailable
from fixtext.lexicon.wordnet import load as load_wordnet
from fixtext.model import bert
from fixtext.model import client as resident_model
from fixtext.model.client import ResidentModel, ResidentScorer
from fixtext.model.masked_lm import MaskedScorer, WordScorer, head_settings
from fixtext.model.seq2seq import Seq2SeqModel
from fixtext.pipeline import Pipeline
from fixtext.policy import FixPolicy
from fixtext.propose.corroboration import CorroboratedReports
from fixtext.propose.masked_word import MaskedWordProposer
from fixtext.propose.moved_word import (
    BIGRAM_MARGIN,
    SAFE_BIGRAM_MARGIN,
    SAFE_TRIGRAM_MARGIN,
    TRIGRAM_MARGIN,
    MovedWordRanker,
)
from fixtext.protocols import Detector, Refiner
from fixtext.verify import Verifier

log = logging.getLogger(__name__)


class Engine:
    """The heavy parts, shared: one LanguageTool server, one loaded model.

    Starting it starts (or reuses) the LanguageTool server and loads the model; it raises
    ``LanguageToolUnavailable`` or ``ModelError``. :meth:`pipeline` is cheap. With
    ``resident=True`` the model is served by a model server (see
    :mod:`fixtext.model`), started meanwhile LanguageTool starts and reused by later
    runs; without one it is loaded in this process. With a model, BERT (the fluency guard;
    with WordNet, FT102) is used too where it is installed, as the ``bert`` setting says;
    it is served by the model server when there is one.
    """

    def __init__(
        self, model_path: Path | None, resident: bool = False, policy: FixPolicy | None = None
    ) -> None:
        """``policy`` decides whose verified fixes apply unasked (default: the shipped
        fix policy, :meth:`FixPolicy.shipped`)."""
        self.policy = policy or FixPolicy.shipped()
        pending = None
        if resident and model_path is not None:
            try:
                pending = resident_model.start(model_path)
            except OSError as exc:  # an unwritable cache, no fork: the model loads here
                log.warning("no model server (%s); loading the model here", exc)
        self.languagetool_url = ensure_running()
        self.model_path = model_path
        self.model: Seq2SeqModel | ResidentModel | None = None
        if pending is not None:
            self.model = pending.wait()
        if self.model is None and model_path is not None:
            self.model = Seq2SeqModel(model_path)
        self._scorer: WordScorer | None = None
        self._wordnet: WordNet | None = None
        self._missing: set[str] = set()
        self._checkers: dict[str, LanguageToolChecker] = {}
        self._pipelines: dict[Settings, Pipeline] = {}

    def checker(self, language: str) -> LanguageToolChecker:
        """The (caching) LanguageTool client for one English variant."""
        if language not in self._checkers:
            self._checkers[language] = LanguageToolChecker(self.languagetool_url, language)
        return self._checkers[language]

    def scorer(self) -> WordScorer | None:
        """BERT, through the model server when there is one; None (with a warning, once)
        when it is not installed."""
        if self._scorer is None and "bert" not in self._missing:
            try:
                self._scorer = (
                    ResidentScorer(self.model)
                    if isinstance(self.model, ResidentModel)
                    else MaskedScorer.installed()
                )
            except bert.BertUnavailable as exc:
                log.warning("FT102 and the fluency guard are off: %s", exc)
                self._missing.add("bert")
        return self._scorer

    def wordnet(self) -> WordNet | None:
        """WordNet; None (with a warning, once) when it is not installed."""
        if self._wordnet is None and "wordnet" not in self._missing:
            try:
                self._wordnet = load_wordnet()
            except WordNetUnavailable as exc:
                log.warning("FT102 is off: %s", exc)
                self._missing.add("wordnet")
        return self._wordnet

    def pipeline(self, settings: Settings) -> Pipeline:
        """The pipeline for ``settings`` (built once per distinct settings)."""
        if settings not in self._pipelines:
            checker = self.checker(settings.language)
            uses_bert = self.model is not None and settings.bert != "off"
            scorer = self.scorer() if uses_bert else None
            proposers: list[Refiner] = []
            detectors: list[Detector] = [
                RuleDetector(RULES),
                GrammarDetector(checker, settings.languagetool),
            ]
            if self.model is not None:
                detectors.append(ModelDetector(self.model, settings.model_threshold))
                wordnet = self.wordnet() if scorer and settings.word_choice else None
                head = scorer is not None and settings.word_choice and head_settings() is not None
                if settings.rule_enabled(WORD_CHOICE.code) and scorer and wordnet:
                    detectors.append(WordChoiceDetector(scorer, wordnet, assisted=head))
                if settings.rule_enabled(DAMAGED_WORD.code) and scorer and head:
                    detectors.append(DamagedWordDetector(scorer))
                    if wordnet:
                        proposers.append(MaskedWordProposer(scorer, wordnet))
                if settings.rule_enabled(MISSING_WORD.code) and scorer and head:
                    detectors.append(MissingWordDetector(scorer))
                if settings.rule_enabled(EXTRA_WORD.code) and scorer and head:
                    detectors.append(ExtraWordDetector(scorer))
            verifier = Verifier(
                checker,
                settings.protected_terms,
                settings.languagetool.is_advice,
                scorer if settings.fluency_guard else None,
            )
            bigrams = BigramModel.shipped()
            trigrams = TrigramModel.shipped()
            judges = [(trigrams, TRIGRAM_MARGIN), (bigrams, BIGRAM_MARGIN)]
            safe_judges = [(trigrams, SAFE_TRIGRAM_MARGIN), (bigrams, SAFE_BIGRAM_MARGIN)]
            refiners = [MovedWordRanker(judges, safe_judges), *proposers, CorroboratedReports()]
            self._pipelines[settings] = Pipeline(
                detectors, verifier, settings, self.model, refiners, bigrams, self.policy
            )
        return self._pipelines[settings]


def build_pipeline(settings: Settings, model_path: Path | None) -> Pipeline:
    """A pipeline of its own engine: for one-off use (the server, tests)."""
    return Engine(model_path).pipeline(settings)
