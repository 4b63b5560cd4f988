"""How far a check of one document has got, for whoever listens: the CLI's progress bar.

The LanguageTool detector, the slowest stage, reports how many of the document's
sentences it has checked (:func:`report`) as its requests come back; a front door that
shows progress listens while it runs a pipeline (:func:`listening`). With nobody
listening a report does nothing. The listener is a context variable, so a pipeline run
in another thread (``serve``'s workers) reports to no one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: Called with (sentences checked, sentences in the document).
Listener = Callable[[int, int], None]

_listener: ContextVar[Listener | None] = ContextVar("fixtext_progress", default=None)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send the reports made inside the ``with`` block to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def report(done: int, total: int) -> None:
    """Say that ``done`` of the document's ``total`` sentences are checked."""
    listener = _listener.get()
    if listener is not None:
        listener(done, total)
