"""Builders of the data fixtext ships, its measurement run and its training launchers.

Run them from the repository root as modules (``.venv/bin/python -m tools.build_bigrams``)
or, for the shell scripts, by path (``tools/measure.sh``). See the README's "Tools".
"""
