"""Propose: the stage that gives findings better fixes. The moved-word ranker and the
corroborated reports refine other findings' fixes; the model rewrites flagged sentences
(:mod:`~fixtext.propose.model_rewrite`), licensed by the findings they repair."""
