"""fixtext: find and repair garbled machine-translated English."""

__version__ = "0.1.0"
