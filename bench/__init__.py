"""Benchmarks: run as modules (``python -m bench.load``); not part of ``make test``."""
