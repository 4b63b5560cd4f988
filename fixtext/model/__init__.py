"""The seq2seq model: the model itself (:mod:`~fixtext.model.seq2seq`), its span task
(:mod:`~fixtext.model.spantask`), and the resident model process that keeps it loaded
(:mod:`~fixtext.model.daemon`, its client :mod:`~fixtext.model.client`, their
:mod:`~fixtext.model.wire` format)."""
