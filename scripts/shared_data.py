"""The measurement scripts' ``--shared`` option: the ``../shared`` folder beside the repo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: Where ``../shared`` is when the scripts run from this checkout.
DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared"


def parse_with_shared(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Add ``--shared PATH`` to ``parser``, parse the command line, and exit with a
    one-line message when that folder is missing (nothing to measure)."""
    parser.add_argument("--shared", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if not args.shared.is_dir():
        sys.exit(f"no shared data at {args.shared}; nothing to measure")
    return args
