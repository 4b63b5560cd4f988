"""Evaluation: load a set, run a repair function over it, report the metrics."""

from fixtext.evaluate.datasets import DatasetError, Example, load_set
from fixtext.evaluate.report import Report, evaluate

__all__ = ["DatasetError", "Example", "Report", "evaluate", "load_set"]
