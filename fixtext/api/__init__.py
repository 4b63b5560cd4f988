"""``fixtext serve``: fixtext behind LanguageTool's HTTP API, for editors' plugins.

Endpoints (see :mod:`fixtext.api.app`): ``POST /v2/check`` and ``GET /v2/languages``
as LanguageTool serves them, so LTeX (``ltex.languageToolHttpServerUri``) and other
LanguageTool clients show fixtext's findings; ``POST /v1/fix`` and ``GET /health``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fixtext.config import Settings

DEFAULT_MAX_BODY = 1_000_000
DEFAULT_TIMEOUT_S = 60.0
#: Seconds a connection may take to send a request's headers (uvicorn has no such limit).
DEFAULT_HEADER_TIMEOUT_S = 10.0
#: Connections and requests in progress at once; past it uvicorn answers 503 at once.
DEFAULT_MAX_CONNECTIONS = 100
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
    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S,
    allowed_hosts: Iterable[str] = (),
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> None:
    """Build the pipeline (one model, one LanguageTool backend) and serve it until stopped.

    ``Host`` may name a loopback name, ``host`` itself and ``allowed_hosts`` (``*``: any).
    Raises ``LanguageToolUnavailable`` when no LanguageTool server can be had and
    ``ModelError`` when ``model_path`` cannot be loaded, before anything listens.
    """
    from dataclasses import replace

    import uvicorn

    from fixtext.api.app import create_app, header_timeout_protocol
    from fixtext.engine import Engine

    engine = Engine(model_path, resident=True)  # the resident model, shared with the CLI
    allowed = [*allowed_hosts]
    if host not in _LOOPBACK:
        allowed.append(host)
        log.warning("fixtext serve listens on %s: there is no authentication", host)
    app = create_app(
        engine.pipeline(settings),
        max_body=max_body,
        timeout_s=timeout_s,
        languagetool_url=engine.languagetool_url,
        for_language=lambda language: engine.pipeline(replace(settings, language=language)),
        allowed_hosts=allowed,
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_keep_alive=30,
        http=header_timeout_protocol(header_timeout_s),
        limit_concurrency=max_connections,
    )
    _run_saying_ready(config)


def _run_saying_ready(config: Any) -> None:
    """Run uvicorn's server on ``config``, saying in one line on stderr when it accepts
    requests (a script or a CMS can wait for that line)."""
    import uvicorn

    class ReadyServer(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                host = f"[{config.host}]" if ":" in config.host else config.host
                sys.stderr.write(f"fixtext serve: ready on http://{host}:{config.port}/\n")
                sys.stderr.flush()

    ReadyServer(config).run()


__all__ = [
    "DEFAULT_HEADER_TIMEOUT_S",
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_TIMEOUT_S",
    "serve",
]
