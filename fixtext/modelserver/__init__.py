"""The resident model: one background process per model keeps torch and the weights loaded.

Importing torch and transformers and loading the weights costs several seconds, more than
checking a 1,000-word article; a pre-publish hook that pays it on every run is slow. So,
as with the LanguageTool server, the first ``check`` or ``fix`` that needs the model starts
a *model server* (:mod:`fixtext.modelserver.daemon`) and later runs reuse it:

- one server per model directory *and version* (path plus the size and mtime of its
  files, plus fixtext's serving code), so a retrained model or an upgraded fixtext gets
  a fresh server, and the older one is stopped;
- it lives in its own session, listens on a Unix socket (mode 0600) in
  ``<cache>/model/``, answers one request at a time, in the order they came, and exits
  after ``$FIXTEXT_MODEL_IDLE_S`` (default 600) seconds without one;
- requests are length-prefixed JSON (:mod:`fixtext.modelserver.wire`), each bounded in
  sentences, characters, spans and ``n_best``, answers in bytes; a client splits its
  work into such requests, so concurrent runs take turns a request at a time;
- :class:`~fixtext.modelserver.client.ResidentModel` answers like
  :class:`~fixtext.seq2seq.Seq2SeqModel`; if the server is lost mid-run it loads the model
  in-process and carries on, so a run never fails for it.

``$FIXTEXT_MODEL_SERVER=off`` loads the model in every process instead;
``fixtext model status`` and ``fixtext model stop`` show and stop the servers.
"""

from fixtext.modelserver.client import ResidentModel, servers, start, stop_all

__all__ = ["ResidentModel", "servers", "start", "stop_all"]
