"""BERT in the model server: the shapes and limits of its requests (:func:`bert_problem`),
its answers (:func:`bert_answer`), and the client (:class:`ResidentScorer`), which splits
its work to fit and distrusts every answer: one of the wrong shape makes it score in
this process instead. A fake scorer stands in for BERT; the real one runs in
``tests/integration/test_word_choice.py``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from fixtext.model import bert, client, daemon
from fixtext.model.client import ResidentModel, ResidentScorer
from fixtext.model.daemon import bert_answer, bert_problem
from fixtext.model.masked_lm import TOP_FILLS, UNSCORED, Proposal, Query
from fixtext.model.wire import (
    MAX_CANDIDATES,
    MAX_REQUEST_CHARS,
    MAX_REQUEST_QUERIES,
    MAX_REQUEST_SENTENCES,
    MAX_WORD_CHARS,
    MAX_WORDS,
)


class FakeScorer:
    """Scores every candidate by its length and every word by minus its length; like
    BERT, no scores for a sentence without candidates."""

    def word_log_probs(
        self, sentences: Sequence[Sequence[str]], candidates: Sequence[Sequence[Sequence[str]]]
    ) -> list[list[tuple[float, list[float]]]]:
        return [
            [(-float(len(w)), [float(len(c)) for c in cs]) for w, cs in zip(s, c_s, strict=True)]
            if any(c_s)
            else []
            for s, c_s in zip(sentences, candidates, strict=True)
        ]

    def gains(self, queries: Sequence[Query]) -> list[list[float]]:
        """A candidate's length, and 100 more for each word past the first it replaces."""
        return [[float(len(c) + 100 * (q.width - 1)) for c in q.candidates] for q in queries]

    def fill(self, queries: Sequence[Query]) -> list[list[float]]:
        return [[-float(len(c)) for c in q.candidates] for q in queries]

    def proposals(self, queries: Sequence[Query]) -> list[list[Proposal]]:
        """The candidates as :meth:`gains` scores them, then "cow" of BERT's own."""
        return [
            [Proposal(c, float(len(c)), 0.5) for c in q.candidates if c != "cow"]
            + [Proposal("cow", 1.0, -0.25)]
            for q in queries
        ]

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        return [float(len(b) - len(a)) for a, b in pairs]

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]:
        return [[1.0 / len(w) for w in words] for words in sentences]


GOOD = [
    {"op": "word_log_probs", "sentences": [["a", "cat"]], "candidates": [[[], ["dog"]]]},
    {"op": "gains", "queries": [[["a", "cat"], 1, ["dog", "cow"]]]},
    {"op": "gains", "queries": [[["a", "black", "cat"], 1, ["dog"], 2]]},  # two words as one
    {"op": "fill", "queries": [[["a", "the", "cat"], 1, ["big", "of"]]]},
    {"op": "proposals", "queries": [[["a", "cat"], 1, ["dog"]], [["a", "cat"], 1, []]]},
    {"op": "context_change", "pairs": [["a cat", "a dog"]]},
    {"op": "damage", "sentences": [["a", "cat"], []]},
]
BAD = [
    {"op": "word_log_probs", "sentences": "a cat", "candidates": []},
    {"op": "word_log_probs", "sentences": [["a", "cat"]], "candidates": [[["dog"]]]},
    {"op": "word_log_probs", "sentences": [["a"]], "candidates": [[["x"] * (MAX_CANDIDATES + 1)]]},
    {"op": "gains", "queries": [[["a", "cat"], 2, ["dog"]]]},  # index past the words
    {"op": "gains", "queries": [[["a", "cat"], True, ["dog"]]]},
    {"op": "gains", "queries": [[["a", "cat"], 1, ["dog"], 2]]},  # the second word past the end
    {"op": "gains", "queries": [[["a", "b", "cat"], 0, ["dog"], 3]]},  # wider than MAX_WIDTH
    {"op": "gains", "queries": [[["a", "cat"], 0, ["dog"], 0]]},
    {"op": "gains", "queries": [[["a", "cat"], 0, ["dog"], True]]},
    {"op": "gains", "queries": [[["a", "cat"], 1, []]]},
    {"op": "proposals", "queries": [[["a", "cat"], 2, []]]},
    {"op": "proposals", "queries": [[["a", "black", "cat"], 1, [], 2]]},  # one word only
    {"op": "proposals", "queries": [[["a", "cat"], 1, ["dog"] * (MAX_CANDIDATES + 1)]]},
    {"op": "gains", "queries": [[["a"], 0, ["b"]]] * (MAX_REQUEST_QUERIES + 1)},
    {"op": "gains", "queries": [[["x" * (MAX_REQUEST_CHARS + 1)], 0, ["b"]]]},
    {"op": "gains", "queries": [[["a", "a,a " * 30], 1, ["b"]]]},  # white space in a word
    {"op": "gains", "queries": [[["a", "x" * (MAX_WORD_CHARS + 1)], 1, ["b"]]]},
    {"op": "gains", "queries": [[["a", ""], 0, ["b"]]]},  # an empty word
    {"op": "fill", "queries": [[["a", "cat"], 2, ["dog"]]]},
    {"op": "fill", "queries": [[["a"], 0, ["b"]]] * (MAX_REQUEST_QUERIES + 1)},
    {
        "op": "word_log_probs",
        "sentences": [["a"] * (MAX_WORDS + 1)],
        "candidates": [[[]] * (MAX_WORDS + 1)],
    },
    {"op": "context_change", "pairs": [["a cat"]]},
    {"op": "context_change", "pairs": [["a", 3]]},
    {"op": "damage", "sentences": ["a cat"]},
    {"op": "damage", "sentences": [["a", 3]]},
    {"op": "damage", "sentences": [["a"]] * (MAX_REQUEST_SENTENCES + 1)},
    {"op": "damage", "sentences": [["a"] * (MAX_WORDS + 1)]},
]


@pytest.mark.parametrize("request_", GOOD)
def test_well_formed_requests_are_answered(
    request_: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bert_problem(request_) == ""
    monkeypatch.setattr(daemon, "_scorer", FakeScorer())
    answer = bert_answer(request_)
    assert answer["ok"], answer


@pytest.mark.parametrize("request_", BAD)
def test_malformed_or_oversized_requests_are_refused(
    request_: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(daemon, "_scorer", FakeScorer())
    assert bert_problem(request_)
    answer = bert_answer(request_)
    assert not answer["ok"] and answer["error"].startswith(f"bad {request_['op']} request")


def test_without_bert_installed_the_answer_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise bert.BertUnavailable("BERT is not installed")

    monkeypatch.setattr(daemon, "_scorer", None)
    monkeypatch.setattr(daemon.MaskedScorer, "installed", staticmethod(missing))
    answer = bert_answer(GOOD[1])
    assert not answer["ok"] and "BertUnavailable" in answer["error"]


class FakeServer(ResidentModel):
    """A resident model whose requests the fake scorer answers (through ``bert_answer``),
    or, with ``broken``, answered with something of the wrong shape."""

    def __init__(self, broken: Any = None) -> None:
        super().__init__(Path("model"), Path("socket"))
        self.broken = broken
        self.requests: list[dict[str, Any]] = []

    def _request(self, message: dict[str, Any]) -> Any:
        self.requests.append(message)
        if self.broken is not None:
            return self.broken
        return bert_answer(message)["result"]


@pytest.fixture
def scorer_of(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(daemon, "_scorer", FakeScorer())
    monkeypatch.setattr(bert, "vocabulary", lambda: frozenset({"dog", "cow", "cat", "ox", *MANY}))
    monkeypatch.setattr(client.MaskedScorer, "installed", staticmethod(FakeScorer))
    return lambda server: ResidentScorer(server)


def test_the_client_answers_like_the_scorer_and_splits_its_work(scorer_of: Any) -> None:
    server = FakeServer()
    resident = scorer_of(server)
    assert resident.single_piece("dog") and not resident.single_piece("bird")
    queries = [Query(("a", "cat"), 1, ("dog", "cow"))] * (MAX_REQUEST_QUERIES + 5)
    assert resident.gains(queries) == FakeScorer().gains(queries)
    assert [len(r["queries"]) for r in server.requests] == [MAX_REQUEST_QUERIES, 5]
    assert resident.fill(queries) == FakeScorer().fill(queries)
    assert [r["op"] for r in server.requests[2:]] == ["fill", "fill"]
    sentences, candidates = [("a", "cat"), ("no", "candidates")], [[(), ("dog",)], [(), ()]]
    assert resident.word_log_probs(sentences, candidates) == FakeScorer().word_log_probs(
        sentences, candidates
    )
    pairs = [("a cat", "a dog"), ("a", "ab")]
    assert resident.context_change(pairs) == [0.0, 1.0]
    many = [("a", "cat")] * (MAX_REQUEST_SENTENCES + 1)
    assert resident.damage(many) == FakeScorer().damage(many)
    assert [len(r["sentences"]) for r in server.requests if r["op"] == "damage"] == [
        MAX_REQUEST_SENTENCES,
        1,
    ]


@pytest.mark.parametrize(
    "broken", [[[0.5]], [[0.5, 1.5]], [[0.5, -0.1]], [[0.5, float("nan")]], [["x", 0.5]], {}]
)
def test_a_damage_answer_out_of_shape_or_range_means_scoring_here(
    scorer_of: Any, broken: Any
) -> None:
    server = FakeServer(broken)
    resident = scorer_of(server)
    assert resident.damage([("a", "cat")]) == [[1.0, 1 / 3]]
    assert len(server.requests) == 1


def test_a_query_of_two_words_reaches_the_server_as_two(scorer_of: Any) -> None:
    server = FakeServer()
    resident = scorer_of(server)
    queries = [Query(("a", "black", "cat"), 1, ("dog",), width=2)]
    assert resident.gains(queries) == [[103.0]]  # scored as two words, not as "black"
    assert server.requests[0]["queries"] == [[["a", "black", "cat"], 1, ["dog"], 2]]


def test_proposals_of_two_words_are_never_asked(scorer_of: Any) -> None:
    server = FakeServer()
    with pytest.raises(ValueError, match="width must be 1"):
        scorer_of(server).proposals([Query(("a", "black", "cat"), 1, (), width=2)])
    assert server.requests == []


def test_proposals_come_back_as_the_scorer_gives_them(scorer_of: Any) -> None:
    server = FakeServer()
    resident = scorer_of(server)
    queries = [Query(("a", "cat"), 1, ("dog",)), Query(("a", "cat"), 1, ())]
    assert resident.proposals(queries) == FakeScorer().proposals(queries)
    assert [r["op"] for r in server.requests] == ["proposals"]


def test_a_full_proposals_answer_is_trusted_and_its_similarities_clamped(scorer_of: Any) -> None:
    offers = [[w, 1.0, 0.0] for w in MANY[:TOP_FILLS]]
    server = FakeServer([[["dog", 3.0, 1.00001], *offers]])
    (proposals,) = scorer_of(server).proposals([Query(("a", "cat"), 1, ("dog",))])
    assert proposals[0] == Proposal("dog", 3.0, 1.0) and len(proposals) == 1 + TOP_FILLS


#: Words of the fake vocabulary BERT may offer: more than TOP_FILLS.
MANY = tuple(f"w{a}{b}" for a in "abc" for b in "abcdefghijklmnopqrstuvwxyz")


@pytest.mark.parametrize(
    "broken",
    [
        [[["dog", 3.0, 0.5]]],  # one query's answer for two
        [[["dog", 3.0, 0.5], ["cat", 3.0, 0.5]], []],  # the query's own word
        [[["dog", 3.0, 0.5], ["dog", 2.0, 0.5]], []],  # a word twice
        [[["dog", 3.0, 0.5], ["bird", 3.0, 0.5]], []],  # not a candidate, not in the vocabulary
        [[["dog", 3.0, 0.5], ["ox", 3.0, 0.5]], []],  # in the vocabulary, too short to offer
        [[["cow", 3.0, 0.5]], []],  # the candidate "dog" left out
        [[["dog", 3.0, 1.5]], []],  # a similarity past 1
        [[["dog", float("nan"), 0.5]], []],
        [[["dog", 3.0]], []],
        [[[3, 3.0, 0.5]], []],
        [[["dog", 3.0, 0.5], *([w, 1.0, 0.0] for w in MANY[: TOP_FILLS + 1])], []],  # too many
    ],
)
def test_a_proposals_answer_out_of_shape_means_scoring_here(scorer_of: Any, broken: Any) -> None:
    server = FakeServer(broken)
    resident = scorer_of(server)
    queries = [Query(("a", "cat"), 1, ("dog",)), Query(("a", "cat"), 1, ())]
    assert resident.proposals(queries) == FakeScorer().proposals(queries)
    assert len(server.requests) == 1


def test_candidates_past_the_limit_come_back_unscored(scorer_of: Any) -> None:
    resident = scorer_of(FakeServer())
    many = tuple(f"w{n}" for n in range(MAX_CANDIDATES + 2))
    (gains,) = resident.gains([Query(("a", "cat"), 1, many)])
    assert gains[-2:] == [UNSCORED, UNSCORED] and gains[0] == 2.0


@pytest.mark.parametrize(
    "broken",
    [
        {"x": 1},
        [[1.0]],
        [["a", "b"]],
        "gains",
        [None],
        [[float("nan"), 1.0]],
        [[float("inf"), 1.0]],
        [[10**400, 1.0]],
        [[True, 1.0]],
    ],
)
def test_an_answer_of_the_wrong_shape_means_scoring_here(scorer_of: Any, broken: Any) -> None:
    server = FakeServer(broken)
    resident = scorer_of(server)
    queries = [Query(("a", "cat"), 1, ("dog", "cow"))]
    assert resident.gains(queries) == FakeScorer().gains(queries)
    assert resident.gains(queries) == FakeScorer().gains(queries)
    assert len(server.requests) == 1  # the server is not asked again


def test_an_answer_without_a_result_is_a_server_error(tmp_path: Path) -> None:
    """``{"ok": true}`` alone: :func:`client._request` says so (the scorer then scores here)."""
    import socket
    import threading

    from fixtext.model.wire import receive, send

    path = tmp_path / "s.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def serve_once() -> None:
        connection, _ = listener.accept()
        with connection:
            receive(connection)
            send(connection, {"ok": True})

    thread = threading.Thread(target=serve_once)
    thread.start()
    with pytest.raises(client.ServerError, match="without a result"):
        client._request(path, {"op": "gains", "queries": []}, 5.0)
    thread.join()
    listener.close()


def test_no_bert_to_fall_back_on_is_a_model_error(
    scorer_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise bert.BertUnavailable("BERT is not installed")

    monkeypatch.setattr(client.MaskedScorer, "installed", staticmethod(missing))
    resident = scorer_of(FakeServer(broken="garbage"))
    with pytest.raises(client.ModelError, match="not installed"):
        resident.gains([Query(("a", "cat"), 1, ("dog",))])


def test_words_over_the_limits_are_not_sent(scorer_of: Any) -> None:
    server = FakeServer()
    resident = scorer_of(server)
    long_word = "x" * (MAX_WORD_CHARS + 1)
    (gains,) = resident.gains([Query(("a", long_word), 0, ("dog",))])
    assert gains == [UNSCORED] and server.requests == []
    assert resident.word_log_probs([("a", long_word)], [[("dog",), ()]]) == [[]]
    assert resident.damage([("a", long_word)]) == [[]] and server.requests == []
