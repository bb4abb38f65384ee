"""netweave: keep professional networks alive."""

__version__ = "0.1.0"
