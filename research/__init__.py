"""One-off measurement probes behind constants and decisions in fixtext; see README.md.

Run them from the repository root as modules: ``.venv/bin/python -m research.rule_margin``.
"""
