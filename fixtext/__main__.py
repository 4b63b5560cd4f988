"""Allow ``python -m fixtext``."""

from fixtext.cli import main

main()
