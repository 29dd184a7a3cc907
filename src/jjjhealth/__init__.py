"""京津冀 health-care coordination: seeds → normalised text → facts → notebooks → report."""

__version__ = "0.1.0"
