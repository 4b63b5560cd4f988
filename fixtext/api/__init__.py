"""``fixtext serve``: fixtext behind LanguageTool's HTTP API, for editors' plugins.

Endpoints (see :mod:`fixtext.api.app`): ``POST /v2/check`` and ``GET /v2/languages``
as LanguageTool serves them, so LTeX (``ltex.languageToolHttpServerUri``) and other
LanguageTool clients show fixtext's findings; ``POST /v1/fix`` and ``GET /health``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fixtext.config import Settings

DEFAULT_MAX_BODY = 1_000_000
DEFAULT_TIMEOUT_S = 60.0
_LOOPBACK = ("127.0.0.1", "localhost", "::1")

log = logging.getLogger(__name__)


def serve(
    host: str,
    port: int,
    model_path: Path | None,
    settings: Settings,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> None:
    """Build the pipeline (one model, one LanguageTool backend) and serve it until stopped.

    Raises ``LanguageToolUnavailable`` when no LanguageTool server can be had and
    ``ModelError`` when ``model_path`` cannot be loaded, before anything listens.
    """
    from dataclasses import replace

    import uvicorn

    from fixtext.api.app import create_app
    from fixtext.engine import Engine

    engine = Engine(model_path)
    app = create_app(
        engine.pipeline(settings),
        max_body=max_body,
        timeout_s=timeout_s,
        model_path=None if model_path is None else str(model_path),
        languagetool_url=engine.languagetool_url,
        for_language=lambda language: engine.pipeline(replace(settings, language=language)),
    )
    if host not in _LOOPBACK:
        log.warning("fixtext serve listens on %s: there is no authentication", host)
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=30)


__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_TIMEOUT_S", "serve"]
